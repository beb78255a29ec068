"""Synthetic scraped articles, for scale tests and benchmarks.

Recombines varied Arabic news sentences with gazetteer names, outlets,
dates in the formats sites print, and the junk real pages carry (widgets,
captions, read-also lines, keyword lines). Deterministic for a given seed.

    python bench/corpus.py OUT_DIR --count 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.data import load_data  # noqa: E402
from generator.enrich.gazetteer import gazetteer  # noqa: E402

MONTHS_EG = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

HEADLINES = [
    "{p1} يبحث مع {p2} تطورات الأوضاع في {place}",
    "{state} تدعو إلى استئناف المفاوضات بشأن {place}",
    "{p1}: لا بديل عن الحوار لحل الأزمة في {place}",
    "محادثات بين {p1} و{p2} حول ترسيم الحدود",
    "{org} تعرب عن قلقها إزاء التصعيد في {place}",
    "{p1} يصل إلى {city} في زيارة رسمية تستغرق يومين",
]
SENTENCES = [
    "قال {p1} إن «الحوار المباشر هو السبيل الوحيد لتجاوز الخلافات القائمة بين الأطراف».",
    "وأضاف {p1s} أن بلاده مستعدة لتقديم كل الدعم اللازم لإنجاح المسار التفاوضي في {place}.",
    "وأكد {p2} خلال مؤتمر صحفي في {city} أن الجولة المقبلة من المحادثات ستعقد خلال الأسابيع القادمة.",
    "وتشهد العلاقات بين {state} و{state2} توترا متزايدا منذ أشهر بسبب الخلاف حول {place}.",
    "وأعلنت {org} في بيان أنها تتابع عن كثب التطورات الميدانية وتدعو إلى ضبط النفس.",
    "وكان {p2s} قد التقى نظيره في {city} الشهر الماضي، وبحث الجانبان سبل تعزيز التعاون الثنائي.",
    "ويرى مراقبون أن الاتفاق المرتقب قد يفتح الباب أمام تطبيع شامل للعلاقات في المنطقة.",
    "وشدد {p1s} على ضرورة احترام الاتفاقات الموقعة سابقا، مشيرا إلى أن أي خرق لها سيقابل بالرد المناسب.",
    "من جهته، قال {p2s}: «نحن ملتزمون بالسلام، لكننا لن نتنازل عن حقوقنا المشروعة».",
    "وتأتي هذه التصريحات بعد أيام من اشتباكات حدودية أسفرت عن سقوط قتلى وجرحى من الجانبين.",
    "ودعت {state} المجتمع الدولي إلى القيام بدوره في دعم جهود الوساطة الجارية.",
    "وأشار البيان إلى أن الطرفين اتفقا على تشكيل لجنة مشتركة لمتابعة تنفيذ التفاهمات.",
]
JUNK = [
    "تابعنا على تويتر", "شارك عبر واتساب", "مدة القراءة: 3 دقائق", "loader", "Поделиться",
    "عدد المشاهدات: {n}", "التعليقات ({n})", "اشترك في النشرة البريدية",
]


def _date_line(d: dt.date, rnd: random.Random) -> str:
    forms = [
        lambda: f"تاريخ النشر: {d.day} {MONTHS_EG[d.month - 1]} {d.year}",
        lambda: f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS_LEV[d.month - 1]} {d.year} - {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d} بتوقيت غرينتش",
        lambda: f"{d.day:02d}.{d.month:02d}.{d.year}",
        lambda: f"نشر في: {d.isoformat()} {rnd.randint(1, 12)}:{rnd.randint(0, 59):02d} م",
        lambda: f"آخر تحديث: {d.day}/{d.month}/{d.year}",
    ]
    return rnd.choice(forms)()


def make_article(i: int, rnd: random.Random, pools: dict) -> str:
    persons, states, orgs, places, cities, outlets = (pools[k] for k in ("persons", "states", "orgs", "places", "cities", "outlets"))
    p1, p2 = rnd.sample(persons, 2)
    s1, s2 = rnd.sample(states, 2)
    fill = {
        "p1": p1.name_ar, "p2": p2.name_ar,
        "p1s": (p1.variants_ar or (p1.name_ar,))[0], "p2s": (p2.variants_ar or (p2.name_ar,))[0],
        "state": s1.name_ar, "state2": s2.name_ar, "org": rnd.choice(orgs).name_ar,
        "place": rnd.choice(places).name_ar, "city": rnd.choice(cities).name_ar, "n": rnd.randint(0, 999),
    }
    day = dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randint(0, 4 * 365))
    outlet = rnd.choice(outlets)
    lines = []
    if rnd.random() < 0.3:
        lines.append(rnd.choice(["عاجل", "بالفيديو.."]))
    lines.append(rnd.choice(HEADLINES).format(**fill) + f" ({i})")
    if rnd.random() < 0.9:
        lines.append(_date_line(day, rnd))
    lines.append(rnd.choice([outlet["name_ar"], f"المصدر: {outlet['name_ar']}"]))
    body = rnd.sample(SENTENCES, rnd.randint(4, 8))
    for s in body:
        lines.append(s.format(**fill))
        if rnd.random() < 0.2:
            lines.append(rnd.choice(JUNK).format(**fill))
    if rnd.random() < 0.3:
        lines.append("اقرأ أيضا: " + rnd.choice(HEADLINES).format(**fill))
    if rnd.random() < 0.5:
        lines.append(f"كلمات دلالية: {s1.name_ar}، {fill['place']}، {p1.name_ar}")
    return "\n".join(lines) + "\n"


def pools() -> dict:
    gaz = gazetteer()
    actors = sorted(gaz.actors.values(), key=lambda a: a.id)
    places = sorted(gaz.places.values(), key=lambda p: p.id)
    return {
        "persons": [a for a in actors if a.type == "person"],
        "states": [a for a in actors if a.type == "state"],
        "orgs": [a for a in actors if a.type == "organization"],
        "places": [p for p in places if p.kind in ("region", "corridor", "district", "border")],
        "cities": [p for p in places if p.kind == "city"],
        "outlets": load_data("outlets")["outlets"],
    }


def write_corpus(out: Path, count: int, seed: int = 7) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    p = pools()
    paths = []
    for i in range(count):
        path = out / f"synthetic_{i:05d}.txt"
        path.write_text(make_article(i, rnd, p), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    write_corpus(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()

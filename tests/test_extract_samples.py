"""The five sample articles: the fields an editor checks first."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from generator.extract import extract
from generator.ingest import read_article

SEEDS = ROOT / "seeds"


def record(stem: str) -> dict:
    return extract(read_article(SEEDS / f"{stem}.txt", f"seeds/{stem}.txt")).to_dict()


@pytest.mark.parametrize(
    "stem, title, kicker, date, time, tz, weekday, source",
    [
        ("000_0c354cb52bb2b83e", "الخارجية الروسية تؤكد فشل محاولات باريس إحداث شرخ في علاقات موسكو مع باكو ويريفان",
         None, None, None, None, "Thursday", "sputnik"),
        ("001_33f9a58888d4f58e", 'الخارجية الروسية لـ"سبوتنيك": الغرب يدعو لزيادة التوتر جنوبي القوقاز وضمان السلام أولوية سياستنا',
         None, "2022-04-25", None, None, None, "sputnik"),
        ("002_8e5f498fc9c05559", "بوتين يدعو رئيس أذربيجان ورئيس وزراء أرمينيا للقاء في موسكو وباكو يتهم ماكرون بالتحيز تجاه يريفان",
         None, None, None, None, "Friday", None),
        ("003_33a46d52206eb315", "لافروف: موسكو مستعدة لنشر قوات على الحدود بين أرمينيا وأذربيجان",
         "بالفيديو", "2023-01-19", "07:29", "GMT", None, "alalam"),
        ("004_c61355213998c85b", "الكرملين: نرفض الانتقادات الموجهة إلى قوة حفظ السلام في كاراباخ",
         None, "2023-09-25", None, "GMT", None, "elaosboa"),
    ],
)
def test_metadata(stem, title, kicker, date, time, tz, weekday, source):
    r = record(stem)
    assert r["id"] == stem
    assert (r["title"], r["kicker"]) == (title, kicker)
    assert (r["date"], r["time"], r["timezone"], r["weekday"]) == (date, time, tz, weekday)
    assert (r["source"] or {}).get("id") == source


def test_every_line_is_either_body_or_removed_with_a_reason():
    for path in sorted(SEEDS.glob("*.txt")):
        r = record(path.stem)
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        kept = [b["text"] for b in r["body"]] + [x["line"] for x in r["removed"]]
        assert sorted(" ".join(x.split()) for x in lines) == sorted(kept), path.name
        assert all(x["reason"] for x in r["removed"])


@pytest.mark.parametrize(
    "stem, junk",
    [
        ("000_0c354cb52bb2b83e", ["Sputnik", "مناقشة", "علييف يشير لماكرون"]),
        ("001_33f9a58888d4f58e", ["©", "تابعنا", "loader", "Заголовок", "للمشاركة", "شريط الأخبار", "1920"]),
        ("002_8e5f498fc9c05559", ["اقرأ ايضا", "الحجاب"]),
        ("003_33a46d52206eb315", ["بالفيديو", "بتوقيت غرينتش", "العالم- روسيا"]),
        ("004_c61355213998c85b", ["اقرأ أيضاً", "كلمات دلالية", "المصدر", "ماكرون", "زيلينسكي", "قمة باريس"]),
    ],
)
def test_junk_and_appended_articles_leave_the_body(stem, junk):
    body = " ".join(b["text"] for b in record(stem)["body"])
    for j in junk:
        assert j not in body, j


def test_subheading_is_kept_as_heading():
    blocks = record("002_8e5f498fc9c05559")["body"]
    assert {"type": "heading", "text": "دعوة للحوار"} in blocks


def test_extract_command_prints_json_lines_and_flags_skips(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = subprocess.run(
        [sys.executable, "-m", "generator", "extract", "--json", *map(str, sorted(SEEDS.glob("*.txt"))), str(empty)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert out.returncode == 1  # something was skipped
    assert "empty.txt: empty file" in out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in records] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert {"path", "id", "title", "date", "source", "body"} <= set(records[0])


GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_golden_record(path):
    """The whole record of each sample, reviewed by hand (tests/golden)."""
    from generator.ingest import read_all
    from generator.models import BuildReport
    from generator.pipeline import extract_all

    raws, _ = read_all([path], ROOT)
    (article,) = extract_all(raws, BuildReport())
    expected = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert article.to_dict() == expected

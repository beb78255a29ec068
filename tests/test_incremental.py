"""Incremental rebuilds (generator/incremental.py), as `mkdocs serve` runs
them: after each kind of edit, docs/ must be byte for byte what a full
generation from the same seeds writes, and small edits must take the quick
way (only the pages they change are rendered)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, append_body, copy_project
from generator.incremental import Session, wait_saved
from generator.pipeline import Project, generate
from generator.render import Settings

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

NEUTRAL = "وأضاف التقرير أن الاجتماع المقبل سيعقد في موعد يحدد لاحقا."
SAMPLE = "003_33a46d52206eb315"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    write_corpus(folder, 24, seed=5)
    return folder


@pytest.fixture
def served(tmp_path, seeds):
    """A project and a session that has generated it once (full)."""
    project = Project(copy_project(tmp_path / "served", seeds=seeds))
    session = Session()
    session.generate(project, Settings())
    assert session.last_mode == "full"
    return project, session


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_full(project: Project, tmp_path: Path) -> None:
    """docs/ equals a full generation from the same seeds in a fresh copy."""
    reference = Project(copy_project(tmp_path / "reference", seeds=project.seeds))
    generate(reference, Settings())
    mine, full = tree(project.docs), tree(reference.docs)
    assert sorted(mine) == sorted(full)
    differ = [p for p in full if mine[p] != full[p]]
    if differ:  # the records tell most about what went wrong
        import difflib

        first = next((p for p in differ if p.endswith("articles.jsonl")), differ[0])
        lines = difflib.unified_diff(full[first].decode().splitlines(True), mine[first].decode().splitlines(True),
                                     "full generation", "rebuild")
        print(f"{first}:\n" + "".join(list(lines)[:40]))
    assert not differ, f"pages differ from a full generation: {differ[:10]}"


def synthetic(project: Project, n: int) -> Path:
    return sorted(project.seeds.glob("synthetic_*.txt"))[n]


def test_nothing_changed_writes_nothing(served):
    project, session = served
    _, report = session.generate(project, Settings())
    assert session.last_mode == "unchanged"
    assert report.written == [] and report.deleted == []
    assert report.built  # the report still describes the site


def test_a_body_edit_renders_only_its_pages(served, tmp_path):
    project, session = served
    seed = synthetic(project, 3)
    append_body(seed, NEUTRAL)
    articles, report = session.generate(project, Settings())
    assert session.last_mode == "incremental"
    edited = next(a for a in articles if a.path.endswith(seed.name))
    assert NEUTRAL in [b.text for b in edited.body]
    assert f"ar/articles/{edited.id}.md" in report.written and f"en/articles/{edited.id}.md" in report.written
    assert all(p.split("/", 1)[1] in (f"articles/{edited.id}.md", "data/articles.jsonl") for p in report.written)
    assert_same_as_full(project, tmp_path)
    session.generate(project, Settings())
    assert session.last_mode == "unchanged"


def test_a_new_quote_updates_the_speakers_page(served, tmp_path):
    project, session = served
    seed = project.seeds / f"{SAMPLE}.txt"
    append_body(seed, "وقال لافروف إن «المفاوضات ستستمر حتى التوصل إلى اتفاق نهائي».")
    session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert_same_as_full(project, tmp_path)
    assert "المفاوضات ستستمر" in (project.docs / "ar" / "actors" / "sergey-lavrov.md").read_text(encoding="utf-8")


def retitle(seed: Path, prefix: str) -> None:
    seed.write_text(prefix + seed.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_new_headline_renders_the_pages_that_list_the_article(served, tmp_path):
    project, session = served
    seed = synthetic(project, 0)
    retitle(seed, "تحديث: ")
    articles, report = session.generate(project, Settings())
    assert session.last_mode == "incremental"
    edited = next(a for a in articles if a.path.endswith(seed.name))
    assert edited.title.startswith("تحديث: ")
    listing = {f"ar/actors/{r.id}.md" for r in edited.actors} | {f"ar/archive/{edited.date}.md", "ar/.search-entries.jsonl"}
    assert listing <= set(report.written)
    assert_same_as_full(project, tmp_path)


def test_sidecar_edits(served, tmp_path):
    project, session = served
    seed = synthetic(project, 5)
    seed.with_suffix(".yml").write_text("byline: محرر الموقع\n", encoding="utf-8")
    session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert_same_as_full(project, tmp_path)
    editorial = project.seeds / f"{SAMPLE}.en.yml"
    editorial.write_text(editorial.read_text(encoding="utf-8").replace("Lavrov", "Lavrov (edited)", 1), encoding="utf-8")
    session.generate(project, Settings())
    assert session.last_mode in ("incremental", "full")
    assert_same_as_full(project, tmp_path / "2")


NEW_ARTICLE = """موسكو تستضيف جولة مشاورات جديدة حول ممر زنغزور
تاريخ النشر: 14 فبراير 2022
قال وزير الخارجية الروسي سيرغي لافروف إن بلاده مستعدة لاستضافة جولة جديدة من المشاورات بين باكو ويريفان.
وأضاف أن «الحوار هو الطريق الوحيد لتسوية الخلافات العالقة حول الحدود والممرات».
ومن المقرر أن يشارك في الجولة ممثلون عن الاتحاد الأوروبي بصفة مراقبين.
"""


@pytest.mark.parametrize("edit", ["date", "delete", "add", "add and delete"])
def test_seeds_added_deleted_or_moved_rebuild_the_index_not_every_page(served, tmp_path, edit):
    """A new date, a new or deleted seed: the index is made again from the
    records and every page but the other articles' is rendered again."""
    project, session = served
    seed = synthetic(project, 7)
    if edit == "date":  # the article moves in the archive and in every list
        lines = seed.read_text(encoding="utf-8").split("\n")
        lines.insert(1, "تاريخ النشر: 3 يناير 2019")
        seed.write_text("\n".join(lines), encoding="utf-8")
    if "delete" in edit:
        seed.unlink()
    if "add" in edit:
        (project.seeds / "new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    _, report = session.generate(project, Settings())
    assert session.last_mode == "incremental", report.notes
    assert_same_as_full(project, tmp_path)
    # and again from the state it left: the new article edited, then deleted
    if "add" in edit:
        append_body(project.seeds / "new_article.txt", NEUTRAL)
        session.generate(project, Settings())
        assert session.last_mode == "incremental"
        assert_same_as_full(project, tmp_path / "edited")
        (project.seeds / "new_article.txt").unlink()
        session.generate(project, Settings())
        assert session.last_mode == "incremental"
        assert_same_as_full(project, tmp_path / "deleted")


def test_a_seed_with_sidecars_deleted_and_put_back(served, tmp_path):
    """The sample with an editorial translation beside it: deleted (the
    translation file stays, unused), then put back (it is read again)."""
    project, session = served
    seed = project.seeds / f"{SAMPLE}.txt"
    assert seed.with_suffix(".en.yml").is_file()
    text = seed.read_text(encoding="utf-8")
    seed.unlink()
    session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert_same_as_full(project, tmp_path / "deleted")
    seed.write_text(text, encoding="utf-8")
    articles, _ = session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert next(a for a in articles if a.id == SAMPLE).en.translated_by == "editors"
    assert_same_as_full(project, tmp_path / "restored")


@pytest.mark.parametrize("name", ["index.txt", "خبر عاجل (نسخة ٢).txt", "Synthetic_00003.TXT", "x" * 200 + ".txt"])
def test_new_seeds_with_awkward_names(served, tmp_path, name):
    """A reserved name, an Arabic one, one that slugs like another seed's
    (told apart by the order of all seeds: the full generation), a very long
    one: whichever way the rebuild goes, docs/ is what a full generation writes."""
    project, session = served
    (project.seeds / name).write_text(NEW_ARTICLE, encoding="utf-8")
    session.generate(project, Settings())
    assert session.last_mode == ("full" if name.startswith("Synthetic") else "incremental")
    assert_same_as_full(project, tmp_path)


@pytest.mark.parametrize("edit", ["overrides", "duplicate", "near copy", "added copy"])
def test_edits_that_reach_other_pages_regenerate_everything(served, tmp_path, edit):
    project, session = served
    seed = synthetic(project, 7)
    if edit == "added copy":  # a copy of an article, with one stray line more
        shutil.copy(synthetic(project, 8), project.seeds / "new_article.txt")
        append_body(project.seeds / "new_article.txt", NEUTRAL)
    elif edit == "overrides":
        (project.seeds / "overrides.yml").write_text(f"{seed.stem}:\n  section: سياسة\n", encoding="utf-8")
    elif edit == "duplicate":
        seed.write_text(synthetic(project, 9).read_text(encoding="utf-8"), encoding="utf-8")
    elif edit == "near copy":  # the same article scraped with one stray line more
        seed.write_text(synthetic(project, 9).read_text(encoding="utf-8"), encoding="utf-8")
        append_body(seed, NEUTRAL)
    _, report = session.generate(project, Settings())
    assert session.last_mode == "full"
    if edit in ("duplicate", "near copy", "added copy"):
        copies = {seed.name, synthetic(project, 9).name, synthetic(project, 8).name, "new_article.txt"}
        assert any(Path(d.path).name in copies for d in report.duplicates)
    assert_same_as_full(project, tmp_path)


def test_a_line_becoming_template_text_is_taken_out_of_the_others(served, tmp_path):
    """A line in three articles of one outlet is template text in all
    three: the third copy changes the other two records, made again (the
    quick way); a fourth changes the count the others name."""
    project, session = served
    bodies = ["وبحث الوزيران ملف الطاقة والربط الكهربائي بين البلدين.",
              "وتناول اللقاء سبل تطوير التبادل التجاري وخطوط النقل.",
              "واتفق الجانبان على عقد جولة جديدة من المشاورات في الخريف."]
    for i, body in enumerate(bodies):
        (project.seeds / f"outlet_{i}.txt").write_text(
            f"خبر تجريبي رقم {i} عن مشاورات ثنائية\nتاريخ النشر: 1{i} نوفمبر 2020\nوكالة أنباء شينخوا\n"
            + "\n".join(f"{body[:-1]}، في الجلسة رقم {n} من الاجتماع." for n in range(3)) + "\n",
            encoding="utf-8")
    articles, _ = session.generate(project, Settings())
    assert session.last_mode == "incremental"  # three seeds added
    assert_same_as_full(project, tmp_path / "added")
    three = sorted((a for a in articles if a.path.startswith("seeds/outlet_")), key=lambda a: a.path)
    assert len(three) == 3 and len({a.source for a in three}) == 1 and three[0].source
    line = "هذا السطر الفريد يتكرر في ثلاث مقالات من الموقع نفسه."
    for a in three[:2]:
        append_body(project.root / a.path, line)
    session.generate(project, Settings())
    assert session.last_mode == "incremental"  # in two articles: not template text yet
    assert_same_as_full(project, tmp_path / "two")
    append_body(project.root / three[2].path, line)
    _, report = session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert any("3 article(s) changed" in n for n in report.notes), report.notes  # the edited one and two remade
    assert_same_as_full(project, tmp_path / "three")
    page = (project.docs / "ar" / "articles" / f"{three[0].id}.md").read_text(encoding="utf-8")
    assert "template text (in 3 articles" in page
    # a fourth article printing it: the line stays template text, and the
    # other three records now say "in 4 articles" (the quick way)
    (project.seeds / "outlet_3.txt").write_text(
        "خبر تجريبي رقم 3 عن زيارة رسمية\nتاريخ النشر: 19 نوفمبر 2020\nوكالة أنباء شينخوا\n"
        "وصل الوفد إلى العاصمة صباح اليوم في زيارة تستمر يومين، في الجلسة الأولى من الزيارة.\n"
        + line + "\n", encoding="utf-8")
    _, report = session.generate(project, Settings())
    assert session.last_mode == "incremental", report.notes
    assert any("3 recounted" in n for n in report.notes), report.notes
    assert_same_as_full(project, tmp_path / "four")
    page = (project.docs / "ar" / "articles" / f"{three[0].id}.md").read_text(encoding="utf-8")
    assert "template text (in 4 articles" in page
    # and its line removed from one of them: back to 3, still quick
    seed = project.root / three[1].path
    seed.write_text(seed.read_text(encoding="utf-8").replace(line + "\n", ""), encoding="utf-8")
    session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert_same_as_full(project, tmp_path / "back")
    # two seeds printing it deleted: in one article, it is body text again there
    (project.seeds / "outlet_3.txt").unlink()
    (project.root / three[2].path).unlink()
    session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert_same_as_full(project, tmp_path / "deleted")
    page = (project.docs / "ar" / "articles" / f"{three[0].id}.md").read_text(encoding="utf-8")
    assert "template text (in" not in page and line in page


def test_a_hand_edited_generated_page_is_regenerated(served, tmp_path):
    project, session = served
    page = project.docs / "ar" / "articles" / f"{SAMPLE}.md"
    page.write_text("edited by hand\n", encoding="utf-8")
    session.generate(project, Settings())
    assert session.last_mode == "full"
    assert_same_as_full(project, tmp_path)


def test_a_failed_rebuild_leaves_no_stale_state(served, tmp_path, monkeypatch):
    project, session = served
    append_body(synthetic(project, 2), NEUTRAL)
    import generator.incremental as incremental

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(incremental, "write_pages", broken)
    with pytest.raises(RuntimeError):
        session.generate(project, Settings())
    monkeypatch.undo()
    session.generate(project, Settings())
    # the half-done rebuild's memory is dropped; the state file is still the
    # one saved before it (docs/ was not touched), so the quick way is right
    assert session.last_mode == "incremental"
    assert_same_as_full(project, tmp_path)


EDITS = [
    NEUTRAL,
    "وقال لافروف إن «موسكو مستعدة لاستضافة جولة جديدة من المحادثات».",
    "وأكد نيكول باشينيان أن يريفان متمسكة بالحل السلمي في قره باغ.",
    "وأضاف الرئيس الأذربيجاني إلهام علييف أن باكو لن تتراجع عن مواقفها.",
    "وشهدت موسكو وباكو اتصالات مكثفة خلال الأسبوع الماضي.",
    "ودعت الأمم المتحدة إلى احترام وقف إطلاق النار في ممر لاتشين.",
    "وقال وزير الخارجية البريطاني ديفيد لامي إن «لندن تتابع التطورات عن كثب».",
    "وأجرى المستشار الألماني أولاف شولتس اتصالا هاتفيا مع نظيره الفرنسي.",
]


@pytest.mark.parametrize("rounds_seed, headlines, rounds", [(1, 0.3, 5), (2, 0.3, 5), (3, 1.0, 5), (4, 0.2, 10)])
def test_random_edits_match_a_full_generation(served, tmp_path, rounds_seed, headlines, rounds):
    """Lines naming people, states and places, some quoted, appended to
    random articles, new headlines, edits undone, over several rebuilds:
    every rebuild, quick or full, leaves docs/ as a full generation would."""
    import random

    project, session = served
    rnd = random.Random(rounds_seed)
    seeds = sorted(project.seeds.glob("*.txt"))
    modes = []
    before: dict[Path, str] = {}
    for n in range(rounds):
        for seed in rnd.sample(seeds, rnd.choice([1, 1, 2])):
            text = seed.read_text(encoding="utf-8")
            if seed in before and rnd.random() < 0.25:  # undo this seed's last edit
                seed.write_text(before.pop(seed), encoding="utf-8")
                continue
            before[seed] = text
            if rnd.random() < headlines:
                retitle(seed, f"تحديث {n}: ")
            else:
                append_body(seed, rnd.choice(EDITS))
        session.generate(project, Settings())
        modes.append(session.last_mode)
        assert_same_as_full(project, tmp_path / str(n))
    assert "incremental" in modes


OUTLETS = ["وكالة أنباء شينخوا", "وكالة أنباء شينخوا", "المصدر: سبوتنيك", ""]
# lines an outlet prints in several articles: template text from the third on
SHARED = ["تابعوا آخر الأخبار على قناتنا في تطبيق تيليغرام.", "جميع الحقوق محفوظة لوكالة الأنباء ٢٠٢٢."]


def new_article(rnd, n: int) -> str:
    """A new scraped article: a headline, maybe a date and an outlet, sentences
    shared with the corpus, maybe a line the outlet repeats (template text
    appears, is recounted or stops being it), one of its own (never a copy)."""
    lines = [f"مقال جديد رقم {n} عن {rnd.choice(['المشاورات', 'الحدود', 'الطاقة', 'الممرات'])}"]
    if rnd.random() < 0.8:
        lines.append(f"تاريخ النشر: {rnd.randint(1, 28)} {rnd.choice(['يناير', 'مارس', 'نوفمبر'])} {rnd.choice([2021, 2022])}")
    lines.append(rnd.choice(OUTLETS))
    lines += rnd.sample(EDITS, 3) + [f"وهذه الجملة خاصة بالمقال رقم {n} ولا تتكرر في غيره."]
    lines += [line for line in SHARED if rnd.random() < 0.6]
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("rounds_seed", [11, 12, 13, 14])
def test_random_seeds_added_deleted_and_redated_match_a_full_generation(served, tmp_path, rounds_seed):
    """New seeds, deleted seeds (some put back later), new dates and body
    edits, one or two per rebuild: every rebuild leaves docs/ as a full
    generation would, and most take the quick way."""
    import random

    project, session = served
    rnd = random.Random(rounds_seed)
    held: dict[str, str] = {}  # deleted seeds' text, to put back
    modes = []
    for n in range(10):
        for _ in range(rnd.choice([1, 1, 2])):
            seeds = sorted(project.seeds.glob("*.txt"))
            op = rnd.choice(["add", "delete", "restore", "date", "edit"])
            if op == "add":
                (project.seeds / f"new_{rounds_seed}_{n}_{len(seeds)}.txt").write_text(new_article(rnd, n), encoding="utf-8")
            elif op == "delete":
                seed = rnd.choice(seeds)
                held[seed.name] = seed.read_text(encoding="utf-8")
                seed.unlink()
            elif op == "restore" and held:
                name = rnd.choice(sorted(held))
                (project.seeds / name).write_text(held.pop(name), encoding="utf-8")
            elif op == "date":
                seed = rnd.choice(seeds)
                lines = seed.read_text(encoding="utf-8").split("\n")
                lines.insert(1, f"تاريخ النشر: {rnd.randint(1, 28)} فبراير {rnd.choice([2019, 2023])}")
                seed.write_text("\n".join(lines), encoding="utf-8")
            else:
                append_body(rnd.choice(seeds), rnd.choice(EDITS))
        _, report = session.generate(project, Settings())
        modes.append(session.last_mode)
        assert_same_as_full(project, tmp_path / str(n))
    assert modes.count("incremental") >= 6, modes


def test_a_new_process_starts_from_the_saved_state(served, tmp_path):
    """`digest build` after `digest build`: the state file in the record
    cache's folder lets a new process rebuild the quick way."""
    project, _ = served
    later = Session()  # as a new process: nothing in memory
    later.generate(project, Settings())
    assert later.last_mode == "unchanged"
    append_body(synthetic(project, 4), NEUTRAL)
    later = Session()
    later.generate(project, Settings())
    assert later.last_mode == "incremental"
    assert_same_as_full(project, tmp_path)
    # a quote: filed on the speaker's page among the others, in the index's order
    append_body(project.seeds / f"{SAMPLE}.txt", "وقال لافروف إن «المفاوضات ستستمر حتى التوصل إلى اتفاق نهائي».")
    later = Session()
    later.generate(project, Settings())
    assert later.last_mode == "incremental"
    assert_same_as_full(project, tmp_path / "quote")


def test_the_state_is_saved_beside_the_build_and_waited_for(served):
    """`digest build` saves the state in a forked child while MkDocs goes on;
    the next generation (and the process, before it exits) waits for it."""
    import generator.incremental as incremental
    from generator.parallel import fork_safe

    project, _ = served
    append_body(synthetic(project, 2), NEUTRAL)
    build = Session()
    build.generate(project, Settings())
    assert build.last_mode == "incremental"
    if fork_safe():
        assert incremental._saving, "the state was saved in this process"
    wait_saved()
    assert not incremental._saving
    later = Session()
    later.generate(project, Settings())
    assert later.last_mode == "unchanged"  # the state saved is the rebuild's


def test_serve_saves_its_quick_rebuilds_when_it_stops(served, tmp_path):
    """A serve session keeps its quick rebuilds in memory; the state on disk
    no longer matches docs/ (a new process would regenerate everything) until
    save(), which the hook calls when serve stops."""
    project, _ = served
    serve = Session(save_rebuilds=False)
    append_body(synthetic(project, 3), NEUTRAL)
    serve.generate(project, Settings())
    assert serve.last_mode == "incremental"
    (project.seeds / "new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    serve.generate(project, Settings())
    assert serve.last_mode == "incremental"
    stale = Session()
    stale.generate(project, Settings())
    assert stale.last_mode == "full"  # docs/ moved on since the state was saved: never trusted
    append_body(synthetic(project, 5), NEUTRAL)
    serve = Session(save_rebuilds=False)
    serve.generate(project, Settings())
    assert serve.last_mode == "incremental"
    serve.generate(project, Settings())  # the watcher's next build: nothing changed, still unsaved
    assert serve.last_mode == "unchanged"
    serve.save()
    append_body(synthetic(project, 6), NEUTRAL)
    later = Session()
    later.generate(project, Settings())
    assert later.last_mode == "incremental"
    assert_same_as_full(project, tmp_path)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_damaged_or_foreign_state_file_means_a_full_generation(served, tmp_path, damage):
    project, _ = served
    state = project.root / Settings().record_cache / "generation.pickle"
    wait_saved()  # written by a child process while the build goes on
    assert state.is_file()
    if damage is None:  # saved for other settings
        Session().generate(project, Settings(month_names_ar="months_levant"))
    else:
        state.write_bytes(damage)
    later = Session()
    append_body(synthetic(project, 4), NEUTRAL)
    later.generate(project, Settings())
    assert later.last_mode == "full"
    assert_same_as_full(project, tmp_path)


def test_a_rebuild_that_falls_back_leaves_the_record_cache_unlocked(served, monkeypatch):
    """The quick way stores what it computed before finding it cannot
    finish; its database connection must be closed then, or the full
    generation's writes wait for its lock (until the collector frees it)."""
    import generator.incremental as incremental

    project, session = served
    opened = []

    def spy(*args):
        cache = real(*args)
        opened.append(cache)
        return cache

    real = incremental.open_cache
    monkeypatch.setattr(incremental, "open_cache", spy)
    seed = synthetic(project, 6)  # extracted again, then found to be a copy of another article
    seed.write_text(synthetic(project, 9).read_text(encoding="utf-8"), encoding="utf-8")
    session.generate(project, Settings())
    assert session.last_mode == "full" and opened
    assert all(cache._db is None for cache in opened), "a connection left open"


def test_digest_build_full_forgets_the_saved_state(served, monkeypatch):
    """`digest build --full` removes the state before MkDocs starts, so the
    build regenerates every page (the build itself is tested elsewhere)."""
    import mkdocs.commands.build as mkdocs_build

    from generator.cli import main

    project, _ = served
    state = project.root / Settings().record_cache / "generation.pickle"
    wait_saved()
    assert state.is_file()
    seen = []
    monkeypatch.setattr(mkdocs_build, "build", lambda config: seen.append(state.is_file()))
    assert main(["build", "--project", str(project.root)]) == 0
    assert main(["build", "--project", str(project.root), "--full"]) == 0
    assert seen == [True, False]


def test_a_name_added_then_removed_creates_and_removes_its_pages(served, tmp_path):
    """A person (and their country) named nowhere else: their pages appear
    with the edit and go with its undoing, the quick way both times."""
    project, session = served
    seed = synthetic(project, 5)
    original = seed.read_text(encoding="utf-8")
    append_body(seed, "وقال وزير الخارجية البريطاني ديفيد لامي إن «لندن تتابع التطورات عن كثب».")
    articles, report = session.generate(project, Settings())
    assert session.last_mode == "incremental"
    edited = next(a for a in articles if a.path.endswith(seed.name))
    person = next(r.id for r in edited.actors if r.name_ar == "ديفيد لامي")
    page = project.docs / "ar" / "actors" / f"{person}.md"
    assert page.is_file() and "لندن تتابع التطورات" in page.read_text(encoding="utf-8")
    assert_same_as_full(project, tmp_path / "added")
    seed.write_text(original, encoding="utf-8")
    _, report = session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert not page.exists() and f"ar/actors/{person}.md" in report.deleted
    assert_same_as_full(project, tmp_path / "removed")


def distinct(n: int) -> str:
    """A new article, different from every other (see new_article)."""
    import random

    return new_article(random.Random(n), 900 + n)


def test_a_name_moving_to_another_article_in_one_rebuild_keeps_its_pages(served, tmp_path):
    """One article stops naming a person named nowhere else while another
    starts to, both before one rebuild: the person's pages stay (whichever
    article the rebuild takes first)."""
    project, session = served
    line = "وقال وزير الخارجية البريطاني ديفيد لامي إن «لندن تتابع التطورات عن كثب»."
    first, second = synthetic(project, 2), synthetic(project, 6)
    original = first.read_text(encoding="utf-8")
    append_body(first, line)
    session.generate(project, Settings())
    pages = sorted(p.name for p in (project.docs / "ar" / "actors").glob("*.md"))
    first.write_text(original, encoding="utf-8")
    append_body(second, line)
    session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert sorted(p.name for p in (project.docs / "ar" / "actors").glob("*.md")) == pages
    assert_same_as_full(project, tmp_path)


@pytest.mark.parametrize("names", [
    ("overrides.txt",),  # its sidecar would be overrides.yml, every article's
    ("shared.txt", "shared.TXT"),  # both read shared.yml
])
def test_a_sidecar_of_several_articles_reaches_them_all(served, tmp_path, names):
    project, session = served
    for n, name in enumerate(names):
        (project.seeds / name).write_text(distinct(n), encoding="utf-8")
    articles, _ = session.generate(project, Settings())
    target = next(a for a in articles if a.path.endswith(synthetic(project, 3).name)).id
    sidecar = "overrides.yml" if names == ("overrides.txt",) else "shared.yml"
    fields = {target: {"title": "عنوان صححه المحرر"}} if sidecar == "overrides.yml" else {"title": "عنوان صححه المحرر"}
    (project.seeds / sidecar).write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    session.generate(project, Settings())
    assert_same_as_full(project, tmp_path)


def test_a_new_seed_named_like_a_told_apart_id(served, tmp_path):
    """a.txt slugs like A.txt and gets a suffixed id; a seed later named
    with that id cannot simply take it."""
    project, session = served
    (project.seeds / "A.txt").write_text(distinct(1), encoding="utf-8")
    (project.seeds / "a.txt").write_text(distinct(2), encoding="utf-8")
    articles, _ = session.generate(project, Settings())
    told_apart = next(a.id for a in articles if a.path == "seeds/a.txt")
    assert told_apart.startswith("a-")
    (project.seeds / f"{told_apart}.txt").write_text(distinct(3), encoding="utf-8")
    session.generate(project, Settings())
    assert_same_as_full(project, tmp_path)
    Session().generate(project, Settings())  # and a new process starts from what it saved


def test_a_seed_rewritten_with_its_size_and_time_kept_is_still_a_change(served, tmp_path):
    """cp -p, rsync -t and archive tools set the modification time of what
    they write: a seed rewritten at the same size with its old time is seen
    by its change time."""
    import os

    project, session = served
    seed = synthetic(project, 4)
    st = seed.stat()
    text = seed.read_text(encoding="utf-8")
    edited = text.replace("ة", "ه", 1)  # one letter for another of the same size in UTF-8
    assert edited != text and len(edited.encode()) == len(text.encode())
    seed.write_text(edited, encoding="utf-8")
    os.utime(seed, ns=(st.st_atime_ns, st.st_mtime_ns))
    session.generate(project, Settings())
    assert session.last_mode == "incremental"
    assert_same_as_full(project, tmp_path)


def test_a_file_named_only_txt_is_not_a_seed(served, tmp_path):
    project, session = served
    (project.seeds / ".txt").write_text(NEW_ARTICLE, encoding="utf-8")
    session.generate(project, Settings())
    assert session.last_mode == "unchanged"
    assert_same_as_full(project, tmp_path)


def test_entries_that_are_not_files_are_reported_as_a_full_generation_reports_them(served, tmp_path):
    project, session = served
    (project.seeds / "folder.txt").mkdir()
    (project.seeds / "nowhere.txt").symlink_to("gone.txt")
    _, report = session.generate(project, Settings())
    assert {s.path for s in report.skipped} >= {"seeds/folder.txt", "seeds/nowhere.txt"}
    assert_same_as_full(project, tmp_path)
    (project.seeds / "nowhere.txt").unlink()
    _, report = session.generate(project, Settings())
    assert "seeds/nowhere.txt" not in {s.path for s in report.skipped}


def test_a_template_reason_is_recounted_and_other_reasons_are_not():
    from generator.extract.template import reason, recounted

    given = reason(3, "Xinhua News Agency (China)")
    assert recounted(given, 4) == reason(4, "Xinhua News Agency (China)")
    assert recounted("repeated line", 4) is None
    assert recounted("interface text (in 3 articles of X)", 4) is None

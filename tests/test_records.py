"""The record: JSON Schema, editorial overrides, corpus-wide template text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from generator.ingest import read_all
from generator.models import BuildReport
from generator.pipeline import extract_all

SCHEMA = json.loads((ROOT / "generator" / "schema" / "record.schema.json").read_text(encoding="utf-8"))
FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def records(paths: list[Path]) -> list[dict]:
    raws, skipped = read_all(paths)
    return [a.to_dict() for a in extract_all(raws, BuildReport(skipped=skipped))]


def all_inputs() -> list[Path]:
    return sorted((ROOT / "seeds").glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))


def test_every_record_validates_against_the_schema():
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    recs = records(all_inputs())
    assert len(recs) >= 5
    for rec in recs:
        errors = sorted(validator.iter_errors(rec), key=str)
        assert not errors, (rec["path"], [e.message for e in errors])


def test_schema_requires_exactly_the_record_fields():
    from generator.models import Article

    fields = set(Article(path="p", id="i", title="t", body=[]).to_dict())
    assert fields == set(SCHEMA["required"])


def test_records_converted_by_copying_their_fields_hold_only_scalars():
    # models.plain converts these by copying __dict__: a field holding
    # another record or a list would be shared, not converted
    import dataclasses
    import typing

    from generator import models

    for cls in models.FLAT:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            assert set(typing.get_args(hints[f.name]) or [hints[f.name]]) <= {str, int, float, bool, type(None)}, (cls, f.name)
        fake = cls(**{f.name: f"{f.name}-value" for f in dataclasses.fields(cls)})
        assert models.plain(fake) == {f.name: f"{f.name}-value" for f in dataclasses.fields(cls)}
        assert list(models.plain(fake)) == [f.name for f in dataclasses.fields(cls)]


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    src = ROOT / "seeds" / "002_8e5f498fc9c05559.txt"
    dest = tmp_path / src.name
    shutil.copy(src, dest)
    return dest


def test_sidecar_overrides_fields_and_says_so(seed_copy: Path):
    seed_copy.with_suffix(".yml").write_text(
        "date: 2022-10-14\nsource: anadolu\ntitle: عنوان مصحح\nen:\n  title: ignored here\n", encoding="utf-8"
    )
    (rec,) = records([seed_copy])
    assert rec["date"] == "2022-10-14" and rec["weekday"] is None
    assert rec["source"]["id"] == "anadolu" and rec["title"] == "عنوان مصحح"
    assert rec["overrides"] == ["date", "source", "title"]
    assert not any("publication date" in w or "source" in w for w in rec["warnings"])


def test_overrides_file_by_id_and_sidecar_wins(seed_copy: Path):
    (seed_copy.parent / "overrides.yml").write_text(
        f"{seed_copy.stem}:\n  section: سياسة\n  byline: محرر\n", encoding="utf-8"
    )
    seed_copy.with_suffix(".yml").write_text("byline: محرر آخر\n", encoding="utf-8")
    (rec,) = records([seed_copy])
    assert (rec["section"], rec["byline"]) == ("سياسة", "محرر آخر")
    assert rec["overrides"] == ["byline", "section"]


def test_a_bad_override_is_a_warning_not_a_crash(seed_copy: Path):
    seed_copy.with_suffix(".yml").write_text("source: no-such-outlet\n", encoding="utf-8")
    (rec,) = records([seed_copy])
    assert rec["source"] is None and rec["overrides"] == []
    assert any("override not applied" in w and "no-such-outlet" in w for w in rec["warnings"])


def _article(n: int, extra: str) -> str:
    return (
        f"عنوان الخبر رقم {n} عن المفاوضات في موسكو\n"
        f"قال مسؤول روسي إن جولة المفاوضات رقم {n} بين الطرفين ستعقد الأسبوع المقبل في موسكو.\n"
        f"{extra}\n"
        f"وأضاف أن الجولة {n} ستبحث ترسيم الحدود وفتح طرق النقل في المنطقة.\n"
        "المصدر: روسيا اليوم\n"
    )


@pytest.mark.parametrize("copies, removed", [(3, True), (2, False)])
def test_lines_repeated_across_an_outlets_articles_are_template_text(tmp_path: Path, copies: int, removed: bool):
    slogan = "هذا المحتوى مقدم من فريق التحرير ويعبر عن سياسة الموقع في تغطية الأحداث الدولية."
    paths = []
    for n in range(copies):
        p = tmp_path / f"rt{n}.txt"
        p.write_text(_article(n, slogan), encoding="utf-8")
        paths.append(p)
    for rec in records(paths):
        body = [b["text"] for b in rec["body"]]
        assert (slogan not in body) is removed
        if removed:
            assert any(r["line"] == slogan and "template text" in r["reason"] for r in rec["removed"])


def test_the_same_article_twice_is_one_record_listing_both_copies(tmp_path: Path):
    seed = (ROOT / "seeds" / "003_33a46d52206eb315.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "b.txt").write_text("تابعنا على تويتر\nشارك عبر واتساب\n" + seed + "\nالمصدر: رويترز\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(seed, encoding="utf-8")  # exact copy
    report = BuildReport()
    raws, _ = read_all(sorted(tmp_path.glob("*.txt")))
    arts = extract_all(raws, report)
    assert [a.id for a in arts] == ["a"]
    assert sorted((c.id, c.source.id if c.source else None) for c in arts[0].copies) == [("b", "reuters"), ("c", "alalam")]
    assert sorted(Path(d.path).name for d in report.duplicates) == ["b.txt", "c.txt"]


def test_articles_that_only_share_a_lead_stay_apart(tmp_path: Path):
    lead = "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو مستعدة للوساطة بين باكو ويريفان في أي وقت."
    (tmp_path / "a.txt").write_text(f"عنوان أول عن الوساطة الروسية\n{lead}\nوأضاف أن المحادثات ستعقد في موسكو الشهر المقبل بحضور الطرفين.\nوتابع أن روسيا تدعم الحل السلمي.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"عنوان ثان عن التوتر الحدودي\n{lead}\nفي المقابل اتهمت باكو يريفان بخرق وقف إطلاق النار على الحدود.\nوقالت إن جنديا أصيب في الاشتباكات.\n", encoding="utf-8")
    raws, _ = read_all(sorted(tmp_path.glob("*.txt")))
    assert len(extract_all(raws, BuildReport())) == 2


def _merged_by_comparing_every_pair(articles, keys):
    """The copies' rule spelt out: in rank order, an article joins the first
    group (in the order they were made) whose original has the same text, or
    the same lead and nearly all the same paragraphs."""
    from generator.extract.duplicates import _rank, nearly_same
    groups: list[list] = []
    for a in sorted(articles, key=_rank):
        k = keys[a.id]
        home = next((g for g in groups if k and keys[g[0].id] and (
            keys[g[0].id] == k or (keys[g[0].id][0] == k[0] and nearly_same(
                frozenset(keys[g[0].id]), len(keys[g[0].id]), frozenset(k), len(k))))), None)
        if home is None:
            groups.append([a])
        else:
            home.append(a)
    return sorted((g[0].id, sorted(c.id for c in g[1:])) for g in groups)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdef"), min_size=0, max_size=6), min_size=1, max_size=12))
def test_copies_found_through_shared_paragraphs_are_those_of_every_comparison(texts):
    # Few distinct paragraphs, so that leads, near copies and exact copies are frequent.
    from generator.extract.duplicates import merge_duplicates
    from generator.models import Article, Block
    arts = [Article(path=f"{i}.txt", id=f"a{i:02d}", title="t", body=[Block("paragraph", p) for p in t])
            for i, t in enumerate(texts)]
    keys = {a.id: [b.text for b in a.body] for a in arts}
    expected = _merged_by_comparing_every_pair(arts, keys)
    kept, dropped = merge_duplicates(arts, keys)
    got = sorted((a.id, sorted(c.id for c in a.copies)) for a in kept)
    assert got == expected

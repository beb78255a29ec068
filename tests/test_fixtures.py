"""Fixture articles with the records an editor expects (tests/fixtures/articles).

Each `<name>.txt` has a `<name>.expected.json`: the expected values of the
record's fields (source as an outlet id), or {"error": "..."} for input that
must be refused with that message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.ingest import IngestError, read_article
from generator.models import BuildReport
from generator.pipeline import extract_all

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
CASES = sorted(FIXTURES.glob("*.txt"))


def _expected(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path):
    expected = _expected(path)
    if "error" in expected:
        with pytest.raises(IngestError, match=expected["error"]):
            read_article(path)
        return
    (article,) = extract_all([read_article(path)], BuildReport())
    record = article.to_dict()
    record["source"] = (record["source"] or {}).get("id")
    wrong = {
        key: {"expected": value, "got": record.get(key)}
        for key, value in expected.items()
        if key != "notes" and record.get(key) != value
    }
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def test_there_are_enough_fixtures():
    assert len(CASES) >= 30

"""Spelling variants added to the search index (generator/search.py)."""

from __future__ import annotations

import json

import pytest

from generator.search import entry, finish_index, variants


@pytest.mark.parametrize("word, typed", [
    ("أذربيجان", "اذربيجان"), ("إغلاق", "اغلاق"), ("القاهرة", "قاهرة"), ("القاهرة", "قاهره"),
    ("والقاهرة", "القاهرة"), ("للكرملين", "كرملين"), ("مُستعدة", "مستعدة"), ("مستشفى", "مستشفي"),
])
def test_variants_cover_what_readers_type(word: str, typed: str):
    assert typed in variants(word)


def test_index_gets_hidden_forms_and_keeps_its_text(tmp_path):
    f = tmp_path / "search_index.json"
    f.write_text(json.dumps({"config": {}, "docs": [{"location": "a.html", "title": "القاهرة", "text": "<p>أذربيجان</p>"}]}), encoding="utf-8")
    finish_index(f, [entry("articles/x.html", "عنوان", ["&lt;b&gt;", ""], "عنوان2")])
    docs = json.loads(f.read_text(encoding="utf-8"))["docs"]
    doc = docs[0]
    assert doc["text"].startswith("<p>أذربيجان</p><span hidden")
    assert "اذربيجان" in doc["text"] and "قاهرة" in doc["text"]
    # the generator's entries are appended as they are
    assert docs[1] == {"location": "articles/x.html", "title": "عنوان",
                       "text": '<p>&lt;b&gt;</p><span hidden data-digest-forms="">عنوان2</span>'}

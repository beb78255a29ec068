"""Spelling variants added to the search index (generator/search.py)."""

from __future__ import annotations

import json

import pytest

from hypothesis import given, settings, strategies as st

from generator.search import ENTRIES, entry, entry_line, finish_index, read_entries, variants


@pytest.mark.parametrize("word, typed", [
    ("أذربيجان", "اذربيجان"), ("إغلاق", "اغلاق"), ("القاهرة", "قاهرة"), ("القاهرة", "قاهره"),
    ("والقاهرة", "القاهرة"), ("للكرملين", "كرملين"), ("مُستعدة", "مستعدة"), ("مستشفى", "مستشفي"),
])
def test_variants_cover_what_readers_type(word: str, typed: str):
    assert typed in variants(word)


def test_index_gets_hidden_forms_and_keeps_its_text(tmp_path):
    f = tmp_path / "search_index.json"
    f.write_text(json.dumps({"config": {}, "docs": [{"location": "a.html", "title": "القاهرة", "text": "<p>أذربيجان</p>"}]}), encoding="utf-8")
    (tmp_path / ENTRIES).write_text(entry_line(entry("articles/x.html", "عنوان", ["&lt;b&gt;", ""], "عنوان2")), encoding="utf-8")
    finish_index(f, read_entries(tmp_path))
    docs = json.loads(f.read_text(encoding="utf-8"))["docs"]
    doc = docs[0]
    assert doc["text"].startswith("<p>أذربيجان</p><i hidden>")
    assert "اذربيجان" in doc["text"] and "قاهرة" in doc["text"]
    # the generator's entries are appended as they are
    assert docs[1] == {"location": "articles/x.html", "title": "عنوان",
                       "text": '<p>&lt;b&gt;</p><i hidden>عنوان2</i>'}


@pytest.mark.parametrize("names, text, forms, kept", [
    (["سيرغي لافروف", "موسكو"], "التقى سيرغي لافروف نظيره", "", ["موسكو"]),
    (["القاهرة"], "وصل إلى والقاهرة", "القاهرة قاهرة", []),  # a variant of a word of the text
    (["Sergey Lavrov"], "sergey lavrov, in Moscow", "", []),  # search is case-blind
    (["أرمينيا"], "الأرمينية", "", ["أرمينيا"]),  # a longer word is not the name
    (["&lt;b&gt;"], "<b>", "", ["&lt;b&gt;"]),
    (["<b>"], "نص", "", ["<b>"]),  # no words to judge by: kept
])
def test_names_already_findable_in_an_entry_are_left_out(names, text, forms, kept):
    from generator.search import not_found_in

    assert not_found_in(names, text, forms) == kept


def test_words_of_gazetteer_names_keep_their_first_letters():
    from generator.enrich.gazetteer import parse
    from generator.search import forms_for

    gaz = parse({"actors": [{"id": "p", "type": "person", "name_ar": "كريستوف لوموان"}]},
                {"places": [{"id": "c", "kind": "corridor", "name_ar": "ممر الشمال والجنوب"}]})
    assert "ريستوف" in forms_for("التقى كريستوف").split()  # without the gazetteer: ك taken for a clitic
    forms = forms_for("التقى كريستوف لوموان عند ممر الشمال والجنوب", gaz).split()
    assert "ريستوف" not in forms and "وموان" not in forms
    assert "جنوب" in forms  # والجنوب: a clitic and the article, even inside a name


def test_a_form_that_starts_a_word_of_the_entry_is_left_out():
    from generator.search import forms_for

    forms = forms_for("الاتفاقية واتفاق").split()
    assert "اتفاقيه" in forms and "اتفاق" not in forms  # اتفاق* finds اتفاقية's form anyway
    assert "اتفاقية" in forms  # and the form without the article is there


def test_the_separator_is_the_one_mkdocs_yml_gives_the_search():
    import re
    from pathlib import Path

    from generator.search import SEPARATOR

    root = Path(__file__).resolve().parent.parent
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        found = re.search(r"^\s*separator: '(.*)'$", (root / config).read_text(encoding="utf-8"), re.M)
        assert found and found.group(1) == SEPARATOR.pattern, config


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_entry = st.builds(lambda loc, title, text: {"location": loc, "title": title, "text": text}, _text, _text, _text)


@settings(max_examples=60, deadline=None)
@given(material=st.lists(_entry, max_size=3), generated=st.lists(_entry, max_size=4))
def test_the_generators_entries_are_spliced_in_as_the_index_would_write_them(tmp_path_factory, material, generated):
    """finish_index copies the entries file's lines into the index text (not
    parsed and written again): the same bytes as writing the whole index."""
    folder = tmp_path_factory.mktemp("index")
    (folder / ENTRIES).write_text("".join(map(entry_line, generated)), encoding="utf-8")
    index = folder / "search_index.json"
    index.write_text(json.dumps({"config": {"lang": ["ar"]}, "docs": material}), encoding="utf-8")
    entries = read_entries(folder)
    assert entries.locations == {e["location"] for e in generated}
    text = finish_index(index, entries)
    finished = json.loads(text)
    assert finished["docs"][len(material):] == generated
    assert text == json.dumps(finished, ensure_ascii=False, separators=(",", ":"))
    assert index.read_text(encoding="utf-8") == text

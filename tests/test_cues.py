"""Boilerplate cues: the widget and caption patterns split into those
anchored at the line's start and the others must match exactly the lines
one alternation of all of them matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from generator.arabic import normalize
from generator.data import load_data
from generator.extract.cues import AnyOf, _anchored, _any


@pytest.mark.parametrize("pattern, anchored", [
    ("^a", True),
    ("^(a|b)c", True),
    ("^a|b", False),  # b matches anywhere
    ("^(a)|(b)", False),
    (r"^a\)|b", False),  # an escaped parenthesis does not open a group
    (r"^a\|b", True),  # an escaped bar is a literal
    ("^[|]x", True),
    ("^[]|]x", True),  # ] first in a class is a literal
    ("^[^]|]x", True),
    ("a", False),
    ("(^a)", False),  # anchored inside a group: left to the search, still right
])
def test_anchored(pattern, anchored):
    assert _anchored(pattern) is anchored


def _one_alternation(patterns):
    return re.compile(_any(patterns), re.IGNORECASE)


LINES = [
    "تابعنا على تويتر", "شارك الخبر", "التعليقات (374)", "Accept all cookies", "24 درجة مئوية",
    "الصورة: رويترز", "© AFP 2023", "قال الرئيس إن الاتفاق", "12", "loading...", "x", "واشنطن - تابعنا",
    "Getty Images", "صورة أرشيفية", "يستخدم الموقع ملفات تعريف الارتباط", "قراءة في 3 دقائق",
]


@pytest.mark.parametrize("kind", ["widgets", "captions"])
def test_split_matches_the_same_lines_as_one_alternation(kind):
    patterns = load_data("boilerplate")[kind]
    split, whole = AnyOf(patterns), _one_alternation(patterns)
    for line in LINES:
        n = normalize(line)
        assert bool(split.search(n)) == bool(whole.search(n)), line
    assert any(split.search(normalize(line)) for line in LINES)


PATTERNS = st.lists(st.sampled_from(["^a", "^a|b", "b", "^(a|c)$", "^[|]b", r"^\|", "c$", "^$"]),
                    min_size=1, max_size=4)


@given(PATTERNS, st.text(alphabet="abc| ", max_size=8))
@settings(max_examples=300, deadline=None)
def test_split_equals_alternation_on_random_patterns(patterns, text):
    assert bool(AnyOf(patterns).search(text)) == bool(_one_alternation(patterns).search(text))

"""Compiled boilerplate cues from data/boilerplate.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..arabic import fold_letters, normalize
from ..data import built_from, data_stamp, load_data


class AnyOf:
    """Patterns of which any may match anywhere in a line, as one search().

    Most widget and caption patterns start with ^. In one alternation with
    the others, the regex engine would try all of them at every position of
    the line; matched apart, at the start only, they cost a quarter of that
    (the widget rule was the costliest line rule)."""

    def __init__(self, patterns: list[str]) -> None:
        anchored = [_anchored(p) for p in patterns]
        starts = [p[1:] for p, a in zip(patterns, anchored) if a]
        anywhere = [p for p, a in zip(patterns, anchored) if not a]
        self._start = re.compile(f"(?:{_any(starts)})", re.IGNORECASE) if starts else None
        self._anywhere = re.compile(_any(anywhere), re.IGNORECASE) if anywhere else None

    def search(self, text: str) -> re.Match[str] | None:
        return ((self._start.match(text) if self._start else None)
                or (self._anywhere.search(text) if self._anywhere else None))


def _anchored(pattern: str) -> bool:
    """The whole pattern matches at the start of the line only: it starts
    with ^ and has no | outside parentheses ('^a|b' matches b anywhere)."""
    if not pattern.startswith("^"):
        return False
    depth, i, in_class = 0, 1, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # the escaped character is a literal
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1  # a ] first in a class is a literal
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


@dataclass(frozen=True)
class Cues:
    kicker: re.Pattern[str]  # a whole kicker line, or a kicker prefix of a headline
    widget: AnyOf
    caption: AnyOf
    related: re.Pattern[str]  # related-list marker at line start; group 'rest' follows it
    read_also: re.Pattern[str]  # the markers that may start an appended article
    keywords: re.Pattern[str]  # keyword label; group 'rest' is the keyword list
    source_label: re.Pattern[str]
    byline_label: re.Pattern[str]
    byline_short: re.Pattern[str]  # "كتب أحمد جمعة": label and name, no colon
    credit_fillers: frozenset[str]
    continuation: re.Pattern[str]  # a paragraph that continues the story


def _any(patterns: list[str]) -> str:
    # Lines are matched folded (ى -> ي, ة -> ه, أ -> ا); fold the patterns the
    # same way so that users can write them in ordinary spelling.
    return "|".join(f"(?:{fold_letters(p)})" for p in patterns)


def _words(items: list[str]) -> str:
    return "|".join(re.escape(normalize(w)).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))


def cues() -> Cues:
    """Built from the data file, rebuilt when it changes."""
    return _build_cues(data_stamp("boilerplate"))


@lru_cache(maxsize=2)
@built_from("boilerplate")
def _build_cues(_stamp: tuple) -> Cues:
    d = load_data("boilerplate")
    sep = r"\s*[:：\-–—|/]+\s*"
    return Cues(
        kicker=re.compile(rf"^(?P<kicker>(?:{_words(d['kickers'])}))\s*(?:\.\.+|…|:|\||-|–|—|!)\s*(?P<rest>.*)$|^(?P<alone>(?:{_words(d['kickers'])}))\s*$"),
        widget=AnyOf(d["widgets"]),
        caption=AnyOf(d["captions"]),
        related=re.compile(rf"^\W*(?:{_any(d['related'])})\s*[:：\-–—|.]*\s*(?P<rest>.*)$", re.IGNORECASE),
        read_also=re.compile(rf"^\W*(?:{_any(d['read_also'])})", re.IGNORECASE),
        keywords=re.compile(rf"^\W*(?:{_any(d['keywords'])}){sep}(?P<rest>.*)$", re.IGNORECASE),
        source_label=re.compile(rf"^\W*(?:{_any(d['source_labels'])}){sep}(?P<rest>.+)$", re.IGNORECASE),
        byline_label=re.compile(rf"^\W*(?:{_any(d['byline_labels'])}){sep}(?P<rest>.+)$", re.IGNORECASE),
        byline_short=re.compile(rf"^(?:{_any(d['byline_labels'])})\s+(?P<rest>\S+(?:\s+\S+){{1,3}})$", re.IGNORECASE),
        credit_fillers=frozenset(normalize(w) for w in d["credit_fillers"]),
        continuation=re.compile(
            rf"^(?:(?:{_words(d['continuation_starts'])})(?![^\W\d_])"
            rf"|(?!(?:{_words(d['waw_words'])})(?![^\W\d_]))[وف][^\W\d_]{{2,}})"
        ),
    )

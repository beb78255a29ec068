"""Compiled boilerplate cues from data/boilerplate.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..arabic import normalize
from ..data import data_stamp, load_data


@dataclass(frozen=True)
class Cues:
    kicker: re.Pattern[str]  # a whole kicker line, or a kicker prefix of a headline
    widget: re.Pattern[str]
    caption: re.Pattern[str]
    related: re.Pattern[str]  # "read also" marker at line start; group 'rest' follows it
    keywords: re.Pattern[str]  # keyword label; group 'rest' is the keyword list
    source_label: re.Pattern[str]
    byline_label: re.Pattern[str]


def _any(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _words(items: list[str]) -> str:
    return "|".join(re.escape(normalize(w)).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))


def cues() -> Cues:
    """Built from the data file, rebuilt when it changes."""
    return _build_cues(data_stamp("boilerplate"))


@lru_cache(maxsize=2)
def _build_cues(_stamp: tuple) -> Cues:
    d = load_data("boilerplate")
    sep = r"\s*[:：\-–—|/]+\s*"
    return Cues(
        kicker=re.compile(rf"^(?P<kicker>(?:{_words(d['kickers'])}))\s*(?:\.\.+|…|:|\||-|–|—|!)\s*(?P<rest>.*)$|^(?P<alone>(?:{_words(d['kickers'])}))\s*$"),
        widget=re.compile(_any(d["widgets"]), re.IGNORECASE),
        caption=re.compile(_any(d["captions"]), re.IGNORECASE),
        related=re.compile(rf"^\W*(?:{_any(d['related'])})\s*[:：\-–—|.]*\s*(?P<rest>.*)$", re.IGNORECASE),
        keywords=re.compile(rf"^\W*(?:{_any(d['keywords'])}){sep}(?P<rest>.*)$", re.IGNORECASE),
        source_label=re.compile(rf"^\W*(?:{_any(d['source_labels'])}){sep}(?P<rest>.+)$", re.IGNORECASE),
        byline_label=re.compile(rf"^\W*(?:{_any(d['byline_labels'])}){sep}(?P<rest>.+)$", re.IGNORECASE),
    )

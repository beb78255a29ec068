"""Compiled cues from data/enrich.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..arabic import normalize
from ..data import built_from, data_stamp, load_data
from .matcher import NameTrie


@dataclass(frozen=True)
class EnrichCues:
    roles: NameTrie  # role phrases, matched like names
    role_words: frozenset[str]  # single folded words of the role phrases
    qualifiers: frozenset[str]
    not_names: frozenset[str]
    reporting: frozenset[str]
    continuing: frozenset[str]


def enrich_cues() -> EnrichCues:
    return _build(data_stamp("enrich"))


@lru_cache(maxsize=2)
@built_from("enrich")
def _build(_stamp: tuple) -> EnrichCues:
    d = load_data("enrich")
    roles = NameTrie()
    for r in d["person_roles"]:
        roles.add(r, "role")
    fold = lambda items: frozenset(normalize(w) for w in items)  # noqa: E731
    role_words = frozenset(w for r in d["person_roles"] for w in normalize(r).split())
    return EnrichCues(roles, role_words, fold(d["role_qualifiers"]), fold(d["not_names"]),
                      fold(d["reporting_verbs"]), fold(d["continuing_verbs"]))

"""Find gazetteer names in Arabic text as it is written.

Names and text are compared as sequences of folded tokens (generator.arabic:
hamza and alef forms, ى/ي, ة/ه, diacritics). A token in the text may carry
clitics that a name never has: a conjunction (و ف), a preposition (ب ل ك)
and the article (ال, or لل after ل): وبوتين، للكرملين، فلافروف، الروسية.
Names are stored in a trie of tokens, so matching costs a few dictionary
lookups per token of text, whatever the size of the gazetteer (no regex per
variant); the longest name wins at each position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..arabic import normalize

TOKEN = re.compile(r"[\w\u064B-\u065F\u0670\u0640]+")
MIN_STEM = 3  # letters left after stripping clitics (no two-letter "names")


def strip_article(token: str) -> str:
    return token[2:] if token.startswith("ال") and len(token) >= 5 else token


def name_tokens(name: str) -> list[str]:
    """A gazetteer name as folded tokens without the article. Only a written
    ال is the article: إلهام and ألمانيا keep their first letters (folding
    first would turn إلهام into "هام", an ordinary word)."""
    return [normalize(strip_article(t)) for t in TOKEN.findall(name)]


@lru_cache(maxsize=262144)  # news vocabulary repeats: compute each word's forms once
def token_forms(token: str) -> tuple[str, ...]:
    """The stems a text token may stand for, with the fewest clitics removed
    first: الروسية -> روسيه, وللكرملين -> كرملين, فلافروف -> لافروف."""
    forms = [token, strip_article(token)]
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            for art in ("", "ال"):
                prefix = conj + prep + art
                if prefix and token.startswith(prefix) and len(token) - len(prefix) >= MIN_STEM:
                    forms.append(token[len(prefix):])
        # لل = ل + ال with the alef dropped
        if token.startswith(conj + "لل") and len(token) - len(conj) - 2 >= MIN_STEM:
            forms.append(token[len(conj) + 2:])
    return tuple(dict.fromkeys(forms))


@dataclass
class _Node:
    children: dict[str, "_Node"] = field(default_factory=dict)
    targets: tuple[str, ...] = ()


class Token(NamedTuple):  # made for every word of every article: a tuple is 5x cheaper to make than a frozen dataclass
    text: str  # as written
    norm: str
    start: int  # character span in the original text
    end: int


@dataclass(frozen=True)
class Match:
    target: str
    first: int  # token index
    last: int  # token index, exclusive
    start: int  # character span in the text
    end: int
    surface: str  # the text as written


def tokenize(text: str) -> list[Token]:
    # tuple.__new__ skips the named tuple's Python-level __new__ (a third of this function's time)
    return [_new_tuple(Token, (w := m.group(), fold_word(w), m.start(), m.end())) for m in TOKEN.finditer(text)]


_new_tuple = tuple.__new__


@lru_cache(maxsize=262144)
def fold_word(word: str) -> str:
    """normalize() of one word, remembered (news vocabulary repeats)."""
    return normalize(word)


class NameTrie:
    """Names (as token sequences) -> target ids."""

    def __init__(self) -> None:
        self.root = _Node()
        # token (folded) -> (first node, letters of clitics stripped) of each
        # of its forms that starts a name: most tokens start none, and one
        # lookup here replaces one per form (enriching 5,000 articles
        # 2.16-2.44 -> 1.84-2.16 s)
        self._starts: dict[str, tuple[tuple[_Node, int], ...]] = {}

    def add(self, name: str, target: str) -> None:
        tokens = name_tokens(name)
        if not tokens:
            return
        self._starts.clear()
        node = self.root
        for t in tokens:
            node = node.children.setdefault(t, _Node())
        if target not in node.targets:
            node.targets = (*node.targets, target)

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Longest, non-overlapping matches, left to right."""
        tokens = tokens if tokens is not None else tokenize(text)
        found: list[Match] = []
        starts_of = self._starts
        i = 0
        while i < len(tokens):
            starts = starts_of.get(tokens[i].norm)
            if starts is None:
                starts = self._first_nodes(tokens[i].norm)
            if not starts:
                i += 1
                continue
            best: tuple[int, int, tuple[str, ...]] | None = None  # (end, -stripped, targets)
            for node, stripped in starts:
                j = i + 1
                while node is not None:
                    if node.targets and (best is None or (j, -stripped) > best[:2]):
                        best = (j, -stripped, node.targets)
                    if j >= len(tokens):
                        break
                    nxt = tokens[j].norm
                    node = node.children.get(nxt) or node.children.get(strip_article(nxt))
                    j += 1
            if best is None:
                i += 1
                continue
            end = best[0]
            start_char, end_char = tokens[i].start, tokens[end - 1].end
            for target in best[2]:
                found.append(Match(target, i, end, start_char, end_char, text[start_char:end_char]))
            i = end
        return found

    def _first_nodes(self, norm: str) -> tuple[tuple[_Node, int], ...]:
        children = self.root.children
        starts = tuple((children[f], len(norm) - len(f)) for f in token_forms(norm) if f in children)
        if len(self._starts) >= _STARTS_MAX:  # a bound on memory, whatever the corpus
            self._starts.clear()
        self._starts[norm] = starts
        return starts


_STARTS_MAX = 262144

"""The same article scraped twice becomes one page that lists both copies.

Two records are copies when their article text is the same after cleaning
(so different page furniture around it does not matter), or when they open
with the same lead and share nearly all their paragraphs (one scrape kept a
stray line the other did not). Different articles never merge: a shared
lead alone is not enough.
"""

from __future__ import annotations

import hashlib

from ..arabic import normalize, words
from ..models import Article, Copy

SHARED_PARAGRAPHS = 0.8  # of the shorter text, for copies that differ slightly


def para_keys(a: Article) -> list[str]:
    return [" ".join(words(normalize(b.text))) for b in a.body if b.text.strip()]


def digest(keys: list[str]) -> str:
    return hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()


def _rank(a: Article) -> tuple:
    """Which copy to keep: the one with most metadata, then the first by id."""
    return (a.date is None, a.source is None, -len(a.body), a.id)


def merge_duplicates(articles: list[Article], keys: dict[str, list[str]] | None = None,
                     ) -> tuple[list[Article], list[tuple[Article, Article]]]:
    """Returns (kept articles, [(dropped copy, kept original)]). `keys`:
    para_keys() of every article by id, when the caller made them already."""
    keys = keys if keys is not None else {a.id: para_keys(a) for a in articles}
    groups: dict[str, list[Article]] = {}
    sizes: dict[str, tuple[int, int]] = {}  # group -> (order made, its original's paragraph count)
    # lead -> other paragraph -> the groups (of that lead) whose original has it. A
    # near copy shares its lead with the original, so only groups sharing a
    # second paragraph can be one: counted through these lists instead of
    # comparing with every group of the lead (quadratic on a corpus of
    # stories opening alike).
    having: dict[str, dict[str, list[str]]] = {}
    for a in sorted(articles, key=_rank):
        k = keys[a.id]
        if not k:
            groups[f"empty:{a.id}"] = [a]
            continue
        exact = digest(k)
        if exact in groups:
            groups[exact].append(a)
            continue
        lead, others = k[0], frozenset(k) - {k[0]}
        near = _first_near(having.get(lead, {}), others, len(k), sizes)
        if near:
            groups[near].append(a)
            continue
        groups[exact] = [a]
        sizes[exact] = (len(sizes), len(k))
        by_para = having.setdefault(lead, {})
        for p in others:
            by_para.setdefault(p, []).append(exact)
    kept: list[Article] = []
    dropped: list[tuple[Article, Article]] = []
    for group in groups.values():
        original, *copies = group
        for c in copies:
            original.copies.append(Copy(c.path, c.source, c.date, c.id))
            dropped.append((c, original))
        kept.append(original)
    kept_objects = {id(a) for a in kept}
    return [a for a in articles if id(a) in kept_objects], dropped


def _first_near(by_para: dict[str, list[str]], others: frozenset[str], size: int,
                sizes: dict[str, tuple[int, int]]) -> str | None:
    """The earliest group (of the same lead) that the text with these other
    paragraphs is nearly the same as."""
    shared: dict[str, int] = {}
    for p in others:
        for g in by_para.get(p, ()):
            shared[g] = shared.get(g, 1) + 1  # 1: the lead
    near = [g for g, n in shared.items() if n >= SHARED_PARAGRAPHS * min(sizes[g][1], size)]
    return min(near, key=lambda g: sizes[g][0]) if near else None


def nearly_same(a: frozenset[str], len_a: int, b: frozenset[str], len_b: int) -> bool:
    """Nearly all paragraphs shared (lengths count repeated paragraphs)."""
    shared = len(a & b)
    return shared >= 2 and shared >= SHARED_PARAGRAPHS * min(len_a, len_b)

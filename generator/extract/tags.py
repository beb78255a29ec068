"""Keyword lines (كلمات دلالية: …) into a list of tags."""

from __future__ import annotations

import re

from ..arabic import normalize, words


def split_tags(line: str, context: list[str]) -> list[str]:
    """Keywords after the label, split on the separators the site used.
    Scrapes often lose the separators ("روسيا دميتري بيسكوف قوات حفظ
    السلام"); then consecutive words are joined into the longest phrase the
    article itself uses, so multi-word names stay whole."""
    m = re.search(r"[:：]\s*", line)
    text = line[m.end():] if m else re.sub(r"^\S+\s*", "", line)
    if re.search(r"[،,؛;|#]|\s[-–]\s", text):
        parts = re.split(r"\s*[،,؛;|#]+\s*|\s+[-–]\s+", text)
    else:
        parts = _join_phrases(text.split(), context)
    out: list[str] = []
    seen: set[str] = set()
    for p in (p.strip(" .-#") for p in parts):
        if p and normalize(p) not in seen:
            seen.add(normalize(p))
            out.append(p)
    return out


def _phrase_key(text: str) -> str:
    return " ".join(words(normalize(text)))


def _join_phrases(tokens: list[str], context: list[str], longest: int = 5) -> list[str]:
    haystack = f" {' '.join(_phrase_key(c) for c in context)} "
    out, i = [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 1, -1):
            phrase = " ".join(tokens[i:i + n])
            if f" {_phrase_key(phrase)} " in haystack:
                out.append(phrase)
                i += n
                break
        else:
            # a noun and its nisba adjective agree: القوات الأرمينية, الخارجية الروسية
            if i + 1 < len(tokens) and _is_nisba_pair(tokens[i], tokens[i + 1]):
                out.append(f"{tokens[i]} {tokens[i + 1]}")
                i += 2
                continue
            out.append(tokens[i])
            i += 1
    return out


def _is_nisba_pair(noun: str, adjective: str) -> bool:
    n, a = normalize(noun), normalize(adjective)
    return n.startswith("ال") and a.startswith("ال") and len(a) > 4 and a.endswith(("يه", "ي"))

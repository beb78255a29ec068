"""People the gazetteer does not know yet, proposed to the editors.

A name is proposed when it follows an office word (الرئيس، وزير الخارجية
الروسي، المتحدث باسم الكرملين، السفير) and its qualifiers, reads as a name
(no article, not a particle or a verb) and is not a gazetteer name. Each
proposal keeps the sentence it came from, and a transliterated English name
marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import enrich_cues
from .matcher import Match, Token, tokenize

MAX_QUALIFIERS = 8
NAME_WORDS = (2, 3)


@dataclass(frozen=True)
class Proposal:
    name_ar: str
    name_en: str
    context: str


def propose(text: str, known: list[Match], adjectives: frozenset[str], tokens: list[Token] | None = None) -> list[Proposal]:
    """Unknown names after office words in text; `known` are the gazetteer
    matches in the same text (their tokens are never part of a new name)."""
    cues = enrich_cues()
    tokens = tokens if tokens is not None else tokenize(text)
    taken = {i for m in known for i in range(m.first, m.last)}
    out: list[Proposal] = []
    for role in cues.roles.find(text, tokens):
        j = role.last
        skipped = 0
        while j < len(tokens) and skipped < MAX_QUALIFIERS and _qualifier(tokens[j], adjectives, cues.qualifiers):
            j += 1
            skipped += 1
        if j in taken or j >= len(tokens):
            continue
        name: list[Token] = []
        while j < len(tokens) and len(name) < NAME_WORDS[1] and _name_like(tokens[j], cues.not_names) and j not in taken:
            if len(name) == NAME_WORDS[0] and not _ends_phrase(text, tokens[j]):
                break  # a third word only when the name visibly ends there (رجب طيب أردوغان،)
            name.append(tokens[j])
            j += 1
            if _ends_phrase(text, tokens[j - 1]):
                break
        if len(name) < NAME_WORDS[0]:
            continue
        name_ar = text[name[0].start:name[-1].end]
        out.append(Proposal(name_ar, transliterate(name_ar), _sentence(text, name[0].start)))
    return out


def _qualifier(tok: Token, adjectives: frozenset[str], qualifiers: frozenset[str]) -> bool:
    n = tok.norm
    return n.startswith(("ال", "لل", "بال", "وال")) or n in qualifiers or n in adjectives


def _name_like(tok: Token, not_names: frozenset[str]) -> bool:
    """No article or preposition-plus-article, not a particle or common
    verb, not "and" + such a word (ورئيس، وقال)."""
    n = tok.norm
    return (
        len(n) >= 2 and n not in not_names and not n.startswith(("ال", "لل", "بال", "وال", "فال", "كال"))
        and not (n[0] in "وف" and (n[1:] in not_names or n[1:] in enrich_cues().role_words))
        and n.isalpha() and all("\u0621" <= c <= "\u064A" for c in n)
    )


def _ends_phrase(text: str, tok: Token) -> bool:
    return text[tok.end:tok.end + 1] in ("،", ",", ".", ":", "؛", ")", "»", '"')


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(".", 0, at), text.rfind("؟", 0, at), text.rfind("!", 0, at)) + 1
    ends = [i for i in (text.find(".", at), text.find("؟", at), text.find("!", at)) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


# A readable, reversible-enough romanisation for proposals (not a standard).
_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "a", "ى": "a", "ء": "'", "ؤ": "'", "ئ": "'", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


def transliterate(name: str) -> str:
    """دينيس غونتشار -> Dinis Ghuntshar (marked as transliterated where shown)."""
    words = []
    for word in name.split():
        out = []
        for i, ch in enumerate(word):
            if ch == "ع" and i == 0:
                out.append("a")
            elif ch == "و":
                out.append("w" if i == 0 or (i + 1 < len(word) and word[i + 1] in "اوي") else "u")
            elif ch == "ي":
                out.append("y" if i == 0 or (i + 1 < len(word) and word[i + 1] in "اوي") else "i")
            else:
                out.append(_LETTERS.get(ch, "" if "\u064B" <= ch <= "\u065F" or ch == "ـ" else ch))
        w = re.sub(r"([aiu])\1+", r"\1", "".join(out)).strip("'")
        words.append(w[:1].upper() + w[1:])
    return " ".join(w for w in words if w)

"""Arabic normalisation for matching only; pages always keep the original text.

Folding rules (the usual ones for Arabic information retrieval):
diacritics and tatweel removed, alef forms (أ إ آ ٱ) -> ا, ى -> ي, ة -> ه,
ؤ -> و, ئ -> ي, Arabic-Indic and Persian digits -> ASCII, Persian letters
(ی ک) -> Arabic, Latin lower-cased.
"""

from __future__ import annotations

import re

DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")

_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ی": "ي", "ئ": "ي",
        "ة": "ه", "ۀ": "ه",
        "ؤ": "و",
        "ک": "ك",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)

ARABIC_LETTER = re.compile(r"[\u0621-\u063F\u0641-\u064A\u0671-\u06D3]")  # (not tatweel, U+0640)
LATIN_LETTER = re.compile(r"[A-Za-z]")
CYRILLIC_LETTER = re.compile(r"[\u0400-\u04FF]")


# The same folding as (letter, replacement) pairs. No replacement is itself
# a letter folded, so replacing one letter after another is translate(_FOLD);
# and faster on Arabic text: str.translate looks every character of a
# non-Latin-1 string up in the table, one replace() per letter present scans
# in C (normalising 33,000 scraped lines: 0.15 s -> 0.06 s).
_FOLD_PAIRS = tuple((chr(code), to) for code, to in _FOLD.items())


def normalize(text: str) -> str:
    """Fold spelling variants so that equal words compare equal."""
    return fold_letters(text).lower()


def fold_letters(text: str) -> str:
    """The Arabic folding of normalize() without lower-casing: for regular
    expressions written by users in ordinary spelling (على، إلى، الصورة)."""
    text = DIACRITICS.sub("", text)
    for letter, to in _FOLD_PAIRS:
        if letter in text:
            text = text.replace(letter, to)
    return text


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic (0 when there are no letters)."""
    ar = len(ARABIC_LETTER.findall(text))
    other = len(LATIN_LETTER.findall(text)) + len(CYRILLIC_LETTER.findall(text))
    return ar / (ar + other) if ar + other else 0.0


WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u0640]+")  # letters, digits, diacritics; not ، ؛ ؟


def words(text: str) -> list[str]:
    return WORD.findall(text)


def more_words_than(text: str, n: int) -> bool:
    """len(words(text)) > n, reading no further than word n + 1 (the line
    rules ask it of every line, most of them long paragraphs)."""
    for i, _ in enumerate(WORD.finditer(text)):
        if i >= n:
            return True
    return False

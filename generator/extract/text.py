"""Small predicates about one line of scraped text."""

from __future__ import annotations

import re

from ..arabic import more_words_than

SENTENCE_END_CHARS = frozenset(".!?؟…")
NON_WORD = re.compile(r"\W*")
TRAILING_QUOTES = "\"'»”’)]"
CLOSING_QUOTES = "\"»”’"
HEADLINE_MAX_WORDS = 20
SUBHEADING_MAX_WORDS = 5
# "وختم بالقول: «…»" — reported speech, which headlines of other stories are not
SPEECH = re.compile(r"[:：]\s*[«\"“]")


def _final_punctuation(line: str) -> bool:
    """A sentence-final mark among the characters after the last word
    (read from the end: linear however long a run of punctuation is)."""
    tail = NON_WORD.match(line[::-1]).group(0)
    return not SENTENCE_END_CHARS.isdisjoint(tail)


def is_headline_like(line: str) -> bool:
    """Short and without sentence-final punctuation: reads as a headline."""
    return (more_words_than(line, 1) and not more_words_than(line, HEADLINE_MAX_WORDS)
            and not _final_punctuation(line.rstrip(TRAILING_QUOTES + " ")))


def ends_sentence(line: str) -> bool:
    """Ends like a paragraph: final punctuation, or a closing quote mark."""
    stripped = line.rstrip()
    return _final_punctuation(stripped.rstrip(TRAILING_QUOTES + " ")) or stripped[-1:] in CLOSING_QUOTES


def reads_as_speech(line: str) -> bool:
    return bool(SPEECH.search(line)) or (line.rstrip()[-1:] in CLOSING_QUOTES and more_words_than(line, 10))

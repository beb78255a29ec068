"""A short extractive summary: the lead, which in news is usually best."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")
MAX_SENTENCES = 3
ENOUGH_WORDS = 45


def summarize(paragraphs: list[str]) -> list[str]:
    """The first two or three sentences of the article's own text."""
    out: list[str] = []
    words = 0
    for para in paragraphs:
        for sentence in SENTENCE_END.split(para.strip()):
            sentence = sentence.strip()
            if len(sentence.split()) < 4:
                continue
            out.append(sentence)
            words += len(sentence.split())
            if len(out) >= MAX_SENTENCES or (len(out) >= 2 and words >= ENOUGH_WORDS):
                return out
    return out

"""Template text: lines an outlet prints around every article.

A body line that appears, word for word (after normalisation), in several
articles of the same outlet is page furniture the per-article rules missed
(a slogan, a subscription prompt, a standing disclaimer). This pass needs the
whole corpus, so it runs after every article has been extracted.
"""

from __future__ import annotations

import re
import sys

from ..arabic import normalize
from ..models import Article, Removed

MIN_ARTICLES = 3  # "several": two articles may quote the same sentence

Key = tuple[str, str]  # (outlet id, normalised line)


def reason(n: int, outlet: str) -> str:
    """Why a template line was taken out, as the record says it."""
    return f"template text (in {n} articles of {outlet})"


_REASON = re.compile(r"template text \(in \d+ articles of (?P<outlet>.*)\)", re.S)


def recounted(reason_given: str, n: int) -> str | None:
    """A template line's reason with a new count of articles; None for a
    line taken out for another reason."""
    m = _REASON.fullmatch(reason_given)
    return reason(n, m["outlet"]) if m else None


def line_keys(a: Article) -> tuple[list[Key], str]:
    """The article's body lines as keys, and its normalised headline."""
    if a.source is None:
        return [], ""
    return [(a.source.id, normalize(b.text)) for b in a.body], normalize(a.title)


class TemplateLines:
    """For each (outlet, line): the distinct headlines of the articles that
    print it (copies of one article are not "several articles"). Counted
    per headline, so one article can be taken out again and put back
    edited (an incremental rebuild) without recounting the corpus."""

    def __init__(self, min_articles: int = MIN_ARTICLES) -> None:
        self.min_articles = min_articles
        # plain dicts, not Counters: an incremental build saves and loads
        # this (a Counter pickles ten times slower)
        self.seen_in: dict[Key, dict[str, int]] = {}

    def add(self, keys: list[Key], title: str, sign: int = 1) -> None:
        for key in dict.fromkeys(keys):
            titles = self.seen_in.setdefault(key, {})
            n = titles.get(title, 0) + sign
            if n > 0:
                titles[title] = n
            else:
                titles.pop(title, None)
                if not titles:
                    del self.seen_in[key]

    def articles_with(self, key: Key) -> int:
        titles = self.seen_in.get(key)
        return len(titles) if titles else 0

    def is_template(self, key: Key) -> bool:
        return self.articles_with(key) >= self.min_articles

    def remove_from(self, a: Article, keys: list[Key]) -> None:
        """Move the article's template lines from its body to `removed`."""
        keep = []
        for block, key in zip(a.body, keys):
            n = self.articles_with(key)
            if n >= self.min_articles:
                a.removed.append(Removed(block.text, sys.intern(reason(n, a.source.name_en))))  # shared: see models.shared
            else:
                keep.append(block)
        if len(keep) != len(a.body):
            a.body = keep


def remove_template_lines(articles: list[Article], min_articles: int = MIN_ARTICLES,
                          keys: list[tuple[list[Key], str]] | None = None) -> TemplateLines:
    """Remove every article's template lines; return the counts. `keys`:
    line_keys() of each article, when the caller made them already."""
    lines = TemplateLines(min_articles)
    keys = keys if keys is not None else [line_keys(a) for a in articles]
    for k, title in keys:
        lines.add(k, title)
    for a, (k, _) in zip(articles, keys):
        if k:
            lines.remove_from(a, k)
    return lines

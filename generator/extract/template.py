"""Template text: lines an outlet prints around every article.

A body line that appears, word for word (after normalisation), in several
articles of the same outlet is page furniture the per-article rules missed
(a slogan, a subscription prompt, a standing disclaimer). This pass needs the
whole corpus, so it runs after every article has been extracted.
"""

from __future__ import annotations

from collections import defaultdict

from ..arabic import normalize
from ..models import Article, Removed

MIN_ARTICLES = 3  # "several": two articles may quote the same sentence


def remove_template_lines(articles: list[Article], min_articles: int = MIN_ARTICLES) -> None:
    seen_in: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in articles:
        if a.source is None:
            continue
        for block in a.body:
            # distinct headlines: copies of one article are not "several articles"
            seen_in[(a.source.id, normalize(block.text))].add(normalize(a.title))
    for a in articles:
        if a.source is None:
            continue
        keep = []
        for block in a.body:
            n = len(seen_in[(a.source.id, normalize(block.text))])
            if n >= min_articles:
                a.removed.append(Removed(block.text, f"template text (in {n} articles of {a.source.name_en})"))
            else:
                keep.append(block)
        if len(keep) != len(a.body):
            a.body = keep

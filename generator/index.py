"""Stage 3: indices over all articles, built once every record is known.

Sort orders are total (ties broken by id) so pages are byte-identical
whatever order the files were read in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Article


def newest_first_key(a: Article) -> tuple:
    # dated before undated; newest date first; then time; then id
    return (a.date is None, _neg(a.date or ""), _neg(a.time or ""), a.id)


def _neg(s: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in s)


@dataclass
class Month:
    year: int
    month: int
    articles: list[Article]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass
class SiteIndex:
    articles: list[Article]  # newest first
    months: list[Month] = field(default_factory=list)  # newest first
    undated: list[Article] = field(default_factory=list)

    @property
    def latest(self) -> list[Article]:
        return self.articles[:10]


def build_index(articles: list[Article]) -> SiteIndex:
    ordered = sorted(articles, key=newest_first_key)
    months: dict[tuple[int, int], list[Article]] = {}
    undated: list[Article] = []
    for a in ordered:
        if a.date:
            y, m = int(a.date[:4]), int(a.date[5:7])
            months.setdefault((y, m), []).append(a)
        else:
            undated.append(a)
    month_list = [Month(y, m, arts) for (y, m), arts in sorted(months.items(), reverse=True)]
    return SiteIndex(articles=ordered, months=month_list, undated=undated)

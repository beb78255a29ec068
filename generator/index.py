"""Stage 3: indices over all articles, built once every record is known.

By actor, place, source, tag and date; monthly (and weekly) digests; related
articles. Sort orders are total (ties broken by id) so that the same records
give byte-identical pages whatever order the files were read in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from functools import lru_cache
from dataclasses import dataclass, field
from itertools import compress

from .arabic import normalize
from .enrich.people import transliterate
from .models import ActorRef, Article, PlaceRef, QuoteRef, Source

LATEST = 10
TOP_ACTORS = 10
RELATED = 5
CO_ACTORS = 10
BUSY_MONTH = 20  # a month with more articles also gets weekly digests


def newest_first_key(a: Article) -> tuple:
    # dated before undated; newest date first; then time; then id
    return (a.date is None, _neg(a.date or ""), _neg(a.time or ""), a.id)


def _neg(s: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in s)


@lru_cache(maxsize=65536)  # each tag is slugged on every page that links to it
def slug(text: str) -> str:
    """An ASCII, language-neutral page name for an Arabic label (tags)."""
    latin = unicodedata.normalize("NFKD", transliterate(text)).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:40].strip("-") or "tag"
    return f"{base}-{hashlib.sha1(normalize(text).encode('utf-8')).hexdigest()[:6]}"


@dataclass
class Entry:
    """An index entry: the articles about one actor, place, source or tag."""

    id: str
    articles: list[Article] = field(default_factory=list)  # newest first
    mentions: int = 0

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass
class ActorEntry(Entry):
    ref: ActorRef | None = None
    quotes: list[tuple[Article, QuoteRef]] = field(default_factory=list)
    co_actors: list[tuple[str, int]] = field(default_factory=list)  # (actor id, shared articles)
    months: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM, articles), chronological


@dataclass
class PlaceEntry(Entry):
    ref: PlaceRef | None = None


@dataclass
class SourceEntry(Entry):
    ref: Source | None = None


@dataclass
class TagEntry(Entry):
    name: str = ""


@dataclass
class Day:
    date: str  # YYYY-MM-DD
    articles: list[Article]


@dataclass
class Month:
    key: str  # YYYY-MM
    days: list[Day]  # newest first

    @property
    def year(self) -> int:
        return int(self.key[:4])

    @property
    def month(self) -> int:
        return int(self.key[5:7])

    @property
    def articles(self) -> list[Article]:
        return [a for d in self.days for a in d.articles]


@dataclass
class Year:
    year: int
    months: list[Month]  # newest first

    @property
    def articles(self) -> list[Article]:
        return [a for m in self.months for a in m.articles]


@dataclass
class Week:
    key: str  # YYYY-Www (ISO week)
    start: str  # Monday, YYYY-MM-DD
    end: str
    days: list[Day]


@dataclass
class Digest:
    """A briefing for one month: articles grouped by day, top actors first."""

    month: Month
    top_actors: list[tuple[str, int]]  # (actor id, mentions)
    weeks: list[Week] = field(default_factory=list)  # when the month is busy


@dataclass
class SiteIndex:
    articles: list[Article]  # newest first
    actors: dict[str, ActorEntry]
    places: dict[str, PlaceEntry]
    sources: dict[str, SourceEntry]
    tags: dict[str, TagEntry]
    years: list[Year]  # newest first
    undated: list[Article]
    digests: list[Digest]  # newest first
    related: dict[str, list[Article]]

    @property
    def latest(self) -> list[Article]:
        return self.articles[:LATEST]

    @property
    def months(self) -> list[Month]:
        return [m for y in self.years for m in y.months]

    @property
    def days(self) -> list[Day]:
        """Every day with articles, oldest first (for prev/next links)."""
        return sorted((d for m in self.months for d in m.days), key=lambda d: d.date)

    def top_actors(self, n: int = TOP_ACTORS) -> list[ActorEntry]:
        return sorted(self.actors.values(), key=lambda e: (-e.mentions, -e.count, e.id))[:n]

    def months_chronological(self) -> list[tuple[str, int]]:
        return sorted((m.key, len(m.articles)) for m in self.months)


def build_index(articles: list[Article]) -> SiteIndex:
    ordered = sorted(articles, key=newest_first_key)
    actors: dict[str, ActorEntry] = {}
    places: dict[str, PlaceEntry] = {}
    sources: dict[str, SourceEntry] = {}
    tags: dict[str, TagEntry] = {}
    for a in ordered:
        for r in a.actors:
            e = actors.setdefault(r.id, ActorEntry(r.id, ref=r))
            e.articles.append(a)
            e.mentions += r.mentions
        for r in a.places:
            e = places.setdefault(r.id, PlaceEntry(r.id, ref=r))
            e.articles.append(a)
            e.mentions += r.mentions
        if a.source:
            e = sources.setdefault(a.source.id, SourceEntry(a.source.id, ref=a.source))
            e.articles.append(a)
        for tag in dict.fromkeys(a.tags):
            key = slug(tag)
            e = tags.setdefault(key, TagEntry(key, name=tag))
            e.articles.append(a)
        for q in a.quotes:
            if q.speaker and q.speaker in actors:
                actors[q.speaker].quotes.append((a, q))
    for e in actors.values():
        summarize_actor(e)
    years, undated = _calendar(ordered)
    return SiteIndex(
        articles=ordered, actors=actors, places=places, sources=sources, tags=tags,
        years=years, undated=undated, digests=_digests(years), related=related_articles(ordered),
    )


def summarize_actor(e: ActorEntry) -> None:
    """The actor's co-mentioned actors and articles per month, from its articles."""
    together: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for a in e.articles:
        together.update(r.id for r in a.actors if r.id != e.id)
        if a.date:
            months[a.date[:7]] += 1
    e.co_actors = sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:CO_ACTORS]
    e.months = sorted(months.items())


def _calendar(ordered: list[Article]) -> tuple[list[Year], list[Article]]:
    by_day: dict[str, list[Article]] = defaultdict(list)
    undated = []
    for a in ordered:
        (by_day[a.date] if a.date else undated).append(a)
    months: dict[str, list[Day]] = defaultdict(list)
    for day in sorted(by_day, reverse=True):
        months[day[:7]].append(Day(day, by_day[day]))
    years: dict[int, list[Month]] = defaultdict(list)
    for key in sorted(months, reverse=True):
        years[int(key[:4])].append(Month(key, months[key]))
    return [Year(y, years[y]) for y in sorted(years, reverse=True)], undated


def _digests(years: list[Year]) -> list[Digest]:
    out = []
    for y in years:
        for m in y.months:
            weeks = _weeks(m) if len(m.articles) > BUSY_MONTH else []
            out.append(Digest(m, month_top_actors(m), weeks))
    return out


def month_top_actors(m: Month) -> list[tuple[str, int]]:
    """The month's most mentioned actors: (actor id, mentions)."""
    counts: Counter[str] = Counter()
    for a in m.articles:
        counts.update({r.id: r.mentions for r in a.actors})
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ACTORS]


def _weeks(month: Month) -> list[Week]:
    by_week: dict[str, list[Day]] = defaultdict(list)
    for d in month.days:
        iso = dt.date.fromisoformat(d.date).isocalendar()
        by_week[f"{iso.year}-W{iso.week:02d}"].append(d)
    weeks = []
    for key in sorted(by_week, reverse=True):
        year, week = int(key[:4]), int(key[6:])
        monday = dt.date.fromisocalendar(year, week, 1)
        weeks.append(Week(key, monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), by_week[key]))
    return weeks


def related_articles(ordered: list[Article]) -> dict[str, list[Article]]:
    """Articles sharing actors and places, closer in time ranking higher:
    the RELATED best by score * closeness, ties by id. A shared actor or
    place scores the product of the weights the two articles give it (2 for
    a person, else 1); closeness is 1 / (1 + days apart / 30), 0.5 when
    either article is undated.

    Candidates come from an inverted index, so cost follows the overlaps,
    not the square of the corpus; and not every overlap is counted. The
    posting lists hold positions in day order, so the articles within some
    days of a dated article are one slice of each list: its candidates are
    counted in a window of days just wide enough that nothing outside can
    rank (a candidate scores at most the sum, over the article's keys, of
    its weight times the largest weight any article gives the key).
    Undated articles count all their candidates; scores are symmetric, so
    those counts also give the dated articles their undated candidates."""
    n = len(ordered)
    days = [dt.date.fromisoformat(a.date).toordinal() if a.date else None for a in ordered]
    # positions: the dated articles by day, then the undated
    at = sorted(range(n), key=lambda i: (days[i] is None, days[i] or 0))
    dated = sum(d is not None for d in days)
    day_at = [days[i] for i in at[:dated]]
    id_at = [ordered[i].id for i in at]

    keys: list[dict[str, int]] = []
    for i in at:
        a = ordered[i]
        weights = {f"a:{r.id}": 2 if r.type == "person" else 1 for r in a.actors}
        weights.update({f"p:{r.id}": 1 for r in a.places})
        keys.append(weights)
    by_key: dict[str, list[int]] = defaultdict(list)
    for p, weights in enumerate(keys):
        for k in weights:
            by_key[k].append(p)
    # the usable keys, their postings split by the weight the article gives the key
    split: dict[str, list[tuple[int, list[int]]]] = {}
    for k, post in by_key.items():
        if len(post) > 2000:  # ubiquitous (Russia in a Russia corpus): no signal
            continue
        split[k] = [(w, [p for p in post if keys[p][k] == w]) for w in sorted({keys[p][k] for p in post})]

    def terms(p: int) -> tuple[list[tuple[int, list[int]]], int]:
        """(weight product, postings) for each usable key of the article at
        p, and the most any candidate can score."""
        mine = [(k, w) for k, w in keys[p].items() if k in split]
        return [(w * wk, post) for k, w in mine for wk, post in split[k]], sum(w * split[k][-1][0] for k, w in mine)

    best_at: list[list[tuple[float, str, int]]] = [[] for _ in range(n)]
    for p in range(dated):
        d = day_at[p]
        mine, bound = terms(p)
        if not mine:
            continue
        best: list[tuple[float, str, int]] = []
        worst = 0.0  # the value a candidate must reach to rank, once RELATED are found
        lo = hi = p  # the positions counted so far
        nearest = 1.0  # the closeness of the nearest candidate not counted yet
        width = 48  # days
        while True:
            wider_lo, wider_hi = bisect_left(day_at, d - width), bisect_right(day_at, d + width)
            ring = _count(mine, p, [(wider_lo, wider_hi)] if lo == hi else [(wider_lo, lo), (hi, wider_hi)])
            best = _best(ring, best, worst, nearest, _closeness(width), id_at, d, day_at)
            lo, hi, nearest = wider_lo, wider_hi, _closeness(width + 1)
            worst = -best[-1][0] if len(best) == RELATED else 0.0
            if (lo == 0 and hi == dated) or bound * nearest < worst:
                break
            width = _reach(bound, worst, width)
        best_at[p] = best

    # Undated candidates are 0.5 close to a dated article, and scores are
    # symmetric: the undated articles' counts give them to the dated ones.
    # Except to the few whose RELATED-th best is so low that most undated
    # candidates could rank: those count their undated candidates themselves.
    need = [-b[-1][0] if len(b) == RELATED else 0.0 for b in best_at[:dated]]
    bar = sorted(need)[len(need) // 20] if need else 0.0  # the lowest 5% count themselves
    least = _least(bar, 0.5)  # the score an undated candidate needs to rank for any other
    offers: dict[int, list[tuple[float, str, int]]] = defaultdict(list)
    for p in range(dated, n):
        mine, _ = terms(p)
        if not mine:
            continue
        scores = _count(mine, p, [(0, n)])
        best_at[p] = _best(scores, [], 0.0, 0.5, 0.5, id_at, None, day_at)
        for q in compress(scores, map(least.__le__, scores.values())):
            if q < dated and need[q] >= bar and scores[q] * 0.5 >= need[q]:
                offers[q].append((-scores[q] * 0.5, id_at[p], p))
    for q, extra in offers.items():
        best_at[q] = heapq.nsmallest(RELATED, best_at[q] + extra)
    if dated < n:
        for q in range(dated):
            if need[q] < bar:
                mine, _ = terms(q)
                best_at[q] = _best(_count(mine, q, [(dated, n)]), best_at[q], need[q], 0.5, 0.5, id_at, None, day_at)

    out: dict[str, list[Article]] = {}
    for p in sorted(range(n), key=at.__getitem__):  # in the given order
        out[id_at[p]] = [ordered[at[q]] for _, _, q in best_at[p]]
    return out


def _count(terms: list[tuple[int, list[int]]], me: int, ranges: list[tuple[int, int]]) -> Counter[int]:
    """Scores of the candidates at positions in the ranges (lo <= q < hi).
    Weight products are small integers, so the sums are exact: equal to the
    float sums taken in any order."""
    bag: list[int] = []
    for m, post in terms:
        for lo, hi in ranges:
            if lo < hi:
                seg = post[bisect_left(post, lo):bisect_left(post, hi)]
                bag += seg if m == 1 else seg * m
    scores = Counter(bag)
    scores.pop(me, None)
    return scores


def _best(scores: Counter[int], best: list[tuple[float, str, int]], worst: float, nearest: float,
          farthest: float, id_at: list[str], day: int | None, day_at: list[int]) -> list[tuple[float, str, int]]:
    """The RELATED smallest (-score * closeness, id, position) among `best`
    and the candidates in `scores`, whose closeness (to `day`, or 0.5
    without one) is between `farthest` and `nearest`.

    Only candidates that can rank are looked at: one scoring s is worth at
    most s * nearest, and the RELATED-th best value is at least `worst` (the
    one so far) and at least the RELATED-th best of the values in `best` and
    of the best scores times `farthest`."""
    if len(scores) + len(best) > RELATED:
        floor = sorted([-v for v, _, _ in best] + [s * farthest for s in sorted(scores.values())[-RELATED:]])
        worst = max(worst, floor[-RELATED])
    ahead = list(compress(scores, map(_least(worst, nearest).__le__, scores.values())))
    if day is None:  # closeness 0.5
        entries = [(-scores[q] * 0.5, id_at[q], q) for q in ahead]
    else:  # the candidates are dated
        entries = [(-scores[q] * (1.0 / (1.0 + abs(day - day_at[q]) / 30.0)), id_at[q], q) for q in ahead]
    return heapq.nsmallest(RELATED, best + entries)


def _least(worst: float, nearest: float) -> int:
    """The least score s with s * nearest >= worst (scores are integers)."""
    s = max(0, math.ceil(worst / nearest))
    while s > 0 and (s - 1) * nearest >= worst:
        s -= 1
    while s * nearest < worst:
        s += 1
    return s


def _closeness(days: int) -> float:
    return 1.0 / (1.0 + days / 30.0)


def _reach(bound: float, worst: float, width: int) -> int:
    """A window width (days) beyond which no candidate can reach `worst`."""
    if worst <= 0:
        return width * 4
    reach = max(width + 1, int(30.0 * (bound / worst - 1.0)))
    while bound * _closeness(reach + 1) >= worst:
        reach += 1
    return reach

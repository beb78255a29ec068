"""Stage 3: indices over all articles, built once every record is known.

By actor, place, source, tag and date; monthly (and weekly) digests; related
articles. Sort orders are total (ties broken by id) so that the same records
give byte-identical pages whatever order the files were read in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

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
        together: Counter[str] = Counter()
        months: Counter[str] = Counter()
        for a in e.articles:
            together.update(r.id for r in a.actors if r.id != e.id)
            if a.date:
                months[a.date[:7]] += 1
        e.co_actors = sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:CO_ACTORS]
        e.months = sorted(months.items())
    years, undated = _calendar(ordered)
    return SiteIndex(
        articles=ordered, actors=actors, places=places, sources=sources, tags=tags,
        years=years, undated=undated, digests=_digests(years), related=_related(ordered),
    )


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
            counts: Counter[str] = Counter()
            for a in m.articles:
                counts.update({r.id: r.mentions for r in a.actors})
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ACTORS]
            weeks = _weeks(m) if len(m.articles) > BUSY_MONTH else []
            out.append(Digest(m, top, weeks))
    return out


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


def _related(ordered: list[Article]) -> dict[str, list[Article]]:
    """Articles sharing actors and places, closer in time ranking higher.
    Candidates come from an inverted index, so cost follows the overlaps,
    not the square of the corpus."""
    by_key: dict[str, list[int]] = defaultdict(list)
    keys: list[dict[str, float]] = []
    for i, a in enumerate(ordered):
        weights = {f"a:{r.id}": 2.0 if r.type == "person" else 1.0 for r in a.actors}
        weights.update({f"p:{r.id}": 1.0 for r in a.places})
        keys.append(weights)
        for k in weights:
            by_key[k].append(i)
    out: dict[str, list[Article]] = {}
    for i, a in enumerate(ordered):
        scores: Counter[int] = Counter()
        for k, w in keys[i].items():
            if len(by_key[k]) > 2000:  # ubiquitous (Russia in a Russia corpus): no signal
                continue
            for j in by_key[k]:
                if j != i:
                    scores[j] += w * keys[j][k]
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1] * _closeness(a, ordered[kv[0]]), ordered[kv[0]].id))
        out[a.id] = [ordered[j] for j, s in ranked[:RELATED] if s > 0]
    return out


def _closeness(a: Article, b: Article) -> float:
    if not a.date or not b.date:
        return 0.5
    days = abs((dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)).days)
    return 1.0 / (1.0 + days / 30.0)

"""Typed data passed between the pipeline stages.

ingest -> RawArticle -> extract -> Article -> (index, render)

Every stage takes and returns these objects; nothing else travels between
modules, so each stage can be read, tested and replaced on its own.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from operator import attrgetter
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from .safe import printable

SCHEMA_VERSION = 1


def _tuple_pickled(cls: type) -> type:
    """Pickle as (class, field values): smaller, and loaded through __init__
    (for 200,000 of them, a third less time than restoring each instance's
    __dict__). Hundreds of thousands are in an incremental build's saved state."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@dataclass(frozen=True)
class RawArticle:
    """A seed file, decoded and normalised to NFC text with LF line ends."""

    path: str  # as given on the command line or relative to the project
    name: str  # file name, used for the id
    file: Path  # where it is on disk (for sidecar files beside it)
    text: str
    encoding: str
    sha256: str  # of the raw bytes: identifies the input for caches and reports


@dataclass(frozen=True)
class Skipped:
    """An input that produced no page, and why (goes into the build report)."""

    path: str
    reason: str


@_tuple_pickled
@dataclass(frozen=True)
class Source:
    id: str
    name_ar: str
    name_en: str


@_tuple_pickled
@dataclass(frozen=True)
class Removed:
    line: str
    reason: str


@_tuple_pickled
@dataclass(frozen=True)
class Block:
    """One block of the article body: a paragraph or a subheading."""

    type: str  # "paragraph" | "heading"
    text: str


@_tuple_pickled
@dataclass(frozen=True)
class ActorRef:
    """An actor of the gazetteer named in the article, with its mention count."""

    id: str
    name_ar: str
    name_en: str
    type: str
    mentions: int


@_tuple_pickled
@dataclass(frozen=True)
class PlaceRef:
    id: str
    name_ar: str
    name_en: str
    kind: str
    mentions: int


@_tuple_pickled
@dataclass(frozen=True)
class Unlinked:
    """A person named in the article but not (yet) in the gazetteer."""

    name_ar: str
    name_en: str  # transliterated, not an established spelling
    context: str


@_tuple_pickled
@dataclass(frozen=True)
class QuoteRef:
    speaker: str | None  # actor id
    speaker_text: str
    text: str


@_tuple_pickled
@dataclass(frozen=True)
class Copy:
    """Another scrape of the same article, merged into this record."""

    path: str
    source: Source | None
    date: str | None
    id: str


@dataclass(frozen=True)
class Translation:
    """English text of an article: by the editors (sidecar) or a machine."""

    title: str
    summary: list[str]
    body: list[Block]
    translated_by: str  # "editors" | "machine"
    kicker: str | None = None
    engine: str | None = None  # for machine translation: which engine and model


@dataclass
class Article:
    """The normalised record of one article: front matter and JSON output."""

    path: str
    id: str
    title: str
    body: list[Block]
    schema_version: int = SCHEMA_VERSION
    kicker: str | None = None
    date: str | None = None  # YYYY-MM-DD
    time: str | None = None  # HH:MM
    timezone: str | None = None
    date_evidence: str | None = None
    weekday: str | None = None  # English weekday name, e.g. "Thursday"
    date_hijri: str | None = None  # YYYY-MM-DD in the Hijri calendar, as stated
    source: Source | None = None
    source_evidence: str | None = None
    section: str | None = None
    byline: str | None = None
    tags: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    unlinked: list[Unlinked] = field(default_factory=list)
    quotes: list[QuoteRef] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    en: Translation | None = None
    copies: list[Copy] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-able data, in schema field order."""
        return {k: plain(getattr(self, k)) for k in RECORD_ORDER}


RECORD_ORDER = (
    "path", "id", "schema_version", "title", "kicker", "date", "time",
    "timezone", "date_evidence", "weekday", "date_hijri", "source", "source_evidence",
    "section", "byline", "tags", "actors", "places", "unlinked", "quotes",
    "summary", "body", "en", "copies", "removed", "overrides", "warnings",
)
_FIELDS: dict[type, tuple[str, ...]] = {}
# Record types whose fields are all strings, numbers or None (a test checks
# their annotations): converted by copying their __dict__, which holds the
# fields in order, instead of field by field (most objects of a record are
# these; with strings not passed to plain() either, to_dict of 10,000
# records 0.36-0.48 -> 0.27-0.41 s with the generator's GC settings).
FLAT = frozenset({Source, Removed, Block, ActorRef, PlaceRef, Unlinked, QuoteRef})


def plain(x: Any) -> Any:
    """dataclasses.asdict for our records, without its deep copies of every
    string (a third of the render stage at 10,000 articles)."""
    if isinstance(x, (str, int, float, bool)) or x is None:
        return x
    if isinstance(x, list):
        return [v if type(v) is str else plain(v) for v in x]  # (no call for a string)
    if type(x) in FLAT:
        return dict(x.__dict__)
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, tuple):
        return tuple(plain(v) for v in x)
    names = _FIELDS.get(type(x))
    if names is None:
        if not is_dataclass(x):
            raise TypeError(f"not record data: {type(x).__name__}")
        names = _FIELDS[type(x)] = tuple(f.name for f in fields(x))
    return {k: v if (v := getattr(x, k)) is None or type(v) is str else plain(v) for k in names}


@dataclass
class BuildReport:
    """What happened to every input: built, skipped (with reason), warnings."""

    inputs: list[str] = field(default_factory=list)
    built: list[str] = field(default_factory=list)  # article ids
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)  # copies merged into another page
    warnings: dict[str, list[str]] = field(default_factory=dict)  # id -> warnings
    unlinked: list[tuple[str, Unlinked]] = field(default_factory=list)  # (article id, person)
    notes: list[str] = field(default_factory=list)  # about the build as a whole
    written: list[str] = field(default_factory=list)  # docs files that changed
    deleted: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"inputs: {len(self.inputs)}, pages: {len(self.built)}, skipped: {len(self.skipped)}"
            + (f", duplicates: {len(self.duplicates)}" if self.duplicates else ""),
        ]
        out += [f"skipped {s.path}: {s.reason}" for s in self.skipped]
        out += [f"duplicate {s.path}: {s.reason}" for s in self.duplicates]
        out += self.notes
        for art_id, warns in sorted(self.warnings.items()):
            out += [f"warning {art_id}: {w}" for w in warns]
        out += [f"unknown person {art_id}: {u.name_ar} ({u.name_en})" for art_id, u in self.unlinked]
        return [printable(line) for line in out]  # names and reasons come from scraped text


def shared(cls: type, d: dict[str, Any], keys: tuple[str, ...] | None = None) -> Any:
    """cls(**d) with its strings (or those of `keys`) interned. Actor names,
    ids, types and reasons recur in thousands of records: made from dicts
    (the cache, the workers), each would be its own copy. Shared, they take
    less memory, and the state an incremental build saves is quicker to
    write (pickle writes a repeated object once)."""
    return cls(**{k: sys.intern(v) if type(v) is str and (keys is None or k in keys) else v for k, v in d.items()})


@lru_cache(maxsize=4096)
def _source(id: str, name_ar: str, name_en: str) -> Source:  # noqa: A002 - the record's field name
    return Source(id, name_ar, name_en)  # frozen: one object per outlet, shared by its articles


def _interned(value: str | None) -> str | None:
    return sys.intern(value) if value is not None else None


def article_from_dict(d: dict[str, Any]) -> Article:
    """The inverse of Article.to_dict (for the build cache)."""
    def source(x):
        return _source(x["id"], x["name_ar"], x["name_en"]) if x else None

    def blocks(xs):
        return [shared(Block, b, ("type",)) for b in xs]

    en = d.get("en")
    return Article(
        path=d["path"], id=d["id"], title=d["title"], body=blocks(d["body"]),
        schema_version=d["schema_version"], kicker=d["kicker"], date=_interned(d["date"]), time=_interned(d["time"]),
        timezone=d["timezone"], date_evidence=d["date_evidence"], weekday=d["weekday"],
        date_hijri=d["date_hijri"], source=source(d["source"]), source_evidence=d["source_evidence"],
        section=d["section"], byline=d["byline"], tags=[sys.intern(t) for t in d["tags"]],
        removed=[shared(Removed, r, ("reason",)) for r in d["removed"]], overrides=list(d["overrides"]),
        warnings=list(d["warnings"]), actors=[shared(ActorRef, r) for r in d["actors"]],
        places=[shared(PlaceRef, r) for r in d["places"]], unlinked=[Unlinked(**u) for u in d["unlinked"]],
        quotes=[shared(QuoteRef, q, ("speaker",)) for q in d["quotes"]], summary=list(d["summary"]),
        en=Translation(**{**en, "body": blocks(en["body"])}) if en else None,
        copies=[Copy(**{**c, "source": source(c["source"])}) for c in d["copies"]],
    )

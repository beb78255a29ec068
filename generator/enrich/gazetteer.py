"""The actor and place gazetteer (data/actors.yml, data/places.yml).

One canonical entry per actor or place, with its Arabic and English names,
spelling variants and (for states) nationality adjectives, as event-data
projects keep their actor dictionaries. Users extend the YAML; `digest
gazetteer` validates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..data import built_from, data_stamp, load_data

ACTOR_TYPES = {"person", "state", "organization", "government_body", "armed_force", "media"}
PLACE_KINDS = {"country", "region", "city", "corridor", "district", "border", "sea", "mountain", "village", "river", "lake"}
QID = re.compile(r"^Q[1-9]\d*$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Role:
    title_en: str
    title_ar: str
    start: str | None
    end: str | None

    def held_on(self, day: str | None) -> bool:
        """Whether the role was held on day (YYYY-MM-DD); unknown day: current roles."""
        if day is None:
            return self.end is None
        return (self.start or "0000") <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Actor:
    id: str
    type: str
    name_ar: str
    name_en: str
    variants_ar: tuple[str, ...]
    variants_en: tuple[str, ...]
    country: str | None
    roles: tuple[Role, ...]
    wikidata: str | None
    adjectives_ar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    name_ar: str
    name_en: str
    variants_ar: tuple[str, ...]
    variants_en: tuple[str, ...]
    parent: str | None
    actor: str | None
    wikidata: str | None


@dataclass(eq=False)  # compared and hashed by identity: derived indices are cached per object
class Gazetteer:
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)

    def actor_names(self, a: Actor) -> list[str]:
        return [a.name_ar, *a.variants_ar, *a.adjectives_ar]

    def place_names(self, p: Place) -> list[str]:
        return [p.name_ar, *p.variants_ar]


def _tuple(value) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or []))


def _date(value) -> str | None:
    return None if value is None else str(value)


def parse(actors_data: dict, places_data: dict) -> Gazetteer:
    gaz = Gazetteer()
    for e in actors_data.get("actors", []) or []:
        roles = tuple(
            Role(str(r.get("title_en", "")), str(r.get("title_ar", "")), _date(r.get("from")), _date(r.get("to")))
            for r in e.get("roles", []) or []
        )
        gaz.actors[str(e["id"])] = Actor(
            id=str(e["id"]), type=str(e.get("type", "")), name_ar=str(e.get("name_ar", "")),
            name_en=str(e.get("name_en", "")), variants_ar=_tuple(e.get("variants_ar")),
            variants_en=_tuple(e.get("variants_en")), country=e.get("country"), roles=roles,
            wikidata=e.get("wikidata"), adjectives_ar=_tuple(e.get("adjectives_ar")),
        )
    for e in places_data.get("places", []) or []:
        gaz.places[str(e["id"])] = Place(
            id=str(e["id"]), kind=str(e.get("kind", "")), name_ar=str(e.get("name_ar", "")),
            name_en=str(e.get("name_en", "")), variants_ar=_tuple(e.get("variants_ar")),
            variants_en=_tuple(e.get("variants_en")), parent=e.get("parent"), actor=e.get("actor"),
            wikidata=e.get("wikidata"),
        )
    return gaz


def gazetteer() -> Gazetteer:
    """The project's gazetteer, re-read when a data file changes (empty if
    the files are missing: the site still builds, without actor pages)."""
    try:
        return _load(data_stamp("actors", "places"))
    except FileNotFoundError:
        return Gazetteer()


@lru_cache(maxsize=2)
@built_from("actors", "places")
def _load(_stamp: tuple) -> Gazetteer:
    return parse(load_data("actors"), load_data("places"))


def match_key(name: str) -> str:
    """How names are compared: folded, clitic-free words (see matcher.py)."""
    from .matcher import name_tokens

    return " ".join(name_tokens(name))


def validate(gaz: Gazetteer) -> list[str]:
    """Everything wrong with the data, one message per problem."""
    problems: list[str] = []
    claimed: dict[str, str] = {}

    def claim(kind: str, owner: str, name: str) -> None:
        key = f"{kind}:{match_key(name)}"
        if not match_key(name):
            problems.append(f"{owner}: name {name!r} has no letters")
        elif key in claimed and claimed[key] != owner:
            problems.append(f"{owner}: variant {name!r} is also claimed by {claimed[key]}")
        else:
            claimed[key] = owner

    def common(where: str, entry: Actor | Place, kind: str, allowed: set[str]) -> None:
        """What every entry needs: a slug id, a known kind, both names, a well-formed QID."""
        if not ID.match(entry.id):
            problems.append(f"{where}: id must be a lower-case ASCII slug")
        if kind not in allowed:
            problems.append(f"{where}: unknown type or kind {kind!r}")
        if not entry.name_ar.strip() or not entry.name_en.strip():
            problems.append(f"{where}: missing name_ar or name_en")
        if entry.wikidata is not None and not QID.match(str(entry.wikidata)):
            problems.append(f"{where}: malformed Wikidata id {entry.wikidata!r}")

    for a in gaz.actors.values():
        where = f"actor {a.id}"
        common(where, a, a.type, ACTOR_TYPES)
        if a.country is not None and (a.country not in gaz.actors or gaz.actors[a.country].type != "state"):
            problems.append(f"{where}: country {a.country!r} is not a state in actors.yml")
        for r in a.roles:
            if not r.title_en or not r.title_ar or (r.start and not DATE.match(r.start)) or (r.end and not DATE.match(r.end)):
                problems.append(f"{where}: malformed role {r}")
        for name in dict.fromkeys(gaz.actor_names(a)):
            claim("actor", a.id, name)
    for p in gaz.places.values():
        where = f"place {p.id}"
        common(where, p, p.kind, PLACE_KINDS)
        if p.parent is not None and p.parent not in gaz.places:
            problems.append(f"{where}: parent {p.parent!r} is not a place")
        if p.actor is not None and p.actor not in gaz.actors:
            problems.append(f"{where}: actor {p.actor!r} is not in actors.yml")
        for name in dict.fromkeys(gaz.place_names(p)):
            claim("place", p.id, name)
    return problems

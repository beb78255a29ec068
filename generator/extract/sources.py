"""The outlet registry (data/outlets.yml) and name resolution against it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..arabic import normalize
from ..data import built_from, data_stamp, load_data
from ..models import Source


QUOTED = re.compile(r"[«\"“(/]\s*([^«»\"“”()/]{2,40}?)\s*[»\"”)/]")


@dataclass(frozen=True)
class Outlet:
    id: str
    name_ar: str
    name_en: str
    kind: str
    country: str
    website: str

    def as_source(self) -> Source:
        return Source(self.id, self.name_ar, self.name_en)


_PUNCTUATION = re.compile(r"[\"'«»“”‘’()\[\].,،:;!?_]")
_SPACES = re.compile(r"\s+")
_KIND = re.compile(r"^(وكاله|قناه|صحيفه|جريده|موقع|مجله|راديو|اذاعه)\s+")
_ARTICLE = re.compile(r"(?<!\S)ال(?=\S{3,})")


def _key(name: str) -> str:
    """Compare names folded, without punctuation, quotes or a leading ال."""
    n = _PUNCTUATION.sub(" ", normalize(name))
    n = _SPACES.sub(" ", n).strip()
    return _ARTICLE.sub("", _KIND.sub("", n))


@dataclass(frozen=True)
class Registry:
    outlets: dict[str, Outlet]
    by_key: dict[str, str]  # folded alias -> outlet id
    pattern: re.Pattern[str]  # any alias, on word boundaries, in folded text

    def resolve(self, name: str) -> Outlet | None:
        """The outlet a credit string names exactly ("الأسبوع", "د ب أ")."""
        oid = self.by_key.get(_key(name))
        return self.outlets[oid] if oid else None

    def credit(self, text: str, fillers: frozenset[str], max_other_words: int = 2) -> tuple[Outlet, str] | None:
        """The outlet a short credit line names ("أبوظبي - سكاي نيوز عربية",
        "وكالة الجمهورية الإسلامية للأنباء (إرنا)", "موسكو: «الشرق الأوسط»"):
        the outlet's name plus at most a dateline city and filler words.
        A quoted or bracketed name counts even when it is an ordinary word;
        with two names the last wins ("الرياض - واس": city, then agency)."""
        key = _key(text)
        whole = self.by_key.get(key)  # (resolve)
        if whole:
            return self.outlets[whole], text
        folded = normalize(text)
        spans = [(m.start(1), m.end(1), self.by_key.get(_key(m.group(1))))
                 for m in QUOTED.finditer(folded)]
        candidates = [(s, e, oid) for s, e, oid in spans if oid]
        if candidates:
            s, e, oid = candidates[-1]
            rest = _key(folded[:s] + " " + folded[e:])
        else:
            matches = list(self.pattern.finditer(key))
            if not matches:
                return None
            m = matches[-1]
            oid = self.by_key[_key(m.group(0))]
            rest = key[: m.start()] + " " + key[m.end():]
        fill = _filler_keys(fillers)
        # another name of the same outlet (an abbreviation in brackets) is not "other"
        other = [w for w in rest.split() if w not in fill and self.by_key.get(w) != oid]
        if len(other) > max_other_words:
            return None
        return self.outlets[oid], text

    def find(self, text: str) -> tuple[Outlet, str] | None:
        """The first outlet named anywhere in a short credit/meta text."""
        m = self.pattern.search(_key(text))
        if not m:
            return None
        oid = self.by_key.get(_key(m.group(0)))
        return (self.outlets[oid], m.group(0)) if oid else None


@lru_cache(maxsize=8)
def _filler_keys(fillers: frozenset[str]) -> frozenset[str]:
    return frozenset(_key(f) for f in fillers)


def registry() -> Registry:
    """Built from the data file, rebuilt when it changes."""
    return _build_registry(data_stamp("outlets"))


@lru_cache(maxsize=2)
@built_from("outlets")
def _build_registry(_stamp: tuple) -> Registry:
    outlets: dict[str, Outlet] = {}
    by_key: dict[str, str] = {}
    ambiguous: set[str] = set()
    for entry in load_data("outlets")["outlets"]:
        o = Outlet(
            entry["id"], entry["name_ar"], entry["name_en"], entry.get("kind", ""),
            entry.get("country", ""), entry.get("website", "") or "",
        )
        outlets[o.id] = o
        names = [o.name_ar, o.name_en, *entry.get("aliases_ar", []), *entry.get("aliases_en", []),
                 *entry.get("abbreviations", [])]
        if o.website:
            names.append(o.website)
        for n in names:
            by_key.setdefault(_key(str(n)), o.id)
        ambiguous.update(_key(str(n)) for n in entry.get("ambiguous", []))
    # Names that are also ordinary words ("العالم") are only recognised whole
    # (resolve), never found inside other text.
    alts = sorted((k for k in by_key if k and k not in ambiguous), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w\u0600-\u06FF])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w\u0600-\u06FF])")
    return Registry(outlets, by_key, pattern)

"""Arabic-aware search: spelling variants added to the search index.

Material's search (lunr) matches what was typed against the words as
written, so اذربيجان would not find أذربيجان and قاهرة would not find
القاهرة. We cannot change the query side without forking Material's
worker, so the index side carries, for every Arabic word, its folded form
(hamza and alef forms, ة/ه, ى/ي, no diacritics) and its forms without the
article and clitics (و ف ب ل ك ال لل). They go into a hidden element of each
entry's text: searchable, never shown in results.

The entries of article, actor and place pages are made by the generator
(render.py) and appended to Material's index after the build.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .arabic import DIACRITICS, normalize
from .enrich.gazetteer import Gazetteer
from .enrich.matcher import name_tokens, token_forms

ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u064B-\u065F\u0670\u0640]{2,}")
TAG = re.compile(r"<[^>]+>")
# The search's word separator (as `plugins.search.separator` in mkdocs.yml).
SEPARATOR = re.compile(r'[\s\-،؛؟,.:;!?"«»“”()\[\]]+')
# Shorter forms are particles (ان from أن): a two-letter query prefix-matches
# every word starting with it anyway.
MIN_FORM = 3


def words_of(text: str) -> set[str]:
    """The words lunr indexes in a text (tags taken out)."""
    return {w for w in SEPARATOR.split(TAG.sub(" ", text).lower()) if w}


def _starts_one_of(word: str, tokens: list[str]) -> bool:
    """Whether a sorted list has a token starting with word: Material's search
    matches what was typed as a prefix of the indexed words."""
    i = bisect_left(tokens, word)
    return i < len(tokens) and tokens[i].startswith(word)


@lru_cache(maxsize=262144)  # news vocabulary repeats: each word's forms once
def variants(word: str, names: frozenset[str] = frozenset()) -> frozenset[str]:
    """The spellings of one word a reader may type. A word of a gazetteer name
    (folded, in `names`) keeps its first letters: كريستوف is not ك + ريستوف,
    لبنان not ل + بنان."""
    plain = DIACRITICS.sub("", word)
    folded = normalize(word)
    if folded in names:
        out = {plain, folded}
    else:
        # folded and as written, each with and without clitics (قاهرة, قاهره from والقاهرة)
        out = {plain, folded, *token_forms(folded), *token_forms(plain)}
    return frozenset(v for v in out if len(v) >= MIN_FORM and v != word)


# A name's word that starts with a clitic and the article (والجنوب in "بين
# الشمال والجنوب") is a common word: it keeps its forms without them.
CLITIC_ARTICLE = re.compile(r"^(?:[وف][بلك]?|[بلك])ال|^[وف]?لل")


@lru_cache(maxsize=2)
def name_words(gaz: Gazetteer) -> frozenset[str]:
    """The folded words of the gazetteer's Arabic names, whose first letters
    are never taken for clitics."""
    names = [n for a in gaz.actors.values() for n in gaz.actor_names(a)]
    names += [n for p in gaz.places.values() for n in gaz.place_names(p)]
    return frozenset(t for n in names for t in name_tokens(n) if not CLITIC_ARTICLE.match(t))


def forms_for(text: str, gaz: Gazetteer | None = None) -> str:
    names = name_words(gaz) if gaz is not None else frozenset()
    words = set(ARABIC_WORD.findall(TAG.sub(" ", text)))
    forms = set()
    for w in words:
        forms |= variants(w, names)
    forms -= words
    # a form that starts another word of the entry (اتفاق of اتفاقية) finds
    # nothing more: the search matches prefixes (in sorted order, a word that
    # starts with a form comes right after it)
    tokens = sorted(forms | words_of(text))
    kept = [f for f, after in zip(tokens, tokens[1:] + [""]) if f in forms and not after.startswith(f)]
    return " ".join(kept)


# The variants' element: the shortest markup that stays out of the result
# teasers (an element with `hidden`); it is repeated in every entry.
FORMS_OPEN, FORMS_CLOSE = "<i hidden>", "</i>"


def _with_forms(text: str, forms: str) -> str:
    return text + FORMS_OPEN + forms + FORMS_CLOSE if forms else text


def not_found_in(names: list[str], text: str, forms: str = "") -> list[str]:
    """The names a search could not already find in an entry's text: a name
    each of whose words starts a word of the text (or of its variants) adds
    nothing but bytes, repeated in every entry. A name without words is kept."""
    have = words_of(text) | set(forms.split())
    ordered: list[str] = []  # sorted only when a word is not there as it is

    def found(w: str) -> bool:
        if w in have:
            return True
        if not ordered:
            ordered.extend(sorted(have))
        return _starts_one_of(w, ordered)

    return [n for n in names if not _name_words(n) or not all(map(found, _name_words(n)))]


@lru_cache(maxsize=65536)  # the same names recur in thousands of entries
def _name_words(name: str) -> frozenset[str]:
    return frozenset(words_of(name))


# The generator's own entries for article, actor and place pages (JSON Lines),
# beside each language's pages in docs/ (a dot file: MkDocs does not publish it).
ENTRIES = ".search-entries.jsonl"


def entry(location: str, title: str, parts: list[str], forms: str) -> dict[str, str]:
    """One search index entry; title and parts are HTML-safe text already."""
    text = "".join(f"<p>{p}</p>" for p in parts if p)
    return {"location": location, "title": title, "text": _with_forms(text, forms)}


def entry_line(e: dict[str, str]) -> str:
    """One entry as a line of the entries file (JSON Lines), written as the
    search index writes it, so that finish_index copies the line as it is."""
    return json.dumps(e, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class Entries:
    """The generator's entries for one language, as JSON texts, and the pages
    they index (which Material must not index again)."""

    lines: list[str]
    locations: frozenset[str]


_LOCATION = '{"location":"'  # each line's start (keys sorted: location, text, title)


def _location(line: str) -> str:
    if line.startswith(_LOCATION):
        return json.decoder.scanstring(line, len(_LOCATION))[0]  # not the whole entry: 10,000 lines
    return json.loads(line)["location"]


def read_entries(docs_dir: Path) -> Entries:
    path = docs_dir / ENTRIES
    if not path.is_file():
        return Entries([], frozenset())
    # split at "\n" only: JSON leaves U+0085 and U+2028 unescaped, and splitlines() would cut there
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line]
    return Entries(lines, frozenset(map(_location, lines)))


def finish_index(index_file: Path, entries: Entries, gaz: Gazetteer | None = None,
                 carry: Callable[[list[dict], Callable[[dict], dict]], list[dict]] | None = None) -> str:
    """Rewrite a Material search_index.json: variants added to the entries its
    plugin made (hand-written and listing pages), the generator's entries
    appended. `carry(docs, finish)`: Material's entries of the whole site
    from those of this build (a quick build renders only some pages; see
    quickbuild.merge_index). Returns the text written."""
    data = json.loads(index_file.read_text(encoding="utf-8"))

    def finish(doc: dict) -> dict:
        doc["text"] = _with_forms(doc.get("text", ""), forms_for(doc.get("title", "") + " " + doc.get("text", ""), gaz))
        return doc

    docs = data.pop("docs", [])
    data["docs"] = carry(docs, finish) if carry else [finish(d) for d in docs]  # the last key: "...]}"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if entries.lines:  # the generator's entries, spliced in as written (not parsed and written again)
        text = text[:-2] + ("," if data["docs"] else "") + ",".join(entries.lines) + "]}"
    index_file.write_text(text, encoding="utf-8")
    return text

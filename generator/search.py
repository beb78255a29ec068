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
from pathlib import Path

from .arabic import DIACRITICS, normalize
from .enrich.matcher import token_forms

ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u064B-\u065F\u0670\u0640]{2,}")
TAG = re.compile(r"<[^>]+>")
MIN_FORM = 2


def variants(word: str) -> set[str]:
    """The spellings of one word a reader may type."""
    plain = DIACRITICS.sub("", word)
    folded = normalize(word)
    # folded and as written, each with and without clitics (قاهرة, قاهره from والقاهرة)
    out = {plain, folded, *token_forms(folded), *token_forms(plain)}
    return {v for v in out if len(v) >= MIN_FORM and v != word}


def forms_for(text: str) -> str:
    words = set(ARABIC_WORD.findall(TAG.sub(" ", text)))
    forms = set()
    for w in words:
        forms |= variants(w)
    forms -= words
    return " ".join(sorted(forms))


def _with_forms(text: str, forms: str) -> str:
    return text + f'<span hidden data-digest-forms="">{forms}</span>' if forms else text


# The generator's own entries for article, actor and place pages (JSON Lines),
# beside each language's pages in docs/ (a dot file: MkDocs does not publish it).
ENTRIES = ".search-entries.jsonl"


def entry(location: str, title: str, parts: list[str], forms: str) -> dict[str, str]:
    """One search index entry; title and parts are HTML-safe text already."""
    text = "".join(f"<p>{p}</p>" for p in parts if p)
    return {"location": location, "title": title, "text": _with_forms(text, forms)}


def entry_line(e: dict[str, str]) -> str:
    """One entry as a line of the entries file (JSON Lines)."""
    return json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"



def read_entries(docs_dir: Path) -> list[dict[str, str]]:
    path = docs_dir / ENTRIES
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def finish_index(index_file: Path, entries: list[dict[str, str]]) -> str:
    """Rewrite a Material search_index.json: variants added to the entries its
    plugin made (hand-written and listing pages), the generator's entries
    appended. Returns the text written."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        doc["text"] = _with_forms(doc.get("text", ""), forms_for(doc.get("title", "") + " " + doc.get("text", "")))
    data["docs"] = data.get("docs", []) + entries
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index_file.write_text(text, encoding="utf-8")
    return text

"""Editorial overrides: an editor corrects any field of a record by hand.

Two places, both in seeds/ beside the articles:
- a sidecar `<article>.yml` next to `<article>.txt`, holding the fields;
- one `overrides.yml` mapping article ids to fields (handy for many small fixes).
The sidecar wins over overrides.yml. The record lists what was overridden in
`overrides`, so pages and exports can say which values are an editor's.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .data import read_yaml
from .extract.sources import registry
from .models import Article, Block, Source

OVERRIDES_FILE = "overrides.yml"
# Fields an editor may set; the rest (path, id, removed...) describe the input.
EDITABLE = {
    "title", "kicker", "date", "time", "timezone", "weekday", "date_hijri",
    "source", "section", "byline", "tags", "body",
}
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


class OverrideError(ValueError):
    pass


def sidecar_path(article_path: Path) -> Path | None:
    """`<article>.yml`; none for a seed named `<name>.en.txt`, whose would be
    `<name>.en.yml`: the English translation of `<name>.txt` (see
    translate.sidecar), never an article's overrides (overrides.yml holds
    such a seed's); none for `overrides.txt` either (overrides.yml is every
    article's)."""
    path = article_path.with_suffix(".yml")
    if article_path.stem.lower().endswith(".en") or path.name == OVERRIDES_FILE:
        return None
    return path


def load_overrides(seeds_dir: Path) -> dict[str, dict[str, Any]]:
    """overrides.yml: {article id: {field: value}} (empty if there is none)."""
    path = seeds_dir / OVERRIDES_FILE
    if not path.is_file():
        return {}
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise OverrideError(f"{path.name}: expected a mapping of article ids to fields")
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def load_sidecar(article_path: Path) -> dict[str, Any]:
    path = sidecar_path(article_path)
    if path is None or not path.is_file():
        return {}
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise OverrideError(f"{path.name}: expected a mapping of fields")
    return data


def apply(article: Article, fields: dict[str, Any]) -> None:
    """Set the given fields on the record (validated); note them in `overrides`.
    Keys outside EDITABLE (e.g. an `en:` translation block) are left to others."""
    done: list[str] = []
    for key, value in fields.items():
        if key not in EDITABLE:
            continue
        setattr(article, key, _check(key, value))
        done.append(key)
    if done:
        article.overrides = sorted(set(article.overrides) | set(done))
        if "date" in done and article.date:
            article.weekday = None if "weekday" not in done else article.weekday
        article.warnings = [w for w in article.warnings if not _resolved_by(w, done)]


def _resolved_by(warning: str, done: list[str]) -> bool:
    return ("date" in done and "publication date" in warning) or ("source" in done and "source" in warning) or (
        "title" in done and "title derived" in warning
    )


def _check(key: str, value: Any) -> Any:
    if value is None:
        if key in ("title", "body", "tags"):
            raise OverrideError(f"{key} cannot be empty")
        return None
    if key == "date" or key == "date_hijri":
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if key == "date":
            dt.date.fromisoformat(text)  # raises ValueError on a bad date
        elif not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise OverrideError(f"{key} must be YYYY-MM-DD, not {value!r}")
        return text
    if key == "time":
        text = str(value)
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", text):
            raise OverrideError(f"time must be HH:MM, not {value!r}")
        return text
    if key == "weekday":
        if not isinstance(value, str) or value not in WEEKDAYS:
            raise OverrideError(f"weekday must be an English day name, not {value!r}")
        return value
    if key == "source":
        outlet = registry().outlets.get(str(value)) or registry().resolve(str(value))
        if outlet is None:
            raise OverrideError(f"source {value!r} is not in the outlet registry (generator/data/outlets.yml)")
        return Source(outlet.id, outlet.name_ar, outlet.name_en)
    if key == "tags":
        if not isinstance(value, list):
            raise OverrideError("tags must be a list")
        return [str(t) for t in value if str(t).strip()]
    if key == "body":
        if not isinstance(value, list):
            raise OverrideError("body must be a list of paragraphs")
        blocks = []
        for item in value:
            if isinstance(item, dict) and "heading" in item:
                blocks.append(Block("heading", str(item["heading"])))
            else:
                blocks.append(Block("paragraph", str(item)))
        return blocks
    text = str(value).strip()
    if not text and key == "title":
        raise OverrideError("title cannot be empty")
    return text or None

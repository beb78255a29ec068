"""Stage 2c: English text for articles.

Editorial translations come from a sidecar `<article>.en.yml` beside the seed
(title, kicker, summary, body; see docs "Article record"). Where there is
none, an optional machine-translation backend (translate/machine.py) can
fill in, cached by content; otherwise the English page shows English
metadata around the Arabic original.
"""

from __future__ import annotations

from pathlib import Path

from ..data import read_yaml
from ..models import Article, Block, Translation


class TranslationError(ValueError):
    pass


def sidecar(seed: Path) -> Path:
    return seed.with_name(seed.stem + ".en.yml")


def load_editorial(seed: Path, article: Article) -> Translation | None:
    """The editors' translation of `article`, if its sidecar exists."""
    path = sidecar(seed)
    if not path.is_file():
        return None
    data = read_yaml(path) or {}
    if not isinstance(data, dict) or not str(data.get("title") or "").strip():
        raise TranslationError(f"{path.name}: needs at least a title")
    body = []
    for item in data.get("body") or []:
        if isinstance(item, dict) and "heading" in item:
            body.append(Block("heading", str(item["heading"]).strip()))
        elif str(item).strip():
            body.append(Block("paragraph", str(item).strip()))
    if body and len(body) != len(article.body):
        article.warnings.append(
            f"English translation has {len(body)} body blocks, the Arabic text {len(article.body)}: check {path.name}"
        )
    return Translation(
        title=str(data["title"]).strip(),
        kicker=(str(data["kicker"]).strip() or None) if data.get("kicker") else None,
        summary=[str(s).strip() for s in data.get("summary") or [] if str(s).strip()],
        body=body,
        translated_by="editors",
    )

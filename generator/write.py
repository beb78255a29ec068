"""Stage 5: write generated pages into docs/, touching only what changed.

- A file is rewritten only when its bytes differ, so `mkdocs serve`'s watcher
  sees no change after a regeneration that changed nothing (no reload loop).
- Each file is written to a temporary name and renamed into place, so a
  reader never sees a half-written page.
- A manifest lists what the generator owns; pages it wrote before and no
  longer produces (a deleted seed) are removed, hand-written pages never.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path, PurePosixPath

MANIFEST = ".generated.json"


class UnsafePath(ValueError):
    pass


def _target(root: Path, rel: str) -> Path:
    """docs/<rel>, refusing anything that could land outside docs/."""
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts or "\\" in rel or "\x00" in rel:
        raise UnsafePath(f"refusing to write outside docs/: {rel!r}")
    return root.joinpath(*p.parts)


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pages(root: Path, pages: dict[str, str]) -> tuple[list[str], list[str]]:
    """Write `pages` under root; return (written, deleted) relative paths."""
    targets = {rel: _target(root, rel) for rel in pages}  # validate all first
    written: list[str] = []
    for rel in sorted(pages):
        data = pages[rel].encode("utf-8")
        path = targets[rel]
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        atomic_write(path, data)
        written.append(rel)

    manifest = root / MANIFEST
    try:
        before = set(json.loads(manifest.read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        before = set()
    deleted: list[str] = []
    for rel in sorted(before - set(pages)):
        try:
            path = _target(root, rel)
        except UnsafePath:
            continue
        if path.is_file():
            path.unlink()
            deleted.append(rel)
    listing = json.dumps(sorted(pages), ensure_ascii=False, indent=0).encode("utf-8")
    if not manifest.is_file() or manifest.read_bytes() != listing:
        atomic_write(manifest, listing)
    return written, deleted

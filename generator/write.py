"""Stage 5: write generated pages into docs/, touching only what changed.

- A file is rewritten only when its bytes differ, so `mkdocs serve`'s watcher
  sees no change after a regeneration that changed nothing (no reload loop).
- All-or-nothing: changed pages are first written to docs/.staging/, then a
  plan file marks the set complete, then they are renamed into place. A run
  killed before the plan leaves docs/ as it was (the staging is discarded);
  one killed after it is finished by the next run. So docs/ always holds
  one whole generation, never a mix.
- A manifest lists what the generator owns; pages it wrote before and no
  longer produces (a deleted seed) are removed, hand-written pages never.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

MANIFEST = ".generated.json"
STAGING = ".staging"
PLAN = ".plan.json"  # inside the staging folder: written last, means "complete"


class UnsafePath(ValueError):
    pass


def _target(root: Path, rel: str) -> Path:
    """docs/<rel>, refusing anything that could land outside docs/."""
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts or "\\" in rel or "\x00" in rel or p.parts[0] == STAGING:
        raise UnsafePath(f"refusing to write outside docs/: {rel!r}")
    return root.joinpath(*p.parts)


LINK_SIZE = 1 << 20  # texts this long, when repeated, are linked rather than written again


def _link(src: Path, dest: Path) -> bool:
    try:
        os.link(src, dest)
    except OSError:  # no hard links on this file system: written instead
        return False
    return True


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


def _apply(root: Path) -> None:
    """Carry out a complete staged plan (again, if a run died half-way)."""
    staging = root / STAGING
    plan = json.loads((staging / PLAN).read_text(encoding="utf-8"))
    folders: dict[tuple[str, ...], bool] = {}  # folder -> in docs/ already
    for rel in plan["write"]:
        parts = PurePosixPath(rel).parts
        src = staging.joinpath(*parts)
        if not src.exists():  # moved in already (alone or with its folder), by this or an interrupted run
            continue
        dest = _target(root, rel)
        new = next((parts[:n] for n in range(1, len(parts)) if not _in_docs(root, parts[:n], folders)), None)
        if new is not None:
            # A folder docs/ does not have (the articles of a first build): moved
            # whole, one rename instead of one per page. It holds only pages
            # of this plan: staging holds nothing else.
            os.replace(staging.joinpath(*new), root.joinpath(*new))
            folders[new] = True
        else:
            os.replace(src, dest)
    for rel in plan["delete"]:
        _target(root, rel).unlink(missing_ok=True)
    atomic_write(root / MANIFEST, plan["manifest"].encode("utf-8"))
    shutil.rmtree(staging)


def _in_docs(root: Path, folder: tuple[str, ...], known: dict[tuple[str, ...], bool]) -> bool:
    if folder not in known:
        known[folder] = root.joinpath(*folder).is_dir()
    return known[folder]


def recover(root: Path) -> None:
    """Finish a complete interrupted write, or discard an incomplete one."""
    staging = root / STAGING
    if (staging / PLAN).is_file():
        _apply(root)
    elif staging.exists():
        shutil.rmtree(staging)


def write_pages(root: Path, pages: Mapping[str, str] | Iterable[tuple[str, str]],
                keep: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """Write `pages` ({path: text}, or (path, text) pairs as they are
    rendered, so the whole site is never held in memory) under root; return
    (written, deleted) relative paths. `keep`: pages still produced but not
    rendered this time (an incremental rebuild): left as they are."""
    recover(root)
    staging = root / STAGING
    items = pages.items() if isinstance(pages, Mapping) else pages
    seen: set[str] = set()
    changed: list[str] = []
    folders: set[Path] = set()
    # The same text object given for two paths (the exports, the same bytes
    # in both language trees: 50 MB at 10,000 articles): encoded once, and
    # the second file a hard link to the first one staged.
    repeated: dict[int, tuple[str, bytes, Path | None]] = {}
    try:
        for rel, text in items:
            target = _target(root, rel)
            if rel in seen:
                raise ValueError(f"two pages would be written to {rel}")
            seen.add(rel)
            big = len(text) >= LINK_SIZE
            _, data, first = repeated.get(id(text)) or (None, text.encode("utf-8"), None)
            try:  # a file of another size differs: no need to read it
                if target.stat().st_size == len(data) and target.read_bytes() == data:
                    if big:
                        repeated.setdefault(id(text), (text, data, None))
                    continue
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                pass
            path = staging.joinpath(*PurePosixPath(rel).parts)
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            if not (first is not None and _link(first, path)):
                path.write_bytes(data)
            if big and first is None:
                repeated[id(text)] = (text, data, path)  # the text is held: its id stays its own
            changed.append(rel)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # no plan yet: docs/ is untouched
        raise
    try:
        before = set(json.loads((root / MANIFEST).read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        before = set()
    seen.update(keep)
    deleted = []
    for rel in sorted(before - seen):
        try:
            if _target(root, rel).is_file():
                deleted.append(rel)
        except UnsafePath:
            continue
    manifest = json.dumps(sorted(seen), ensure_ascii=False, indent=0)
    manifest_current = (root / MANIFEST).is_file() and (root / MANIFEST).read_text(encoding="utf-8") == manifest
    if not changed and not deleted and manifest_current:
        shutil.rmtree(staging, ignore_errors=True)
        return [], []
    try:
        atomic_write(staging / PLAN, json.dumps({"write": sorted(changed), "delete": deleted, "manifest": manifest}).encode("utf-8"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _apply(root)
    return sorted(changed), deleted

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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

MANIFEST = ".generated.json"
STAGING = ".staging"
PLAN = ".plan.json"  # inside the staging folder: written last, means "complete"


class UnsafePath(ValueError):
    pass


def _parts(rel: str) -> list[str]:
    """The folders and name of docs/<rel> (as pathlib.PurePosixPath reads them),
    refusing anything that could land outside docs/. Plain strings: pathlib
    cost a sixth of staging a page."""
    parts = [p for p in rel.split("/") if p and p != "."]
    if rel.startswith("/") or ".." in parts or not parts or "\\" in rel or "\x00" in rel or parts[0] == STAGING:
        raise UnsafePath(f"refusing to write outside docs/: {rel!r}")
    return parts


def _target(root: Path, rel: str) -> Path:
    """docs/<rel>, refusing anything that could land outside docs/."""
    return root.joinpath(*_parts(rel))


LINK_SIZE = 1 << 20  # texts this long, when repeated, are linked rather than written again


def _link(src: str, dest: str) -> bool:
    try:
        os.link(src, dest)
    except OSError:  # no hard links on this file system: written instead
        return False
    return True


def _write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


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
        parts = tuple(_parts(rel))
        src = os.path.join(staging, *parts)
        if not os.path.exists(src):  # moved in already (alone or with its folder), by this or an interrupted run
            continue
        new = next((parts[:n] for n in range(1, len(parts)) if not _in_docs(root, parts[:n], folders)), None)
        if new is not None:
            # A folder docs/ does not have (the articles of a first build): moved
            # whole, one rename instead of one per page. It holds only pages
            # of this plan: staging holds nothing else.
            os.replace(staging.joinpath(*new), root.joinpath(*new))
            folders[new] = True
        else:
            os.replace(src, os.path.join(root, *parts))
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


class Staging:
    """One write of docs/: pages are put into docs/.staging/ (those whose
    bytes differ from docs/), then `commit` makes the staged set docs/.
    Another process may stage pages into the same folder (`stage` there,
    `note` its results here: the English tree, rendered and staged by a
    forked process, is never sent back as text). Leaving the `with` block by
    an exception before `commit` discards the staging: docs/ is untouched."""

    def __init__(self, root: Path) -> None:
        recover(root)
        self.root, self.dir = root, root / STAGING
        self._root, self._dir = str(root), str(self.dir)  # staging works on strings (see _parts)
        self.seen: set[str] = set()
        self.changed: list[str] = []
        self._folders: set[str] = set()
        # The same text object given for two paths (the exports, the same bytes
        # in both language trees: 50 MB at 10,000 articles): encoded once, and
        # the second file a hard link to the first one staged.
        self._repeated: dict[int, tuple[str, bytes, str | None]] = {}
        self._planned = False  # the plan is written: a run that dies now is finished by the next one

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, exc, trace) -> None:
        if kind is not None and not self._planned:
            shutil.rmtree(self.dir, ignore_errors=True)  # no plan yet: docs/ is untouched

    def put(self, rel: str, text: str) -> None:
        """Stage one page if its bytes differ from docs/."""
        self.note(rel, self._stage(rel, text))

    def stage(self, pages: Iterable[tuple[str, str]]) -> Iterator[tuple[str, bool]]:
        """Stage each page as it comes, yielding (path, staged) for the one
        that will `note` them (this object in the process that commits)."""
        for rel, text in pages:
            yield rel, self._stage(rel, text)

    def _stage(self, rel: str, text: str) -> bool:
        parts = "/".join(_parts(rel))
        target = os.path.join(self._root, parts)
        big = len(text) >= LINK_SIZE
        _, data, first = self._repeated.get(id(text)) or (None, text.encode("utf-8"), None)
        try:  # a file of another size differs: no need to read it
            if os.stat(target).st_size == len(data):
                with open(target, "rb") as f:
                    same = f.read() == data
                if same:
                    if big:
                        self._repeated.setdefault(id(text), (text, data, None))
                    return False
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        path = os.path.join(self._dir, parts)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        if not (first is not None and _link(first, path)):
            _write_file(path, data)
        if big and first is None:
            self._repeated[id(text)] = (text, data, path)  # the text is held: its id stays its own
        return True

    def note(self, rel: str, staged: bool) -> None:
        """A page put, or staged by `stage` (here or in another process)."""
        if rel in self.seen:
            raise ValueError(f"two pages would be written to {rel}")
        self.seen.add(rel)
        if staged:
            self.changed.append(rel)

    def commit(self, keep: Iterable[str] = ()) -> tuple[list[str], list[str]]:
        """Make docs/ the pages seen (plus `keep`, left as they are): the
        staged ones moved in, the generator's others removed. Returns
        (written, deleted)."""
        root, staging = self.root, self.dir
        try:
            before = set(json.loads((root / MANIFEST).read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError):
            before = set()
        seen = self.seen | set(keep)
        deleted = []
        for rel in sorted(before - seen):
            try:
                if _target(root, rel).is_file():
                    deleted.append(rel)
            except UnsafePath:
                continue
        manifest = json.dumps(sorted(seen), ensure_ascii=False, indent=0)
        manifest_current = (root / MANIFEST).is_file() and (root / MANIFEST).read_text(encoding="utf-8") == manifest
        if not self.changed and not deleted and manifest_current:
            shutil.rmtree(staging, ignore_errors=True)
            return [], []
        try:
            atomic_write(staging / PLAN, json.dumps({"write": sorted(self.changed), "delete": deleted,
                                                     "manifest": manifest}).encode("utf-8"))
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._planned = True
        _apply(root)
        return sorted(self.changed), deleted


def write_pages(root: Path, pages: Mapping[str, str] | Iterable[tuple[str, str]],
                keep: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """Write `pages` ({path: text}, or (path, text) pairs as they are
    rendered, so the whole site is never held in memory) under root; return
    (written, deleted) relative paths. `keep`: pages still produced but not
    rendered this time (an incremental rebuild): left as they are."""
    with Staging(root) as out:
        for rel, text in (pages.items() if isinstance(pages, Mapping) else pages):
            out.put(rel, text)
        return out.commit(keep)

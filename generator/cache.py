"""Incremental builds: per-article results cached by content.

A key covers everything a result depends on: the input's bytes (or the
text being enriched), the data files the stage reads and the generator's
own code. Change any of them and the key changes, so a stale entry is never
used; entries no build asked for are pruned.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .data import DATA_DIR

CODE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the generator's Python source (a new version invalidates all)."""
    h = hashlib.sha256()
    for path in sorted(CODE_DIR.rglob("*.py")):
        h.update(path.relative_to(CODE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def data_version(*names: str) -> str:
    h = hashlib.sha256()
    for name in names:
        path = DATA_DIR / f"{name}.yml"
        h.update(name.encode())
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()[:16]


class RecordCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = self.misses = 0

    @staticmethod
    def key(*parts: str | bytes) -> str:
        h = hashlib.sha256()
        for p in parts:
            h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            self.hits += 1
            return data
        except (OSError, ValueError):
            self.misses += 1
            return None

    def put(self, key: str, data: dict) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune(self) -> int:
        """Remove entries this build did not use (deleted or changed inputs)."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

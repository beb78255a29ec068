"""Incremental builds: per-article results cached by content.

A key covers everything a result depends on: the input's bytes (or the
text being enriched), the data files the stage reads and the generator's
own code. Change any of them and the key changes, so a stale entry is never
used; entries no build asked for are pruned.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
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
    """Key -> JSON record, in one SQLite file in the cache folder.

    One file, not one per entry: at 10,000 articles, 20,000 small files cost
    seconds to write and to list, a transaction a fraction of one. Writes
    are committed by prune() at the end of a build; a build killed before
    that leaves the previous cache as it was (SQLite rolls back). A cache
    that cannot be opened, read or written only costs time, never the build.
    """

    FILE = "records.sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._broken = False

    @staticmethod
    def key(*parts: str | bytes) -> str:
        h = hashlib.sha256()
        for p in parts:
            h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        path = self.folder / self.FILE
        for attempt in (1, 2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=30)
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
                self._db = db
                return db
            except sqlite3.DatabaseError:  # not a database (damaged): start again
                if attempt == 1:
                    path.unlink(missing_ok=True)
            except OSError:
                break
        self._broken = True
        return None

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        db = self._open()
        try:
            row = db.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone() if db else None
            if row is not None:
                data = json.loads(row[0])
                self.hits += 1
                return data
        except (sqlite3.Error, ValueError):
            pass
        self.misses += 1
        return None

    def put(self, key: str, data: dict) -> None:
        db = self._open()
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, json.dumps(data, ensure_ascii=False)))
        except sqlite3.Error:
            pass

    def commit(self) -> None:
        """Keep this build's new entries, prune nothing (a rebuild that
        looked at a few inputs only: the rest are still in use)."""
        if self._db is None:
            return
        try:
            self._db.commit()
        except sqlite3.Error:
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the database now: an open write transaction would
        make the next build wait for its lock (until this object is
        collected). Uncommitted entries are dropped."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def prune(self) -> int:
        """Remove entries this build did not use (deleted or changed inputs)
        and commit this build's entries."""
        db = self._open()
        if db is None:
            return 0
        try:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
            removed = db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)").rowcount
            db.commit()
            return removed
        except sqlite3.Error:
            return 0
        finally:
            db.close()
            self._db = None

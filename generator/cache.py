"""Incremental builds: per-article results cached by content.

A key covers everything a result depends on: the input's bytes (or the
text being enriched), the data files the stage reads and the generator's
own code. Change any of them and the key changes, so a stale entry is never
used; entries no build asked for are pruned.
"""

from __future__ import annotations

import hashlib
import pickle
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
    """Key -> record (a dict), pickled, in one SQLite file in the cache folder.

    One file, not one per entry: at 10,000 articles, 20,000 small files cost
    seconds to write and to list, a transaction a fraction of one. Writes
    are committed by prune() at the end of a build; a build killed before
    that leaves the previous cache as it was (SQLite rolls back). A cache
    that cannot be opened, read or written only costs time, never the build.

    Pickles, not JSON: the workers that compute the records send them to the
    build process pickled anyway, so storing one is a copy of bytes (JSON
    had the build process serialize every record again: 0.3 s a stage at
    10,000 articles), and reading one back is quicker. The cache is this
    program's own local state, like the state file beside it; what it holds
    is only dicts of strings and numbers.
    """

    FILE = "records.sqlite"
    TABLE = "records"  # ("entries" held JSON text, before: dropped)
    BATCH = 500  # keys looked up per query

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

    @staticmethod
    def dumps(record: dict) -> bytes:
        """A record as the cache stores it (made where the record is made)."""
        return pickle.dumps(record, pickle.HIGHEST_PROTOCOL)

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        path = self.folder / self.FILE
        for attempt in (1, 2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=30)
                db.execute("DROP TABLE IF EXISTS entries")
                db.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
                self._db = db
                return db
            except sqlite3.DatabaseError:  # not a database (damaged): start again
                if attempt == 1:
                    path.unlink(missing_ok=True)
            except OSError:
                break
        self._broken = True
        return None

    def get_many(self, keys: list[str]) -> list[dict | None]:
        """The record of each key, or None (not there, or unreadable). Looked
        up a batch of keys at a time: a query per key is a read transaction
        of its own (a lock taken and released, the journal looked for)."""
        self.used.update(keys)
        found: dict[str, bytes] = {}
        db = self._open()
        try:
            for i in range(0, len(keys) if db else 0, self.BATCH):
                batch = keys[i:i + self.BATCH]
                found.update(db.execute(f"SELECT key, data FROM {self.TABLE} WHERE key IN "
                                        f"({','.join('?' * len(batch))})", batch).fetchall())
        except sqlite3.Error:
            found = {}
        out = [_record(found.get(k)) for k in keys]
        hits = sum(r is not None for r in out)
        self.hits += hits
        self.misses += len(keys) - hits
        return out

    def put_pickled(self, entries: list[tuple[str, bytes]]) -> None:
        """(key, RecordCache.dumps(record)) pairs: stored as they are."""
        self.used.update(k for k, _ in entries)
        db = self._open()
        if db is None or not entries:
            return
        try:
            db.executemany(f"INSERT OR REPLACE INTO {self.TABLE} VALUES (?, ?)", entries)
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
            removed = db.execute(f"DELETE FROM {self.TABLE} WHERE key NOT IN (SELECT key FROM used)").rowcount
            db.commit()
            return removed
        except sqlite3.Error:
            return 0
        finally:
            db.close()
            self._db = None


def _record(data: bytes | None) -> dict | None:
    """A stored record, or None for anything that does not read as one (a
    damaged entry is recomputed, never fatal)."""
    if not isinstance(data, bytes):
        return None
    try:
        record = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a damaged pickle raises many kinds of error
        return None
    return record if isinstance(record, dict) else None

"""The record cache: pickled records by key, looked up in batches; anything
unreadable in it is a miss (recomputed), never an error."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

from generator.cache import RecordCache


def test_records_come_back_by_key_across_batches(tmp_path: Path):
    cache = RecordCache(tmp_path)
    keys = [RecordCache.key("k", str(i)) for i in range(RecordCache.BATCH * 2 + 7)]
    cache.put_pickled([(k, RecordCache.dumps({"n": i, "text": "نص"})) for i, k in enumerate(keys) if i % 3])
    cache.prune()
    again = RecordCache(tmp_path)
    got = again.get_many(list(reversed(keys)) + ["missing"])
    assert got == [{"n": i, "text": "نص"} if i % 3 else None for i in reversed(range(len(keys)))] + [None]
    assert (again.hits, again.misses) == (sum(1 for i in range(len(keys)) if i % 3), len(keys) // 3 + 1 + 1)


def test_unreadable_entries_are_misses(tmp_path: Path):
    cache = RecordCache(tmp_path)
    good = RecordCache.key("good")
    cache.put_pickled([(good, RecordCache.dumps({"ok": True}))])
    cache.prune()
    db = sqlite3.connect(tmp_path / RecordCache.FILE)
    db.executemany(f"INSERT INTO {RecordCache.TABLE} VALUES (?, ?)", [
        ("cut", RecordCache.dumps({"a": "b" * 100})[:20]),  # a pickle cut short
        ("list", pickle.dumps(["not", "a", "record"])),
        ("text", '{"json": "of an older version"}'),
        ("junk", b"\x00\xff junk"),
    ])
    db.commit()
    db.close()
    again = RecordCache(tmp_path)
    assert again.get_many([good, "cut", "list", "text", "junk"]) == [{"ok": True}, None, None, None, None]
    assert (again.hits, again.misses) == (1, 4)


def test_the_json_entries_of_an_older_version_are_dropped(tmp_path: Path):
    db = sqlite3.connect(tmp_path / RecordCache.FILE)
    db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
    db.execute("INSERT INTO entries VALUES ('k', '{}')")
    db.commit()
    db.close()
    cache = RecordCache(tmp_path)
    assert cache.get_many(["k"]) == [None]
    cache.prune()
    tables = sqlite3.connect(tmp_path / RecordCache.FILE).execute("SELECT name FROM sqlite_master WHERE type='table'")
    assert [t for (t,) in tables] == [RecordCache.TABLE]


def test_a_data_file_rewritten_with_its_size_and_time_kept_is_read_again(tmp_path, monkeypatch):
    """cp -p, rsync -t and tar keep a file's modification time: the parsed
    data is keyed by the change time too (a long-running serve kept the old
    labels)."""
    import os

    from generator import data

    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    f = tmp_path / "sample.yml"
    f.write_text("published: Published\n", encoding="utf-8")
    data.refresh()
    assert data.load_data("sample") == {"published": "Published"}
    st = f.stat()
    f.write_text("published: Publishex\n", encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    data.refresh()
    assert data.load_data("sample") == {"published": "Publishex"}

"""Writing docs/: only what changed, nothing outside docs/, stale pages removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import UnsafePath, write_pages


def test_writes_only_changed_files(tmp_path: Path):
    written, _ = write_pages(tmp_path, {"ar/a.md": "x", "en/a.md": "y"})
    assert written == ["ar/a.md", "en/a.md"]
    mtime = (tmp_path / "ar/a.md").stat().st_mtime_ns
    written, _ = write_pages(tmp_path, {"ar/a.md": "x", "en/a.md": "z"})
    assert written == ["en/a.md"]
    assert (tmp_path / "ar/a.md").stat().st_mtime_ns == mtime


def test_removes_pages_it_no_longer_generates_but_not_hand_written_ones(tmp_path: Path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar/about.md").write_text("hand-written")
    write_pages(tmp_path, {"ar/a.md": "x", "ar/b.md": "y"})
    _, deleted = write_pages(tmp_path, {"ar/a.md": "x"})
    assert deleted == ["ar/b.md"]
    assert (tmp_path / "ar/about.md").read_text() == "hand-written"


@pytest.mark.parametrize("rel", ["../evil.md", "/etc/passwd", "ar/../../x.md", "a\\..\\b.md", ""])
def test_refuses_paths_outside_docs(tmp_path: Path, rel: str):
    with pytest.raises(UnsafePath):
        write_pages(tmp_path / "docs", {rel: "x"})
    assert not (tmp_path / "evil.md").exists()


def test_an_interrupted_write_leaves_the_previous_generation_or_is_finished(tmp_path: Path, monkeypatch):
    import generator.write as w

    write_pages(tmp_path, {"ar/a.md": "one", "ar/b.md": "one"})
    # killed while staging (before the plan): docs/ keeps the old generation
    monkeypatch.setattr(w, "atomic_write", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_pages(tmp_path, {"ar/a.md": "two", "ar/b.md": "two"})
    monkeypatch.undo()
    assert (tmp_path / "ar/a.md").read_text() == "one" and (tmp_path / "ar/b.md").read_text() == "one"
    # killed half-way through moving a complete plan into place: the next run finishes it
    real_replace = w.os.replace
    moved = []

    def die_after_first(src, dst):
        if moved:
            raise KeyboardInterrupt()
        moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(w.os, "replace", die_after_first)
    with pytest.raises(KeyboardInterrupt):
        write_pages(tmp_path, {"ar/a.md": "three", "ar/b.md": "three"})
    monkeypatch.undo()
    w.recover(tmp_path)
    assert (tmp_path / "ar/a.md").read_text() == "three" and (tmp_path / "ar/b.md").read_text() == "three"
    assert not (tmp_path / ".staging").exists()

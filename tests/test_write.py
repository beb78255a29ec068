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

"""Writing docs/: only what changed, nothing outside docs/, stale pages removed."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.write import STAGING, UnsafePath, _parts, write_pages


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


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", ".", "..", "/", "//", "\\", "\x00", " ", STAGING]), max_size=12).map("".join))
def test_page_paths_are_read_as_pathlib_reads_them(rel: str):
    # write.py splits paths as strings (faster); PurePosixPath is the definition
    p = PurePosixPath(rel)
    refused = (p.is_absolute() or ".." in p.parts or not p.parts or "\\" in rel or "\x00" in rel
               or p.parts[0] == STAGING)
    if refused:
        with pytest.raises(UnsafePath):
            _parts(rel)
    else:
        assert _parts(rel) == list(p.parts)


def _killed_after_first_move(monkeypatch, root: Path, pages: dict[str, str]) -> None:
    """write_pages interrupted after moving one staged page or folder into
    place, then the next run's recovery."""
    import generator.write as w

    real_replace, moved = w.os.replace, []

    def die_after_first(src, dst):
        if moved:
            raise KeyboardInterrupt()
        moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(w.os, "replace", die_after_first)
    with pytest.raises(KeyboardInterrupt):
        write_pages(root, pages)
    monkeypatch.undo()
    w.recover(root)


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
    _killed_after_first_move(monkeypatch, tmp_path, {"ar/a.md": "three", "ar/b.md": "three"})
    assert (tmp_path / "ar/a.md").read_text() == "three" and (tmp_path / "ar/b.md").read_text() == "three"
    assert not (tmp_path / ".staging").exists()


def _pages(n: int, text: str, log: list | None = None):
    for i in range(n):
        if log is not None:
            log.append(i)
        yield f"ar/p{i:03d}.md", f"{text} {i}"


def test_a_page_that_cannot_be_written_stops_rendering_and_leaves_docs_as_it_was(tmp_path: Path, monkeypatch):
    # Pages are written as they are rendered: the error stops the rendering
    # and leaves no staging behind.
    write_pages(tmp_path, _pages(5, "old"))
    import generator.write as w

    real = w._write_file

    def full_disk(path, data):
        if path.endswith("p002.md"):
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(w, "_write_file", full_disk)
    rendered: list[int] = []
    with pytest.raises(OSError, match="No space left"):
        write_pages(tmp_path, _pages(5000, "new", rendered))
    assert len(rendered) < 1000  # not every page rendered before the error surfaced
    assert [(tmp_path / f"ar/p{i:03d}.md").read_text() for i in range(5)] == [f"old {i}" for i in range(5)]
    assert not (tmp_path / ".staging").exists()
    assert not (tmp_path / "ar/p005.md").exists()


def test_an_error_while_rendering_leaves_docs_as_it_was(tmp_path: Path):
    write_pages(tmp_path, _pages(3, "old"))

    def failing():
        yield from _pages(300, "new")
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError, match="template error"):
        write_pages(tmp_path, failing())
    assert (tmp_path / "ar/p000.md").read_text() == "old 0"
    assert not (tmp_path / ".staging").exists()



def test_new_folders_are_moved_in_whole_and_an_interrupted_move_is_finished(tmp_path: Path, monkeypatch):
    import generator.write as w

    (tmp_path / "ar").mkdir()
    (tmp_path / "ar/about.md").write_text("hand-written")
    pages = {"ar/articles/a.md": "a", "ar/articles/b.md": "b", "ar/actors/x/y.md": "y",
             "ar/index.md": "i", "en/articles/a.md": "A"}
    real_replace, moves = w.os.replace, []

    def counting(src, dst):
        moves.append(Path(dst).relative_to(tmp_path).as_posix())
        real_replace(src, dst)

    monkeypatch.setattr(w.os, "replace", counting)
    written, _ = write_pages(tmp_path, pages)
    assert written == sorted(pages)
    assert {p: (tmp_path / p).read_text() for p in pages} == pages
    assert (tmp_path / "ar/about.md").read_text() == "hand-written"
    # one rename per new folder (ar/ was there: its page moved alone), then the manifest
    assert sorted(m for m in moves if not m.startswith(".")) == ["ar/actors", "ar/articles", "ar/index.md", "en"]

    # killed after the first folder moved: the next run finishes the plan
    more = {p.replace(".md", "2.md").replace("ar/", "ar/new/"): t for p, t in pages.items()}
    _killed_after_first_move(monkeypatch, tmp_path, {**pages, **more})
    assert {p: (tmp_path / p).read_text() for p in {**pages, **more}} == {**pages, **more}
    assert not (tmp_path / ".staging").exists()


def test_one_long_text_for_two_paths_is_written_once_and_linked(tmp_path: Path):
    from generator.write import LINK_SIZE

    export = "سطر من التصدير\n" * (LINK_SIZE // 10)
    equal_copy = "".join([export[:10], export[10:]])  # the same characters, another object
    assert equal_copy == export and equal_copy is not export
    written, _ = write_pages(tmp_path, [("ar/data/x.jsonl", export), ("en/data/x.jsonl", export),
                                        ("other/x.jsonl", equal_copy)])
    assert written == ["ar/data/x.jsonl", "en/data/x.jsonl", "other/x.jsonl"]
    ar, en, other = (tmp_path / p for p in written)
    assert ar.read_text(encoding="utf-8") == en.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == export
    assert ar.stat().st_ino == en.stat().st_ino != other.stat().st_ino
    # An edit: both trees' copies are replaced (a new pair of links), the old files stay whole until then.
    edited = export + "سطر جديد\n"
    written, _ = write_pages(tmp_path, [("ar/data/x.jsonl", edited), ("en/data/x.jsonl", edited),
                                        ("other/x.jsonl", equal_copy)])
    assert written == ["ar/data/x.jsonl", "en/data/x.jsonl"]
    assert ar.read_text(encoding="utf-8") == en.read_text(encoding="utf-8") == edited
    assert ar.stat().st_ino == en.stat().st_ino
    # One copy already current, the other not (edited by hand): only that one is written.
    en.unlink()
    en.write_text("stale", encoding="utf-8")
    written, _ = write_pages(tmp_path, [("ar/data/x.jsonl", edited), ("en/data/x.jsonl", edited),
                                        ("other/x.jsonl", equal_copy)])
    assert written == ["en/data/x.jsonl"] and en.read_text(encoding="utf-8") == edited

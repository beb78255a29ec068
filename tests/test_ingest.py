"""Decoding scraped files: every encoding news sites used, or a clear refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest import IngestError, clean_text, decode, read_all, read_article

ARABIC = "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو مستعدة للحوار مع باكو ويريفان.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ARABIC.encode("utf-8"), "utf-8-sig"),
        (ARABIC.encode("utf-16"), "utf-16"),  # with BOM
        (ARABIC.encode("utf-16-le"), "utf-16-le"),
        (ARABIC.encode("utf-16-be"), "utf-16-be"),
        (ARABIC.encode("cp1256"), "cp1256"),
    ],
)
def test_decodes_every_common_encoding(data: bytes, encoding: str):
    text, found = decode(data)
    assert found == encoding
    assert text.lstrip("\ufeff") == ARABIC


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (bytes(range(256)) * 4, "binary file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03" * 200, "binary file"),
    ],
)
def test_refuses_what_is_not_text(data: bytes, message: str):
    with pytest.raises(IngestError, match=message):
        decode(data)


def test_clean_text_normalises_line_ends_controls_and_bidi():
    raw = "سطر\r\nثان\rثالث\x00 \u202bمضمن\u202c \u200fعلامة"
    assert clean_text(raw) == "سطر\nثان\nثالث مضمن علامة"


def test_read_article_rejects_text_without_arabic(tmp_path: Path):
    p = tmp_path / "en.txt"
    p.write_text("An English article about the Caucasus. " * 10)
    with pytest.raises(IngestError, match="no Arabic text"):
        read_article(p)


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(ARABIC * 3, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    raws, skipped = read_all([bad, good, missing], tmp_path)
    assert [r.name for r in raws] == ["good.txt"]
    assert [(s.path, s.reason) for s in skipped][0] == ("bad.txt", "empty file")
    assert skipped[1].path == "missing.txt" and "cannot read" in skipped[1].reason

"""Decoding scraped files: every encoding news sites used, or a clear refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

import os

from generator.ingest import IngestError, clean_text, decode, read_all, read_article, seed_files

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


def test_clean_text_keeps_words_apart_where_separators_stood():
    raw = "وزير\x0bالخارجية\x0cفي\x1fموسكو\u2028سطر\u2029فقرة\x85آخر"
    assert clean_text(raw) == "وزير الخارجية في موسكو\nسطر\n\nفقرة\nآخر"


def test_clean_text_is_nfc_once_controls_between_a_letter_and_its_mark_are_gone():
    import unicodedata

    text = clean_text("ا\u200f\u0654 e\u200f\u0301 x\ufffe\u0301")
    assert text == unicodedata.normalize("NFC", text) == "أ é x\u0301"  # (no letter is x with an acute accent)
    assert clean_text(text) == text


def test_tatweel_is_not_an_arabic_letter(tmp_path: Path):
    p = tmp_path / "bar.txt"
    p.write_text("Breaking news from Moscow today\n" + "\u0640" * 40 + "\nThe minister said talks go on.\n", encoding="utf-8")
    with pytest.raises(IngestError, match="no Arabic text"):
        read_article(p)


def test_clean_text_drops_noncharacters():
    assert clean_text("عنو\uffffان\ufffe \ufdd0خبر\U0010ffff") == "عنوان خبر"


@pytest.mark.parametrize("extra", [
    "Сергей Лавров заявил журналистам в Москве. " * 6,  # high bytes 0x04
    "😀🎉 " * 30,  # surrogate pairs
    "ﻻ ﺍﻟ ﻹ " * 40,  # presentation forms, high byte 0xFE
])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_in_more_than_arabic(extra: str, encoding: str):
    text = ARABIC + extra + "\n" + ARABIC
    assert decode(text.encode(encoding)) == (text, encoding)


def test_a_name_that_is_not_utf8_is_read_and_shown_as_text(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / os.fsdecode(b"\xc7\xe1.txt")).write_text(ARABIC * 3, encoding="utf-8")
    raws, skipped = read_all(seed_files(seeds), tmp_path)
    assert [(r.path, r.name, r.text) for r in raws] == [("seeds/\\xc7\\xe1.txt", "\\xc7\\xe1.txt", ARABIC * 3)]
    (seeds / "\\xc7\\xe1.txt").write_text(ARABIC * 2, encoding="utf-8")  # shown the same
    raws, skipped = read_all(seed_files(seeds), tmp_path)
    assert [r.path for r in raws] == ["seeds/\\xc7\\xe1.txt"]
    assert raws[0].text == ARABIC * 2  # the first by the bytes of the name (a backslash is 0x5c)
    assert raws[0].name == "\\xc7\\xe1.txt"
    assert [(s.path, "rename it" in s.reason) for s in skipped] == [("seeds/\\xc7\\xe1.txt", True)]


def test_entries_that_are_not_files_are_reported(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "outside.txt").write_text(ARABIC * 3, encoding="utf-8")
    (seeds / "a.txt").write_text(ARABIC * 3, encoding="utf-8")
    (seeds / "inside.txt").symlink_to("a.txt")
    (seeds / "outside.txt").symlink_to(tmp_path / "outside.txt")
    (seeds / "nowhere.txt").symlink_to("gone.txt")
    (seeds / "folder.txt").mkdir()
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "notes.md").write_text(ARABIC, encoding="utf-8")  # not a seed
    raws, skipped = read_all(seed_files(seeds), tmp_path)
    assert [r.path for r in raws] == ["seeds/a.txt", "seeds/inside.txt"]
    reasons = {s.path: s.reason for s in skipped}
    assert sorted(reasons) == ["seeds/folder.txt", "seeds/nowhere.txt", "seeds/outside.txt", "seeds/pipe.txt"]
    assert "folder" in reasons["seeds/folder.txt"] and "outside" in reasons["seeds/outside.txt"]
    assert "cannot read" in reasons["seeds/nowhere.txt"] and "not a regular file" in reasons["seeds/pipe.txt"]


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

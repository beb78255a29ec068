"""Stage 1: read seed files into RawArticle, or say clearly why not.

Scraped files arrive in every encoding news sites have used: UTF-8 with or
without BOM, UTF-16 (with or without BOM), windows-1256. We decode what can
be decoded with confidence and reject the rest with a message naming the
problem; we never guess silently.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from .models import RawArticle, Skipped
from .safe import CONTROLS

ARABIC_LETTER = re.compile(r"[\u0621-\u063F\u0641-\u064A]")  # (U+0640, tatweel, only stretches a word)
# Bidi embedding/override/isolate controls: invisible, and in scraped text
# they only ever scramble display order. Marks (LRM/RLM) are harmless but
# equally meaningless in stored text, so they go too.
BIDI_CONTROLS = re.compile(r"[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]")
# Other C0 controls except tab and newline (NUL bytes in particular), and
# the Unicode noncharacters (never text; U+FFFE and U+FFFF are not even
# allowed in XML, and one in a title would make the RSS feeds unreadable).
NOT_TEXT = re.compile("[\x00-\x08\x0E-\x1B\x7F\uFDD0-\uFDEF"
                      + "".join(chr(plane << 16 | end) for plane in range(17) for end in (0xFFFE, 0xFFFF)) + "]")
# Separators that stand between words or lines: taken out, they would glue
# the words on either side together. Vertical tab (a line break within a
# paragraph in word processors), form feed (a page break) and the
# information separators U+001C-U+001F separate like a space; next line and
# line separator end a line; the paragraph separator ends a paragraph.
SEPARATORS = {"\x0b": " ", "\x0c": " ", "\x1c": " ", "\x1d": " ", "\x1e": " ", "\x1f": " ",
              "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
_SEPARATOR = re.compile("[" + "".join(SEPARATORS) + "]")
MIN_ARABIC_LETTERS = 20


class IngestError(ValueError):
    """The file cannot become an article; the message says why."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise IngestError."""
    if not data:
        raise IngestError("empty file")
    if not data.strip():
        raise IngestError("only whitespace")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16), utf16
    # Text has next to no control bytes; a stray NUL is cleaned later, but a
    # file full of them is an image, an archive or a program.
    controls = len(data) - len(data.translate(None, CONTROL_BYTES))
    if controls > len(data) // 100:
        raise IngestError("binary file (not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 file cut mid-character or with a stray byte: keep what decodes
    # (a few damaged characters), rather than misread it all as windows-1256.
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    if damaged <= max(3, len(data) // 1000):
        return lenient.replace("\ufffd", ""), "utf-8 (damaged bytes dropped)"
    if _looks_like_utf8_arabic(data):
        raise IngestError("damaged UTF-8 text (too many invalid bytes to read it)")
    # windows-1256 maps almost every byte, so accept it only when the result
    # reads as Arabic text; otherwise the bytes are some other encoding.
    text = data.decode("cp1256", errors="replace")
    letters = len(ARABIC_LETTER.findall(text))
    if "\ufffd" not in text and letters >= MIN_ARABIC_LETTERS:
        return text, "cp1256"
    raise IngestError("not valid UTF-8, UTF-16 or windows-1256 text")


UTF8_ARABIC = re.compile(rb"[\xd8-\xdb][\x80-\xbf]")
# Byte classes counted with bytes.translate (C speed: these run on every file).
CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
HIGH_BYTES = bytes(range(0x80, 0x100))


def _has_arabic(text: str) -> bool:
    """At least MIN_ARABIC_LETTERS Arabic letters (stops counting there)."""
    found = 0
    for _ in ARABIC_LETTER.finditer(text):
        found += 1
        if found >= MIN_ARABIC_LETTERS:
            return True
    return False


def _looks_like_utf8_arabic(data: bytes) -> bool:
    """Arabic in UTF-8 is pairs of bytes D8-DB 80-BF; windows-1256 text has
    high bytes in no such pattern."""
    high = len(data) - len(data.translate(None, HIGH_BYTES))
    return high > 0 and 2 * len(UTF8_ARABIC.findall(data)) > 0.6 * high


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"invalid {encoding} text at byte {exc.start}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM shows, in the high byte of each pair, NUL for ASCII
    (spaces, digits, punctuation) and 0x06 for Arabic; UTF-8 text has no NUL
    at all. So: high bytes mostly NUL, 0x06 or 0x20; or, for text mixing in
    other scripts (Cyrillic 0x04, emoji, presentation forms), NUL in at least
    one high byte in twenty and the bytes reading as Arabic text that way."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for name, high in (("utf-16-le", odd), ("utf-16-be", even)):
        nul = high.count(0)
        plausible = nul + high.count(6) + high.count(0x20)
        if plausible > 0.9 * len(high) and nul + high.count(6) > 0.5 * len(high):
            return name
        if nul >= 0.05 * len(high) and _reads_as_text(data, name):
            return name
    return None


def _reads_as_text(data: bytes, encoding: str) -> bool:
    """The bytes decode, with next to no control characters, to Arabic text."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return len(CONTROLS.findall(text)) <= len(text) // 100 and _has_arabic(text)


def clean_text(text: str) -> str:
    """NFC, LF line ends, separators as spaces or line ends, no control or
    bidi characters, no noncharacters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = BIDI_CONTROLS.sub("", text)
    if _SEPARATOR.search(text):
        text = _SEPARATOR.sub(lambda m: SEPARATORS[m.group()], text)
    return unicodedata.normalize("NFC", NOT_TEXT.sub("", text))  # last: what was taken out may have split a letter from its mark


def read_article(path: Path, display_path: str | None = None) -> RawArticle:
    """Read one file; raise IngestError with a clear reason if it is unusable."""
    data = _read_file(path)
    text, encoding = decode(data)
    text = clean_text(text)
    if not text.strip():
        raise IngestError("only whitespace")
    if not _has_arabic(text):
        raise IngestError("no Arabic text")
    return RawArticle(
        path=display_path or shown(path),
        name=as_text(path.name),
        file=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file. A seed may be a link to a file beside it
    in its folder, not to one elsewhere: seeds arrive in archives, which can
    hold links, and whatever a link reaches would be published. Opened
    without waiting (a pipe named *.txt would block the build) and checked
    once open."""
    if path.is_symlink():
        folder = path.parent.resolve()
        if not path.resolve().is_relative_to(folder):
            raise IngestError("a link to a file outside its folder (not followed)")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IngestError("a folder, not a file")
        if not stat.S_ISREG(mode):
            raise IngestError("not a regular file (a pipe, a socket or a device)")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def as_text(name: str) -> str:
    """A file name as text that can be shown and stored anywhere: bytes that
    are not UTF-8 (Python keeps them as lone surrogates) written as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def shown(path: Path, root: Path | None = None) -> str:
    """How an input is named in the records and the report: relative to the
    project (when it is in it), as text (see as_text)."""
    return as_text(str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path))


def read_all(paths: list[Path], root: Path | None = None) -> tuple[list[RawArticle], list[Skipped]]:
    """Read every path; one bad file never stops the others."""
    raws: list[RawArticle] = []
    skipped: list[Skipped] = []
    names: set[str] = set()
    for path in paths:
        name = shown(path, root)
        if name in names:  # only names that are not UTF-8 can be shown alike
            skipped.append(Skipped(name, "file name shown like another's (its bytes that are not UTF-8 "
                                         "as \\xNN): rename it"))
            continue
        names.add(name)
        try:
            raws.append(read_article(path, name))
        except IngestError as exc:
            skipped.append(Skipped(name, str(exc)))
        except OSError as exc:
            skipped.append(Skipped(name, f"cannot read: {exc.strerror or exc}"))
    return raws, skipped


def is_seed(name: str) -> bool:
    """Whether an entry of the seeds folder is an input: NAME.txt (any case)."""
    return Path(name).suffix.lower() == ".txt"


def seed_files(seeds_dir: Path) -> list[Path]:
    """Every entry of the seeds folder named *.txt, in a stable order (by the
    bytes of the name): the files, and the rest (folders, links that lead
    nowhere or outside, pipes), which read_all reports rather than reads."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        (p for p in seeds_dir.iterdir() if is_seed(p.name)),
        key=lambda p: os.fsencode(p.name),
    )

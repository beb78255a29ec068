"""Stage 1: read seed files into RawArticle, or say clearly why not.

Scraped files arrive in every encoding news sites have used: UTF-8 with or
without BOM, UTF-16 (with or without BOM), windows-1256. We decode what can
be decoded with confidence and reject the rest with a message naming the
problem; we never guess silently.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .models import RawArticle, Skipped

ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
# Bidi embedding/override/isolate controls: invisible, and in scraped text
# they only ever scramble display order. Marks (LRM/RLM) are harmless but
# equally meaningless in stored text, so they go too.
BIDI_CONTROLS = re.compile(r"[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]")
# Other C0 controls except tab and newline (NUL bytes in particular).
C0_CONTROLS = re.compile(r"[\x00-\x08\x0B-\x1F\x7F]")
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
    """UTF-16 without BOM shows NUL in every other byte for ASCII, and 0x06
    high bytes for Arabic; detect it from those patterns."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for name, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        plausible = high.count(0) + high.count(6) + high.count(0x20)
        if plausible > 0.9 * len(high) and high.count(0) + high.count(6) > 0.5 * len(high):
            return name
    return None


def clean_text(text: str) -> str:
    """NFC, LF line ends, no control or bidi characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = BIDI_CONTROLS.sub("", text)
    return C0_CONTROLS.sub("", text)


def read_article(path: Path, display_path: str | None = None) -> RawArticle:
    """Read one file; raise IngestError with a clear reason if it is unusable."""
    data = path.read_bytes()
    text, encoding = decode(data)
    text = clean_text(text)
    if not text.strip():
        raise IngestError("only whitespace")
    if not _has_arabic(text):
        raise IngestError("no Arabic text")
    return RawArticle(
        path=display_path or str(path),
        name=path.name,
        file=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_all(paths: list[Path], root: Path | None = None) -> tuple[list[RawArticle], list[Skipped]]:
    """Read every path; one bad file never stops the others."""
    raws: list[RawArticle] = []
    skipped: list[Skipped] = []
    for path in paths:
        shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        try:
            raws.append(read_article(path, shown))
        except IngestError as exc:
            skipped.append(Skipped(shown, str(exc)))
        except OSError as exc:
            skipped.append(Skipped(shown, f"cannot read: {exc.strerror or exc}"))
    return raws, skipped


def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed files in a directory, in a stable (byte-wise name) order."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        (p for p in seeds_dir.iterdir() if p.is_file() and p.suffix.lower() == ".txt"),
        key=lambda p: p.name.encode("utf-8"),
    )

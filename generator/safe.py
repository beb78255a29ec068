"""Make untrusted scraped text inert in Markdown, HTML and YAML.

Scraped titles, paragraphs and tags are data, never markup: every string
that reaches a generated page goes through one of these functions.
"""

from __future__ import annotations

import re

# Markdown syntax possible anywhere in a line (Python-Markdown with the
# extensions of mkdocs.yml, and CommonMark): escapes, code spans, emphasis,
# links and images ("](", "![" and references need a bracket), attribute
# lists, table cells. Escaped with a backslash, which both accept for these;
# &, < and > (entities, raw HTML, autolinks, comments) become entities.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|])")
# Syntax only at the start of a line: headings, list items, rules, setext
# underlines, fences, admonitions ("!!! note"), ordered list items (also
# "1)" in CommonMark; any Unicode digits, as Python-Markdown's \d). md_text
# makes one line, which templates put at line starts too. Python-Markdown has
# no escape for = and ~: those become entities.
_MD_LINE_START = re.compile(r"(\d+)([.)])|[#+\-!]|(=)|(~)")


CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # \x02 \x03 are Python-Markdown's own placeholders


# What a terminal acts on rather than shows: C0 and C1 controls (escape
# sequences), DEL, bidi controls (they reorder what is shown), line breaks.
_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text for one line of a terminal or a log: each control written out
    (\\x1b, \\n, \\u202e), so that a file name cannot clear the screen or
    forge a line of the report."""
    return _TERMINAL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def md_text(text: str) -> str:
    """Inline Markdown that renders exactly as the given plain text, on one
    line, escaping only what could act as syntax (so that the Markdown of a
    page stays readable: "قال الوزير (تماما)." is written as it is)."""
    text = " ".join(CONTROLS.sub("", text).split())  # (split() splits at the whitespace \s matches)
    closing = len(text) > 1 and text.endswith("#")  # would close an ATX heading ("# C#" is "C")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    m = _MD_LINE_START.match(text)
    if m:
        if m.group(1):
            text = f"{m.group(1)}\\{text[m.end(1):]}"
        elif m.group(3):
            text = "&#61;" + text[1:]
        elif m.group(4):
            text = "&#126;" + text[1:]
        else:
            text = "\\" + text
    if closing:
        text = text[:-1] + "\\#"
    return text


def html_text(text: str) -> str:
    """Text for an HTML element or a double-quoted attribute."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#39;")
    )


# Front matter: a small block-style YAML emitter for the data we write
# (dicts, lists, str, int, float, bool, None). It writes the text that
# yaml.dump(data, allow_unicode=True, sort_keys=False, width=10_000) wrote
# with libyaml's emitter and a SafeDumper double-quoting every string but
# lowercase identifiers (tests/test_safe.py keeps that dumper to compare),
# 7-12 times faster: PyYAML's representer is pure Python, and dumping the
# records took 18 s of a 10,000-article build. MkDocs reads it back with
# PyYAML's SafeLoader. Unlike yaml.dump, an object met twice is written
# twice, not as an anchor and an alias (records never share one).

_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")
# YAML 1.1 words that would load as booleans or null if left unquoted
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
# What libyaml escapes in a double-quoted scalar (with allow_unicode): all but
# its printable characters, less line breaks, the BOM, quote and backslash.
# Characters outside the BMP are not printable to libyaml: \U0001F600.
_TO_ESCAPE = re.compile('[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]|["\\\\]')
_ESCAPES = {
    "\0": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f",
    "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
}
_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")
_WIDTH = 10_000  # lines are folded (at a space) only past this column
_SIMPLE_KEY = 128  # longer keys (in UTF-8 bytes) are written "? key" / ": value"


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    e = _ESCAPES.get(c)
    if e is None:
        o = ord(c)
        e = f"\\x{o:02X}" if o <= 0xFF else f"\\u{o:04X}" if o <= 0xFFFF else f"\\U{o:08X}"
    return e


def _string(value: str) -> str:
    """A string as a plain or a double-quoted scalar (on one line)."""
    if _PLAIN.fullmatch(value) and value not in _RESERVED:
        return value
    return f'"{_TO_ESCAPE.sub(_escape, value)}"'


def yaml_string(value: str) -> str:
    """`value` as a YAML scalar on one line (for a template's front matter)."""
    return _string(str(value))


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (_INF, -_INF):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    raise TypeError(f"front matter holds str, int, float, bool, None, lists and dicts, not {type(value).__name__}")


_INF = float("inf")
# the strings of a record repeat (keys, types, names): their text is kept
_SEEN: dict[str, str] = {}
_SEEN_MAX, _SEEN_LEN = 20_000, 100


def _text(value: object) -> str:
    if type(value) is str and len(value) <= _SEEN_LEN:
        text = _SEEN.get(value)
        if text is None:
            text = _string(value)
            if len(_SEEN) < _SEEN_MAX:
                _SEEN[value] = text
        return text
    return _scalar(value)


def _column(out: list[str]) -> int:
    n = 0
    for piece in reversed(out):
        if "\n" in piece:
            return n + len(piece) - piece.rindex("\n") - 1
        n += len(piece)
    return n


def _folded(out: list[str], value: object, text: str, indent: int) -> str:
    """`text` (the scalar for `value`) as libyaml writes it next in `out`: a
    double-quoted one is folded at a single space past column _WIDTH, and
    goes on on a line indented by `indent` (a second space escaped there)."""
    if len(text) <= _WIDTH // 2 or not text.startswith('"'):
        # (before a value, a line holds indents and a simple key: far less
        # than half the width unless nested thousands of levels deep)
        return text
    column = _column(out) + 1  # after the opening quote
    if column + len(text) - 2 <= _WIDTH:
        return text
    assert isinstance(value, str)
    line = ['"']
    spaces = False
    last = len(value) - 1
    for i, c in enumerate(value):
        if c == " ":
            if not spaces and column > _WIDTH and 0 < i < last:
                line.append("\n" + " " * indent)
                column = indent
                if value[i + 1] == " ":
                    line.append("\\")
                    column += 1
            else:
                line.append(c)
                column += 1
            spaces = True
        else:
            e = _TO_ESCAPE.sub(_escape, c)
            line.append(e)
            column += len(e)
            spaces = False
    line.append('"')
    return "".join(line)


def _node(out: list[str], value: object, indent: int, after_key: bool) -> None:
    """Append a node after "key:" (`after_key`), or after "-", "?" or an
    explicit ":" (where a block collection starts on the same line); `indent`
    is the one of the mapping or sequence holding it."""
    if isinstance(value, dict):
        if not value:
            out.append(" {}")
        elif after_key:
            _mapping(out, value, indent + 2, "\n" + " " * (indent + 2))
        else:
            _mapping(out, value, indent + 2, " ")
    elif isinstance(value, list):
        if not value:
            out.append(" []")
        elif after_key:  # a sequence in a mapping is not indented
            _sequence(out, value, indent, "\n" + " " * indent)
        else:
            _sequence(out, value, indent + 2, " ")
    else:
        out.append(" ")
        out.append(_folded(out, value, _text(value), indent + 2))


def _sequence(out: list[str], items: list, indent: int, first: str) -> None:
    newline = "\n" + " " * indent
    for item in items:
        if type(item) is str and len(item) <= _SEEN_LEN:
            out.append(f"{first}- {_SEEN.get(item) or _text(item)}")
        else:
            out.append(first + "-")
            _node(out, item, indent, False)
        first = newline


def _key(key: object) -> str | None:
    """"key:" for a simple key (one line of at most 128 bytes), else None
    (written "? key", then ": value" on the next line)."""
    if type(key) is not str:
        text = _scalar(key)
        return text + ":" if len(text) <= _SIMPLE_KEY else None
    k = _KEYS.get(key)
    if k is None:
        simple = not _BREAKS.search(key) and (
            len(key) * 4 <= _SIMPLE_KEY or len(key.encode("utf-8", "surrogatepass")) <= _SIMPLE_KEY)
        k = _string(key) + ":" if simple else ""
        if len(_KEYS) < _SEEN_MAX:
            _KEYS[key] = k
    return k or None


_KEYS: dict[str, str] = {}


def _mapping(out: list[str], data: dict, indent: int, first: str) -> None:
    newline = "\n" + " " * indent
    for key, value in data.items():
        k = _key(key)
        if k is None:
            out.append(first + "?")
            _node(out, key, indent, False)
            out.append(newline + ":")
            _node(out, value, indent, False)
        elif type(value) is str and len(value) <= _SEEN_LEN:
            out.append(f"{first}{k} {_SEEN.get(value) or _text(value)}")
        elif value is None:
            out.append(f"{first}{k} null")
        elif type(value) is int:
            out.append(f"{first}{k} {value}")
        else:
            out.append(first + k)
            _node(out, value, indent, True)
        first = newline


def front_matter(data: dict) -> str:
    """A YAML front-matter block that round-trips to exactly `data`."""
    if not data:
        return "---\n{}\n---\n"
    out = ["---\n"]
    _mapping(out, data, 0, "")
    out.append("\n---\n")
    return "".join(out)


_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*):(?: |$)")


def front_matter_subset(source: str, keep: frozenset[str]) -> str:
    """A page's source with only the `keep` entries of its front matter
    (any YAML block mapping: an entry starts at a line with its key at
    column 0, and everything else of it, continued scalars included, is
    further in or a "- " item under it). Anything else comes back whole."""
    if not source.startswith("---\n"):
        return source
    end = source.find("\n---\n", 3)
    if end < 0:
        return source
    kept: list[str] = []
    keeping = False
    for line in source[4:end + 1].splitlines(keepends=True):
        m = _TOP_KEY.match(line)
        if m:
            keeping = m.group(1) in keep
        elif not line.startswith((" ", "-", "#", "\n")):
            return source  # not a block mapping written the way this reads it
        if keeping:
            kept.append(line)
    return "---\n" + "".join(kept) + source[end + 1:]

"""Make untrusted scraped text inert in Markdown, HTML and YAML.

Scraped titles, paragraphs and tags are data, never markup: every string
that reaches a generated page goes through one of these functions.
"""

from __future__ import annotations

import re

import yaml

# Characters Python-Markdown (with the extensions in mkdocs.yml) treats as
# syntax and accepts a backslash escape for.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # \x02 \x03 are Python-Markdown's own placeholders


def md_text(text: str) -> str:
    """Inline Markdown that renders exactly as the given plain text."""
    text = re.sub(r"\s+", " ", CONTROLS.sub("", text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def html_text(text: str) -> str:
    """Text for an HTML element or a double-quoted attribute."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#39;")
    )


# libyaml's emitter when PyYAML has it (its wheels do): many times faster.
_Base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[misc, valid-type]
    pass


_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")
# YAML 1.1 words that would load as booleans or null if left unquoted
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Keys and simple identifiers stay plain; every other string is quoted so
    # that a scraped "yes", "null", "2023-01-19" or "---" stays a string.
    plain = _PLAIN.fullmatch(value) and value not in _RESERVED
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _str)


def front_matter(data: dict) -> str:
    """A YAML front-matter block that round-trips to exactly `data`."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---\n"

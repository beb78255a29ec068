"""Generated raw HTML blocks bypass Python-Markdown.

The generator writes link lists, metadata and charts as raw HTML blocks
between marker comments. Python-Markdown would leave them as they are, but
only after parsing every tag twice (md_in_html and MkDocs' anchor scan): at
10,000 articles that is a large part of the build. So the hook swaps each
block for a placeholder paragraph before conversion and puts it back after.
Without the hook (any other Markdown tool) the blocks are ordinary HTML.

Scraped text inside the blocks is entity-escaped (render.inline_html), so it
can neither contain a marker nor guess the per-process placeholder.
"""

from __future__ import annotations

import re
import secrets

OPEN, CLOSE = "<!-- digest:html -->", "<!-- /digest:html -->"
_BLOCK = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n{re.escape(CLOSE)}$", re.M | re.S)
_NONCE = secrets.token_hex(8)


def wrap(html: str) -> str:
    """Mark a raw HTML block (a Jinja filter); nothing for empty HTML."""
    html = html.strip("\n")
    return f"{OPEN}\n{html}\n{CLOSE}" if html.strip() else ""


def stash(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each marked block replaced by a placeholder paragraph."""
    blocks: list[str] = []

    def swap(m: re.Match) -> str:
        blocks.append(m.group(1))
        return f"\n\ndigestraw{_NONCE}x{len(blocks) - 1}\n\n"

    return _BLOCK.sub(swap, markdown), blocks


def restore(html: str, blocks: list[str]) -> str:
    """The converted page with the blocks back in place of their placeholders."""
    if not blocks:
        return html
    found: set[int] = set()

    def swap(m: re.Match) -> str:
        n = int(m.group(1))
        found.add(n)
        return blocks[n]

    out = re.sub(rf"<p>digestraw{_NONCE}x(\d+)</p>", swap, html)
    if len(found) != len(blocks):
        raise ValueError(f"{len(blocks) - len(found)} raw HTML block(s) lost in Markdown conversion")
    return out

"""Scraped text rendered through Markdown stays exactly that text."""

from __future__ import annotations

import html

import markdown
import pytest
import yaml
from markdown_it import MarkdownIt

from generator.safe import front_matter, md_text

NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![img](http://evil/x.png)",
    "# not a heading",
    "---",
    "* not a list",
    "1. not a list",
    "| a | b |",
    "`code` and **bold** and _em_",
    "{: .attr } {{ jinja }} {% raw %}",
    "&amp; &lt; \\ backslash",
    "> not a quote",
    "<!-- comment -->",
    "قال «الوزير»: \"نعم\" (تماما).",
]

MKDOCS_EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "admonition"]


@pytest.mark.parametrize("text", NASTY)
def test_python_markdown_renders_the_text_literally(text: str):
    out = markdown.markdown(md_text(text), extensions=MKDOCS_EXTENSIONS)
    assert out.startswith("<p>") and out.endswith("</p>")
    assert html.unescape(out[3:-4]) == text


@pytest.mark.parametrize("text", NASTY)
def test_commonmark_sees_one_plain_paragraph(text: str):
    tokens = MarkdownIt("commonmark").parse(md_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert all(c.type in ("text", "softbreak") for c in tokens[1].children)


@pytest.mark.parametrize("value", ["yes", "null", "2023-01-19", "---", "a: b", "'\"", "{x}", "1e3", "~"])
def test_front_matter_round_trips_any_string(value: str):
    block = front_matter({"title": value, "tags": [value]})
    assert block.startswith("---\n") and block.endswith("---\n")
    assert yaml.safe_load(block[4:-4]) == {"title": value, "tags": [value]}

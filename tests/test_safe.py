"""Scraped text rendered through Markdown stays exactly that text."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import ROOT
from generator.extract import extract
from generator.ingest import read_article
from generator.safe import front_matter, front_matter_subset, md_text

SEEDS = ROOT / "seeds"

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
    # what md_text no longer escapes, where it could still act as syntax
    "1) not a list",
    "١. ليست قائمة",  # Python-Markdown's \d takes Arabic-Indic digits
    "2023. year",
    "~~~",
    "~~~python",
    "```",
    "- a",
    "-",
    "- - -",
    "+ a",
    "=== ",
    "=",
    "!!! note",
    "!!! note \"title\"",
    "#hashtag",
    "###### six",
    "a. b - c (d) #e",
    "C#",
    "# closed #",
    "a \\#",
    "text ending with \\",
    "a ![x](y) b and x](y) and [TOC] and [^1]",
    "https://example.com and <https://example.com> and user@example.com",
    "&#61; &#x3C; &copy; &",
    "a_b_c *a* __b__ ~~del~~ ==mark== ^sup^ H~2~O :smile: $x$ (c) -- -> ...",
    "a \n=== ",
    "intro\n- item\n\n1. item",
    "cell | cell\n--- | ---",
    "tab\tand  spaces  ",
]

MKDOCS_EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "admonition"]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("text", NASTY)
def test_python_markdown_renders_the_text_literally(text: str):
    out = markdown.markdown(md_text(text), extensions=MKDOCS_EXTENSIONS)
    assert out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1, out
    assert html.unescape(out[3:-4]) == squash(text)


@pytest.mark.parametrize("text", NASTY)
def test_commonmark_sees_one_plain_paragraph(text: str):
    tokens = MarkdownIt("commonmark").parse(md_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert all(c.type in ("text", "softbreak") for c in tokens[1].children)
    assert "".join(c.content for c in tokens[1].children) == squash(text)


@pytest.mark.parametrize("text", NASTY)
def test_the_text_stays_text_where_templates_put_it(text: str):
    # a heading ("# {{ title | md }}", whose closing #s would be dropped), a
    # line right after another (a setext underline), link text, a table cell
    for page, tag in [("# {}", "h1"), ("## {} {{ lang=ar }}", "h2"), ("intro\n{}", "p"), ("[{}](x.md)", "a"),
                      ("| a |\n| --- |\n| {} |", "td")]:
        out = markdown.markdown(page.format(md_text(text)), extensions=MKDOCS_EXTENSIONS)
        inner = re.fullmatch(rf".*<{tag}[^>]*>(.*)</{tag}>.*", out, re.S)
        assert inner and html.unescape(inner.group(1)) == ("intro\n" if page.startswith("intro") else "") + squash(text), out
    tokens = MarkdownIt("commonmark").parse("# " + md_text(text))
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    assert "".join(c.content for c in tokens[1].children if c.type == "text") == squash(text)


def test_md_text_leaves_plain_prose_as_it_is():
    assert md_text("قال الوزير (تماما). وأضاف: \"لا\" - 2023! #سوريا") == "قال الوزير (تماما). وأضاف: \"لا\" - 2023! #سوريا"
    assert md_text("") == "" and md_text(" \t\n ") == ""


@pytest.mark.parametrize("value", ["yes", "null", "2023-01-19", "---", "a: b", "'\"", "{x}", "1e3", "~"])
def test_front_matter_round_trips_any_string(value: str):
    block = front_matter({"title": value, "tags": [value]})
    assert block.startswith("---\n") and block.endswith("---\n")
    assert yaml.safe_load(block[4:-4]) == {"title": value, "tags": [value]}


# --- front matter: the emitter against the yaml.dump it replaced ------------------


class _OldDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """generator.safe.front_matter up to 2026-11: libyaml's emitter, every
    string double-quoted but lowercase identifiers that YAML 1.1 does not
    read as a boolean or null."""


def _old_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    plain = re.fullmatch(r"[a-z_][a-z0-9_]*", value) and value not in {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null"}
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_OldDumper.add_representer(str, _old_str)


def old_front_matter(data: dict) -> str:
    return f"---\n{yaml.dump(data, Dumper=_OldDumper, allow_unicode=True, sort_keys=False, width=10_000)}---\n"


def test_the_old_dumper_is_libyaml():
    # the emitter writes what libyaml writes (PyYAML's Python emitter differs:
    # it keeps characters outside the BMP unescaped)
    assert yaml.__with_libyaml__ and old_front_matter({"x": "😀"}) == '---\nx: "\\U0001F600"\n---\n'


@pytest.mark.parametrize("stem", [p.stem for p in sorted(SEEDS.glob("*.txt"))])
def test_front_matter_of_the_samples_is_what_yaml_dump_wrote(stem: str):
    rec = extract(read_article(SEEDS / f"{stem}.txt", f"seeds/{stem}.txt")).to_dict()
    assert front_matter(rec) == old_front_matter(rec)
    assert front_matter({"language": "ar"}) == old_front_matter({"language": "ar"})


LONG = "قال الوزير " * 1200  # past the 10,000 columns where libyaml folds lines


@pytest.mark.parametrize("data", [
    {},
    {"a": [], "b": {}, "c": [[]], "d": [{}], "e": [[1, [2, []]], {"f": {"g": [None]}}]},
    {"": "", "x" * 128: 1, "x" * 129: [1, {"y": 2}], "é" * 64: {}, "é" * 65: {"z": []}, "a\nb": "c\u2028d"},
    {"k": [{"x" * 200: {"a": 1, "b": [1]}, "c": True}], 1: False, None: 1.5, -2: [1e16, -0.0, 1e-7, float("inf")]},
    {"s": ["\x00\x07\t\n\x0b\x1b\x7f\x85\x9f\xa0\u2028\u2029\ufeff\ufffe\ue000 😀 \\ \" '", "yes", "Null", "_a1"]},
    {"long": LONG, "list": [LONG + "  " + LONG], "nested": {"deeper": [{"key": "a  b " * 2500}]}, LONG: LONG},
])
def test_front_matter_is_what_yaml_dump_wrote(data: dict):
    assert front_matter(data) == old_front_matter(data)
    assert yaml.safe_load(front_matter(data)[4:-4]) == data


_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(list("\x00\t\n\r\x1b\x7f\x85\x9f\xa0\u2028\u2029\ufeff\ufffe\ue000 \"\\'#:-?&*!|>%@`,[]{}")
                                      + ["😀", "\U0010ffff", "  ", "---", "...", "yes", "null", "ab_1"]),
                       st.text(max_size=3)), max_size=12).map("".join),
    st.builds(lambda w, n: w * n, st.text(min_size=1, max_size=6), st.integers(1500, 3000)),  # folded lines
)
_scalars = st.one_of(_text, _text, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False))
_data = st.dictionaries(
    st.one_of(_text, _text, _text, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)),
    st.recursive(_scalars, lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(_text, c, max_size=4)),
                 max_leaves=12),
    max_size=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=_data)
def test_front_matter_is_what_yaml_dump_writes(data: dict):
    assert front_matter(data) == old_front_matter(data)


_KEEP = st.frozensets(st.sampled_from(["title", "body", "tags", "a", "k", "long", "list", "nested", "s", ""]), max_size=6)


def _check_subset(data: dict, keep: frozenset[str]) -> bool:
    """True when front_matter_subset kept just those entries (False: it gave
    the page back whole, as it must for a layout it does not read)."""
    body = "\n# Heading\n\ntext: not a key\n---\n"
    page = front_matter(data) + body
    sub = front_matter_subset(page, keep)
    if sub == page and any(not isinstance(k, str) or k not in keep for k in data):
        return False
    assert sub.endswith("\n---\n" + body)
    meta = yaml.safe_load(sub[4:-len(body) - 4]) or {}
    assert meta == {k: v for k, v in data.items() if isinstance(k, str) and k in keep}
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=_data, keep=_KEEP)
def test_front_matter_subset_keeps_exactly_the_entries_asked_for(data: dict, keep: frozenset[str]):
    _check_subset(data, keep)


_record_like = st.dictionaries(
    st.sampled_from(["title", "body", "tags", "a", "k", "long", "list", "nested", "s", "x_1", "date_hijri"]),
    st.recursive(_scalars, lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(_text, c, max_size=4)),
                 max_leaves=12),
    min_size=1, max_size=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=_record_like, keep=_KEEP)
def test_front_matter_subset_cuts_any_mapping_with_plain_keys(data: dict, keep: frozenset[str]):
    assert _check_subset(data, keep)


@pytest.mark.parametrize("stem", [p.stem for p in sorted(SEEDS.glob("*.txt"))])
def test_front_matter_subset_of_a_record_is_read_as_mkdocs_reads_the_page(stem: str):
    from generator.site import READ_META
    from mkdocs.utils import meta

    rec = extract(read_article(SEEDS / f"{stem}.txt", f"seeds/{stem}.txt")).to_dict()
    long = {**rec, "title": LONG, "summary": [LONG, "- " + LONG], "body": [{"type": "paragraph", "text": "x: y\n- z"}]}
    for data in (rec, long):
        assert _check_subset(data, READ_META)  # a record is always cut
        page = front_matter(data) + "\n# t\n"
        markdown, parsed = meta.get_data(front_matter_subset(page, READ_META))
        assert markdown == "# t\n" and parsed == {k: v for k, v in data.items() if k in READ_META}
        assert "body" not in parsed and set(parsed) >= {"title", "id", "schema_version"}


def test_mkdocs_is_handed_article_pages_cut_and_reads_other_pages_itself():
    from types import SimpleNamespace

    from generator.site import READ_META, on_page_read_source

    rec = extract(read_article(SEEDS / f"{sorted(SEEDS.glob('*.txt'))[0].stem}.txt", "seeds/x.txt")).to_dict()
    page_text = front_matter({**rec, "language": "ar"}) + "\n# t\n"

    def page(uri: str, text: str):
        return SimpleNamespace(file=SimpleNamespace(src_uri=uri, content_string=text))

    cut = on_page_read_source(page("articles/x.md", page_text), None)
    assert cut == front_matter_subset(page_text, READ_META) and "\nbody:" not in cut
    assert on_page_read_source(page("about.md", page_text), None) is None  # not an article page
    assert on_page_read_source(page("articles/index.md", "---\ntitle: x\n---\n# x\n"), None) is None


def test_printable_writes_out_what_a_terminal_would_act_on():
    from generator.safe import printable

    assert printable("seeds/\x1b[2Jx\n\u202eو\x9b.txt") == "seeds/\\x1b[2Jx\\n\\u202eو\\x9b.txt"
    assert printable("خبر عاجل (2023).txt") == "خبر عاجل (2023).txt"


@pytest.mark.parametrize("value", ["C:\\Windows", "\\x3cb\\x3e", 'قال "نعم"', "a: b # c", "true", "", "x\ny"])
def test_yaml_string_reads_back_as_the_same_text(value: str):
    from generator.safe import yaml_string

    assert yaml.safe_load(f"title: {yaml_string(value)}\n") == {"title": value}

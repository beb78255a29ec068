"""Indices on the built HTML: every internal link resolves, counts are true.

Run on the five samples and on a synthetic corpus of 60 articles
(bench/corpus.py), both built with the real `digest build`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, copy_project, run_build

pytestmark = pytest.mark.e2e
sys.path.insert(0, str(ROOT / "bench"))


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node | str"] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str) -> list["Node"]:
        out = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    out.append(c)
                out += c.all(tag)
        return out


class _Tree(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(path: Path) -> Node:
    t = _Tree()
    t.feed(path.read_text(encoding="utf-8"))
    return t.root


def article_body(page: Node) -> Node:
    return next(n for n in page.all("article") if "md-content__inner" in n.attrs.get("class", ""))


def sections(body: Node) -> dict[str, list[Node]]:
    """h2 text -> the nodes after it, up to the next h2."""
    out: dict[str, list[Node]] = {}
    current = None
    for c in body.children:
        if isinstance(c, Node) and c.tag == "h2":
            current = c.text().strip()
            out[current] = []
        elif current is not None and isinstance(c, Node):
            out[current].append(c)
    return out


def list_items(nodes: list[Node]) -> list[Node]:
    """The items of the lists among nodes (looking inside plain wrapper divs)."""
    out = []
    for n in nodes:
        if not isinstance(n, Node):
            continue
        if n.tag == "ul":
            out += [li for li in n.children if isinstance(li, Node) and li.tag == "li"]
        elif n.tag == "div":
            out += list_items(n.children)
    return out


def number_in(text: str) -> int:
    return int(re.search(r"\((\d+)\)\s*$", text.strip()).group(1))


# --- checks, run on every built site -----------------------------------------

def check_links(site: Path) -> int:
    checked = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for a in parse(page).all("a"):
            href = a.attrs.get("href", "")
            parts = urlsplit(href)
            if not href or parts.scheme or href.startswith(("#", "//", "mailto:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.exists(), f"{page.relative_to(site)}: broken link {href}"
            checked += 1
    return checked


def check_counts(site: Path, articles: int) -> None:
    for tree in (site, site / "en"):
        # every article has a page, and the articles index lists them all
        listed = list_items(article_body(parse(tree / "articles" / "index.html")).children)
        assert len(listed) == articles == len(list((tree / "articles").glob("*.html"))) - 1
        # actor pages: the heading count equals the items listed, and the index agrees
        index_rows = {}
        for row in article_body(parse(tree / "actors" / "index.html")).all("tr")[1:]:
            cells = row.all("td")
            if cells:
                href = cells[0].all("a")[0].attrs["href"]
                index_rows[Path(href).stem] = int(cells[1].text())
        assert index_rows
        for actor_id, count in index_rows.items():
            body = article_body(parse(tree / "actors" / f"{actor_id}.html"))
            secs = sections(body)
            heading = next(h for h in secs if re.search(r"\(\d+\)$", h))
            items = list_items(secs[heading])
            assert number_in(heading) == len(items) == count, (tree, actor_id)
        # archive: month pages list as many articles as the archive says
        total = 0
        for year_page in sorted((tree / "archive").glob("[0-9][0-9][0-9][0-9].html")):
            body = article_body(parse(year_page))
            for h, nodes in sections(body).items():
                assert number_in(h) == len(list_items(nodes)), year_page
                total += len(list_items(nodes))
        undated = article_body(parse(tree / "archive" / "undated.html"))
        total += len(list_items(undated.children))
        assert total == articles, tree
        # digests: one briefing entry (h3) per article of the month
        for digest in (tree / "digests").glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].html"):
            body = article_body(parse(digest))
            month = (tree / "archive" / digest.name)
            month_items = sum(len(list_items(n)) for n in sections(article_body(parse(month))).values())
            assert len(body.all("h3")) == month_items, digest


def test_every_internal_link_resolves_in_both_languages(site: Path):
    assert check_links(site) > 500


def test_counts_on_the_sample_site(site: Path):
    check_counts(site, articles=5)


def test_every_index_exists_in_both_languages(site: Path):
    for tree in (site, site / "en"):
        for page in ("index", "articles/index", "actors/index", "actors/alphabetical", "places/index",
                     "sources/index", "tags/index", "archive/index", "archive/undated", "digests/index", "report"):
            assert (tree / f"{page}.html").is_file(), (tree, page)
        assert (tree / "actors" / "sergey-lavrov.html").is_file()
        assert (tree / "places" / "nagorno-karabakh.html").is_file()
        assert (tree / "sources" / "sputnik.html").is_file()
        assert (tree / "archive" / "2023-01-19.html").is_file()
        assert (tree / "digests" / "2023-09.html").is_file()
        assert "<svg" in (tree / "index.html").read_text(encoding="utf-8")


def test_article_page_links_its_metadata(site: Path):
    page = (site / "en" / "articles" / "003_33a46d52206eb315.html").read_text(encoding="utf-8")
    for href in ("../actors/sergey-lavrov.html", "../places/lachin-corridor.html", "../sources/alalam.html",
                 "../archive/2023-01-19.html"):
        assert f'href="{href}"' in page, href
    assert "Related articles" in page and "Quotes" in page


def test_arabic_alphabetical_view_uses_arabic_collation(site: Path):
    items = list_items(article_body(parse(site / "actors" / "alphabetical.html")).children)
    names = [li.all("a")[0].text() for li in items]
    from generator.render import collation_key

    assert names == sorted(names, key=lambda n: collation_key(n, "ar"))


def test_nav_stays_small(site: Path):
    page = (site / "articles" / "003_33a46d52206eb315.html").read_text(encoding="utf-8")
    nav = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("md-nav__link") < 30


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> tuple[Path, int]:
    from corpus import write_corpus

    seeds = tmp_path_factory.mktemp("corpus") / "seeds"
    write_corpus(seeds, 60, seed=11)
    project = copy_project(tmp_path_factory.mktemp("large") / "project", seeds=seeds)
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project / "site", 60


def test_larger_corpus_links_and_counts(large_site):
    site, n = large_site
    assert check_links(site) > 60 * 10
    check_counts(site, articles=n)

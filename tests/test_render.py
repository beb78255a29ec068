"""Rendering without MkDocs: which pages exist and what their lists hold."""

from __future__ import annotations

from pathlib import Path

import generator.index as index_module
from generator.enrich.gazetteer import gazetteer
from generator.index import build_index
from generator.models import Article, Block, BuildReport
from generator.rawhtml import restore, stash, wrap
from generator.render import render_site

ROOT = Path(__file__).resolve().parent.parent


def _article(i: int, date: str) -> Article:
    return Article(path=f"seeds/a{i}.txt", id=f"a{i}", title=f"عنوان {i}", date=date,
                   body=[Block("paragraph", f"نص المقال رقم {i}.")])


def test_a_week_across_two_months_has_a_page_in_each(monkeypatch):
    # ISO week 2023-W26 runs from Monday 26 June to Sunday 2 July.
    monkeypatch.setattr(index_module, "BUSY_MONTH", 1)
    arts = [_article(1, "2023-06-29"), _article(2, "2023-06-30"), _article(3, "2023-07-01"), _article(4, "2023-07-02")]
    pages = dict(render_site(build_index(arts), gazetteer(), BuildReport(), ROOT / "templates"))
    june, july = pages["ar/digests/2023-06-W26.md"], pages["ar/digests/2023-07-W26.md"]
    assert "a1.html" in june and "a2.html" in june and "a3.html" not in june
    assert "a3.html" in july and "a4.html" in july and "a1.html" not in july
    assert "(2023-06-W26.md)" in pages["ar/digests/2023-06.md"]


def test_every_page_is_rendered_once():
    arts = [_article(i, f"2023-01-{i:02d}") for i in range(1, 6)]
    paths = [p for p, _ in render_site(build_index(arts), gazetteer(), BuildReport(), ROOT / "templates")]
    assert len(paths) == len(set(paths))


def test_raw_html_blocks_survive_conversion_and_text_cannot_forge_them():
    import markdown

    page = "# T\n\n" + wrap('<ul class="x">\n<li>&lt;b&gt;</li>\n</ul>') + "\n\nplain <!-- /digest:html --> text\n"
    md, blocks = stash(page)
    assert blocks == ['<ul class="x">\n<li>&lt;b&gt;</li>\n</ul>']
    html = restore(markdown.markdown(md), blocks)
    assert '<ul class="x">\n<li>&lt;b&gt;</li>\n</ul>' in html and "digestraw" not in html
    # a marker that is not on a line of its own is not a block
    assert len(stash("text <!-- digest:html -->\n<b>x</b>\n<!-- /digest:html -->")[1]) == 0

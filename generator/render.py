"""Stage 4: render Markdown pages for both languages with Jinja2 templates.

Returns {path relative to docs/: content}; writing is write.py's job. Scraped
strings are passed to templates as data and made inert there with the `md`
(Markdown) and `html` filters; they are never part of template source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .data import load_data
from .index import SiteIndex
from .models import Article, BuildReport
from .safe import front_matter, html_text, md_text

LANGUAGES = ("ar", "en")
SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "record.schema.json"


@dataclass(frozen=True)
class Settings:
    month_names_ar: str = "months"  # "months" (Egyptian/Gulf) or "months_levant"


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir / "pages")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown: escaping is explicit (md, html)
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_text
    env.filters["html"] = html_text
    env.filters["front_matter"] = front_matter
    return env


def format_date(iso: str | None, lang: str, settings: Settings = Settings()) -> str:
    """19 يناير 2023 / 19 January 2023, written natively in each language."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    labels = load_data("labels")[lang]
    months = labels[settings.month_names_ar] if lang == "ar" else labels["months"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def article_front_matter(a: Article, lang: str) -> dict[str, Any]:
    """The record, as front matter; `language` says which tree the page is in."""
    record = a.to_dict()
    record["language"] = lang
    return record


def render_site(
    articles: list[Article], index: SiteIndex, report: BuildReport,
    templates_dir: Path, settings: Settings = Settings(),
) -> dict[str, str]:
    env = environment(templates_dir)
    pages: dict[str, str] = {}
    for lang in LANGUAGES:
        t = load_data("labels")[lang]

        def date(iso: str | None, _lang: str = lang) -> str:
            return format_date(iso, _lang, settings)

        common = {"lang": lang, "t": t, "date": date, "index": index}
        for a in articles:
            pages[f"{lang}/articles/{a.id}.md"] = env.get_template("article.md.j2").render(
                a=a, meta=article_front_matter(a, lang), up="../", **common
            )
        pages[f"{lang}/index.md"] = env.get_template("home.md.j2").render(up="", **common)
        pages[f"{lang}/articles/index.md"] = env.get_template("articles.md.j2").render(up="../", **common)
        pages[f"{lang}/archive/index.md"] = env.get_template("archive.md.j2").render(up="../", **common)
        pages[f"{lang}/report.md"] = env.get_template("report.md.j2").render(
            report=report, up="", **common
        )
        pages[f"{lang}/data/record.schema.json"] = SCHEMA_FILE.read_text(encoding="utf-8")
    return pages

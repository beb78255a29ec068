"""Files published beside the pages: RSS feeds and data exports.

Feeds (RSS 2.0) per language and per actor; exports of the records as JSON
Lines and CSV (articles, actors, mentions, quotes) for analysts. All text is
escaped for XML; CSV cells that a spreadsheet would read as a formula are
neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from email.utils import format_datetime
from functools import lru_cache, partial
from xml.sax.saxutils import escape

from .enrich.gazetteer import Gazetteer
from .index import SiteIndex
from .models import Article
from .safe import html_text

FEED_ITEMS = 50
EXPORTS = ("data/articles.jsonl", "data/articles.csv", "data/actors.csv", "data/mentions.csv", "data/quotes.csv")


def _pub_date(a: Article) -> str | None:
    return _rfc2822(a.date, a.time) if a.date else None


@lru_cache(maxsize=65536)  # an article is in its feed and in every feed of its actors
def _rfc2822(date: str, time: str | None) -> str:
    h, m = (int(x) for x in (time or "00:00").split(":"))
    d = dt.date.fromisoformat(date)
    return format_datetime(dt.datetime(d.year, d.month, d.day, h, m, tzinfo=dt.timezone.utc))


def rss(articles: list[Article], lang: str, title: str, description: str, site_url: str, path: str) -> str:
    """An RSS 2.0 feed; links are absolute when the site URL is known."""
    base = site_url or ""
    items = []
    for a in articles[:FEED_ITEMS]:
        english = lang == "en" and a.en
        headline = a.en.title if english else a.title
        summary = " ".join(a.en.summary if english else a.summary)
        link = f"{base}articles/{a.id}.html"
        # RSS readers render title and description as HTML: scraped text
        # is escaped for HTML first, then for XML.
        parts = [
            f"<title>{escape(html_text(headline))}</title>",
            f"<link>{escape(link)}</link>",
            f'<guid isPermaLink="false">{escape(a.id)}</guid>',
        ]
        if summary:
            parts.append(f"<description>{escape(html_text(summary))}</description>")
        published = _pub_date(a)
        if published:
            parts.append(f"<pubDate>{published}</pubDate>")
        if a.source:
            parts.append(f"<source url=\"{escape(base + 'sources/' + a.source.id + '.html', {chr(34): '&quot;'})}\">"
                         f"{escape(a.source.name_en if lang == 'en' else a.source.name_ar)}</source>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(base + path)}</link>"
        f"<description>{escape(description)}</description><language>{lang}</language>"
        + "".join(items) + "</channel></rss>\n"
    )


def feeds(index: SiteIndex, lang: str, labels: dict, site_url: str) -> Iterator[tuple[str, Callable[[], str]]]:
    """(path, function making the feed): the site's feed and one per actor."""
    yield "feeds/articles.xml", partial(rss, index.articles, lang, labels["site_name"], labels["intro"], site_url, "index.html")
    for e in index.actors.values():
        name = e.ref.name_en if lang == "en" else e.ref.name_ar
        yield f"feeds/actors/{e.id}.xml", partial(
            rss, e.articles, lang, f"{labels['site_name']}: {name}", f"{labels['articles_mentioning']}: {name}",
            site_url, f"actors/{e.id}.html",
        )


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # a leading = + - @ would run as a formula in a spreadsheet
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if header:
        w.writerow(header)
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


ARTICLES_HEADER = ["id", "date", "time", "timezone", "weekday", "title", "title_en", "source_id", "source_en",
                   "section", "byline", "tags", "summary", "path"]
MENTIONS_HEADER = ["article_id", "kind", "id", "mentions"]
QUOTES_HEADER = ["article_id", "speaker_id", "speaker_text", "text"]


def article_rows(a: Article, record_json: str | None = None) -> tuple[str, str, str, str, str]:
    """One article's share of the exports: its JSON line, its row of
    articles.csv, its actor and its place rows of mentions.csv, its rows of
    quotes.csv. Made once per article, so a rebuild after an edit remakes
    one share and joins the rest."""
    return (
        (record_json if record_json is not None else json.dumps(a.to_dict(), ensure_ascii=False)) + "\n",
        _csv([], [[a.id, a.date, a.time, a.timezone, a.weekday, a.title, a.en.title if a.en else "",
                   a.source.id if a.source else "", a.source.name_en if a.source else "", a.section, a.byline,
                   "|".join(a.tags), " ".join(a.summary), a.path]]),
        _csv([], [[a.id, "actor", r.id, r.mentions] for r in a.actors]),
        _csv([], [[a.id, "place", r.id, r.mentions] for r in a.places]),
        _csv([], [[a.id, q.speaker or "", q.speaker_text, q.text] for q in a.quotes]),
    )


def exports(index: SiteIndex, gaz: Gazetteer, rows: dict[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """data/articles.jsonl and CSV tables; sorted, so byte-identical per input.
    `rows`: article id -> its article_rows(), when already made."""
    arts = sorted(index.articles, key=lambda a: a.id)
    shares = [rows[a.id] if rows and a.id in rows else article_rows(a) for a in arts]
    jsonl = "".join(s[0] for s in shares)
    articles = _csv(ARTICLES_HEADER, []) + "".join(s[1] for s in shares)
    actor_rows = []
    for e in sorted(index.actors.values(), key=lambda e: e.id):
        g = gaz.actors.get(e.id)
        actor_rows.append([e.id, e.ref.type, e.ref.name_ar, e.ref.name_en, g.country if g else "",
                           g.wikidata if g else "", e.count, e.mentions])
    actors = _csv(["id", "type", "name_ar", "name_en", "country", "wikidata", "articles", "mentions"], actor_rows)
    mentions = _csv(MENTIONS_HEADER, []) + "".join(s[2] for s in shares) + "".join(s[3] for s in shares)
    quotes = _csv(QUOTES_HEADER, []) + "".join(s[4] for s in shares)
    return dict(zip(EXPORTS, (jsonl, articles, actors, mentions, quotes), strict=True))

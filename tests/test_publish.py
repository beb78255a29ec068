"""Publishing: feeds, JSON-LD and Open Graph, data exports, English text."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT

pytestmark = pytest.mark.e2e
SEED_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("tree", ["", "en"])
def test_feeds_are_valid_rss(site: Path, tree: str):
    root = site / tree if tree else site
    feeds = [root / "feeds" / "articles.xml", *sorted((root / "feeds" / "actors").glob("*.xml"))]
    assert len(feeds) > 10
    for feed in feeds:
        rss = ET.fromstring(feed.read_bytes())
        assert rss.tag == "rss" and rss.get("version") == "2.0"
        channel = rss.find("channel")
        for tag in ("title", "link", "description", "language"):
            assert channel.findtext(tag), (feed, tag)
        items = channel.findall("item")
        assert items, feed
        for item in items:
            assert item.findtext("title") and item.findtext("link") and item.findtext("guid")
            if item.findtext("pubDate"):
                parsedate_to_datetime(item.findtext("pubDate"))
    main = ET.fromstring((root / "feeds" / "articles.xml").read_bytes())
    assert len(main.find("channel").findall("item")) == len(SEED_IDS)


def _head(page: Path) -> str:
    return page.read_text(encoding="utf-8").split("</head>", 1)[0]


@pytest.mark.parametrize("tree, lang", [("", "ar"), ("en", "en")])
def test_article_pages_carry_json_ld_and_open_graph(site: Path, tree: str, lang: str):
    for art_id in SEED_IDS:
        head = _head((site / tree / "articles" / f"{art_id}.html") if tree else (site / "articles" / f"{art_id}.html"))
        m = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
        assert m, art_id
        data = json.loads(m.group(1))
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] and data["identifier"] == art_id
        if "datePublished" in data:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?", data["datePublished"])
        og = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)"', head))
        assert og["og:type"] == "article" and og["og:title"]
        assert og["og:locale"] == ("ar_AR" if lang == "ar" else "en_US")


def test_exports_are_complete_and_safe(site: Path):
    data = site / "data"
    schema = json.loads((ROOT / "generator" / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    records = [json.loads(line) for line in (data / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == SEED_IDS
    for r in records:
        jsonschema.validate(r, schema)
    rows = list(csv.DictReader(io.StringIO((data / "articles.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == SEED_IDS
    actors = list(csv.DictReader(io.StringIO((data / "actors.csv").read_text(encoding="utf-8"))))
    mentions = list(csv.DictReader(io.StringIO((data / "mentions.csv").read_text(encoding="utf-8"))))
    by_actor = {}
    for m in mentions:
        if m["kind"] == "actor":
            by_actor.setdefault(m["id"], set()).add(m["article_id"])
    for a in actors:
        assert int(a["articles"]) == len(by_actor[a["id"]])
    quotes = list(csv.DictReader(io.StringIO((data / "quotes.csv").read_text(encoding="utf-8"))))
    assert len(quotes) == sum(len(r["quotes"]) for r in records)
    for name in ("articles.jsonl", "articles.csv", "actors.csv", "mentions.csv", "quotes.csv"):
        assert (site / "en" / "data" / name).read_bytes() == (data / name).read_bytes()  # one dataset, both trees


def test_csv_cells_never_start_a_formula():
    from generator.publish import _cell

    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and _cell("-1") == "'-1" and _cell("نص") == "نص"


def test_english_page_without_translation_has_an_english_summary_line(site: Path):
    from generator.models import Article, ActorRef, PlaceRef, Source
    from generator.enrich.gazetteer import gazetteer
    from generator.render import english_summary

    a = Article(path="x", id="x", title="t", body=[], date="2023-01-19", source=Source("alalam", "العالم", "Al-Alam"),
                actors=[ActorRef("russia", "روسيا", "Russia", "state", 3), ActorRef("sergey-lavrov", "سيرغي لافروف", "Sergey Lavrov", "person", 2)],
                places=[PlaceRef("lachin-corridor", "ممر لاتشين", "Lachin corridor", "corridor", 1)])
    assert english_summary(a, gazetteer()) == "Sergey Lavrov (Russia) in Al-Alam, 19 January 2023: Russia; Lachin corridor."


def test_editorial_translations_are_shown_on_english_pages(site: Path):
    import yaml

    for art_id in SEED_IDS:
        en = yaml.safe_load((ROOT / "seeds" / f"{art_id}.en.yml").read_text(encoding="utf-8"))
        html = (site / "en" / "articles" / f"{art_id}.html").read_text(encoding="utf-8")
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert title.startswith(en["title"].replace('"', "&#34;")[:20].split("&")[0])
        assert "Translated by the editors" in html and "Original text (Arabic)" in html
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        assert 'lang="ar"' not in h1
    ar = (site / "articles" / f"{SEED_IDS[0]}.html").read_text(encoding="utf-8")
    assert "Translated by the editors" not in ar


def test_a_bad_translation_sidecar_is_a_warning(tmp_path: Path):
    import shutil

    from generator.ingest import read_all
    from generator.models import BuildReport
    from generator.pipeline import extract_all

    seed = tmp_path / "a.txt"
    shutil.copy(ROOT / "seeds" / f"{SEED_IDS[3]}.txt", seed)
    (tmp_path / "a.en.yml").write_text("summary: [no title here]\n", encoding="utf-8")
    raws, _ = read_all([seed])
    (art,) = extract_all(raws, BuildReport())
    assert art.en is None and any("English translation not used" in w for w in art.warnings)


def test_dates_are_written_natively_with_a_choice_of_arabic_month_names():
    from generator.render import Settings, format_date

    assert format_date("2023-01-19", "en") == "19 January 2023"
    assert format_date("2023-01-19", "ar") == "19 يناير 2023"
    levant = Settings.from_config({"month_names": "levantine"}, "")
    assert format_date("2023-01-19", "ar", levant) == "19 كانون الثاني 2023"

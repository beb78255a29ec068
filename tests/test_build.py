"""End to end: the real `digest build` (MkDocs + Material), checked on the built HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, run_build

pytestmark = pytest.mark.e2e

SEED_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))


class _Page(HTMLParser):
    """The few things these tests read from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str] = {}
        self.alternates: list[tuple[str, str]] = []  # (hreflang, href)
        self.links: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_attrs = a
        if tag == "a" and "digest-alternate" in a.get("class", ""):
            self.alternates.append((a.get("hreflang", ""), a["href"]))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "script":
            self.scripts.append(a.get("src", ""))


def parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def html_pages(tree: Path) -> list[Path]:
    """HTML pages of one language tree (the English tree is excluded from the Arabic one)."""
    return [p for p in tree.rglob("*.html") if not p.relative_to(tree).parts[0] == "en" or tree.name == "en"]


def test_every_article_has_a_page_in_both_languages(site: Path):
    for art_id in SEED_IDS:
        assert (site / "articles" / f"{art_id}.html").is_file(), art_id
        assert (site / "en" / "articles" / f"{art_id}.html").is_file(), art_id


@pytest.mark.parametrize("tree, lang, direction", [("", "ar", "rtl"), ("en", "en", "ltr")])
def test_lang_and_dir_on_every_page(site: Path, tree: str, lang: str, direction: str):
    root = site / tree if tree else site
    pages = html_pages(root)
    assert len(pages) >= len(SEED_IDS) + 4
    for page in pages:
        attrs = parse(page).html_attrs
        assert (attrs.get("lang"), attrs.get("dir")) == (lang, direction), page


def test_switcher_links_lead_to_the_same_page_in_the_other_language(site: Path):
    checked = 0
    for page in site.rglob("*.html"):
        rel = page.relative_to(site)
        if rel.name == "404.html":  # served at any depth: links are root-relative
            continue
        in_en = rel.parts[0] == "en"
        same = rel.relative_to("en") if in_en else rel
        for hreflang, href in parse(page).alternates:
            target = (page.parent / href).resolve()
            assert target.is_file(), f"{rel}: {href} does not exist"
            expected = site / same if hreflang == "ar" else site / "en" / same
            assert target == expected.resolve(), f"{rel}: {hreflang} -> {href}"
            checked += 1
    assert checked >= 2 * 2 * (len(SEED_IDS) + 4)


def test_each_language_has_its_own_search_index(site: Path):
    # an article's entry opens with its date, in the tree's language
    dated = {"": re.compile(r"<p>\d{1,2} [\u0621-\u064A]+ \d{4} · "), "en": re.compile(r"<p>\d{1,2} [A-Z][a-z]+ \d{4} · ")}
    for tree, other_marker in (("", "en/"), ("en", None)):
        root = site / tree if tree else site
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == (["ar"] if not tree else ["en"])
        locations = {d["location"].split("#")[0] for d in index["docs"]}
        for art_id in SEED_IDS:
            assert f"articles/{art_id}.html" in locations
        if other_marker:
            assert not any(loc.startswith(other_marker) for loc in locations)
        article_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("articles/0"))
        assert dated[tree].search(article_text), article_text[:300]
        # offline profile: the index is also inlined for file:// use
        js = (root / "search" / "search_index.js").read_text(encoding="utf-8")
        raw = (root / "search" / "search_index.json").read_text(encoding="utf-8")
        assert js == "var __index = " + raw


def test_arabic_text_is_searchable_in_arabic_index_only(site: Path):
    ar = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    en = (site / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    english_date = re.compile(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October"
                              r"|November|December) \d{4}")
    assert not english_date.search(ar)
    assert "لافروف" in json.loads(ar)["docs"].__repr__()
    assert english_date.search(en) and "تاريخ النشر" not in en  # the English tree's labels and dates


def test_front_matter_is_the_record(built_project: Path):
    for lang in ("ar", "en"):
        for art_id in SEED_IDS:
            text = (built_project / "docs" / lang / "articles" / f"{art_id}.md").read_text(encoding="utf-8")
            m = re.match(r"---\n(.*?)\n---\n", text, re.S)
            assert m, art_id
            meta = yaml.safe_load(m.group(1))
            assert meta["id"] == art_id and meta["language"] == lang
            for key in ("title", "date", "source", "body", "removed"):
                assert key in meta
            assert meta["title"] and meta["body"]


def test_offline_profile_loads_nothing_from_the_network(site: Path):
    for page in [site / "index.html", site / "en" / "articles" / f"{SEED_IDS[0]}.html"]:
        text = page.read_text(encoding="utf-8")
        # resources that load by themselves: scripts, images, stylesheets, fonts
        assert not re.search(r"""src=["']?(?:https?:)?//""", text), page
        assert not re.search(r"""<link[^>]*href=["']?(?:https?:)?//""", text), page
        assert "fonts.googleapis" not in text and "unpkg.com" not in text


def test_generation_is_deterministic_and_idempotent(tmp_path: Path):
    from generator.pipeline import Project, generate

    a = Project(copy_project(tmp_path / "a"))
    _, first = generate(a)
    _, second = generate(a)
    assert first.written and not second.written and not second.deleted  # nothing to rewrite: no watcher loop
    # what the generation kept out of the collector's sight is back in it (a
    # long-running serve must be able to collect the records it replaces)
    assert __import__("gc").get_freeze_count() == 0
    b = Project(copy_project(tmp_path / "b"))
    # same inputs, another folder and the reverse file order on disk
    generate(b)
    files_a = {p.relative_to(a.docs): p.read_bytes() for p in a.docs.rglob("*.md")}
    files_b = {p.relative_to(b.docs): p.read_bytes() for p in b.docs.rglob("*.md")}
    assert files_a == files_b


def test_a_deleted_seed_removes_its_pages(tmp_path: Path):
    from generator.pipeline import Project, generate

    project = Project(copy_project(tmp_path / "p"))
    generate(project)
    victim = sorted(project.seeds.glob("*.txt"))[0]
    victim.unlink()
    _, report = generate(project)
    assert f"ar/articles/{victim.stem}.md" in report.deleted
    assert not (project.docs / "en" / "articles" / f"{victim.stem}.md").exists()
    assert (project.docs / "ar" / "about.md").exists()  # hand-written pages are never touched


def test_bad_files_are_reported_and_do_not_stop_the_build(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for p in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        (seeds / p.name).write_bytes(p.read_bytes())
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (seeds / "english.txt").write_text("Just an English text with no Arabic at all.\n" * 5)
    project = copy_project(tmp_path / "project", seeds=seeds)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert "inputs: 5, pages: 2, skipped: 3" in log
    report = (project / "site" / "report.html").read_text(encoding="utf-8")
    for name, reason in (("empty.txt", "empty file"), ("binary.txt", "binary"), ("english.txt", "no Arabic text")):
        assert name in report and reason in report
    assert len(list((project / "site" / "articles").glob("0*.html"))) == 2


def test_scraped_markup_is_shown_as_text_never_run(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    payload = (
        "عاجل: وزير الخارجية <script>alert('t')</script> يصل إلى موسكو [رابط](javascript:alert(1)) {{ config }}\n\n"
        "قال المتحدث إن <img src=x onerror=alert(1)> الوضع في المنطقة مستقر تماما الآن.\n"
        "# عنوان مزيف\n"
        "---\n"
        "title: hacked\n"
        "وأضاف أن **المفاوضات** ستستمر | مع | الأطراف {% raw %} خلال الأسبوع المقبل في موسكو.\n"
    )
    (seeds / "evil.txt").write_text(payload, encoding="utf-8")
    project = copy_project(tmp_path / "project", seeds=seeds)
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    for tree in ("", "en/"):
        html = (project / "site" / f"{tree}articles" / "evil.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "&lt;script&gt;alert" in html  # shown, as text
        assert "{{ config }}" in html and "<strong>" not in html.split("md-content")[1]
        assert "<h1" in html and html.count("<h1") == 1 and "<hr" not in html.split("md-content")[1]


def test_pages_profile_uses_the_site_url(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    url = "https://example.github.io/caucasus-digest/"
    result = run_build(project, "--profile", "pages", "--site-url", url, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{url}articles/{SEED_IDS[0]}.html</loc>" in sitemap
    en_sitemap = (project / "site" / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{url}en/articles/{SEED_IDS[0]}.html</loc>" in en_sitemap
    assert not (project / "site" / "search" / "search_index.js").exists()  # offline plugin off
    # every sitemap entry names its page in both languages (hreflang)
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for tree, prefix in (("", ""), ("en", "en/")):
        root = ET.fromstring((project / "site" / tree / "sitemap.xml").read_bytes())
        urls = root.findall("s:url", ns)
        assert urls
        for u in urls:
            loc = u.findtext("s:loc", namespaces=ns)
            path = loc[len(url + prefix):]
            alts = {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
            assert alts == {"ar": url + path, "en": url + "en/" + path}, loc


def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys
    import time

    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*.html"))
    for delay in (0.5, 1.5, 2.5, 3.5):  # into generation, the Arabic build, the English build
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*.html"))
        assert after == before, f"site/ changed after a kill at {delay}s"
        assert (project / "site" / "en" / "articles" / f"{SEED_IDS[0]}.html").is_file()
    result = run_build(project, "--strict")  # the next build recovers
    assert result.returncode == 0, result.stderr
    assert not (project / "site.building").exists() and not (project / "site.old").exists()
    assert not (project / "docs" / ".staging").exists()


def test_incremental_build_reuses_unchanged_articles_and_gives_the_same_pages(tmp_path: Path):
    from generator.pipeline import Project, generate

    project = Project(copy_project(tmp_path / "p"))
    _, cold = generate(project)
    snapshot = {p: p.read_bytes() for p in project.docs.rglob("*.md")}
    _, warm = generate(project)
    assert "cache: 10 results reused, 0 computed" in warm.notes  # 5 extractions + 5 enrichments
    assert {p: p.read_bytes() for p in project.docs.rglob("*.md")} == snapshot
    seed = sorted(project.seeds.glob("*.txt"))[2]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nوأضاف المتحدث أن المحادثات ستستمر الأسبوع المقبل.\n", encoding="utf-8")
    _, edited = generate(project)
    assert "cache: 8 results reused, 2 computed" in edited.notes
    assert f"ar/articles/{seed.stem}.md" in edited.written


def test_a_damaged_record_cache_is_rebuilt_not_fatal(tmp_path: Path):
    from generator.pipeline import Project, generate

    project = Project(copy_project(tmp_path / "p"))
    generate(project)
    db = project.root / ".cache" / "records" / "records.sqlite"
    assert db.is_file()
    db.write_bytes(b"this is not a database" * 100)
    _, report = generate(project)
    assert "cache: 0 results reused, 10 computed" in report.notes
    _, again = generate(project)
    assert "cache: 10 results reused, 0 computed" in again.notes


def test_a_failed_english_build_fails_the_build_and_keeps_the_previous_site(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*.html")}
    config = project / "mkdocs.en.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: no-such-folder\n", 1),
                      encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "English" in result.stderr and "failed" in result.stderr, result.stderr[-2000:]
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*.html")}
    assert after == before


class _NavLinks(HTMLParser):
    """The links of Material's primary navigation: label -> href."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <nav class="md-nav--primary">
        self.href: str | None = None
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "nav" and (self.depth or "md-nav--primary" in a.get("class", "")):
            self.depth += 1
        if self.depth and tag == "a" and "md-nav__link" in a.get("class", ""):
            self.href = a.get("href")

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1
        if tag == "a":
            self.href = None

    def handle_data(self, data):
        if self.href is not None and data.strip():
            self.links.setdefault(data.strip(), self.href)


def test_the_navigation_leads_to_the_same_pages_from_every_folder(site: Path):
    """The nav is rendered once per folder (templates/overrides/partials/nav.html)."""
    import posixpath

    for tree in (site, site / "en"):
        seen: dict[str, str] = {}
        pages = [tree / "index.html", tree / "articles" / f"{SEED_IDS[0]}.html", tree / "articles" / f"{SEED_IDS[1]}.html",
                 *sorted((tree / "actors").glob("*.html"))[:2], *sorted((tree / "archive").glob("*.html"))[:2],
                 tree / "about.html"]
        for page in pages:
            nav = _NavLinks()
            nav.feed(page.read_text(encoding="utf-8"))
            folder = page.parent.relative_to(tree).as_posix()
            resolved = {label: posixpath.normpath(posixpath.join(folder, href))
                        for label, href in nav.links.items() if not href.startswith("#")}  # not the page's own toc
            assert len(resolved) >= 8, page
            for label, target in resolved.items():
                assert (tree / target).is_file(), (page, label, target)
                assert seen.setdefault(label, target) == target, (page, label, target, seen[label])


@pytest.mark.parametrize("name, breakage, message", [
    ("boilerplate.yml", lambda t: t.replace("kickers:", "kickers: [", 1), "generator/data/boilerplate.yml: not valid YAML"),
    ("outlets.yml", lambda t: "outlets:\n  - name_ar: x\n", "generator/data/outlets.yml: not what the code reads"),
    ("labels.yml", lambda t: t.replace("  published: Published\n", "", 1), "a label missing"),
])
def test_a_broken_data_file_stops_the_build_with_one_line_naming_it(tmp_path, name, breakage, message):
    project = copy_project(tmp_path / "project")
    data = project / "generator" / "data" / name
    data.write_text(breakage(data.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_build(project)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and message in out, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    assert not (project / "site").exists()

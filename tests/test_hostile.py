"""Hostile and broken inputs through the real build (`digest build --strict`).

Two sites are built from made-up corpora, once each for the whole module:

- ENCODINGS: every encoding and line-end news sites use, control and bidi
  characters, mixed scripts, and files that cannot be articles. Each input
  becomes a page whose text reads right, or a row of the build report with a
  clear reason; the build never fails because of one file.
- INJECTION: script, HTML, Markdown, Jinja2 and YAML payloads in headlines,
  paragraphs, keyword lines and file names. The built HTML is parsed (never
  grepped): no script, event handler or javascript: URL from a payload, the
  payloads are shown as text, and the build writes nothing outside docs/ and
  site/ of the project.
"""

from __future__ import annotations

import posixpath

import codecs
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, run_build

pytestmark = pytest.mark.e2e

# No __pycache__ in the project copy: the only files a build may add are its output.
BUILD_ENV = {"PYTHONDONTWRITEBYTECODE": "1"}
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SAFE_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")

def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


# --- article text --------------------------------------------------------------

FILLER = (
    "وأوضح المتحدث باسم الوزارة أن الجانبين ناقشا سبل تعزيز التعاون الاقتصادي والتجاري بين البلدين.",
    "وأشار إلى أن الاجتماع المقبل سيعقد في موعد يتفق عليه الطرفان عبر القنوات الدبلوماسية المعتادة.",
)


def title_for(city: str) -> str:
    return f"وزير الخارجية يبحث في {city} مستقبل المفاوضات"


def key_for(city: str) -> str:
    """The known sentence of one test article: it must read right on the page."""
    return f"وأكد وزير الخارجية في مؤتمر صحفي عقده في {city} أن المفاوضات بين الطرفين ستستمر خلال الأسبوع المقبل."


def article(city: str, *extra: str, title: str | None = None, key: str | None = None) -> str:
    return "\n".join([title or title_for(city), "", key or key_for(city), *FILLER, *extra]) + "\n"


# --- the encodings corpus ------------------------------------------------------

MIXED_KEY = ("وقال الوزير Sergey Lavrov أو Сергей Лавров في مؤتمر صحفي عقده في الرياض "
             "إن الحوار مع الشركاء مستمر على كل المستويات.")
# name -> (bytes, city whose title/key sentence must read right, or None,
#          True when the README promises the file becomes a page)

def _encodings() -> dict[str, tuple[bytes, str | None, bool]]:
    c: dict[str, tuple[bytes, str | None, bool]] = {}

    def text(city: str) -> str:
        return article(city)

    c["enc-utf8.txt"] = (text("موسكو").encode("utf-8"), "موسكو", True)
    c["enc-utf8-bom-crlf.txt"] = (codecs.BOM_UTF8 + text("باكو").replace("\n", "\r\n").encode("utf-8"), "باكو", True)
    c["enc-utf16le-bom.txt"] = (codecs.BOM_UTF16_LE + text("يريفان").encode("utf-16-le"), "يريفان", True)
    c["enc-utf16be-bom.txt"] = (codecs.BOM_UTF16_BE + text("تبليسي").encode("utf-16-be"), "تبليسي", True)
    c["enc-utf16le-bom-crlf.txt"] = (
        codecs.BOM_UTF16_LE + text("أنقرة").replace("\n", "\r\n").encode("utf-16-le"), "أنقرة", True)
    c["enc-utf16le-nobom.txt"] = (text("طهران").encode("utf-16-le"), "طهران", True)
    c["enc-utf16be-nobom.txt"] = (text("باريس").encode("utf-16-be"), "باريس", True)
    c["enc-cp1256-crlf.txt"] = (text("برلين").replace("\n", "\r\n").encode("cp1256"), "برلين", True)
    c["enc-crlf.txt"] = (text("روما").replace("\n", "\r\n").encode("utf-8"), "روما", True)
    c["enc-cr.txt"] = (text("مدريد").replace("\n", "\r").encode("utf-8"), "مدريد", True)
    # NUL bytes inside words: cleaned away, the words read whole again
    nul = article("لندن", key=key_for("لندن").replace("الخارجية", "الخار\x00جية").replace("المفاوضات", "المفا\x00وضات"))
    c["enc-nul.txt"] = (nul.encode("utf-8"), "لندن", False)
    # bidi embedding/override/isolate controls and marks, inside and between words
    bidi_key = (key_for("القاهرة").replace("وأكد ", "\u202eوأكد\u202c ").replace("المفاوضات", "المفا\u202dوضات")
                .replace("الأسبوع", "\u2067الأسبوع\u2069").replace("صحفي", "صحفي\u200f\u061c"))
    bidi_title = "\u202b" + title_for("القاهرة").replace("يبحث", "يب\u202eحث") + "\u202c\u200e"
    c["enc-bidi.txt"] = (article("القاهرة", title=bidi_title, key=bidi_key).encode("utf-8"), "القاهرة", False)
    mixed = article("الرياض", "Читайте также: новости Кавказа", "Follow us on Twitter", key=MIXED_KEY)
    c["enc-mixed-scripts.txt"] = (mixed.encode("utf-8"), "الرياض", False)
    # Broken UTF-8 (a scraper cut the file mid-character; one stray byte):
    # readable, or reported, never shown as mojibake
    good = text("الدوحة").encode("utf-8")
    c["bad-utf8-truncated.txt"] = (good + "وقال".encode("utf-8")[:-1], "الدوحة", False)
    good = text("عمان").encode("utf-8")
    cut = good.index(FILLER[1].encode("utf-8")) + 7  # inside a word of a filler line, after the key sentence
    c["bad-utf8-stray-byte.txt"] = (good[:cut] + b"\xff" + good[cut:], "عمان", False)
    odd = codecs.BOM_UTF16_LE + text("الكويت").encode("utf-16-le") + b"\x00"
    c["bad-utf16-odd-length.txt"] = (odd, "الكويت", False)
    # Not articles: reported with the reason
    c["skip-empty.txt"] = (b"", None, False)
    c["skip-blank.txt"] = (b" \r\n\t\n  \n", None, False)
    c["skip-utf16-blank.txt"] = (codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le"), None, False)
    c["skip-binary.txt"] = (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, None, False)
    c["skip-latin1.txt"] = ("Le ministre a déclaré à Moscou que les négociations continueront.\n".encode("latin-1") * 3,
                            None, False)
    c["skip-english.txt"] = (b"Just an English page with no Arabic text at all.\n" * 5, None, False)
    c["skip-nul-only.txt"] = (b"\x00" * 501, None, False)
    # UTF-16 without BOM mixing in another script (high bytes 0x04, not only 0x00/0x06)
    russian = "Министр иностранных дел России Сергей Лавров заявил журналистам в Москве."
    c["enc-utf16le-nobom-cyrillic.txt"] = (article("كييف", russian, russian, russian).encode("utf-16-le"), "كييف", True)
    # separators between words (vertical tab, form feed, U+001F, line separator):
    # words on either side stay apart; noncharacters (not allowed in XML) go
    sep_key = key_for("سوتشي").replace("وزير ", "وزير\x0b").replace("صحفي ", "صحفي\x0c").replace("الطرفين ", "الطرفين\x1f")
    sep_title = title_for("سوتشي").replace("يبحث", "يب\uffffحث") + "\ufffe"
    c["enc-separators-nonchars.txt"] = (article("سوتشي", title=sep_title, key=sep_key).encode("utf-8"), "سوتشي", True)
    return c


ENCODINGS = _encodings()
SKIP_REASON = re.compile(r"empty|whitespace|binary|not valid|invalid|undecodable|no Arabic|encoding|truncated", re.I)
MOJIBAKE = re.compile(r"(?:ط[§¨©ھ]|ظ[„…†‡ˆ])")  # UTF-8 Arabic read as windows-1256

# --- the injection corpus ------------------------------------------------------

XSS = "xss"  # every payload carries this marker, so a live one is recognisable
TITLE_SCRIPT = "عاجل: وزير الخارجية <script>alert('xss-t1')</script> يصل <img src=x onerror=alert('xss-t2')> إلى موسكو"
TITLE_MD = "# وزير الخارجية [رابط مزيف](javascript:alert('xss-t3')) يصل ![صورة مزيفة](http://evil.example/t.png) إلى باكو"
TITLE_JINJA = "وزير الخارجية {{ config }} يصل {% include '/etc/passwd' %} إلى يريفان {# x #}"
TITLE_CLOSE = "وزير الخارجية </title></h1><script>alert('xss-t4')</script> يصل إلى تبليسي { onclick=alert('xss-t5') }"
TITLE_YAML = "وزير الخارجية: \"نعم\" 'لا' # تعليق --- يصل إلى أنقرة: null"
TAG_PAYLOADS = [
    "<script>alert('xss-g1')</script>",
    "[وسم مزيف](javascript:alert('xss-g2'))",
    "{{ config }}",
    "<img src=x onerror=alert('xss-g3')>",
    "../../etc/passwd",
]
BODY = [
    "قال المتحدث إن <script>alert('xss-b1')</script> الوضع في المنطقة مستقر تماما الآن.",
    "وأضاف أن <img src=x onerror=alert('xss-b2')> الصورة لا تعكس الواقع على الأرض في المنطقة.",
    "ونشرت الوزارة [رابطا مزيفا](javascript:alert('xss-b3')) و<a href=\"javascript:alert('xss-b4')\">رابطا آخر</a> على موقعها.",
    "وأرفقت البيان ![صورة مزيفة](http://evil.example/b5.png) و<svg onload=alert('xss-b6')> و<iframe src=\"javascript:alert('xss-b7')\"></iframe> في الصفحة.",
    "# عنوان مزيف أول",
    "## عنوان مزيف ثان في المتن لا ينبغي أن يصبح عنوانا حقيقيا في الصفحة.",
    "| عمود مزيف | عمود ثان |",
    "| --- | --- |",
    "| خلية مزيفة | خلية ثانية |",
    "---",
    "title: x",
    "***",
    "وقال إن **المفاوضات المؤكدة** و_المائلة المزيفة_ و`الكود المزيف` ستستمر خلال الأيام المقبلة.",
    "> اقتباس مزيف من البيان الرسمي للوزارة حول المفاوضات الجارية.",
    "1. بند مزيف أول في قائمة مرقمة لا ينبغي أن يظهر كقائمة في الصفحة.",
    "- بند مزيف في قائمة نقطية لا ينبغي أن يظهر كقائمة في الصفحة.",
    "!!! warning \"تحذير مزيف في نص المقال\"",
    "وتابع أن {{ config }} و{% include '/etc/passwd' %} و{{ 7*7 }} و{# تعليق #} مجرد نصوص في البيان.",
    "وأشار إلى أن <div markdown=\"1\">**عريض مزيف**</div> و{: .evil onclick=\"alert('xss-b8')\" } لا معنى لهما.",
    "وختم بأن &lt;b&gt; و&amp; و&#60;script&#62; رموز تظهر في النص كما هي تماما.",
    "وذكر أن <javascript:alert('xss-b9')> و<http://evil.example/auto> عنوانان لا يصبحان رابطين.",
    "[مرجع]: javascript:alert('xss-b10')",
    "واختتم بأن [انقر هنا][مرجع] و</div></article><script>alert('xss-b11')</script> لا يغيران الصفحة.",
    "<!-- تعليق مخفي --> وقال إن هذا التعليق يجب أن يظهر نصا في الصفحة.",
]
# the lead, so it is also in the summary (page meta, feeds)
KEY_PAYLOAD = "وأكد وزير الخارجية <b>في طهران</b> <script>alert('xss-s1')</script> أن المفاوضات ستستمر خلال الأسبوع المقبل."
LONG_LINE = "وأكد البيان أن " + "المفاوضات مستمرة بين الطرفين " * 6000 + "نهاية الفقرة الطويلة جدا."
LONG_MARK = "نهاية الفقرة الطويلة جدا."

LITERAL_LINES = {squash(x) for x in [*BODY, TITLE_MD]}

LONG_NAME = "long-" + "x" * 191 + ".txt"  # 200 characters
LONG_NAME_2 = "long-" + "x" * 190 + "y.txt"  # the same first 60: the same article saved twice


def _injection() -> dict[str, bytes]:
    files: dict[str, str | bytes] = {
        "inj-title-script.txt": article("موسكو", title=TITLE_SCRIPT),
        "inj-title-markdown.txt": article("باكو", title=TITLE_MD),
        "inj-title-jinja.txt": article("يريفان", title=TITLE_JINJA),
        "inj-title-close.txt": article("تبليسي", title=TITLE_CLOSE),
        # front matter breaker before the headline, and in it
        "inj-title-yaml.txt": "---\ntitle: hacked-yaml\nlayout: evil\n---\n" + article("أنقرة", title=TITLE_YAML),
        "inj-body.txt": article(
            "طهران", *BODY, LONG_LINE, "كلمات دلالية: " + "، ".join([*TAG_PAYLOADS, "روسيا"]), key=KEY_PAYLOAD),
        # hostile file names
        "name with spaces.txt": article("باريس"),
        "quote'single\"double.txt": article("برلين"),
        "...txt": article("روما"),
        "..%2F..%2Fescape.txt": article("مدريد"),
        "خبر عاجل من موسكو.txt": article("لندن"),
        LONG_NAME: article("القاهرة"),
        LONG_NAME_2: article("القاهرة"),
        "<img src=x onerror=alert('xss-f1')>.txt": article("الرياض"),
        "{{ config }} {% include 'x' %}.txt": article("الدوحة"),
        "index.txt": article("عمان"),
        "Index.txt": article("الكويت"),
        "tab\tand\nnewline.txt": article("بيروت"),
        # hostile names of files that are skipped: shown in the report
        "<script>alert('xss-f2').txt": b"",
        "[x](javascript:alert('xss-f3')).txt": b"Only English here, nothing Arabic.\n" * 3,
        "| pipe | row |.txt": b"\x00\x01\x02\x03" * 100,
    }
    return {k: v if isinstance(v, bytes) else v.encode("utf-8") for k, v in files.items()}


INJECTION = _injection()

# --- building ------------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = Path(dirpath, n)
            st = p.lstat()
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns) if not p.is_dir() else (-1, 0)
    return out


class Built:
    def __init__(self, tmp: Path, seeds: dict[str, bytes], setup=None) -> None:
        self.tmp, self.seeds = tmp, seeds
        seeds_dir = tmp / "seeds"
        seeds_dir.mkdir()
        for name, data in seeds.items():
            (seeds_dir / name).write_bytes(data)
        self.project = copy_project(tmp / "project", seeds=seeds_dir)
        if setup is not None:  # entries copytree cannot copy as they are (links, pipes)
            setup(self)
        self.before = _snapshot(tmp)
        self.result = run_build(self.project, "--strict", env=BUILD_ENV)
        self.after = _snapshot(tmp)
        self.site = self.project / "site"
        self.log = self.result.stdout + self.result.stderr
        self._records: dict[str, dict] | None = None

    def records(self) -> dict[str, dict]:
        """path (seeds/NAME) -> the record, from the front matter of docs/ar/articles/*.md."""
        if self._records is None:
            self._records = self._read_records()
        return self._records

    def _read_records(self) -> dict[str, dict]:
        out = {}
        for md in (self.project / "docs" / "ar" / "articles").glob("*.md"):
            text = md.read_text(encoding="utf-8")
            if md.name == "index.md" and not text.startswith("---\npath:"):
                continue
            meta = yaml.safe_load(text.split("\n---\n", 1)[0][4:])
            out[meta["path"]] = meta
        return out

    def record(self, name: str) -> dict:
        return self.records()[f"seeds/{name}"]


@pytest.fixture(scope="module")
def enc(tmp_path_factory) -> Built:
    b = Built(tmp_path_factory.mktemp("hostile-enc"), {k: v[0] for k, v in ENCODINGS.items()})
    assert b.result.returncode == 0, b.log[-5000:]
    return b


@pytest.fixture(scope="module")
def inj(tmp_path_factory) -> Built:
    b = Built(tmp_path_factory.mktemp("hostile-inj"), INJECTION)
    assert b.result.returncode == 0, b.log[-5000:]
    return b


# --- reading HTML --------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}


class Page(HTMLParser):
    """Every element (tag, attributes, text, whether inside the article
    content), every script, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.scripts: list[dict] = []
        self.text: list[str] = []
        self.content_text: list[str] = []
        self._open: list[dict] = []
        self._article = 0

    def _element(self, tag: str, attrs: list, closes: bool) -> None:
        el = {"tag": tag, "attrs": [(k.lower(), v or "") for k, v in attrs], "text": [], "content": self._article > 0}
        self.elements.append(el)
        if tag == "article":
            self._article += 1
        if tag == "script":
            self.scripts.append(el)
        if not closes and tag not in VOID:
            self._open.append(el)

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs, True)

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for el in self._open:
            el["text"].append(data)
        if not any(el["tag"] in ("script", "style") for el in self._open):
            self.text.append(data)
            if self._article > 0:
                self.content_text.append(data)

    # helpers
    def all_text(self) -> str:
        return squash("".join(self.text))

    def content(self) -> str:
        return squash("".join(self.content_text))

    def find(self, tag: str, content: bool | None = None) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag and (content is None or e["content"] == content)]


def text_of(el: dict) -> str:
    return squash("".join(el["text"]))


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def article_page(b: Built, name: str, tree: str = "") -> Page:
    return parse(b.site / tree / "articles" / f"{b.record(name)['id']}.html")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def skipped_rows(site: Path) -> list[list[str]]:
    """The rows (cells as text) of the report's tables of inputs without a page
    of their own: the tables with two columns (file, reason); the table of
    unknown people has three."""
    page = parse(site / "report.html")
    tables: list[list[list[str]]] = []
    heads: list[int] = []
    for el in page.elements:
        if not el["content"]:
            continue
        if el["tag"] == "table":
            tables.append([])
            heads.append(0)
        elif el["tag"] == "th" and tables:
            heads[-1] += 1
        elif el["tag"] == "tr" and tables:
            tables[-1].append([])
        elif el["tag"] == "td" and tables and tables[-1]:
            tables[-1][-1].append(text_of(el))
    # two columns (file, reason): the skipped files, then the duplicates merged into another page
    return [r for t, h in zip(tables, heads) if h == 2 for r in t if r]


def article_pages(site: Path) -> list[Path]:
    return [p for p in (site / "articles").glob("*.html") if p.name != "index.html"]


# --- shared checks ---------------------------------------------------------------


def check_inputs_are_pages_plus_skipped(b: Built) -> None:
    for tree in ("", "en"):
        site = b.site / tree
        pages, rows = article_pages(site), skipped_rows(site)
        assert len(pages) + len(rows) == len(b.seeds), (
            f"{tree or 'ar'}: {len(b.seeds)} inputs, {len(pages)} article pages, {len(rows)} skipped rows",
            sorted(p.name for p in pages), rows)
    assert f"inputs: {len(b.seeds)}, " in b.log


def check_nothing_written_outside(b: Built) -> None:
    # docs/ and site/, and the project's cache folder (extra.digest.record_cache
    # and translation_cache in mkdocs.yml are under .cache/)
    allowed = [b.project / "docs", b.project / "site", b.project / ".cache"]
    changed = [rel for rel, st in b.after.items() if b.before.get(rel) != st]
    outside = [rel for rel in changed if not any((b.tmp / rel).is_relative_to(a) for a in allowed)]
    assert not outside, outside
    for rel in changed:
        assert SAFE_PATH.match(Path(rel).relative_to("project").as_posix()), rel
    for rel in b.after:  # nothing written through a link out of the project either
        p = b.tmp / rel
        if p.is_symlink():
            assert Path(os.path.realpath(p)).is_relative_to(b.tmp), rel


def check_paths_are_ascii(b: Built) -> None:
    for p in b.site.rglob("*"):
        rel = p.relative_to(b.site).as_posix()
        assert SAFE_PATH.match(rel), rel
    for md in (b.project / "docs").rglob("*"):
        rel = md.relative_to(b.project / "docs").as_posix()
        assert SAFE_PATH.match(rel), rel
    for rec in b.records().values():
        assert ID.match(rec["id"]) and len(rec["id"]) <= 80, rec["id"]


# === encodings ===================================================================


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_each_input_is_a_readable_page_or_a_reported_skip(enc: Built, name: str):
    data, city, must_build = ENCODINGS[name]
    recs = enc.records()
    rows = {squash(r[0]): r[1] for r in skipped_rows(enc.site)}
    shown = f"seeds/{name}"
    built = shown in recs
    if must_build or (city and not built and shown not in rows):
        assert built, f"{name} was not built: {rows.get(shown)}"
    if not built:
        assert shown in rows, f"{name}: neither a page nor a row of report.html {sorted(rows)}"
        reason = rows[shown]
        assert SKIP_REASON.search(reason), f"{name}: unclear reason {reason!r}"
        assert "extraction failed" not in reason
        return
    assert city is not None, f"{name} is not an article but became page {recs[shown]['id']}"
    rec = recs[shown]
    for tree in ("", "en"):
        page = parse(enc.site / tree / "articles" / f"{rec['id']}.html")
        text = page.content()
        key = MIXED_KEY if name == "enc-mixed-scripts.txt" else key_for(city)
        assert key in text, (name, tree, text[:400])
        assert not MOJIBAKE.search(text), (name, tree, text[:200])
        h1 = [text_of(h) for h in page.find("h1", content=True)]
        assert h1 == [title_for(city)], (name, tree, h1)
        assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\x00-\x08\x0b-\x1f]", text), name
    for field in ("title", "body"):
        blob = json.dumps(rec[field], ensure_ascii=False)
        assert not MOJIBAKE.search(blob), (name, field, blob[:200])


def test_encodings_inputs_equal_pages_plus_skipped(enc: Built):
    check_inputs_are_pages_plus_skipped(enc)


def test_encodings_write_nothing_outside_docs_and_site(enc: Built):
    check_nothing_written_outside(enc)


# === injection ====================================================================

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
             "srcdoc", "ping", "manifest", "codebase", "cite"}
EXECUTABLE_SCRIPT = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}


def _url_is_script(value: str) -> bool:
    v = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
    return v.startswith(("javascript:", "vbscript:", "data:text/html", "data:application"))


def live_markup(page: Page) -> list[str]:
    """What in a parsed page could run script or load a payload's URL."""
    problems = []
    for el in page.elements:
        tag, attrs = el["tag"], el["attrs"]
        for k, v in attrs:
            if k.startswith("on"):
                problems.append(f"<{tag} {k}={v!r}>")
            if k in URL_ATTRS and (_url_is_script(v) or "evil.example" in v):
                problems.append(f"<{tag} {k}={v!r}>")
            if k == "style" and ("expression(" in v or "javascript:" in v.lower()):
                problems.append(f"<{tag} style={v!r}>")
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}>")
        if tag == "img" and dict(attrs).get("src", "") in ("x", ""):
            problems.append(f"<img src={dict(attrs).get('src')!r}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
    for s in page.scripts:
        a = dict(s["attrs"])
        body = "".join(s["text"])
        kind = a.get("type", "").lower()
        if kind in EXECUTABLE_SCRIPT:
            if "src" in a and (_url_is_script(a["src"]) or not a["src"].endswith(".js")):
                problems.append(f"<script src={a['src']!r}>")
            if XSS in body or "alert(" in body:
                problems.append(f"<script>{body[:80]}")
        elif kind in ("application/ld+json", "application/json"):
            try:
                json.loads(body)  # a payload "</script>" would cut it short
            except ValueError:
                problems.append(f"<script type={kind}> is not JSON: {body[:80]}")
        else:
            problems.append(f"<script type={kind!r}>")
    return problems


@pytest.mark.parametrize("snippet", [
    "<p>a<script>alert('xss-1')</script></p>",
    "<p><img src=x onerror=alert(1)></p>",
    '<a href=" jav&#x61;script:alert(1)">x</a>',
    "<svg><circle onload='alert(1)'/></svg>",
    '<script type="application/ld+json">{"headline": "</script><script>alert(1)</script>"}</script>',
    '<iframe src="https://example.org"></iframe>',
    '<img src="http://evil.example/x.png" alt="x">',
])
def test_live_markup_check_finds_live_markup(snippet: str):
    """The check used on the built site is able to fail."""
    page = Page()
    page.feed(f"<html><body><article>{snippet}</article></body></html>")
    page.close()
    assert live_markup(page), snippet


def test_injection_build_has_no_live_markup_from_the_payloads(inj: Built):
    pages = html_files(inj.site)
    assert len(pages) > 50
    problems = [(p.relative_to(inj.site).as_posix(), x) for p in pages for x in live_markup(parse(p))]
    assert not problems, problems[:20]


def _visible_or_removed(b: Built, name: str, line: str) -> None:
    """A sentence is shown as text; a line of bare syntax may instead be
    dropped by the extractor, with its reason in `removed`."""
    rec = b.record(name)
    removed = [squash(r["line"]) for r in rec["removed"]]
    for tree in ("", "en"):
        text = article_page(b, name, tree).all_text()
        if squash(line) in text:
            continue
        assert not line.endswith("."), (tree, line, "a sentence of the article is not shown as text")
        assert squash(line) in removed, (tree, line, "neither shown as text nor removed")


@pytest.mark.parametrize("line", [KEY_PAYLOAD, *BODY])
def test_body_payload_is_shown_as_text(inj: Built, line: str):
    _visible_or_removed(inj, "inj-body.txt", line)


@pytest.mark.parametrize("name, title", [
    ("inj-title-script.txt", TITLE_SCRIPT), ("inj-title-markdown.txt", TITLE_MD),
    ("inj-title-jinja.txt", TITLE_JINJA), ("inj-title-close.txt", TITLE_CLOSE), ("inj-title-yaml.txt", TITLE_YAML),
])
def test_title_payload_is_the_headline_as_text(inj: Built, name: str, title: str):
    rec = inj.record(name)
    kicker = rec["kicker"] or ""
    assert squash(f"{kicker} {rec['title']}") in (squash(title), squash(title.replace(":", "", 1))) or (
        rec["title"] in title and len(rec["title"]) > len(title) / 2), (rec["kicker"], rec["title"])
    for tree in ("", "en"):
        page = article_page(inj, name, tree)
        h1 = [text_of(h) for h in page.find("h1", content=True)]
        assert h1 == [squash(rec["title"])], (tree, h1)
        (head_title,) = [text_of(t) for t in page.find("title")]
        assert head_title.startswith(squash(rec["title"])), (tree, head_title)
        assert "hacked" not in head_title


def test_long_line_is_kept_whole(inj: Built):
    rec = inj.record("inj-body.txt")
    assert any(b["text"] == LONG_LINE for b in rec["body"])
    for tree in ("", "en"):
        assert LONG_MARK in article_page(inj, "inj-body.txt", tree).content()


def test_markdown_structure_in_text_is_not_interpreted(inj: Built):
    for tree in ("", "en"):
        for name in ("inj-body.txt", "inj-title-markdown.txt", "inj-title-yaml.txt"):
            page = article_page(inj, name, tree)
            where = (tree or "ar", name)
            assert len(page.find("h1", content=True)) == 1, where
            for level in ("h1", "h2", "h3", "h4", "h5", "h6"):
                for h in page.find(level, content=True):
                    t = text_of(h)
                    # the extractor may make a short line a subheading: then it is the line, as text
                    assert "مزيف" not in t or t in LITERAL_LINES, (where, level, t)
            for tag in ("table", "hr", "blockquote", "pre", "ol", "img", "iframe", "svg", "div"):
                for el in page.find(tag, content=True):
                    cls = dict(el["attrs"]).get("class", "")
                    if tag == "div" and ("admonition" not in cls and "evil" not in cls):
                        continue
                    if tag == "svg" and not el["text"]:
                        continue
                    assert False, (where, tag, dict(el["attrs"]), text_of(el)[:80])
            for tag in ("strong", "em", "code", "a", "li", "p"):
                for el in page.find(tag, content=True):
                    t = text_of(el)
                    if tag in ("strong", "em", "code"):
                        assert "مزيف" not in t and "المؤكدة" not in t, (where, tag, t)
                    if tag == "a":
                        assert not ("مزيف" in t and "](" not in t) and t not in ("انقر هنا", "رابطا آخر"), (where, t)
                        assert "evil.example" not in dict(el["attrs"]).get("href", ""), (where, el["attrs"])
                    if tag == "li":
                        assert "بند مزيف" not in t, (where, t)
                    if tag == "p":
                        assert dict(el["attrs"]).get("class", "") != "admonition-title", (where, t)


def test_jinja_in_text_is_never_evaluated(inj: Built):
    for tree in ("", "en"):
        text = article_page(inj, "inj-body.txt", tree).all_text()
        assert "{{ 7*7 }}" in text and "{% include '/etc/passwd' %}" in text and "{{ config }}" in text
        head = article_page(inj, "inj-title-jinja.txt", tree)
        assert [text_of(h) for h in head.find("h1", content=True)] == [squash(TITLE_JINJA)]
    for path in html_files(inj.site):
        text = path.read_text(encoding="utf-8")
        assert "root:x:0:0" not in text and "<Config " not in text and "MkDocsConfig" not in text, path


def test_front_matter_of_every_page_is_the_record(inj: Built):
    schema = json.loads((inj.project / "generator" / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    fields = set(schema["properties"])
    recs = inj.records()
    for path, rec in recs.items():
        assert set(rec) <= fields, (path, set(rec) - fields)
        assert rec["language"] == "ar" and "layout" not in rec
    rec = recs["seeds/inj-title-yaml.txt"]
    assert isinstance(rec["title"], str) and "أنقرة" in rec["title"]
    assert rec["title"] != "hacked-yaml"


def test_tags_with_payloads_are_text_with_ascii_pages(inj: Built):
    rec = inj.record("inj-body.txt")
    assert "<script>alert('xss-g1')</script>" in rec["tags"], rec["tags"]
    for tree in ("", "en"):
        page = article_page(inj, "inj-body.txt", tree)
        tag_links = [(text_of(a), dict(a["attrs"])["href"]) for a in page.find("a", content=True)
                     if "tags/" in dict(a["attrs"]).get("href", "")]
        shown = {t for t, _ in tag_links}
        for tag in rec["tags"]:
            assert squash(tag) in shown, (tree, tag, shown)
        for _, href in tag_links:
            assert SAFE_PATH.match(href) and href.startswith("../tags/") and ".." not in href[3:], href
            target = (inj.site / tree / "articles" / href).resolve()
            assert target.is_file() and target.is_relative_to((inj.site / tree / "tags").resolve()), href
            tag_page = parse(target)
            assert any(squash(t) in tag_page.all_text() for t in rec["tags"]), href


def test_every_file_name_gives_a_page_or_a_report_row(inj: Built):
    recs = inj.records()
    rows = skipped_rows(inj.site)
    row_names = [r[0] for r in rows]
    for name in INJECTION:
        shown = f"seeds/{name}"
        if shown in recs:
            assert ID.match(recs[shown]["id"]), (name, recs[shown]["id"])
            for tree in ("", "en"):
                assert (inj.site / tree / "articles" / f"{recs[shown]['id']}.html").is_file(), (name, tree)
        else:
            assert squash(shown) in row_names, (name, row_names)
    ids = [r["id"] for r in recs.values()]
    assert len(ids) == len(set(ids))


def test_long_names_saved_twice_are_two_pages_or_one_with_its_copy(inj: Built):
    """Two 200-character names with the same first 60 characters (the id is
    cut there) and the same text: two pages, or one page listing the other
    file as its copy (and a duplicate row in the report), never one lost."""
    recs = inj.records()
    a, b = recs.get(f"seeds/{LONG_NAME}"), recs.get(f"seeds/{LONG_NAME_2}")
    assert a or b, sorted(recs)
    if a and b:
        assert a["id"] != b["id"]
    else:
        kept, other = (a, LONG_NAME_2) if a else (b, LONG_NAME)
        assert [c["path"] for c in kept.get("copies", [])] == [f"seeds/{other}"], kept.get("copies")
        rows = {r[0]: r[1] for r in skipped_rows(inj.site)}
        assert f"seeds/{other}" in rows, rows
        # the copy's id must not be the page's id: the copy is listed, not written over it
        copy_ids = [c["id"] for c in kept["copies"]]
        assert kept["id"] not in copy_ids, (kept["id"], copy_ids)
    for rec in filter(None, (a, b)):
        for tree in ("", "en"):
            page = parse(inj.site / tree / "articles" / f"{rec['id']}.html")
            assert key_for("القاهرة") in page.content()


def test_article_named_index_does_not_replace_the_article_list(inj: Built):
    recs = inj.records()
    for tree in ("", "en"):
        listing = parse(inj.site / tree / "articles" / "index.html")
        # hrefs relative to articles/index.html, normalised (x.html and ../articles/x.html alike)
        links = {posixpath.normpath(posixpath.join("articles", dict(a["attrs"]).get("href") or ""))
                 for a in listing.find("a", content=True)}
        for rec in recs.values():
            assert f"articles/{rec['id']}.html" in links, (tree, rec["id"], "missing from the article list")
        for name in ("index.txt", "Index.txt"):
            rec = recs.get(f"seeds/{name}")
            assert rec, (name, "no page")
            page = parse(inj.site / tree / "articles" / f"{rec['id']}.html")
            city = "عمان" if name == "index.txt" else "الكويت"
            assert key_for(city) in page.content(), (tree, name, rec["id"])


def test_skipped_hostile_names_are_text_in_the_report(inj: Built):
    for tree in ("", "en"):
        page = parse(inj.site / tree / "report.html")
        text = page.all_text()
        for name in ("<script>alert('xss-f2').txt", "[x](javascript:alert('xss-f3')).txt", "| pipe | row |.txt"):
            assert f"seeds/{name}" in text, (tree, name)
        rows = skipped_rows(inj.site / tree)
        assert all(len(r) == 2 for r in rows), rows  # a "|" in a name does not add cells


def test_injection_inputs_equal_pages_plus_skipped(inj: Built):
    check_inputs_are_pages_plus_skipped(inj)


def test_injection_writes_nothing_outside_docs_and_site(inj: Built):
    check_nothing_written_outside(inj)
    assert not (inj.tmp / "escape").exists() and not (inj.project / "escape").exists()


def test_page_ids_and_urls_are_ascii(inj: Built):
    check_paths_are_ascii(inj)


def test_feeds_are_xml_with_no_live_markup(inj: Built):
    for feed in sorted(inj.site.rglob("*.xml")):
        if feed.name.startswith("sitemap"):
            continue
        root = ET.fromstring(feed.read_bytes())  # the payloads do not break the XML
        for item in root.iter("item"):
            # RSS 2.0: <description> is HTML (entity-encoded); readers render it
            for field in ("description",):
                value = item.findtext(field) or ""
                assert not re.search(r"<\s*(script|img|iframe|svg|a)\b", value, re.I), (feed.name, field, value[:120])


def test_search_index_entries_have_no_live_markup(inj: Built):
    """Material's search shows entry titles and texts as HTML."""
    for tree in ("", "en"):
        index = json.loads((inj.site / tree / "search" / "search_index.json").read_text(encoding="utf-8"))
        docs = [d for d in index["docs"] if d["location"].startswith("articles/")]
        assert len(docs) >= len(inj.records())
        for d in docs:
            page = Page()
            page.feed(f"<html><body><article><h1>{d['title']}</h1>{d['text']}</article></body></html>")
            page.close()
            assert not live_markup(page), (tree, d["location"], d["title"][:80])
        # the payload titles are there, as text
        assert any("&lt;script" in d["title"] or "&lt;img" in d["title"] for d in docs), tree


# === a long line that costs time =====================================================


def test_a_long_run_of_punctuation_is_extracted_in_linear_time():
    """A hostile line (96,000 characters of ". " then a word) must not stall
    the build. Linear extraction takes ~0.1 s here; the quadratic regex this
    caught took seconds at an eighth of this length. The 5 s budget is 50x
    the linear time, so a loaded CI machine does not fail it, while a
    quadratic pass still would."""
    import time

    from generator.extract import extract
    from generator.models import RawArticle

    def seconds(n: int) -> float:
        text = title_for("موسكو") + "\n" + "قال الوزير إن " + ". " * n + "انتهى الاجتماع.\n"
        raw = RawArticle("seeds/long.txt", "long.txt", Path("long.txt"), text, "utf-8", "0" * 64)
        started = time.perf_counter()
        extract(raw)
        return time.perf_counter() - started

    seconds(100)  # load the data files
    assert seconds(48_000) < 5


# === odd entries in seeds/ and editors' files that cannot be read =====================
#
# A third build: seeds/ as archives and other systems leave it (names that are
# not UTF-8, links, a folder and a pipe named *.txt, control characters in
# names) and sidecar files an editor broke. Each entry is a page or a report
# row; none stops the build or takes another article's text.

NOT_UTF8_NAME = os.fsdecode(b"\xc7\xe1\xc3\xce\xc8\xc7\xd1.txt")  # cp1256 bytes, as a Windows archive leaves them
ESCAPE_NAME = "\x1b[2J\x1b]0;owned\x07forged\ndigest: inputs: 99.txt"
ODD = {
    NOT_UTF8_NAME: article("سوتشي"),
    ESCAPE_NAME: "Only English here, nothing Arabic.\n" * 3,  # skipped: its name is in the terminal's report
    "linked.txt": article("عمان"),
    "base.txt": article("موسكو"),
    # its overrides sidecar would be base.en.yml: the translation of base.txt
    "base.en.txt": article("باكو"),
    "bad-yaml.txt": article("يريفان"),
    "bad-encoding-translation.txt": article("تبليسي"),
    "bad-weekday.txt": article("أنقرة"),
    "tags.txt": article("طهران", "كلمات دلالية: وسم مائل\\، C:\\Windows، \\x3cb\\x3e، أمن & سلام"),
}
OUTSIDE_ARTICLE = article("القاهرة")


def _odd_setup(b: Built) -> None:
    seeds = b.project / "seeds"
    (seeds / "base.en.yml").write_text("title: Foreign minister in Moscow\n", encoding="utf-8")
    (seeds / "bad-yaml.yml").write_text("title: [unclosed\n", encoding="utf-8")
    (seeds / "bad-encoding-translation.en.yml").write_bytes("title: The minister\n".encode("utf-16"))
    (seeds / "bad-weekday.yml").write_text("weekday: [Monday]\n", encoding="utf-8")
    (seeds / "bad-weekday.en.yml").write_text("title: The minister\nbody: 5\nsummary: 7\n", encoding="utf-8")
    outside = b.tmp / "private.txt"
    outside.write_text(OUTSIDE_ARTICLE, encoding="utf-8")
    (seeds / "link-outside.txt").symlink_to(outside)
    (seeds / "link-inside.txt").symlink_to("linked.txt")
    (seeds / "link-nowhere.txt").symlink_to("gone.txt")
    (seeds / "folder.txt").mkdir()
    os.mkfifo(seeds / "pipe.txt")


ODD_ENTRIES = len(ODD) + 5  # and the links, the folder and the pipe


@pytest.fixture(scope="module")
def odd(tmp_path_factory) -> Built:
    b = Built(tmp_path_factory.mktemp("hostile-odd"), {k: v.encode("utf-8") for k, v in ODD.items()}, _odd_setup)
    assert b.result.returncode == 0, b.log[-5000:]
    return b


def test_odd_entries_are_pages_or_report_rows(odd: Built):
    for tree in ("", "en"):
        site = odd.site / tree
        pages, rows = article_pages(site), dict((squash(r[0]), r[1]) for r in skipped_rows(site))
        assert len(pages) + len(rows) == ODD_ENTRIES, (tree, sorted(p.name for p in pages), rows)
        assert "a folder" in rows["seeds/folder.txt"]
        assert "not a regular file" in rows["seeds/pipe.txt"]
        assert "outside" in rows["seeds/link-outside.txt"]
        assert "cannot read" in rows["seeds/link-nowhere.txt"]
        assert "duplicate" in rows.get("seeds/link-inside.txt", "") + rows.get("seeds/linked.txt", "")
    assert f"inputs: {ODD_ENTRIES}, " in odd.log


def test_a_link_out_of_seeds_is_not_published(odd: Built):
    marker = key_for("القاهرة")
    for p in odd.site.rglob("*"):
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv", ".jsonl", ".js"):
            assert marker not in p.read_text(encoding="utf-8", errors="replace"), p


def test_a_name_that_is_not_utf8_is_built_and_shown_escaped(odd: Built):
    rec = odd.records()["seeds/\\xc7\\xe1\\xc3\\xce\\xc8\\xc7\\xd1.txt"]
    assert ID.match(rec["id"])
    assert key_for("سوتشي") in article_page(odd, "\\xc7\\xe1\\xc3\\xce\\xc8\\xc7\\xd1.txt").content()


def test_control_characters_in_names_reach_the_terminal_written_out(odd: Built):
    assert "\x1b" not in odd.log and "\x07" not in odd.log
    assert not re.search(r"^(INFO\s+-\s+)?digest: inputs: 99", odd.log, re.M)
    assert "\\x1b[2J\\x1b]0;owned\\x07forged\\ndigest: inputs: 99.txt" in odd.log


def test_a_seed_named_en_txt_keeps_its_own_text(odd: Built):
    rec = odd.record("base.en.txt")
    assert rec["title"] == title_for("باكو") and not rec.get("overrides")
    assert odd.record("base.txt")["en"]["title"] == "Foreign minister in Moscow"


@pytest.mark.parametrize("name, warning", [
    ("bad-yaml.txt", "bad-yaml.yml: not valid YAML"),
    ("bad-encoding-translation.txt", "bad-encoding-translation.en.yml: not UTF-8"),
    ("bad-weekday.txt", "weekday must be"),
    ("bad-weekday.txt", "English translation not used"),  # a number for its body
])
def test_a_broken_sidecar_is_a_warning_on_its_article(odd: Built, name: str, warning: str):
    rec = odd.record(name)
    assert any(warning in w for w in rec.get("warnings", [])), rec.get("warnings")
    assert key_for({"bad-yaml.txt": "يريفان", "bad-encoding-translation.txt": "تبليسي",
                    "bad-weekday.txt": "أنقرة"}[name]) in article_page(odd, name).content()


def test_tag_names_are_page_titles_as_they_are(odd: Built):
    """A backslash or an ampersand in a scraped keyword: the tag page's front
    matter still reads (its title, its search exclusion), and the title is
    escaped once."""
    tags = odd.record("tags.txt")["tags"]
    assert {"C:\\Windows", "\\x3cb\\x3e", "أمن & سلام"} <= set(tags), tags
    for md in (odd.project / "docs" / "ar" / "tags").glob("*.md"):
        if md.name == "index.md":
            continue
        meta = yaml.safe_load(md.read_text(encoding="utf-8").split("\n---\n", 1)[0][4:])
        assert meta["search"] == {"exclude": True} and meta["title"].split(": ", 1)[1] in tags, md
    titles = [text_of(el) for p in (odd.site / "tags").glob("*.html") if p.name != "index.html"
              for el in parse(p).find("title")]
    assert any("C:\\Windows" in t for t in titles) and any("\\x3cb\\x3e" in t for t in titles), titles
    assert any("أمن & سلام" in t for t in titles) and not any("&amp;" in t for t in titles), titles


def test_odd_build_writes_nothing_outside_docs_and_site(odd: Built):
    check_nothing_written_outside(odd)

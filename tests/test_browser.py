"""The built site in a real browser, opened from disk (file://) as the
offline profile promises: Debian chromium, headless, driven by Playwright.

What is checked is what a reader sees: text direction and alignment, search
results (the search worker runs in Material's iframe-worker shim, since
file:// pages cannot start Web Workers), the language switcher, and that
nothing reaches the network or fails in the console."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pytest
from playwright.sync_api import Browser, Error as PlaywrightError, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium tries to reach Google
# services from this machine and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps",
]
# Wide enough for Material's desktop header, where the search box is shown
# inline (narrower, it hides behind a button).
VIEWPORT = {"width": 1280, "height": 800}

ARTICLE = "articles/003_33a46d52206eb315.html"
ARABIC_WORD = "لافروف"      # Lavrov: in article 003's body (and the indices that list it)
ENGLISH_WORD = "journalists"  # only in en/about.html
SEARCH_TIMEOUT_MS = 10_000    # a reader gives up long before this


# --- fixtures ---------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Browser:
    if not CHROMIUM.exists():
        if os.environ.get("DIGEST_REQUIRE_BROWSER"):  # make test / CI: never skip silently
            pytest.fail(f"{CHROMIUM} is not installed (make browser installs it)")
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Page:
    # A fresh context per test: no localStorage or cache carried over.
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@dataclass
class PageLog:
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def log(page: Page) -> PageLog:
    """Everything the page (and its frames, e.g. the search iframe) requests
    or reports as an error, recorded from before the first navigation."""
    log = PageLog()
    page.on("request", lambda r: log.requests.append(r.url))
    # ERR_ABORTED is a load cut short by the next navigation (the favicon,
    # typically), not a file missing from disk.
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and log.failed.append(f"{r.url} ({r.failure})"))
    page.on("console", lambda m: m.type == "error" and log.errors.append(f"console: {m.text} @ {m.location}"))
    page.on("pageerror", lambda e: log.errors.append(f"pageerror: {e}"))
    return log


# --- helpers ----------------------------------------------------------------

def open_page(page: Page, site: Path, path: str) -> Page:
    """Open site/<path> from disk, as a reader double-clicking the file."""
    target = site / path
    assert target.is_file(), f"{target} was not built"
    page.goto(target.as_uri())
    return page


def settled(wait) -> bool:
    """Run a Playwright wait; False if it timed out (so the caller can fail
    with a message about the site rather than a Playwright traceback)."""
    try:
        wait()
    except PlaywrightError:
        return False
    return True


def site_path(url: str, site: Path) -> str | None:
    """'articles/x.html' or 'en/about.html' for a file:// URL inside site/
    (query and fragment dropped); None for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    try:
        return path.relative_to(site.resolve()).as_posix()
    except ValueError:
        return None


# True once the search result header shows an answer ("no results" or
# "N results", in the page's language: Material's translations) for the
# query now in the search box.
SEARCH_ANSWERED_JS = r"""query => {
  const t = JSON.parse(document.getElementById('__config').textContent).translations;
  const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const answers = [t['search.result.none'], t['search.result.one'], t['search.result.other']];
  const answer = new RegExp('^(' + answers.map(s => escape(s).replace('#', '\\d+')).join('|') + ')$');
  const meta = document.querySelector('.md-search-result__meta');
  const box = document.querySelector('input.md-search__input');
  return box.value === query && answer.test(meta.textContent.trim());
}"""


def search(page: Page, query: str, log: PageLog | None = None) -> list[str]:
    """Type query into the header search box and return the hrefs of the
    result links once the search worker has answered for the whole query."""
    def errors() -> str:
        return "; ".join(log.errors) if log else "(not recorded)"

    box = page.locator("input.md-search__input")
    if not settled(lambda: box.wait_for(state="visible", timeout=SEARCH_TIMEOUT_MS)):
        # Material hides .md-search when its search worker cannot start
        # (from file:// that takes the iframe-worker shim).
        pytest.fail(
            f"the search box on {page.url} is not shown "
            f"(.md-search hidden: {page.locator('.md-search').evaluate('el => el.hidden')}; "
            f"console errors: {errors()})"
        )
    box.click()
    # Material reads the query on keyup. Playwright "types" characters that
    # are not on a US keyboard (all of Arabic) as a bare insertText with no
    # key events, so insert the text and then press a key, as a reader's
    # last keystroke would: one keyup, one query for the whole word.
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    # The result header says "initializing search", then "type to start
    # searching", until the worker answers for the query.
    if not settled(lambda: page.wait_for_function(SEARCH_ANSWERED_JS, arg=query, timeout=SEARCH_TIMEOUT_MS)):
        pytest.fail(
            f"search for {query!r} on {page.url} gave no answer within {SEARCH_TIMEOUT_MS / 1000:.0f} s "
            f"(result header: {page.locator('.md-search-result__meta').inner_text()!r}; console errors: {errors()})"
        )
    return page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")


# Line boxes of an element's text, and the column the text should align to.
# A block's own bounding box spans the whole column whatever the direction,
# so alignment is read from where the rendered lines of text start and end.
LINES_JS = """([el, columnSelector]) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = [];
  for (const r of range.getClientRects()) {
    if (r.width === 0) continue;
    const line = lines.find(l => Math.abs(l.top - r.top) < r.height / 2);
    if (line) { line.left = Math.min(line.left, r.left); line.right = Math.max(line.right, r.right); }
    else lines.push({top: r.top, left: r.left, right: r.right});
  }
  const column = el.closest(columnSelector);
  const box = column.getBoundingClientRect(), cs = getComputedStyle(column);
  return {
    lines,
    left: box.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft),
    right: box.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight),
  };
}"""


def assert_right_aligned(page: Page, selector: str, column: str) -> None:
    """Every line of the element's text starts at the column's right edge,
    and its last line stops short of the left edge (ragged left, as in RTL)."""
    m = page.locator(selector).first.evaluate(
        "(el, column) => (" + LINES_JS + ")([el, column])", column
    )
    assert m["lines"], f"{selector}: no rendered text"
    width = m["right"] - m["left"]
    for line in m["lines"]:
        assert abs(line["right"] - m["right"]) <= 2, (
            f"{selector}: a line ends at x={line['right']:.0f}, not at the column's right edge "
            f"x={m['right']:.0f} (lines: {m['lines']})"
        )
    last = m["lines"][-1]
    assert last["left"] - m["left"] > 0.05 * width, (
        f"{selector}: last line fills the column, so alignment cannot be told (lines: {m['lines']})"
    )


def computed(page: Page, selector: str, prop: str) -> str:
    return page.locator(selector).first.evaluate("(el, p) => getComputedStyle(el)[p]", prop)


def html_lang_dir(page: Page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.documentElement.lang, document.documentElement.dir]"))


def switch_language(page: Page, hreflang: str) -> None:
    """Open the header's language menu and click the other language."""
    page.locator(".md-header__option .md-select > button").click()
    with page.expect_navigation():
        page.locator(f"a.digest-alternate[hreflang={hreflang}]").click()


# --- direction and layout ---------------------------------------------------

# The article's own paragraphs: the kicker carries its own dir="rtl", so it
# would read right-to-left even on a left-to-right page.
BODY_P = "article.md-content__inner .digest-text > p:not([dir])"  # the article text (in its div since search excludes it)


@pytest.mark.browser
def test_arabic_article_reads_right_to_left(page: Page, site: Path):
    open_page(page, site, ARTICLE)
    assert html_lang_dir(page) == ("ar", "rtl")
    assert page.locator(BODY_P).count() > 3
    assert computed(page, BODY_P, "direction") == "rtl"
    assert computed(page, "article.md-content__inner p", "direction") == "rtl"
    assert_right_aligned(page, BODY_P, "article.md-content__inner")


@pytest.mark.browser
def test_english_article_keeps_arabic_original_right_to_left(page: Page, site: Path):
    open_page(page, site, "en/" + ARTICLE)
    assert html_lang_dir(page) == ("en", "ltr")
    assert computed(page, BODY_P, "direction") == "ltr"  # the English label above the original
    assert page.locator(".digest-original p").count() > 3
    assert computed(page, ".digest-original", "direction") == "rtl"
    assert computed(page, ".digest-original p", "direction") == "rtl"
    assert_right_aligned(page, ".digest-original p", ".digest-original")


# --- search from disk -------------------------------------------------------

@pytest.mark.browser
def test_arabic_search_finds_the_article_from_disk(page: Page, log: PageLog, site: Path):
    open_page(page, site, "index.html")
    hrefs = search(page, ARABIC_WORD, log)
    paths = [site_path(h, site) for h in hrefs]
    assert ARTICLE in paths, f"no result for {ARABIC_WORD!r} links to {ARTICLE}: {hrefs}"
    assert all(p is not None and not p.startswith("en/") for p in paths), f"results outside the Arabic tree: {hrefs}"
    # Following the result opens the Arabic article itself.
    with page.expect_navigation():
        page.locator(".md-search-result__link").nth(paths.index(ARTICLE)).click()
    assert site_path(page.url, site) == ARTICLE
    assert html_lang_dir(page) == ("ar", "rtl")
    assert not log.errors, log.errors


@pytest.mark.browser
def test_english_search_stays_in_english_tree(page: Page, log: PageLog, site: Path):
    open_page(page, site, "en/index.html")
    hrefs = search(page, ENGLISH_WORD, log)
    paths = [site_path(h, site) for h in hrefs]
    assert "en/about.html" in paths, f"no result for {ENGLISH_WORD!r} links to en/about.html: {hrefs}"
    assert all(p is not None and p.startswith("en/") for p in paths), f"results outside the English tree: {hrefs}"
    assert not log.errors, log.errors


@pytest.mark.browser
def test_arabic_search_does_not_return_english_pages(page: Page, log: PageLog, site: Path):
    open_page(page, site, "index.html")
    hrefs = search(page, ENGLISH_WORD, log)
    paths = [site_path(h, site) for h in hrefs]
    assert all(p is not None and not p.startswith("en/") for p in paths), (
        f"Arabic search for {ENGLISH_WORD!r} links into the English tree: {hrefs}"
    )
    assert not log.errors, log.errors


# --- language switcher ------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("path", [ARTICLE, "index.html"])
def test_language_switcher_goes_to_the_same_page(page: Page, site: Path, path: str):
    open_page(page, site, path)
    english = site / "en" / path
    assert page.locator("a.digest-alternate[hreflang=en]").evaluate("a => a.href") == english.as_uri()
    assert english.is_file(), f"the switcher links to {english}, which was not built"

    switch_language(page, "en")
    assert site_path(page.url, site) == "en/" + path
    assert html_lang_dir(page) == ("en", "ltr")

    assert page.locator("a.digest-alternate[hreflang=ar]").evaluate("a => a.href") == (site / path).as_uri()
    switch_language(page, "ar")
    assert site_path(page.url, site) == path
    assert html_lang_dir(page) == ("ar", "rtl")


# --- offline ----------------------------------------------------------------

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.mark.browser
def test_offline_no_network_and_no_console_errors(page: Page, log: PageLog, site: Path):
    open_page(page, site, "index.html")
    open_page(page, site, "en/" + ARTICLE)
    open_page(page, site, ARTICLE)
    hrefs = search(page, ARABIC_WORD, log)
    page.wait_for_load_state("networkidle")

    remote = [u for u in log.requests if not u.startswith(LOCAL_SCHEMES)]
    assert not remote, "requests that need the network:\n" + "\n".join(remote)
    # The search really ran in the browser: its worker and index came from disk.
    paths = {site_path(u, site) for u in log.requests}
    assert {"search/search_index.js", "assets/javascripts/lunr/min/lunr.ar.min.js"} <= paths, sorted(map(str, paths))
    assert not log.failed, "requests that failed from disk:\n" + "\n".join(log.failed)
    assert not log.errors, "console errors:\n" + "\n".join(log.errors)
    assert hrefs, f"the search for {ARABIC_WORD!r} gave no results"


# --- Arabic-aware search (spelling variants in the index: generator/search.py)

@pytest.mark.browser
@pytest.mark.parametrize("query, expected, hidden_only", [
    ("اولويه", "articles/001_33f9a58888d4f58e.html", True),  # أولوية: hamza and taa marbuta folded
    ("اقليم", "articles/004_c61355213998c85b.html", False),  # إقليم without hamza (also a scraped tag)
    ("كرملين", "articles/004_c61355213998c85b.html", True),  # الكرملين without the article
    ("لافروف", "actors/sergey-lavrov.html", False),  # the actor's page, by Arabic name
])
def test_arabic_search_folds_spellings_and_clitics(page: Page, log: PageLog, site: Path, query: str, expected: str,
                                                   hidden_only: bool):
    open_page(page, site, "index.html")
    paths = [site_path(h, site) for h in search(page, query, log)]
    assert expected in paths, f"{query!r} -> {paths}"
    assert not any(p and p.startswith("en/") for p in paths)
    # Material's teaser shows the blocks that matched: a match only among the
    # added spellings shows their element, which stays hidden
    forms = page.locator(".md-search-result__item i[hidden]")
    assert not any(forms.nth(i).is_visible() for i in range(forms.count()))
    if hidden_only:
        assert forms.count() > 0
        assert query not in re.split(r"\W+", page.locator(".md-search-result").inner_text())


@pytest.mark.browser
def test_english_search_finds_actor_by_english_name(page: Page, log: PageLog, site: Path):
    open_page(page, site, "en/index.html")
    paths = [site_path(h, site) for h in search(page, "Lavrov", log)]
    assert "en/actors/sergey-lavrov.html" in paths, paths
    assert all(p and p.startswith("en/") for p in paths)

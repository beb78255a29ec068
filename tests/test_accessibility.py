"""Accessibility of the built site, checked by axe-core in a real browser:
Debian chromium, headless, driven by Playwright, pages opened from disk
(file://) as in test_browser.py, whose launch flags and fixtures are reused.

axe-core comes from npm (package.json, pinned in package-lock.json) and is
injected into each page. A violation of impact "serious" or "critical" fails
the test; "minor" and "moderate" ones are left to review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import ROOT
from test_browser import ARTICLE, browser, open_page, page  # noqa: F401 (browser, page: fixtures)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
TARGETS_SHOWN = 5

# One page of each kind that a reader lands on, in both languages.
PAGES = [ARTICLE, "actors/sergey-lavrov.html", "digests/2023-01.html"]
LANGUAGES = {"ar": "", "en": "en/"}


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test` (or `npm ci` in {ROOT}) to install axe-core")
    return AXE


def axe_violations(page: Page, axe: Path) -> list[dict]:
    """Inject axe-core into the page and return its violations."""
    page.add_script_tag(path=str(axe))
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")


def describe(violation: dict) -> str:
    nodes = violation["nodes"]
    targets = [" ".join(json.dumps(t, ensure_ascii=False) if not isinstance(t, str) else t for t in node["target"])
               for node in nodes[:TARGETS_SHOWN]]
    more = f" (+{len(nodes) - TARGETS_SHOWN} more)" if len(nodes) > TARGETS_SHOWN else ""
    first = nodes[0] if nodes else {}
    html = " ".join(first.get("html", "").split())
    summary = " ".join((first.get("failureSummary") or "").split())
    return (
        f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({len(nodes)} element(s))\n"
        f"    targets: {'; '.join(targets)}{more}\n"
        f"    first: {html[:200]}\n"
        f"    why: {summary[:300]}"
    )


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page: Page, site: Path, axe_script: Path, path: str, lang: str):
    open_page(page, site, LANGUAGES[lang] + path)
    page.wait_for_load_state("networkidle")  # Material's scripts have finished building the page
    assert page.evaluate("document.documentElement.lang") == lang

    violations = axe_violations(page, axe_script)
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if serious:
        pytest.fail(
            f"{len(serious)} serious or critical accessibility violation(s) on {LANGUAGES[lang] + path}:\n"
            + "\n".join(describe(v) for v in serious),
            pytrace=False,
        )

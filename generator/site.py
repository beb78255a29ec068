"""The bilingual site build around MkDocs.

One MkDocs config per language (as Material's author recommends for
separate search indices): mkdocs.yml builds the Arabic site into site/,
mkdocs.en.yml (which inherits it) the English one into site/en/. The Arabic
build is the entry point: before it, the generator regenerates docs/ from
seeds/; after it, the English site is built into the same output folder,
so `mkdocs build` and `mkdocs serve` both produce the whole site.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from markupsafe import escape
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .pipeline import Project, generate

log = logging.getLogger("mkdocs.plugins.digest")

SECONDARY_CONFIG = "mkdocs.en.yml"
# Set while the nested English build runs, so it does not regenerate again.
_nested = False


def _lang(config: MkDocsConfig) -> str:
    return str(config.theme["language"])


def _project(config: MkDocsConfig) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Offline profile (the default): file:// needs .html links and a site_url
    # of "" (links stay relative). The Pages profile sets DIGEST_SITE_URL.
    if config.site_url and not config.site_url.endswith("/"):
        config.site_url += "/"
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    if _nested:
        return
    started = time.perf_counter()
    _, report = generate(_project(config))
    for line in report.lines():
        log.info("digest: %s", line)
    log.info(
        "digest: docs/ regenerated in %.2f s (%d files changed, %d removed)",
        time.perf_counter() - started, len(report.written), len(report.deleted),
    )


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    # Material prints page.meta.title unescaped in <title> and the header;
    # titles come from scraped text, so make them inert HTML here.
    title = page.meta.get("title")
    if title is not None:
        page.meta["title"] = str(escape(str(title)))
    return markdown


def _html_dir(output: str, config: MkDocsConfig) -> str:
    # Material puts dir= on <body> only; screen readers, the browser's own
    # UI and CSS :dir() read it from <html>, so state it there too.
    lang = _lang(config)
    direction = "rtl" if lang == "ar" else "ltr"
    return output.replace(f'<html lang="{lang}" class="no-js">', f'<html lang="{lang}" dir="{direction}" class="no-js">', 1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _html_dir(output, config)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return _html_dir(output, config) if template_name.endswith(".html") else output


def on_post_build(config: MkDocsConfig) -> None:
    global _nested
    if _nested or _lang(config) != "ar":
        return
    secondary = Path(config.config_file_path).resolve().parent / SECONDARY_CONFIG
    overrides = {
        "site_dir": os.path.join(config.site_dir, "en"),
        "strict": config.strict,
    }
    if config.site_url:
        overrides["site_url"] = config.site_url + "en/"
    en_config = load_config(config_file=str(secondary), **overrides)
    _nested = True
    try:
        build(en_config, dirty=False)
    finally:
        _nested = False

"""The bilingual site build around MkDocs.

One MkDocs config per language (as Material's author recommends for
separate search indices): mkdocs.yml builds the Arabic site into site/,
mkdocs.en.yml (which inherits it) the English one into site/en/. The Arabic
build is the entry point: before it, the generator regenerates docs/ from
seeds/; then the English site is built into site/en/ by a child process
(generator.secondary), started as soon as docs/ is generated and the output
folder cleaned, so the two MkDocs builds use two cores; the Arabic build
waits for it before publishing. `mkdocs build` and `mkdocs serve` both
produce the whole site.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from .data import DataFileError
from .enrich.gazetteer import gazetteer
from .incremental import Session
from .pipeline import Project
from .render import Settings, bytecode_cache
from .safe import front_matter_subset
from . import quickbuild, rawhtml
from .parallel import die_with_parent
from .search import Entries, finish_index, read_entries
from .secondary import NESTED_ENV
from .write import MANIFEST

log = logging.getLogger("mkdocs.plugins.digest")

SECONDARY_CONFIG = "mkdocs.en.yml"
# The generator's search entries for this build's language, and their pages.
_search_entries = Entries([], frozenset())
_search_pages: frozenset[str] = frozenset()
# The English build's process while it runs.
_secondary: subprocess.Popen | None = None
# The command MkDocs runs (on_startup); `serve` builds into its own temp dir.
_command: str | None = None
# `mkdocs serve` regenerates docs/ before each rebuild, from what the last one left.
_session = Session(save_rebuilds=False)
# Where the finished site goes; the build writes next to it first (staging).
_final_site: Path | None = None
STAGING, OLD, COMPLETE = ".building", ".old", quickbuild.COMPLETE
# A quick build (quickbuild.py): what it renders, the stamp saved once complete.
_quick: quickbuild.Plan | None = None
_stamp: dict | None = None
_serve_stamp: dict | None = None  # serve's: its site lives as long as the process
_page_order: list[str] = []
_rendered: set[str] = set()
# What article pages keep of their front matter once converted.
PAGE_META = ("schema_version", "id", "title", "date", "language", "search")
# What the build reads of an article's record: PAGE_META and the fields of
# its JSON-LD and Open Graph data (_article_metadata).
READ_META = frozenset(PAGE_META + ("en", "summary", "source", "time", "tags", "actors"))


def _nested() -> bool:
    """True inside the English build: it neither regenerates nor builds again."""
    return os.environ.get(NESTED_ENV) == "1"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def recover_site(final: Path) -> None:
    """Finish or undo a swap that was interrupted, then drop leftovers, so an
    interrupted build never leaves site/ missing or half-written."""
    staging, old = Path(str(final) + STAGING), Path(str(final) + OLD)
    quickbuild.recover(staging, final)
    if not final.exists():
        if (staging / COMPLETE).is_file():
            os.replace(staging, final)
        elif old.is_dir():
            os.replace(old, final)
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    (final / COMPLETE).unlink(missing_ok=True)  # a swap killed just before it took its mark away


def _publish_site(final: Path) -> None:
    """Put the finished staging build in place of site/: in one step where
    the system can swap two folders (a build killed between two renames
    would leave no site/ until the next build), else in two renames."""
    staging, old = Path(str(final) + STAGING), Path(str(final) + OLD)
    (staging / COMPLETE).write_text("", encoding="utf-8")
    if final.exists() and _exchange(staging, final):
        os.replace(staging, old)  # the previous site, out of the way of the next build
    else:
        if final.exists():
            os.replace(final, old)
        os.replace(staging, final)
    (final / COMPLETE).unlink()
    if old.exists():
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux's renameat2 with RENAME_EXCHANGE);
    False where the system or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    return renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0


def _lang(config: MkDocsConfig) -> str:
    return str(config.theme["language"])


def _project(config: MkDocsConfig) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Offline profile (the default): file:// needs .html links and a site_url
    # of "" (links stay relative). The Pages profile sets DIGEST_SITE_URL.
    if config.site_url and not config.site_url.endswith("/"):
        config.site_url += "/"
    if config.site_url:  # for hreflang alternates in the sitemaps
        root = config.site_url[: -len("en/")] if _lang(config) == "en" else config.site_url
        config.extra["digest_roots"] = {"ar": root, "en": root + "en/"}
    global _final_site
    if _lang(config) == "ar" and not _nested() and _command != "gh-deploy":
        # Build beside site/ (serve: beside its own folder) and swap at the
        # end: a build killed at any moment leaves the previous site/ whole;
        # a quick build (quickbuild.py) moves in only the files it made.
        _final_site = Path(config.site_dir)
        recover_site(_final_site)
        config.site_dir = str(_final_site) + STAGING
    elif _lang(config) == "ar" and not _nested():
        _final_site = None
    return config


class _WarningCount(logging.Handler):
    """MkDocs' warnings in this build: a strict build that had any fails
    after on_post_build, so that is where the site must not be published."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _WarningCount()


def on_pre_build(config: MkDocsConfig) -> None:
    if _nested():
        return
    _warnings.count = 0
    if _warnings not in logging.getLogger("mkdocs").handlers:
        logging.getLogger("mkdocs").addHandler(_warnings)
    started = time.perf_counter()
    if _lang(config) == "ar":
        _start_secondary(config)
    project, settings = _project(config), Settings.from_config(config.extra.get("digest"), config.site_url)
    # A rebuild after an edit renders only what the edit changed: serve keeps
    # the last generation in memory; a build loads what the last one saved
    # (and lets go of it before MkDocs starts: memory).
    session = _session if _command == "serve" else Session()
    try:
        _, report = session.generate(project, settings)
    except DataFileError as exc:  # one line naming the file, not a traceback into the code
        raise PluginError(f"digest: {exc}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise PluginError(f"digest: template {exc.name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise PluginError(f"digest: a template failed: {exc} (a label missing from generator/data/labels.yml?)") from exc
    for line in report.lines():
        log.info("digest: %s", line)
    log.info(
        "digest: docs/ regenerated in %.2f s (%d files changed, %d removed)",
        time.perf_counter() - started, len(report.written), len(report.deleted),
    )
    _plan_site(project, config)


def _plan_site(project: Project, config: MkDocsConfig) -> None:
    """A quick build or a full one (see quickbuild.py)."""
    global _quick, _stamp, _serve_stamp
    quickbuild.disable()
    _quick, _stamp = None, None
    if _final_site is None:  # gh-deploy: site/ built in place, so the stamp no longer holds
        quickbuild.forget(project.root)
        return
    if _command == "serve":  # its own folder, for as long as it runs
        last, _serve_stamp = _serve_stamp, None
    else:
        last = quickbuild.load_stamp(project.root)
        quickbuild.forget(project.root)
    deps = quickbuild.dependencies(project.root, config, _final_site,
                                   [Path(config.config_file_path), project.root / SECONDARY_CONFIG])
    _quick, why, _stamp = quickbuild.plan(last, project.docs, deps, _final_site, bool(config.strict))
    if _quick is None:
        log.info("digest: full site build (%s)", why)
        return
    log.info("digest: quick site build (%s): only those pages and the navigation's are rendered", why)


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """An article page as MkDocs reads it: the record in its front matter
    less the fields no page shows (body, removed lines, quotes...). MkDocs
    parses front matter with PyYAML's Python constructor: the whole record
    was 0.8 ms a page, a tenth of the English build's time at 2,000
    articles. The page in docs/ keeps the whole record. Other pages: None,
    MkDocs reads them (and another plugin's source for them stands)."""
    if not page.file.src_uri.startswith("articles/"):
        return None
    source = page.file.content_string
    if "\nschema_version: " not in source[: source.find("\n---\n", 3) + 1]:
        return None
    return front_matter_subset(source, READ_META)


def _article_metadata(page: Page, config: MkDocsConfig) -> None:
    """schema.org NewsArticle JSON-LD and Open Graph values for article pages
    (values are escaped in the template; JSON cannot close its <script>)."""
    meta = page.meta
    if "schema_version" not in meta:
        return
    lang = _lang(config)
    english = meta.get("en") if lang == "en" and isinstance(meta.get("en"), dict) else None
    headline = (english or {}).get("title") or meta.get("title")
    summary = " ".join((english or {}).get("summary") or meta.get("summary") or [])
    source = meta.get("source") or {}
    url = (config.site_url or "") + page.url if config.site_url else None
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "inLanguage": "en" if english else "ar",
        "identifier": meta.get("id"),
        "description": summary or None,
        "datePublished": meta.get("date") and (meta["date"] + (f"T{meta['time']}:00" if meta.get("time") else "")),
        "publisher": {"@type": "Organization", "name": source.get("name_en" if lang == "en" else "name_ar")} if source else None,
        "keywords": meta.get("tags") or None,
        "mentions": [
            {"@type": "Person" if a.get("type") == "person" else "Organization" if a.get("type") != "state" else "Country",
             "name": a.get("name_en" if lang == "en" else "name_ar"), "identifier": a.get("id")}
            for a in meta.get("actors") or []
        ] or None,
        "url": url,
    }
    data = {k: v for k, v in data.items() if v is not None}
    page.digest_jsonld = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    page.digest_og = [
        ("og:type", "article"), ("og:title", headline), ("og:description", summary),
        ("og:locale", "en_US" if lang == "en" else "ar_AR"),
        ("og:site_name", config.site_name),
        *((("og:url", url),) if url else ()),
        *((("article:published_time", data["datePublished"]),) if "datePublished" in data else ()),
    ]


def on_env(env, config: MkDocsConfig, files):
    env.globals["digest_nav_cache"] = {}  # see templates/overrides/partials/nav.html; fresh per build
    # Each build (each rebuild of serve) compiled Material's templates again
    # (0.44 s per language under cProfile at 10,000 articles, a quick build).
    # Jinja's bytecode cache keys each template by its name and source.
    env.bytecode_cache = bytecode_cache(_project(config).root / ".cache" / "jinja")
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    _article_metadata(page, config)
    if page.url in _search_pages:  # indexed from the generator's entry (search.py)
        page.meta["search"] = {"exclude": True}
    # Material prints page.meta.title unescaped in <title> and the header;
    # titles come from scraped text, so make them inert HTML here.
    title = page.meta.get("title")
    english = page.meta.get("en")
    if _lang(config) == "en" and isinstance(english, dict) and english.get("title"):
        title = english["title"]  # the English page of a translated article
    if title is not None:
        page.meta["title"] = str(escape(str(title)))
    if "schema_version" in page.meta:
        # MkDocs keeps every page until the build ends: the parsed record
        # (body, removed lines, translation...) is used up by now.
        page.meta = {k: v for k, v in page.meta.items() if k in PAGE_META}
    markdown, page.digest_raw_html = rawhtml.stash(markdown)
    return markdown



def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    html = rawhtml.restore(html, getattr(page, "digest_raw_html", []))
    page.digest_raw_html = []
    page.markdown = None  # converted: only the HTML is used from here on (memory)
    return html


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


def on_files(files, config: MkDocsConfig):
    """Let the English build go: docs/ is generated and the output folder
    has been cleaned (MkDocs cleans it after on_pre_build)."""
    global _search_entries, _search_pages, _quick, _page_order, _rendered
    _search_entries = read_entries(Path(config.docs_dir))
    _search_pages = _search_entries.locations
    if _nested():
        _quick = quickbuild.given
    if _quick is not None:
        _rendered = quickbuild.enable(files, config, _quick.for_lang(_lang(config)))
        _page_order = quickbuild.page_urls(files, serve=_command == "serve")
    if _nested() or _lang(config) != "ar" or _secondary is None:
        return files
    # What the English build waits for on its stdin (generator.secondary): go,
    # with the quick build's plan, if any. If it died meanwhile, its exit
    # status fails the build in on_post_build.
    try:
        assert _secondary.stdin is not None
        _secondary.stdin.write(quickbuild.plan_to_json(_quick) + "\n")
        _secondary.stdin.close()
    except (BrokenPipeError, OSError):
        pass
    return files


def _start_secondary(config: MkDocsConfig) -> None:
    """Start the English build's process before the generator runs: it
    starts Python, imports MkDocs and loads its config (0.4 s) meanwhile,
    then waits for on_files to let it build."""
    global _secondary
    _stop_secondary()
    project = Path(config.config_file_path).resolve().parent
    package_root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    _secondary = subprocess.Popen(
        [sys.executable, "-m", "generator.secondary", str(project / SECONDARY_CONFIG),
         os.path.join(config.site_dir, "en"), config.site_url + "en/" if config.site_url else "",
         "1" if config.strict else "0"],
        cwd=project, env=env, stdin=subprocess.PIPE, text=True,
        preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
    )


def _stop_secondary() -> None:
    global _secondary
    if _secondary is not None and _secondary.poll() is None:
        _secondary.kill()
        _secondary.wait()
    _secondary = None


def on_build_error(error: Exception) -> None:
    _stop_secondary()
    quickbuild.disable()


def on_serve(server, config: MkDocsConfig, builder):
    """Watch the hand-written part of both docs trees, not the pages the
    generator writes: MkDocs' watcher polls every file it watches twice a
    second (at 10,000 articles, 26,000 generated pages kept a core 75 % busy
    while serve sat idle), and their writes started a second, useless build
    after each regeneration. Edits reach them through seeds/, the templates
    and the data files, which are watched (mkdocs.yml `watch:`). Watched:
    each hand-written file at the top of docs/ar and docs/en (about.md...)
    and each folder the generator does not write (assets...). Not seen until
    serve starts again: a new file at the top of a tree, a file put by hand
    in a generated folder (docs/ar/articles/...)."""
    project = _project(config)
    owned = _generated(project.docs)
    server.unwatch(config.docs_dir)  # MkDocs watches the whole of it
    seeds = [p for p in config.watch if os.path.abspath(p) == os.path.abspath(project.seeds)]
    # `watch_seeds: poll` where notifications never come (some network and
    # container mounts): MkDocs polls seeds/ then
    notify = str((config.extra.get("digest") or {}).get("watch_seeds", "notify")) != "poll"
    if seeds and notify and _watch_by_notification(server, project.seeds):
        for p in seeds:  # MkDocs watches `watch:` after this event: not seeds/ then
            config.watch.remove(p)
    for lang in ("ar", "en"):
        tree = project.docs / lang
        for entry in sorted(os.scandir(tree), key=lambda e: e.name):
            rel = f"{lang}/{entry.name}"
            if entry.name.startswith(".") or rel in owned:
                continue
            if entry.is_dir():
                server.watch(entry.path)
            elif entry.is_file():
                server.watch(entry.path, recursive=False)
    return server


_observer = None  # watches seeds/ for serve (see _watch_by_notification)
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})  # watchdog's event types


def _watch_by_notification(server, folder: Path) -> bool:
    """seeds/ holds a file per article, and MkDocs' watcher polls: it lists
    and stats every file twice a second (at 10,000 articles 20-31 % of a
    core while serve sat idle, bench/RESULTS.md). Watched instead through
    the system's file notifications (inotify on Linux, through watchdog,
    which MkDocs installs), which cost nothing idle. False where they cannot
    be had: MkDocs polls it then."""
    global _observer
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver or not folder.is_dir():
        return False

    def rebuild() -> None:
        # what MkDocs' own watcher does on a change (mkdocs 1.6.1,
        # LiveReloadServer.watch); tests/test_serve.py edits a seed
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    def changed(event) -> None:
        # (not "opened" or "closed_no_write": the generator reading seeds/
        # would start the next build)
        if not event.is_directory and event.event_type in CHANGES:
            rebuild()

    handler = FileSystemEventHandler()
    handler.on_any_event = changed
    observer = Observer()
    seeds_watch = []  # the watch on seeds/ as it is now

    def watch_seeds() -> None:
        while seeds_watch:
            try:
                observer.unschedule(seeds_watch.pop())
            except (KeyError, OSError):  # gone with its folder
                pass
        if folder.is_dir():
            seeds_watch.append(observer.schedule(handler, str(folder), recursive=True))

    def replaced(event) -> None:
        # seeds/ deleted, moved away or put back (a backup restored, a script
        # making it again): a notification watch stays on the folder it was
        # set on, so it is set again on the one now at the path
        paths = {os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
        if str(folder) in paths:
            watch_seeds()
            rebuild()

    around = FileSystemEventHandler()
    around.on_any_event = replaced
    try:
        watch_seeds()
        observer.schedule(around, str(folder.parent), recursive=False)
        observer.start()
    except OSError as exc:  # out of inotify watches...
        log.info("seeds/ polled (file notifications not available: %s)", exc)
        return False
    _observer = observer
    log.info("seeds/ watched through file notifications")
    return True


def _stop_watching() -> None:
    global _observer
    if _observer is not None:
        _observer.stop()
        _observer.join(timeout=10)
        _observer = None


def _generated(docs: Path) -> set[str]:
    """What the generator writes in docs/: its files at the top of each tree
    and its folders ("ar/index.md", "ar/articles"...), from its manifest."""
    try:
        owned = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {"/".join(rel.split("/")[:2]) for rel in owned}


def on_shutdown() -> None:
    _stop_secondary()
    _stop_watching()
    if _command == "serve" and _final_site is not None:  # a rebuild stopped half-way: serve removes only its folder
        for leftover in (Path(str(_final_site) + STAGING), Path(str(_final_site) + OLD)):
            shutil.rmtree(leftover, ignore_errors=True)
    if not _nested():
        # serve's last quick rebuilds, for serve started again (a `digest build`
        # has other settings, the offline profile: it regenerates anyway)
        _session.save()


@event_priority(-200)  # after the search and offline plugins have written the index
def on_post_build(config: MkDocsConfig) -> None:
    global _secondary, _serve_stamp
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if index_file.is_file():
        text = finish_index(index_file, _search_entries, gazetteer(), _carry(config))
        script = index_file.with_suffix(".js")
        if script.is_file():  # the offline profile's copy for file:// (as Material's offline plugin writes it)
            script.write_text("var __index = " + text, encoding="utf-8")
    if _nested() or _lang(config) != "ar" or _secondary is None:
        return
    started = time.perf_counter()
    status = _secondary.wait()
    _secondary = None
    log.info("digest: waited %.2f s for the English build", time.perf_counter() - started)
    if status != 0:
        raise RuntimeError(f"the English site ({SECONDARY_CONFIG}) failed to build (exit status {status})")
    if config.strict and _warnings.count:
        log.error("digest: strict mode and %d warning(s): site/ left as it was", _warnings.count)
        return  # MkDocs aborts the build next; the staging folder is dropped by the next build
    if _final_site is not None and Path(config.site_dir) == Path(str(_final_site) + STAGING):
        moved = None
        if _quick is not None:
            moved = quickbuild.publish(Path(config.site_dir), _final_site)
        else:
            _publish_site(_final_site)
        if _stamp is not None:
            stamp = quickbuild.completed(_stamp, _final_site, moved)
            if _command == "serve":
                _serve_stamp = stamp
            else:
                quickbuild.save_stamp(_project(config).root, stamp)
    quickbuild.disable()


def _carry(config: MkDocsConfig):
    """For a quick build: Material's index entries of the pages it did not
    render, from the published index."""
    if _quick is None:
        return None
    try:
        published = json.loads((_quick.published(_lang(config)) / "search" / "search_index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"quick build: the published search index cannot be read ({exc}); run `digest build --full`") from exc
    previous = [d for d in published.get("docs", []) if d.get("location", "").split("#", 1)[0] not in _search_pages]
    return lambda docs, finish: quickbuild.merge_index(previous, docs, _page_order, _rendered, finish)

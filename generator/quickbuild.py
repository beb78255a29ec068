"""A site build after a small edit renders only the pages that changed.

MkDocs renders every page of both languages on each build (45 s at 10,000
articles), though an edit to one article changes a handful of files in
docs/. After each complete build, a stamp (.cache/site-build.json) records
what the site was built from: the stat of every file in docs/, a hash of
everything else its pages depend on (both configs and the environment
variables they read, the template overrides, the data files, the code, the
versions of MkDocs, Material and Markdown, the output folder), and the stat
of every file of the site it left. The next build compares:

- the same dependencies, the same files in docs/ (some of them changed) and
  the site as the last build left it: a quick build. MkDocs renders the
  changed pages and the pages of the navigation (their titles, shown on
  every page, come from their text), copies the changed files and, as
  always, writes the sitemaps, the 404 page and the search index, into the
  staging folder; the search index keeps the previous entries of the pages
  not rendered again. Then each staged file replaces its old copy in site/;
  a build killed during that is finished by the next one (a complete plan),
  one killed before leaves site/ as it was.
- anything else (a page added or removed changes the navigation and the
  sitemaps; a config, template or version changes every page; a file of the
  site edited or deleted by hand must be made again): the full build. So
  does `digest build --full`. `mkdocs serve` keeps its stamp in memory.

MkDocs skips a page it is told is unmodified only in its dirty mode, so
`enable()` has its page functions run in that mode during a quick build,
with each file's `is_modified` answered from the stamp, not from mtimes.

tests/test_quickbuild.py checks that a quick build gives, byte for byte,
the site a full build gives.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from .cache import code_version
from .data import DATA_DIR

STAMP = Path(".cache") / "site-build.json"
MAX_CHANGED = 2000  # more changed files than this: the full build is as quick
PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2")
COMPLETE = ".complete"  # in the staging folder: "quick" once every page is staged


@dataclass(frozen=True)
class Plan:
    """A quick build: the files of each docs tree that changed since the
    last complete build, and the published site it updates."""

    final: str  # site/ (the Arabic site; the English one is site/en)
    changed: dict[str, list[str]]  # "ar" / "en" -> paths relative to that docs tree

    def for_lang(self, lang: str) -> set[str]:
        return set(self.changed.get(lang, ()))

    def published(self, lang: str) -> Path:
        return Path(self.final) / "en" if lang == "en" else Path(self.final)


def _tree_stats(root: Path) -> dict[str, list[int]]:
    """relative path -> [size, mtime_ns, inode] of every file under root."""
    out: dict[str, list[int]] = {}
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                stack.append((Path(e.path), f"{prefix}{e.name}/"))
            elif e.is_file():
                st = e.stat()
                out[prefix + e.name] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return out  # compared as mappings: no need to sort 26,000 paths (0.1 s at 10,000 articles)


def _env_names(text: str) -> list[str]:
    return re.findall(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)", text)


def dependencies(root: Path, config: MkDocsConfig, final: Path, configs: list[Path]) -> str:
    """Hash of what every page of the site depends on besides docs/."""
    h = hashlib.sha256()

    def add(*parts: object) -> None:
        h.update(json.dumps(parts, ensure_ascii=False, default=str).encode())
        h.update(b"\n")

    for path in configs:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        add("config", path.name, text)
        for name in sorted(set(_env_names(text))):
            add("env", name, os.environ.get(name))
    add("site", str(final), config.site_url, code_version())
    for package in PACKAGES:
        try:
            add("package", package, metadata.version(package))
        except metadata.PackageNotFoundError:
            add("package", package, None)
    add("data", _tree_stats(DATA_DIR))
    custom = config.theme.custom_dir
    add("theme", str(custom), _tree_stats(Path(custom)) if custom else {})
    add("templates", _tree_stats(root / "templates"))  # the English config may name other overrides there
    return h.hexdigest()


def _docs_by_lang(docs: Path) -> dict[str, dict[str, list[int]]]:
    """Stats of each language's docs tree (docs/ar, docs/en)."""
    return {lang: _tree_stats(docs / lang) for lang in ("ar", "en")}


def load_stamp(root: Path) -> dict | None:
    try:
        stamp = json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def forget(root: Path) -> None:
    """No quick build next time (a build started: until it is complete, the
    site may not be what the stamp says)."""
    (root / STAMP).unlink(missing_ok=True)


def save_stamp(root: Path, stamp: dict) -> None:
    path = root / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(stamp, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def plan(last: dict | None, docs: Path, deps: str, final: Path, strict: bool = False) -> tuple[Plan | None, str, dict]:
    """(the quick build to make from the last complete build's stamp, or
    None; why; the stamp of this build, to keep once it is complete).
    `strict`: MkDocs' strict mode, which fails on a warning from any page; a
    quick build sees only the pages it renders, so it is strict only if the
    pages it does not render passed a strict build."""
    current = {"dependencies": deps, "docs": _docs_by_lang(docs), "strict": strict}
    if not isinstance(last, dict) or not isinstance(last.get("docs"), dict):
        return None, "no complete build recorded", current
    if last.get("dependencies") != deps:
        return None, "configuration, templates, data, code or versions changed", current
    if strict and not last.get("strict"):
        return None, "a strict build checks every page, and the last build was not strict", current
    if not final.is_dir():
        return None, "no site to update", current
    site = _tree_stats(final)
    if last.get("site") != site:  # a file deleted or edited there: made again
        return None, "the site was changed since the last build", current
    current["site"] = site  # completed() adds what this build moves in
    changed: dict[str, list[str]] = {}
    for lang, stats in current["docs"].items():
        before = last["docs"].get(lang) or {}
        if before.keys() != stats.keys():
            return None, "files were added to or removed from docs/", current
        changed[lang] = sorted(rel for rel, st in stats.items() if before[rel] != st)
    count = sum(len(v) for v in changed.values())
    if count > MAX_CHANGED:
        return None, f"{count} files changed", current
    return Plan(str(final), changed), f"{count} files changed", current


def completed(stamp: dict, final: Path, moved: list[str] | None = None) -> dict:
    """The stamp of a build once its site is published: with what the site
    holds, so that a file changed or removed there means a full build.
    `moved`: the files a quick build moved in (the rest, plan() saw)."""
    if moved is None or "site" not in stamp:
        return {**stamp, "site": _tree_stats(final)}
    site = dict(stamp["site"])
    for rel in moved:
        st = os.stat(final / rel)
        site[rel] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return {**stamp, "site": site}


def plan_to_json(p: Plan | None) -> str:
    """The plan as the English build's process is given it (generator.secondary)."""
    return json.dumps({"final": p.final, "changed": p.changed} if p else None)


def plan_from_json(text: str) -> Plan | None:
    data = json.loads(text)
    return Plan(data["final"], data["changed"]) if data else None


given: Plan | None = None  # the plan generator.secondary was given, in the English build's process


# --- inside the MkDocs build -------------------------------------------------

_active = False  # a quick build is running in this process


def _populate_page(page, config, files, dirty=False):
    return _populate_page.original(page, config, files, dirty or _active)


def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
    return _build_page.original(page, config, doc_files, nav, env, dirty or _active, excluded)


# Private functions of MkDocs 1.6 (pinned in pyproject.toml): build() calls
# them by their module names, and passes them its own dirty flag. (A module
# loaded again wraps MkDocs' functions, not the previous wrappers.)
for _wrapper in (_populate_page, _build_page):
    _current = getattr(mkdocs_build, _wrapper.__name__)
    _wrapper.original = getattr(_current, "original", _current)  # type: ignore[attr-defined]
    setattr(mkdocs_build, _wrapper.__name__, _wrapper)


def _yes() -> bool:
    return True


def _no() -> bool:
    return False


def _skip_copy(dirty: bool = False) -> None:
    return None


def enable(files: Files, config: MkDocsConfig, changed: set[str]) -> set[str]:
    """Set up this build as a quick one: MkDocs renders the changed pages and
    the navigation's, copies the changed files of docs/ (and the files
    plugins generate), nothing else. Returns the URLs of the pages rendered."""
    global _active
    _active = True
    docs_dir = os.path.abspath(config.docs_dir)
    rendered: set[str] = set()
    for f in files:
        if f.is_documentation_page():
            again = f.src_uri in changed or f.inclusion.is_in_nav()
            f.is_modified = _yes if again else _no  # type: ignore[method-assign]
            if again:
                rendered.add(f.url)
        elif f.generated_by is None and not (f.abs_src_path and _inside(f.abs_src_path, docs_dir) and f.src_uri in changed):
            f.copy_file = _skip_copy  # type: ignore[method-assign] # unchanged: the published copy stands
    return rendered


def disable() -> None:
    global _active
    _active = False


def _inside(path: str, folder: str) -> bool:
    return os.path.abspath(path).startswith(folder + os.sep)


def page_urls(files: Files, serve: bool) -> list[str]:
    """Every page's URL, in the order MkDocs builds (and indexes) them."""
    inclusion = InclusionLevel.is_in_serve if serve else InclusionLevel.is_included
    return [f.url for f in files.documentation_pages(inclusion=inclusion)]


def merge_index(previous: list[dict], fresh: list[dict], order: list[str], rendered: set[str],
                finish) -> list[dict]:
    """Material's entries of a full build, from a quick one: per page, in
    build order, the fresh entries of the pages rendered again (passed
    through `finish`, as a full build's are) and the previous (finished)
    entries of the others."""
    def by_page(entries: list[dict]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for e in entries:
            out.setdefault(e.get("location", "").split("#", 1)[0], []).append(e)
        return out

    old, new = by_page(previous), by_page(fresh)
    merged: list[dict] = []
    for url in order:
        if url in rendered:
            merged += [finish(e) for e in new.get(url, [])]
        else:
            merged += old.get(url, [])
    return merged


# --- publishing ---------------------------------------------------------------

def publish(staging: Path, final: Path) -> list[str]:
    """Put a complete quick build's staged files in place of their copies in
    site/ (each a rename); return their paths. Marked complete first: a
    build killed half-way is finished by recover()."""
    (staging / COMPLETE).write_text("quick", encoding="utf-8")
    return _move_all(staging, final)


def is_quick(staging: Path) -> bool:
    try:
        return (staging / COMPLETE).read_text(encoding="utf-8") == "quick"
    except OSError:
        return False


def _move_all(staging: Path, final: Path) -> list[str]:
    moved: list[str] = []
    for folder, dirs, names in os.walk(staging):
        rel = os.path.relpath(folder, staging)
        dest = final if rel == "." else final / rel
        dest.mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            if rel == "." and name == COMPLETE:
                continue
            os.replace(os.path.join(folder, name), dest / name)
            moved.append(name if rel == "." else f"{Path(rel).as_posix()}/{name}")
        dirs.sort()
    (staging / COMPLETE).unlink()
    shutil.rmtree(staging)
    return moved


def recover(staging: Path, final: Path) -> bool:
    """Finish a quick build's publishing that was interrupted; True if there
    was one."""
    if final.is_dir() and is_quick(staging):
        _move_all(staging, final)
        return True
    return False

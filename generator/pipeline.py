"""The generator as one readable sequence of named stages.

Like mkdocs' own build(): first gather all data from every article, then
build indices over all of them, then render, then write.

    ingest -> extract (+ corpus passes, overrides) -> enrich -> index -> render -> write
"""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from pathlib import Path

from . import overrides
from .data import refresh as refresh_data
from .enrich import enrich
from .enrich.cues import enrich_cues
from .enrich.gazetteer import gazetteer
from .extract import extract
from .extract import duplicates
from .extract.cues import cues
from .extract.dates import vocabulary
from .extract.sources import registry
from .progress import Progress
from .safe import printable
from .extract.template import Key, TemplateLines, line_keys, remove_template_lines
from .translate import load_editorial
from .translate.machine import (
    Engine,
    MachineTranslationError,
    MachineTranslationUnavailable,
    TranslationCache,
    engine_from_settings,
    machine_translate,
)
from .index import SiteIndex, build_index
from .ingest import read_all, seed_files, shown
from .cache import RecordCache, code_version, data_version
from .models import (
    ActorRef, Article, BuildReport, PlaceRef, QuoteRef, RawArticle, Skipped, Unlinked, article_from_dict, plain, shared,
)
from . import parallel
from .parallel import Failure, map_ordered
from .publish import EXPORTS
from .render import Records, Settings, convert, environment, not_exports, render_tree
from .write import Staging

log = logging.getLogger("generator")


@dataclass(frozen=True)
class Project:
    """Where things are: the folder holding mkdocs.yml and the layout around it."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        here = (start or Path.cwd()).resolve()
        for d in (here, *here.parents):
            if (d / "mkdocs.yml").is_file() and (d / "seeds").is_dir():
                return cls(d)
        raise FileNotFoundError(f"no project (mkdocs.yml and seeds/) at or above {here}")


EXTRACT_DATA = ("boilerplate", "dates", "outlets")
ENRICH_DATA = ("actors", "places", "enrich")


def _extract_key(raw: RawArticle, data: str) -> str:
    return RecordCache.key("extract", code_version(), data, raw.sha256, raw.name)


def _extract_record(raw: RawArticle) -> tuple[bytes, list[str], tuple[list[Key], str]]:
    """The record (pickled: see _cached_map), and the keys the corpus passes
    compare (made here, on every core: serially after extraction they cost
    1.4 s at 10,000)."""
    art = extract(raw)
    return RecordCache.dumps(art.to_dict()), duplicates.para_keys(art), line_keys(art)


def _cached_map(label: str, fn, items: list, keys: list[str], cache: RecordCache | None,
                ) -> Iterator[tuple[dict, tuple | None] | Failure]:
    """(record, extras) for every item, in order: from the cache where its
    key was seen before (extras None), else from fn(item), computed on every
    core, which returns the record pickled (RecordCache.dumps) and its
    extras. The workers pickle what they send back anyway: made there, the
    pickle is both what this process reads and what the cache stores as it
    is. Each result is given as soon as it is there, so that the caller
    turns it into objects while the workers go on (after them, that work
    left a core idle: 0.3 s a stage at 10,000 articles)."""
    cached = cache.get_many(keys) if cache is not None else [None] * len(items)
    todo = [i for i, rec in enumerate(cached) if rec is None]
    progress = Progress(label, len(items))
    progress.step(len(items) - len(todo))
    computed = map_ordered(fn, [items[i] for i in todo], progress.step)
    new: list[tuple[str, bytes]] = []
    for i, rec in enumerate(cached):
        if rec is not None:
            yield rec, None
            continue
        res = next(computed)
        if isinstance(res, Failure):
            yield res
            continue
        blob, *extras = res
        if cache is not None:
            new.append((keys[i], blob))
            if len(new) >= RecordCache.BATCH:
                cache.put_pickled(new)
                new = []
        yield pickle.loads(blob), tuple(extras)
    if cache is not None:
        cache.put_pickled(new)


@dataclass
class Extracted:
    """An input's record and the keys the corpus passes compare it by."""

    article: Article | Failure
    para_keys: list[str] = field(default_factory=list)  # duplicates
    line_keys: tuple[list[Key], str] = field(default_factory=lambda: ([], ""))  # template lines, headline


def extract_each(raws: list[RawArticle], cache: RecordCache | None) -> list[Extracted]:
    """extract() of every input (cached by the input's bytes), with its keys
    (made with the record, or here for a record from the cache)."""
    data = data_version(*EXTRACT_DATA)  # once per build: it reads the data files
    keys = [_extract_key(raw, data) for raw in raws] if cache is not None else []
    results = _cached_map("extracting", _extract_record, raws, keys, cache)
    out: list[Extracted] = []
    for raw, res in zip(raws, results, strict=True):  # (strict: to its end, where the cache is written)
        if isinstance(res, Failure):
            out.append(Extracted(res))
            continue
        rec, made = res
        art = article_from_dict(rec)
        art.path = raw.path
        para, lines = made if made is not None else (duplicates.para_keys(art), line_keys(art))
        out.append(Extracted(art, para, lines))
    return out


ENRICHED = ("actors", "places", "unlinked", "quotes", "summary")


def _enrich_key(art: Article, data: str) -> str:
    return RecordCache.key("enrich", code_version(), data, art.title,
                           *(f"{b.type}:{b.text}" for b in art.body))


def _enrich_record(art: Article) -> tuple[bytes]:
    enrich(art, gazetteer())
    return (RecordCache.dumps({k: plain(getattr(art, k)) for k in ENRICHED}),)


def enrich_each(articles: list[Article], cache: RecordCache | None) -> None:
    """enrich() every article (cached by its title and body)."""
    data = data_version(*ENRICH_DATA)
    keys = [_enrich_key(a, data) for a in articles] if cache is not None else []
    results = _cached_map("enriching", _enrich_record, articles, keys, cache)
    for art, done in zip(articles, results, strict=True):  # (strict: to its end, where the cache is written)
        if isinstance(done, Failure):  # the article keeps its page, without names
            log.error("enrichment failed for %s: %s", printable(art.path), done.trace)
            art.warnings.append(f"enrichment failed: {done.kind}: {done.message}")
            continue
        res = done[0]
        art.actors = [shared(ActorRef, r) for r in res["actors"]]
        art.places = [shared(PlaceRef, r) for r in res["places"]]
        art.unlinked = [Unlinked(**u) for u in res["unlinked"]]
        art.quotes = [shared(QuoteRef, q, ("speaker",)) for q in res["quotes"]]
        art.summary = list(res["summary"])


@dataclass
class Passes:
    """What the corpus-wide passes saw, by input path: kept by a long-running
    process so that an edited article can be taken out and put back
    (incremental.py) without running the passes over the whole corpus."""

    para_keys: dict[str, list[str]] = field(default_factory=dict)  # duplicates' paragraph keys
    line_keys: dict[str, tuple[list[Key], str]] = field(default_factory=dict)  # template lines, headline
    template: TemplateLines = field(default_factory=TemplateLines)
    merged: set[str] = field(default_factory=set)  # inputs in a group of copies (kept or dropped)


def extract_all(raws: list[RawArticle], report: BuildReport, translator: "Translator | None" = None,
                cache: RecordCache | None = None, passes: Passes | None = None) -> list[Article]:
    """Extract every article, then the corpus-wide passes, the editors'
    overrides, enrichment and English text. One failure is reported, never
    fatal. `passes`, when given, is filled with what the passes saw."""
    articles: list[tuple[RawArticle, Article]] = []
    ids: set[str] = set()
    load_data_files()
    para_keys: dict[str, list[str]] = {}
    made_keys: dict[str, tuple[list[Key], str]] = {}
    for raw, done in zip(raws, extract_each(raws, cache)):
        art = done.article
        if isinstance(art, Failure):  # a bad article must not stop the build
            log.error("extraction failed for %s: %s", printable(raw.path), art.trace)
            report.skipped.append(Skipped(raw.path, f"extraction failed: {art.kind}: {art.message}"))
            continue
        base, n = art.id, 1
        while art.id in ids:  # names that slug alike (A.txt, a.TXT): keep the pages apart
            art.id = f"{base}-{hashlib.sha1(f'{raw.path}:{n}'.encode()).hexdigest()[:8]}"
            n += 1
        ids.add(art.id)
        articles.append((raw, art))
        para_keys[art.id], made_keys[art.id] = done.para_keys, done.line_keys
    kept, dropped = duplicates.merge_duplicates([a for _, a in articles], para_keys)
    for copy, original in dropped:
        report.duplicates.append(Skipped(copy.path, f"duplicate of {original.id} (listed on its page)"))
    kept_objects = {id(a) for a in kept}
    if passes is not None:
        passes.para_keys = {a.path: para_keys[a.id] for _, a in articles}
        passes.merged = {a.path for pair in dropped for a in pair}
    articles = [(raw, a) for raw, a in articles if id(a) in kept_objects]
    keys = [made_keys[a.id] for _, a in articles]  # (made before the pass takes lines out)
    template = remove_template_lines([a for _, a in articles], keys=keys)
    if passes is not None:
        passes.template = template
        passes.line_keys = {a.path: k for (_, a), k in zip(articles, keys)}
    overrides_in: dict[Path, dict] = {}
    for raw, art in articles:
        apply_overrides(raw, art, overrides_in)
    enrich_each([a for _, a in articles], cache)
    for raw, art in articles:
        add_english(raw, art, translator)
    return [a for _, a in articles]


def load_data_files() -> None:
    """Every data file parsed here, before the workers fork: they share it,
    and a broken one stops the build with its name (in a worker, it would
    fail every article one by one)."""
    gazetteer()
    registry()
    cues()
    vocabulary()
    enrich_cues()


def apply_overrides(raw: RawArticle, art: Article, overrides_in: dict[Path, dict]) -> None:
    """The editors' corrections (overrides.yml, then the sidecar); a bad one
    is a warning on the record."""
    try:
        folder = raw.file.parent
        if folder not in overrides_in:
            overrides_in[folder] = overrides.load_overrides(folder)
        overrides.apply(art, {**overrides_in[folder].get(art.id, {}), **overrides.load_sidecar(raw.file)})
    except (ValueError, TypeError, OSError) as exc:  # OverrideError, YamlFileError, a bad value
        art.warnings.append(f"override not applied: {exc}")


def add_english(raw: RawArticle, art: Article, translator: "Translator | None") -> None:
    """The editors' translation (sidecar), else a machine's when one is set up."""
    try:
        art.en = load_editorial(raw.file, art)
    except (ValueError, TypeError, OSError) as exc:  # TranslationError, YamlFileError, a field of the wrong type
        art.warnings.append(f"English translation not used: {exc}")
    if art.en is None and translator is not None:
        try:
            art.en = machine_translate(art, translator.engine, translator.cache)
        except MachineTranslationError as exc:
            art.warnings.append(f"machine translation not used: {exc}")


@dataclass(frozen=True)
class Translator:
    engine: Engine
    cache: TranslationCache


def translator_for(settings: Settings, project: Project, report: BuildReport) -> Translator | None:
    """The configured machine-translation engine, or None (with the reason
    in the report when one was asked for but cannot run here)."""
    try:
        engine = engine_from_settings(settings.translation)
    except (ValueError, MachineTranslationUnavailable) as exc:
        report.notes.append(f"machine translation off: {exc}")
        return None
    return Translator(engine, TranslationCache(project.root / settings.translation_cache)) if engine else None


@dataclass
class Generation:
    """One regeneration of docs/: its records and report, and (when asked to
    remember) what an incremental rebuild starts from."""

    articles: list[Article]  # newest first
    report: BuildReport
    index: SiteIndex | None = None
    passes: Passes | None = None
    records: Records | None = None  # per article: export share, search forms and entry lines, list items
    # input path -> its file, for the articles built (as text: saved and loaded
    # by incremental builds, and 10,000 Path objects pickle in half a second)
    files: dict[str, str] = field(default_factory=dict)


def generate(project: Project, settings: Settings = Settings()) -> tuple[list[Article], BuildReport]:
    """Regenerate docs/ from seeds/; return the records and the build report."""
    done = run(project, settings)
    return done.articles, done.report


def run(project: Project, settings: Settings = Settings(), remember: bool = False) -> Generation:
    """Every stage over every input. `remember` keeps the index, the passes'
    counts and what was made per article in the result (incremental.py)."""
    with _fewer_collections():
        return _run(project, settings, remember)


@contextmanager
def _fewer_collections():
    """The generation allocates millions of small objects that live until
    it ends (records, index, pages); with Python's default thresholds the
    cycle collector walks them again and again (~10 % of a 10,000-article
    generation, bench/RESULTS.md). Collect less often while it runs, and
    not through what a finished stage made (see _keep): unfrozen at the
    end, so that a long-running serve collects it again."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def _keep() -> None:
    """What the stages so far made (the records, the index) lives until the
    generation ends: out of the collector's sight (gc.freeze), it is not
    walked again by every collection of what the next stage allocates, nor
    touched by the collector in a forked process (which would copy the
    pages it shares with this one). Generating 10,000 articles, alternated
    pairs: 0.7-2.0 s shorter, 1.1-3.9 s less CPU."""
    gc.freeze()


def _run(project: Project, settings: Settings, remember: bool) -> Generation:
    refresh_data()  # a long-running `mkdocs serve` sees edited data files
    report = BuildReport()
    paths = seed_files(project.seeds)
    report.inputs = [shown(p, project.root) for p in paths]
    raws, skipped = read_all(paths, project.root)
    report.skipped.extend(skipped)
    cache = open_cache(project, settings)
    passes = Passes() if remember else None
    try:
        articles = extract_all(raws, report, translator_for(settings, project, report), cache, passes)
        finish_report(report, articles, cache)
    finally:
        if cache is not None:
            cache.close()
    records = Records()
    _keep()
    index = index_and_convert(articles, records)
    _keep()
    report.written, report.deleted = render_and_write(project, index, report, settings, records)
    if not remember:
        return Generation(index.articles, report)
    records.forget_pages()
    built = {a.path for a in articles}
    return Generation(index.articles, report, index, passes, records, {r.path: str(r.file) for r in raws if r.path in built})


def index_and_convert(articles: list[Article], records: Records) -> SiteIndex:
    """The index, and in `records` what the trees make of every record and
    no language changes: each tree made it itself, on two cores but twice
    (at 10,000 articles the front matter 1.3-1.4 s a tree, the search forms
    0.65-0.68 s a tree, the Arabic tree's export rows 0.6-0.75 s). The index
    is made on one core, so a forked process converts the records
    (render.convert) on the other meanwhile; this one makes the search
    forms once the index is done."""
    gaz = gazetteer()
    with parallel.aside(partial(convert, articles), len(articles)) as made:
        index = build_index(articles)
        for a in articles:
            records.search_forms(a, gaz)
        records.add(made)
    return index


def render_and_write(project: Project, index: SiteIndex, report: BuildReport, settings: Settings,
                     records: Records) -> tuple[list[str], list[str]]:
    """Render and write both trees on two cores: a forked process renders
    the English pages and stages them itself while this one does the Arabic
    ones (handing 220 MB of English pages back to be written here left this
    process writing both trees while the other sat idle: 27-32 s before,
    24.5-27 s after, generating 10,000 articles, alternated). The
    exports are the same bytes in both trees, made once here. Returns
    (written, deleted); `records`: what the Arabic pages start from and
    keep what they convert in (for a later rebuild); the English ones start
    from what it holds for every language."""
    env, gaz = environment(project.templates), gazetteer()
    arabic, others = records, records.for_another_tree()
    with Staging(project.docs) as out:
        english = lambda: out.stage(render_tree(env, "en", index, gaz, report, settings,  # noqa: E731
                                                others, not_exports))
        with parallel.aside(english, len(index.articles)) as staged_there:
            for rel, text in render_tree(env, "ar", index, gaz, report, settings, arabic):
                out.put(rel, text)
            for rel, staged in staged_there:
                out.note(rel, staged)
        exports = arabic.exports(index, gaz)
        for path in EXPORTS:
            out.put(f"en/{path}", exports[path])
        return out.commit()


def open_cache(project: Project, settings: Settings) -> RecordCache | None:
    return RecordCache(project.root / settings.record_cache) if settings.record_cache else None


def finish_report(report: BuildReport, articles: list[Article], cache: RecordCache | None) -> None:
    """The report's per-article lists, from the finished records."""
    if cache is not None:
        cache.prune()
        report.notes.append(f"cache: {cache.hits} results reused, {cache.misses} computed")
    report.built = sorted(a.id for a in articles)
    report.warnings = {a.id: list(a.warnings) for a in articles if a.warnings}
    report.unlinked = [(a.id, u) for a in sorted(articles, key=lambda a: a.id) for u in a.unlinked]

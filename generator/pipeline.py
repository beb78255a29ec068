"""The generator as one readable sequence of named stages.

Like mkdocs' own build(): first gather all data from every article, then
build indices over all of them, then render, then write.

    ingest -> extract (+ corpus passes, overrides) -> enrich -> index -> render -> write
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import yaml
from pathlib import Path

from . import overrides
from .data import refresh as refresh_data
from .enrich import enrich
from .enrich.gazetteer import gazetteer
from .extract import extract
from .extract.duplicates import merge_duplicates
from .progress import Progress
from .extract.template import remove_template_lines
from .translate import TranslationError, load_editorial
from .translate.machine import (
    Engine,
    MachineTranslationError,
    MachineTranslationUnavailable,
    TranslationCache,
    engine_from_settings,
    machine_translate,
)
from .index import build_index
from .ingest import read_all, seed_files
from .cache import RecordCache, code_version, data_version
from .models import (
    ActorRef, Article, BuildReport, PlaceRef, QuoteRef, RawArticle, Skipped, Unlinked, article_from_dict, plain,
)
from .parallel import Failure, map_ordered
from .render import Settings, render_site
from .write import write_pages

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


def _extract_record(raw: RawArticle) -> dict:
    return extract(raw).to_dict()


def _cached_map(label: str, fn, items: list, keys: list[str], cache: RecordCache | None) -> list[dict | Failure]:
    """fn(item) -> dict for every item: from the cache where its key was seen
    before, the rest computed on every core (and stored)."""
    results: list = [cache.get(k) for k in keys] if cache is not None else [None] * len(items)
    todo = [i for i, r in enumerate(results) if r is None]
    progress = Progress(label, len(items))
    progress.step(len(items) - len(todo))
    for i, res in zip(todo, map_ordered(fn, [items[i] for i in todo], progress.step)):
        results[i] = res
        if cache is not None and not isinstance(res, Failure):
            cache.put(keys[i], res)
    return results


def _extracted(raws: list[RawArticle], cache: RecordCache | None) -> list[Article | Failure]:
    """extract() of every input (cached by the input's bytes)."""
    data = data_version(*EXTRACT_DATA)  # once per build: it reads the data files
    keys = [_extract_key(raw, data) for raw in raws] if cache is not None else []
    records = _cached_map("extracting", _extract_record, raws, keys, cache)
    out: list[Article | Failure] = []
    for raw, rec in zip(raws, records):
        if isinstance(rec, Failure):
            out.append(rec)
            continue
        art = article_from_dict(rec)
        art.path = raw.path
        out.append(art)
    return out


ENRICHED = ("actors", "places", "unlinked", "quotes", "summary")


def _enrich_key(art: Article, data: str) -> str:
    return RecordCache.key("enrich", code_version(), data, art.title,
                           *(f"{b.type}:{b.text}" for b in art.body))


def _enrich_record(art: Article) -> dict:
    enrich(art, gazetteer())
    return {k: plain(getattr(art, k)) for k in ENRICHED}


def _enrich_all(articles: list[Article], cache: RecordCache | None) -> None:
    """enrich() every article (cached by its title and body)."""
    data = data_version(*ENRICH_DATA)
    keys = [_enrich_key(a, data) for a in articles] if cache is not None else []
    results = _cached_map("enriching", _enrich_record, articles, keys, cache)
    for art, res in zip(articles, results):
        if isinstance(res, Failure):  # the article keeps its page, without names
            log.error("enrichment failed for %s: %s", art.path, res.trace)
            art.warnings.append(f"enrichment failed: {res.kind}: {res.message}")
            continue
        art.actors = [ActorRef(**r) for r in res["actors"]]
        art.places = [PlaceRef(**r) for r in res["places"]]
        art.unlinked = [Unlinked(**u) for u in res["unlinked"]]
        art.quotes = [QuoteRef(**q) for q in res["quotes"]]
        art.summary = list(res["summary"])


def extract_all(raws: list[RawArticle], report: BuildReport, translator: "Translator | None" = None,
                cache: RecordCache | None = None) -> list[Article]:
    """Extract every article, then the corpus-wide passes, the editors'
    overrides, enrichment and English text. One failure is reported, never
    fatal."""
    articles: list[tuple[RawArticle, Article]] = []
    ids: set[str] = set()
    gazetteer()  # loaded before the workers fork, so they share it
    for raw, art in zip(raws, _extracted(raws, cache)):
        if isinstance(art, Failure):  # a bad article must not stop the build
            log.error("extraction failed for %s: %s", raw.path, art.trace)
            report.skipped.append(Skipped(raw.path, f"extraction failed: {art.kind}: {art.message}"))
            continue
        base, n = art.id, 1
        while art.id in ids:  # names that slug alike (A.txt, a.TXT): keep the pages apart
            art.id = f"{base}-{hashlib.sha1(f'{raw.path}:{n}'.encode()).hexdigest()[:8]}"
            n += 1
        ids.add(art.id)
        articles.append((raw, art))
    kept, dropped = merge_duplicates([a for _, a in articles])
    for copy, original in dropped:
        report.duplicates.append(Skipped(copy.path, f"duplicate of {original.id} (listed on its page)"))
    kept_objects = {id(a) for a in kept}
    articles = [(raw, a) for raw, a in articles if id(a) in kept_objects]
    remove_template_lines([a for _, a in articles])
    shared: dict[Path, dict] = {}
    for raw, art in articles:
        try:
            folder = raw.file.parent
            if folder not in shared:
                shared[folder] = overrides.load_overrides(folder)
            overrides.apply(art, {**shared[folder].get(art.id, {}), **overrides.load_sidecar(raw.file)})
        except (overrides.OverrideError, ValueError, OSError) as exc:
            art.warnings.append(f"override not applied: {exc}")
    _enrich_all([a for _, a in articles], cache)
    for raw, art in articles:
        try:
            art.en = load_editorial(raw.file, art)
        except (TranslationError, yaml.YAMLError, OSError) as exc:
            art.warnings.append(f"English translation not used: {exc}")
        if art.en is None and translator is not None:
            try:
                art.en = machine_translate(art, translator.engine, translator.cache)
            except MachineTranslationError as exc:
                art.warnings.append(f"machine translation not used: {exc}")
    return [a for _, a in articles]


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


def generate(project: Project, settings: Settings = Settings()) -> tuple[list[Article], BuildReport]:
    """Regenerate docs/ from seeds/; return the records and the build report."""
    refresh_data()  # a long-running `mkdocs serve` sees edited data files
    report = BuildReport()
    paths = seed_files(project.seeds)
    report.inputs = [str(p.relative_to(project.root)) for p in paths]
    raws, skipped = read_all(paths, project.root)
    report.skipped.extend(skipped)
    cache = RecordCache(project.root / settings.record_cache) if settings.record_cache else None
    articles = extract_all(raws, report, translator_for(settings, project, report), cache)
    if cache is not None:
        cache.prune()
        report.notes.append(f"cache: {cache.hits} results reused, {cache.misses} computed")
    report.built = sorted(a.id for a in articles)
    report.warnings = {a.id: list(a.warnings) for a in articles if a.warnings}
    report.unlinked = [(a.id, u) for a in sorted(articles, key=lambda a: a.id) for u in a.unlinked]
    index = build_index(articles)
    pages = render_site(index, gazetteer(), report, project.templates, settings)
    report.written, report.deleted = write_pages(project.docs, pages)
    return index.articles, report

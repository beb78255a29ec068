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
from .models import Article, BuildReport, RawArticle, Skipped, article_from_dict
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


def _extract(raw: RawArticle, cache: RecordCache | None) -> Article:
    """extract(raw), from the cache when this input was seen before."""
    if cache is None:
        return extract(raw)
    key = cache.key("extract", code_version(), data_version(*EXTRACT_DATA), raw.sha256, raw.name)
    hit = cache.get(key)
    if hit is not None:
        art = article_from_dict(hit)
        art.path = raw.path
        return art
    art = extract(raw)
    cache.put(key, art.to_dict())
    return art


def _enrich(art: Article, gaz, cache: RecordCache | None) -> None:
    """enrich(art), from the cache when this text was enriched before."""
    if cache is None:
        enrich(art, gaz)
        return
    key = cache.key("enrich", code_version(), data_version(*ENRICH_DATA), art.title,
                    *(f"{b.type}:{b.text}" for b in art.body))
    hit = cache.get(key)
    if hit is not None:
        done = article_from_dict({**art.to_dict(), **hit})
        art.actors, art.places, art.unlinked, art.quotes, art.summary = (
            done.actors, done.places, done.unlinked, done.quotes, done.summary)
        return
    enrich(art, gaz)
    d = art.to_dict()
    cache.put(key, {k: d[k] for k in ("actors", "places", "unlinked", "quotes", "summary")})


def extract_all(raws: list[RawArticle], report: BuildReport, translator: "Translator | None" = None,
                cache: RecordCache | None = None) -> list[Article]:
    """Extract every article, then the corpus-wide passes, the editors'
    overrides, enrichment and English text. One failure is reported, never
    fatal."""
    articles: list[tuple[RawArticle, Article]] = []
    ids: set[str] = set()
    progress = Progress("extracting", len(raws))
    for raw in raws:
        progress.step()
        try:
            art = _extract(raw, cache)
        except Exception as exc:  # noqa: BLE001 - a bad article must not stop the build
            log.exception("extraction failed for %s", raw.path)
            report.skipped.append(Skipped(raw.path, f"extraction failed: {type(exc).__name__}: {exc}"))
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
    gaz = gazetteer()
    progress = Progress("enriching", len(articles))
    for raw, art in articles:
        progress.step()
        _enrich(art, gaz, cache)
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

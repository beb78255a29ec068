"""Rebuilds after a small edit: only what the edit can change is
extracted, enriched and rendered again.

A Session remembers what the last generation read and produced: in memory
(`mkdocs serve`) and in a state file beside the record cache
(.cache/records/generation.pickle), so that the next `digest build`, a new
process, starts from it too. The next generation first looks at what
changed on disk: the stat of every file in seeds/, of the data files, the
page templates and the files it wrote in docs/.

- Nothing changed: docs/ is current; nothing is read or written.
- A few articles changed (their text or sidecar files) and keep their
  date, source and tags: those are extracted and enriched again; their
  article pages, the report and the exports are rendered again; when a
  mention count or a quote moved, the pages showing those (the actors' and
  places' pages and lists, the home page, the month's digest); when the
  headline, summary or English text changed, every page that lists the
  article (index entries, archive, digests, related articles, feeds,
  search entries); when the article names other actors or places, their
  index entries are updated in place (created, removed), related articles
  recomputed, and the pages showing any of it rendered.
- A few seeds added or deleted, or an article with a new date, source or
  tags (the archive and the other indices change): those articles are
  extracted and enriched, the index is built again from the records, and
  every page is rendered again but the article pages whose record and
  related articles stayed the same (most of a full generation's work).
- Either way, when a template line's count of articles changes (the line
  stays template text), the other records naming that count are rewritten.
- Anything else (overrides.yml, an article becoming or ceasing to be a copy
  of another, a line becoming or ceasing to be template text, ids that slug
  alike, more than MAX_CHANGED articles, a changed data file, template or
  setting, docs/ touched by hand): the full generation, pipeline.run().

What holds it together: a rebuild leaves docs/ byte for byte as the full
generation would (tests/test_incremental.py compares the two).
"""

from __future__ import annotations

import atexit
import dataclasses
import gc
import json
import os
import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .cache import code_version
from .data import DATA_DIR, refresh as refresh_data
from .arabic import normalize
from .enrich.gazetteer import gazetteer
from .extract import duplicates, make_id
from .extract.template import Key, recounted
from .index import (
    ActorEntry, PlaceEntry, build_index, month_top_actors, related_articles, slug, summarize_actor,
)
from .ingest import is_seed, read_all, seed_files, shown
from .models import Article, BuildReport, Removed
from .parallel import Failure, in_background, wait_for
from .pipeline import (
    Generation, Project, add_english, apply_overrides, enrich_each, extract_each, finish_report, open_cache, run,
    translator_for,
)
from .overrides import OVERRIDES_FILE, sidecar_path
from .translate import sidecar as editorial_path
from . import search
from .render import LANGUAGES, Settings, render_site, week_page
from .write import MANIFEST, STAGING, write_pages

MAX_CHANGED = 20  # more changed articles than this: a full generation is as quick
# Fields of a record that only its own pages (and the report and exports,
# always rendered again) show in the shipped templates; any other difference
# means a full generation. A template edited to show one of them on other
# pages must take it out of this set (or build with `digest build --full`).
# Names, places, quotes and the translation are compared apart (_shared_view):
# what lists show of them must stay, their counts and text may change.
LOCAL = {"body", "removed", "warnings", "unlinked", "overrides", "kicker", "section", "byline", "timezone",
         "date_hijri", "date_evidence", "source_evidence", "actors", "places", "quotes", "en"}
EN_LOCAL = {"body", "kicker"}

# size, modification time, inode and change time: the change time cannot be
# set back (cp -p, rsync -t and archive tools set the modification time of
# what they write), so a file rewritten with the same size and time is
# still seen to change
Stat = tuple[int, int, int, int]


def _of(st: os.stat_result) -> Stat:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def _stat(path: str | Path) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _of(st)


def _file_stats(folder: Path, recursive: bool = False, seeds: bool = False) -> dict[str, Stat]:
    """name (relative path) -> stat of every file in the folder (through a
    link, of what it leads to). `seeds`: also of what a build reports rather
    than reads (a folder or a pipe named *.txt, a link that leads nowhere),
    so that its coming and going is a change too."""
    out: dict[str, Stat] = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for e in entries:
        try:
            if e.is_file():
                out[e.name] = _of(e.stat())
            elif seeds and is_seed(e.name):
                out[e.name] = _of(e.stat(follow_symlinks=False))
            elif recursive and e.is_dir():
                out.update({f"{e.name}/{k}": v for k, v in _file_stats(Path(e.path), True).items()})
        except OSError:  # gone meanwhile
            continue
    return out


def _inputs_key(project: Project, settings: Settings) -> tuple:
    """What every page depends on besides the seeds."""
    return (str(project.root), settings, code_version(), tuple(sorted(_file_stats(DATA_DIR).items())),
            tuple(sorted(_file_stats(project.templates / "pages", recursive=True).items())))


@dataclass
class _State:
    key: tuple
    seeds: dict[str, Stat]  # seeds/ as listed before the generation read it
    docs: dict[str, Stat]  # every generated file in docs/, as written
    gen: Generation
    by_path: dict[str, Article] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)  # file name in seeds/ -> input path of its article
    shared: set[str] = field(default_factory=set)  # file names several articles read (a.txt and a.TXT: a.yml)
    position: dict[str, int] = field(default_factory=dict)  # article id -> place in index.articles
    digests: Counter[str] = field(default_factory=Counter)  # duplicates: exact text -> inputs
    leads: dict[str, list[str]] = field(default_factory=dict)  # duplicates: lead paragraph -> input paths

    @classmethod
    def of(cls, gen: Generation, key: tuple, seeds: dict[str, Stat], docs_dir: Path) -> "_State":
        st = cls(key, seeds, _docs_stats(docs_dir), gen)
        st.by_path = {a.path: a for a in gen.articles}
        for path, file in gen.files.items():
            for name in _own_names(Path(file)):
                if st.owner.setdefault(name, path) != path:
                    st.shared.add(name)
        st.position = {a.id: i for i, a in enumerate(gen.articles)}
        for path, keys in gen.passes.para_keys.items():
            if keys:
                st.digests[duplicates.digest(keys)] += 1
                st.leads.setdefault(keys[0], []).append(path)
        return st


def _docs_stats(docs: Path) -> dict[str, Stat | None]:
    try:
        owned = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    base = f"{docs}{os.sep}"
    return {rel: _stat(base + rel) for rel in owned}


def _docs_intact(docs: Path, recorded: dict[str, Stat | None]) -> bool:
    """docs/ still holds what the last generation wrote (nobody deleted or
    edited a generated page, no interrupted write is pending)."""
    if not recorded or (docs / STAGING).exists():
        return False
    base = f"{docs}{os.sep}"
    return all(_stat(base + rel) == st for rel, st in recorded.items())


class Session:
    """Generations of one project, each starting from what the previous one
    left (see the module's docstring): in this process, or, in a new process,
    from the state file the last one saved in the record cache's folder.

    `save_rebuilds`: save the state after a quick rebuild too. `mkdocs serve`
    keeps it in memory, saves it after a full generation and when it stops
    (save(); saving costs more than a quick rebuild); `digest build` saves
    after every one."""

    def __init__(self, save_rebuilds: bool = True) -> None:
        self._state: _State | None = None
        self._store: Path | None = None
        self._unsaved = False  # the state in memory is newer than the one saved
        self.save_rebuilds = save_rebuilds
        self.last_mode = ""  # "full", "unchanged" or "incremental": what the last generate() did

    def save(self, aside: bool = False) -> None:
        """Save the state of the last generation if it was not saved yet, so
        that the next process starts from it. `aside`: in a forked child, while
        this process goes on (the MkDocs build; 1.3 s at 10,000 articles);
        wait_saved() waits for it, and so does this process before it exits."""
        if self._unsaved and self._state is not None and self._store is not None:
            _save_aside(self._store, self._state) if aside else _save(self._store, self._state)
        self._unsaved = False

    def generate(self, project: Project, settings: Settings = Settings()) -> tuple[list[Article], BuildReport]:
        wait_saved()  # a state still being written is not read, nor replaced, half-way
        refresh_data()
        key = _inputs_key(project, settings)
        seeds = _file_stats(project.seeds, seeds=True)
        store = self._store = state_file(project.root, settings)
        state, self._state = self._state, None  # a rebuild that fails leaves nothing stale behind
        if state is None and store is not None:
            state = _load(store, key)
        if state is not None and state.key == key and _docs_intact(project.docs, state.docs):
            changed = {n for n in seeds.keys() | state.seeds.keys()
                       if seeds.get(n) != state.seeds.get(n) and (is_seed(n) or n.lower().endswith(".yml"))}
            if not changed:
                state.seeds = seeds
                self._state, self.last_mode = state, "unchanged"
                report = dataclasses.replace(state.gen.report, written=[], deleted=[],
                                             notes=["nothing changed since the last generation"])
                return state.gen.articles, report
            gc.disable()  # a full collection walks every record held here: seconds at 10,000 articles
            try:
                report = _rebuild(state, project, settings, changed, seeds)
            finally:
                gc.enable()
            if report is not None:
                state.seeds = seeds
                self._state, self.last_mode = state, "incremental"
                self._unsaved = store is not None
                if self.save_rebuilds:
                    self.save(aside=True)
                return state.gen.articles, report
        state = None  # let go of the old records before making new ones (memory)
        if store is not None:
            store.unlink(missing_ok=True)  # stale from now on, whatever happens next
        self._unsaved = False
        gen = run(project, settings, remember=True)
        self._state, self.last_mode = _State.of(gen, key, seeds, project.docs), "full"
        self._unsaved = store is not None
        self.save(aside=True)
        return gen.articles, gen.report


STATE_FILE = "generation.pickle"


def state_file(root: Path, settings: Settings) -> Path | None:
    """Where a generation's state is saved for the next process (beside the
    record cache; none when the cache is turned off)."""
    return root / settings.record_cache / STATE_FILE if settings.record_cache else None


def _load(path: Path, key: tuple) -> _State | None:
    """The state a previous process saved, if it was saved for these
    settings, data, templates and code (checked before the state is read)."""
    try:
        with open(path, "rb") as f:
            if pickle.load(f) != key:
                return None
            gc.disable()  # hundreds of thousands of objects, none of them garbage
            try:
                state = pickle.load(f)
            finally:
                gc.enable()
    except Exception:  # noqa: BLE001 - missing, damaged or from another version: a full generation
        return None
    return state if isinstance(state, _State) else None


_saving: list[int] = []  # children writing a state (Session.save(aside=True))


def _save_aside(path: Path, state: _State) -> None:
    wait_saved()  # one writer at a time: an older state must not land last
    pid = in_background(lambda: _save(path, state))
    if pid is not None:
        _saving.append(pid)


def wait_saved() -> None:
    """Wait for the states being saved in the background."""
    while _saving:
        wait_for(_saving.pop(0))


atexit.register(wait_saved)


def _save(path: Path, state: _State) -> None:
    """Written beside and renamed: a killed build leaves the old state or
    none, never half of one. A state that cannot be saved costs only time."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a writer that was killed
        stale.unlink(missing_ok=True)
    gc.disable()  # nothing to collect; in a forked writer, a collection would copy every page it touches
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump(state.key, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        Path(tmp).unlink(missing_ok=True)
    finally:
        gc.enable()


@dataclass
class _Plan:
    """What changed in seeds/, by article."""

    edited: set[str] = field(default_factory=set)  # input paths of built articles whose files changed
    added: list[Path] = field(default_factory=list)  # new seed files
    deleted: set[str] = field(default_factory=set)  # input paths of built articles whose seed is gone

    def size(self) -> int:
        return len(self.edited) + len(self.added) + len(self.deleted)


def _plan(state: _State, project: Project, changed: set[str], seeds: dict[str, Stat]) -> _Plan | None:
    """The articles the changed files belong to, or None when some change
    needs a full generation (overrides.yml, which may touch any article; a
    seed that was skipped or merged as a copy; too many changes)."""
    plan = _Plan()
    new_files = set()  # the new seeds and their sidecars
    for name in sorted(changed):
        if is_seed(name) and name in seeds and name not in state.seeds:
            plan.added.append(project.seeds / name)
            new_files.update(_own_names(project.seeds / name))
    for name in changed:
        if name == OVERRIDES_FILE or name in state.shared:
            return None  # overrides for many; a sidecar of several seeds
        if name in state.owner:
            path = state.owner[name]
            if is_seed(name) and name not in seeds:
                plan.deleted.add(path)
            else:
                plan.edited.add(path)
        elif name in new_files:
            continue  # a new seed, or its sidecar (read with it)
        elif is_seed(name) or name.lower().endswith(".yml"):
            return None  # a seed skipped or merged; a sidecar of nothing built
    plan.edited -= plan.deleted
    return plan if plan.size() <= MAX_CHANGED else None


def _own_names(seed: Path) -> tuple[str, ...]:
    """The names in seeds/ whose changes are changes to the seed's article:
    the seed, its overrides sidecar, its editorial translation."""
    overrides = sidecar_path(seed)
    return (seed.name, editorial_path(seed).name) + ((overrides.name,) if overrides is not None else ())


def _rebuild(state: _State, project: Project, settings: Settings, changed: set[str],
             seeds: dict[str, Stat]) -> BuildReport | None:
    """Regenerate after a few articles were edited, added or deleted; None
    when the changes reach further (the caller then runs a full generation)."""
    plan = _plan(state, project, changed, seeds)
    if plan is None:
        return None
    cache = open_cache(project, settings)
    try:
        return _rebuild_with(cache, state, project, settings, plan)
    finally:
        if cache is not None:  # what was computed is right whatever happens next: keep it
            cache.commit()


def _rebuild_with(cache, state: _State, project: Project, settings: Settings, plan: _Plan) -> BuildReport | None:
    """Make the changed articles, update the corpus-wide passes' counts, then
    either update the index in place (edits that keep date, source and tags:
    _apply) or build it again (_restructure), and render what changed."""
    gen = state.gen
    report = dataclasses.replace(gen.report, notes=[])
    translator = translator_for(settings, project, report)
    updates: list[tuple[Article, Article]] = []
    recounted: set[Key] = set()  # template lines whose count of articles changed
    flipped: set[Key] = set()  # lines that became template text or stopped being it
    for path in sorted(plan.edited):
        done = _redo(state, path, project, cache, translator)
        if done is None:
            return None
        updates.append((state.by_path[path], done[0]))
        recounted |= done[1]
        flipped |= done[2]
    added = []
    for file in plan.added:
        done = _add(state, file, project, cache, translator)
        if done is None:
            return None
        added.append(done[0])
        recounted |= done[1]
        flipped |= done[2]
    deleted = [state.by_path[path] for path in sorted(plan.deleted)]
    for a in deleted:
        counts = _remove(state, a.path)
        if counts is None:
            return None
        recounted |= counts[0]
        flipped |= counts[1]
    if flipped and not _remake_flipped(state, project, cache, translator, flipped, updates, added):
        return None
    # every record naming a count that changed, the new and edited ones too
    # (a later change in this rebuild may have moved a count they name)
    recount = _recount(state, recounted, {old.path: new for old, new in updates})
    applied = None if added or deleted else _apply(state, updates)
    if applied is not None:
        wanted, gone = applied
        wanted |= {f"articles/{a.id}.md" for a in recount}
        want, mode = wanted.__contains__, f"{len(wanted)} page(s) per language rendered again"
    else:  # the index made again from the records, every page but the unchanged articles' rendered again
        want, gone = _restructure(state, updates, added, deleted, recount)
        mode = "the index made again"
    finish_report(report, gen.articles, None)
    if added or deleted:  # as the full generation lists them (10,000 paths: not for every edit)
        report.inputs = [shown(p, project.root) for p in seed_files(project.seeds)]
    if cache is not None:
        report.notes.append(f"cache: {cache.hits} results reused, {cache.misses} computed")
    report.notes.append(f"incremental: {len(updates)} article(s) changed, {len(added)} added, {len(deleted)} deleted, "
                        f"{len(recount)} recounted; {mode}")
    gen.report = report
    for a in (*(old for old, _ in updates), *added, *deleted, *recount):
        gen.records.forget(a.id)  # (an added one too: the exports hold every article)
    rendered = set()

    def pages():
        for path, text in render_site(gen.index, gazetteer(), report, project.templates, settings,
                                       gen.records, want):
            rendered.add(path)
            yield path, text

    removed = {f"{lang}/{page}" for lang in LANGUAGES for page in gone}
    report.written, report.deleted = write_pages(project.docs, pages(), keep=state.docs.keys() - removed)
    for rel in removed:
        state.docs.pop(rel, None)
    for rel in rendered:
        state.docs[rel] = _stat(project.docs / rel)
    return report


def _retemplate(state: _State, old: tuple[list[Key], str] | None,
                new: tuple[list[Key], str] | None) -> tuple[set[Key], set[Key]]:
    """One article's lines counted as `new` instead of `old` (either may be
    absent: an article added or deleted). Returns the template lines whose
    count of articles changed (the records printing them name the count) and
    the lines that became template text or stopped being it (the bodies of
    the articles printing them change)."""
    template = state.gen.passes.template
    touched = set(old[0] if old else ()) | set(new[0] if new else ())
    before = {k: template.articles_with(k) for k in touched}
    if old:
        template.add(old[0], old[1], -1)
    if new:
        template.add(new[0], new[1], +1)
    recounted, flipped = set(), set()
    for k in touched:
        now, was = template.articles_with(k), before[k]
        if now == was:
            continue
        if (now >= template.min_articles) != (was >= template.min_articles):
            flipped.add(k)
        elif now >= template.min_articles:
            recounted.add(k)
    return recounted, flipped


def _copy_of_another(state: _State, path: str, keys: list[str]) -> bool:
    """Whether an article's paragraphs make it a copy of another (exactly,
    or nearly with the same lead), as merge_duplicates would find."""
    if not keys:
        return False
    old_keys = state.gen.passes.para_keys.get(path)
    own = 1 if old_keys and duplicates.digest(old_keys) == duplicates.digest(keys) else 0
    if state.digests[duplicates.digest(keys)] - own > 0:
        return True
    mine = frozenset(keys)
    for other in state.leads.get(keys[0], []):
        theirs = state.gen.passes.para_keys[other]
        if other != path and duplicates.nearly_same(frozenset(theirs), len(theirs), mine, len(keys)):
            return True
    return False


def _seen(state: _State, path: str, keys: list[str] | None) -> None:
    """The duplicates' view of one article: `keys` instead of what it had."""
    old_keys = state.gen.passes.para_keys.pop(path, None)
    if old_keys:
        state.digests[duplicates.digest(old_keys)] -= 1
        state.leads[old_keys[0]].remove(path)
    if keys is not None:
        state.gen.passes.para_keys[path] = keys
        if keys:
            state.digests[duplicates.digest(keys)] += 1
            state.leads.setdefault(keys[0], []).append(path)


def _make(state: _State, raw, project: Project, cache, translator) -> tuple[Article, set[Key], set[Key]] | None:
    """An article made from its (new or edited) files as the full generation
    would make it, and the template lines whose count or status changed
    (see _retemplate); None if it cannot be made or is a copy of another."""
    (made,) = extract_each([raw], cache)
    art, keys, lines = made.article, made.para_keys, made.line_keys
    if isinstance(art, Failure):
        return None
    if _copy_of_another(state, raw.path, keys):
        return None
    recounted, flipped = _retemplate(state, state.gen.passes.line_keys.get(raw.path), lines)
    _finish(state, raw, art, lines[0], cache, translator)
    _seen(state, raw.path, keys)
    state.gen.passes.line_keys[raw.path] = lines
    return art, recounted, flipped


def _finish(state: _State, raw, art: Article, lines: list[Key], cache, translator) -> None:
    """The rest of the pipeline for one extracted article: its template
    lines out (by the current counts), overrides, names, English."""
    if lines:
        state.gen.passes.template.remove_from(art, lines)
    art.path = raw.path
    apply_overrides(raw, art, {})
    enrich_each([art], cache)
    add_english(raw, art, translator)


def _remake(state: _State, path: str, project: Project, cache, translator) -> Article | None:
    """An unchanged article made again because one of its lines became
    template text or stopped being it; None if it cannot be (a copy kept
    for a group: its record merges the others)."""
    raw = _read_again(state, path, project)
    if raw is None:
        return None
    (made,) = extract_each([raw], cache)
    art = made.article
    if isinstance(art, Failure) or art.id != state.by_path[path].id or made.line_keys != state.gen.passes.line_keys[path]:
        return None
    _finish(state, raw, art, state.gen.passes.line_keys[path][0], cache, translator)
    return art


def _read_again(state: _State, path: str, project: Project):
    """A built article's seed read again; None if it is in a group of copies
    (its record merges the others) or can no longer be read."""
    if path in state.gen.passes.merged:
        return None
    raws, skipped = read_all([Path(state.gen.files[path])], project.root)
    return None if skipped or raws[0].path != path else raws[0]


def _redo(state: _State, path: str, project: Project, cache, translator) -> tuple[Article, set[Key], set[Key]] | None:
    """The article at `path` made again from its edited files (see _make)."""
    raw = _read_again(state, path, project)
    done = None if raw is None else _make(state, raw, project, cache, translator)
    return None if done is None or done[0].id != state.by_path[path].id else done


def _add(state: _State, file: Path, project: Project, cache, translator) -> tuple[Article, set[Key], set[Key]] | None:
    """A new seed's article (see _make), filed in the state; None if it is
    skipped, named like another article or a copy of one."""
    raws, skipped = read_all([file], project.root)
    if skipped or raws[0].path in state.by_path:
        return None
    done = _make(state, raws[0], project, cache, translator)
    if done is None:
        return None
    art = done[0]
    if _slug_taken(state, art.path):
        return None  # ids that slug alike are told apart by the order of the seeds: full generation
    state.by_path[art.path] = art
    state.gen.files[art.path] = str(file)
    for name in _own_names(file):
        if state.owner.setdefault(name, art.path) != art.path:
            state.shared.add(name)
    return done


def _remove(state: _State, path: str) -> tuple[set[Key], set[Key]] | None:
    """A deleted seed's article taken out of the state (with the template
    lines whose count or status changed); None if it was in a group of
    copies or its id was told apart from another's."""
    passes = state.gen.passes
    if path in passes.merged or _slug_taken(state, path):
        return None
    counts = _retemplate(state, passes.line_keys.get(path), None)
    passes.line_keys.pop(path, None)
    _seen(state, path, None)
    state.by_path.pop(path)
    for name in _own_names(Path(state.gen.files.pop(path))):
        if name not in state.shared:  # (a shared name stays shared: a full generation sorts it out)
            state.owner.pop(name, None)
    return counts


def _remake_flipped(state: _State, project: Project, cache, translator, flipped: set[Key],
                    updates: list[tuple[Article, Article]], added: list[Article]) -> bool:
    """Every article printing a line that became template text or stopped
    being it, made again with the final counts (their bodies change): the
    edited and new ones in place, the others as edits. False if one cannot be."""
    edited = {old.path: i for i, (old, _) in enumerate(updates)}
    new = {a.path: i for i, a in enumerate(added)}
    for path, (lines, _) in list(state.gen.passes.line_keys.items()):
        if path not in state.by_path or flipped.isdisjoint(lines):
            continue
        art = _remake(state, path, project, cache, translator)
        if art is None:
            return False
        if path in edited:
            updates[edited[path]] = (updates[edited[path]][0], art)
        elif path in new:
            added[new[path]] = state.by_path[path] = art
        else:
            updates.append((state.by_path[path], art))
    return True


def _slug_taken(state: _State, path: str) -> bool:
    """Whether another input's file name gives the same id (then which one
    gets a suffixed id depends on the order of all the seeds)."""
    mine = make_id(Path(path).name)
    return (any(make_id(Path(p).name) == mine for p in (*state.by_path, *state.gen.passes.merged) if p != path)
            or any(a.id == mine for p, a in state.by_path.items() if p != path))  # a suffixed id (a-48db9441)


def _recount(state: _State, keys: set[Key], edited: dict[str, Article]) -> list[Article]:
    """Records printing a template line whose count changed: the reason on
    them rewritten with the new count. `edited`: the new records of the
    edited articles, by input path (the state still holds the old ones)."""
    if not keys:
        return []
    template, out = state.gen.passes.template, []
    for path, (lines, _) in state.gen.passes.line_keys.items():
        if path not in state.by_path or keys.isdisjoint(lines):
            continue
        a = edited.get(path) or state.by_path[path]
        mine = {k[1]: k for k in lines if k in keys}
        removed = []
        for r in a.removed:
            key = mine.get(normalize(r.line))
            new = recounted(r.reason, template.articles_with(key)) if key else None
            removed.append(Removed(r.line, new) if new else r)
        if removed != a.removed:
            a.removed = removed
            out.append(a)
    return out


def _restructure(state: _State, updates: list[tuple[Article, Article]], added: list[Article],
                 deleted: list[Article], recount: list[Article]):
    """The index built again from the records (as the full generation builds
    it); every page rendered again but the article pages whose record and
    related articles did not change. Returns (which pages, pages gone)."""
    gen = state.gen
    for old, new in updates:
        _adopt(old, new)
    gone_ids = {a.id for a in deleted}
    articles = [a for a in gen.articles if a.id not in gone_ids] + added
    before = {k: [b.id for b in v] for k, v in gen.index.related.items()}
    gen.index = build_index(articles)
    gen.articles = gen.index.articles
    state.position = {a.id: i for i, a in enumerate(gen.articles)}
    changed = {old.id for old, _ in updates} | {a.id for a in added} | {a.id for a in recount}
    pages = {f"articles/{i}.md" for i in changed}
    pages |= {f"articles/{k}.md" for k, v in gen.index.related.items()
              if [b.id for b in v] != before.get(k) or any(b.id in changed for b in v)}
    gone = {f"articles/{i}.md" for i in gone_ids}
    old_pages = {rel.split("/", 1)[1] for rel in state.docs if "/" in rel}
    gone |= {p for p in old_pages if not _article_page(p)}  # every other page is rendered again (or is gone)

    def want(path: str) -> bool:
        return not _article_page(path) or path in pages

    return want, gone


def _article_page(path: str) -> bool:
    return path.startswith("articles/") and path != "articles/index.md"


def _shared_view(a: Article, listed: bool = True) -> tuple:
    """What pages other than the article's own show of it; with listed=
    False, without what lists of articles show (headline, summary, English
    text), which the pages listing the article are rendered again for."""
    d = {f.name: getattr(a, f.name) for f in dataclasses.fields(a) if f.name not in LOCAL}
    en = None if a.en is None else {k: v for k, v in dataclasses.asdict(a.en).items() if k not in EN_LOCAL}
    if not listed:
        del d["title"], d["summary"]
        en = None
    return (d, en, [(r.id, r.name_ar, r.name_en, r.type) for r in a.actors],
            [(r.id, r.name_ar, r.name_en, r.kind) for r in a.places])


def _speakers_named(a: Article) -> bool:
    """Every quote's speaker is among the article's own actors (the index
    then files the quote whatever the order of the articles)."""
    ids = {r.id for r in a.actors}
    return all(q.speaker is None or q.speaker in ids for q in a.quotes)


def _apply(state: _State, updates: list[tuple[Article, Article]]) -> tuple[set[str], set[str]] | None:
    """Put the edited records in place of the old ones, in the index too;
    return the pages (paths within a language tree) to render again and
    those that no longer exist (None: the index would change otherwise than
    by the names the edited articles mention)."""
    index = state.gen.index
    relisted = []  # articles whose headline, summary, English text or names changed
    renamed = []  # articles whose set of names changed
    for old, new in updates:
        if not (_speakers_named(old) and _speakers_named(new)):
            return None
        if _shared_view(old) == _shared_view(new):
            continue
        before, after = _shared_view(old, listed=False), _shared_view(new, listed=False)
        if before[0] != after[0]:
            return None  # date, source, tags: the archive and the other indices change
        relisted.append(old)
        if before[2:] != after[2:]:
            renamed.append(old)
    if renamed:
        moved = {r.id for old, new in updates for r in (*old.actors, *new.actors)}
        if moved & _loose_speakers(state.gen.articles):
            return None  # quotes filed by the order of articles, not by names: see build_index
    wanted = {"report.md", *(f"data/{n}" for n in ("articles.jsonl", "articles.csv", "actors.csv", "mentions.csv",
                                                   "quotes.csv"))}
    gone: set[str] = set()
    for old, new in updates:
        wanted.add(f"articles/{old.id}.md")
        if any(old is r for r in renamed):
            _refile(state, old, new, wanted, gone)
            continue
        actors = {r.id for r, s in zip(old.actors, new.actors) if r.mentions != s.mentions}
        speakers = {q.speaker for q in (*old.quotes, *new.quotes) if q.speaker} if old.quotes != new.quotes else set()
        places = {r.id for r, s in zip(old.places, new.places) if r.mentions != s.mentions}
        for r, s in zip(old.actors, new.actors):
            e = index.actors[r.id]
            e.mentions += s.mentions - r.mentions
            if e.ref is r:
                e.ref = s
        for r, s in zip(old.places, new.places):
            e = index.places[r.id]
            e.mentions += s.mentions - r.mentions
            if e.ref is r:
                e.ref = s
        _adopt(old, new)
        _refile_quotes(state, old, speakers)
        if actors:
            wanted |= {"index.md", "actors/index.md"}
            if old.date:
                digest = _digest_of(index, old.date)
                digest.top_actors = month_top_actors(digest.month)
                wanted.add(f"digests/{digest.month.key}.md")
        if actors or speakers:
            wanted |= {f"actors/{x}.md" for x in actors | speakers}
        if places:
            wanted |= {"places/index.md", *_place_pages(index, places)}
    if renamed:  # related articles follow shared names
        before = {k: [b.id for b in v] for k, v in index.related.items()}
        index.related = related_articles(index.articles)
        wanted |= {f"articles/{k}.md" for k, v in index.related.items() if [b.id for b in v] != before.get(k)}
    for a in relisted:
        wanted |= _listing_pages(index, a)
    return wanted - gone, gone


def _adopt(old: Article, new: Article) -> None:
    """The index holds the old object: it becomes the new record."""
    for f in dataclasses.fields(old):
        setattr(old, f.name, getattr(new, f.name))


def _digest_of(index, date: str):
    return next(d for d in index.digests if d.month.key == date[:7])


def _place_of(state: _State, articles: list[Article], at: int) -> int:
    """Where an article at position `at` of the index goes in a list of
    articles in the index's order (newest first)."""
    return next((i for i, b in enumerate(articles) if state.position[b.id] > at), len(articles))


def _loose_speakers(articles: list[Article]) -> set[str]:
    """Speakers of quotes in articles that do not name them."""
    out = set()
    for a in articles:
        named = {r.id for r in a.actors}
        out |= {q.speaker for q in a.quotes if q.speaker and q.speaker not in named}
    return out


def _refile_quotes(state: _State, a: Article, speakers: set[str]) -> None:
    """The article's quotes in its speakers' entries, in the index's order."""
    at = state.position[a.id]
    for sid in speakers:
        e = state.gen.index.actors.get(sid)
        if e is None:
            continue
        rest = [(b, q) for b, q in e.quotes if b is not a]
        cut = _place_of(state, [b for b, _ in rest], at)
        e.quotes = rest[:cut] + [(a, q) for q in a.quotes if q.speaker == sid] + rest[cut:]


def _refile(state: _State, old: Article, new: Article, wanted: set[str], gone: set[str]) -> None:
    """An article now naming other actors or places: its entries updated as
    build_index would make them, and the pages that show them listed."""
    index, gaz = state.gen.index, gazetteer()
    actor_ids = {r.id for r in (*old.actors, *new.actors)}
    place_ids = {r.id for r in (*old.places, *new.places)}
    speakers = {q.speaker for q in (*old.quotes, *new.quotes) if q.speaker}
    _adopt(old, new)
    a, at = old, state.position[old.id]
    appeared: dict[str, set[str]] = {"actors": set(), "places": set()}  # entries created or deleted
    for kind, entries, ids, make in (("actors", index.actors, actor_ids, ActorEntry),
                                     ("places", index.places, place_ids, PlaceEntry)):
        refs = {r.id: r for r in (a.actors if kind == "actors" else a.places)}
        for x in ids:
            e = entries.get(x)
            if e is None:
                e = entries[x] = make(x, ref=refs[x])
                appeared[kind].add(x)
                gone -= {f"{kind}/{x}.md", f"feeds/actors/{x}.xml"}  # gone with an article edited before this one
            rest = [b for b in e.articles if b is not a]
            if x in refs:
                rest.insert(_place_of(state, rest, at), a)
            if not rest:
                del entries[x]
                appeared[kind].add(x)
                gone.add(f"{kind}/{x}.md")
                if kind == "actors":
                    gone.add(f"feeds/actors/{x}.xml")
                continue
            e.articles = rest
            e.ref = next(r for r in (rest[0].actors if kind == "actors" else rest[0].places) if r.id == x)
            e.mentions = sum(r.mentions for b in rest for r in (b.actors if kind == "actors" else b.places) if r.id == x)
            if kind == "actors":
                summarize_actor(e)
                wanted |= {f"actors/{x}.md", f"feeds/actors/{x}.xml"}
        # entries in the order build_index meets them (newest article first)
        order = dict.fromkeys(r.id for b in index.articles for r in (b.actors if kind == "actors" else b.places))
        if kind == "actors":
            index.actors = {k: index.actors[k] for k in order}
        else:
            index.places = {k: index.places[k] for k in order}
    _refile_quotes(state, a, speakers)
    wanted |= {"index.md", "actors/index.md", "actors/alphabetical.md", "places/index.md",
               *(f"actors/{x}.md" for x in speakers if x in index.actors)}
    wanted |= _place_pages(index, place_ids, appeared["places"], appeared["actors"])
    if appeared["actors"]:  # an actor page links its country only when the country has a page
        wanted |= {f"actors/{y}.md" for y in index.actors
                   if gaz.actors.get(y) and gaz.actors[y].country in appeared["actors"]}
    if a.date:
        digest = _digest_of(index, a.date)
        digest.top_actors = month_top_actors(digest.month)


def _place_pages(index, places: set[str], appeared: set[str] = frozenset(),
                 actors_appeared: set[str] = frozenset()) -> set[str]:
    """Pages of places whose entries changed, and of the places showing them:
    the parent (its children, by count), the children of a place whose page
    appeared or went (their link to it), places linking an actor whose page
    appeared or went."""
    gz = gazetteer().places
    show = set(places) | {gz[x].parent for x in places if x in gz and gz[x].parent}
    show |= {y for y in index.places if y in gz and (gz[y].parent in appeared or gz[y].actor in actors_appeared)}
    return {f"places/{x}.md" for x in show if x in index.places}


def _listing_pages(index, a: Article) -> set[str]:
    """Every page that lists the article (its headline, date, source, summary)."""
    out = {"index.md", "articles/index.md", search.ENTRIES, "feeds/articles.xml"}
    out |= {f"articles/{other}.md" for other, related in index.related.items() if any(b is a for b in related)}
    for r in a.actors:
        out |= {f"actors/{r.id}.md", f"feeds/actors/{r.id}.xml"}
    out |= {f"actors/{q.speaker}.md" for q in a.quotes if q.speaker}  # under "said", with the headline
    out |= {f"places/{r.id}.md" for r in a.places}
    out |= {f"tags/{slug(t)}.md" for t in a.tags}
    if a.source:
        out.add(f"sources/{a.source.id}.md")
    if a.date:
        month = a.date[:7]
        out |= {f"archive/{a.date}.md", f"archive/{month}.md", f"archive/{a.date[:4]}.md", f"digests/{month}.md"}
        digest = _digest_of(index, a.date)
        out |= {f"digests/{week_page(digest, w)}.md" for w in digest.weeks}
    else:
        out.add("archive/undated.md")
    return out

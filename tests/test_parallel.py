"""Work on several cores gives exactly what one core gives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import generator.parallel as parallel
from conftest import copy_project


@pytest.fixture
def forking(monkeypatch):
    """Fork even for a handful of items, with two workers."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    if not parallel.can_fork(10):
        pytest.skip("no fork here, or other threads are running")


def _square_or_fail(n: int) -> int:
    if n == 13:
        raise ValueError("thirteen")
    return n * n


def test_map_ordered_keeps_order_and_reports_failures(forking):
    out = list(parallel.map_ordered(_square_or_fail, list(range(100))))
    assert [x for x in out if not isinstance(x, parallel.Failure)] == [n * n for n in range(100) if n != 13]
    failure = out[13]
    assert isinstance(failure, parallel.Failure) and failure.kind == "ValueError" and "thirteen" in failure.message


class _Unpicklable:
    def __init__(self, n: int) -> None:
        self.n, self.hook = n, lambda: n  # a lambda: pickle refuses the object


def _pid_and_double(item: _Unpicklable) -> tuple[int, int]:
    return os.getpid(), item.hook() * 2


def test_map_ordered_workers_read_the_items_from_memory_they_inherit(forking):
    # Only positions travel to the workers (items need not even pickle).
    out = list(parallel.map_ordered(_pid_and_double, [_Unpicklable(n) for n in range(200)]))
    assert [d for _, d in out] == [2 * n for n in range(200)]
    assert os.getpid() not in {pid for pid, _ in out}


def _die_on_seven(n: int) -> int:
    if n == 7:
        os.kill(os.getpid(), 9)  # as the out-of-memory killer ends a worker
    time.sleep(0.01)
    return n


def test_a_worker_that_dies_stops_the_map_instead_of_hanging(forking):
    started = time.monotonic()
    with pytest.raises(parallel.WorkerDied, match="died"):
        list(parallel.map_ordered(_die_on_seven, list(range(100))))
    assert time.monotonic() - started < 60
    assert parallel.can_fork(10)  # no thread of the pool left running


def _slow(n: int) -> int:
    time.sleep(0.02)
    return n


def test_a_map_given_up_early_leaves_no_work_running(forking):
    started = time.monotonic()
    results = parallel.map_ordered(_slow, list(range(2000)))  # 20 s of work on two workers
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    results.close()
    assert time.monotonic() - started < 10


def test_aside_runs_in_another_process_and_returns_items_in_order(forking):
    parent = os.getpid()

    def produce():
        for i in range(50):
            yield (i, os.getpid())

    with parallel.aside(produce, 1000) as items:
        got = list(items)
    assert [i for i, _ in got] == list(range(50))
    assert {pid for _, pid in got} != {parent}


def test_aside_raises_what_failed_in_the_child(forking):
    def produce():
        yield 1
        raise KeyError("missing template")

    with pytest.raises(RuntimeError, match="missing template"):
        with parallel.aside(produce, 1000) as items:
            list(items)


def test_aside_stops_the_child_when_the_caller_gives_up(forking):
    def produce():
        while True:
            time.sleep(0.01)
            yield 0

    with pytest.raises(ZeroDivisionError):
        with parallel.aside(produce, 1000):
            1 / 0  # noqa: B018 - the caller fails before reading the items


def fixture_seeds(tmp_path: Path) -> Path:
    """A seeds/ folder holding the test fixtures' articles (over 40)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt")):
        (seeds / f.name).write_bytes(f.read_bytes())
    return seeds


def test_generate_gives_the_same_docs_with_and_without_workers(tmp_path: Path, monkeypatch):
    from generator.pipeline import Project, generate
    from generator.render import Settings

    seeds = fixture_seeds(tmp_path)
    assert len(list(seeds.iterdir())) > 40
    serial, forked = (Project(copy_project(tmp_path / name, seeds)) for name in ("serial", "forked"))
    settings = Settings(record_cache="")
    monkeypatch.setenv("DIGEST_WORKERS", "1")
    generate(serial, settings)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    if not parallel.can_fork(10):
        pytest.skip("no fork here")
    generate(forked, settings)
    files = sorted(p.relative_to(serial.docs) for p in serial.docs.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(forked.docs) for p in forked.docs.rglob("*") if p.is_file())
    for rel in files:
        assert (serial.docs / rel).read_bytes() == (forked.docs / rel).read_bytes(), rel
    # Again, nothing changed: the English process finds its pages as they are too.
    _, report = generate(forked, settings)
    assert report.written == [] and report.deleted == []


def test_records_are_converted_once_for_both_trees_while_the_index_is_built(tmp_path: Path, forking, monkeypatch):
    """A forked process converts every record (front matter, export rows)
    while the build process makes the index, then the search forms; neither
    tree converts one again."""
    import generator.render as render
    from generator.pipeline import Project, generate
    from generator.render import Settings

    seeds = fixture_seeds(tmp_path)
    project = Project(copy_project(tmp_path / "p", seeds))
    log = tmp_path / "conversions"
    real = render.converted

    def converted(a, rows=True):
        with open(log, "a", encoding="utf-8") as f:  # the processes doing it are forked: a file sees them all
            f.write(f"{os.getpid()} {a.id}\n")
        return real(a, rows)

    forms_log = tmp_path / "forms"
    real_forms = render.Records.search_forms

    def search_forms(self, a, gaz):
        if a.id not in self.forms:
            with open(forms_log, "a", encoding="utf-8") as f:
                f.write(f"{os.getpid()} {a.id}\n")
        return real_forms(self, a, gaz)

    monkeypatch.setattr(render, "converted", converted)
    monkeypatch.setattr(render.Records, "search_forms", search_forms)
    articles, _ = generate(project, Settings(record_cache=""))
    lines = [ln.split() for ln in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(i for _, i in lines) == sorted(a.id for a in articles)  # each once
    assert {pid for pid, _ in lines} != {str(os.getpid())} and len({pid for pid, _ in lines}) == 1
    # the search forms (the same in both languages): made once, by the build process
    lines = [ln.split() for ln in forms_log.read_text(encoding="utf-8").splitlines()]
    assert sorted(i for _, i in lines) == sorted(a.id for a in articles)
    assert {pid for pid, _ in lines} == {str(os.getpid())}


def test_a_failure_in_the_process_writing_the_english_tree_leaves_docs_as_it_was(tmp_path: Path, forking, monkeypatch):
    """The English pages are rendered and staged by a forked process: if it
    fails half-way, the build fails and docs/ is the previous generation,
    with no staged page left behind."""
    import generator.pipeline as pipeline
    from generator.pipeline import Project, generate
    from generator.render import Settings

    seeds = fixture_seeds(tmp_path)
    project = Project(copy_project(tmp_path / "p", seeds))
    settings = Settings(record_cache="")
    generate(project, settings)
    before = {p: p.read_bytes() for p in project.docs.rglob("*") if p.is_file()}
    for f in sorted(project.seeds.glob("*.txt"))[:3]:  # the next generation differs: pages to stage
        f.unlink()
    real = pipeline.render_tree
    parent = os.getpid()

    def failing_in_the_child(env, lang, *args, **kwargs):
        for n, page in enumerate(real(env, lang, *args, **kwargs)):
            if lang == "en" and n == 20:
                assert os.getpid() != parent  # the English tree is the forked process's
                assert any((project.docs / ".staging" / "en").iterdir())  # which staged its first pages
                raise OSError("disk full")
            yield page

    monkeypatch.setattr(pipeline, "render_tree", failing_in_the_child)
    with pytest.raises(RuntimeError, match="disk full"):
        generate(project, settings)
    assert {p: p.read_bytes() for p in project.docs.rglob("*") if p.is_file()} == before
    assert not (project.docs / ".staging").exists()

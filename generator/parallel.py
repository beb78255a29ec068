"""Per-article work on every core.

Extraction and enrichment are pure functions of one article, and most of a
cold build's generator time, so they run in a pool of forked workers (which
inherit the loaded data files). Results come back in input order, so the
output does not depend on the number of workers. Small batches, platforms
without fork, and processes running other threads (forking those can
deadlock) stay in this process. `aside` runs one producer (converting the
records while the index is built; rendering and writing the English pages)
in a forked child while the caller works on something else.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
MIN_ITEMS = 200  # below this a pool costs more than it saves
CHUNK = 32


@dataclass(frozen=True)
class Failure:
    """An exception raised in a worker, as text (exceptions may not pickle)."""

    kind: str
    message: str
    trace: str


def _call(fn: Callable[[Any], T], item: Any) -> T | Failure:
    try:
        return fn(item)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the others
        return Failure(type(exc).__name__, str(exc), traceback.format_exc())


# What the forked workers run, and on what: set before the pool forks, so
# the workers inherit both and are sent only positions in `_items` (pickling
# 10,000 articles to the workers and unpickling them there took 1.5 s of CPU;
# extraction and enrichment are 0.3-0.4 s shorter without it).
_fn: Callable | None = None
_items: list | None = None


def _worker(i: int):
    assert _fn is not None and _items is not None
    return _call(_fn, _items[i])


def workers() -> int:
    """How many processes to use: DIGEST_WORKERS, else one per CPU."""
    env = os.environ.get("DIGEST_WORKERS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork(items: int) -> bool:
    """Worth and safe to fork: enough work (see fork_safe)."""
    return items >= MIN_ITEMS and fork_safe()


def fork_safe() -> bool:
    """More than one CPU, fork available, no other thread running in this
    process (forking one can deadlock)."""
    return (
        workers() > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def in_background(fn: Callable[[], None]) -> int | None:
    """Run fn() in a forked child and return its pid (wait for it with
    wait_for); where forking is not safe or no second CPU would run it
    (see fork_safe), run it here and return None. The child dies with this
    process: a killed build leaves nothing running."""
    if not fork_safe():
        fn()
        return None
    pid = os.fork()
    if pid == 0:  # the child: no cleanup handlers, no buffered output of the parent's
        status = 1
        try:
            die_with_parent()
            fn()
            status = 0
        except BaseException:  # noqa: BLE001 - reported by the exit status
            traceback.print_exc()
        finally:
            os._exit(status)
    return pid


def wait_for(pid: int) -> bool:
    """Wait for a child in_background started; True if it succeeded."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # already waited for
        return True
    return os.waitstatus_to_exitcode(status) == 0


def die_with_parent() -> None:
    """A child must not outlive a build that was killed (Linux only)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _forked() -> None:
    """In a forked worker: what it inherited is out of its cycle collector's
    sight (gc.freeze): the collector would walk it again in the worker's
    collections, copying the memory pages it shares with its parent."""
    gc.freeze()


def _spool(produce: Callable[[], Iterable[Any]], spool) -> None:
    die_with_parent()
    _forked()
    try:
        for item in produce():
            pickle.dump(("item", item), spool, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        pickle.dump(("error", traceback.format_exc()), spool)
    spool.flush()


@contextmanager
def aside(produce: Callable[[], Iterable[T]], items: int) -> Iterator[Iterator[T]]:
    """Run produce() in a forked child while the caller does other work; the
    context gives an iterator over its items, in order, once the caller
    wants them (they wait in an unlinked temporary file, not in memory).
    Without a fork (see can_fork), produce() runs in this process when the
    items are asked for."""
    if not can_fork(items):
        yield iter(produce())
        return
    spool = tempfile.TemporaryFile()
    child = multiprocessing.get_context("fork").Process(target=_spool, args=(produce, spool), daemon=True)
    child.start()

    def results() -> Iterator[T]:
        child.join()
        spool.seek(0)
        while True:
            try:
                kind, value = pickle.load(spool)
            except EOFError:
                break
            if kind == "error":
                raise RuntimeError(f"a worker process failed:\n{value}")
            yield value
        if child.exitcode != 0:
            raise RuntimeError(f"a worker process died (exit status {child.exitcode})")

    try:
        yield results()
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        spool.close()


class WorkerDied(RuntimeError):
    """A worker process was killed (the kernel's out-of-memory killer, a
    signal): what it was working on is lost, so the build stops."""


def _pool_worker() -> None:
    die_with_parent()
    _forked()


def map_ordered(fn: Callable[[Any], T], items: list, on_result: Callable[[], None] | None = None) -> Iterator[T | Failure]:
    """fn over items, in order; a raised exception comes back as a Failure,
    a worker that dies raises WorkerDied (multiprocessing.Pool would wait
    for its lost results for ever: a build that hangs)."""
    n = workers()
    if not can_fork(len(items)):
        for item in items:
            yield _call(fn, item)
            if on_result:
                on_result()
        return
    global _fn, _items
    _fn, _items = fn, items
    pool = ProcessPoolExecutor(min(n, len(items) // CHUNK + 1), mp_context=multiprocessing.get_context("fork"),
                               initializer=_pool_worker)
    try:
        for result in pool.map(_worker, range(len(items)), chunksize=CHUNK):
            yield result
            if on_result:
                on_result()
    except BrokenProcessPool as exc:
        raise WorkerDied("a worker process died (killed, or out of memory?): the build stops before writing") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # (a caller that stops early: no work left queued)
        _fn, _items = None, None


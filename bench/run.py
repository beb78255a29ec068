"""Benchmark: the generator's stages and the full bilingual build, by corpus size.

    .venv/bin/python bench/run.py --sizes 100 1000 10000 [--out bench/RESULTS.md]

For each size, in a fresh temporary copy of the project (tests/conftest.py's
copy_project) whose seeds/ is a synthetic corpus of that size
(bench/corpus.py, write_corpus(seeds, size, seed)):

1. generator stages, each timed with time.perf_counter, called the way
   pipeline.generate calls them, in a fresh Python process (so the first
   run's data loading is counted, as in a real build), on an empty docs/;
   render_and_write renders and writes both trees, the English one in a
   forked process; render is the time spent producing each Arabic page
   (inside next() on render_tree's pages, in the build process) and write
   the rest of render_and_write;
2. the full build, `python -m generator build` (offline profile, both
   languages) as a subprocess on an empty docs/ and no site/: wall time,
   the generator's own time as logged by its MkDocs hook, the Arabic and
   English MkDocs times (the English site is built by a child process,
   generator.secondary, at the same time as the Arabic one), CPU time, and
   memory: the resident memory (VmRSS) of every process of the build's
   tree (the build, the generator's forked workers, the English build)
   sampled every 0.25 s and summed, peak kept overall and per phase, plus
   each process's own peak; and ru_maxrss from os.wait4 (the kernel's
   largest single-process peak among the build and its reaped children);
3. article page weight (built HTML of the same sample of articles in each
   language), search index sizes, site size;
4. incremental: in a fresh process, generate() as `mkdocs serve` runs it
   (a Session) once on an up-to-date docs/, then with nothing changed, then
   after appending a sentence to one seed's body, after changing its
   headline, after naming a new person in it, after deleting another seed;
   then append a sentence to another seed and time the full build
   again (a fresh process, starting from the state file and record cache).

For --profile-size (1000 by default) the generator stages are also run under
cProfile in another fresh copy, and so is the full build, and the top
functions by cumulative time go into the results.

The project is copied once at the start (a snapshot), and every size uses
that snapshot, so all sizes measure the same code even while the working
tree changes.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 25 * 60  # seconds; a build still running then is stopped and reported as such
WORKER_TIMEOUT = 90 * 60
SAMPLE = 20  # articles whose page weight is measured (the same ids at every size)
# Hand-written pages of docs/ (the rest of docs/ is generated).
HAND_WRITTEN = ("about.md", "schema.md")
ADDED_SENTENCES = (
    "وقال متحدث باسم الخارجية إن الجولة المقبلة من المشاورات ستعقد في موعد يحدد لاحقا.",
    "وأوضح المصدر أن الوفدين ناقشا كذلك ملفات الطاقة والنقل وتبادل الأسرى.",
)
# Put before an article's first line: a new headline, shown on many pages.
HEADLINE_PREFIX = "تحديث: "
# Names a person (and a country) the article did not name: its index entries change.
NAMED_SENTENCE = "وقال وزير الخارجية البريطاني ديفيد لامي إن «لندن تتابع التطورات عن كثب»."
DELETED = "synthetic_00002"  # a seed removed (its traces go from every index), then put back
# Trailing lines of a synthetic article that are not body text.
TRAILERS = ("اقرأ أيضا", "كلمات دلالية")


# ---------------------------------------------------------------- helpers


def env() -> dict[str, str]:
    e = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    e.pop("DIGEST_SITE_URL", None)
    e.pop("DIGEST_OFFLINE", None)
    return e


def clean_docs(project: Path) -> None:
    """docs/ back to the hand-written pages only (no generated page, no manifest)."""
    for lang_dir in (project / "docs").iterdir():
        if lang_dir.is_file():
            lang_dir.unlink()
            continue
        if lang_dir.name not in ("ar", "en"):  # staging areas and the like
            shutil.rmtree(lang_dir)
            continue
        for p in lang_dir.iterdir():
            if p.name in HAND_WRITTEN:
                continue
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    for out in project.glob("site*"):  # site/ and any half-built site.building/
        shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
    shutil.rmtree(project / ".cache", ignore_errors=True)


def snapshot(dest: Path) -> Path:
    """A copy of the project as a fresh clone holds it (tests/conftest.py)."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from conftest import copy_project
    finally:
        sys.path.remove(str(ROOT / "tests"))
    copy_project(dest)
    clean_docs(dest)
    return dest


def project_for(base: Path, snap: Path, seeds: Path) -> Path:
    dest = base / "project"
    shutil.copytree(snap, dest, ignore=shutil.ignore_patterns("seeds"))
    shutil.copytree(seeds, dest / "seeds")
    return dest


def add_sentence(seed: Path, sentence: str) -> None:
    """Append a sentence to the body: after the last body line, before the
    read-also and keyword lines."""
    lines = seed.read_text(encoding="utf-8").rstrip("\n").split("\n")
    at = len(lines)
    while at > 0 and lines[at - 1].startswith(TRAILERS):
        at -= 1
    lines.insert(at, sentence)
    seed.write_text("\n".join(lines) + "\n", encoding="utf-8")


# Build phases, told apart by the build's own log lines (in this order): the
# generator runs in the MkDocs hook first; once docs/ is regenerated the
# Arabic MkDocs build runs in the build process and the English one in a
# child process (generator.secondary), both at once.
PHASES = (("generator", None), ("mkdocs", re.compile(r"docs/ regenerated in")))
SAMPLE_S = 0.25
PSS_EVERY = 4  # samples: smaps_rollup walks the page tables (ms per GB), so once a second


def proc_tree(top: int) -> list[int]:
    """top and its descendants now: the children of each of its threads
    (a pool may fork from a helper thread), recursively."""
    found, todo = [], [top]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:  # gone meanwhile
            continue
        for tid in tids:
            try:
                todo += [int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
            except OSError:
                pass
    return found


def proc_kb(pid: int, field: str, file: str = "status") -> int | None:
    """A "Name: N kB" field of /proc/pid/status (or smaps_rollup); None when
    the process is gone or has no memory (a zombie)."""
    try:
        m = re.search(rf"^{field}:\s+(\d+) kB", Path(f"/proc/{pid}/{file}").read_text(), re.M)
    except OSError:
        return None
    return int(m.group(1)) if m else None


def proc_start(pid: int) -> float | None:
    """When pid started, in seconds since boot (/proc/PID/stat, field 22),
    exact to a clock tick where sampling is only exact to SAMPLE_S."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")


def proc_role(pid: int, top: int) -> str:
    """top: the measured process; english: the English build
    (generator.secondary); fork: any other child (the generator's workers)."""
    if pid == top:
        return "top"
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "fork"
    return "english" if b"generator.secondary" in cmd else "fork"


def sample_memory(pid: int, log: Path, started: float, done: threading.Event, mem: dict) -> None:
    """Every SAMPLE_S, the resident memory (VmRSS) of each process of pid's
    tree and their sum; kept: the sum's peak overall and per build phase
    (the phase is read from the log as it grows), the top process's peak per
    phase, each process's own peak and when it was seen, and (less often)
    the sum of PSS, which splits pages shared after a fork between the
    processes sharing them instead of counting them in each."""
    phase, offset, text, tick = 0, 0, "", 0
    mem.update(tree_peak_kb=0, tree_by_phase_kb={}, top_by_phase_kb={}, pss_peak_kb=0, procs={},
               phase_start_s={PHASES[0][0]: 0.0}, samples=0)
    procs = mem["procs"]
    top_start = proc_start(pid)
    while not done.is_set():
        now = time.perf_counter() - started
        try:
            with open(log, "rb") as f:
                f.seek(offset)
                chunk = f.read()
            offset += len(chunk)
            text = text[-2000:] + chunk.decode("utf-8", errors="replace")
        except OSError:
            pass
        while phase + 1 < len(PHASES) and PHASES[phase + 1][1].search(text):
            phase += 1
            text = text[PHASES[phase][1].search(text).end():]
            mem["phase_start_s"][PHASES[phase][0]] = now
        name = PHASES[phase][0]
        if not Path(f"/proc/{pid}").exists():
            break
        pids = proc_tree(pid)
        total = count = 0
        for p in pids:
            rss = proc_kb(p, "VmRSS")
            if rss is None:
                continue
            total += rss
            count += 1
            if str(p) not in procs:
                born = proc_start(p)
                # Started this long after the measured process (which started with the clock).
                procs[str(p)] = {"role": "fork", "peak_kb": 0, "first_s": now,
                                 "start_s": born - top_start if born is not None and top_start is not None else now}
            rec = procs[str(p)]
            # A child shows its parent's command line until it execs: keep "english" once seen.
            if rec["role"] == "fork":
                rec["role"] = proc_role(p, pid)
            rec["last_s"] = now
            if rss > rec["peak_kb"]:
                rec.update(peak_kb=rss, peak_phase=name)
            if p == pid:
                mem["top_by_phase_kb"][name] = max(mem["top_by_phase_kb"].get(name, 0), rss)
        if total > mem["tree_peak_kb"]:
            mem.update(tree_peak_kb=total, tree_peak_s=now, tree_peak_procs=count, tree_peak_phase=name)
        mem["tree_by_phase_kb"][name] = max(mem["tree_by_phase_kb"].get(name, 0), total)
        if tick % PSS_EVERY == 0:
            mem["pss_peak_kb"] = max(mem["pss_peak_kb"], sum(proc_kb(p, "Pss", "smaps_rollup") or 0 for p in pids))
        tick += 1
        mem["samples"] = tick
        done.wait(SAMPLE_S)


def machine_cpu() -> tuple[float, float]:
    """Seconds of CPU the whole machine has spent busy, and stolen by the
    hypervisor, since boot (/proc/stat): over a run, busy minus the run's
    own CPU time is what other processes took meanwhile."""
    try:
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (f + [0] * 8)[:8]
    return (user + nice + system + irq + softirq) / tick, steal / tick


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float) -> dict:
    """Run cmd; wall time, exit status and the child's rusage (os.wait4:
    its own and its reaped descendants' CPU time, and the largest single
    peak RSS among them), and its process tree's memory sampled by phase.
    Dirty pages are flushed first: the write-back of files earlier steps
    wrote (a corpus, a copied project, a whole site) would otherwise stall
    this run's own writes, by seconds, at random."""
    os.sync()
    with open(log, "wb") as out:
        busy0, steal0 = machine_cpu()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = threading.Event()
        done = threading.Event()
        mem: dict = {}
        sampler = threading.Thread(target=sample_memory, args=(proc.pid, log, started, done, mem), daemon=True)
        sampler.start()

        def stop() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: do not leave the build running
            stop()
            os.waitpid(proc.pid, 0)
            raise
        finally:
            timer.cancel()
            done.set()
        wall = time.perf_counter() - started
        busy1, steal1 = machine_cpu()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": wall,
        "returncode": proc.returncode,
        "timed_out": timed_out.is_set(),
        # kilobytes on Linux; wait4 gives RUSAGE_BOTH: the largest of the
        # process's own peak and those of its reaped descendants, not a sum
        "maxrss_kb": usage.ru_maxrss,
        **mem,  # sampled VmRSS (kB = KiB, as the kernel writes it)
        # CPU of the process and of its descendants it waited for (the
        # English build, the generator's workers): can exceed wall time
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "machine_busy_s": busy1 - busy0,  # all processes, this run's included
        "machine_steal_s": steal1 - steal0,
    }


SERVE_SENTENCES = (
    "وأضاف أن الطرفين اتفقا على مواصلة الاتصالات عبر القنوات الدبلوماسية.",
    "وختم بالقول إن البيان المشترك سينشر في وقت لاحق من اليوم.",
)


def serve_edits(project: Path, logs: Path, seed_ids: list[str], timeout: float) -> dict:
    """`digest serve` as an editor uses it: once its first build is served,
    each seed in seed_ids gets a sentence; how long until the article's page
    served over HTTP shows it, and how many builds the edit caused. Also the
    CPU the idle server uses (MkDocs polls the files it watches; seeds/ is
    watched through file notifications)."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = logs / "serve.log"
    out: dict = {"edits": []}
    with open(log, "wb") as f:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=project, env=env(), stdout=f, stderr=subprocess.STDOUT, start_new_session=True)

    def builds() -> int:  # after the first: each starts with this line (a message that repeats may be logged once)
        return log.read_text(encoding="utf-8", errors="replace").count("Detected file changes")

    def page(art: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/{art}.html", timeout=5) as r:
                return r.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def quiet(seconds: float) -> None:
        n, t = builds(), time.perf_counter()
        while time.perf_counter() - t < seconds:
            time.sleep(0.2)
            if builds() != n:
                n, t = builds(), time.perf_counter()

    try:
        started = time.perf_counter()
        while "Serving on" not in log.read_text(encoding="utf-8", errors="replace"):
            if proc.poll() is not None or time.perf_counter() - started > timeout:
                out["error"] = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                return out
            time.sleep(0.2)
        out["first_build_s"] = time.perf_counter() - started
        quiet(10)
        ticks = os.sysconf("SC_CLK_TCK")

        def cpu() -> float:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / ticks

        c0, t0 = cpu(), time.perf_counter()
        time.sleep(10)
        out["idle_cpu_share"] = (cpu() - c0) / (time.perf_counter() - t0)
        for art, sentence in zip(seed_ids, SERVE_SENTENCES):
            n = builds()
            t = time.perf_counter()
            add_sentence(project / "seeds" / f"{art}.txt", sentence)
            while sentence not in page(art):
                if time.perf_counter() - t > timeout:
                    out["error"] = f"{art}: the edit did not show in {timeout} s"
                    return out
                time.sleep(0.05)
            shown = time.perf_counter() - t
            quiet(8)
            out["edits"].append({"seed": art, "shown_s": shown, "builds": builds() - n})
    finally:
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(60)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return out


def parse_build_log(text: str) -> dict:
    out: dict = {}
    m = re.search(r"digest: docs/ regenerated in ([\d.]+) s \((\d+) files changed, (\d+) removed\)", text)
    if m:
        out["generator_s"] = float(m.group(1))
        out["generator_written"] = int(m.group(2))
    # The English build's lines end in " [en]" (its own MkDocs build() time,
    # from its on_config to its end; not its interpreter start, imports and
    # config loading). The other figure is the Arabic build's whole build():
    # the generator, the Arabic MkDocs work and the wait for the English build.
    for seconds, en in re.findall(r"Documentation built in ([\d.]+) seconds( \[en\])?", text):
        out["mkdocs_en_s" if en else "outer_s"] = float(seconds)
    m = re.search(r"digest: (quick|full) site build \(([^)]*)\)", text)
    if m:
        out["site_build"] = f"{m.group(1)} ({m.group(2)})"
    m = re.search(r"digest: waited ([\d.]+) s for the English build", text)
    if m:
        out["wait_s"] = float(m.group(1))
    out["warnings"] = len(re.findall(r"^WARNING", text, re.M))
    out["warnings_en"] = len(re.findall(r"^WARNING.*\[en\]\s*$", text, re.M))
    m = re.search(r"cache: (\d+) results reused, (\d+) computed", text)
    if m:
        out["cache_reused"], out["cache_computed"] = int(m.group(1)), int(m.group(2))
    return out


def largest(procs: dict, role: str | None = None) -> dict | None:
    """The process (of a role) with the highest sampled peak."""
    found = [p for p in procs.values() if role is None or p["role"] == role]
    return max(found, key=lambda p: p["peak_kb"]) if found else None


def full_build(project: Path, logs: Path, name: str, timeout: float) -> dict:
    log = logs / f"{name}.log"
    r = run_measured([sys.executable, "-m", "generator", "build"], project, log, timeout)
    text = log.read_text(encoding="utf-8", errors="replace")
    r.update(parse_build_log(text))
    if r["returncode"] != 0 and not r["timed_out"]:
        r["error_tail"] = text[-2000:]
    if "generator_s" in r and "outer_s" in r:
        r["mkdocs_s"] = r["outer_s"] - r["generator_s"]  # wall time of both MkDocs builds, in parallel
        if "wait_s" in r:
            r["mkdocs_ar_s"] = r["mkdocs_s"] - r["wait_s"]
        r["outside_s"] = r["wall_s"] - r["outer_s"]  # interpreter start, imports, config
    en = largest(r.get("procs", {}), "english")
    if en:  # from its start to its last sample (so short by up to SAMPLE_S): start, imports and config included
        r["english_alive_s"] = en["last_s"] - en.get("start_s", en["first_s"])
        r["english_started_s"] = en.get("start_s", en["first_s"])
    return r


def run_worker(mode: str, project: Path, out: Path, extra: list[str] = (), timeout: float = WORKER_TIMEOUT) -> dict:
    """A worker (run_measured, so its process tree's memory is sampled too)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--project", str(project), "--result", str(out), *extra]
    log = out.with_suffix(".log")
    m = run_measured(cmd, project, log, timeout)
    if m["timed_out"]:
        raise subprocess.TimeoutExpired(cmd, timeout)
    if m["returncode"] != 0:
        raise RuntimeError(f"worker {mode} failed:\n{log.read_text(encoding='utf-8', errors='replace')[-6000:]}")
    r = json.loads(out.read_text(encoding="utf-8"))
    r["memory"] = {k: m.get(k) for k in ("tree_peak_kb", "pss_peak_kb", "maxrss_kb", "procs", "samples")}
    return r


def dir_size(path: Path) -> tuple[int, int, int]:
    """(bytes, files, html files) under path, not descending into site/en from site/."""
    total = files = html = 0
    for dirpath, dirnames, filenames in os.walk(path):
        if Path(dirpath) == path and "en" in dirnames and (path / "en" / "index.html").is_file():
            dirnames.remove("en")
        for f in filenames:
            total += os.path.getsize(os.path.join(dirpath, f))
            files += 1
            html += f.endswith(".html")
    return total, files, html


def sample_ids(count: int) -> list[str]:
    """The same articles at every size (write_corpus is sequential: article i
    is the same text whatever the count), spread over the first 100."""
    step = max(1, min(count, 100) // SAMPLE)
    return [f"synthetic_{i:05d}" for i in range(0, min(count, 100), step)][:SAMPLE]


def site_metrics(project: Path, count: int) -> dict:
    site = project / "site"
    out: dict = {}
    for lang, root in (("ar", site), ("en", site / "en")):
        sizes = {}
        for aid in sample_ids(count):
            page = root / "articles" / f"{aid}.html"
            if page.is_file():
                sizes[aid] = page.stat().st_size
        all_pages = sorted(p for p in (root / "articles").glob("*.html") if p.name != "index.html")
        out[f"page_{lang}"] = {
            "sample": len(sizes),
            "median": statistics.median(sizes.values()) if sizes else None,
            "min": min(sizes.values()) if sizes else None,
            "max": max(sizes.values()) if sizes else None,
            "articles_built": len(all_pages),
        }
        idx = root / "search" / "search_index.json"
        if idx.is_file():
            data = json.loads(idx.read_text(encoding="utf-8"))
            by_section: dict[str, int] = {}
            for d in data.get("docs", []):
                loc = d.get("location", "")
                section = loc.split("/", 1)[0] if "/" in loc else "(top)"
                by_section[section] = by_section.get(section, 0) + len(json.dumps(d, ensure_ascii=False).encode("utf-8"))
            out[f"search_{lang}"] = {
                "bytes": idx.stat().st_size,
                "js_bytes": (root / "search" / "search_index.js").stat().st_size if (root / "search" / "search_index.js").is_file() else None,
                "entries": len(data.get("docs", [])),
                "by_section": dict(sorted(by_section.items(), key=lambda kv: -kv[1])),
            }
        total, files, html = dir_size(root)
        out[f"site_{lang}"] = {"bytes": total, "files": files, "html": html}
    return out


# ---------------------------------------------------------------- workers (run in the project copy)


def _import_generator(project: Path):
    sys.path.insert(0, str(project))
    os.chdir(project)
    started = time.perf_counter()
    from mkdocs.config import load_config

    from generator import pipeline
    from generator.render import Settings

    imported = time.perf_counter() - started
    config = load_config(config_file=str(project / "mkdocs.yml"))
    settings = Settings.from_config(config.extra.get("digest"), config.site_url)
    return pipeline, settings, imported


STAGES_BY_KEY = (("read", "read_all"), ("extract", "extract_all"), ("index", "index_and_convert"),
                 ("render", "render_tree"), ("write", "render_and_write"))
STAGES = (("read_all", "read"), ("extract_all", "extract"), ("index_and_convert", "index"),
          ("render_tree", "render"), ("render_and_write", "write"))


class StageClock:
    """Seconds per stage, exclusive: the time a stage spends inside another
    timed stage (render_tree's pages are produced while render_and_write
    iterates over them) counts for that stage only, so no second is counted twice
    and the stages sum to the time they cover."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._nested = 0.0  # seconds added inside the region now running

    def add(self, key: str, seconds: float) -> None:
        self.times[key] = self.times.get(key, 0.0) + seconds
        self._nested += seconds

    def call(self, key: str, prof: cProfile.Profile | None, fn, *args, **kwargs):
        outer, self._nested = self._nested, 0.0
        s = time.perf_counter()
        try:
            if prof:
                prof.enable()
            return fn(*args, **kwargs)
        finally:
            if prof:
                prof.disable()
            elapsed = time.perf_counter() - s
            inner, self._nested = self._nested, outer + self._nested
            self.add(key, elapsed - inner)


class TimedPages:
    """render_tree's pages, handed on one at a time: only the time inside
    next() (producing a page) is render time, under the render profiler if
    any. (In the forked process rendering the English tree, the wrapper
    runs too, on the process's own copy of the clock: not counted.)"""

    def __init__(self, pages, clock: StageClock, key: str, prof: cProfile.Profile | None) -> None:
        self._pages = iter(pages.items() if isinstance(pages, Mapping) else pages)
        self._clock, self._key, self._prof = clock, key, prof

    def __iter__(self):
        return self

    def __next__(self) -> tuple[str, str]:
        t0 = time.perf_counter()
        try:
            if self._prof:
                self._prof.enable()
            path, text = next(self._pages)
        finally:
            if self._prof:
                self._prof.disable()
            self._clock.add(self._key, time.perf_counter() - t0)
        return path, text


def staged_generate(pipeline, project, settings, times: dict, stage_profiles=(), profile_dir: Path | None = None) -> dict:
    """pipeline.generate itself, with each stage function it calls (looked up
    in the pipeline module, as generate does) wrapped in a timer; "other" is
    the rest of generate (data refresh, listing seeds, caches, report).
    render_tree is a generator: its wrapper returns TimedPages, whose time
    the render_and_write timer (which consumes it) does not count again.
    Pages and bytes generated are counted afterwards, from docs/ (every
    page is written: docs/ starts empty)."""
    info: dict = {}
    originals = {}
    clock = StageClock()
    profiles = {key: cProfile.Profile() for _, key in STAGES if key in stage_profiles}

    def timed(name: str, key: str, fn):
        def wrapper(*args, **kwargs):
            result = clock.call(key, profiles.get(key), fn, *args, **kwargs)
            if name == "render_tree":
                return TimedPages(result, clock, key, profiles.get(key))
            return result
        return wrapper

    for name, key in STAGES:
        originals[name] = getattr(pipeline, name)
        setattr(pipeline, name, timed(name, key, originals[name]))
    try:
        s = time.perf_counter()
        articles, report = pipeline.generate(project, settings)
        total = time.perf_counter() - s
    finally:
        for name, fn in originals.items():
            setattr(pipeline, name, fn)
    for key, prof in profiles.items():
        prof.dump_stats(str(profile_dir / f"{key}.prof"))
    times.update(clock.times)
    times["other"] = total - sum(times.values())
    info.update(pages=len(report.written), pages_bytes=sum((project.docs / rel).stat().st_size for rel in report.written))
    info.update(articles=len(articles), skipped=len(report.skipped), written=len(report.written),
                notes=list(getattr(report, "notes", [])), total_s=total)
    return info


def worker_stages(project: Path, result: Path, profile: Path | None, stage_profiles: list[str] = (), profile_dir: Path | None = None) -> None:
    import resource

    pipeline, settings, imported = _import_generator(project)
    proj = pipeline.Project(project)
    times: dict[str, float] = {}
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    info = staged_generate(pipeline, proj, settings, times, stage_profiles, profile_dir)
    if prof:
        prof.disable()
        prof.dump_stats(str(profile))
    # Its own peak, and the largest of its reaped children's (the forked
    # workers); the sum over processes is sampled from outside (run_worker).
    info.update(times=times, import_s=imported, maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                children_maxrss_kb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result.write_text(json.dumps(info), encoding="utf-8")


def worker_incremental(project: Path, result: Path, seed: str) -> None:
    """generate() as `mkdocs serve` runs it (generator.incremental.Session,
    one per process): once on an up-to-date docs/ in a fresh process, again
    with nothing changed, after a body edit, after a headline edit."""
    pipeline, settings, _ = _import_generator(project)
    from generator.incremental import Session

    proj, session = pipeline.Project(project), Session(save_rebuilds=False)  # as generator/site.py for serve
    t = time.perf_counter
    out: dict = {}

    def timed(label: str) -> list:
        s = t()
        articles, report = session.generate(proj, settings)
        out[f"{label}_s"] = t() - s
        out[f"{label}_mode"] = session.last_mode
        out[f"{label}_written"] = len(report.written)
        out[f"{label}_notes"] = list(report.notes)
        return articles

    timed("unchanged_fresh_process")
    timed("nothing_changed")
    add_sentence(project / "seeds" / f"{seed}.txt", ADDED_SENTENCES[0])
    articles = timed("edited")
    edited = next((a for a in articles if a.id == seed), None)
    out["edit_in_record"] = edited is not None and ADDED_SENTENCES[0] in json.dumps(edited.to_dict(), ensure_ascii=False)
    path = project / "seeds" / f"{seed}.txt"
    path.write_text(HEADLINE_PREFIX + path.read_text(encoding="utf-8"), encoding="utf-8")
    timed("headline")
    add_sentence(path, NAMED_SENTENCE)
    timed("named")
    deleted = project / "seeds" / f"{DELETED}.txt"
    text = deleted.read_text(encoding="utf-8")
    deleted.unlink()
    timed("deleted")
    deleted.write_text(text, encoding="utf-8")
    timed("added")
    session.save()  # as serve does when it stops: the full build below starts from this state
    result.write_text(json.dumps(out), encoding="utf-8")


# ---------------------------------------------------------------- profiles


def _short(path: str, project: Path) -> str:
    for prefix in (str(project) + "/", sys.prefix + "/lib/"):
        if path.startswith(prefix):
            path = path[len(prefix):]
    path = re.sub(r"^python3\.\d+/(site-packages/)?", "", path)
    return path


# Frames that only wrap the whole run (the script, runpy, the CLI).
WRAPPERS = ("bench/run.py", "runpy", "builtins.exec", "<string>:1(<module>)", "generator/__main__.py",
            "cli.py:", "mkdocs/__main__.py")


def top_functions(prof_file: Path, project: Path, key: str, n: int) -> list[tuple]:
    st = pstats.Stats(str(prof_file))
    rows = []
    for (file, line, name), (cc, nc, tt, ct, _) in st.stats.items():
        where = f"{_short(file, project)}:{line}({name})" if file != "~" else name
        if any(w in where for w in WRAPPERS):
            continue
        rows.append((where, nc, tt, ct))
    idx = {"cumulative": 3, "tottime": 2}[key]
    rows.sort(key=lambda r: -r[idx])
    return rows[:n], st.total_tt


# ---------------------------------------------------------------- one size


def bench_size(count: int, snap: Path, work: Path, seed: int, profile: bool, stage_profile: bool = False, log=print) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    base = work / f"n{count}"
    base.mkdir()
    logs = base / "logs"
    logs.mkdir()
    corpus = base / "seeds"
    s = time.perf_counter()
    write_corpus(corpus, count, seed)
    log(f"[{count}] corpus written in {time.perf_counter() - s:.1f} s")
    project = project_for(base, snap, corpus)
    res: dict = {"count": count, "corpus_bytes": sum(p.stat().st_size for p in corpus.iterdir())}

    log(f"[{count}] generator stages ...")
    res["stages"] = run_worker("stages", project, base / "stages.json")
    log(f"[{count}] stages: {res['stages']['times']}")

    clean_docs(project)
    log(f"[{count}] full build ...")
    res["build"] = full_build(project, logs, "build", BUILD_TIMEOUT)
    log(f"[{count}] build: {res['build']}")
    if res["build"]["returncode"] == 0:
        res["site"] = site_metrics(project, count)
    log(f"[{count}] incremental generate ...")
    try:
        res["incremental"] = run_worker("incremental", project, base / "incremental.json", ["--seed-id", "synthetic_00000"])
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        res["incremental"] = {"error": str(exc)[-1500:]}
    log(f"[{count}] incremental: {res['incremental']}")
    if res["build"]["returncode"] == 0:
        add_sentence(project / "seeds" / "synthetic_00001.txt", ADDED_SENTENCES[1])
        log(f"[{count}] incremental full build ...")
        res["rebuild"] = full_build(project, logs, "rebuild", BUILD_TIMEOUT)
        log(f"[{count}] rebuild: {res['rebuild']}")
        # One more edit: the common case, a build after one edit to a site the
        # last build completed (the session's edits above added pages, so the
        # build before was a full site build).
        add_sentence(project / "seeds" / "synthetic_00002.txt", ADDED_SENTENCES[1])
        log(f"[{count}] build after one edit ...")
        res["edit_build"] = full_build(project, logs, "edit-build", BUILD_TIMEOUT)
        log(f"[{count}] edit build: {res['edit_build']}")
        log(f"[{count}] serve and two edits ...")
        res["serve"] = serve_edits(project, logs, ["synthetic_00003", "synthetic_00004"], BUILD_TIMEOUT)
        log(f"[{count}] serve: {res['serve']}")
    else:
        res["rebuild"] = {"skipped": "the first full build did not finish"}

    if stage_profile:
        log(f"[{count}] profiling index and render (record cache warm, docs/ up to date) ...")
        pdir = base / "stage-profiles"
        pdir.mkdir()
        r = run_worker("stages", project, pdir / "stages.json", ["--profile-stages", "index", "render", "--profile-dir", str(pdir)])
        res["stage_profiles"] = {
            k: {"seconds_under_profiler": r["times"][k], "top": top_functions(pdir / f"{k}.prof", project, "cumulative", 15)}
            for k in ("index", "render") if (pdir / f"{k}.prof").is_file()
        }

    if profile:
        pbase = base / "profile"
        pbase.mkdir()
        pproj = project_for(pbase, snap, corpus)
        log(f"[{count}] profiling the generator ...")
        run_worker("stages", pproj, pbase / "stages.json", ["--profile", str(pbase / "generator.prof")])
        res["profile_generator"] = top_functions(pbase / "generator.prof", pproj, "cumulative", 25)
        res["profile_generator_self"] = top_functions(pbase / "generator.prof", pproj, "tottime", 15)
        clean_docs(pproj)
        log(f"[{count}] profiling the full build ...")
        r = run_measured([sys.executable, "-m", "cProfile", "-o", str(pbase / "build.prof"), "-m", "generator", "build"],
                         pproj, pbase / "build.log", BUILD_TIMEOUT * 2)
        if r["returncode"] == 0:
            res["profile_build_wall_s"] = r["wall_s"]
            res["profile_build"] = top_functions(pbase / "build.prof", pproj, "cumulative", 30)
            res["profile_build_self"] = top_functions(pbase / "build.prof", pproj, "tottime", 15)
    return res


# ---------------------------------------------------------------- machine


def machine() -> dict:
    import importlib.metadata as md

    def read(path: str) -> str:
        try:
            return Path(path).read_text()
        except OSError:
            return ""

    cpu = re.search(r"^model name\s*:\s*(.+)$", read("/proc/cpuinfo"), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", read("/proc/meminfo"), re.M)
    avail = re.search(r"^MemAvailable:\s*(\d+) kB", read("/proc/meminfo"), re.M)
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())

    def version(dist: str) -> str:
        try:
            return md.version(dist)
        except md.PackageNotFoundError:
            return "not installed"

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    return {
        "nproc": nproc,
        "cpu": cpu.group(1).strip() if cpu else "unknown",
        "mem_total_gib": int(mem.group(1)) / 1024 / 1024 if mem else None,
        "mem_available_gib": int(avail.group(1)) / 1024 / 1024 if avail else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "kernel": platform.release(),
        "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
        "jinja2": version("Jinja2"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": git("status", "--porcelain", "--", "generator", "templates", "mkdocs.yml", "mkdocs.en.yml"),
        "loadavg_start": os.getloadavg(),
    }


# ---------------------------------------------------------------- report


def fmt_s(x: float | None) -> str:
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def fmt_b(n: float | None) -> str:
    if n is None:
        return "—"
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n:.0f} B"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**NOT met**")


def built(r: dict) -> int:
    """Articles that became pages (inputs merged as duplicates or skipped are not)."""
    return r["stages"].get("articles") or r["count"]


ROLES = {"top": "build process", "english": "English MkDocs build", "fork": "forked by the build"}


def cpu_s(m: dict) -> float | None:
    """User + sys seconds of a measured run and of the children it waited for."""
    return m["user_s"] + m["sys_s"] if m.get("user_s") is not None else None


def cpu_use(m: dict, nproc: int) -> str:
    """CPU time over wall time, as a share of all the machine's CPUs and as
    a count of busy CPUs (two processes at work can keep more than one busy)."""
    c, wall = cpu_s(m), m.get("wall_s")
    if c is None or not wall:
        return "—"
    return f"{100 * c / (wall * nproc):.0f} % of {nproc} CPUs ({c / wall:.2f} CPUs busy on average)"


def others_cpu(m: dict) -> str:
    """CPU other processes took during a run (a busy machine slows a build
    down); the benchmark's own sampler is among them, at a few ms a second."""
    c = cpu_s(m)
    if c is None or "machine_busy_s" not in m:
        return "—"
    text = f"{max(0.0, m['machine_busy_s'] - c):.1f} s"
    return text + (f", {m['machine_steal_s']:.1f} s stolen by the hypervisor" if m.get("machine_steal_s", 0) >= 0.1 else "")


def gen_tree_kb(r: dict) -> int | None:
    """Sampled peak of the summed VmRSS of the generator stage run's processes."""
    return (r["stages"].get("memory") or {}).get("tree_peak_kb")


def mib_mb(kb: float | None) -> str:
    """A sampled kB (KiB) figure in MiB and in MB (10^6 bytes, the target's unit)."""
    return "—" if not kb else f"{fmt_b(kb * 1024)} ({kb * 1024 / 1e6:,.0f} MB)"


def profile_table(rows: list[tuple]) -> str:
    """Top functions of a cProfile run: (function, calls, own s, cumulative s)."""
    return table(["function", "calls", "own s", "cumulative s"],
                 [[f"`{f}`", f"{nc:,}", f"{tt:.3f}", f"{ct:.3f}"] for f, nc, tt, ct in rows])


def report(results: list[dict], mach: dict, command: str, started: dt.datetime, finished: dt.datetime) -> str:
    sizes = [r["count"] for r in results]
    nproc = int(mach["nproc"]) if str(mach["nproc"]).isdigit() else (os.cpu_count() or 1)
    H = ["", *[f"{n:,}" for n in sizes]]
    col = lambda f: [f(r) for r in results]  # noqa: E731
    out: list[str] = []
    w = out.append
    w("# Benchmark results\n")
    w(f"Run {started:%Y-%m-%d %H:%M}–{finished:%H:%M} (local time), command (from the project folder):\n")
    w(f"```sh\n{command}\n```\n")
    w("Produced by `bench/run.py`; the numbers below are the ones measured in that run, not rounded "
      "(seconds to 3 decimals under 10 s, 1 decimal above). A single run per size: no averaging, so "
      "expect a few percent of noise between runs.\n")
    w("## Machine\n")
    w(table(["", "value"], [
        ["CPUs (`nproc`)", mach["nproc"]],
        ["CPU model", mach["cpu"]],
        ["memory", f"{mach['mem_total_gib']:.1f} GiB total, {mach['mem_available_gib']:.1f} GiB available at start"],
        ["Python", f"{mach['implementation']} {mach['python']}"],
        ["mkdocs / mkdocs-material / Jinja2", f"{mach['mkdocs']} / {mach['mkdocs_material']} / {mach['jinja2']}"],
        ["kernel", mach["kernel"]],
        ["code", f"commit {mach['commit']}" + (" plus uncommitted changes in generator/ or templates/" if mach["dirty"] else ", clean")],
        ["load average at start / end", f"{' '.join(f'{x:.2f}' for x in mach['loadavg_start'])} / {' '.join(f'{x:.2f}' for x in mach['loadavg_end'])}"],
    ]))
    w("")
    w("## How it is measured\n")
    w("- Each size runs in a fresh temporary copy of the project (`copy_project` from `tests/conftest.py`, "
      "docs/ reduced to its hand-written pages) whose `seeds/` is `bench/corpus.py`'s "
      f"`write_corpus(seeds, N, seed={results[0].get('seed', 7)})`.")
    w("- **Generator stages**: a fresh Python process calls `pipeline.generate` with each stage function it "
      "calls (`read_all`, `extract_all`, `index_and_convert`, `render_tree`, `render_and_write`) wrapped in a "
      "`time.perf_counter` timer, on an empty docs/ and no cache; \"rest\" is the remainder of `generate`. "
      "`index_and_convert` builds the index while a forked process converts every record (front matter, "
      "export rows) for both trees: index is the longer of the two. "
      "`render_and_write` renders and writes both language trees at once: a forked process renders the "
      "English pages and writes them itself while the build process does the Arabic ones. `render_tree` "
      "yields one tree's pages one at a time, each written as it comes, so render is the time the build "
      "process spends inside `next()` on the Arabic pages, and write is the rest of `render_and_write`: "
      "writing the Arabic pages, then waiting for the English process to finish, the exports, moving the "
      "pages into docs/; the two sum to the time of the overlapped stage. Pages and bytes generated are "
      "counted from docs/ afterwards. "
      "Data files load lazily, so their loading is counted in the stage that first needs them, as in a real "
      "build. Import of the package is timed apart.")
    w("- **Full build**: `python -m generator build` (offline profile, both languages) as a subprocess, "
      "on an empty docs/ and no site/. The generator runs first, in the Arabic build's hook, and logs its time "
      "(`docs/ regenerated in … s`). Then the Arabic MkDocs build runs in the build process while the English "
      "one runs in a child process (`python -m generator.secondary`, started from the hook's `on_files`), both "
      "at once; the Arabic build waits for the English one at the end and logs the wait. The English MkDocs time "
      "is the child's own `Documentation built in … [en]` (MkDocs' `build()`, which leaves out the child's "
      "interpreter start, imports and config loading; the child's lifetime, from the memory sampler, is shown "
      "beside it); \"MkDocs, both languages\" is the Arabic build's `Documentation built in` minus the generator; "
      "the Arabic MkDocs time is that minus the wait. \"Outside\" is the build process's interpreter start, "
      "imports and config loading (wall minus its `Documentation built in`). CPU time is user + sys from "
      "`os.wait4`, which covers the build process and the child processes it waited for (the English build, "
      "the generator's workers), so with two processes at work it can exceed the wall time. The machine's "
      "busy CPU time over the same interval (`/proc/stat`) minus that is shown as the CPU other processes took "
      "meanwhile: the machine is not reserved for the benchmark, and a build sharing its CPUs runs slower.")
    w("- **Disk**: every measured run starts after `os.sync()`, so that the write-back of the files earlier "
      "steps wrote is not charged to it (without it, writing docs/ for 100 articles took 0.27–1.98 s in runs "
      "of the same code).")
    w("- **Peak memory**: every 0.25 s the sampler lists the build's process tree (the build process and its "
      "descendants, from `/proc/PID/task/TID/children`, recursively: the generator's forked workers during "
      "extraction and enrichment, any process it forks to render, the English MkDocs build) and sums their "
      "VmRSS. **Peak memory is the largest such sum** (\"tree\"), overall and per phase: the generator (until its "
      "`docs/ regenerated` line) and MkDocs (after it, both languages in parallel). A peak between two samples "
      "is missed, and RSS counts a page shared by several processes (a forked worker's copy-on-write pages, "
      "shared libraries) once in each, so the sum overstates what they use together; the sum of PSS "
      "(`/proc/PID/smaps_rollup`, shared pages divided among their sharers), sampled once a second, is shown "
      "beside it. Each process's own sampled peak is kept too. `ru_maxrss` from `os.wait4` is shown for "
      "reference: it is the kernel's largest single-process peak among the build and the descendants it "
      "waited for, not a sum. VmRSS is in the kernel's kB (1,024 bytes); the target's 1.5 GB is read as "
      "1.5 × 10^9 bytes. `/usr/bin/time -v` was not used.")
    w("- **Profiles**: for the largest size, `index_and_convert` and `render_tree` under cProfile (a further generate "
      "run with the record cache warm; for `render_tree`, only the time inside `next()` on the Arabic pages "
      "is profiled, not the writing); for --profile-size, the whole generator and the whole build under cProfile "
      "in another fresh copy. cProfile sees only the process it runs in: work done in forked workers and the "
      "English MkDocs build (a child process) is not in the profiles, where it shows as time waiting for them.")
    w(f"- **Page weight**: bytes of `site/articles/ID.html` and `site/en/articles/ID.html` for the same {SAMPLE} "
      "articles at every size (synthetic_00000, 00005, …, 00095: the corpus generator is sequential, so "
      "these are the same texts whatever the size).")
    w("- **Search index**: `site/search/search_index.json` and `site/en/search/search_index.json` as published: "
      "the search plugin's entries (hand-written and listing pages) plus the entries the generator writes for "
      "article, actor and place pages (`docs/LANG/.search-entries.jsonl`), which the hook merges in "
      "(the offline plugin's `search_index.js` is a second, near-identical copy); per article = "
      "size / number of articles built (inputs merged as duplicates have no page of their own).")
    w("- **Incremental**: one fresh process regenerates as `mkdocs serve` does (`generator.incremental.Session`): "
      "once over an up-to-date docs/ (the state the build saved in `.cache/records/generation.pickle` is loaded: "
      "nothing to do), again with nothing "
      "changed, then after a sentence is appended to the body of `seeds/synthetic_00000.txt` (the quick way, if "
      "the edit stays within the article's own pages), then after its headline is changed (the pages listing it "
      "are rendered again), then after a sentence naming a person and a country it did not name is added (its "
      "index entries and the related articles are recomputed), then after another seed is deleted (the index is "
      "made again from the records, every page but the other articles' own is rendered again), then after that "
      "seed is put back (a new seed, the same way); the process then saves its state, as `mkdocs serve` does "
      "when it stops (not timed). Then a sentence is appended to `seeds/synthetic_00001.txt` and `digest build` is run "
      "again as a subprocess, with the record cache "
      "(`.cache/records/records.sqlite`) and the state file (`generation.pickle`) the runs before left, so the "
      "generator takes the quick way, and the stamp of the first full build (`.cache/site-build.json`): no file "
      "was added to or removed from docs/ since, so MkDocs makes a quick site build (`generator/quickbuild.py`: "
      "only the pages whose files changed since that build, and the navigation's, are rendered). The common "
      "case of a build, reported in the targets beside the cold figures. Last, `digest serve` is started on "
      "the project; once it serves its first build, the CPU it uses idle is read from /proc over 10 s, then "
      "a sentence is appended to `synthetic_00003` and to `synthetic_00004` in turn, and the time is taken "
      "until the article's page, fetched over HTTP every 50 ms, holds the sentence, and the builds the edit "
      "caused are counted.\n")

    w("## Generator, by stage (seconds)\n")
    stage_names = [("read", "read (`read_all`)"), ("extract", "extract + enrich (`extract_all`)"),
                   ("index", "index (`index_and_convert`: the index, records converted meanwhile)"), ("render", "render (`render_tree`, Arabic pages, inside `next()`)"),
                   ("write", "write (`render_and_write`, Arabic render time taken out; English tree in a forked process)"), ("other", "rest of `generate` (data refresh, seed list, caches, report)")]
    rows = [[label, *col(lambda r, k=k: fmt_s(r["stages"]["times"].get(k)))] for k, label in stage_names]
    rows.append(["**total**", *col(lambda r: f"**{fmt_s(sum(r['stages']['times'].values()))}**")])
    rows.append(["articles / s (input files / total)", *col(lambda r: f"{r['count'] / sum(r['stages']['times'].values()):,.0f}")])
    rows.append(["articles built (the rest merged as duplicates or skipped)", *col(lambda r: f"{built(r):,} of {r['count']:,}")])
    rows.append(["import of the package (not in total)", *col(lambda r: fmt_s(r["stages"]["import_s"]))])
    rows.append(["pages generated (both languages)", *col(lambda r: f"{r['stages']['pages']:,}")])
    rows.append(["bytes generated", *col(lambda r: fmt_b(r["stages"]["pages_bytes"]))])
    rows.append(["peak memory, sum of VmRSS over the generator's processes (sampled)", *col(lambda r: fmt_b(gen_tree_kb(r) * 1024) if gen_tree_kb(r) else "—")])
    rows.append(["largest single process: generator / largest forked child (ru_maxrss)",
                 *col(lambda r: f"{fmt_b(r['stages']['maxrss_kb'] * 1024)} / {fmt_b(r['stages'].get('children_maxrss_kb', 0) * 1024) if r['stages'].get('children_maxrss_kb') else '—'}")])
    rows.append(["generator's notes", *col(lambda r: "; ".join(r["stages"].get("notes") or []) or "—")])
    w(table(H, rows))
    w("")
    w("Cost per input article, by stage (milliseconds; constant means linear scaling):\n")
    rows = [[label.split(" (")[0], *col(lambda r, k=k: f"{1000 * r['stages']['times'].get(k, 0) / r['count']:.2f}")] for k, label in stage_names]
    rows.append(["total", *col(lambda r: f"{1000 * sum(r['stages']['times'].values()) / r['count']:.2f}")])
    w(table(H, rows))
    w("")

    def b(r, k, default=None):
        return r.get("build", {}).get(k, default)

    w("## Full bilingual build (`python -m generator build`)\n")
    rows = [
        ["exit status", *col(lambda r: ("stopped after " + fmt_s(b(r, "wall_s")) + " s") if b(r, "timed_out") else str(b(r, "returncode")))],
        ["wall time (s)", *col(lambda r: fmt_s(b(r, "wall_s")))],
        ["generator, as logged by the hook (s)", *col(lambda r: fmt_s(b(r, "generator_s")))],
        ["generator share of wall time", *col(lambda r: f"{100 * b(r, 'generator_s') / b(r, 'wall_s'):.1f} %" if b(r, "generator_s") else "—")],
        ["MkDocs, both languages in parallel, wall (s)", *col(lambda r: fmt_s(b(r, "mkdocs_s")))],
        ["  Arabic site, build process (s)", *col(lambda r: fmt_s(b(r, "mkdocs_ar_s")))],
        ["  then waiting for the English build (s)", *col(lambda r: fmt_s(b(r, "wait_s")))],
        ["  English site, child process's own figure (s)", *col(lambda r: fmt_s(b(r, "mkdocs_en_s")))],
        ["  English child process alive, start to last sample (0–0.25 s short) (s)", *col(lambda r: fmt_s(b(r, "english_alive_s")))],
        ["  English child started, seconds into the build", *col(lambda r: fmt_s(b(r, "english_started_s")))],
        ["outside the build (start, imports, config) (s)", *col(lambda r: fmt_s(b(r, "outside_s")))],
        ["CPU time user + sys, build and its child processes (s)", *col(lambda r: fmt_s(cpu_s(r.get("build", {}))))],
        [f"CPU time / wall time ({nproc} CPUs)", *col(lambda r: cpu_use(r.get("build", {}), nproc))],
        ["CPU used meanwhile by other processes on the machine", *col(lambda r: others_cpu(r.get("build", {})))],
        ["MkDocs warnings (of which English)", *col(lambda r: f"{b(r, 'warnings', '—')} ({b(r, 'warnings_en', '—')})")],
        ["record cache: reused / computed", *col(lambda r: f"{b(r, 'cache_reused')} / {b(r, 'cache_computed')}" if b(r, "cache_reused") is not None else "—")],
        ["articles / s, whole build", *col(lambda r: f"{r['count'] / b(r, 'wall_s'):,.1f}" if b(r, "wall_s") else "—")],
    ]
    w(table(H, rows))
    w("")
    w("## Peak memory of the build (all its processes)\n")

    def proc_peak(r, role, label=False):
        p = largest(b(r, "procs", {}), role)
        if not p:
            return "—"
        return fmt_b(p["peak_kb"] * 1024) + (f" ({ROLES[p['role']]}, during {p.get('peak_phase')})" if label else f" (during {p.get('peak_phase')})")

    w(table(H, [
        ["**peak memory: sum of VmRSS over the build's processes**", *col(lambda r: f"**{mib_mb(b(r, 'tree_peak_kb'))}**")],
        ["  per article built", *col(lambda r: fmt_b(b(r, "tree_peak_kb") * 1024 / built(r)) if b(r, "tree_peak_kb") else "—")],
        ["  when: seconds into the build, phase, processes summed", *col(lambda r: f"{b(r, 'tree_peak_s'):.1f} s, {b(r, 'tree_peak_phase')}, {b(r, 'tree_peak_procs')}" if b(r, "tree_peak_kb") else "—")],
        *[[f"  peak of the sum during {label}", *col(lambda r, k=k: fmt_b(b(r, "tree_by_phase_kb", {}).get(k, 0) * 1024) if b(r, "tree_by_phase_kb", {}).get(k) else "—")]
          for k, label in (("generator", "the generator (hook)"), ("mkdocs", "MkDocs (Arabic and English builds in parallel)"))],
        ["sum of PSS over the build's processes, peak (sampled every 1 s)", *col(lambda r: mib_mb(b(r, "pss_peak_kb")))],
        ["largest single process (sampled VmRSS)", *col(lambda r: proc_peak(r, None, label=True))],
        *[[f"  build process, during {label}", *col(lambda r, k=k: fmt_b(b(r, "top_by_phase_kb", {}).get(k, 0) * 1024) if b(r, "top_by_phase_kb", {}).get(k) else "—")]
          for k, label in (("generator", "the generator"), ("mkdocs", "its Arabic MkDocs build"))],
        ["  English MkDocs build (child process)", *col(lambda r: proc_peak(r, "english"))],
        ["  largest process forked by the build (generator workers)", *col(lambda r: proc_peak(r, "fork"))],
        ["ru_maxrss from os.wait4 (largest single process among the build and its reaped children, not a sum)", *col(lambda r: mib_mb(b(r, "maxrss_kb")))],
        ["generator alone (stage run above), sum over its processes", *col(lambda r: mib_mb(gen_tree_kb(r)))],
    ]))
    w("")
    w("(VmRSS read from /proc every 0.25 s, summed over the processes alive at that moment; a peak between two "
      "samples is missed. The phase is told from the build's log lines, so a peak shortly after a phase change "
      "may be counted in the phase before. Pages shared between processes — after a fork, before either writes "
      "them — count in each process's RSS, so the sum can exceed the memory really in use; PSS divides them.)")
    w("")

    def s(r, k):
        return r.get("site", {}).get(k, {})

    w(f"## Article page weight (bytes of built HTML, {SAMPLE} sample articles)\n")
    rows = []
    for lang, label in (("ar", "Arabic"), ("en", "English")):
        rows.append([f"{label}, median", *col(lambda r, l=lang: f"{s(r, f'page_{l}').get('median', 0):,.0f}" if s(r, f"page_{lang}") else "—")])
        rows.append([f"{label}, min – max", *col(lambda r, l=lang: f"{s(r, f'page_{l}')['min']:,} – {s(r, f'page_{l}')['max']:,}" if s(r, f"page_{l}").get("min") else "—")])
    rows.append(["article pages built (ar / en)", *col(lambda r: f"{s(r, 'page_ar').get('articles_built', 0):,} / {s(r, 'page_en').get('articles_built', 0):,}")])
    w(table(H, rows))
    w("")
    w("## Search index\n")
    rows = []
    for lang, label in (("ar", "Arabic"), ("en", "English")):
        rows.append([f"{label}, search_index.json", *col(lambda r, l=lang: fmt_b(s(r, f"search_{l}").get("bytes")))])
        rows.append([f"{label}, per article built", *col(lambda r, l=lang: f"{s(r, f'search_{l}')['bytes'] / built(r):,.0f} B" if s(r, f"search_{l}") else "—")])
        rows.append([f"{label}, entries (pages and sections)", *col(lambda r, l=lang: f"{s(r, f'search_{l}').get('entries', 0):,}")])
    w(table(H, rows))
    w("")
    w("Where the index bytes come from (share of the entries' JSON, by the first folder of their location):\n")
    rows = []
    for lang in ("ar", "en"):
        for r in results:
            sec = s(r, f"search_{lang}").get("by_section")
            if not sec:
                continue
            tot = sum(sec.values())
            top = ", ".join(f"{k} {100 * v / tot:.0f} %" for k, v in list(sec.items())[:6])
            rows.append([f"{lang}, {r['count']:,}", top])
    w(table(["language, size", "share by section"], rows))
    w("")
    w("## Site size\n")
    w(table(H, [
        [f"{lang}: files (HTML) / bytes", *col(lambda r, l=lang: f"{s(r, f'site_{l}').get('files', 0):,} ({s(r, f'site_{l}').get('html', 0):,}) / {fmt_b(s(r, f'site_{l}').get('bytes'))}")]
        for lang in ("ar", "en")
    ]))
    w("")
    def build_rows(title: str, key: str) -> list[list[str]]:
        """The rows of a `digest build` run (r[key])."""
        def g(r, k):
            return r.get(key, {}).get(k)
        return [
            [f"{title}: wall (s)", *col(lambda r: fmt_s(g(r, "wall_s")))],
            ["  site build", *col(lambda r: str(g(r, "site_build") or "—"))],
            ["  of which generator, as logged (s)", *col(lambda r: fmt_s(g(r, "generator_s")))],
            ["  generator share of wall time", *col(lambda r: f"{100 * g(r, 'generator_s') / g(r, 'wall_s'):.1f} %" if g(r, "generator_s") and g(r, "wall_s") else "—")],
            ["  MkDocs, both languages in parallel (s): Arabic + wait / English", *col(lambda r: f"{fmt_s(g(r, 'mkdocs_s'))}: {fmt_s(g(r, 'mkdocs_ar_s'))} + {fmt_s(g(r, 'wait_s'))} / {fmt_s(g(r, 'mkdocs_en_s'))}" if g(r, "mkdocs_s") is not None else "—")],
            ["  files rewritten", *col(lambda r: str(g(r, "generator_written")))],
            ["  record cache: reused / computed", *col(lambda r: f"{g(r, 'cache_reused')} / {g(r, 'cache_computed')}" if g(r, "cache_reused") is not None else (g(r, "skipped") or "—"))],
            ["  peak memory, sum over its processes (sampled)", *col(lambda r: mib_mb(g(r, "tree_peak_kb")))],
            ["  ru_maxrss (largest single process)", *col(lambda r: mib_mb(g(r, "maxrss_kb")))],
            [f"  CPU time / wall time ({nproc} CPUs)", *col(lambda r: cpu_use(r.get(key, {}), nproc))],
            ["  CPU used meanwhile by other processes on the machine", *col(lambda r: others_cpu(r.get(key, {})))],
        ]

    w("## Incremental rebuild (one article's body edited)\n")

    def inc(r, k):
        return r.get("incremental", {}).get(k)

    def rb(r, k):
        return r.get("rebuild", {}).get(k)

    w(table(H, [
        ["generate(), fresh process, docs/ up to date (s)", *col(lambda r: fmt_s(inc(r, "unchanged_fresh_process_s")))],
        ["  how it regenerated (`unchanged`: from the state file the build saved)", *col(lambda r: str(inc(r, "unchanged_fresh_process_mode")))],
        ["then, same process, nothing changed (s)", *col(lambda r: fmt_s(inc(r, "nothing_changed_s")))],
        ["then one article's body edited (s)", *col(lambda r: fmt_s(inc(r, "edited_s")))],
        ["  how it regenerated / files rewritten", *col(lambda r: f"{inc(r, 'edited_mode')} / {inc(r, 'edited_written')}")],
        ["  edit visible in the record", *col(lambda r: str(inc(r, "edit_in_record")))],
        ["  generator's notes", *col(lambda r: "; ".join(inc(r, "edited_notes") or []) or (inc(r, "error") or "—")[:200])],
        ["then its headline changed (shown on many pages) (s)", *col(lambda r: fmt_s(inc(r, "headline_s")))],
        ["  how it regenerated / files rewritten", *col(lambda r: f"{inc(r, 'headline_mode')} / {inc(r, 'headline_written')}")],
        ["then a sentence naming a new person and country added (s)", *col(lambda r: fmt_s(inc(r, "named_s")))],
        ["  how it regenerated / files rewritten", *col(lambda r: f"{inc(r, 'named_mode')} / {inc(r, 'named_written')}")],
        ["then another seed deleted (s)", *col(lambda r: fmt_s(inc(r, "deleted_s")))],
        ["  how it regenerated / files rewritten", *col(lambda r: f"{inc(r, 'deleted_mode')} / {inc(r, 'deleted_written')}")],
        ["  generator's notes", *col(lambda r: "; ".join(inc(r, "deleted_notes") or []) or "—")],
        ["then that seed put back (an added seed) (s)", *col(lambda r: fmt_s(inc(r, "added_s")))],
        ["  how it regenerated / files rewritten", *col(lambda r: f"{inc(r, 'added_mode')} / {inc(r, 'added_written')}")],
        *build_rows("`digest build` after the edits above and a second edit", "rebuild"),
        *build_rows("`digest build` after one more edit (the site complete: a quick site build)", "edit_build"),
        ["`digest serve`: first build served after (s)", *col(lambda r: fmt_s(r.get("serve", {}).get("first_build_s")))],
        ["  idle, CPU used by the server (MkDocs polls what it watches, seeds/ by notifications)", *col(lambda r: f"{100 * r['serve']['idle_cpu_share']:.0f} % of a CPU" if r.get("serve", {}).get("idle_cpu_share") is not None else "—")],
        ["  a seed edited: page served with the edit after (s), builds it caused", *col(lambda r: "; ".join(f"{fmt_s(e['shown_s'])} s, {e['builds']}" for e in r.get("serve", {}).get("edits", [])) or (r.get("serve", {}).get("error") or "—")[:200])],
    ]))
    w("")

    # Targets
    w("## Targets\n")
    rows = []
    for r in results:
        n = r["count"]
        total = sum(r["stages"]["times"].values())
        rate = n / total
        share = b(r, "generator_s") / b(r, "wall_s") if b(r, "generator_s") and b(r, "wall_s") else None
        rows.append([f"generator ≥ 1,000 articles/s ({n:,})", f"{rate:,.0f} articles/s", verdict(rate >= 1000)])
        rows.append([f"generator < 10 % of the full build ({n:,})", f"{100 * share:.1f} %" if share is not None else "—", verdict(share < 0.10 if share is not None else None)])
        # The common case: a build after one edit, from the state the last one saved (edit_build above).
        eb = r.get("edit_build", {})
        again = eb["generator_s"] / eb["wall_s"] if eb.get("generator_s") and eb.get("wall_s") else None
        rows.append([f"  for reference, a build after one edit (state file and record cache warm; {eb.get('site_build') or '—'} site build) ({n:,})",
                     f"{100 * again:.1f} % ({fmt_s(eb.get('generator_s'))} s of {fmt_s(eb.get('wall_s'))} s)" if again is not None else "—",
                     "n/a (a quick site build renders only the changed pages)" if "quick" in str(eb.get("site_build")) else verdict(again < 0.10 if again is not None else None)])
        for lang in ("ar", "en"):
            si = s(r, f"search_{lang}")
            if si:
                per = si["bytes"] / built(r)
                rows.append([f"search index < 2 KB per article, {lang} ({n:,})", f"{per:,.0f} B/article", verdict(per < 2000)])
    big = [r for r in results if r["count"] == 10000]
    for r in big:
        if b(r, "timed_out"):
            rows.append(["full build of 10,000 < 3 min", f"stopped at {fmt_s(b(r, 'wall_s'))} s, not finished", verdict(False)])
        else:
            rows.append(["full build of 10,000 < 3 min", f"{fmt_s(b(r, 'wall_s'))} s", verdict(b(r, "wall_s") < 180 and b(r, "returncode") == 0)])
        tree = b(r, "tree_peak_kb")
        if tree:
            rss = tree * 1024
            pss, single = (b(r, "pss_peak_kb") or 0) * 1024, largest(b(r, "procs", {}))
            rows.append(["peak memory of that build < 1.5 GB (1.5 × 10^9 bytes; sum of VmRSS over its processes, sampled every 0.25 s)",
                         f"{rss / 1e9:.2f} GB ({fmt_b(rss)})" + (" when stopped" if b(r, "timed_out") else "")
                         + f"; for reference, sum of PSS {pss / 1e9:.2f} GB, largest single process "
                         + (f"{single['peak_kb'] * 1024 / 1e9:.2f} GB" if single else "—"),
                         verdict(rss < 1.5e9)])
        else:
            rows.append(["peak memory of that build < 1.5 GB", "not sampled", verdict(None)])
        e = inc(r, "edited_s")
        rows.append(["generator after one edit in 10,000 < 1 s (warm process)", fmt_s(e) + " s" if e is not None else "—", verdict(e < 1 if e is not None else None)])
        eb = r.get("edit_build", {})
        cold = eb.get("generator_s")
        rows.append(["  the same in a fresh process (`digest build`), for reference", fmt_s(cold) + " s" if cold is not None else "—", verdict(cold < 1 if cold is not None else None)])
        rows.append(["  that whole `digest build` after one edit in 10,000, for reference (no target)",
                     f"{fmt_s(eb.get('wall_s'))} s, {eb.get('site_build') or '—'} site build" if eb.get("wall_s") else "—", "n/a"])
    if not big:
        rows.append(["10,000-article targets", "not run (size 10,000 not in --sizes)", "n/a"])
    medians = {lang: [(r["count"], s(r, f"page_{lang}").get("median")) for r in results if s(r, f"page_{lang}").get("median")] for lang in ("ar", "en")}
    for lang, pts in medians.items():
        if len(pts) >= 2:
            first, last = pts[0][1], pts[-1][1]
            growth = (last - first) / first
            rows.append([f"article page weight not growing, {lang}",
                         f"median {first:,.0f} B at {pts[0][0]:,} → {last:,.0f} B at {pts[-1][0]:,} ({100 * growth:+.1f} %)",
                         verdict(abs(growth) < 0.02)])
    w(table(["target", "measured", "verdict"], rows))
    w("")
    w("(Page weight counts as not growing when the median moves by less than 2 % from the smallest to the largest size.)\n")

    for r in results:
        for k, sp in (r.get("stage_profiles") or {}).items():
            rows_, total = sp["top"]
            w(f"## Profile of `{dict(STAGES_BY_KEY)[k]}`, {r['count']:,} articles (cProfile, warm record cache)\n")
            what = (" (only the time inside `next()` on the Arabic pages; the English pages are rendered in a forked process, not profiled)"
                    if k == "render" else "")
            w(f"{fmt_s(sp['seconds_under_profiler'])} s under the profiler{what}; top functions by cumulative time:\n")
            w(profile_table(rows_))
            w("")

    prof = [r for r in results if r.get("profile_generator")]
    for r in prof:
        w(f"## Profile of the generator, {r['count']:,} articles (cProfile)\n")
        rows_, total = r["profile_generator"]
        w(f"Top functions by cumulative time (total profiled time {total:.2f} s; cProfile slows Python code down, "
          "so read the proportions, not the seconds):\n")
        w(profile_table(rows_))
        w("")
        rows_, _ = r["profile_generator_self"]
        w("Top functions by own time:\n")
        w(profile_table(rows_))
        w("")
        if r.get("profile_build"):
            rows_, total = r["profile_build"]
            w(f"## Profile of the full build, {r['count']:,} articles (cProfile, `python -m cProfile -m generator build`)\n")
            w(f"Wall time under the profiler {r['profile_build_wall_s']:.1f} s. The profile covers the build process only: "
              "the English MkDocs build (a child process) and the generator's forked workers are not in it, where they "
              "show as the time spent waiting for them. Top functions by cumulative time:\n")
            w(profile_table(rows_))
            w("")
            rows_, _ = r["profile_build_self"]
            w("Top functions by own time:\n")
            w(profile_table(rows_))
            w("")

    w("## What limits it (from the numbers above)\n")
    for r in results:
        t = r["stages"]["times"]
        total = sum(t.values())
        top = sorted(t.items(), key=lambda kv: -kv[1])[:2]
        parts = [f"{r['count']:,} articles: the generator spends {100 * top[0][1] / total:.0f} % of its {fmt_s(total)} s in "
                 f"{top[0][0]} and {100 * top[1][1] / total:.0f} % in {top[1][0]}"]
        if b(r, "wall_s") and b(r, "mkdocs_s") is not None:
            # The two MkDocs builds overlap: their sum is not a share of wall time, their span is.
            parts.append(f"the full build's {fmt_s(b(r, 'wall_s'))} s are {100 * b(r, 'generator_s') / b(r, 'wall_s'):.0f} % generator, "
                         f"then {100 * b(r, 'mkdocs_s') / b(r, 'wall_s'):.0f} % MkDocs with both languages at once "
                         f"({fmt_s(b(r, 'mkdocs_s'))} s: Arabic {fmt_s(b(r, 'mkdocs_ar_s'))} s then {fmt_s(b(r, 'wait_s'))} s waiting, "
                         f"beside English {fmt_s(b(r, 'mkdocs_en_s'))} s in its child process, "
                         f"alive {fmt_s(b(r, 'english_alive_s'))} s), "
                         f"and {100 * b(r, 'outside_s') / b(r, 'wall_s'):.0f} % start-up outside MkDocs' timer")
        elif b(r, "timed_out"):
            parts.append(f"the full build did not finish within {BUILD_TIMEOUT // 60} min")
        if cpu_s(r.get("build", {})) is not None and b(r, "wall_s"):
            parts.append(f"its processes used {fmt_s(cpu_s(r['build']))} s of CPU in {fmt_s(b(r, 'wall_s'))} s, "
                         f"{cpu_use(r['build'], nproc)}, while other processes took {others_cpu(r['build'])}")
        w("- " + "; ".join(parts) + ".")
    if len(results) >= 2:
        a, z = results[-2], results[-1]  # the two largest: fixed costs matter least
        lines = []
        for k in ("read", "extract", "index", "render", "write"):
            ta, tz = a["stages"]["times"].get(k), z["stages"]["times"].get(k)
            if ta and tz:
                lines.append(f"{k} ×{tz / ta:,.1f}")
        text = (f"- From {a['count']:,} to {z['count']:,} articles (×{z['count'] / a['count']:,.0f}) the stages' times grew: "
                + ", ".join(lines))
        if b(z, "wall_s") and b(a, "wall_s"):
            text += f"; the full build ×{b(z, 'wall_s') / b(a, 'wall_s'):,.1f}"
            if b(z, "tree_peak_kb") and b(a, "tree_peak_kb"):
                text += f", its peak memory (sum over processes) ×{b(z, 'tree_peak_kb') / b(a, 'tree_peak_kb'):,.1f}"
        w(text + ".")
    w("")
    return "\n".join(out)


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--json", type=Path, help="also write the raw measurements here")
    ap.add_argument("--seed", type=int, default=7, help="corpus seed (bench/corpus.py)")
    ap.add_argument("--profile-size", type=int, default=1000, help="size to profile with cProfile (0: none)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary projects")
    ap.add_argument("--worker", choices=["stages", "incremental"], help=argparse.SUPPRESS)
    ap.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--profile", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--seed-id", help=argparse.SUPPRESS)
    ap.add_argument("--profile-stages", nargs="*", help=argparse.SUPPRESS)
    ap.add_argument("--profile-dir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        if args.worker == "stages":
            worker_stages(args.project.resolve(), args.result, args.profile, args.profile_stages or [], args.profile_dir)
        else:
            worker_incremental(args.project.resolve(), args.result, args.seed_id or "synthetic_00000")
        return

    command = shlex.join([".venv/bin/python" if sys.executable.startswith(str(ROOT / ".venv")) else sys.executable,
                          "bench/run.py", *sys.argv[1:]])
    started = dt.datetime.now()
    # Stopped with SIGTERM: unwind, so the running build is stopped and the temporary projects removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    mach = machine()
    work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    print(f"working in {work}", flush=True)
    try:
        snap = snapshot(work / "snapshot")
        results = []
        for n in args.sizes:
            r = bench_size(n, snap, work, args.seed, profile=(n == args.profile_size), stage_profile=(n == max(args.sizes)),
                           log=lambda m: print(m, flush=True))
            r["seed"] = args.seed
            results.append(r)
            mach["loadavg_end"] = os.getloadavg()
            args.out.write_text(report(results, mach, command, started, dt.datetime.now()), encoding="utf-8")
            if args.json:
                args.json.write_text(json.dumps({"machine": mach, "results": results}, indent=1, ensure_ascii=False), encoding="utf-8")
            print(f"[{n}] written to {args.out}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


if __name__ == "__main__":
    main()

"""Benchmark: the generator's stages and the full bilingual build, by corpus size.

    .venv/bin/python bench/run.py --sizes 100 1000 10000 [--out bench/RESULTS.md]

For each size, in a fresh temporary copy of the project (tests/conftest.py's
copy_project) whose seeds/ is a synthetic corpus of that size
(bench/corpus.py, write_corpus(seeds, size, seed)):

1. generator stages, each timed with time.perf_counter, called the way
   pipeline.generate calls them, in a fresh Python process (so the first
   run's data loading is counted, as in a real build), on an empty docs/;
2. the full build, `python -m generator build` (offline profile, both
   languages) as a subprocess on an empty docs/ and no site/: wall time,
   the generator's own time as logged by its MkDocs hook, and the peak
   resident memory of that subprocess (ru_maxrss from os.wait4, i.e. the
   kernel's rusage of that one child, the same figure
   getrusage(RUSAGE_CHILDREN).ru_maxrss reports when it is the only child);
3. article page weight (built HTML of the same sample of articles in each
   language), search index sizes, site size;
4. incremental: in a fresh process, generate() once (nothing changed), append
   a sentence to one seed's body, time generate() again; then append a
   sentence to another seed and time the full build again.

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


# Build phases, told apart by the build's own log lines (in this order).
PHASES = (("generator", None), ("mkdocs_ar", re.compile(r"docs/ regenerated in")),
          ("mkdocs_en", re.compile(r"Building documentation to directory: .*/en\s*$", re.M)))


def sample_rss(pid: int, log: Path, done: threading.Event, peaks: dict) -> None:
    """Resident memory of pid (VmRSS) every 0.25 s, the maximum kept per
    build phase; the phase is read from the log as it grows."""
    phase, offset, text = 0, 0, ""
    while not done.is_set():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            break
        m = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
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
        if m:
            name = PHASES[phase][0]
            peaks[name] = max(peaks.get(name, 0), int(m.group(1)))
        done.wait(0.25)


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float) -> dict:
    """Run cmd; wall time, exit status and the child's rusage (os.wait4),
    and its resident memory sampled by build phase."""
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = threading.Event()
        done = threading.Event()
        peaks: dict[str, int] = {}
        sampler = threading.Thread(target=sample_rss, args=(proc.pid, log, done, peaks), daemon=True)
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
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": wall,
        "returncode": proc.returncode,
        "timed_out": timed_out.is_set(),
        "maxrss_kb": usage.ru_maxrss,  # kilobytes on Linux
        "rss_by_phase_kb": peaks,  # sampled VmRSS, max per phase
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
    }


def parse_build_log(text: str) -> dict:
    out: dict = {}
    m = re.search(r"digest: docs/ regenerated in ([\d.]+) s \((\d+) files changed, (\d+) removed\)", text)
    if m:
        out["generator_s"] = float(m.group(1))
        out["generator_written"] = int(m.group(2))
    built = [float(x) for x in re.findall(r"Documentation built in ([\d.]+) seconds", text)]
    # The English build runs inside the Arabic one's post-build hook, so it
    # reports first; the Arabic figure includes the generator and English.
    if len(built) == 2:
        out["mkdocs_en_s"], out["ar_total_s"] = built
    out["warnings"] = len(re.findall(r"^WARNING", text, re.M))
    m = re.search(r"cache: (\d+) results reused, (\d+) computed", text)
    if m:
        out["cache_reused"], out["cache_computed"] = int(m.group(1)), int(m.group(2))
    return out


def full_build(project: Path, logs: Path, name: str, timeout: float) -> dict:
    log = logs / f"{name}.log"
    r = run_measured([sys.executable, "-m", "generator", "build"], project, log, timeout)
    text = log.read_text(encoding="utf-8", errors="replace")
    r.update(parse_build_log(text))
    if r["returncode"] != 0 and not r["timed_out"]:
        r["error_tail"] = text[-2000:]
    if "generator_s" in r and "ar_total_s" in r and "mkdocs_en_s" in r:
        r["mkdocs_ar_s"] = r["ar_total_s"] - r["generator_s"] - r["mkdocs_en_s"]
        r["outside_s"] = r["wall_s"] - r["ar_total_s"]  # interpreter start, imports, config
    return r


def run_worker(mode: str, project: Path, out: Path, extra: list[str] = (), timeout: float = WORKER_TIMEOUT) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--project", str(project), "--result", str(out), *extra]
    r = subprocess.run(cmd, cwd=project, env=env(), capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"worker {mode} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


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


STAGES_BY_KEY = (("read", "read_all"), ("extract", "extract_all"), ("index", "build_index"),
                 ("render", "render_site"), ("write", "write_pages"))
STAGES = (("read_all", "read"), ("extract_all", "extract"), ("build_index", "index"),
          ("render_site", "render"), ("write_pages", "write"))


def staged_generate(pipeline, project, settings, times: dict, stage_profiles=(), profile_dir: Path | None = None) -> dict:
    """pipeline.generate itself, with each stage function it calls (looked up
    in the pipeline module, as generate does) wrapped in a timer; "other" is
    the rest of generate (data refresh, listing seeds, caches, report)."""
    info: dict = {}
    originals = {}

    def timed(name: str, key: str, fn):
        def wrapper(*args, **kwargs):
            prof = cProfile.Profile() if key in stage_profiles else None
            s = time.perf_counter()
            try:
                if prof:
                    prof.enable()
                result = fn(*args, **kwargs)
            finally:
                if prof:
                    prof.disable()
                times[key] = times.get(key, 0.0) + time.perf_counter() - s
                if prof:
                    prof.dump_stats(str(profile_dir / f"{key}.prof"))
            if name == "render_site":
                info["pages"] = len(result)
                info["pages_bytes"] = sum(len(v.encode("utf-8")) for v in result.values())
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
    times["other"] = total - sum(times.values())
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
    info.update(times=times, import_s=imported, maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    result.write_text(json.dumps(info), encoding="utf-8")


def worker_incremental(project: Path, result: Path, seed: str) -> None:
    pipeline, settings, _ = _import_generator(project)
    proj = pipeline.Project(project)
    t = time.perf_counter
    s = t()
    _, report = pipeline.generate(proj, settings)
    first = t() - s
    first_written = len(report.written)
    first_notes = list(getattr(report, "notes", []))
    add_sentence(project / "seeds" / f"{seed}.txt", ADDED_SENTENCES[0])
    s = t()
    articles, report = pipeline.generate(proj, settings)
    second = t() - s
    edited = next((a for a in articles if a.id == seed), None)
    seen = edited is not None and ADDED_SENTENCES[0] in json.dumps(edited.to_dict(), ensure_ascii=False)
    result.write_text(json.dumps({
        "unchanged_fresh_process_s": first, "unchanged_written": first_written,
        "edited_s": second, "edited_written": len(report.written), "edit_in_record": seen,
        "unchanged_notes": first_notes, "edited_notes": list(getattr(report, "notes", [])),
    }), encoding="utf-8")


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


def report(results: list[dict], mach: dict, command: str, started: dt.datetime, finished: dt.datetime) -> str:
    sizes = [r["count"] for r in results]
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
      "calls (`read_all`, `extract_all`, `build_index`, `render_site`, `write_pages`) wrapped in a "
      "`time.perf_counter` timer, on an empty docs/ and no cache; \"rest\" is the remainder of `generate`. "
      "Data files load lazily, so their loading is counted in the stage that first needs them, as in a real "
      "build. Import of the package is timed apart.")
    w("- **Full build**: `python -m generator build` (offline profile, both languages) as a subprocess, "
      "on an empty docs/ and no site/. The generator's time inside it is the one its MkDocs hook logs "
      "(`docs/ regenerated in … s`); the English MkDocs time is the nested build's `Documentation built in`; "
      "the Arabic MkDocs time is the outer figure minus both; \"outside\" is interpreter start, imports and "
      "config loading (wall minus the outer figure).")
    w("- **Peak memory**: `ru_maxrss` of the build subprocess from `os.wait4` (the kernel's rusage for that "
      "one child, the figure `getrusage(RUSAGE_CHILDREN).ru_maxrss` gives when it is the only child). "
      "`/usr/bin/time -v` was not used. Beside it, the build's VmRSS is sampled from /proc every 0.25 s and its "
      "peak kept per phase (generator, Arabic MkDocs, English MkDocs).")
    w("- **Profiles**: for the largest size, `build_index` and `render_site` under cProfile (a further generate "
      "run with the record cache warm); for --profile-size, the whole generator and the whole build under cProfile "
      "in another fresh copy.")
    w(f"- **Page weight**: bytes of `site/articles/ID.html` and `site/en/articles/ID.html` for the same {SAMPLE} "
      "articles at every size (synthetic_00000, 00005, …, 00095: the corpus generator is sequential, so "
      "these are the same texts whatever the size).")
    w("- **Search index**: `site/search/search_index.json` and `site/en/search/search_index.json` "
      "(the offline plugin writes a second, near-identical copy as `search_index.js`); per article = "
      "size / number of articles built (inputs merged as duplicates have no page of their own).")
    w("- **Incremental**: a fresh process runs `pipeline.generate` once (nothing changed; this is a cold "
      "regeneration over an up-to-date docs/), then a sentence is appended to the body of "
      "`seeds/synthetic_00000.txt` and `pipeline.generate` is timed again in the same (warm) process, as in "
      "`mkdocs serve`. Then a sentence is appended to `seeds/synthetic_00001.txt` and the full build is run "
      "again as a subprocess (MkDocs rebuilds everything: no dirty build).\n")

    w("## Generator, by stage (seconds)\n")
    stage_names = [("read", "read (`read_all`)"), ("extract", "extract + enrich (`extract_all`)"),
                   ("index", "index (`build_index`)"), ("render", "render (`render_site`)"),
                   ("write", "write (`write_pages`)"), ("other", "rest of `generate` (data refresh, seed list, caches, report)")]
    rows = [[label, *col(lambda r, k=k: fmt_s(r["stages"]["times"].get(k)))] for k, label in stage_names]
    rows.append(["**total**", *col(lambda r: f"**{fmt_s(sum(r['stages']['times'].values()))}**")])
    rows.append(["articles / s (input files / total)", *col(lambda r: f"{r['count'] / sum(r['stages']['times'].values()):,.0f}")])
    rows.append(["articles built (the rest merged as duplicates or skipped)", *col(lambda r: f"{built(r):,} of {r['count']:,}")])
    rows.append(["import of the package (not in total)", *col(lambda r: fmt_s(r["stages"]["import_s"]))])
    rows.append(["pages generated (both languages)", *col(lambda r: f"{r['stages']['pages']:,}")])
    rows.append(["bytes generated", *col(lambda r: fmt_b(r["stages"]["pages_bytes"]))])
    rows.append(["peak memory of the generator process", *col(lambda r: fmt_b(r["stages"]["maxrss_kb"] * 1024))])
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
        ["MkDocs, Arabic site (s)", *col(lambda r: fmt_s(b(r, "mkdocs_ar_s")))],
        ["MkDocs, English site (s)", *col(lambda r: fmt_s(b(r, "mkdocs_en_s")))],
        ["outside the build (start, imports, config) (s)", *col(lambda r: fmt_s(b(r, "outside_s")))],
        ["CPU time user + sys (s)", *col(lambda r: fmt_s(b(r, "user_s", 0) + b(r, "sys_s", 0)) if b(r, "user_s") is not None else "—")],
        ["MkDocs warnings", *col(lambda r: str(b(r, "warnings", "—")))],
        ["record cache: reused / computed", *col(lambda r: f"{b(r, 'cache_reused')} / {b(r, 'cache_computed')}" if b(r, "cache_reused") is not None else "—")],
        ["articles / s, whole build", *col(lambda r: f"{r['count'] / b(r, 'wall_s'):,.1f}" if b(r, "wall_s") else "—")],
    ]
    w(table(H, rows))
    w("")
    w("## Peak memory of the build subprocess\n")
    w(table(H, [
        ["ru_maxrss", *col(lambda r: fmt_b(b(r, "maxrss_kb", 0) * 1024))],
        ["ru_maxrss (MB, 10^6 bytes)", *col(lambda r: f"{b(r, 'maxrss_kb', 0) * 1024 / 1e6:,.0f}")],
        ["per article built", *col(lambda r: fmt_b(b(r, "maxrss_kb", 0) * 1024 / built(r)))],
        *[[f"sampled VmRSS peak during {label}", *col(lambda r, k=k: fmt_b(b(r, "rss_by_phase_kb", {}).get(k, 0) * 1024) if b(r, "rss_by_phase_kb", {}).get(k) else "—")]
          for k, label in (("generator", "the generator (hook)"), ("mkdocs_ar", "the Arabic MkDocs build"),
                           ("mkdocs_en", "the English MkDocs build (nested in the Arabic one's post-build hook)"))],
        ["peak memory of the generator alone (stage run above)", *col(lambda r: fmt_b(r["stages"]["maxrss_kb"] * 1024))],
    ]))
    w("")
    w("(VmRSS read from /proc every 0.25 s; the phase is told from the build's log lines, so a peak shortly "
      "after a phase change may be counted in the phase before.)")
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
    w("## Incremental rebuild (one article's body edited)\n")

    def inc(r, k):
        return r.get("incremental", {}).get(k)

    def rb(r, k):
        return r.get("rebuild", {}).get(k)

    w(table(H, [
        ["generate(), fresh process, nothing changed (s)", *col(lambda r: fmt_s(inc(r, "unchanged_fresh_process_s")))],
        ["generate() after the edit, warm process (s)", *col(lambda r: fmt_s(inc(r, "edited_s")))],
        ["  files rewritten by it", *col(lambda r: str(inc(r, "edited_written")))],
        ["  edit visible in the record", *col(lambda r: str(inc(r, "edit_in_record")))],
        ["  generator's notes (before / after the edit)", *col(lambda r: " / ".join("; ".join(inc(r, k) or []) or "—" for k in ("unchanged_notes", "edited_notes")) if inc(r, "unchanged_notes") is not None else (inc(r, "error") or "—")[:200])],
        ["full build after a second edit: wall (s)", *col(lambda r: fmt_s(rb(r, "wall_s")))],
        ["  of which generator, as logged (s)", *col(lambda r: fmt_s(rb(r, "generator_s")))],
        ["  files rewritten", *col(lambda r: str(rb(r, "generator_written")))],
        ["  record cache: reused / computed", *col(lambda r: f"{rb(r, 'cache_reused')} / {rb(r, 'cache_computed')}" if rb(r, "cache_reused") is not None else (rb(r, "skipped") or "—"))],
        ["  peak memory", *col(lambda r: fmt_b((rb(r, "maxrss_kb") or 0) * 1024) if rb(r, "maxrss_kb") else "—")],
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
        rss = b(r, "maxrss_kb") * 1024
        rows.append(["peak memory of that build < 1.5 GB", f"{rss / 1e9:.2f} GB ({fmt_b(rss)})" + (" when stopped" if b(r, "timed_out") else ""), verdict(rss < 1.5e9)])
        e = inc(r, "edited_s")
        rows.append(["generator after one edit in 10,000 < 1 s (warm process)", fmt_s(e) + " s" if e is not None else "—", verdict(e < 1 if e is not None else None)])
        cold = rb(r, "generator_s")
        rows.append(["  the same in a fresh process (`digest build`), for reference", fmt_s(cold) + " s" if cold is not None else "—", verdict(cold < 1 if cold is not None else None)])
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
            w(f"{fmt_s(sp['seconds_under_profiler'])} s under the profiler; top functions by cumulative time:\n")
            w(table(["function", "calls", "own s", "cumulative s"], [[f"`{f}`", f"{nc:,}", f"{tt:.3f}", f"{ct:.3f}"] for f, nc, tt, ct in rows_]))
            w("")

    prof = [r for r in results if r.get("profile_generator")]
    for r in prof:
        w(f"## Profile of the generator, {r['count']:,} articles (cProfile)\n")
        rows_, total = r["profile_generator"]
        w(f"Top functions by cumulative time (total profiled time {total:.2f} s; cProfile slows Python code down, "
          "so read the proportions, not the seconds):\n")
        w(table(["function", "calls", "own s", "cumulative s"], [[f"`{f}`", f"{nc:,}", f"{tt:.3f}", f"{ct:.3f}"] for f, nc, tt, ct in rows_]))
        w("")
        rows_, _ = r["profile_generator_self"]
        w("Top functions by own time:\n")
        w(table(["function", "calls", "own s", "cumulative s"], [[f"`{f}`", f"{nc:,}", f"{tt:.3f}", f"{ct:.3f}"] for f, nc, tt, ct in rows_]))
        w("")
        if r.get("profile_build"):
            rows_, total = r["profile_build"]
            w(f"## Profile of the full build, {r['count']:,} articles (cProfile, `python -m cProfile -m generator build`)\n")
            w(f"Wall time under the profiler {r['profile_build_wall_s']:.1f} s; top functions by cumulative time:\n")
            w(table(["function", "calls", "own s", "cumulative s"], [[f"`{f}`", f"{nc:,}", f"{tt:.3f}", f"{ct:.3f}"] for f, nc, tt, ct in rows_]))
            w("")
            rows_, _ = r["profile_build_self"]
            w("Top functions by own time:\n")
            w(table(["function", "calls", "own s", "cumulative s"], [[f"`{f}`", f"{nc:,}", f"{tt:.3f}", f"{ct:.3f}"] for f, nc, tt, ct in rows_]))
            w("")

    w("## What limits it (from the numbers above)\n")
    for r in results:
        t = r["stages"]["times"]
        total = sum(t.values())
        top = sorted(t.items(), key=lambda kv: -kv[1])[:2]
        parts = [f"{r['count']:,} articles: the generator spends {100 * top[0][1] / total:.0f} % of its {fmt_s(total)} s in "
                 f"{top[0][0]} and {100 * top[1][1] / total:.0f} % in {top[1][0]}"]
        if b(r, "wall_s") and b(r, "mkdocs_ar_s") is not None:
            mk = b(r, "mkdocs_ar_s") + b(r, "mkdocs_en_s")
            parts.append(f"the full build's {fmt_s(b(r, 'wall_s'))} s are {100 * mk / b(r, 'wall_s'):.0f} % MkDocs "
                         f"(Arabic {fmt_s(b(r, 'mkdocs_ar_s'))} s, English {fmt_s(b(r, 'mkdocs_en_s'))} s) and "
                         f"{100 * b(r, 'generator_s') / b(r, 'wall_s'):.0f} % generator")
        elif b(r, "timed_out"):
            parts.append(f"the full build did not finish within {BUILD_TIMEOUT // 60} min")
        if b(r, "user_s") is not None and b(r, "wall_s"):
            parts.append(f"the build used {100 * (b(r, 'user_s') + b(r, 'sys_s')) / b(r, 'wall_s'):.0f} % of one CPU "
                         f"({mach['nproc']} available)")
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
            text += f"; the full build ×{b(z, 'wall_s') / b(a, 'wall_s'):,.1f}, its peak memory ×{b(z, 'maxrss_kb') / b(a, 'maxrss_kb'):,.1f}"
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

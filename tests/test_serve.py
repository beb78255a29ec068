"""`mkdocs serve`, started as users start it: edits to a seed or a data file
show up in the served pages, and regeneration does not make the watcher loop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import append_body, copy_project

pytestmark = pytest.mark.e2e
ARTICLE = "003_33a46d52206eb315"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float = 60.0, step: float = 0.3):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


@pytest.fixture
def served(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-v", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env=serve_env(tmp_path),
    )
    try:
        yield project, f"http://127.0.0.1:{port}", tmp_path / "serve.log", proc
    finally:
        stop(proc)
        log.close()


def serve_env(tmp_path: Path) -> dict[str, str]:
    """serve's own temporary folder (where it builds the site), to check
    that stopping it leaves nothing behind."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    # PYTHONFAULTHANDLER: a serve that does not stop on Ctrl+C is aborted by
    # stop(), and Python writes every thread's stack to the log first
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path / "tmp"), "PYTHONFAULTHANDLER": "1"}


def stop(proc: subprocess.Popen) -> None:
    """As a user stops serve: Ctrl+C (SIGTERM would skip serve's clean-up
    and leave its built site in the temporary folder). One that does not
    stop within a minute is aborted (its threads' stacks go to its log, for
    the failure the caller reports) and then killed."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            proc.wait()


def builds(log: Path) -> int:
    """Builds serve made after its first one. (Not "Documentation built in":
    `mkdocs serve -v` logs a message it logged before only once, and two
    builds can take the same time.)"""
    return log.read_text(encoding="utf-8").count("Detected file changes")


def test_serve_regenerates_on_edits_without_looping(served):
    project, url, log, proc = served
    page = f"{url}/articles/{ARTICLE}.html"
    en_page = f"{url}/en/articles/{ARTICLE}.html"
    assert wait_for(lambda: fetch(page)), log.read_text()
    assert "لافروف: موسكو مستعدة" in fetch(page)
    assert "Published" in (fetch(en_page) or "")
    # seeds/ (a file per article) is not polled by MkDocs' watcher
    assert "seeds/ watched through file notifications" in log.read_text(encoding="utf-8")

    # 1. edit a seed: the headline changes on the Arabic page, the text (shown
    # as the original under the English translation) on both pages
    seed = project / "seeds" / f"{ARTICLE}.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("لافروف: موسكو مستعدة", "لافروف: موسكو جاهزة")
                    .replace("في فنائها الخلفي", "في محيطها القريب"), encoding="utf-8")
    assert wait_for(lambda: "لافروف: موسكو جاهزة" in (fetch(page) or "")), log.read_text()
    assert wait_for(lambda: "في محيطها القريب" in (fetch(en_page) or "")), log.read_text()

    # 1b. a paragraph added: the quick rebuild (only the pages it changes)
    append_body(seed, "وأضاف التقرير أن الاجتماع المقبل سيعقد في موعد يحدد لاحقا.")
    assert wait_for(lambda: "الاجتماع المقبل سيعقد" in (fetch(page) or "")), log.read_text()
    assert "incremental: 1 article(s) changed" in log.read_text(encoding="utf-8")
    assert "quick site build" in log.read_text(encoding="utf-8")  # MkDocs renders only those pages too

    # 2. edit a data file: an interface label changes
    labels = project / "generator" / "data" / "labels.yml"
    labels.write_text(labels.read_text(encoding="utf-8").replace("published: Published", "published: First published"), encoding="utf-8")
    assert wait_for(lambda: "First published" in (fetch(en_page) or "")), log.read_text()

    # 3. no build happens by itself: the generated pages are not watched
    # (their writes started a second build after each regeneration)
    def quiet_for(seconds: float) -> bool:
        before = builds(log)
        time.sleep(seconds)
        return builds(log) == before

    assert wait_for(lambda: quiet_for(8), timeout=90, step=0), log.read_text()
    assert quiet_for(8), log.read_text()
    before = builds(log)
    append_body(seed, "وأشار المتحدث إلى أن اللقاء كان مثمرا.")
    assert wait_for(lambda: "اللقاء كان مثمرا" in (fetch(page) or "")), log.read_text()
    assert wait_for(lambda: quiet_for(4), timeout=60, step=0), log.read_text()
    assert builds(log) - before == 1, log.read_text()

    # 3a. a seed added, then deleted: its page comes, then goes
    added = project / "seeds" / "zz_added.txt"
    added.write_bytes((Path(__file__).parent / "fixtures" / "articles" / "a01_rt-indic-digits.txt").read_bytes())
    assert wait_for(lambda: fetch(f"{url}/articles/zz_added.html")), log.read_text()
    added.unlink()
    assert wait_for(lambda: fetch(f"{url}/articles/zz_added.html") is None), log.read_text()

    # 3b. a hand-written page of each language is still watched
    about_en = project / "docs" / "en" / "about.md"
    about_en.write_text(about_en.read_text(encoding="utf-8") + "\nA paragraph added by an editor.\n", encoding="utf-8")
    assert wait_for(lambda: "added by an editor" in (fetch(f"{url}/en/about.html") or "")), log.read_text()

    # 3c. seeds/ replaced by a new folder (a backup restored): still watched
    import shutil

    shutil.copytree(project / "seeds", project / "seeds.new", symlinks=True)
    shutil.rmtree(project / "seeds")
    (project / "seeds.new").rename(project / "seeds")
    append_body(seed, "وقال مصدر مطلع إن الوفد غادر العاصمة مساء اليوم.")
    assert wait_for(lambda: "الوفد غادر العاصمة" in (fetch(page) or "")), log.read_text()

    # 4. a last quick rebuild, then serve stopped as with Ctrl+C: it saves the
    # state it kept in memory, so serve started again (same address, same
    # settings) has nothing to regenerate
    append_body(seed, "وأكد المتحدث أن الاتصالات ستتواصل خلال الأيام المقبلة.")
    assert wait_for(lambda: "الاتصالات ستتواصل" in (fetch(page) or "")), log.read_text()
    assert wait_for(lambda: quiet_for(3), timeout=60, step=0), log.read_text()
    stop(proc)
    assert proc.returncode == 0 and not list((log.parent / "tmp").iterdir()), log.read_text()[-6000:]  # serve cleaned up
    address = url.removeprefix("http://")
    again_log = log.with_name("serve-again.log")
    with again_log.open("w") as out:
        again = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", address], cwd=project,
                                 stdout=out, stderr=subprocess.STDOUT, env=serve_env(log.parent))
        try:
            assert wait_for(lambda: fetch(page)), again_log.read_text()
            assert "nothing changed since the last generation" in again_log.read_text(encoding="utf-8")
        finally:
            stop(again)
    assert not list((log.parent / "tmp").iterdir())


class _Server:
    """What on_serve uses of MkDocs' LiveReloadServer."""

    def __init__(self) -> None:
        self.watched: list[str] = []
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False

    def watch(self, path: str, recursive: bool = True) -> None:
        self.watched.append(path)

    def unwatch(self, path: str) -> None:
        pass


@pytest.mark.parametrize("setting", ["notify", "poll"])
def test_seeds_watched_through_notifications_unless_set_to_poll(tmp_path: Path, setting: str):
    from mkdocs.config import load_config

    from generator import site

    project = copy_project(tmp_path / "project")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.extra["digest"]["watch_seeds"] = setting
    server = _Server()
    try:
        site.on_serve(server, config, builder=None)
        polled = any(os.path.abspath(p) == str(project / "seeds") for p in config.watch)
        assert polled == (setting == "poll")  # MkDocs watches (polls) what is left in `watch:`
        assert not server._want_rebuild
        seed = sorted((project / "seeds").glob("*.txt"))[0]
        seed.read_bytes()  # reading a seed is not a change
        time.sleep(0.5)
        assert not server._want_rebuild
        append_body(seed, "وأضاف أن المحادثات ستستأنف الأسبوع المقبل.")
        if setting == "notify":
            assert wait_for(lambda: server._want_rebuild, timeout=10, step=0.05)
        else:
            time.sleep(0.5)
            assert not server._want_rebuild and site._observer is None
    finally:
        site._stop_watching()

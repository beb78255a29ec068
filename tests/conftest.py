"""Shared fixtures: a built copy of the project, made the way users build it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a fresh clone holds (build output and local tooling left out).
PROJECT_PARTS = ["mkdocs.yml", "mkdocs.en.yml", "generator", "templates", "seeds", "docs", "pyproject.toml"]


def copy_project(dest: Path, seeds: Path | None = None) -> Path:
    """A clean copy of the project in dest; optionally with other seeds (their
    links copied as links)."""
    dest.mkdir(parents=True, exist_ok=True)
    generated = ("articles", "archive", "actors", "places", "sources", "tags", "digests", "feeds", "index.md", "report.md")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".generated.json", *generated)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        else:
            shutil.copy2(src, dest / part)
    if seeds is not None:
        shutil.rmtree(dest / "seeds")
        shutil.copytree(seeds, dest / "seeds", symlinks=True)
    return dest


def append_body(seed: Path, line: str) -> None:
    """A line after the last body line (before the keyword and read-also lines)."""
    lines = seed.read_text(encoding="utf-8").rstrip("\n").split("\n")
    at = len(lines)
    while at > 0 and lines[at - 1].startswith(("كلمات دلالية", "اقرأ أيضا", "إقرأ أيضاً")):
        at -= 1
    lines.insert(at, line)
    seed.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_build(project: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m generator build` in the project folder, as a user runs it."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *extra],
        cwd=project, env=full_env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The sample project, built once per test session with the default (offline) profile."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="session")
def site(built_project: Path) -> Path:
    return built_project / "site"

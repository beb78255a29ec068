"""Progress output: plain lines when not on a terminal, a bar on one."""

from __future__ import annotations

import io
import logging

from generator.progress import Progress


def test_plain_lines_every_tenth_when_not_a_terminal(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.digest")
    p = Progress("extracting", 1000, stream=io.StringIO())
    for _ in range(1000):
        p.step()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 10 and lines[-1].startswith("digest: extracting 1000/1000 (100%")


def test_a_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    p = Progress("extracting", 400, stream=out)
    for _ in range(400):
        p.step()
    assert out.getvalue().count("\r") == 400 and out.getvalue().endswith("400/400\n")


def test_small_corpora_are_quiet(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.digest")
    p = Progress("extracting", 5, stream=io.StringIO())
    for _ in range(5):
        p.step()
    assert not caplog.records

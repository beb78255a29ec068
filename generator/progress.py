"""Progress of long builds: a bar on a terminal, plain lines elsewhere (CI)."""

from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("mkdocs.plugins.digest")
QUIET_BELOW = 200  # small corpora build in a moment: say nothing


class Progress:
    def __init__(self, label: str, total: int, stream=None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.perf_counter()
        self.next_line = 0.1  # plain lines every 10%

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.total < QUIET_BELOW:
            return
        share = self.done / self.total
        if self.tty:
            bar = "#" * int(share * 30)
            self.stream.write(f"\r{self.label}: [{bar:<30}] {self.done}/{self.total}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif share >= self.next_line or self.done >= self.total:
            log.info("digest: %s %d/%d (%.0f%%, %.1f s)", self.label, self.done, self.total,
                     100 * share, time.perf_counter() - self.started)
            while self.next_line <= share:
                self.next_line += 0.1

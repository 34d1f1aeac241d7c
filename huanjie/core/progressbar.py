"""A progress bar on stderr for long commands (publish-static, the summary, jobs run from the shell): one
line redrawn in a terminal, one line per update in a log file."""

from __future__ import annotations

import sys
import time


class Bar:
    def __init__(self, label: str, *, every: float = 0.2) -> None:
        self.label = label
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.every = every if self.tty else 5.0  # a log gets a line every few seconds, not a flood
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        total = max(total, done, 1)
        if done < total and now - self.last < self.every:
            return
        self.last = now
        filled = int(30 * done / total)
        line = f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}  {now - self.started:.1f} s"
        sys.stderr.write(("\r" if self.tty else "") + line + ("\n" if done >= total or not self.tty else ""))
        sys.stderr.flush()

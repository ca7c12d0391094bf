"""Helpers shared by the command modules: progress bar on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def progress_printer(label: str) -> Callable[[int, int], None]:
    """A one-line progress bar on stderr when it is a terminal."""
    tty = sys.stderr.isatty()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if not tty or (now - last[0] < 0.2 and done < total):
            return
        last[0] = now
        width = 30
        filled = int(width * done / total) if total else width
        print(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        if done >= total:
            print(file=sys.stderr)

    return progress

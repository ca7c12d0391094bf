"""Handing memory freed by big pieces of work back to the operating system (docs/spec.md §9: idle memory).

glibc keeps what Python, SQLite and the Rust reader free inside its heaps, one heap per thread
that allocated it: after the once-a-day jobs, a verified backup or an import, the process would
stay a hundred megabytes larger than what it holds. :func:`release_memory` asks glibc to return
the free pages of every heap (``malloc_trim``); elsewhere it does nothing.
"""

from __future__ import annotations

import sys


def release_memory() -> None:
    """Return the free memory of every malloc heap to the operating system (glibc only; a few ms)."""
    if sys.platform.startswith("linux"):
        import ctypes  # when first needed: not with the window's modules before its first paint

        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc
            pass

"""Where an import's time goes, phase by phase (docs/spec.md §9; ``bench/import_bench.py`` prints it).

The phases of the critical path, in the order an import meets them:

- ``read``: opening the file, the guards, calamine's parse and the rows it hands over;
- ``clean``: every cell converted (``columns``), every row checked;
- ``plan``: duplicates against the file and the database, new / update / duplicate (``resolve``);
- ``encrypt``: personal values sealed and the phone index keys made (``core.safety.secrets``);
- ``write``: the rows built and inserted, the journal, the change log;
- ``index``: the indexes rebuilt after a bulk load and the full-text and bigram rows;
- ``commit``: SQLite's ``COMMIT`` (with its checkpoint).

New customers are built, sealed and given their index text a chunk at a time by a helper thread
while the importing thread fills the previous chunk's index rows (``customers_write``): that work
shows as ``beside: build``, ``beside: encrypt`` and ``beside: index text``, not as ``encrypt``.

A :class:`PhaseClock` is switched from phase to phase (two clock readings a switch: it is
switched per block of rows, never per row) and keeps both wall seconds and the CPU seconds
of the thread that runs the import — on a shared machine the CPU seconds tell where the
work is when wall time mostly tells how busy the others were. Work a helper thread does
beside the critical path (the error workbook, the index text) is added under its own name
with :meth:`PhaseClock.add`, in CPU seconds, and is not part of the sum.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter, thread_time

PHASES = ("read", "clean", "plan", "encrypt", "write", "index", "commit")


class PhaseClock:
    """Wall and CPU seconds per phase; :meth:`switch` ends the running phase and starts another."""

    __slots__ = ("_cpu_started", "_phase", "_started", "cpu", "seconds")

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}  # wall seconds
        self.cpu: dict[str, float] = {}  # CPU seconds of the importing thread (helpers: their own)
        self._phase: str | None = None
        self._started = self._cpu_started = 0.0

    def switch(self, phase: str | None) -> None:
        """End the running phase (if any) and start ``phase`` (``None``: stop)."""
        now, cpu = perf_counter(), thread_time()
        if self._phase is not None:
            self.seconds[self._phase] = self.seconds.get(self._phase, 0.0) + now - self._started
            self.cpu[self._phase] = self.cpu.get(self._phase, 0.0) + cpu - self._cpu_started
        self._phase, self._started, self._cpu_started = phase, now, cpu

    def add(self, phase: str, cpu_seconds: float) -> None:
        """Count CPU seconds a helper thread spent (measured with ``thread_time`` there) under ``phase``."""
        self.cpu[phase] = self.cpu.get(phase, 0.0) + cpu_seconds

    @contextmanager
    def during(self, phase: str) -> Iterator[None]:
        """Count the block under ``phase``, then go back to the phase that was running."""
        previous = self._phase
        self.switch(phase)
        try:
            yield
        finally:
            self.switch(previous)

    def stop(self) -> PhaseClock:
        """End the running phase."""
        self.switch(None)
        return self

    def merged(self, other: PhaseClock) -> PhaseClock:
        """A clock with both clocks' seconds (a preview's and its commit's)."""
        both = PhaseClock()
        for mine, theirs, into in ((self.seconds, other.seconds, both.seconds), (self.cpu, other.cpu, both.cpu)):
            for name in {*mine, *theirs}:
                into[name] = mine.get(name, 0.0) + theirs.get(name, 0.0)
        return both

"""Python work run beside long SQLite statements and the Excel parse (docs/spec.md §9 speed).

``sqlite3`` releases the GIL while a statement runs, and python-calamine while it parses a
sheet. The longest steps of an import are such single calls — rebuilding a table's
indexes, one ``INSERT … SELECT`` into the search index, parsing 100,000 rows — and during
them the interpreter would sit idle. Independent Python work (the error workbook, the
text of the search index, importing openpyxl) runs meanwhile in a :class:`Helper`
thread, which hands its results over in pieces through a bounded :class:`Stream` (so the
100,000 index texts never sit in memory at once).

Only around such long calls: an ``executemany`` hands the GIL over at every one of its
short steps, and a busy helper thread then slows it several times over. So a caller
starts the helper right before its long statements and joins it before the next
``executemany``. The helper never touches the database connection.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
_END = object()


class Helper:
    """Run ``jobs`` one after the other in a thread; :meth:`join` returns their results or raises.

    An exception in a job stops the remaining jobs and is raised by :meth:`join` in the
    caller's thread, so nothing is swallowed. As a context manager it starts the thread
    and, on leaving, waits for it; the caller's own exception wins over the helper's.
    """

    def __init__(self, *jobs: Callable[[], object], name: str = "crmdesk-import-helper") -> None:
        self._jobs = jobs
        self._results: list[object] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Helper:
        """Start the thread (returns ``self``)."""
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            for job in self._jobs:
                self._results.append(job())
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by join()
            self._error = exc

    def join(self) -> list[object]:
        """Wait for every job; their results in order, or the first failing job's exception."""
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._results

    def wait(self) -> None:
        """Wait for the thread to finish without raising (its error, if any, is kept for :meth:`join`)."""
        self._thread.join()

    def __enter__(self) -> Helper:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.join()
        else:
            self._thread.join()


class StreamClosed(Exception):
    """The consumer of a :class:`Stream` left (it failed): the producer stops."""


class Stream(Generic[T]):
    """Items a helper-thread job hands to the caller's thread in order, at most ``depth`` ahead.

    The producing job calls :meth:`feed`, which always ends the stream (also when the
    items fail), so the consumer's loop never waits forever; the consumer then learns of
    the failure from :meth:`Helper.join`. Leaving the ``with`` block closes the stream:
    a producer blocked on a full stream stops with :class:`StreamClosed` instead of
    waiting for a consumer that has gone. Use ``with Helper(...), stream:`` so the stream
    is closed before the helper is joined.
    """

    def __init__(self, depth: int = 2) -> None:
        self._items: queue.Queue[object] = queue.Queue(depth)
        self._closed = threading.Event()

    def _put(self, item: object) -> None:
        while not self._closed.is_set():
            try:
                self._items.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
        raise StreamClosed()

    def feed(self, items: Iterable[T]) -> None:
        """Hand ``items`` over one by one (in the helper thread), then the end."""
        try:
            for item in items:
                self._put(item)
        finally:
            try:
                self._put(_END)
            except StreamClosed:
                pass

    def __iter__(self) -> Iterator[T]:
        while (item := self._items.get()) is not _END:
            yield item  # type: ignore[misc]  # all but the end marker are items

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed.set()

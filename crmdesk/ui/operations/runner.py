"""Background operations (docs/architecture.md, patterns 2–4): named work off the GUI thread, results back on it.

``Op(parent, fn)`` is a write: ``fn(ctx)`` runs on the single database writer thread; ``ctx``
carries ``progress(done, total)`` and ``cancelled()`` for long services. ``ReadOp`` is a read: the
same API, run on the reader thread so a long read (KPIs, a PDF, a check) never queues behind a
write. The named operations of ``crmdesk.ui.operations.<domain>`` build them; a widget only adds
what it does with the outcome and runs it::

    tickets_ops.move_ticket(self, ticket_id, "in_progress").success(self._on_moved).run()

When ``fn`` returns, ``success(result)`` runs on the GUI thread. ``failure(error)`` receives only
a ``KnownError`` (an expected problem with a message for the user); any other exception is a bug
and goes to the crash handler by itself (through ``Broadcaster.error``), also when a failure
handler is set, so no widget re-raises. ``finally_(callback)`` runs after either, whatever the
outcome (a button disabled while the work runs is enabled again). A cancelled operation is
reported in the status bar. A result that is a ``Changes`` (or has a ``changes`` attribute) is
broadcast through ``Broadcaster.changed``, stamped with its ``initiator`` (the widget given to
``run(initiator=…)``, by default the operation's parent), so a view recognises its own change.

Tests call ``set_runner(SyncRunner())`` so operations run inline; there a bug is raised where the
operation was run, so a test fails on it instead of a crash dialog nobody sees.

At start the app calls ``hold()`` and, once the window is painted, ``release()``: work queued in
between (the key look-up, the status-bar counts, Today's capacity check) waits until then, so the
threads do not take the GIL and a core from the first paint (docs/spec.md §9 start-up).
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QWidget

from crmdesk.core.memory import release_memory
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.db import close_thread_connection
from crmdesk.core.store.errors import KnownError, OperationCancelled, classify_server_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger(__name__)
LONG_JOB_SECONDS = 1.0  # after a job this long, the memory it freed goes back to the OS (docs/spec.md §9)


class Broadcaster(QObject):
    """Application-wide signals."""

    changed = Signal(object)  # Changes
    message = Signal(str)  # a line for the status bar
    error = Signal(object)  # an exception no caller handled


broadcaster: Broadcaster | None = None


def get_broadcaster() -> Broadcaster:
    """The one broadcaster (created on first use, on the GUI thread)."""
    global broadcaster
    if broadcaster is None:
        broadcaster = Broadcaster()
    return broadcaster


class OpContext:
    """What a running operation gets: progress reporting and the cancel flag."""

    def __init__(self) -> None:
        self._progress: Callable[[int, int], None] = lambda done, total: None
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` steps (thread-safe)."""
        self._progress(done, total)

    def cancelled(self) -> bool:
        """Whether the user asked to cancel; long services check it between chunks."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the operation to stop."""
        self._cancel.set()


class _Job:
    def __init__(self, op: Op) -> None:
        self.op = op
        self.result: Any = None
        self.error: BaseException | None = None


class _Worker(QObject):
    """Runs jobs one after the other on the writer thread."""

    finished = Signal(object)  # _Job
    progressed = Signal(object, int, int)  # _Job, done, total

    def __init__(self) -> None:
        import queue  # start-up: made with the writer thread, after the first paint

        super().__init__()
        self.jobs: queue.Queue[_Job | None] = queue.Queue()

    def loop(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                break
            ctx = job.op.context
            ctx._progress = lambda d, t, j=job: self.progressed.emit(j, d, t)
            started = time.perf_counter()
            try:
                job.result = job.op.fn(ctx)
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
                job.error = exc
            finally:
                close_thread_connection()  # the next job starts clean
                if time.perf_counter() - started > LONG_JOB_SECONDS:
                    # a long job (the daily jobs, a verified backup, an import) leaves its working
                    # set in this thread's malloc heap, where glibc would keep it: hand it back,
                    # after collecting the job's reference cycles (else freed only at a later
                    # full collection, and their pages stay with the process meanwhile)
                    gc.collect()
                    release_memory()
            self.finished.emit(job)


class ThreadRunner(QObject):
    """One writer thread for SQLite; jobs run in submission order.

    The thread starts with the first job handed to it: at start-up that is after the first paint
    (``hold``), which then needs neither the thread nor Qt's namespace of enums (~15 ms).
    """

    raises_bugs = False  # a bug goes to the crash handler (Broadcaster.error)

    def __init__(self) -> None:
        super().__init__()
        self._thread: QThread | None = None
        self._worker: _Worker | None = None  # made with the thread
        self.pending = 0

    def _put(self, job: _Job | None) -> None:
        if self._thread is None:
            if job is None:  # never started: nothing to stop
                return
            from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

            self._thread = QThread()
            self._thread.setObjectName("crmdesk-writer")
            self._worker = _Worker()
            self._worker.moveToThread(self._thread)
            self._worker.finished.connect(self._on_worker_finished, Qt.ConnectionType.QueuedConnection)
            self._worker.progressed.connect(self._on_worker_progressed, Qt.ConnectionType.QueuedConnection)
            self._thread.started.connect(self._worker.loop)
            self._thread.start()
        assert self._worker is not None
        self._worker.jobs.put(job)

    def submit(self, op: Op) -> None:
        self.pending += 1
        if _held is not None:
            _held.append((self, _Job(op)))
        else:
            self._put(_Job(op))

    def _on_worker_progressed(self, job: _Job, done: int, total: int) -> None:
        job.op._deliver_progress(done, total)

    def _on_worker_finished(self, job: _Job) -> None:
        self.pending -= 1
        job.op._deliver(job.result, job.error)

    def shutdown(self) -> None:
        """Finish queued jobs (held ones too), then stop the thread."""
        release()
        self._put(None)
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()


_held: list[tuple[ThreadRunner, _Job]] | None = None


def hold() -> None:
    """Keep the threads' work queued until :func:`release` (start-up: until the first paint)."""
    global _held
    if _held is None:
        _held = []


def release() -> None:
    """Hand the work queued since :func:`hold` to its threads, in order (idempotent)."""
    global _held
    held, _held = _held, None
    for runner, job in held or ():
        runner._put(job)


class SyncRunner:
    """Runs operations inline on the calling thread (tests): a bug is raised to the caller."""

    pending = 0
    raises_bugs = True

    def submit(self, op: Op) -> None:
        op.context._progress = op._deliver_progress
        try:
            result = op.fn(op.context)
        except BaseException as exc:  # noqa: BLE001 - delivered to the caller like the worker thread does
            op._deliver(None, exc)
        else:
            op._deliver(result, None)

    def shutdown(self) -> None:
        pass


_runner: ThreadRunner | SyncRunner | None = None


def set_runner(runner: ThreadRunner | SyncRunner | None) -> None:
    """Choose how operations run (the app installs a ThreadRunner, tests a SyncRunner)."""
    global _runner
    _runner = runner


def get_runner() -> ThreadRunner | SyncRunner:
    """The current runner (a SyncRunner until the app installs the writer thread)."""
    global _runner
    if _runner is None:
        _runner = SyncRunner()
    return _runner


class Op:
    """A named write: ``Op(parent, fn).success(cb).failure(cb).finally_(cb).run()``."""

    def __init__(self, parent: QWidget | None, fn: Callable[[OpContext], Any]) -> None:
        self.parent = parent
        self.fn = fn
        self.context = OpContext()
        self.initiator: object = parent
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[KnownError], None] | None = None
        self._finally: Callable[[], None] | None = None
        self._progress_label: str | None = None
        self._dialog: QProgressDialog | None = None

    def success(self, callback: Callable[[Any], None]) -> Self:
        """``callback(result)`` on the GUI thread when the work returned."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[KnownError], None]) -> Self:
        """``callback(error)`` for an expected problem (a ``KnownError``); a bug never reaches it."""
        self._failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Self:
        """``callback()`` after success, failure or a bug (re-enables what the widget disabled)."""
        self._finally = callback
        return self

    def with_progress(self, label: str) -> Self:
        """Show a cancellable progress dialog while the operation runs."""
        self._progress_label = label
        return self

    def run(self, *, initiator: object = None) -> Self:
        """Queue the work; ``initiator`` (default: the parent) is stamped on the broadcast change-set."""
        if initiator is not None:
            self.initiator = initiator
        self._open_progress()
        get_runner().submit(self)
        return self

    def _open_progress(self) -> None:
        if self._progress_label is None:
            return
        from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint
        from PySide6.QtWidgets import QProgressDialog  # as Qt: not before the first paint

        dialog = QProgressDialog(self._progress_label, QProgressDialog.tr("Cancel"), 0, 0, self.parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.context.cancel)
        self._dialog = dialog

    def _close_progress(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _deliver_progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(min(done, max(total, 1)))

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self._close_progress()
        try:
            if error is not None:
                self._deliver_error(error)
                return
            changes = result if isinstance(result, Changes) else getattr(result, "changes", None)
            if isinstance(changes, Changes) and changes:
                get_broadcaster().changed.emit(dataclasses.replace(changes, initiator=self.initiator))
            if self._success is not None:
                self._success(result)
        finally:
            if self._finally is not None:
                self._finally()

    def _deliver_error(self, error: BaseException) -> None:
        # the shared database cut off or busy (a SQLSTATE, or none when the connection was cut) is an expected
        # problem: the form that asked says so and keeps what the user typed (nothing half-written: not committed)
        error = classify_server_error(error) or error
        if isinstance(error, OperationCancelled):
            get_broadcaster().message.emit(error.message)
        elif isinstance(error, KnownError) and self._failure is not None:
            self._failure(error)
        elif not isinstance(error, KnownError) and get_runner().raises_bugs:
            raise error
        else:  # a bug, or an expected problem nobody handles: the crash handler (a plain message for KnownError)
            get_broadcaster().error.emit(error)


_reader: ThreadRunner | None = None
_running: set[ReadOp] = set()


def _reader_runner() -> ThreadRunner:
    """The reader thread (started on first use, stopped when the application quits)."""
    global _reader
    if _reader is None:
        _reader = ThreadRunner()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(stop_reader)
    return _reader


def stop_reader() -> None:
    """Cancel running read operations and stop the reader thread (on quit)."""
    global _reader
    for op in list(_running):
        op.context.cancel()
    if _reader is not None:
        _reader.shutdown()
        _reader = None


class ReadOp(Op):
    """A read: like ``Op``, but on the reader thread, so the writer stays free for the user's changes.

    Under a ``SyncRunner`` (tests) it runs inline like every ``Op``.
    ``quiet_cancel``: a cancelled run ends silently (a description superseded by the next).
    """

    quiet_cancel = False

    def run(self, *, initiator: object = None) -> Self:
        if isinstance(get_runner(), SyncRunner):
            return super().run(initiator=initiator)
        if initiator is not None:
            self.initiator = initiator
        self._open_progress()
        _running.add(self)
        _reader_runner().submit(self)
        return self

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        _running.discard(self)
        if self.quiet_cancel and isinstance(error, OperationCancelled):
            self._close_progress()
            if self._finally is not None:
                self._finally()
            return
        super()._deliver(result, error)

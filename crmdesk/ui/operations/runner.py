"""Background operations (docs/architecture.md, patterns 2–4): named work off the GUI thread, results back on it.

``Op(parent, fn)`` runs ``fn(ctx)`` on the single database writer thread; ``ctx``
carries ``progress(done, total)`` and ``cancelled()`` for long services. When
``fn`` returns, ``success(result)`` runs on the GUI thread, or ``failure(exc)``
if it raised; an exception with no failure handler goes to the crash handler
(``KnownError`` as a plain message), it is never swallowed. A result that is a
``Changes`` (or has a ``changes`` attribute) is broadcast through
``Broadcaster.changed`` so every view can refresh what concerns it.

Tests call ``set_runner(SyncRunner())`` so operations run inline.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import OperationCancelled

log = logging.getLogger(__name__)


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


@dataclass
class OpContext:
    """What a running operation gets: progress reporting and the cancel flag."""

    _progress: Callable[[int, int], None] = lambda done, total: None
    _cancel: threading.Event = field(default_factory=threading.Event)

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
    def __init__(self, op: "Op") -> None:
        self.op = op
        self.result: Any = None
        self.error: BaseException | None = None


class _Worker(QObject):
    """Runs jobs one after the other on the writer thread."""

    finished = Signal(object)  # _Job
    progressed = Signal(object, int, int)  # _Job, done, total

    def __init__(self) -> None:
        super().__init__()
        self.jobs: queue.Queue[_Job | None] = queue.Queue()

    def loop(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                break
            ctx = job.op.context
            ctx._progress = lambda d, t, j=job: self.progressed.emit(j, d, t)
            try:
                job.result = job.op.fn(ctx)
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
                job.error = exc
            finally:
                _close_thread_connection()
            self.finished.emit(job)


def _close_thread_connection() -> None:
    """Close this thread's peewee connection so the next job starts clean."""
    from crmdesk.core.store.models import database_proxy

    if database_proxy.obj is not None and not database_proxy.obj.is_closed():
        database_proxy.obj.close()


class ThreadRunner(QObject):
    """One writer thread for SQLite; jobs run in submission order."""

    def __init__(self) -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName("crmdesk-writer")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._worker.finished.connect(self._on_worker_finished, Qt.ConnectionType.QueuedConnection)
        self._worker.progressed.connect(self._on_worker_progressed, Qt.ConnectionType.QueuedConnection)
        self._thread.started.connect(self._worker.loop)
        self._thread.start()
        self.pending = 0

    def submit(self, op: "Op") -> None:
        self.pending += 1
        self._worker.jobs.put(_Job(op))

    def _on_worker_progressed(self, job: _Job, done: int, total: int) -> None:
        job.op._deliver_progress(done, total)

    def _on_worker_finished(self, job: _Job) -> None:
        self.pending -= 1
        job.op._deliver(job.result, job.error)

    def shutdown(self) -> None:
        """Finish queued jobs, then stop the thread."""
        self._worker.jobs.put(None)
        self._thread.quit()
        self._thread.wait()


class SyncRunner:
    """Runs operations inline on the calling thread (tests, command line)."""

    pending = 0

    def submit(self, op: "Op") -> None:
        op.context._progress = op._deliver_progress
        try:
            result = op.fn(op.context)
        except BaseException as exc:  # noqa: BLE001
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
    """A named piece of work: ``Op(parent, fn).success(cb).failure(cb).run()``."""

    def __init__(self, parent: QWidget | None, fn: Callable[[OpContext], Any]) -> None:
        self.parent = parent
        self.fn = fn
        self.context = OpContext()
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress_label: str | None = None
        self._dialog: QProgressDialog | None = None

    def success(self, callback: Callable[[Any], None]) -> "Op":
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> "Op":
        self._failure = callback
        return self

    def with_progress(self, label: str) -> "Op":
        """Show a cancellable progress dialog while the operation runs."""
        self._progress_label = label
        return self

    def run(self) -> "Op":
        if self._progress_label is not None:
            dialog = QProgressDialog(self._progress_label, QProgressDialog.tr("Cancel"), 0, 0, self.parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.context.cancel)
            self._dialog = dialog
        get_runner().submit(self)
        return self

    def _deliver_progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(min(done, max(total, 1)))

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if error is not None:
            if isinstance(error, OperationCancelled):
                get_broadcaster().message.emit(error.message)
                return
            if self._failure is not None:
                self._failure(error)
            else:
                get_broadcaster().error.emit(error)
            return
        changes = result if isinstance(result, Changes) else getattr(result, "changes", None)
        if isinstance(changes, Changes) and changes:
            get_broadcaster().changed.emit(changes)
        if self._success is not None:
            self._success(result)


_reader: ThreadRunner | None = None
_running: set["ReadOp"] = set()


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
    """An ``Op`` that only reads database files: on the reader thread, so the writer stays free.

    Under a ``SyncRunner`` (tests, command line) it runs inline like every ``Op``.
    ``quiet_cancel``: a cancelled run ends silently (a description superseded by the next).
    """

    quiet_cancel = False

    def run(self) -> "ReadOp":
        if isinstance(get_runner(), SyncRunner):
            super().run()
            return self
        if self._progress_label is not None:
            dialog = QProgressDialog(self._progress_label, QProgressDialog.tr("Cancel"), 0, 0, self.parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.context.cancel)
            self._dialog = dialog
        _running.add(self)
        _reader_runner().submit(self)
        return self

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        _running.discard(self)
        if self.quiet_cancel and isinstance(error, OperationCancelled):
            if self._dialog is not None:
                self._dialog.close()
                self._dialog.deleteLater()
                self._dialog = None
            return
        super()._deliver(result, error)


"""Named operations of data safety: backups, the data check, describing and restoring a backup.

Backups, descriptions and checks only READ the database, and on the 100,000-customer reference
file ``PRAGMA integrity_check`` alone takes 15–25 s: run on the single writer thread, that would
hold every save for as long, so they are ``ReadOp`` on the reader thread. A restore replaces the
file: it is an ``Op`` on the writer thread. The daily backup is one of the daily jobs
(``crmdesk.ui.operations.jobs``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core import session as sessions
from crmdesk.core.safety import backup, integrity
from crmdesk.core.store.db import close_thread_connection
from crmdesk.ui.operations.runner import Op, OpContext, ReadOp


def make_backup(parent: QWidget | None, db_path: Path) -> ReadOp:
    """File → Back up now: a verified backup (cancellable); the result is its ``BackupInfo``."""
    return ReadOp(parent, lambda ctx: backup.make_backup(db_path, kind="manual", progress=ctx.progress,
                                                         cancelled=ctx.cancelled))


def run_checks(parent: QWidget | None, db_path: Path, backups: Path | None) -> ReadOp:
    """Help → Data check: every check; the result is an ``integrity.CheckReport``."""
    return ReadOp(parent, lambda ctx: integrity.run_checks(db_path, backups=backups, progress=ctx.progress,
                                                           cancelled=ctx.cancelled))


def list_backups(parent: QWidget | None, folder: Path) -> ReadOp:
    """The backups in ``folder`` with the numbers of customers and tickets each holds."""
    return ReadOp(parent, lambda _ctx: backup.list_backups(folder, with_counts=True))


def describe_backup(parent: QWidget | None, path: Path) -> ReadOp:
    """What a backup file holds and whether it can be restored (cancellable: a later choice supersedes it)."""
    op = ReadOp(parent, lambda ctx: backup.describe(path, progress=ctx.progress, cancelled=ctx.cancelled))
    op.quiet_cancel = True
    return op


def restore_backup(parent: QWidget | None, path: Path, db_path: Path, *, keep_dir: Path,
                   checked: backup.BackupInfo | None = None) -> Op:
    """Replace the database with the backup ``path`` and reopen it; the result is a ``RestoreResult``.

    The caller closes the GUI thread's connection first; the writer thread's is closed here. The
    reopening goes through the window's session (``core.session``): the restored file is checked,
    upgraded if older and bound again; its key is looked up afterwards.
    """
    def work(ctx: OpContext) -> backup.RestoreResult:
        close_thread_connection()
        result = backup.restore(path, db_path, keep_dir=keep_dir, checked=checked, progress=ctx.progress,
                                cancelled=ctx.cancelled)
        opened = sessions.current()
        if opened is not None:
            opened.reopen()
        else:  # a dialog shown without the app's session (tests): a session of its own
            sessions.open_session(db_path, write=True, key=sessions.KEY_LATER, backups=keep_dir)
        return result

    return Op(parent, work)

"""Named operations of the daily jobs (``crmdesk.core.jobs``): backup, purge, tiers, cadence, reminders.

Their reading steps (the backup's verified copy, up to 25 s on the reference file) run on the reader
thread so the writer stays free for the user's saves; their writing steps then run, in order, on the
writer thread. ``crmdesk daily`` runs the same jobs from a scheduled task.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core import jobs
from crmdesk.core.store import server_locks
from crmdesk.ui.operations.runner import Op, ReadOp


def prepare_daily(parent: QWidget | None, db_path: Path, today: dt.date) -> ReadOp:
    """The reading steps of the jobs due today; the result is a ``jobs.Prepared``."""
    return ReadOp(parent, lambda ctx: jobs.prepare_daily(db_path, today, progress=ctx.progress,
                                                         cancelled=ctx.cancelled))


def finish_daily(parent: QWidget | None, prepared: jobs.Prepared) -> Op:
    """The writing steps, in order; the result is a ``jobs.DailyReport`` (its change-set refreshes the views)."""
    return Op(parent, lambda _ctx: jobs.finish_daily(prepared))


def run_daily_on_server(parent: QWidget | None, location: str, today: dt.date) -> Op:
    """On the shared database, both steps on the writer thread under the server's daily-jobs lock (held
    on that thread's connection), as ``crmdesk daily`` runs them: the first PC of the day does the work;
    on the others it fails with ``server_locks.LockBusy`` naming that PC. The result is a ``jobs.DailyReport``."""
    def run(ctx) -> jobs.DailyReport:
        with server_locks.exclusive(server_locks.DAILY_JOBS_LOCK):
            return jobs.run_daily("", today, progress=ctx.progress, cancelled=ctx.cancelled, location=location)

    return Op(parent, run)

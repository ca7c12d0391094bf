"""The daily jobs (每日任务): what runs once a day, in which order, whoever runs them.

Each domain registers its job when its module is imported (:func:`register`); this module
knows none of them. Today they are, by ``order``:

- 10 the backup (``core.safety.backup``): a verified copy, at most one a day, old ones rotated;
- 20 the recycle bin's purge (``core.customers.lifecycle``): rows kept longer than ``recycle_bin_days``;
- 30 the tiers and churn warnings (``core.customers.tiers``);
- 40 the follow-up cadence (``core.followups.cadence``): after the tiers, which it follows;
- 50 the reminders (``core.followups.reminders``): birthdays are encrypted, so after unlock;
- 60 on a server, the change feed's old rows (``core.server_feed``): it keeps a week.

Whoever runs them imports ``crmdesk.core.domains`` first, so that every job is registered, and
runs them in a writing session (``core.session``: the writer lock held, the key active, the
quick check passed before the first write). Every job is once-a-day by itself — it keeps its
own "done on" date or finds nothing left to do — so the window at start, the window again at
the first minute of a new day, and ``crmdesk daily`` from a scheduled task may all run them,
and a second run on the same day does nothing.

A job has two steps. ``prepare(ctx)`` only reads and may run beside the writer: the window
runs it on its reader thread, since the backup's verified copy takes 15–25 s on the reference
file and would hold every save for as long. ``run(ctx, prepared)`` writes (each job in its own
transaction). :func:`run_daily` runs both steps of every job in order (the command line);
the window calls :func:`prepare_daily` on its reader thread and :func:`finish_daily` on its
writer thread. A job that fails with an expected problem (a full disk, a key store that is
not there) is reported and the next ones still run; anything else is a bug and is raised.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crmdesk.core.i18n import _
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import OperationCancelled, classify_server_error, classify_sqlite_error

log = logging.getLogger(__name__)


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class JobContext:
    """What a job is given: the database file, the day it runs for, progress and cancel;
    ``location`` the ``postgresql://`` address when the jobs run on the shared database ("" on a file)."""

    db_path: Path
    today: dt.date
    progress: Progress | None = None
    cancelled: Callable[[], bool] | None = None
    location: str = ""

    @property
    def now(self) -> dt.datetime:
        """The moment the run stands for: now, or 08:00 of another day (catching up, tests)."""
        current = dt.datetime.now().replace(microsecond=0)
        return current if self.today == current.date() else dt.datetime.combine(self.today, dt.time(8))


@dataclass
class Outcome:
    """What one step of a job did: ``done`` False when nothing was due; ``counts`` for ``--json``;
    ``summary`` one line in the user's language; ``changes`` for the views."""

    done: bool
    counts: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    changes: Changes = field(default_factory=Changes)



@dataclass(frozen=True)
class Job:
    """A daily job: its name (``--json``), its title (shown), its place in the order and its steps."""

    name: str
    order: int
    title: Callable[[], str]  # translated when shown
    run: Callable[[JobContext, Any], Outcome]
    prepare: Callable[[JobContext], Any] | None = None  # reads only; its result goes to ``run``


@dataclass
class JobResult:
    """How one job went."""

    name: str
    title: str
    done: bool = False
    counts: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    seconds: float = 0.0
    error: str = ""

    def line(self) -> str:
        """One line for the terminal, the log or the status bar."""
        if self.error:
            return _("{title}: failed: {error}", title=self.title, error=self.error)
        if not self.done:
            return _("{title}: nothing to do today", title=self.title)
        return _("{title}: {summary} ({seconds:.1f} s)", title=self.title, summary=self.summary, seconds=self.seconds)

    def as_json(self) -> dict[str, Any]:
        """The job in ``crmdesk daily --json``."""
        return {"name": self.name, "done": self.done, "counts": self.counts, "seconds": round(self.seconds, 3),
                "error": self.error or None}


@dataclass
class Prepared:
    """The reading steps' results, handed from the reader to the writer."""

    context: JobContext
    jobs: list[Job]
    results: dict[str, Any] = field(default_factory=dict)
    failed: dict[str, JobResult] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class DailyReport:
    """What a run of the daily jobs did, job by job, and every change together."""

    today: dt.date
    results: list[JobResult]
    changes: Changes

    @property
    def ok(self) -> bool:
        """No job failed."""
        return not any(r.error for r in self.results)

    def result(self, name: str) -> JobResult | None:
        """The result of the job called ``name``."""
        return next((r for r in self.results if r.name == name), None)

    def as_json(self) -> dict[str, Any]:
        """``crmdesk daily --json``: ``{"date", "ok", "jobs": [{"name", "done", "counts", "seconds", "error"}]}``."""
        return {"date": self.today.isoformat(), "ok": self.ok, "jobs": [r.as_json() for r in self.results]}


_jobs: dict[str, Job] = {}


def register(job: Job) -> None:
    """Add a daily job (its domain calls this once, at import)."""
    _jobs[job.name] = job


def registered() -> list[Job]:
    """The registered jobs in the order they run."""
    return sorted(_jobs.values(), key=lambda job: (job.order, job.name))


def _failure(error: BaseException, db_path: Path) -> str | None:
    """The message of an expected problem, or None for a bug (raised again by the caller)."""
    if isinstance(error, OperationCancelled):
        return None
    if isinstance(error, OSError):  # a folder or file the job needs (the backups folder on a USB stick …)
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    known = classify_sqlite_error(error, str(db_path)) or classify_server_error(error)
    return known.message if known is not None else None


def prepare_daily(db_path: Path | str, today: dt.date | None = None, *, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None, location: str = "") -> Prepared:
    """Run every job's reading step, in order (the window: on its reader thread). ``location``: the
    shared database's address when the jobs run on a server (``db_path`` is then not used)."""
    context = JobContext(Path(db_path), today or dt.date.today(), progress, cancelled, location)
    prepared = Prepared(context, registered())
    for job in prepared.jobs:
        if job.prepare is None:
            continue
        started = time.perf_counter()
        try:
            prepared.results[job.name] = job.prepare(context)
        except Exception as error:
            message = _failure(error, context.db_path)
            if message is None:
                raise
            log.warning("daily job %s failed: %s", job.name, message)
            prepared.failed[job.name] = JobResult(job.name, job.title(), error=message)
        prepared.seconds[job.name] = time.perf_counter() - started
    return prepared


def finish_daily(prepared: Prepared) -> DailyReport:
    """Run every job's writing step, in order (the window: on its writer thread)."""
    context = prepared.context
    results: list[JobResult] = []
    changes = Changes()
    for job in prepared.jobs:
        if job.name in prepared.failed:
            results.append(prepared.failed[job.name])
            continue
        result = JobResult(job.name, job.title())
        started = time.perf_counter()
        try:
            outcome = job.run(context, prepared.results.get(job.name))
        except Exception as error:
            message = _failure(error, context.db_path)
            if message is None:
                raise
            log.warning("daily job %s failed: %s", job.name, message)
            result.error = message
        else:
            result.done, result.counts, result.summary = outcome.done, outcome.counts, outcome.summary
            changes = changes | outcome.changes
            if outcome.done:
                log.info("daily job %s: %s", job.name, outcome.counts)
        result.seconds = prepared.seconds.get(job.name, 0.0) + time.perf_counter() - started
        results.append(result)
    return DailyReport(context.today, results, changes)


def run_daily(db_path: Path | str, today: dt.date | None = None, *, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None, location: str = "") -> DailyReport:
    """Every daily job, both steps, in order (the command line and the tests)."""
    return finish_daily(prepare_daily(db_path, today, progress=progress, cancelled=cancelled, location=location))

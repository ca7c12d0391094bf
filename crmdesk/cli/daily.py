"""``crmdesk daily [--json]``: the daily jobs, for a scheduled task on a PC where the window is not open.

The same jobs, in the same order, as the window runs after it starts and at the first minute of
a new day (``core.jobs``): the backup, the recycle bin's purge, the tiers and churn warnings, the
follow-up cadence, the reminders. Each is once a day by itself, so the task may run while the
window was open earlier (or runs it later): what is done is not done again.

It opens the database as a writer (``core.session``: the writer lock — so it refuses while the
app has the database open, and the app's own run covers the day then —, the quick check before
the first write, the key, which reminders need to read birthdays); it never creates a database.
``--json`` prints one object ``{"date", "ok", "jobs": [{"name", "done", "counts", "seconds",
"error"}]}``.

On the shared database (``--db postgresql://…``) one PC a day runs them: the command takes the
server's daily-jobs lock (``core.store.server_locks``; released if this PC dies) and each job finds
what another PC did today already done; the backup is a snapshot of the server
(``core.server_snapshot``). While another PC holds the lock it says so and exits 0 (``--json``:
``"jobs": []`` and ``"skipped"`` with the reason). Exit status 0 when every job ran (or had nothing to do), 1 when one failed (the
message on stderr; the others still ran) or the database could not be opened, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from crmdesk.cli.common import opened_database, progress_printer
from crmdesk.core.server_session import ServerSession


def run(args: argparse.Namespace) -> int:
    """Run every daily job in order; print what each did."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    import crmdesk.core.domains  # noqa: F401 - every domain registers its daily job
    from crmdesk.core import jobs
    from crmdesk.core.store import server_locks

    with opened_database(args.db, write=True, must_exist=True) as session:
        session.verify()  # the quick check's verdict before the first write
        if isinstance(session, ServerSession):
            try:
                with server_locks.exclusive(server_locks.DAILY_JOBS_LOCK):
                    report = jobs.run_daily("", progress=progress_printer("backup"), location=args.db)
            except server_locks.LockBusy as busy:  # the other PC covers the day: nothing failed here
                if args.json:
                    print(json.dumps({"date": dt.date.today().isoformat(), "ok": True, "jobs": [],
                                      "skipped": busy.message}, ensure_ascii=False))
                else:
                    print(busy.message)
                return 0
        else:
            report = jobs.run_daily(session.path, progress=progress_printer("backup"))
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    for result in report.results:
        if result.error:
            print(result.line(), file=sys.stderr)
        elif not args.json:
            print(result.line())
    return 0 if report.ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``daily`` command."""
    parser = sub.add_parser("daily", help="运行每日任务：备份、清理回收站、客户层级、跟进节奏、提醒（供计划任务使用）")
    parser.add_argument("--json", action="store_true", help="以一个 JSON 对象输出每项任务的结果")
    parser.set_defaults(func=run)

"""What the 今日 list shows, read in one call: the day's agenda, the at-risk customers, the coming
festivals, the follow-up counts, everyone's workload and the calendar's notice (docs/spec.md §4).

One call, so that the window on a server can read it on a thread of its own while its modules load at
start-up (:class:`Prefetch`: the network's waits run beside the interpreter's work; on a file the tab
reads it itself, docs/spec.md §9 start-up). Nothing here is Qt; the queries are those of ``core.overview``, ``core.org.workload``,
``core.firm.lunar`` and ``core.firm.holidays``.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING, NamedTuple

from crmdesk.core.store import db

LIMIT = 300  # agenda lines of each kind the list shows (the board and the calendar have the rest)
RISKY = 100  # at-risk customers the list shows (the registry's filter has them all)

if TYPE_CHECKING:
    from crmdesk.core.firm.lunar import ComingFestival
    from crmdesk.core.org.workload import PersonLoad
    from crmdesk.core.overview import AgendaItem, RiskLine


class TodayData(NamedTuple):
    """Everything the 今日 list shows at ``now``."""

    now: dt.datetime
    assignee_id: int | None
    items: list[AgendaItem]
    risky: list[RiskLine]
    risky_total: int
    festivals: list[ComingFestival]
    due_today: int
    overdue: int
    people: list[PersonLoad]
    calendar_notice: str
    tickets_total: int  # the tickets near or past a due, all of them (the list stops at its limit)
    tickets_late: int  # of them past a due


def read(now: dt.datetime, limit: int = LIMIT, *, assignee_id: int | None = None, risky: int = RISKY,
         tickets: bool = True) -> TodayData:
    """The 今日 list's data at ``now``: at most ``limit`` agenda lines of each kind (of one assignee's
    follow-ups, or everyone's), at most ``risky`` at-risk customers (0: only how many there are), the
    tickets near or past a due (``tickets``; else only how many: :func:`ticket_lines` reads them)."""
    from crmdesk.core import overview  # start-up: loads on the prefetch thread, beside the window's modules
    from crmdesk.core.firm import holidays, lunar, workcal  # start-up: as above
    from crmdesk.core.org import workload  # start-up: as above
    from crmdesk.core.tickets import alerts  # start-up: as above

    notice = holidays.missing_notice(now.date())
    items = overview.today_items(now, limit, assignee_id=assignee_id, tickets=tickets)
    tickets_total, tickets_late = alerts.due_counts(now)
    risk_lines, risk_total = overview.at_risk_customers(risky)
    festivals = lunar.coming(now.date(), workcal.current().is_workday)  # as reminders.coming_festivals
    due_today, overdue = overview.followup_counts(now, assignee_id)
    return TodayData(now, assignee_id, items, risk_lines, risk_total, festivals, due_today, overdue,
                     workload.people(now), notice, tickets_total, tickets_late)


def ticket_lines(now: dt.datetime, limit: int = LIMIT) -> list[AgendaItem]:
    """The ticket lines of :func:`read` alone: the window's first paint reads only their count, below its
    first screen, and their lines right after it."""
    from crmdesk.core import overview  # start-up: as in read

    return overview.due_ticket_items(now, limit)


def at_risk_lines(limit: int = RISKY) -> list[RiskLine]:
    """The at-risk customers' lines of :func:`read` alone: the window's first paint reads only their
    count when they fall below its first screen, and their lines right after it."""
    from crmdesk.core import overview  # start-up: as in read

    return overview.at_risk_lines(limit)


class Prefetch:
    """:func:`read` on a thread of its own, started as early as the database is open (on a server:
    see ``crmdesk.app._run_window`` for why not on a file).

    The window takes the result with :meth:`result` when it fills 今日 for its first paint. Any
    error is not raised here: :meth:`result` then returns None and the caller reads again itself,
    so a failure surfaces where it always did.
    """

    def __init__(self, now: dt.datetime, limit: int = LIMIT) -> None:
        self.now, self.limit = now, limit
        self._data: TodayData | None = None
        self._thread = threading.Thread(target=self._run, name="crmdesk-today", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._data = read(self.now, self.limit)
        except Exception:  # noqa: BLE001 - read again on the GUI thread, which reports it as any refresh would
            self._data = None
        finally:
            db.close_thread_connection()  # peewee keeps one connection per thread

    def result(self) -> TodayData | None:
        """The data (waiting for the thread if it is still reading), or None if the read failed."""
        self._thread.join()
        return self._data

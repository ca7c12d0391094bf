"""The tickets the Today view, the tray and the monthly report call out: overdue and near-due
tickets, and open 重大 complaints (escalated to the owner at once, docs/spec.md §3).

Each list is one SQL statement on the per-stage due indexes (schema 4), so it costs a few
milliseconds on the 100,000-customer reference data whatever the size of the archive.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from crmdesk.core.store import db
from crmdesk.core.store.models import stored_datetime, stored_moment, stored_text
from crmdesk.core.tickets.stages import OPEN_STAGES


def from_live() -> str:
    """Tickets joined with their customer and assignee, neither in the recycle bin (the board's own
    queries read their cards differently). ``+c.deleted_at`` (SQLite): never drive the query from the
    customer table's deleted_at index (which would visit every ticket of every customer); the
    ticket-side indexes are the selective ones."""
    return ("FROM ticket t JOIN customer c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id "
            f"WHERE t.deleted_at IS NULL AND {db.dialect().no_index('c.deleted_at')} IS NULL")


class DueLine(NamedTuple):
    """A ticket in the Today view or the overdue list."""

    id: int
    number: str
    customer_id: int
    customer: str
    category: str
    priority: str
    severity: str
    stage: str
    assignee: str
    due: dt.datetime
    due_kind: str  # response / resolution
    overdue: bool


def _open_unpaused() -> str:
    """``FROM … WHERE …`` of the open, unpaused, live tickets (their customer not in the bin), read from the
    open-work index alone (schema 16): the due lines and their count."""
    stages = ",".join(f"'{stage}'" for stage in OPEN_STAGES)
    return (f"FROM ticket{db.dialect().indexed_by('ticket_open_work')} WHERE stage IN ({stages}) AND deleted_at IS NULL "
            f"AND paused = FALSE AND customer_id NOT IN {db.customers_in_bin()}")


def _due_lines(low: dt.datetime | None, high: dt.datetime | None, limit: int, overdue: bool = False) -> list[DueLine]:
    """Open, unpaused tickets whose response or resolution due lies in [low, high].

    The dues are found in the open-work index alone (schema 16: the open tickets are thousands on
    the reference data, and most of them past due), the first ``limit`` of them by due; only those
    lines read the ticket's row, its customer and its assignee.
    """
    bounds, params = [], []
    for op, value in ((">=", low), ("<=", high)):
        if value is not None:
            bounds.append(op)
            params.append(stored_text(value))

    def branch(column: str, kind: str, extra: str) -> str:
        condition = " AND ".join(f"{column} {op} ?" for op in bounds) or f"{column} IS NOT NULL"
        return f" SELECT id, {column} AS due, '{kind}' AS kind {_open_unpaused()}{extra} AND {condition}"

    sql = ("SELECT t.id, t.number, t.customer_id, c.name, t.category, t.priority, t.severity, t.stage,"
           " COALESCE(s.name, t.assignee_name), d.due, d.kind FROM (SELECT * FROM ("
           + branch("response_due", "response", " AND first_response_at IS NULL") + " UNION ALL"
           + branch("resolution_due", "resolution", "")
           + ") AS u ORDER BY u.due, u.id LIMIT ?) AS d JOIN ticket t ON t.id = d.id"
           " JOIN customer c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id"
           " ORDER BY d.due, d.id")
    rows = db.sql(sql, [*params, *params, limit])
    return [DueLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or "", stored_moment(r[9]), r[10], overdue)
            for r in rows]


def overdue(now: dt.datetime | None = None, limit: int = 1000) -> list[DueLine]:
    """Open, unpaused tickets past a due (response not given in time, or not resolved in time).

    A ticket past both dues appears twice, once per due, so each list states what was missed.
    """
    now = now or dt.datetime.now()
    return _due_lines(None, now - dt.timedelta(microseconds=1), limit, overdue=True)


def near_due(now: dt.datetime | None = None, hours: float = 4, limit: int = 1000) -> list[DueLine]:
    """Open, unpaused tickets whose next due falls within ``hours`` (calendar hours) from ``now``."""
    now = now or dt.datetime.now()
    return _due_lines(now, now + dt.timedelta(hours=hours), limit)


def due_counts(now: dt.datetime | None = None, hours: float = 4) -> tuple[int, int]:
    """(tickets, of them late) of :func:`overdue` and :func:`near_due` together, each ticket once, open
    重大 complaints left out (Today lists them first, on their own): all of them, not the lines a
    list stops at. Read from the open-work index alone (schema 16)."""
    now = now or dt.datetime.now()
    # past a due as overdue() reads it: up to the microsecond before now (stored times have whole seconds)
    soon, late = stored_text(now + dt.timedelta(hours=hours)), stored_text(now - dt.timedelta(microseconds=1))
    response = "first_response_at IS NULL AND response_due"
    total, past = db.sql(
        f"SELECT count(*), count(*) FILTER (WHERE ({response} <= ?) OR resolution_due <= ?) {_open_unpaused()} "
        f"AND (({response} <= ?) OR resolution_due <= ?) AND NOT (category = 'complaint' AND severity = 'critical')",
        [late, late, soon, soon]).fetchone()
    return int(total or 0), int(past or 0)


class ComplaintLine(NamedTuple):
    """An open 重大 complaint for the owner's notice."""

    id: int
    number: str
    customer_id: int
    customer: str
    description: str
    stage: str
    assignee: str
    created_at: dt.datetime
    resolution_due: dt.datetime | None


def critical_complaints(include_resolved: bool = False, limit: int = 500) -> list[ComplaintLine]:
    """重大 complaints not yet resolved (escalated to the owner at once), oldest first."""
    stages = list(OPEN_STAGES) + (["resolved", "callback"] if include_resolved else [])
    d = db.dialect()
    # Driven by the open-work index of the asked stages (schema 16: their category and severity are in it),
    # not by every complaint ever filed; the table is read for the few lines found.
    by_stage = from_live().replace("FROM ticket t ", f"FROM ticket t{d.indexed_by('ticket_open_work')} ", 1)
    rows = db.sql(
        "SELECT t.id, t.number, t.customer_id, c.name, t.description, t.stage, COALESCE(s.name, t.assignee_name), "
        f"t.created_at, t.resolution_due {by_stage} AND {d.no_index('t.category')} = 'complaint' "
        f"AND t.severity = 'critical' AND t.stage IN ({','.join('?' * len(stages))}) "
        f"ORDER BY {d.no_index('t.created_at')}, t.id LIMIT ?", [*stages, limit])
    return [ComplaintLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "",
                          stored_moment(r[7]), stored_datetime(r[8])) for r in rows]

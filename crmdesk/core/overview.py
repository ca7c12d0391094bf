"""Read-only queries for the status bar and the tabs' lists (Today, board, calendar, reports).

Later modules (tickets, follow-ups, KPIs) own the rules; these are the plain
listings every tab starts from. All of them are single SQL statements on indexed
columns, fast on the 100,000-customer reference database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import Database


@dataclass(frozen=True)
class Counts:
    """The numbers in the status bar."""

    customers: int
    open_tickets: int
    due_followups: int


def counts(db: Database, today: dt.date | None = None) -> Counts:
    """Active customers, open tickets and follow-ups due by the end of today."""
    today = today or dt.date.today()
    end = dt.datetime.combine(today, dt.time(23, 59, 59))
    customers = db.execute_sql(
        "SELECT count(*) FROM customer WHERE status = 'active' AND deleted_at IS NULL AND merged_into_id IS NULL"
    ).fetchone()[0]
    open_tickets = db.execute_sql(
        "SELECT count(*) FROM ticket WHERE stage IN ('received','classified','dispatched','in_progress') "
        "AND deleted_at IS NULL").fetchone()[0]
    due = db.execute_sql(
        "SELECT count(*) FROM follow_up WHERE status = 'planned' AND due_at <= ? AND deleted_at IS NULL",
        [end]).fetchone()[0]
    return Counts(customers, open_tickets, due)


@dataclass(frozen=True)
class AgendaItem:
    """A line of the Today list or the calendar's day agenda."""

    kind: str  # followup / callback / ticket / complaint
    id: int
    when: dt.datetime | None
    customer_id: int
    customer: str
    title: str
    detail: str
    overdue: bool


def _dt(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def followups_between(db: Database, start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None,
                      planned_only: bool = False, limit: int = 500) -> list[AgendaItem]:
    """Follow-ups due in ``[start, end)``, earliest first."""
    now = now or dt.datetime.now()
    status = "AND f.status = 'planned'" if planned_only else ""
    rows = db.execute_sql(
        "SELECT f.id, f.kind, f.due_at, c.id, c.name, f.purpose, f.method, f.status, s.name "
        "FROM follow_up f JOIN customer c ON c.id = f.customer_id LEFT JOIN staff s ON s.id = f.assignee_id "
        f"WHERE f.due_at >= ? AND f.due_at < ? AND f.deleted_at IS NULL {status} "
        "ORDER BY f.due_at LIMIT ?", [start, end, limit])
    items = []
    for fid, kind, due, cid, cname, purpose, method, fstatus, staff in rows:
        due_at = _dt(due)
        items.append(AgendaItem("callback" if kind == "callback" else "followup", fid, due_at, cid, cname,
                                purpose, f"{method}|{fstatus}|{staff or ''}",
                                fstatus == "planned" and due_at is not None and due_at < now))
    return items


def today_items(db: Database, now: dt.datetime | None = None, limit: int = 300) -> list[AgendaItem]:
    """今日待办: due and overdue follow-ups and callbacks, tickets near or past due, 重大 complaints first."""
    from crmdesk.core import ticket_board

    now = now or dt.datetime.now()
    end_of_day = dt.datetime.combine(now.date(), dt.time(23, 59, 59))
    items = followups_between(db, dt.datetime(1900, 1, 1), end_of_day, now=now, planned_only=True, limit=limit)
    for c in ticket_board.critical_complaints(limit=limit):
        items.append(AgendaItem("complaint", c.id, c.resolution_due, c.customer_id, c.customer, c.number,
                                f"urgent|{c.stage}", c.resolution_due is not None and c.resolution_due < now))
    critical = {item.id for item in items if item.kind == "complaint"}
    seen: set[int] = set()
    for line in ticket_board.overdue(now, limit) + ticket_board.near_due(now, 4, limit):
        if line.id in critical or line.id in seen:
            continue
        seen.add(line.id)
        items.append(AgendaItem("ticket", line.id, line.due, line.customer_id, line.customer, line.number,
                                f"{line.priority}|{line.stage}", line.due < now))
    items.sort(key=lambda item: (item.kind != "complaint", item.when or dt.datetime.max))
    return items


@dataclass(frozen=True)
class TicketLine:
    """A ticket in the board's list."""

    id: int
    number: str
    customer: str
    category: str
    priority: str
    stage: str
    assignee: str
    created_at: dt.datetime | None
    resolution_due: dt.datetime | None


def tickets(db: Database, *, stages: list[str] | None = None, limit: int = 2000) -> list[TicketLine]:
    """Tickets (newest first), optionally only in the given stages."""
    where = "t.deleted_at IS NULL"
    params: list[object] = []
    if stages:
        where += f" AND t.stage IN ({','.join('?' * len(stages))})"
        params.extend(stages)
    rows = db.execute_sql(
        "SELECT t.id, t.number, c.name, t.category, t.priority, t.stage, "
        "COALESCE(s.name, t.assignee_name), t.created_at, t.resolution_due "
        "FROM ticket t JOIN customer c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id "
        f"WHERE {where} ORDER BY t.created_at DESC LIMIT ?", [*params, limit])
    return [TicketLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", _dt(r[7]), _dt(r[8])) for r in rows]


def stage_counts(db: Database) -> dict[str, int]:
    """How many tickets each stage holds."""
    return {stage: n for stage, n in db.execute_sql(
        "SELECT stage, count(*) FROM ticket WHERE deleted_at IS NULL GROUP BY stage")}


def day_counts(db: Database, start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, int]]:
    """Per day in ``[start, end)``: (planned, done) follow-ups."""
    rows = db.execute_sql(
        "SELECT substr(due_at, 1, 10), sum(status = 'planned'), sum(status = 'done') FROM follow_up "
        "WHERE due_at >= ? AND due_at < ? AND deleted_at IS NULL GROUP BY 1",
        [dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())])
    return {dt.date.fromisoformat(day): (int(planned or 0), int(done or 0)) for day, planned, done in rows}


@dataclass(frozen=True)
class MonthSummary:
    """One month's headline numbers in the reports tab."""

    month: str
    received: int
    resolved: int
    complaints: int
    csat: float | None  # mean overall score, 1–5
    surveys: int


def monthly_summary(db: Database, months: int = 12, today: dt.date | None = None) -> list[MonthSummary]:
    """The last ``months`` months, oldest first (the KPI service of the reports issue goes deeper)."""
    today = today or dt.date.today()
    first = dt.date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    start = dt.datetime.combine(first, dt.time())
    received = {m: (n, c) for m, n, c in db.execute_sql(
        "SELECT substr(created_at, 1, 7), count(*), sum(category = 'complaint') FROM ticket "
        "WHERE created_at >= ? AND deleted_at IS NULL GROUP BY 1", [start])}
    resolved = {m: n for m, n in db.execute_sql(
        "SELECT substr(resolved_at, 1, 7), count(*) FROM ticket WHERE resolved_at >= ? AND deleted_at IS NULL "
        "GROUP BY 1", [start])}
    csat = {m: (avg, n) for m, avg, n in db.execute_sql(
        "SELECT substr(date, 1, 7), avg(overall), count(*) FROM survey WHERE date >= ? AND overall IS NOT NULL "
        "GROUP BY 1", [first])}
    out = []
    month = first
    for _ in range(months):
        key = month.strftime("%Y-%m")
        n_received, n_complaints = received.get(key, (0, 0))
        avg, n_surveys = csat.get(key, (None, 0))
        out.append(MonthSummary(key, n_received, resolved.get(key, 0), int(n_complaints or 0),
                                round(avg, 2) if avg is not None else None, n_surveys))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out

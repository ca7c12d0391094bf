"""Read-only queries for the status bar and the tabs' lists (Today, board, calendar, reports).

Later modules (tickets, follow-ups, KPIs) own the rules; these are the plain
listings every tab starts from. All of them are single SQL statements on indexed
columns, fast on the 100,000-customer reference database. Like every core service they
read the database the models are bound to (``store.models.database_proxy``, bound by the one
function that opens a database for work), through ``core.store.db.sql``, so no caller hands them
a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from crmdesk.core.store import db
from crmdesk.core.store.models import stored_datetime
from crmdesk.core.tickets import alerts as ticket_alerts


class Counts(NamedTuple):
    """The numbers in the status bar."""

    customers: int
    open_tickets: int
    due_followups: int


def counts(today: dt.date | None = None) -> Counts:
    """Active customers, open tickets and follow-ups due by the end of today."""
    today = today or dt.date.today()
    end = dt.datetime.combine(today, dt.time(23, 59, 59))
    customers = db.sql(
        "SELECT count(*) FROM customer WHERE status = 'active' AND deleted_at IS NULL AND merged_into_id IS NULL"
    ).fetchone()[0]
    open_tickets = db.sql(
        "SELECT count(*) FROM ticket WHERE stage IN ('received','classified','dispatched','in_progress') "
        "AND deleted_at IS NULL").fetchone()[0]
    due = db.sql(
        "SELECT count(*) FROM follow_up WHERE status = 'planned' AND due_at <= ? AND deleted_at IS NULL",
        [end]).fetchone()[0]
    return Counts(customers, open_tickets, due)


class AgendaItem(NamedTuple):
    """A line of the Today list or the calendar's day agenda."""

    kind: str  # followup / callback / ticket / complaint
    id: int
    when: dt.datetime | None
    customer_id: int
    customer: str
    title: str
    detail: str
    overdue: bool
    followup_kind: str = ""  # manual / cadence / birthday / holiday / … for follow-ups and callbacks


class Filter(NamedTuple):
    """The calendar's filters: assignee, method and a part of the purpose."""

    assignee_id: int | None = None
    method: str = ""
    purpose: str = ""

    def sql(self) -> tuple[str, list[object]]:
        """Extra ``AND …`` conditions on ``follow_up f`` and their parameters."""
        parts: list[str] = []
        params: list[object] = []
        if self.assignee_id is not None:
            parts.append("f.assignee_id = ?")
            params.append(self.assignee_id)
        if self.method:
            parts.append("f.method = ?")
            params.append(self.method)
        purpose = self.purpose.strip()
        if purpose:
            from crmdesk.core.customers import search  # start-up: Today filters by no purpose; loads after its paint

            purpose = search.without_controls(purpose).strip()
        if purpose:
            parts.append(db.dialect().contains("f.purpose"))
            params.append(purpose)
        return "".join(f" AND {p}" for p in parts), params


_FOLLOWUP_SELECT = ("SELECT f.id, f.kind, f.due_at, c.id, c.name, f.purpose, f.method, f.status, s.name "
                    "FROM follow_up f JOIN customer c ON c.id = f.customer_id LEFT JOIN staff s ON s.id = f.assignee_id ")


def _followup_items(rows: Iterable[Sequence[Any]], now: dt.datetime) -> list[AgendaItem]:
    items = []
    for fid, kind, due, cid, cname, purpose, method, fstatus, staff in rows:
        due_at = stored_datetime(due)
        items.append(AgendaItem("callback" if kind == "callback" else "followup", fid, due_at, cid, cname,
                                purpose, f"{method}|{fstatus}|{staff or ''}",
                                fstatus == "planned" and due_at is not None and due_at < now, kind))
    return items


def followups_between(start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None,
                      planned_only: bool = False, limit: int = 500, filters: Filter | None = None) -> list[AgendaItem]:
    """Follow-ups due in ``[start, end)``, earliest first."""
    now = now or dt.datetime.now()
    status = "AND f.status = 'planned'" if planned_only else ""
    extra, params = (filters or Filter()).sql()
    live = f"{db.dialect().no_index('c.deleted_at')} IS NULL"
    rows = db.sql(
        f"{_FOLLOWUP_SELECT}WHERE f.due_at >= ? AND f.due_at < ? AND f.deleted_at IS NULL AND {live} {status}{extra} "
        "ORDER BY f.due_at, f.id LIMIT ?", [start, end, *params, limit])
    return _followup_items(rows, now)


def day_items(days: list[dt.date], per_day: int, *, now: dt.datetime | None = None,
              filters: Filter | None = None) -> dict[dt.date, list[AgendaItem]]:
    """The first ``per_day`` follow-ups of each day (one indexed range query a day: a month of the
    reference database holds 150,000 follow-ups, a month grid shows a handful per day)."""
    now = now or dt.datetime.now()
    extra, params = (filters or Filter()).sql()
    live = f"{db.dialect().no_index('c.deleted_at')} IS NULL"
    out = {}
    for day in days:
        start = dt.datetime.combine(day, dt.time())
        rows = db.sql(
            f"{_FOLLOWUP_SELECT}WHERE f.due_at >= ? AND f.due_at < ? AND f.deleted_at IS NULL AND {live}{extra} "
            "ORDER BY f.due_at, f.id LIMIT ?", [start, start + dt.timedelta(days=1), *params, per_day])
        out[day] = _followup_items(rows, now)
    return out


def followup_counts(now: dt.datetime | None = None, assignee_id: int | None = None) -> tuple[int, int]:
    """(due later today, overdue) planned follow-ups, optionally of one assignee — all of them, of the
    customers the agenda lists (not in the recycle bin), so the counts match the list's lines when it is
    not cut at its limit."""
    now = now or dt.datetime.now()
    end = dt.datetime.combine(now.date(), dt.time(23, 59, 59))
    extra, params = Filter(assignee_id=assignee_id).sql()
    # the customers in the bin are few: their ids once, not each follow-up's customer row (2.7 → 1.2 ms)
    today, overdue = db.sql(
        "SELECT count(*) FILTER (WHERE f.due_at >= ?), count(*) FILTER (WHERE f.due_at < ?) FROM follow_up f "
        f"WHERE f.status = 'planned' AND f.due_at <= ? AND f.deleted_at IS NULL AND f.customer_id NOT IN "
        f"{db.customers_in_bin()}{extra}",
        [now, now, end, *params]).fetchone()
    return int(today or 0), int(overdue or 0)


def today_items(now: dt.datetime | None = None, limit: int = 300,
                assignee_id: int | None = None, *, tickets: bool = True) -> list[AgendaItem]:
    """今日待办: due and overdue follow-ups and callbacks (of one assignee, or everyone's), tickets near or
    past due (``tickets``: else without them, :func:`due_ticket_items` reads them), 重大 complaints first."""
    now = now or dt.datetime.now()
    end_of_day = dt.datetime.combine(now.date(), dt.time(23, 59, 59))
    items = followups_between(dt.datetime(1900, 1, 1), end_of_day, now=now, planned_only=True, limit=limit,
                              filters=Filter(assignee_id=assignee_id))
    for c in ticket_alerts.critical_complaints(limit=limit):
        items.append(AgendaItem("complaint", c.id, c.resolution_due, c.customer_id, c.customer, c.number,
                                f"urgent|{c.stage}", c.resolution_due is not None and c.resolution_due < now))
    if tickets:
        items += due_ticket_items(now, limit)
    items.sort(key=lambda item: (item.kind != "complaint", item.when or dt.datetime.max))
    return items


def due_ticket_items(now: dt.datetime, limit: int = 300) -> list[AgendaItem]:
    """The tickets of 今日待办: past a due, then near one (each ticket once, at its earliest due), by due.
    Open 重大 complaints are never among them: Today lists those on their own, first (also those beyond
    that list's limit, as ``alerts.due_counts`` counts them)."""
    seen: set[int] = set()
    items = []
    for line in ticket_alerts.overdue(now, limit) + ticket_alerts.near_due(now, 4, limit):
        if line.id in seen or (line.category == "complaint" and line.severity == "critical"):
            continue
        seen.add(line.id)
        items.append(AgendaItem("ticket", line.id, line.due, line.customer_id, line.customer, line.number,
                                f"{line.priority}|{line.stage}", line.due < now))
    items.sort(key=lambda item: item.when or dt.datetime.max)
    return items


class TicketLine(NamedTuple):
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


def tickets(*, stages: list[str] | None = None, limit: int = 2000) -> list[TicketLine]:
    """Tickets (newest first), optionally only in the given stages."""
    where = "t.deleted_at IS NULL"
    params: list[object] = []
    if stages:
        where += f" AND t.stage IN ({','.join('?' * len(stages))})"
        params.extend(stages)
    rows = db.sql(
        "SELECT t.id, t.number, c.name, t.category, t.priority, t.stage, "
        "COALESCE(s.name, t.assignee_name), t.created_at, t.resolution_due "
        "FROM ticket t JOIN customer c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id "
        f"WHERE {where} ORDER BY t.created_at DESC LIMIT ?", [*params, limit])
    return [TicketLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", stored_datetime(r[7]), stored_datetime(r[8])) for r in rows]


class DayCount(NamedTuple):
    """Follow-ups of one calendar day by state (overdue: still planned and past due)."""

    planned: int
    done: int
    skipped: int
    overdue: int

    @property
    def total(self) -> int:
        return self.planned + self.done + self.skipped


def day_counts(start: dt.date, end: dt.date, *, now: dt.datetime | None = None,
               filters: Filter | None = None) -> dict[dt.date, DayCount]:
    """Per day in ``[start, end)``: planned, done, skipped and overdue follow-ups.

    Unfiltered, the counts come from the covering ``(status, due_at)`` index, less the few rows in the
    recycle bin (deleted follow-ups, follow-ups of deleted customers): a month of the reference
    database is 200,000 rows, which a scan of the table itself takes most of a second to count.
    """
    now = now or dt.datetime.now()
    low, high = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    extra, params = (filters or Filter()).sql()
    tally: dict[tuple[str, str], int] = {}
    d = db.dialect()
    if extra:
        extra += " AND f.customer_id NOT IN (SELECT entity_id FROM recycle_bin_entry WHERE entity = 'customer')"
        rows = db.sql(
            f"SELECT {d.day('f.due_at')}, f.status, count(*) FROM follow_up f WHERE f.due_at >= ? AND f.due_at < ? "
            f"AND f.deleted_at IS NULL{extra} GROUP BY 1, 2", [low, high, *params])
        tally = {(day, status): n for day, status, n in rows}
        late = db.sql(
            f"SELECT {d.day('f.due_at')}, count(*) FROM follow_up f WHERE f.status = 'planned' AND f.due_at >= ? "
            f"AND f.due_at < ? AND f.deleted_at IS NULL{extra} GROUP BY 1", [low, min(high, now), *params])
    else:
        for day, status, n in db.sql(
                f"SELECT {d.day('due_at')}, status, count(*) FROM follow_up WHERE status IN ('planned', 'done', "
                "'skipped') AND due_at >= ? AND due_at < ? GROUP BY 1, 2", [low, high]):
            tally[(day, status)] = n
        binned = (f"SELECT {d.day('f.due_at')}, f.status, count(*), "
                  "count(*) FILTER (WHERE f.status = 'planned' AND f.due_at < ?) "
                  "FROM follow_up f WHERE f.due_at >= ? AND f.due_at < ? AND {} GROUP BY 1, 2")
        gone: dict[str, int] = {}
        for condition in ("f.deleted_at IS NOT NULL AND f.id IN (SELECT entity_id FROM recycle_bin_entry "
                          "WHERE entity = 'followup')",
                          # a deleted ticket's planned callback goes into the bin with the ticket
                          "f.deleted_at IS NOT NULL AND f.ticket_id IN (SELECT entity_id FROM recycle_bin_entry "
                          "WHERE entity = 'ticket') AND f.id NOT IN (SELECT entity_id FROM recycle_bin_entry "
                          "WHERE entity = 'followup')",
                          "f.deleted_at IS NULL AND f.customer_id IN (SELECT entity_id FROM recycle_bin_entry "
                          "WHERE entity = 'customer')"):
            for day, status, n, late_n in db.sql(binned.format(condition), [now, low, high]):
                tally[(day, status)] = tally.get((day, status), 0) - n
                gone[day] = gone.get(day, 0) + int(late_n or 0)
        late = db.sql(
            f"SELECT {d.day('due_at')}, count(*) FROM follow_up WHERE status = 'planned' AND due_at >= ? "
            "AND due_at < ? GROUP BY 1", [low, min(high, now)])
        late = [(day, n - gone.get(day, 0)) for day, n in late]
    overdue = dict(late)
    out: dict[dt.date, DayCount] = {}
    for day in sorted({day for day, _status in tally}):
        count = DayCount(tally.get((day, "planned"), 0), tally.get((day, "done"), 0), tally.get((day, "skipped"), 0),
                         overdue.get(day, 0))
        if count.total:
            out[dt.date.fromisoformat(day)] = count
    return out


class RiskLine(NamedTuple):
    """An at-risk customer in Today."""

    customer_id: int
    code: str
    name: str
    reasons: str
    last_contact: dt.datetime | None


_SHOWN = "status = 'active' AND deleted_at IS NULL AND merged_into_id IS NULL"
_AT_RISK = f"at_risk = TRUE AND {_SHOWN}"


def at_risk_customers(limit: int = 100) -> tuple[list[RiskLine], int]:
    """At-risk customers (least recently contacted first, at most ``limit``; none for 0: Today's first
    paint, when the lines fall below its first screen) and how many there are."""
    total = db.sql(f"SELECT count(*) FROM customer WHERE {_AT_RISK}").fetchone()[0]
    return (at_risk_lines(limit) if limit > 0 else []), int(total)


def at_risk_lines(limit: int = 100) -> list[RiskLine]:
    """The first ``limit`` at-risk customers, least recently contacted first (without their count)."""
    # The first ``limit`` in the order of the registry's covering index by last contact, kept when
    # at risk (a set read from the at-risk index): ~5 ms on the reference data instead of ~10 ms of
    # reading all ~5,000 at-risk customers' rows to sort them (Today at start-up, docs/spec.md §9)
    order = "last_contact_at NULLS FIRST, id"
    by_contact = db.dialect().indexed_by("customer_last_contact_at_id_status_deleted_at_merged_into_id")
    rows = db.sql("SELECT id, code, name, risk_reasons, last_contact_at FROM customer WHERE id IN "
                  f"(SELECT id FROM customer{by_contact} WHERE {_SHOWN} AND id IN (SELECT id FROM customer WHERE "
                  f"{_AT_RISK}) ORDER BY {order} LIMIT ?) ORDER BY {order}", [limit])
    return [RiskLine(r[0], r[1], r[2], r[3] or "", stored_datetime(r[4])) for r in rows]


class MonthSummary(NamedTuple):
    """One month's headline numbers in the reports tab."""

    month: str
    received: int
    resolved: int
    complaints: int
    csat: float | None  # mean overall score, 1–5
    surveys: int


def monthly_summary(months: int = 12, today: dt.date | None = None) -> list[MonthSummary]:
    """The last ``months`` months, oldest first: headline numbers of the KPI service (``core.reports.kpi``)."""
    from crmdesk.core.reports import kpi  # start-up: the KPI service loads with the reports tab, not at start

    out = []
    for point in kpi.trend(today or dt.date.today(), months):
        v = point.values
        out.append(MonthSummary(point.period.start.strftime("%Y-%m"), int(v["received"] or 0),
                                int(v["resolved"] or 0), int(v["complaints"] or 0),
                                None if v["csat"] is None else round(v["csat"], 2), int(v["surveys"] or 0)))
    return out

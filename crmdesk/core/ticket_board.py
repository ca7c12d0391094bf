"""Read-only ticket queries: the board (工单看板), overdue and near-due lists, 重大 complaints.

``board`` runs one SQL statement (a sub-select per stage, glued with UNION ALL, tickets joined
with customer and staff, filtered, ordered and limited in SQL) and computes each card's time
left in Python with one SLA policy and one calendar snapshot, reading the stored times as text.
Archived tickets are left out unless asked for. Open stages are ordered by their next due (most
urgent first); resolved, callback and archived by resolution time (newest first), read backwards
along the ``resolved_at`` index so that a column of 30,000 finished tickets costs no more than its
first ``limit_per_stage`` cards. ``stage_counts`` gives the column totals.

A card's clock is the ticket's *next* due: the response due until the first response, then the
resolution due; frozen at ``paused_at`` while paused and at ``resolved_at`` once resolved (a
resolved card is red when it was resolved late). ``state`` is ok / amber (under 25 % of the
allowance left) / red (breached), or "" for tickets without due times (imported history).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from crmdesk.core import sla
from crmdesk.core.models import database_proxy
from crmdesk.core.ticket_records import OPEN_STAGES, STAGES


class Card(NamedTuple):
    """One ticket on the board (a named tuple: cheap to make by the ten thousand)."""

    id: int
    number: str
    customer_id: int
    customer: str
    category: str
    priority: str
    severity: str
    assignee: str
    stage: str
    due: dt.datetime | None  # the next due (response, then resolution)
    due_kind: str  # response / resolution / ""
    seconds_left: int | None  # in the due's clock (working or calendar seconds); negative when breached
    allowance_seconds: int | None
    calendar: bool  # True: the clock counts 24×7; False: working time
    state: str  # ok / amber / red / ""
    paused: bool
    pause_reason: str


@dataclass
class BoardFilter:
    """What the board shows; every criterion is optional."""

    stages: tuple[str, ...] | None = None  # None: every stage but archived (unless include_archived)
    include_archived: bool = False
    assignee_id: int | None = None
    unassigned: bool = False
    customer_id: int | None = None
    category: str | None = None
    priority: str | None = None
    text: str = ""  # part of the number or of the customer's name
    created_from: dt.datetime | None = None
    created_to: dt.datetime | None = None
    states: frozenset[str] | None = None  # keep only cards in these states (e.g. {"amber", "red"})
    limit_per_stage: int | None = 500  # the first N cards of each stage (None: all of them)


_COLUMNS = ("t.id, t.number, t.customer_id, c.name, c.tier, t.category, t.priority, t.severity, "
            "COALESCE(s.name, t.assignee_name), t.stage, t.first_response_at, t.response_due, t.resolution_due, "
            "t.resolved_at, t.paused, t.paused_at, t.pause_reason")
# the next due: the response due until the first response (and before resolution), then the resolution due
_NEXT_DUE = ("CASE WHEN t.first_response_at IS NULL AND t.resolved_at IS NULL AND t.response_due IS NOT NULL "
             "THEN t.response_due ELSE t.resolution_due END")
# ``+c.deleted_at``: never drive the query from the customer table's deleted_at index (which would
# visit every ticket of every customer); the ticket-side indexes are the selective ones
_FROM = ("FROM ticket t JOIN customer c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id "
         "WHERE t.deleted_at IS NULL AND +c.deleted_at IS NULL")


def _stages(f: BoardFilter) -> list[str]:
    if f.stages:
        return [s for s in STAGES if s in f.stages]
    return [s for s in STAGES if f.include_archived or s != "archived"]


def _where(f: BoardFilter, with_stages: bool = True) -> tuple[str, list[object]]:
    sql = ""
    params: list[object] = []
    if with_stages:
        stages = _stages(f)
        sql = f" AND t.stage IN ({','.join('?' * len(stages))})"
        params.extend(stages)
    # unary + keeps SQLite on the stage (or resolved_at) index: an engineer, a category or a priority
    # holds tens of thousands of tickets, mostly archived
    if f.assignee_id is not None:
        sql += " AND +t.assignee_id = ?"
        params.append(f.assignee_id)
    if f.unassigned:
        sql += " AND t.assignee_id IS NULL"
    if f.customer_id is not None:
        sql += " AND t.customer_id = ?"
        params.append(f.customer_id)
    if f.category:
        sql += " AND +t.category = ?"
        params.append(f.category)
    if f.priority:
        sql += " AND +t.priority = ?"
        params.append(f.priority)
    if f.created_from is not None:
        sql += " AND t.created_at >= ?"
        params.append(_ts(f.created_from))
    if f.created_to is not None:
        sql += " AND t.created_at < ?"
        params.append(_ts(f.created_to))
    text = (f.text or "").strip()
    if text:
        sql += " AND (instr(t.number, ?) > 0 OR instr(c.name, ?) > 0)"
        params.extend([text.upper(), text])
    return sql, params


def _ts(moment: dt.datetime) -> str:
    """How peewee stores a ``DateTimeField`` (compared as text in SQL)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _parse(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _board_sql(f: BoardFilter, limit: int | None) -> tuple[str, list[object]]:
    """One statement: a sub-select per stage, each ordered (and limited) on its own, glued by UNION ALL."""
    where, params = _where(f, with_stages=False)
    # The callback and archived columns grow without end (tens of thousands of tickets): limited, they
    # walk the resolved_at index backwards instead of sorting the whole stage, unless a selective
    # filter (or a text search, which reads every row anyway) could make that walk visit most of the
    # table before it finds enough cards. The resolved column (waiting for its callback) stays small.
    walk = limit is not None and not (f.customer_id is not None or (f.text or "").strip() or f.created_from
                                      or f.created_to)
    parts: list[str] = []
    all_params: list[object] = []
    for stage in _stages(f):
        if stage in OPEN_STAGES:
            order = f"{_NEXT_DUE} IS NULL, {_NEXT_DUE}, t.id"
            condition = "t.stage = ?"
        else:
            order = "t.resolved_at DESC, t.id DESC"
            condition = "+t.stage = ?" if walk and stage != "resolved" else "t.stage = ?"
        tail = " LIMIT ?" if limit is not None else ""
        parts.append(f"SELECT * FROM (SELECT {_COLUMNS} {_FROM} AND {condition}{where} ORDER BY {order}{tail})")
        all_params += [stage, *params] + ([limit] if limit is not None else [])
    return " UNION ALL ".join(parts), all_params


def board(filters: BoardFilter | None = None, now: dt.datetime | None = None) -> dict[str, list[Card]]:
    """The cards of each stage asked for (every such stage is a key, possibly empty).

    Open stages are ordered by their next due, most urgent first; resolved, callback and archived
    by the resolution time, newest first. ``limit_per_stage`` (default 500) caps each column;
    ``stage_counts`` gives the full numbers for the column headers.
    """
    f = filters or BoardFilter()
    now = now or dt.datetime.now()
    if not _stages(f):
        return {}
    # A state filter is applied to the computed cards, so the limit is applied after it: every ticket
    # of the stages asked for is read (use stages=OPEN_STAGES for an "at risk now" view).
    sql_limit = f.limit_per_stage if f.states is None else None
    sql, params = _board_sql(f, sql_limit)
    pol = sla.policy()
    position_text = pol.cal.position_text
    response = pol.response
    resolution = pol.resolution
    parse = dt.datetime.fromisoformat
    out: dict[str, list[Card]] = {s: [] for s in _stages(f)}
    now_text = _ts(now)
    now_position = pol.cal.position(now)
    wanted = f.states
    cap = f.limit_per_stage
    for (tid, number, cid, cname, tier, category, priority, severity, assignee, stage, first, response_due,
         resolution_due, resolved_at, paused, paused_at, pause_reason) in database_proxy.execute_sql(sql, params):
        cards = out[stage]
        if cap is not None and len(cards) >= cap:
            continue
        if first is None and resolved_at is None and response_due is not None:
            allowance = response(priority, tier)
            due_text, kind, at_text = response_due, "response", None
        elif resolution_due is not None:
            allowance = resolution(priority, category, severity, tier)
            due_text, kind = resolution_due, "resolution"
            at_text = resolved_at or (paused_at if paused else None)
        else:
            if wanted is None:
                cards.append(Card(tid, number, cid, cname, category, priority, severity, assignee or "", stage,
                                  None, "", None, None, False, "", bool(paused), pause_reason or ""))
            continue
        due = parse(due_text)
        if allowance.calendar:
            left = round((due - (parse(at_text) if at_text else now)).total_seconds())
        else:
            left = round(position_text(due_text) - (position_text(at_text) if at_text else now_position))
        if (at_text or now_text) > due_text:
            state = "red"
        elif left < sla.AMBER_SHARE * allowance.seconds:
            state = "amber"
        else:
            state = "ok"
        if wanted is not None and state not in wanted:
            continue
        cards.append(Card(tid, number, cid, cname, category, priority, severity, assignee or "", stage, due, kind,
                          left, allowance.seconds, allowance.calendar, state, bool(paused), pause_reason or ""))
    return out


def stage_counts(filters: BoardFilter | None = None) -> dict[str, int]:
    """How many tickets each stage of the board holds under ``filters`` (states and limits aside)."""
    f = filters or BoardFilter()
    if not _stages(f):
        return {}
    where, params = _where(f)
    rows = database_proxy.execute_sql(f"SELECT t.stage, count(*) {_FROM}{where} GROUP BY t.stage", params)
    found = dict(rows.fetchall())
    return {stage: found.get(stage, 0) for stage in _stages(f)}


# --------------------------------------------------------------------------- Today lists


@dataclass(frozen=True)
class DueLine:
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


def _due_lines(low: dt.datetime | None, high: dt.datetime | None, limit: int) -> list[DueLine]:
    """Open, unpaused tickets whose response or resolution due lies in [low, high]."""
    bounds, params = [], []
    for op, value in ((">=", low), ("<=", high)):
        if value is not None:
            bounds.append(op)
            params.append(_ts(value))

    def branch(column: str, index: str, kind: str, extra: str) -> str:
        condition = " AND ".join(f"t.{column} {op} ?" for op in bounds) or f"t.{column} IS NOT NULL"
        # INDEXED BY: one range per open stage (schema 4); without statistics SQLite would
        # otherwise walk the due index across every archived ticket.
        return (" SELECT t.id, t.number, t.customer_id, c.name, t.category, t.priority, t.severity, t.stage,"
                f" COALESCE(s.name, t.assignee_name), t.{column} AS due, '{kind}' AS kind"
                f" FROM ticket t INDEXED BY {index} JOIN customer c ON c.id = t.customer_id"
                " LEFT JOIN staff s ON s.id = t.assignee_id WHERE t.deleted_at IS NULL AND +c.deleted_at IS NULL"
                f" AND t.stage IN ('received','classified','dispatched','in_progress') AND t.paused = 0{extra}"
                f" AND {condition}")

    sql = ("SELECT * FROM (" + branch("response_due", "ticket_stage_response_due", "response",
                                      " AND t.first_response_at IS NULL")
           + " UNION ALL" + branch("resolution_due", "ticket_stage_resolution_due", "resolution", "")
           + ") AS d ORDER BY d.due, d.id LIMIT ?")
    rows = database_proxy.execute_sql(sql, [*params, *params, limit])
    return [DueLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or "", _parse(r[9]), r[10], False)
            for r in rows]


def overdue(now: dt.datetime | None = None, limit: int = 1000) -> list[DueLine]:
    """Open, unpaused tickets past a due (response not given in time, or not resolved in time).

    A ticket past both dues appears twice, once per due, so each list states what was missed.
    """
    now = now or dt.datetime.now()
    lines = _due_lines(None, now - dt.timedelta(microseconds=1), limit)
    return [DueLine(**{**line.__dict__, "overdue": True}) for line in lines]


def near_due(now: dt.datetime | None = None, hours: float = 4, limit: int = 1000) -> list[DueLine]:
    """Open, unpaused tickets whose next due falls within ``hours`` (calendar hours) from ``now``."""
    now = now or dt.datetime.now()
    return _due_lines(now, now + dt.timedelta(hours=hours), limit)


@dataclass(frozen=True)
class ComplaintLine:
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
    rows = database_proxy.execute_sql(
        "SELECT t.id, t.number, t.customer_id, c.name, t.description, t.stage, COALESCE(s.name, t.assignee_name), "
        f"t.created_at, t.resolution_due {_FROM} AND t.category = 'complaint' AND t.severity = 'critical' "
        f"AND t.stage IN ({','.join('?' * len(stages))}) ORDER BY +t.created_at, t.id LIMIT ?", [*stages, limit])
    return [ComplaintLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", _parse(r[7]), _parse(r[8])) for r in rows]

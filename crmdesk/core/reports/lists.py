"""The lists behind the KPIs of a period: late tickets, complaints, low-score surveys (docs/spec.md §5).

Each list is the detail of a KPI and counts exactly what the KPI counts, so the report can
print "12 overdue tickets" next to a list of those twelve:

- ``overdue``: the misses of the on-time resolution rate — tickets resolved in P after their
  resolution due, and open, unpaused tickets whose due fell in P and has passed;
- ``complaints``: the complaints received in P (the complaint count);
- ``low_scores``: the surveys of P with any dimension below 4 (the low-score share), each
  with the improvement actions recorded for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crmdesk.core.reports.kpi import Period
from crmdesk.core.reports.measures import LOW_SCORE, any_low_sql, ts
from crmdesk.core.store import db
from crmdesk.core.store.models import SURVEY_DIMENSIONS, stored_datetime
from crmdesk.core.tickets.records import OPEN_STAGES


@dataclass(frozen=True)
class OverdueLine:
    """A ticket that missed its resolution due."""

    id: int
    number: str
    customer: str
    category: str
    priority: str
    assignee: str
    created_at: dt.datetime | None
    due: dt.datetime | None
    resolved_at: dt.datetime | None  # None: still open
    hours_late: float


_TICKET_COLUMNS = ("t.id, t.number, c.name, t.category, t.priority, COALESCE(s.name, t.assignee_name), "
                   "t.created_at, t.resolution_due, t.resolved_at")
_TICKET_JOINS = "JOIN customer c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id"


def overdue(period: Period, as_of: dt.datetime | None = None, limit: int = 200) -> tuple[int, list[OverdueLine]]:
    """(how many, the latest ``limit`` of them) tickets that missed their resolution due in ``period``."""
    as_of = as_of or dt.datetime.now()
    start, end = period.bounds()
    s, e, now = ts(start), ts(end), ts(as_of)
    marks = ",".join("?" * len(OPEN_STAGES))
    d = db.dialect()
    sql = (f"SELECT {_TICKET_COLUMNS}, {d.hours_between('t.resolved_at', 't.resolution_due')} AS late "
           f"FROM ticket t{d.indexed_by('ticket_resolved_at')} {_TICKET_JOINS} "
           "WHERE t.resolved_at >= ? AND t.resolved_at < ? AND t.deleted_at IS NULL "
           "AND t.resolved_at > t.resolution_due "
           "UNION ALL "
           f"SELECT {_TICKET_COLUMNS}, {d.hours_between('?', 't.resolution_due')} AS late "
           f"FROM ticket t{d.indexed_by('ticket_stage_resolution_due')} {_TICKET_JOINS} "
           f"WHERE t.stage IN ({marks}) AND t.resolution_due >= ? AND t.resolution_due < ? "
           "AND t.resolution_due < ? AND t.paused = FALSE AND t.deleted_at IS NULL")
    # one pass: the misses of a period are a few percent of its tickets, counted while read
    rows = db.sql(f"SELECT * FROM ({sql}) AS misses ORDER BY late DESC, 2",
                  [s, e, now, *OPEN_STAGES, s, e, now]).fetchall()
    return len(rows), [OverdueLine(r[0], r[1], r[2], r[3], r[4], r[5] or "", stored_datetime(r[6]), stored_datetime(r[7]), stored_datetime(r[8]),
                                   round(float(r[9] or 0), 1)) for r in rows[:limit]]


@dataclass(frozen=True)
class ComplaintLine:
    """A complaint received in the period, with how it ended."""

    id: int
    number: str
    customer: str
    severity: str
    stage: str
    created_at: dt.datetime | None
    due: dt.datetime | None
    resolved_at: dt.datetime | None
    on_time: bool | None  # None while open and not yet due
    root_cause: str
    result: str


def complaints(period: Period, as_of: dt.datetime | None = None, limit: int = 200) -> tuple[int, list[ComplaintLine]]:
    """(how many, the first ``limit`` by time) complaints received in ``period``."""
    as_of = as_of or dt.datetime.now()
    start, end = period.bounds()
    where = (f"FROM ticket t{db.dialect().indexed_by('ticket_created_at')} JOIN customer c ON c.id = t.customer_id "
             "WHERE t.created_at >= ? AND t.created_at < ? AND t.category = 'complaint' AND t.deleted_at IS NULL")
    rows = db.sql(
        "SELECT t.id, t.number, c.name, t.severity, t.stage, t.created_at, t.resolution_due, t.resolved_at, "
        f"t.root_cause, COALESCE(NULLIF(t.complaint_result, ''), t.solution) {where} "
        "ORDER BY t.created_at, t.id", [ts(start), ts(end)]).fetchall()
    out = []
    for (tid, number, customer, severity, stage, created, due, resolved, cause, result) in rows[:limit]:
        due_at, resolved_at = stored_datetime(due), stored_datetime(resolved)
        if due_at is None:
            on_time = None
        elif resolved_at is not None:
            on_time = resolved_at <= due_at
        else:
            on_time = False if due_at < as_of else None
        out.append(ComplaintLine(tid, number, customer, severity or "", stage, stored_datetime(created), due_at, resolved_at,
                                 on_time, cause or "", result or ""))
    return len(rows), out


@dataclass(frozen=True)
class Action:
    """An improvement action recorded for a low-score survey."""

    id: int
    action: str
    owner: str
    due: dt.date | None
    done: bool


@dataclass(frozen=True)
class LowScore:
    """A survey with a dimension below 4."""

    survey_id: int
    date: dt.date
    customer_id: int
    customer_code: str
    customer: str
    ticket: str
    method: str
    scores: dict[str, int | None]
    comment: str
    actions: list[Action] = field(default_factory=list)

    @property
    def low_dimensions(self) -> list[str]:
        """The keys of the dimensions scored below 4, lowest first."""
        low = [(v, k) for k, v in self.scores.items() if v is not None and v < LOW_SCORE]
        return [k for _v, k in sorted(low, key=lambda pair: (pair[0], list(SURVEY_DIMENSIONS).index(pair[1])))]


def low_scores(period: Period, limit: int = 200) -> tuple[int, list[LowScore]]:
    """(how many, the lowest ``limit``) surveys of ``period`` with any dimension below 4."""
    dims = list(SURVEY_DIMENSIONS)
    where = f"FROM survey v WHERE v.date >= ? AND v.date < ? AND {any_low_sql('v.')}"
    params = [period.start.isoformat(), period.end.isoformat()]
    total = db.sql(f"SELECT count(*) {where}", params).fetchone()[0]
    rows = db.sql(
        "SELECT v.id, v.date, c.id, c.code, c.name, COALESCE(t.number, ''), v.method, v.comment, "
        + ", ".join(f"v.{d}" for d in dims) + " "
        + where.replace("FROM survey v", "FROM survey v JOIN customer c ON c.id = v.customer_id "
                     "LEFT JOIN ticket t ON t.id = v.ticket_id")
        + f" ORDER BY {db.dialect().least(*(f'COALESCE(v.{d}, 5)' for d in dims))}, v.overall, v.date, v.id LIMIT ?",
        [*params, limit]).fetchall()
    actions: dict[int, list[Action]] = {}
    ids = [r[0] for r in rows]
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for iid, survey_id, action, owner, due, done in db.sql(
                "SELECT i.id, i.survey_id, i.action, COALESCE(s.name, ''), i.due, i.done FROM improvement_item i "
                f"LEFT JOIN staff s ON s.id = i.owner_id WHERE i.survey_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY i.id", chunk):
            actions.setdefault(survey_id, []).append(
                Action(iid, action, owner, dt.date.fromisoformat(str(due)[:10]) if due else None, bool(done)))
    out = [LowScore(r[0], dt.date.fromisoformat(str(r[1])[:10]), r[2], r[3], r[4], r[5], r[6],
                    dict(zip(dims, r[8:])), r[7] or "", actions.get(r[0], [])) for r in rows]
    return int(total), out

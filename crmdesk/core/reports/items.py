"""What is behind a number of the reports: the tickets, callbacks, surveys or customers a KPI counts.

``detail(key, period)`` lists the rows of the KPI's denominator (or of the count) with, for a
rate, whether each row is counted above the line — the owner checks a number before printing it,
and a double-click opens the item. Every list selects exactly what ``core.reports.measures`` counts
(the same conditions), so "解决率 50.0 %" opens six tickets of which three are marked 是. A chart
point is the same question for one month (``Period.month``), one category, tier or dimension.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crmdesk.core.i18n import N_, _
from crmdesk.core.reports.kpi import KPI_BY_KEY, Period
from crmdesk.core.reports.measures import DORMANT_VALUES, REOPEN_SKIP_REASONS, TIER_FIELD, any_low_sql, ts
from crmdesk.core.store import db
from crmdesk.core.store.models import (
    PRIORITIES,
    SURVEY_DIMENSIONS,
    TICKET_CATEGORIES,
    TIERS,
    stored_datetime,
)
from crmdesk.core.tickets.records import OPEN_STAGES, stage_label

LIMIT = 2000


@dataclass(frozen=True)
class Row:
    """One item behind a number: what opens on a double-click, the cells, whether it counts."""

    kind: str  # ticket / survey / customer
    id: int
    ticket_id: int | None
    customer_id: int
    cells: list[str]
    counted: bool | None  # a rate's numerator: True / False; None for a plain count


@dataclass
class Detail:
    """The rows behind one number, with how they make it."""

    title: str
    formula: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    total: int = 0  # rows found (the list shows at most LIMIT)

    @property
    def counted(self) -> int:
        return sum(1 for r in self.rows if r.counted)


def _text(value: object, fmt: str = "%Y-%m-%d %H:%M") -> str:
    moment = stored_datetime(value) if isinstance(value, str) else value
    return moment.strftime(fmt) if isinstance(moment, (dt.datetime, dt.date)) else ""


def _yes_no(flag: object) -> str:
    return _("yes") if flag else _("no")


def _hours(a: object, b: object) -> str:
    start, end = stored_datetime(a), stored_datetime(b)
    return f"{(end - start).total_seconds() / 3600:.1f}" if start and end else ""


# --------------------------------------------------------------------------- tickets

_TICKET_COLUMNS = [N_("Ticket number"), N_("Customer"), N_("Type"), N_("Priority"), N_("Stage"), N_("Received")]
_TICKET_SELECT = ("SELECT t.id, t.customer_id, t.number, c.name, t.category, t.priority, t.stage, t.created_at, "
                  "t.first_response_at, t.response_due, t.resolved_at, t.resolution_due, "
                  "COALESCE(t.one_time_resolved, t.reopen_count = 0 AND t.redispatch_count = 0), {counted} "
                  "FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.deleted_at IS NULL AND ({where}) "
                  "ORDER BY t.created_at, t.id")

# per ticket KPI: (rows: SQL condition, counted: SQL expression or None, extra columns: names and cell makers)
_RESOLVED_IN = "t.resolved_at >= :s AND t.resolved_at < :e"
_RECEIVED_IN = "t.created_at >= :s AND t.created_at < :e"
_BREACHED_OPEN = (f"t.stage IN ({','.join(repr(s) for s in OPEN_STAGES)}) AND t.paused = FALSE AND "
                  "t.resolution_due >= :s AND t.resolution_due < :e AND t.resolution_due < :now")
_ON_TIME_ROWS = f"({_RESOLVED_IN} AND t.resolution_due IS NOT NULL) OR ({_BREACHED_OPEN})"
_DUE_COLUMNS = ([N_("Resolution due"), N_("Resolved")], lambda r: [_text(r[11]), _text(r[10]) or _("not resolved")])
TICKET_KPIS: dict[str, tuple[str, str | None, tuple]] = {
    "received": (_RECEIVED_IN, None, ([N_("Resolved")], lambda r: [_text(r[10])])),
    "resolved": (_RESOLVED_IN, None, ([N_("Resolved")], lambda r: [_text(r[10])])),
    "resolution_rate": (_RECEIVED_IN, "t.resolved_at < :e", ([N_("Resolved")], lambda r: [_text(r[10])])),
    "response_hours": (f"{_RECEIVED_IN} AND t.first_response_at IS NOT NULL", None,
                       ([N_("First response"), N_("Response time (hours)")], lambda r: [_text(r[8]), _hours(r[7], r[8])])),
    "resolution_hours": (_RESOLVED_IN, None, ([N_("Resolved"), N_("Resolution time (hours)")], lambda r: [_text(r[10]), _hours(r[7], r[10])])),
    "on_time_response": (f"{_RECEIVED_IN} AND t.response_due IS NOT NULL AND (t.first_response_at IS NOT NULL "
                         "OR t.response_due < :now)", "t.first_response_at <= t.response_due",
                         ([N_("Response due"), N_("First response")], lambda r: [_text(r[9]), _text(r[8]) or _("no response")])),
    "on_time_resolution": (_ON_TIME_ROWS, "t.resolved_at <= t.resolution_due", _DUE_COLUMNS),
    "one_time_rate": (_RESOLVED_IN, "COALESCE(t.one_time_resolved, t.reopen_count = 0 AND t.redispatch_count = 0)",
                      ([N_("Resolved")], lambda r: [_text(r[10])])),
    "complaints": (f"{_RECEIVED_IN} AND t.category = 'complaint'", None, ([N_("Resolved")], lambda r: [_text(r[10])])),
    "complaint_on_time": (f"t.category = 'complaint' AND ({_ON_TIME_ROWS})", "t.resolved_at <= t.resolution_due",
                          _DUE_COLUMNS),
}
_COUNTED_LABEL = {"resolution_rate": N_("Resolved by the end"), "on_time_response": N_("Responded on time"),
                  "on_time_resolution": N_("Resolved on time"), "one_time_rate": N_("Resolved the first time"),
                  "complaint_on_time": N_("Resolved on time"), "callback_rate": N_("Done"),
                  "low_share": N_("Low score")}


def _named(sql: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """``:name`` placeholders → ``?`` with their values, in order."""
    params: list[str] = []
    out = sql
    while True:
        positions = [(out.find(f":{name}"), name) for name in values if out.find(f":{name}") >= 0]
        if not positions:
            return out, params
        at, name = min(positions)
        out = out[:at] + "?" + out[at + len(name) + 1:]
        params.append(values[name])


def _tickets(key: str, period: Period, as_of: dt.datetime, category: str | None) -> Detail:
    where, counted, (extra_columns, extra) = TICKET_KPIS[key]
    if category is not None:
        where = f"({where}) AND t.category = :category"
    start, end = period.bounds()
    sql, params = _named(_TICKET_SELECT.format(where=where, counted=counted or "NULL"),
                         {"s": ts(start), "e": ts(end), "now": ts(as_of), "category": category or ""})
    rows = db.sql(sql, params).fetchall()
    columns = _TICKET_COLUMNS + extra_columns + ([_COUNTED_LABEL[key]] if counted else [])
    detail = Detail("", "", [_(c) for c in columns], [], len(rows))
    for r in rows[:LIMIT]:
        cells = [r[2], r[3], TICKET_CATEGORIES.get(r[4], r[4]), PRIORITIES.get(r[5], r[5]), stage_label(r[6]), _text(r[7]), *extra(r)]
        flag = None if counted is None else bool(r[13])
        if flag is not None:
            cells.append(_yes_no(flag))
        detail.rows.append(Row("ticket", r[0], r[0], r[1], cells, flag))
    return detail


# --------------------------------------------------------------------------- callbacks, surveys, customers


def _callbacks(period: Period, as_of: dt.datetime) -> Detail:
    start, end = period.bounds()
    marks = ",".join("?" * len(REOPEN_SKIP_REASONS))
    rows = db.sql(
        "SELECT f.id, f.ticket_id, f.customer_id, COALESCE(t.number, ''), c.name, f.due_at, f.status, f.skip_reason, "
        "f.done_at FROM follow_up f JOIN customer c ON c.id = f.customer_id LEFT JOIN ticket t ON t.id = f.ticket_id "
        "WHERE f.due_at >= ? AND f.due_at < ? AND f.kind = 'callback' AND f.deleted_at IS NULL AND "
        f"(f.status = 'done' OR (f.status = 'skipped' AND f.skip_reason NOT IN ({marks})) "
        "OR (f.status = 'planned' AND f.due_at < ?)) ORDER BY f.due_at, f.id",
        [ts(start), ts(end), *REOPEN_SKIP_REASONS, ts(as_of)]).fetchall()
    status = {"done": _("Done"), "skipped": _("Closed"), "planned": _("Overdue")}
    detail = Detail("", "", [_("Ticket number"), _("Customer"), _("Callback due"), _("Status"), _("Done at"), _("Done")],
                    [], len(rows))
    for fid, ticket, customer, number, name, due, state, reason, done in rows[:LIMIT]:
        shown = status.get(state, state)
        if state == "skipped" and reason:
            shown = _("{status} ({reason})", status=shown, reason=reason)
        detail.rows.append(Row("ticket" if ticket else "customer", fid, ticket, customer,
                               [number, name, _text(due), shown, _text(done), _yes_no(state == "done")],
                               state == "done"))
    return detail


def _surveys(key: str, period: Period, dimension: str | None) -> Detail:
    dims = list(SURVEY_DIMENSIONS)
    where = "v.date >= ? AND v.date < ?"
    if key in ("csat", "csat100"):
        where += " AND v.overall IS NOT NULL"
    if dimension is not None:
        where += f" AND v.{dimension} IS NOT NULL"
    counted = key == "low_share"
    rows = db.sql(
        f"SELECT v.id, v.ticket_id, v.customer_id, v.date, c.name, COALESCE(t.number, ''), {any_low_sql('v.')}, "
        + ", ".join(f"v.{d}" for d in dims) + " FROM survey v JOIN customer c ON c.id = v.customer_id "
        f"LEFT JOIN ticket t ON t.id = v.ticket_id WHERE {where} ORDER BY v.date, v.id",
        [period.start.isoformat(), period.end.isoformat()]).fetchall()
    columns = [_("Date"), _("Customer"), _("Ticket")] + [SURVEY_DIMENSIONS[d] for d in dims] \
        + ([_("Low score")] if counted else [])
    detail = Detail("", "", columns, [], len(rows))
    for sid, ticket, customer, day, name, number, low, *scores in rows[:LIMIT]:
        cells = [str(day)[:10], name, number] + ["" if v is None else str(v) for v in scores]
        if counted:
            cells.append(_yes_no(low))
        detail.rows.append(Row("survey", sid, ticket, customer, cells, bool(low) if counted else None))
    return detail


def _customers(key: str, period: Period, tier: str | None = None) -> Detail:
    start, end = period.bounds()
    live = "c.deleted_at IS NULL AND c.merged_into_id IS NULL"
    if key == "churn_rate":  # as kpi_measures.customers counts them: every customer the change log names
        marks = ",".join("?" * len(DORMANT_VALUES))
        where, params = ("c.id IN (SELECT customer_id FROM change_log WHERE at >= ? AND at < ? AND field = ? "
                         f"AND new_value IN ({marks}))"), [ts(start), ts(end), TIER_FIELD, *DORMANT_VALUES]
    elif tier is not None:
        where, params = f"{live} AND c.status = 'active' AND c.tier = ?", [tier]
    else:
        where, params = f"{live} AND c.created_at >= ? AND c.created_at < ?", [ts(start), ts(end)]
    rows = db.sql(
        "SELECT c.id, c.code, c.name, c.tier, c.created_at, COALESCE(s.name, '') FROM customer c "
        f"LEFT JOIN staff s ON s.id = c.account_manager_id WHERE {where} ORDER BY c.code", params).fetchall()
    detail = Detail("", "", [_("Customer code"), _("Customer name"), _("Customer tier"), _("Created on"),
                             _("Account manager")], [], len(rows))
    for cid, code, name, current, created, manager in rows[:LIMIT]:
        detail.rows.append(Row("customer", cid, None, cid, [code, name, TIERS.get(current, current),
                                                            _text(created, "%Y-%m-%d"), manager], None))
    return detail


# --------------------------------------------------------------------------- the one entry point


def detail(key: str, period: Period, as_of: dt.datetime | None = None, *, category: str | None = None,
           tier: str | None = None, dimension: str | None = None) -> Detail:
    """The items behind KPI ``key`` in ``period`` (for one ticket category, customer tier or survey
    dimension when a chart's bar was opened)."""
    as_of = as_of or dt.datetime.now()
    if tier is not None:  # the customers-by-tier chart: today's tiers, not a KPI of the period
        found = _customers("tier", period, tier)
        found.title = _("Customer tier (today): {tier}", tier=TIERS.get(tier, tier))
        found.formula = _("Customers of this tier today, neither archived nor deleted")
        return found
    definition = KPI_BY_KEY[key]
    if key in TICKET_KPIS:
        found = _tickets(key, period, as_of, category)
    elif key == "callback_rate":
        found = _callbacks(period, as_of)
    elif key in ("csat", "csat100", "low_share", "surveys"):
        found = _surveys(key, period, dimension)
    else:
        found = _customers(key, period)
    label = definition.title()
    for value, table in ((category, TICKET_CATEGORIES), (dimension, SURVEY_DIMENSIONS)):
        if value is not None:
            label += _(" ({part})", part=table.get(value, value))
    found.title = f"{label} · {period.label}"
    found.formula = definition.explanation()
    return found

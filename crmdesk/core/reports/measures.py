"""The raw measures behind the KPIs of docs/spec.md §5: one SQL statement per subject.

A period is the half-open range ``[start, end)``; ``as_of`` is the moment the numbers are
taken (a due that has not come yet is not a miss). Deleted tickets (回收站) and deleted or
merged customers never count.

Each statement is written once and run two ways, so a month of the 12-month trend is
measured exactly as the KPI card of that month:

- one period: the rows are found through the index on the column the subject filters
  (``ticket.created_at``, ``ticket.resolved_at``, ``ticket.resolution_due``,
  ``follow_up.due_at``, ``survey.date``): milliseconds for a month;
- a run of calendar months: one sequential scan grouped by ``substr(column, 1, 7)``. Over a
  year of the reference data that reads most of the table anyway, and a scan in table
  order costs about a third of fetching the same rows through an index one by one.

Which tickets count where (the formulas themselves are next to each KPI in ``core.reports.kpi``):

- *received in P*: ``created_at`` in P; *of those, resolved by P's end*: ``resolved_at`` before the
  end of P (a ticket resolved in P and reopened since has lost its ``resolved_at``: it is not);
- *resolved in P*: ``resolved_at`` in P (a reopened ticket loses its ``resolved_at`` and
  counts again in the period it is resolved for good);
- *breached open in P*: open (received to in progress), not paused, and its resolution due
  fell in P before ``as_of`` — a miss of the on-time resolution rate though still open (the
  open tickets are few: they are found through the (stage, resolution_due) index either way);
- *callbacks due in P*: callback follow-ups due in P that were done, closed as 未联系上
  (or skipped otherwise), or are still planned past their due; callbacks closed because
  their ticket was reopened are not due any more.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from crmdesk.core.i18n import C_, DATA_LANGUAGE, data_text
from crmdesk.core.store import db
from crmdesk.core.store.enums import TIERS
from crmdesk.core.store.models import SURVEY_DIMENSIONS, TICKET_CATEGORIES, database_proxy
from crmdesk.core.tickets.records import OPEN_STAGES

# tickets._close_open_callbacks closes the open callback of a reopened ticket with this
# reason (English or Chinese, as the app ran): such a callback is no longer due.
REOPEN_SKIP_REASONS = ("reopened", data_text("reopened"))  # English: written by --lang en before 16f
LOW_SCORE = 4  # a dimension scored below this is a 低分项
TS = "%Y-%m-%d %H:%M:%S"
SINGLE = ""  # the group key of a one-period measure


def ts(moment: dt.datetime | dt.date) -> str:
    """A bound as stored by peewee (text that sorts like the time)."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    return moment.strftime(TS)


def ratio(part: float | None, whole: float | None) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to divide by."""
    if not whole:
        return None
    return (part or 0) / whole


# Covering indexes a later schema may add (see the reports issue): with them a month is an
# index range scan without table lookups, faster than the grouped table scan. They are found
# by their columns (the leading one, then every other column the measures read), not by name.
COVERING_COLUMNS = {
    "created_at": {"deleted_at", "category", "first_response_at", "response_due"},
    "resolved_at": {"deleted_at", "created_at", "resolution_due", "category", "one_time_resolved", "reopen_count",
                    "redispatch_count"},
}
_covering_cache: dict[tuple[int, int], dict[str, str]] = {}


def covering_index(column: str) -> str | None:
    """The name of an index on ``ticket`` led by ``column`` that covers its measures, if the schema has one
    (SQLite only: PostgreSQL chooses its indexes by statistics)."""
    if not db.dialect().tuning:
        return None
    conn = database_proxy.connection()
    key = (id(conn), conn.execute("PRAGMA schema_version").fetchone()[0])
    if key not in _covering_cache:
        found: dict[str, str] = {}
        for _seq, name, *_rest in conn.execute("PRAGMA index_list(ticket)").fetchall():
            columns = [row[2] for row in conn.execute(f'PRAGMA index_info("{name}")')]
            if columns and columns[0] in COVERING_COLUMNS and COVERING_COLUMNS[columns[0]] <= set(columns[1:]):
                found.setdefault(columns[0], name)
        _covering_cache.clear()
        _covering_cache[key] = found
    return _covering_cache[key].get(column)


def covering_indexes() -> bool:
    """Whether the ticket table has both KPI covering indexes."""
    return all(covering_index(column) for column in COVERING_COLUMNS)


def _grouping(column: str, index: str, by_month: bool, group: str | None = None) -> tuple[str, str]:
    """(group key expression, index clause) for one period, a run of months, or one period split by
    the SQL expression ``group`` (per person, per department)."""
    d = db.dialect()
    if by_month:
        return d.month(column), d.not_indexed()
    covering = covering_index(column) if column in COVERING_COLUMNS else None
    return (group or "''"), d.indexed_by(f'"{covering or index}"')


def month_starts(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The first instants of the calendar months from ``start``'s to the one ending at ``end``."""
    out = [start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)]
    while out[-1] < end:
        out.append((out[-1] + dt.timedelta(days=32)).replace(day=1))
    return out


# --------------------------------------------------------------------------- tickets


@dataclass
class TicketMeasures:
    """Counts and sums over the tickets of one period."""

    received: int = 0
    received_resolved: int = 0  # received in P and resolved before P's end (the resolution rate)
    complaints: int = 0
    received_by_category: dict[str, int] = field(default_factory=dict)
    responded: int = 0  # received in P with a first response
    response_hours_sum: float = 0.0
    response_decided: int = 0  # received in P with a response due that was met, missed, or has passed
    response_on_time: int = 0
    resolved: int = 0
    resolution_hours_sum: float = 0.0
    one_time: int = 0
    resolved_with_due: int = 0
    resolved_on_time: int = 0
    complaints_resolved_with_due: int = 0
    complaints_resolved_on_time: int = 0
    breached_open: int = 0
    complaints_breached_open: int = 0


# Who a ticket's work counts for (``group`` of :func:`tickets`): its assignee, and its responsible
# department, else its assignee's department (tickets from before the routing table).
BY_ASSIGNEE = "ticket.assignee_id"
BY_DEPARTMENT = ("COALESCE(ticket.department_id, "
                 "(SELECT s.department_id FROM staff s WHERE s.id = ticket.assignee_id))")


def tickets(start: dt.datetime, end: dt.datetime, as_of: dt.datetime, *,
            by_month: bool = False, group: str | None = None) -> dict[object, TicketMeasures]:
    """The ticket measures of ``[start, end)`` taken at ``as_of``: ``{"": …}``, per ``YYYY-MM``, or per
    value of the SQL expression ``group`` over the ticket (``BY_ASSIGNEE``, ``BY_DEPARTMENT``)."""
    if by_month and covering_indexes():  # one covering range scan a month beats the grouped table scan
        bounds = month_starts(start, end)
        return defaultdict(TicketMeasures, {f"{a:%Y-%m}": tickets(a, b, as_of)[SINGLE]
                                            for a, b in itertools.pairwise(bounds)})
    out: dict[object, TicketMeasures] = defaultdict(TicketMeasures)
    s, e, now = ts(start), ts(end), ts(as_of)
    key, hint = _grouping("created_at", "ticket_created_at", by_month, group)
    # the end of the period each ticket was received in: of its month when grouped by month
    d = db.dialect()
    period_end = d.next_month("created_at") if by_month else "?"
    # categories as conditional sums: grouping by (month, category) would sort every row twice as wide
    for row in db.sql(
            f"SELECT {key}, count(*), count(first_response_at), "
            f"coalesce(sum({d.hours_between('first_response_at', 'created_at')}), 0), "
            "count(*) FILTER (WHERE response_due IS NOT NULL AND (first_response_at IS NOT NULL OR response_due < ?)), "
            "count(*) FILTER (WHERE first_response_at <= response_due), "
            f"count(*) FILTER (WHERE resolved_at < {period_end}), "
            + ", ".join(f"count(*) FILTER (WHERE category = '{c}')" for c in TICKET_CATEGORIES)
            + f" FROM ticket{hint} WHERE created_at >= ? AND created_at < ? AND deleted_at IS NULL GROUP BY 1",
            [now, *([] if by_month else [e]), s, e]):
        m = out[row[0]]
        m.received, m.responded, m.response_hours_sum = row[1], row[2], row[3]
        m.response_decided, m.response_on_time = int(row[4]), int(row[5])
        m.received_resolved = int(row[6])
        m.received_by_category = {c: int(n) for c, n in zip(TICKET_CATEGORIES, row[7:])}
        m.complaints = m.received_by_category["complaint"]
    key, hint = _grouping("resolved_at", "ticket_resolved_at", by_month, group)
    for month, n, hours, one_time, with_due, on_time, c_with_due, c_on_time in db.sql(
            f"SELECT {key}, count(*), coalesce(sum({d.hours_between('resolved_at', 'created_at')}), 0), "
            "count(*) FILTER (WHERE COALESCE(one_time_resolved, reopen_count = 0 AND redispatch_count = 0)), "
            "count(*) FILTER (WHERE resolution_due IS NOT NULL), "
            "count(*) FILTER (WHERE resolved_at <= resolution_due), "
            "count(*) FILTER (WHERE category = 'complaint' AND resolution_due IS NOT NULL), "
            "count(*) FILTER (WHERE category = 'complaint' AND resolved_at <= resolution_due) "
            f"FROM ticket{hint} WHERE resolved_at >= ? AND resolved_at < ? AND deleted_at IS NULL GROUP BY 1",
            [s, e]):
        m = out[month]
        m.resolved, m.resolution_hours_sum, m.one_time = n, hours, int(one_time)
        m.resolved_with_due, m.resolved_on_time = int(with_due), int(on_time)
        m.complaints_resolved_with_due, m.complaints_resolved_on_time = int(c_with_due), int(c_on_time)
    key = d.month("resolution_due") if by_month else (group or "''")
    marks = ",".join("?" * len(OPEN_STAGES))
    for month, n, complaints in db.sql(
            f"SELECT {key}, count(*), count(*) FILTER (WHERE category = 'complaint') "
            f"FROM ticket{d.indexed_by('ticket_stage_resolution_due')} "
            f"WHERE stage IN ({marks}) AND resolution_due >= ? AND resolution_due < ? AND resolution_due < ? "
            "AND paused = FALSE AND deleted_at IS NULL GROUP BY 1", [*OPEN_STAGES, s, e, now]):
        out[month].breached_open, out[month].complaints_breached_open = n, int(complaints)
    return out


# --------------------------------------------------------------------------- callbacks and surveys


@dataclass
class CallbackMeasures:
    """Callbacks due and done in one period."""

    due: int = 0
    done: int = 0


def callbacks(start: dt.datetime, end: dt.datetime, as_of: dt.datetime, *,
              by_month: bool = False) -> dict[str, CallbackMeasures]:
    """The callback follow-ups due in ``[start, end)`` taken at ``as_of``."""
    marks = ",".join("?" * len(REOPEN_SKIP_REASONS))
    key, hint = _grouping("due_at", "follow_up_due_at", by_month)
    rows = db.sql(
        f"SELECT {key}, count(*) FILTER (WHERE status = 'done'), "
        f"count(*) FILTER (WHERE status = 'done' OR (status = 'skipped' AND skip_reason NOT IN ({marks})) "
        "      OR (status = 'planned' AND due_at < ?)) "
        f"FROM follow_up{hint} "
        "WHERE due_at >= ? AND due_at < ? AND kind = 'callback' AND deleted_at IS NULL GROUP BY 1",
        [*REOPEN_SKIP_REASONS, ts(as_of), ts(start), ts(end)])
    out: dict[str, CallbackMeasures] = defaultdict(CallbackMeasures)
    for month, done, due in rows:
        out[month] = CallbackMeasures(due=int(due), done=int(done))
    return out


@dataclass
class SurveyMeasures:
    """Scores of the surveys dated in one period."""

    surveys: int = 0
    scored_overall: int = 0
    overall_sum: float = 0.0
    dimension_means: dict[str, float | None] = field(default_factory=lambda: dict.fromkeys(SURVEY_DIMENSIONS))
    low: int = 0  # surveys with any dimension below LOW_SCORE


def any_low_sql(alias: str = "") -> str:
    """SQL true when any scored dimension of a survey is below ``LOW_SCORE``."""
    # an unscored dimension counts as not low; OR of comparisons instead of SQLite's many-argument min()
    return "(" + " OR ".join(f"COALESCE({alias}{d}, 5) < {LOW_SCORE}" for d in SURVEY_DIMENSIONS) + ")"


def survey_group(ticket_group: str) -> str:
    """A ticket ``group`` expression as seen from a survey: that of the survey's ticket (periodic
    surveys without a ticket fall in no group)."""
    return f"(SELECT {ticket_group} FROM ticket WHERE ticket.id = survey.ticket_id)"


def surveys(start: dt.date, end: dt.date, *, by_month: bool = False,
            group: str | None = None) -> dict[object, SurveyMeasures]:
    """The surveys dated in ``[start, end)`` (per value of ``group``, an expression over the survey, when given)."""
    dims = list(SURVEY_DIMENSIONS)
    key, hint = _grouping("date", "survey_date", by_month, group)
    out: dict[object, SurveyMeasures] = defaultdict(SurveyMeasures)
    for row in db.sql(
            f"SELECT {key}, count(*), count(overall), coalesce(sum(overall), 0), "
            f"count(*) FILTER (WHERE {any_low_sql()}), "
            + ", ".join(f"avg({d})" for d in dims)
            + f" FROM survey{hint} WHERE date >= ? AND date < ? GROUP BY 1", [start.isoformat(), end.isoformat()]):
        means = {d: (None if v is None else float(v)) for d, v in zip(dims, row[5:])}
        out[row[0]] = SurveyMeasures(int(row[1]), int(row[2]), float(row[3]), means, int(row[4]))
    return out


# --------------------------------------------------------------------------- customers


@dataclass
class CustomerMeasures:
    """New customers and churn in one period."""

    new: int = 0
    turned_dormant: int = 0
    active_at_start: int = 0


LIVE = "deleted_at IS NULL AND merged_into_id IS NULL"
_DORMANT = TIERS.data_labels()["dormant"]
DORMANT_VALUES = (_DORMANT, data_text("pinned to {tier}", tier=_DORMANT))  # what tiers.recompute / set_pinned write
TIER_FIELD = C_("customer field", "Customer tier").text(DATA_LANGUAGE)  # = core.customers.tiers.TIER_FIELD


def customers(start: dt.datetime, end: dt.datetime) -> CustomerMeasures:
    """New customers in ``[start, end)`` and the churn counts of the period.

    *Turned dormant*: distinct customers whose tier changed to 休眠 in P (the change log that
    ``core.customers.tiers.recompute`` and pinning write). *Active at the start*: live customers created
    before the start that were not dormant then. The tier at the start is read back from the
    change log: the old value of the customer's first tier change after the start, or the
    current tier when it has not changed since.
    """
    s, e = ts(start), ts(end)
    new = db.sql(f"SELECT count(*) FROM customer WHERE created_at >= ? AND created_at < ? AND {LIVE}",
                         [s, e]).fetchone()[0]
    marks = ",".join("?" * len(DORMANT_VALUES))
    d = db.dialect()
    turned = db.sql(
        f"SELECT count(DISTINCT customer_id) FROM change_log{d.indexed_by('change_log_at')} "
        f"WHERE at >= ? AND at < ? AND field = ? AND new_value IN ({marks})", [s, e, TIER_FIELD, *DORMANT_VALUES]
    ).fetchone()[0]
    # Live customers created before the start = all live ones − those created since: the first count
    # reads the covering tier index, the second only the recent end of the created_at index.
    every, dormant_every = db.sql(
        "SELECT count(*), count(*) FILTER (WHERE tier = 'dormant') FROM customer"
        f"{d.indexed_by('customer_tier_id_status_deleted_at_merged_into_id')} WHERE {LIVE}").fetchone()
    since, dormant_since = db.sql(
        f"SELECT count(*), count(*) FILTER (WHERE tier = 'dormant') FROM customer{d.indexed_by('customer_created_at')} "
        f"WHERE created_at >= ? AND {LIVE}", [s]).fetchone()
    existing, dormant_now = every - since, dormant_every - dormant_since
    # Only customers whose tier changed after the start can have had another tier then.
    changed = db.sql(
        "SELECT CASE WHEN c.tier = 'dormant' THEN 1 ELSE 0 END, "
        "  (SELECT old_value FROM change_log f WHERE f.customer_id = c.id AND f.field = ? AND f.at >= ? "
        "   ORDER BY f.at, f.id LIMIT 1) "
        "FROM customer c WHERE c.created_at < ? AND c.deleted_at IS NULL AND c.merged_into_id IS NULL AND c.id IN "
        f"(SELECT customer_id FROM change_log{d.indexed_by('change_log_at')} WHERE at >= ? AND field = ?)",
        [TIER_FIELD, s, s, s, TIER_FIELD]).fetchall()
    dormant_start = int(dormant_now)
    for dormant_today, first_old in changed:
        dormant_start += int(bool(first_old) and first_old.startswith(_DORMANT)) - int(bool(dormant_today))
    return CustomerMeasures(new=int(new), turned_dormant=int(turned), active_at_start=int(existing) - dormant_start)


def tier_counts() -> dict[str, int]:
    """Live, non-archived customers per tier (today: the tiers have no history)."""
    return dict(db.sql(
        f"SELECT tier, count(*) FROM customer WHERE status = 'active' AND {LIVE} GROUP BY tier"))

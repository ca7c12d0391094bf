"""Data quality and service health (数据质量, 现状诊断; docs/spec.md §5): what an owner reads after the import.

``health()`` measures the whole database, not a period: the missing-field rate of every
required field of the registry (and of the fields a desk relies on most), the suspected
duplicate groups, the response and resolution times of every ticket, the one-time
resolution rate, and from these the 3–5 worst problems in plain words. Customers counted
are the live ones (not deleted, not merged away), archived ones included: the ledger is
judged as it was imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crmdesk.core.customers import merge
from crmdesk.core.i18n import N_, data_text
from crmdesk.core.reports.measures import ratio, ts
from crmdesk.core.store import db
from crmdesk.core.tickets.records import OPEN_STAGES

LIVE = "c.deleted_at IS NULL AND c.merged_into_id IS NULL"
ONE_TIME_TARGET = 0.85

# (key, label, required, SQL true when the field is missing for customer c); the labels and findings are
# printed in the health report, a Chinese document: data_text, whatever the interface shows
FIELDS: list[tuple[str, str, bool, str]] = [
    ("code", N_("Customer code"), True, "c.code = ''"),
    ("name", N_("Customer name"), True, "trim(c.name) = ''"),
    ("type", N_("Customer type"), True, "c.type = ''"),
    ("importance", N_("Importance"), True, "c.importance = ''"),
    ("contact", N_("Contact"), True, "NOT EXISTS (SELECT 1 FROM contact x WHERE x.customer_id = c.id AND x.deleted_at IS NULL)"),
    ("title", N_("Contact's title"), True, "NOT EXISTS (SELECT 1 FROM contact x WHERE x.customer_id = c.id "
                                  "AND x.deleted_at IS NULL AND x.is_primary AND x.title != '')"),
    ("mobile", N_("Contact's mobile"), True, "NOT EXISTS (SELECT 1 FROM contact x WHERE x.customer_id = c.id "
                                   "AND x.deleted_at IS NULL AND x.is_primary AND x.mobile != '')"),
    ("industry", N_("Industry"), False, "c.industry = ''"),
    ("region", N_("Region"), False, "c.region = ''"),
    ("source_channel", N_("Source channel"), False, "c.source_channel = ''"),
    ("account_manager", N_("Account manager"), False, "c.account_manager_id IS NULL"),
    ("coop_start", N_("Cooperation start date"), False, "c.coop_start IS NULL"),
]


@dataclass(frozen=True)
class Missing:
    """How often one field is empty."""

    key: str
    label: str
    required: bool
    missing: int
    total: int

    @property
    def rate(self) -> float | None:
        return ratio(self.missing, self.total)


def missing_fields() -> list[Missing]:
    """The missing-field rate of each required (and each commonly relied-on) field, one scan."""
    row = db.sql(
        "SELECT count(*), " + ", ".join(f"count(*) FILTER (WHERE {sql})" for _k, _l, _r, sql in FIELDS)
        + f" FROM customer c WHERE {LIVE}").fetchone()
    total = int(row[0])
    return [Missing(key, data_text(label), required, int(n), total) for (key, label, required, _sql), n in zip(FIELDS, row[1:])]


def contact_missing() -> list[Missing]:
    """Required contact values missing over every live contact (not only the primary one):
    what an import left empty and the contact dialog marks (``customers.contact_gaps``)."""
    total, no_title = db.sql(
        "SELECT count(*), count(*) FILTER (WHERE x.title = '') FROM contact x JOIN customer c ON c.id = x.customer_id "
        f"WHERE x.deleted_at IS NULL AND {LIVE}").fetchone()
    return [Missing("contact_title", data_text("Contact's title (every contact)"), True, int(no_title), int(total))]


@dataclass(frozen=True)
class TimeStats:
    """Distribution of a duration over tickets, in hours."""

    count: int
    without: int  # tickets that should have the time but do not
    mean: float | None
    median: float | None
    p90: float | None
    maximum: float | None


def _stats(hours: list[float], without: int) -> TimeStats:
    if not hours:
        return TimeStats(0, without, None, None, None, None)
    hours.sort()
    n = len(hours)
    return TimeStats(n, without, sum(hours) / n, hours[(n - 1) // 2], hours[min(n - 1, int(n * 0.9))], hours[-1])


def response_stats() -> TimeStats:
    """Hours from creation to the first response over every live ticket (without: none recorded)."""
    hours = [h for (h,) in db.sql(
        f"SELECT {db.dialect().hours_between('first_response_at', 'created_at')} FROM ticket "
        "WHERE deleted_at IS NULL AND first_response_at IS NOT NULL")]
    without = db.sql(
        "SELECT count(*) FROM ticket WHERE deleted_at IS NULL AND first_response_at IS NULL").fetchone()[0]
    return _stats([max(h, 0.0) for h in hours], int(without))


def resolution_stats() -> TimeStats:
    """Hours from creation to resolution over every resolved ticket (without: resolved, no time recorded)."""
    marks = ",".join("?" * len(OPEN_STAGES))
    hours = [h for (h,) in db.sql(
        f"SELECT {db.dialect().hours_between('resolved_at', 'created_at')} FROM ticket "
        "WHERE deleted_at IS NULL AND resolved_at IS NOT NULL")]
    without = db.sql(
        f"SELECT count(*) FROM ticket WHERE deleted_at IS NULL AND resolved_at IS NULL AND stage NOT IN ({marks})",
        list(OPEN_STAGES)).fetchone()[0]
    return _stats([max(h, 0.0) for h in hours], int(without))


@dataclass
class Health:
    """The data-health measures of the whole database (现状诊断)."""

    customers: int
    tickets: int
    surveys: int
    fields: list[Missing]
    duplicate_groups: list[merge.DuplicateGroup]
    duplicate_customers: int
    duplicates_capped: bool  # more groups exist than were listed
    response: TimeStats
    resolution: TimeStats
    response_on_time: float | None
    resolved: int
    one_time: int
    open_overdue: int
    csat: float | None
    problems: list[str] = field(default_factory=list)
    contact_fields: list[Missing] = field(default_factory=list)  # over every contact, see contact_missing

    @property
    def one_time_rate(self) -> float | None:
        return ratio(self.one_time, self.resolved)


def health(as_of: dt.datetime | None = None, duplicate_limit: int = 500) -> Health:
    """Measure everything the data-health report prints, and name the worst problems."""
    as_of = as_of or dt.datetime.now()
    customers = db.sql(f"SELECT count(*) FROM customer c WHERE {LIVE}").fetchone()[0]
    tickets, resolved, one_time, decided, on_time = db.sql(
        "SELECT count(*), count(resolved_at), "
        "count(*) FILTER (WHERE resolved_at IS NOT NULL "
        "AND COALESCE(one_time_resolved, reopen_count = 0 AND redispatch_count = 0)), "
        "count(*) FILTER (WHERE response_due IS NOT NULL AND (first_response_at IS NOT NULL OR response_due < ?)), "
        "count(*) FILTER (WHERE first_response_at <= response_due) FROM ticket WHERE deleted_at IS NULL", [ts(as_of)]).fetchone()
    marks = ",".join("?" * len(OPEN_STAGES))
    open_overdue = db.sql(
        f"SELECT count(*) FROM ticket WHERE stage IN ({marks}) AND resolution_due < ? AND paused = FALSE "
        "AND deleted_at IS NULL", [*OPEN_STAGES, ts(as_of)]).fetchone()[0]
    surveys, csat = db.sql("SELECT count(*), avg(overall) FROM survey").fetchone()
    groups = merge.duplicate_groups(duplicate_limit)
    result = Health(int(customers), int(tickets), int(surveys), missing_fields(), groups,
                    len({cid for g in groups for cid, _code, _name in g.customers}),
                    len(groups) >= duplicate_limit, response_stats(),
                    resolution_stats(), ratio(on_time, decided), int(resolved), int(one_time), int(open_overdue),
                    None if csat is None else float(csat))
    result.contact_fields = contact_missing()
    result.problems = worst_problems(result)
    return result


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def worst_problems(h: Health, most: int = 5, least: int = 3) -> list[str]:
    """The worst problems in plain words, worst first: every one past its limit (at most ``most``),
    topped up to ``least`` with the next-worst findings when the data is in better shape.

    Each finding is weighed by how far it is past what a desk can live with (1 = at the limit).
    """
    found: list[tuple[float, str]] = []
    by_key = {m.key: m for m in h.fields}
    for key, what, limit in (
            ("mobile", N_("have no primary contact's mobile: a caller cannot be found by the last digits "
                          "and callbacks cannot be made"), 0.05),
            ("contact", N_("have no contact at all"), 0.02),
            ("title", N_("have a primary contact without a title: nobody knows who decides"), 0.20),
            ("account_manager", N_("have no account manager: nobody is responsible for the follow-ups"), 0.30),
            ("coop_start", N_("have no cooperation start date: the cooperation length is unknown and the tier "
                              "comes out too low"), 0.30),
            ("industry", N_("have no industry: no analysis by industry"), 0.40),
            ("region", N_("have no region: on-site visits cannot be scheduled"), 0.40)):
        m = by_key[key]
        if m.rate:
            found.append((m.rate / limit, data_text(
                "{n} customers ({share}) {what}. Fill them in in the customer records, or complete the ledger "
                "and import it again.", n=m.missing, share=_pct(m.rate), what=data_text(what))))
    if h.duplicate_groups:
        groups = data_text("{n} groups or more", n=len(h.duplicate_groups)) if h.duplicates_capped \
            else data_text("{n} groups", n=len(h.duplicate_groups))
        found.append((1 + h.duplicate_customers / max(h.customers, 1) * 50, data_text(
            "{groups} of likely duplicate customers ({n} customers in all, same name or mobile): the tickets and "
            "callbacks of one customer are spread over several records; check and merge them group by group in "
            "the customer records.", groups=groups, n=h.duplicate_customers)))
    if h.tickets and h.response.without:
        share = h.response.without / h.tickets
        found.append((share / 0.05, data_text(
            "{n} tickets ({share}) have no first response time recorded, so response times cannot be judged; "
            "record the response soon after receiving a ticket.", n=h.response.without, share=_pct(share))))
    if h.response_on_time is not None and h.response_on_time < 1:
        found.append(((1 - h.response_on_time) / 0.1, data_text(
            "{share} of the tickets were not first responded to in time (median first response {hours} hours); "
            "check how tickets are taken and dispatched.", share=_pct(1 - h.response_on_time),
            hours=f"{h.response.median or 0:.1f}")))
    rate = h.one_time_rate
    if rate is not None and rate < 1:
        found.append(((1 - rate) / (1 - ONE_TIME_TARGET), data_text(
            "First-time resolution rate {share} (target 85%): the more tickets are reopened and re-dispatched, "
            "the less satisfied customers are; analyse the common problems and add to the knowledge base.",
            share=_pct(rate))))
    if h.open_overdue:
        found.append((1 + h.open_overdue / max(h.tickets, 1) * 100, data_text(
            "{n} open tickets are past their resolution due; handle them first on the ticket board.",
            n=h.open_overdue)))
    if h.csat is not None and h.csat < 5:
        found.append(((5 - h.csat) / 0.5, data_text(
            "Average customer satisfaction {score} (out of 100: {points}, target 4.5); look at the low-score "
            "surveys and plan improvements.", score=f"{h.csat:.2f}", points=f"{h.csat * 20:.1f}")))
    found.sort(key=lambda pair: -pair[0])
    serious = [text for weight, text in found if weight >= 1][:most]
    return serious if len(serious) >= least else [text for _weight, text in found[:least]]

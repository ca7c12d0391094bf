"""The KPI service of docs/spec.md §5: every KPI for a period and the one before, with targets and trends.

``compute(period)`` answers the reports tab and the monthly report alike, so the printed
numbers are the ones on screen. The measures come from one SQL statement per subject and
period (``core.reports.measures``); this module turns them into KPIs. Each KPI's formula is
written next to it below (and printed in the report's 指标说明), with P the period:

- 受理工单 received = tickets created in P
- 解决工单 resolved = tickets resolved in P (``resolved_at`` in P)
- 解决率 resolution rate = tickets received in P and resolved by the end of P / tickets received
  in P (never above 100 %; 解决工单 stays its own count: a backlog cleared in P raises it, not the rate)
- 平均首次响应时长 = mean of (first response − created), in hours, over tickets received in P
  that have a first response
- 平均解决时长 = mean of (resolved − created), in hours, over tickets resolved in P
- 响应及时率 = tickets received in P answered by their response due / those received in P
  whose response was given or whose due has passed
- 解决及时率 = tickets resolved in P by their resolution due / (tickets resolved in P with a
  due + open, unpaused tickets whose resolution due fell in P and has passed)
- 一次解决率 = tickets resolved in P without reopen and without re-dispatch (the ticket's
  one-time flag, which imported ledgers may carry) / resolved in P — target ≥ 85 %
- 投诉数 = complaints received in P; 投诉及时率 = the 解决及时率 over complaints only
- 回访完成率 = callbacks done / callbacks due in P (未联系上 counts as due, not done)
- 满意度 CSAT = mean overall score (1–5) of the surveys dated in P — target ≥ 4.5;
  百分制 = CSAT × 20 — target ≥ 90; per dimension: the mean of that dimension
- 低分占比 = surveys in P with any dimension below 4 / surveys in P
- 新增客户 = customers created in P; 流失率 = customers that turned 休眠 in P / customers
  active (not 休眠) at the start of P

Targets other than the spec's (one-time resolution, CSAT) are house defaults, listed in
``KPIS``. Change against the previous period is the difference (percentage points for rates).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from crmdesk.core.i18n import DATA_LANGUAGE, N_, _, current_language, in_language
from crmdesk.core.reports import measures
from crmdesk.core.reports.measures import ratio
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import TICKET_CATEGORIES, TIERS

# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A reporting period ``[start, end)`` of whole days: a month, a quarter, custom dates, or the
    current month to date (``mtd``: compared with the same days of the month before, never a
    partial month against a full one)."""

    start: dt.date
    end: dt.date  # exclusive
    kind: str = "custom"  # month / quarter / custom / mtd

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise KnownError(_("The period must end after it starts."))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``year-month``."""
        start = dt.date(year, month, 1)
        return cls(start, start + dt.timedelta(days=calendar.monthrange(year, month)[1]), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4 of ``year``."""
        start = dt.date(year, 3 * (quarter - 1) + 1, 1)
        end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
        return cls(start, end, "quarter")

    @classmethod
    def last_complete_month(cls, today: dt.date | None = None) -> Period:
        """The month before ``today``'s: what the reports open on (a finished month)."""
        day = (today or dt.date.today()).replace(day=1) - dt.timedelta(days=1)
        return cls.month(day.year, day.month)

    @classmethod
    def month_to_date(cls, today: dt.date | None = None) -> Period:
        """本月至今: the first of ``today``'s month through ``today``."""
        today = today or dt.date.today()
        return cls(today.replace(day=1), today + dt.timedelta(days=1), "mtd")

    @classmethod
    def custom(cls, first: dt.date, last: dt.date) -> Period:
        """The days ``first`` to ``last``, both included."""
        return cls(first, last + dt.timedelta(days=1), "custom")

    @classmethod
    def parse_month(cls, text: str) -> Period:
        """``2026-11`` → that month; anything else is a ``KnownError`` saying how to write it."""
        try:
            year, month = (int(part) for part in text.strip().split("-"))
            if not 1900 <= year <= 9999:
                raise ValueError(text)
            return cls.month(year, month)
        except (ValueError, TypeError):
            raise KnownError(_("“{text}” is not a month: write it as YYYY-MM, e.g. 2026-11.", text=text)) from None

    @classmethod
    def containing(cls, day: dt.date, kind: str = "month") -> Period:
        """The month (or quarter) that contains ``day``."""
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.month(day.year, day.month)

    def previous(self) -> Period:
        """The period before: the previous month or quarter, or as many days just before."""
        if self.kind == "month":
            day = self.start - dt.timedelta(days=1)
            return Period.month(day.year, day.month)
        if self.kind == "quarter":
            day = self.start - dt.timedelta(days=1)
            return Period.containing(day, "quarter")
        if self.kind == "mtd":  # the same days of the month before (all of it when it is shorter)
            first = (self.start - dt.timedelta(days=1)).replace(day=1)
            return Period(first, min(first + (self.end - self.start), self.start), "mtd")
        return Period(self.start - (self.end - self.start), self.start, "custom")

    @property
    def trend_end(self) -> dt.date:
        """The last day of the trend's last month: a month to date ends its trend at the last
        complete month (a partial month is no point of a monthly trend)."""
        return self.start - dt.timedelta(days=1) if self.kind == "mtd" else self.last_day

    @property
    def last_day(self) -> dt.date:
        """The last day included."""
        return self.end - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """The period in the interface's language (:meth:`label_in`)."""
        return self.label_in(current_language())

    def label_in(self, language: str) -> str:
        """The period as printed: 2026年11月, 2026年第4季度, 2026-01-05 至 2026-02-03 (in Chinese)."""
        year, month = self.start.year, self.start.month
        if self.kind == "month":
            return in_language(language, "{month}/{year}", year=year, month=month)
        if self.kind == "quarter":
            return in_language(language, "Q{quarter} {year}", year=year, quarter=(month - 1) // 3 + 1)
        if self.kind == "mtd":
            return in_language(language, "{month}/1 to {month}/{day}/{year}", year=year, month=month,
                               day=self.last_day.day)
        return in_language(language, "{start} to {end}", start=self.start.isoformat(), end=self.last_day.isoformat())

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as datetimes ``[start 00:00, end 00:00)``."""
        return dt.datetime.combine(self.start, dt.time()), dt.datetime.combine(self.end, dt.time())


def last_months(last: Period | dt.date, months: int = 12) -> list[Period]:
    """The ``months`` calendar months ending with the month of ``last`` (a period's last day), oldest first."""
    day = last.last_day if isinstance(last, Period) else last
    period = Period.month(day.year, day.month)
    out = [period]
    for _i in range(months - 1):
        out.append(out[-1].previous())
    return out[::-1]


# --------------------------------------------------------------------------- KPI definitions


@dataclass(frozen=True)
class KpiDef:
    """What a KPI is: its label, unit, target and formula (as printed in 指标说明).

    ``label`` and ``formula`` are English catalogue messages: :meth:`title` and :meth:`explanation`
    give them in a language (the PDFs print Chinese whatever the interface shows).
    """

    key: str
    label: str
    unit: str  # count / percent / hours / score / points
    formula: str
    target: float | None = None
    higher_is_better: bool = True
    judged: bool = True  # False: a volume, neither good nor bad when it grows (tickets received)

    def title(self, language: str | None = None) -> str:
        """The label in ``language`` (default: the interface's)."""
        return in_language(language or current_language(), self.label)

    def explanation(self, language: str | None = None) -> str:
        """How the KPI is counted, in ``language`` (default: the interface's)."""
        return in_language(language or current_language(), self.formula)


KPIS: list[KpiDef] = [
    KpiDef("received", N_("Tickets received"), "count",
           N_("Tickets created in the period"), judged=False),
    KpiDef("resolved", N_("Tickets resolved"), "count",
           N_("Tickets fed back (resolved) in the period"), judged=False),
    KpiDef("resolution_rate", N_("Resolution rate"), "percent",
           N_("Tickets received in the period and resolved before its "
              "end ÷ tickets received in the period (at most 100%)"), 0.95),
    KpiDef("response_hours", N_("Average first response time"), "hours",
           N_("Average of (first response − receipt), over tickets "
              "received in the period and responded to"), higher_is_better=False),
    KpiDef("resolution_hours", N_("Average resolution time"), "hours",
           N_("Average of (resolution − receipt), over tickets resolved in the period"), higher_is_better=False),
    KpiDef("on_time_response", N_("On-time response rate"), "percent",
           N_("Tickets first responded to within the response allowance ÷ tickets received "
              "in the period that were responded to or are past the allowance"), 0.95),
    KpiDef("on_time_resolution", N_("On-time resolution rate"), "percent",
           N_("Tickets resolved within the resolution allowance ÷ (tickets resolved in "
              "the period + unresolved tickets whose allowance ran out in the period)"), 0.9),
    KpiDef("one_time_rate", N_("First-time resolution rate"), "percent",
           N_("Tickets resolved without a reopening or a re-dispatch ÷ tickets resolved in the period"), 0.85),
    KpiDef("complaints", N_("Complaints"), "count",
           N_("Complaint tickets received in the period"), higher_is_better=False),
    KpiDef("complaint_on_time", N_("On-time complaint handling"), "percent",
           N_("On-time resolution rate of complaint tickets only"), 0.95),
    KpiDef("callback_rate", N_("Callback completion rate"), "percent",
           N_("Callbacks done ÷ callbacks due in the period (not reached counts as not done)"), 0.9),
    KpiDef("csat", N_("Customer satisfaction (out of 5)"), "score",
           N_("Average “overall satisfaction” score of the surveys in the period"), 4.5),
    KpiDef("csat100", N_("Customer satisfaction (out of 100)"), "points",
           N_("Average out of 5 × 20"), 90),
    KpiDef("low_share", N_("Share of low-score surveys"), "percent",
           N_("Surveys with any dimension below 4 ÷ surveys in the period"), 0.1, higher_is_better=False),
    KpiDef("surveys", N_("Satisfaction surveys"), "count",
           N_("Satisfaction surveys completed in the period"), judged=False),
    KpiDef("new_customers", N_("New customers"), "count",
           N_("Customers created in the period")),
    KpiDef("churn_rate", N_("Customer churn rate"), "percent",
           N_("Customers turned dormant in the period "
              "÷ customers not dormant at its start"), 0.02, higher_is_better=False),
]
KPI_BY_KEY = {k.key: k for k in KPIS}


@dataclass(frozen=True)
class Kpi:
    """One KPI's value in the period and in the previous one."""

    definition: KpiDef
    value: float | None
    previous: float | None

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def change(self) -> float | None:
        """Value minus previous value (percentage points as a fraction for rates)."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def met(self) -> bool | None:
        """Whether the target is reached (``None`` without a target or a value)."""
        target = self.definition.target
        if target is None or self.value is None:
            return None
        return self.value >= target - 1e-9 if self.definition.higher_is_better else self.value <= target + 1e-9

    @property
    def improved(self) -> bool | None:
        """Whether the change goes the good way (``None`` when unchanged, unknown or not judged)."""
        change = self.change
        if change is None or abs(change) < 1e-9 or not self.definition.judged:
            return None
        return (change > 0) == self.definition.higher_is_better


@dataclass
class Values:
    """Every KPI value of one period, plus the breakdowns the charts use."""

    period: Period
    values: dict[str, float | None]
    by_category: dict[str, int] = field(default_factory=dict)
    dimensions: dict[str, float | None] = field(default_factory=dict)


def _mean(total: float, count: int) -> float | None:
    return total / count if count else None


def assemble(period: Period, t: measures.TicketMeasures, sv: measures.SurveyMeasures,
              cb: measures.CallbackMeasures | None) -> Values:
    """The KPI values of one period from its measures (the formulas of the module doc)."""
    csat = _mean(sv.overall_sum, sv.scored_overall)
    v: dict[str, float | None] = {
        "received": t.received,
        "resolved": t.resolved,
        "resolution_rate": ratio(t.received_resolved, t.received),
        "response_hours": _mean(t.response_hours_sum, t.responded),
        "resolution_hours": _mean(t.resolution_hours_sum, t.resolved),
        "on_time_response": ratio(t.response_on_time, t.response_decided),
        "on_time_resolution": ratio(t.resolved_on_time, t.resolved_with_due + t.breached_open),
        "one_time_rate": ratio(t.one_time, t.resolved),
        "complaints": t.complaints,
        "complaint_on_time": ratio(t.complaints_resolved_on_time,
                                   t.complaints_resolved_with_due + t.complaints_breached_open),
        "callback_rate": None if cb is None else ratio(cb.done, cb.due),
        "csat": csat,
        "csat100": None if csat is None else csat * 20,
        "low_share": ratio(sv.low, sv.surveys),
        "surveys": sv.surveys,
        "new_customers": None,  # customer measures are added by compute()
        "churn_rate": None,
    }
    by_category = {key: t.received_by_category.get(key, 0) for key in TICKET_CATEGORIES}
    return Values(period, v, by_category, dict(sv.dimension_means))


def _callbacks(period: Period, as_of: dt.datetime) -> measures.CallbackMeasures:
    start, end = period.bounds()
    return measures.callbacks(start, end, as_of)[measures.SINGLE]


def values(period: Period, as_of: dt.datetime | None = None) -> Values:
    """The ticket, callback and survey KPIs of one period (through the indexes)."""
    as_of = as_of or dt.datetime.now()
    start, end = period.bounds()
    key = measures.SINGLE
    return assemble(period, measures.tickets(start, end, as_of)[key], measures.surveys(period.start, period.end)[key],
                     _callbacks(period, as_of))


def monthly_values(months: list[Period], as_of: dt.datetime | None = None) -> list[Values]:
    """The ticket and survey KPIs of each of a run of calendar months, one grouped scan per subject.

    The callback rate is left out (``None``): the trend charts do not show it, and scanning
    every follow-up of a year would cost as much as the tickets.
    """
    if not months:
        return []
    as_of = as_of or dt.datetime.now()
    start, end = months[0].bounds()[0], months[-1].bounds()[1]
    t = measures.tickets(start, end, as_of, by_month=True)
    sv = measures.surveys(months[0].start, months[-1].end, by_month=True)
    return [assemble(m, t[key], sv[key], None) for m in months for key in [m.start.strftime("%Y-%m")]]


@dataclass
class KpiSet:
    """The KPIs of a period compared with the previous one, the breakdowns and the trend."""

    period: Period
    previous_period: Period
    as_of: dt.datetime
    kpis: list[Kpi]
    by_category: dict[str, int]
    by_category_previous: dict[str, int]
    by_tier: dict[str, int]
    dimensions: dict[str, float | None]
    dimensions_previous: dict[str, float | None]
    trend: list[Values] = field(default_factory=list)  # monthly, oldest first

    def get(self, key: str) -> Kpi:
        """The KPI named ``key``."""
        return next(k for k in self.kpis if k.key == key)

    def value(self, key: str) -> float | None:
        """The KPI's value in the period."""
        return self.get(key).value


def _completed(v: Values, as_of: dt.datetime) -> Values:
    """A copy of ``v`` with the callback rate (when missing) and the customer KPIs added."""
    v = Values(v.period, dict(v.values), dict(v.by_category), dict(v.dimensions))
    if v.values["callback_rate"] is None:
        cb = _callbacks(v.period, as_of)
        v.values["callback_rate"] = ratio(cb.done, cb.due)
    start, end = v.period.bounds()
    cm = measures.customers(start, end)
    v.values["new_customers"] = cm.new
    v.values["churn_rate"] = ratio(cm.turned_dormant, cm.active_at_start)
    return v


def compute(period: Period, as_of: dt.datetime | None = None, *, trend_months: int = 0) -> KpiSet:
    """Every KPI of docs/spec.md §5 for ``period`` and the previous period (SQL; read-only).

    With ``trend_months`` the set also holds the monthly trend up to the period's last month;
    a month period and its previous month are then taken from the trend itself, so the card
    and the chart show one number.
    """
    as_of = as_of or dt.datetime.now()
    trend = monthly_values(last_months(period.trend_end, trend_months), as_of) if trend_months > 0 else []
    by_period = {v.period: v for v in trend}
    previous = period.previous()
    current = _completed(by_period.get(period) or values(period, as_of), as_of)
    before = _completed(by_period.get(previous) or values(previous, as_of), as_of)
    kpis = [Kpi(d, current.values[d.key], before.values[d.key]) for d in KPIS]
    tiers = measures.tier_counts()
    return KpiSet(period, previous, as_of, kpis, current.by_category, before.by_category,
                  {tier: tiers.get(tier, 0) for tier in TIERS}, current.dimensions, before.dimensions, trend)


TREND_KEYS = ("received", "resolved", "resolution_rate", "csat", "response_hours", "resolution_hours",
              "on_time_response", "on_time_resolution", "one_time_rate", "complaints")


def trend(last: Period | dt.date, months: int = 12, as_of: dt.datetime | None = None) -> list[Values]:
    """The ticket and survey KPIs of the ``months`` months up to ``last``'s month, oldest first."""
    return monthly_values(last_months(last, months), as_of)


# --------------------------------------------------------------------------- how the numbers are printed
# One formatting for the reports tab and the PDFs, so the same number reads the same everywhere.

NO_VALUE = "—"


def format_value(unit: str, value: float | None, *, hours: str | None = None) -> str:
    """A KPI value as printed: ``85.7%``, ``20.6 小时``, ``4.49``, ``89.8``, ``1234``.

    ``hours`` is the pattern of a number of hours (the reports tab passes its translation; the
    default is the PDFs', in the records' language).
    """
    hours = hours or in_language(DATA_LANGUAGE, "{} hours")
    if value is None:
        return NO_VALUE
    if unit == "percent":
        return f"{value * 100:.1f}%"
    if unit == "hours":
        return hours.format(f"{value:.1f}")
    if unit == "score":
        return f"{value:.2f}"
    if unit == "points":
        return f"{value:.1f}"
    return f"{round(value)}"


def format_change(k: Kpi, *, hours: str | None = None, points: str | None = None, relative: bool = True) -> str:
    """The change against the previous period: ``+1.2 个百分点``, ``-0.05``, ``+651（+2.7%）``.

    ``hours`` and ``points`` are the patterns of hours and of percentage points (default: the
    PDFs', in the records' language); ``relative`` adds the relative change of a count.
    """
    hours = hours or in_language(DATA_LANGUAGE, "{} hours")
    points = points or in_language(DATA_LANGUAGE, "{} percentage points")
    change = k.change
    if change is None:
        return NO_VALUE
    unit = k.definition.unit
    if unit == "percent":
        return points.format(f"{change * 100:+.1f}")
    if unit == "hours":
        return hours.format(f"{change:+.1f}")
    if unit == "score":
        return f"{change:+.2f}"
    if unit == "points":
        return f"{change:+.1f}"
    extra = in_language(DATA_LANGUAGE, " ({share})", share=f"{change / k.previous * 100:+.1f}%") \
        if relative and k.previous else ""
    return f"{round(change):+d}{extra}"


def format_target(d: KpiDef) -> str:
    """The target as printed: ``≥ 85.0%``, ``≤ 10.0%``, ``≥ 4.50``."""
    if d.target is None:
        return NO_VALUE
    return f"{'≥' if d.higher_is_better else '≤'} {format_value(d.unit, d.target)}"


def format_met(k: Kpi) -> str:
    """达标 / 未达标 / — (no target or no value)."""
    met = k.met
    return NO_VALUE if met is None else (in_language(DATA_LANGUAGE, "Met") if met else in_language(DATA_LANGUAGE, "Not met"))

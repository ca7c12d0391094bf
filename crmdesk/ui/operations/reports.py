"""Named operations of the reports tab: the KPIs and what is behind them, the low-score and
improvement lists, surveys, and the two PDF reports.

Computing KPIs, listing and building a report only read the database: they are ``ReadOp`` on
the reader thread, so a report of a large database never holds the clerk's next save. Recording
a survey and editing the improvement list are writes (``Op``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from crmdesk.core.reports import equipment as equipment_kpis
from crmdesk.core.reports import items as kpi_items
from crmdesk.core.reports import kpi, surveys
from crmdesk.core.reports import lists as kpi_lists
from crmdesk.core.reports import quality as kpi_quality
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.errors import OperationCancelled
from crmdesk.ui.operations.runner import Op, OpContext, ReadOp


def _stop_if_cancelled(ctx: OpContext, result: Any = None) -> Any:
    """Between the steps of a report: Cancel ends the operation (no preview opens); else ``result``."""
    if ctx.cancelled():
        raise OperationCancelled()
    return result


def compute_kpis(parent: QWidget | None, period: Period, as_of: dt.datetime, *, trend_months: int) -> ReadOp:
    """The KPIs of ``period`` with the previous period and ``trend_months`` months; the result is a ``KpiSet``."""
    return ReadOp(parent, lambda _ctx: kpi.compute(period, as_of, trend_months=trend_months))


def kpi_detail(parent: QWidget | None, key: str, period: Period, as_of: dt.datetime, **which: str) -> ReadOp:
    """The items behind KPI ``key`` (``category``/``tier``/``dimension`` narrow it to one bar)."""
    return ReadOp(parent, lambda _ctx: kpi_items.detail(key, period, as_of, **which))


def equipment_report(parent: QWidget | None, period: Period) -> ReadOp:
    """The equipment figures of ``period`` (by model, repeat faults, cover); the result is an ``EquipmentReport``."""
    return ReadOp(parent, lambda _ctx: equipment_kpis.compute(period))


def equipment_detail(parent: QWidget | None, period: Period, what: str, value: Any = None) -> ReadOp:
    """The tickets behind an equipment figure: ``model`` (a model key), ``repeats`` (a machine or all) or
    ``warranty`` (a cover state or all); the result is a ``Detail``."""
    detail = {"model": equipment_kpis.detail_model, "repeats": equipment_kpis.detail_repeats,
              "warranty": equipment_kpis.detail_warranty}[what]
    return ReadOp(parent, lambda _ctx: detail(period) if value is None else detail(period, value))


def load_lists(parent: QWidget | None, period: Period, *, low_limit: int) -> ReadOp:
    """The period's low-score surveys ``(total, shown)`` and its improvement list."""
    return ReadOp(parent, lambda _ctx: (kpi_lists.low_scores(period, low_limit), surveys.improvements_for(period)))


def build_monthly_report(parent: QWidget | None, period: Period, out: Path, *, with_policy: bool = False) -> ReadOp:
    """The service report of ``period`` written to ``out`` (cancellable between its steps); ``with_policy``
    appends 《售后服务流程规范》 and 《客户资料管理制度》."""
    from crmdesk.io.pdf.monthly import gather, write_monthly_report  # start-up: reportlab loads when first built

    def work(ctx: OpContext) -> Path:
        now = dt.datetime.now().replace(microsecond=0)
        content = gather(period, now)  # the queries: most of the time on a large database
        _stop_if_cancelled(ctx)
        return _stop_if_cancelled(ctx, write_monthly_report(period, out, as_of=now, content=content,
                                                            with_policy=with_policy))

    return ReadOp(parent, work)


def build_health_report(parent: QWidget | None, out: Path) -> ReadOp:
    """The data-health report written to ``out`` (cancellable between its steps)."""
    from crmdesk.io.pdf.health import write_health_report  # start-up: reportlab loads when first built

    def work(ctx: OpContext) -> Path:
        now = dt.datetime.now().replace(microsecond=0)
        measured = kpi_quality.health(now)
        _stop_if_cancelled(ctx)
        return _stop_if_cancelled(ctx, write_health_report(out, as_of=now, measured=measured))

    return ReadOp(parent, work)


def record_survey(parent: QWidget | None, customer_id: int, scores: dict[str, int | None], *, method: str,
                  date: dt.date, comment: str) -> Op:
    """A survey that did not come from a callback (questionnaire, e-mail, visit, call)."""
    return Op(parent, lambda _ctx: surveys.record(customer_id, scores, method=method, date=date, comment=comment))


# The improvement list is shown by the reports tab alone, which reloads it after an edit: its
# edits return no change-set, so no other view reloads for them.

def add_improvement(parent: QWidget | None, values: dict[str, Any], *, survey_id: int | None = None) -> Op:
    """An action on the improvement list (for a low-score survey, or free-standing)."""
    def work(_ctx) -> None:
        surveys.add_improvement(values["item"], values["action"], owner_id=values["owner_id"], due=values["due"],
                                survey_id=survey_id)

    return Op(parent, work)


def update_improvement(parent: QWidget | None, item_id: int, values: dict[str, Any]) -> Op:
    """Edit an item of the improvement list (an empty owner or due date clears it)."""
    def work(_ctx) -> None:
        surveys.update_improvement(item_id, item=values["item"], action=values["action"], owner_id=values["owner_id"],
                                   clear_owner=values["owner_id"] is None, due=values["due"],
                                   clear_due=values["due"] is None, done=values["done"])

    return Op(parent, work)


def set_improvement_done(parent: QWidget | None, item_id: int, done: bool) -> Op:
    """Mark an item done (it leaves later reports) or open again."""
    def work(_ctx) -> None:
        surveys.set_done(item_id, done)

    return Op(parent, work)

"""月度服务报告: the monthly service report the owner prints (docs/spec.md §5).

Cover (firm, month, four headline numbers), the KPI table with the change against the previous
month and the targets, the charts (12-month trends of CSAT, response and resolution times and
the SLA rates; tickets by category; customers by tier; dimension scores), the overdue tickets,
the complaints, the low-score surveys, the improvement list (open items of earlier months
carried along), each department's and person's figures (``core.reports.team``) and how each KPI
is computed. Every number comes from ``core.reports.kpi`` — the same service the reports tab
shows — through the same formatting.

A quarter or a custom period gets the same report under its own title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmdesk.core.i18n import DATA_LANGUAGE, data_text
from crmdesk.core.reports import kpi, surveys, team
from crmdesk.core.reports import lists as kpi_lists
from crmdesk.core.reports.kpi import (
    KPI_BY_KEY,
    KPIS,
    KpiSet,
    Period,
    format_change,
    format_met,
    format_target,
    format_value,
)
from crmdesk.core.store.models import (
    PRIORITIES,
    SEVERITIES,
    SURVEY_DIMENSIONS,
    SURVEY_METHODS,
    TICKET_CATEGORIES,
    TIERS,
)
from crmdesk.core.tickets.records import stage_label
from crmdesk.io.pdf import charts
from crmdesk.io.pdf.common import Styles, build_pdf, data_table, firm_name, frame_width, para, styles, text
from crmdesk.io.pdf.policy import policy_story

LIST_LIMIT = 50
TREND_MONTHS = 12
HEADLINES = {"received": "受理工单", "one_time_rate": "一次解决率", "csat100": "满意度（百分制）", "complaints": "投诉数"}


def title_of(period: Period) -> str:
    """月度服务报告 / 季度服务报告 / 月度服务报告（本月至今） / 服务报告."""
    return {"month": "月度服务报告", "quarter": "季度服务报告", "mtd": "月度服务报告（本月至今）"}.get(period.kind, "服务报告")


def document_title(period: Period) -> str:
    """The report's title as the document and its file name carry it: 月度服务报告 2026年11月."""
    return f"{title_of(period)} {period.label_in(DATA_LANGUAGE)}"


@dataclass
class MonthlyContent:
    """Everything the report prints, gathered before the layout (the tab and tests reuse it)."""

    kpis: KpiSet
    overdue: tuple[int, list[kpi_lists.OverdueLine]]
    complaints: tuple[int, list[kpi_lists.ComplaintLine]]
    low_scores: tuple[int, list[kpi_lists.LowScore]]
    improvements: list[surveys.ImprovementLine]
    team: team.TeamKpis | None = None  # per person and department; None: computed when the report is written


def gather(period: Period, as_of: dt.datetime | None = None) -> MonthlyContent:
    """Query every number and list of the report (read-only)."""
    as_of = as_of or dt.datetime.now()
    return MonthlyContent(kpi.compute(period, as_of, trend_months=TREND_MONTHS),
                          kpi_lists.overdue(period, as_of, LIST_LIMIT), kpi_lists.complaints(period, as_of, LIST_LIMIT),
                          kpi_lists.low_scores(period, LIST_LIMIT), surveys.improvements_for(period),
                          team.compute(period, as_of))


# --------------------------------------------------------------------------- sections


def _cover(content: MonthlyContent, st: Styles, firm: str, now: dt.datetime) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

    k = content.kpis
    cards = [[para(label, st.subtitle) for label in HEADLINES.values()],
             [para(format_value(k.get(key).definition.unit, k.value(key)), st.title) for key in HEADLINES],
             [para(f"环比 {format_change(k.get(key))}", st.small) for key in HEADLINES]]
    table = Table(cards, colWidths=[frame_width() / 4] * 4)
    table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [Spacer(1, 45 * mm), para(firm, st.subtitle), Spacer(1, 6 * mm), para(title_of(k.period), st.title),
            para(k.period.label_in(DATA_LANGUAGE), st.subtitle), Spacer(1, 25 * mm), table, Spacer(1, 30 * mm),
            para(f"统计期间：{k.period.start.isoformat()} 至 {k.period.last_day.isoformat()}　"
                 f"对比期间：{k.previous_period.label_in(DATA_LANGUAGE)}", st.small),
            para(f"数据截至：{now:%Y-%m-%d %H:%M}　由客户服务台生成", st.small), PageBreak()]


def _kpi_table(k: KpiSet, st: Styles) -> list[Any]:
    width = frame_width()
    rows = [[x.definition.title(DATA_LANGUAGE), format_value(x.definition.unit, x.value), format_value(x.definition.unit, x.previous),
             format_change(x), format_target(x.definition), format_met(x)] for x in k.kpis]
    return [para("一、关键指标", st.h1),
            data_table(["指标", "本期", "上期", "环比变化", "目标", "达标"], rows,
                       [width * f for f in (0.27, 0.15, 0.15, 0.19, 0.12, 0.12)], st, right=(1, 2, 3))]


def _charts(k: KpiSet, st: Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    width = frame_width()
    half = width / 2 - 6
    # month numbers, with 月 on the first month and on each January (a year boundary)
    labels = [f"{v.period.start.month}月" if i == 0 or v.period.start.month == 1 else str(v.period.start.month)
              for i, v in enumerate(k.trend)]

    def series(key: str) -> list[float | None]:
        return [v.values[key] for v in k.trend]

    def pct(values: list[float | None]) -> list[float | None]:
        return [None if v is None else v * 100 for v in values]

    csat = charts.line_chart("客户满意度趋势（5分制）", labels, [("满意度", series("csat"))], half,
                             value_format=lambda v: f"{v:.1f}", ceiling=5, target=4.5)
    hours = charts.line_chart("响应与解决时长趋势（小时）", labels,
                              [("平均首次响应", series("response_hours")), ("平均解决", series("resolution_hours"))],
                              half, value_format=lambda v: f"{v:.0f}", floor=0)
    sla = charts.line_chart("解决率与时效达成率趋势（%）", labels,
                            [("响应及时率", pct(series("on_time_response"))),
                             ("解决及时率", pct(series("on_time_resolution"))),
                             ("一次解决率", pct(series("one_time_rate"))),
                             ("解决率", pct(series("resolution_rate")))],
                            width, value_format=lambda v: f"{v:.0f}", ceiling=100, target=85)
    categories = charts.bar_chart("本期工单类型分布", [TICKET_CATEGORIES[c] for c in TICKET_CATEGORIES],
                                  [("本期", [k.by_category.get(c, 0) for c in TICKET_CATEGORIES]),
                                   ("上期", [k.by_category_previous.get(c, 0) for c in TICKET_CATEGORIES])], half,
                                  value_format=lambda v: f"{v:.0f}")
    tiers = charts.bar_chart("客户层级分布（当前）", [TIERS[t] for t in TIERS],
                             [("客户数", [k.by_tier.get(t, 0) for t in TIERS])], half,
                             value_format=lambda v: f"{v:.0f}")
    dims = charts.bar_chart("满意度各维度平均分", [SURVEY_DIMENSIONS[d] for d in SURVEY_DIMENSIONS],
                            [("本期", [k.dimensions.get(d) for d in SURVEY_DIMENSIONS]),
                             ("上期", [k.dimensions_previous.get(d) for d in SURVEY_DIMENSIONS])], width,
                            value_format=lambda v: f"{v:.2f}", ceiling=5)
    return [para("二、趋势与分布", st.h1),
            KeepTogether([charts.side_by_side(csat, hours, width), Spacer(1, 4)]),
            KeepTogether([sla, Spacer(1, 4)]),
            KeepTogether([charts.side_by_side(categories, tiers, width), Spacer(1, 4)]), dims]


def _count_note(total: int, shown: int, st: Styles, noun: str) -> Any:
    if total > shown:
        return para(f"共 {total} {noun}，以下列出前 {shown} {noun}。", st.small)
    return para(f"共 {total} {noun}。", st.small)


def _overdue(content: MonthlyContent, st: Styles) -> list[Any]:
    total, lines = content.overdue
    width = frame_width()
    rows = [[x.number, x.customer, TICKET_CATEGORIES.get(x.category, x.category), PRIORITIES.get(x.priority, x.priority),
             x.assignee, text(x.due), text(x.resolved_at) or "未解决", f"{x.hours_late:.1f}"] for x in lines]
    return [para("三、超时工单", st.h1),
            para("解决时间晚于解决时限的工单，以及解决时限已过仍未解决的工单（即“解决及时率”未达成的部分）。", st.small),
            _count_note(total, len(lines), st, "张"),
            data_table(["工单编号", "客户", "类型", "分级", "处理人", "解决时限", "解决时间", "超时(小时)"], rows,
                       [width * f for f in (0.17, 0.18, 0.10, 0.06, 0.09, 0.14, 0.14, 0.12)], st, right=(7,))]


def _complaints(content: MonthlyContent, st: Styles) -> list[Any]:
    total, lines = content.complaints
    width = frame_width()
    verdict = {True: "及时", False: "超时", None: "处理中"}
    rows = [[x.number, x.customer, SEVERITIES.get(x.severity, x.severity or "—"), stage_label(x.stage),
             text(x.created_at), verdict[x.on_time], x.root_cause, x.result] for x in lines]
    return [para("四、客户投诉", st.h1), _count_note(total, len(lines), st, "起"),
            data_table(["工单编号", "客户", "等级", "阶段", "投诉时间", "时效", "根本原因", "处理结果"], rows,
                       [width * f for f in (0.17, 0.16, 0.06, 0.07, 0.14, 0.06, 0.16, 0.18)], st)]


def _low_scores(content: MonthlyContent, st: Styles) -> list[Any]:
    total, lines = content.low_scores
    width = frame_width()
    rows = []
    for x in lines:
        low = "、".join(f"{SURVEY_DIMENSIONS[d]} {x.scores[d]}分" for d in x.low_dimensions)
        actions = "；".join(f"{a.action}（{a.owner or '未指定'}{'，已完成' if a.done else ''}）" for a in x.actions)
        rows.append([x.date.isoformat(), f"{x.customer}（{x.customer_code}）", x.ticket or "—",
                     SURVEY_METHODS.get(x.method, x.method), low, x.comment, actions or "—"])
    return [para("五、低分调查", st.h1),
            para("任一维度低于4分的满意度调查，按最低分排列。", st.small), _count_note(total, len(lines), st, "份"),
            data_table(["日期", "客户", "工单", "方式", "低分项", "客户意见", "改进措施"], rows,
                       [width * f for f in (0.11, 0.18, 0.17, 0.06, 0.17, 0.14, 0.17)], st)]


def _improvements(content: MonthlyContent, st: Styles) -> list[Any]:
    width = frame_width()
    rows = [[x.item, x.customer or "—", x.action or "（待制定）", x.owner or "未指定", text(x.due) or "—",
             "已完成" if x.done else ("上期遗留" if x.carried else "进行中")] for x in content.improvements]
    open_count = sum(1 for x in content.improvements if not x.done)
    return [para("六、改进清单", st.h1),
            para(f"本期新增和以往未完成的改进事项共 {len(rows)} 项，其中未完成 {open_count} 项；"
                 "未完成的事项会继续列入下期报告。", st.small),
            data_table(["改进事项", "客户", "改进措施", "负责人", "完成期限", "状态"], rows,
                       [width * f for f in (0.26, 0.16, 0.26, 0.10, 0.12, 0.10)], st)]


def _team_rows(rows: list[team.TeamRow], first: Any) -> list[list[object]]:
    return [[*first(row), *(format_value(row.get(key).definition.unit, row.get(key).value) for key in team.TEAM_KEYS)]
            for row in rows if row.active or any(row.get(key).value for key in ("received", "resolved"))]


def _team(content: MonthlyContent, st: Styles) -> list[Any]:
    """七、人员与部门: each department's and each person's KPIs of the period (``core.reports.team``)."""
    kpis = content.team or team.compute(content.kpis.period)
    width = frame_width()
    titles = [KPI_BY_KEY[key].title(DATA_LANGUAGE) for key in team.TEAM_KEYS]
    figures = [width * f for f in (0.07, 0.07, 0.11, 0.09, 0.11, 0.09, 0.09, 0.09)]  # TEAM_KEYS' columns
    departments = _team_rows(kpis.departments, lambda row: [row.name])
    people = _team_rows(kpis.people, lambda row: [row.name, row.department or "—"])
    return [para(data_text("VII. People and departments"), st.h1),
            para(data_text("Each department's figures count the tickets it is responsible for (the department "
                           "routing chose, else the assignee's); each person's the tickets assigned to them. "
                           "Surveys count for the ticket's department and person."), st.small),
            data_table([data_text("Department"), *titles], departments, [width - sum(figures), *figures], st,
                       right=tuple(range(1, 9))),
            para("", st.small),
            data_table([data_text("Name"), data_text("Department"), *titles], people,
                       [(width - sum(figures)) * 0.5, (width - sum(figures)) * 0.5, *figures], st,
                       right=tuple(range(2, 10)))]


def _definitions(st: Styles) -> list[Any]:
    width = frame_width()
    rows = [[d.title(DATA_LANGUAGE), d.explanation(DATA_LANGUAGE), format_target(d)] for d in KPIS]
    return [para("附：指标说明", st.h1),
            data_table(["指标", "计算方法", "目标"], rows, [width * 0.24, width * 0.62, width * 0.14], st)]


def write_monthly_report(period: Period, out: Path, *, as_of: dt.datetime | None = None,
                         content: MonthlyContent | None = None, with_policy: bool = False) -> Path:
    """Write the report of ``period`` to ``out`` (atomically); returns ``out``. ``with_policy`` appends
    the firm's 《售后服务流程规范》 and 《客户资料管理制度》 (``crmdesk.io.pdf.policy``)."""
    now = as_of or dt.datetime.now()
    content = content or gather(period, now)
    st = styles()
    firm = firm_name()
    story = (_cover(content, st, firm, now) + _kpi_table(content.kpis, st) + _charts(content.kpis, st)
             + _overdue(content, st) + _complaints(content, st) + _low_scores(content, st)
             + _improvements(content, st) + _team(content, st) + _definitions(st))
    if with_policy:
        from reportlab.platypus import PageBreak  # reportlab is imported when a report is built (docs/spec.md §9)

        story += [PageBreak(), *policy_story(st=st)]
    title = document_title(period)
    return build_pdf(Path(out), story, title=title, firm=firm, cover=True, now=now)

"""现状诊断报告: the data-health report an owner reads after importing the old ledgers (docs/spec.md §5).

The worst problems in plain words come first (what to do this week); then the evidence:
missing-field rates of the registry, suspected duplicate groups, response and resolution
times, on-time response and one-time resolution. The measures come from
``core.reports.quality.health``; this module adds what the import recorded about the old ledger
(:func:`ledger_gaps`): the 客户类型 / 重要等级 an import set to their visible default because
the ledger held none (counted as 未填（默认）, not as filled in), and the imported contacts
without a 职务, so the report tells the owner the truth about the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmdesk.core.reports import quality as kpi_quality
from crmdesk.core.reports.kpi import format_value
from crmdesk.core.store import db
from crmdesk.io.pdf import charts
from crmdesk.io.pdf.common import build_pdf, data_table, frame_width, para, styles

TITLE = "现状诊断报告"
DUPLICATES_SHOWN = 40
DEFAULT_LABEL = "未填（默认）"
# field → the default an import gives it when the ledger holds no value (core.store.models' defaults)
DEFAULTED_VALUES = {"type": ("prospect", "潜在客户"), "importance": ("C", "C")}


@dataclass(frozen=True)
class LedgerGaps:
    """What the import recorded about the old ledger (beside the missing-field rates)."""

    customers: int
    defaulted: dict[str, int]  # field → customers still holding the default an import gave them
    contacts_without_title: int  # imported contacts, not deleted, without a 职务

    def share(self, key: str) -> float | None:
        return self.defaulted.get(key, 0) / self.customers if self.customers else None


def ledger_gaps() -> LedgerGaps:
    """Count the imported defaults still in place and the imported contacts without a title.

    A default counts while the field still holds it: a customer whose 客户类型 was set by hand
    since no longer counts.
    """
    sums = ", ".join(f"count(*) FILTER (WHERE ',' || c.defaulted || ',' LIKE '%,{key},%' AND c.{key} = '{value}')"
                     for key, (value, _label) in DEFAULTED_VALUES.items())
    row = db.sql(f"SELECT count(*), {sums} FROM customer c WHERE {kpi_quality.LIVE}").fetchone()
    untitled = db.sql(
        "SELECT count(*) FROM contact x JOIN customer c ON c.id = x.customer_id WHERE x.batch_id IS NOT NULL "
        f"AND x.deleted_at IS NULL AND x.title = '' AND {kpi_quality.LIVE}").fetchone()[0]
    return LedgerGaps(int(row[0]), {key: int(n) for key, n in zip(DEFAULTED_VALUES, row[1:])}, int(untitled))


def _gap_problems(h: kpi_quality.Health, gaps: LedgerGaps) -> list[str]:
    """The worst problems with the imported defaults among them (a default hides a gap in the ledger)."""
    found: list[tuple[bool, str]] = []
    labels = {m.key: m.label for m in h.fields}
    for key, (_value, shown) in DEFAULTED_VALUES.items():
        share = gaps.share(key)
        if share:
            found.append((share >= 0.2, f"{gaps.defaulted[key]} 位客户（{share * 100:.1f}%）的{labels.get(key, key)}"
                                        f"在原台账中未填，导入时按默认值“{shown}”记录；请逐一核实并改正，"
                                        "否则客户分类和统计会失真。"))
    first = [text for urgent, text in found if urgent]
    later = [text for urgent, text in found if not urgent]
    return [*first, *h.problems, *later][:max(5, len(first))]


def _hours(value: float | None) -> str:
    return format_value("hours", value)


def _time_rows(h: kpi_quality.Health) -> list[list[str]]:
    rows = []
    for label, s, without in (("首次响应时长", h.response, "未记录首次响应"), ("解决时长", h.resolution, "已解决但无解决时间")):
        rows.append([label, str(s.count), f"{without} {s.without}", _hours(s.mean), _hours(s.median), _hours(s.p90),
                     _hours(s.maximum)])
    return rows


def write_health_report(out: Path, *, as_of: dt.datetime | None = None,
                        measured: kpi_quality.Health | None = None) -> Path:
    """Measure the database (unless ``measured`` is given) and write the report to ``out``; returns ``out``."""
    from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Spacer

    now = as_of or dt.datetime.now()
    h = measured or kpi_quality.health(now)
    gaps = ledger_gaps()
    problems = _gap_problems(h, gaps)
    st = styles()
    width = frame_width()
    story: list[Any] = [
        para(TITLE, st.title),
        para(f"客户 {h.customers} 户 · 工单 {h.tickets} 张 · 满意度调查 {h.surveys} 份　（{now:%Y-%m-%d}）", st.subtitle),
        para("一、最需要处理的问题", st.h1),
    ]
    if problems:
        story.append(ListFlowable([ListItem(para(p, st.body), leftIndent=14) for p in problems],
                                  bulletType="1", bulletFormat="%s.", bulletFontName=st.font, bulletFontSize=10,
                                  leftIndent=14))
    else:
        story.append(para("未发现明显问题。", st.body))

    story.append(para("二、字段缺失率", st.h1))
    story.append(para("按客户统计（含已归档，不含已删除和已合并的客户）；“必填”为登记表中带 * 的字段。"
                      f"“{DEFAULT_LABEL}”是原台账没有、导入时按默认值记录的客户数，它们同样需要补录。", st.small))

    def defaulted(key: str) -> str:
        if key not in DEFAULTED_VALUES:
            return ""
        return f"{gaps.defaulted[key]}（{format_value('percent', gaps.share(key))}）"

    rows = [[m.label, "是" if m.required else "", str(m.missing), format_value("percent", m.rate), defaulted(m.key)]
            for m in h.fields]
    story.append(data_table(["字段", "必填", "缺失数", "缺失率", DEFAULT_LABEL], rows,
                            [width * f for f in (0.3, 0.1, 0.15, 0.18, 0.27)], st, right=(2, 3, 4)))
    if gaps.contacts_without_title:
        story.append(Spacer(1, 4))
        story.append(para(f"导入的联系人中有 {gaps.contacts_without_title} 位在原台账中没有职务。它们照常导入、照常使用，"
                          "修改联系人时不会因此被拒绝；请在客户档案中逐步补录。", st.body))
    rates = [m.rate if m.key not in DEFAULTED_VALUES or m.rate is None else m.rate + (gaps.share(m.key) or 0)
             for m in h.fields]
    chart = charts.hbar_chart("各字段缺失率（%，含按默认值导入）", [m.label for m in h.fields],
                              [None if r is None else r * 100 for r in rates], width * 0.8,
                              value_format=lambda v: f"{v:.1f}", ceiling=10)
    story.append(KeepTogether([Spacer(1, 6), chart]))

    story.append(para("三、疑似重复客户", st.h1))
    capped = "（只列出了前 500 组）" if h.duplicates_capped else ""
    story.append(para(f"名称相同（忽略“有限公司”、括号、空格和全半角）或联系人手机相同的客户共 {len(h.duplicate_groups)} 组、"
                      f"{h.duplicate_customers} 户{capped}。合并后工单、回访和变更记录归入同一份档案。", st.body))
    dup_rows = [["名称相同" if g.reason == "name" else "手机相同", g.label,
                 "；".join(f"{code} {name}" for _cid, code, name in g.customers)]
                for g in h.duplicate_groups[:DUPLICATES_SHOWN]]
    if len(h.duplicate_groups) > DUPLICATES_SHOWN:
        story.append(para(f"以下列出前 {DUPLICATES_SHOWN} 组，全部分组可在客户档案的“疑似重复”中查看。", st.small))
    story.append(data_table(["依据", "相同的值", "客户"], dup_rows, [width * 0.12, width * 0.25, width * 0.63], st))

    story.append(para("四、响应与解决时长", st.h1))
    story.append(data_table(["时长", "工单数", "缺失", "平均", "中位数", "90% 不超过", "最长"], _time_rows(h),
                            [width * f for f in (0.15, 0.1, 0.21, 0.13, 0.13, 0.14, 0.14)], st,
                            right=(1, 3, 4, 5, 6)))
    story.append(Spacer(1, 6))
    story.append(para(f"响应及时率（在响应时限内首次响应的工单占比）：{format_value('percent', h.response_on_time)}；"
                      f"已超过解决时限仍未完成的工单：{h.open_overdue} 张。", st.body))

    story.append(para("五、一次解决率", st.h1))
    story.append(para(f"已解决的 {h.resolved} 张工单中，{h.one_time} 张未经重开和改派即解决，"
                      f"一次解决率 {format_value('percent', h.one_time_rate)}（目标 ≥ 85.0%）。"
                      f"满意度调查平均分 {format_value('score', h.csat)}（目标 ≥ 4.50）。", st.body))
    return build_pdf(Path(out), story, title=TITLE, now=now)

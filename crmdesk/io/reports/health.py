"""现状诊断报告: the data-health report an owner reads after importing the old ledgers (SPEC §5).

The worst problems in plain words come first (what to do this week); then the evidence:
missing-field rates of the registry, suspected duplicate groups, response and resolution
times, on-time response and one-time resolution. All measures come from
``core.kpi_quality.health``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from crmdesk.core import kpi_quality
from crmdesk.core.kpi import format_value
from crmdesk.io.reports import charts
from crmdesk.io.reports.common import build_pdf, data_table, frame_width, para, styles

TITLE = "现状诊断报告"
DUPLICATES_SHOWN = 40


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
    st = styles()
    width = frame_width()
    story: list[Any] = [
        para(TITLE, st.title),
        para(f"客户 {h.customers} 户 · 工单 {h.tickets} 张 · 满意度调查 {h.surveys} 份　（{now:%Y-%m-%d}）", st.subtitle),
        para("一、最需要处理的问题", st.h1),
    ]
    if h.problems:
        story.append(ListFlowable([ListItem(para(p, st.body), leftIndent=14) for p in h.problems],
                                  bulletType="1", bulletFormat="%s.", bulletFontName=st.font, bulletFontSize=10,
                                  leftIndent=14))
    else:
        story.append(para("未发现明显问题。", st.body))

    story.append(para("二、字段缺失率", st.h1))
    story.append(para("按客户统计（含已归档，不含已删除和已合并的客户）；“必填”为登记表中带 * 的字段。", st.small))
    rows = [[m.label, "是" if m.required else "", str(m.missing), format_value("percent", m.rate)] for m in h.fields]
    story.append(data_table(["字段", "必填", "缺失数", "缺失率"], rows,
                            [width * f for f in (0.4, 0.15, 0.2, 0.25)], st, right=(2, 3)))
    chart = charts.hbar_chart("各字段缺失率（%）", [m.label for m in h.fields],
                              [None if m.rate is None else m.rate * 100 for m in h.fields], width * 0.8,
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

"""《售后服务流程规范》 and 《客户资料管理制度》: the firm's written rules, printed from its own settings.

Two documents in one PDF, each from a new page (docs/spec.md §13): the service policy with its
flow chart and responsibility matrix (RACI 表), then the customer data policy. Every
number and name comes from the configuration at the moment of printing (``core.org.policy``):
departments and people, the responsibility matrix, the routing table, SLA, complaint levels,
callbacks, the tier policy; the data fields are the columns of the registration template. The
monthly report appends the same story (``write_monthly_report(..., with_policy=True)``).
Its Chinese constants are the printed documents' text (data, not messages): the firm's policy is Chinese in every language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from crmdesk.core.org.departments import role_label
from crmdesk.core.org.policy import PolicyContent, gather
from crmdesk.core.org.rules import pick_label
from crmdesk.core.reports.kpi import KPI_BY_KEY, format_target
from crmdesk.io.excel.templates import TEMPLATES
from crmdesk.io.pdf.common import NO_FIRM, Styles, build_pdf, data_table, frame_width, para, styles
from crmdesk.io.pdf.flowchart import flow_chart

TITLE = "售后服务流程规范"
DATA_TITLE = "客户资料管理制度"
HEADER = "售后服务流程规范 · 客户资料管理制度"
LETTER_MEANINGS = "R 负责执行（Responsible）　A 最终负责（Accountable）　C 事前咨询（Consulted）　I 事后告知（Informed）"


def _title_block(title: str, content: PolicyContent, st: Styles) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    return [Spacer(1, 6 * mm), para(f"《{title}》", st.title), para(content.firm or NO_FIRM, st.subtitle),
            para(f"依据客户服务台当前设置生成　{content.as_of:%Y-%m-%d %H:%M}　设置修改后重新导出即为最新版本", st.small),
            Spacer(1, 5 * mm)]


def _responsible(content: PolicyContent, stage: str) -> str:
    names = [c.name for c in content.matrix.columns if "R" in content.matrix.cells.get(stage, {}).get(c.key, "")]
    return "、".join(names) or "—"


def _flow(content: PolicyContent, st: Styles) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    width = frame_width()
    labels = {"received": "接收", "classified": "分级", "dispatched": "分派", "in_progress": "处理",
              "resolved": "反馈", "callback": "回访", "archived": "归档"}
    chart = flow_chart([(name, labels[key]) for key, name, _duty in content.stages],
                       [_responsible(content, key) for key, _name, _duty in content.stages], width)
    rows = [[f"{i}. {name}", duty, _responsible(content, key)] for i, (key, name, duty) in enumerate(content.stages, 1)]
    one_time, csat = KPI_BY_KEY["one_time_rate"], KPI_BY_KEY["csat100"]
    return [para("一、目的与适用范围", st.h1),
            para("本规范适用于本单位全部售后服务工单（故障报修、使用咨询、投诉、需求建议及其他），规定“需求接收→问题分级→"
                 "工单分派→处理执行→结果反馈→满意度回访→归档分析”七个环节的职责与时限，目标为问题一次解决率"
                 f"{format_target(one_time)}、客户满意度（百分制）{format_target(csat)}。", st.body),
            para("二、服务流程", st.h1),
            KeepTogether([chart, para("图：服务流程图（方框下方为各环节的负责部门）", st.small), Spacer(1, 4)]),
            data_table(["环节", "工作内容", "负责部门（R）"], rows, [width * 0.16, width * 0.62, width * 0.22], st)]


def _roles(content: PolicyContent, st: Styles) -> list[Any]:
    width = frame_width()
    dept_rows = [[d.name, d.head, d.default_person, d.members] for d in content.departments]
    matrix = content.matrix
    columns = list(matrix.columns)
    first = width * 0.2
    rest = (width - first) / max(len(columns), 1)
    raci_rows = [[f"{name}（{key and _app_stage(key)}）"] + [matrix.cell(key, c.key) or "" for c in columns]
                 for key, name, _duty in content.stages]
    marks = tuple(range(1, len(columns) + 1))
    return [para("三、职责分工", st.h1),
            para("（一）部门与人员", st.h2),
            data_table(["部门", "部门主管", "默认处理人", "成员（角色）"], dept_rows,
                       [width * 0.14, width * 0.14, width * 0.14, width * 0.58], st,
                       empty="（尚未设置部门：设置 → 部门与人员）"),
            para("部门主管对本部门的工单负最终责任，并牵头处理本部门的严重、重大投诉。", st.small),
            para("（二）职责矩阵（RACI 表）", st.h2),
            data_table(["环节"] + [c.name for c in columns], raci_rows, [first] + [rest] * len(columns), st,
                       centre=marks),
            para(LETTER_MEANINGS, st.small)]


def _app_stage(key: str) -> str:
    return {"received": "接收", "classified": "分级", "dispatched": "分派", "in_progress": "处理", "resolved": "反馈",
            "callback": "回访", "archived": "归档"}.get(key, key)


def _routing(content: PolicyContent, st: Styles) -> list[Any]:
    width = frame_width()
    rows = [[str(n), r.conditions_text(), r.department,
             pick_label(r.pick) + (f"（限{role_label(r.role)}）" if r.role else ""), r.sla_text() or "按服务时限",
             r.note] for n, r in content.rules]
    return [para("四、工单分派规则", st.h1),
            para("工单分级时按下表自上而下匹配，第一条条件全部满足的规则决定责任部门、分派方式和时限；受理人可改选处理人，"
                 "系统在工单记录中注明所依据的规则。严重、重大投诉一律由责任部门主管牵头。", st.body),
            data_table(["序号", "适用工单", "责任部门", "分派方式", "本规则时限", "说明"], rows,
                       [width * f for f in (0.06, 0.24, 0.12, 0.22, 0.2, 0.16)], st,
                       empty="（尚未设置分派规则：由受理人手工指定处理人）"),
            para("投诉问题类型：" + ("、".join(content.complaint_types) or "—"), st.small)]


def _sla(content: PolicyContent, st: Styles) -> list[Any]:
    width = frame_width()
    rows = []
    for line in content.sla:
        special = [f"{tier}：" + "，".join(part for part in (f"响应 {response}" if response else "",
                                                             f"解决 {resolution}" if resolution else "") if part)
                   for tier, (response, resolution) in line.tiers.items() if response or resolution]
        rows.append([line.priority, line.response, line.resolution, "；".join(special) or "同默认"])
    complaint_rows = [list(c) for c in content.complaints]
    return [para("五、服务时限（SLA）", st.h1),
            para(f"工作时间：周一至周五 {content.business_hours}，法定节假日与调休按国家安排（午休不计入工作时间）。"
                 "紧急工单按自然小时（7×24）计时，其余按工作时间计时；挂起期间解决时钟暂停。", st.body),
            data_table(["分级", "响应时限", "解决时限", "客户层级另设的时限"], rows,
                       [width * 0.1, width * 0.18, width * 0.18, width * 0.54], st),
            para("客户层级可在客户等级策略中另设时限；分派规则中设定的时限优先于上表（见第四节）。", st.small),
            para("六、投诉等级与处理时限", st.h1),
            data_table(["投诉等级", "处理时限", "牵头与协同"], complaint_rows, [width * 0.15, width * 0.25, width * 0.6],
                       st),
            para("投诉工单反馈时必须填写根本原因和处理结果；重大投诉在今日待办中持续提示，直至解决。", st.small)]


def _callbacks_and_tiers(content: PolicyContent, st: Styles) -> list[Any]:
    width = frame_width()
    rows = [[t.tier, t.threshold, t.cadence, t.questions] for t in content.tiers]
    return [para("七、回访规则", st.h1)] + [para(f"{i}. {line}", st.body) for i, line in enumerate(content.callbacks, 1)] \
        + [para("八、客户层级政策与跟进节奏", st.h1),
           data_table(["客户层级", "划分标准", "跟进节奏", "回访问卷维度"], rows,
                      [width * 0.12, width * 0.28, width * 0.36, width * 0.24], st),
           para("跟进计划按上表自动生成，遇节假日顺延至下一个工作日；风险客户每周电话跟进并安排挽回计划。", st.small)]


def service_story(content: PolicyContent, st: Styles) -> list[Any]:
    """《售后服务流程规范》 as flowables."""
    return (_title_block(TITLE, content, st) + _flow(content, st) + _roles(content, st) + _routing(content, st)
            + _sla(content, st) + _callbacks_and_tiers(content, st))


def _fields(st: Styles) -> list[Any]:
    width = frame_width()
    registration = TEMPLATES["registration"]
    required = "、".join(c.name for c in registration.columns if c.required)
    optional = "、".join(c.name for c in registration.columns if not c.required)
    rows = [
        ["基础信息与联系人", required, optional],
        ["交易信息", "—", "订单日期、产品、金额、合同编号；历史订单金额与年交易额自动汇总"],
        ["服务信息", "—", "服务工单、投诉处理记录、回访与满意度调查、互动记录、知识库关联"],
        ["标签与层级", "—", "关键需求标签；客户层级（战略/核心/普通/休眠）按规则计算，可手工锁定；流失预警"],
    ]
    return [para("一、资料范围", st.h1),
            para("客户资料实行“一户一档”：每位客户一份档案，汇集以下信息。必填项不全的资料不能保存或导入。", st.body),
            data_table(["类别", "必填字段", "其他字段"], rows, [width * 0.16, width * 0.34, width * 0.5], st)]


def data_story(content: PolicyContent, st: Styles) -> list[Any]:
    """《客户资料管理制度》 as flowables."""
    from reportlab.platypus import PageBreak

    width = frame_width()
    steps = [[s.step, s.what, s.who] for s in content.steps]
    change_fields = "、".join(c.name for c in TEMPLATES["changes"].columns)
    story = [PageBreak(), *_title_block(DATA_TITLE, content, st), *_fields(st)]
    story += [para("二、管理流程与职责", st.h1),
              data_table(["环节", "要求", "负责部门"], steps, [width * 0.12, width * 0.62, width * 0.26], st),
              para("三、变更记录", st.h1),
              para(f"客户及联系人信息的每一次修改自动写入变更记录（{change_fields}），合并、删除、归档和删除个人信息"
                   "也一并记录；变更记录随客户档案打印，可导出为《客户信息更新记录表》。变更人为当时在本机选定的当前用户。",
                   st.body),
              para("四、个人信息保护", st.h1),
              para(f"依据《个人信息保护法》，以下字段属于个人敏感信息：{'、'.join(content.sensitive)}。", st.body),
              para("1. 加密存储：上述字段在数据库中加密保存，密钥存放在操作系统的密钥库中，不与数据库放在一起；"
                   "首次使用时打印恢复码并妥善保管，凭恢复码可在新电脑上打开备份。", st.body),
              para("2. 隐藏显示：列表中手机号显示为 138****5678；查看完整号码、导出未隐藏的个人信息均记入审计日志。", st.body),
              para("3. 按需删除：客户要求删除个人信息时，清除其联系人的个人信息并匿名保留工单等服务记录，删除操作记入日志，"
                   "搜索索引与数据库空闲页中不留痕迹。", st.body),
              para("五、备份与保存期限", st.h1)]
    story += [para(f"{i}. {line}", st.body) for i, line in enumerate(content.retention, 1)]
    return story


def policy_story(content: PolicyContent | None = None, st: Styles | None = None) -> list[Any]:
    """Both documents as flowables (what the monthly report appends)."""
    content = content or gather()
    st = st or styles()
    return service_story(content, st) + data_story(content, st)


def write_policy(out: Path, *, as_of: dt.datetime | None = None) -> Path:
    """Write both documents to ``out`` (atomically); returns ``out``."""
    content = gather(as_of)
    return build_pdf(Path(out), policy_story(content), title=HEADER, now=content.as_of)

"""The firm's written service policy as data: what 《售后服务流程规范》 and 《客户资料管理制度》 print.

Everything here is read from the app's own configuration at the moment of printing, so the
documents are always in step with the settings: the stages and their responsibility matrix
(``core.org.raci``), the departments and their people, the routing table, the SLA by priority and
tier, the complaint levels, the callback rules, the tier policy with its cadences, business hours,
and for the data policy the sensitive fields, backups and retention. The firm's documents are
Chinese whatever language the window speaks (as its Excel files are), so the texts are Chinese.
``crmdesk.io.pdf.policy`` lays them out.
Its Chinese constants are the documents' text (data, not messages): they print Chinese in every language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crmdesk.core.firm import settings, tier_policy
from crmdesk.core.org import departments, raci
from crmdesk.core.org.rules import RuleRow, rules, span_text
from crmdesk.core.safety.backup import KEEP_DAILY, KEEP_MONTHLY
from crmdesk.core.safety.secrets import SENSITIVE
from crmdesk.core.store.models import FOLLOWUP_METHODS, PRIORITIES, SURVEY_DIMENSIONS
from crmdesk.core.tickets.callbacks import CALLBACK_WITHIN
from crmdesk.core.tickets.records import STAGES

ROLE_NAMES = {"clerk": "客服", "engineer": "工程师", "account_manager": "客户经理", "owner": "老板/主管"}

# What happens at each of the seven stages (docs/spec.md §3), as the policy states it.
STAGE_DUTIES = {
    "received": "客户需求接收：电话、邮件、在线、微信或上门受理，登记客户、联系人与问题描述，生成工单编号。",
    "classified": "问题分级：确定问题类型与紧急程度（紧急/重要/一般），投诉确定等级（一般/严重/重大），按分派规则确定责任部门。",
    "dispatched": "工单分派：按分派规则建议处理人（默认处理人、轮流分派或在办最少），受理人确认或改选。",
    "in_progress": "处理执行：处理人按时限处理；等待客户或备件时挂起工单，挂起期间解决时钟暂停。",
    "resolved": "结果反馈：向客户反馈处理结果，填写解决方案（投诉须填写根本原因），自动生成回访任务。",
    "callback": "满意度回访：回访客户并记录满意度调查；联系不上的按规定重试。",
    "archived": "归档分析：回访完成后归档，纳入月度服务报告、知识库与改进清单。",
}
STAGE_NAMES = {"received": "需求接收", "classified": "问题分级", "dispatched": "工单分派", "in_progress": "处理执行",
               "resolved": "结果反馈", "callback": "满意度回访", "archived": "归档分析"}
TIER_NAMES = {"strategic": "战略客户", "core": "核心客户", "ordinary": "普通客户", "dormant": "休眠客户"}
SEVERITY_LEADS = {
    "minor": ("一般投诉", "客服人员处理并反馈（如产品使用疑问）"),
    "serious": ("严重投诉", "责任部门主管牵头，联合技术、售后人员制定解决方案，与客户沟通确认；并告知老板"),
    "critical": ("重大投诉", "立即上报老板，责任部门主管牵头处理"),
}
SENSITIVE_NAMES = {"mobile": "手机", "phone": "电话", "email": "邮箱", "wechat": "微信", "birthday": "生日",
                   "address": "详细地址", "confidential_notes": "机密备注"}


@dataclass(frozen=True)
class DepartmentLine:
    """A department as the policy lists it."""

    name: str
    head: str
    default_person: str
    members: str  # 陈静（客服）、刘洋（客服）


@dataclass(frozen=True)
class SlaLine:
    """Response and resolution allowances of one priority, by default and per tier."""

    priority: str
    response: str
    resolution: str
    tiers: dict[str, tuple[str, str]]  # tier name → (response, resolution); "" where the default applies


@dataclass(frozen=True)
class TierLine:
    """One tier of the tier policy: its threshold, cadence and callback questions."""

    tier: str
    threshold: str
    cadence: str
    questions: str


@dataclass(frozen=True)
class StewardStep:
    """A step of 资料收集-审核-存储-更新-使用-归档 and who does it."""

    step: str
    what: str
    who: str


@dataclass(frozen=True)
class PolicyContent:
    """Everything both documents print."""

    firm: str
    as_of: dt.datetime
    business_hours: str
    stages: list[tuple[str, str, str]]  # (key, name, duty)
    matrix: raci.Matrix
    departments: list[DepartmentLine]
    rules: list[tuple[int, RuleRow]]
    complaint_types: list[str]
    sla: list[SlaLine]
    complaints: list[tuple[str, str, str]]  # (level, deadline, who leads)
    callbacks: list[str]
    tiers: list[TierLine]
    steps: list[StewardStep]
    sensitive: list[str]
    retention: list[str]


def _allowance(value: list | None) -> str:
    return "" if not value else span_text(float(value[0]), str(value[1]))


def _hours(value: float | None, priority: str) -> str:
    if value is None:
        return ""
    return f"{value:g} 小时" if priority == "urgent" else f"{value:g} 个工作小时"


def _department_lines() -> list[DepartmentLine]:
    out = []
    for d in departments.departments(include_inactive=False):
        members = "、".join(f"{m.name}（{ROLE_NAMES.get(m.role, m.role)}）" for m in d.active_members())
        out.append(DepartmentLine(d.name, d.head or "—", d.default_person or "—", members or "—"))
    return out


def _sla_lines() -> list[SlaLine]:
    response = settings.get("sla_response_hours")
    resolution = settings.get("sla_resolution")
    policy_rows = tier_policy.policy()
    lines = []
    for priority, name in PRIORITIES.data_labels().items():
        per_tier = {}
        for row in policy_rows:
            per_tier[TIER_NAMES.get(row.tier, row.tier)] = (_hours(row.response_hours.get(priority), priority),
                                                            _hours(row.resolution_hours.get(priority), priority))
        lines.append(SlaLine(name, _hours(float(response[priority]), priority), _allowance(resolution.get(priority)),
                             per_tier))
    return lines


def _tier_lines() -> list[TierLine]:
    out = []
    for row in tier_policy.policy():
        if row.tier == "strategic":
            threshold = f"年交易额 ≥ {(row.min_annual_fen or 0) / 1_000_000:g} 万元，或手工锁定"
        elif row.tier == "core":
            threshold = f"年交易额 ≥ {(row.min_annual_fen or 0) / 1_000_000:g} 万元且合作满 {row.min_coop_months or 0} 个月"
        elif row.tier == "dormant":
            threshold = f"{settings.get('dormant_after_days')} 天无订单且无互动"
        else:
            threshold = "不属于以上层级的客户"
        cadence = "；".join(f"{c['purpose']}（{FOLLOWUP_METHODS.data_labels().get(str(c['method']), c['method'])}，每 {c['every_days']} 天）"
                           for c in row.cadence) or "—"
        questions = "、".join(SURVEY_DIMENSIONS.data_labels().get(k, k) for k in row.questionnaire) or "—"
        out.append(TierLine(TIER_NAMES.get(row.tier, row.tier), threshold, cadence, questions))
    return out


def _steps(lines: list[DepartmentLine]) -> list[StewardStep]:
    """Who collects, checks, keeps, updates, uses and archives customer data, from the departments' roles."""
    by_role: dict[str, list[str]] = {}
    for d in departments.departments(include_inactive=False):
        for role in {m.role for m in d.active_members()}:
            by_role.setdefault(role, []).append(d.name)

    def who(*roles: str, fallback: str) -> str:
        names = [name for role in roles for name in by_role.get(role, []) if name]
        return "、".join(dict.fromkeys(names)) or fallback

    return [
        StewardStep("资料收集", "新客户在展会、陌拜、合作伙伴推荐等场景由客户经理收集，来电客户由客服登记；必填项不全不得保存。",
                    who("account_manager", "clerk", fallback="客户经理、客服")),
        StewardStep("资料审核", "录入时系统校验手机号、邮箱、日期和金额格式，并提示疑似重复客户；导入时逐行预览，错误行不导入。",
                    who("clerk", fallback="客服") + "（部门主管复核）"),
        StewardStep("资料存储", "客户资料存于本机数据库，个人信息加密存储，每日自动备份。",
                    "、".join(o.name for o in departments.owners()) + "（老板/主管）" if departments.owners()
                    else "老板/主管"),
        StewardStep("资料更新", "联系人、需求或合作状态变化时 24 小时内更新，系统自动记录变更记录。",
                    who("clerk", "account_manager", fallback="客服、客户经理")),
        StewardStep("资料使用", "仅用于客户服务与关系维护；列表中手机号隐藏显示，查看完整号码留有记录。",
                    "全体员工（按岗位）"),
        StewardStep("资料归档", f"超过 {settings.get('archive_after_days')} 天无合作的休眠客户移入归档库，可查询、可恢复。",
                    who("clerk", fallback="客服")),
    ]


def gather(as_of: dt.datetime | None = None) -> PolicyContent:
    """Read the whole configuration for the two documents (read-only)."""
    as_of = as_of or dt.datetime.now().replace(microsecond=0)
    hours = "、".join(f"{a}–{b}" for a, b in settings.get("business_hours"))
    complaint = settings.get("sla_complaint_resolution")
    complaints = [(SEVERITY_LEADS[s][0], _allowance(complaint.get(s)) + "内解决" + ("（自然日）" if s == "critical" else ""),
                   SEVERITY_LEADS[s][1]) for s in ("minor", "serious", "critical")]
    retry = settings.get("callback_retry_working_days")
    tries = settings.get("callback_max_tries")
    callbacks = [
        f"工单反馈（解决）后自动生成回访任务，须在 {int(CALLBACK_WITHIN.total_seconds() // 3600)} 小时内完成回访并记录满意度调查。",
        f"联系不上客户的，{retry} 个工作日后再次回访，最多 {tries} 次；仍未联系上的按“未联系上”关闭，计入回访完成率。",
        "回访问卷按客户层级设定（见“客户层级政策”）；任一维度低于 4 分的调查列入改进清单，由负责人限期改进。",
        "客户反映问题复发的，工单重新打开（计为重开），不计入一次解决。",
    ]
    dept_lines = _department_lines()
    sensitive = [SENSITIVE_NAMES.get(c, c) for table in ("contact", "customer") for c in SENSITIVE.get(table, ())]
    second = settings.second_backup_folder()
    retention = [
        f"每日自动备份一次，保留最近 {KEEP_DAILY} 份日备份和 {KEEP_MONTHLY} 份月备份；每份备份都经完整性校验。",
        ("备份同时复制到第二个文件夹：" + second) if second else "建议在设置中指定第二个备份文件夹（U盘或网络共享）。",
        f"删除的客户、联系人、工单和跟进计划在回收站保留 {settings.get('recycle_bin_days')} 天，期满后永久删除。",
        f"{settings.get('dormant_after_days')} 天无订单且无互动的客户转为休眠客户；"
        f"超过 {settings.get('archive_after_days')} 天无合作的休眠客户建议移入归档库。",
        "从备份恢复前先校验备份并保留当前数据库的副本。",
    ]
    table = rules()
    return PolicyContent(
        firm=(settings.get("firm_name") or "").strip(), as_of=as_of, business_hours=hours,
        stages=[(s, STAGE_NAMES[s], STAGE_DUTIES[s]) for s in STAGES], matrix=raci.matrix(),
        departments=dept_lines, rules=[(n, row) for n, row in enumerate(table, start=1) if row.active],
        complaint_types=list(settings.get("complaint_types")), sla=_sla_lines(), complaints=complaints,
        callbacks=callbacks, tiers=_tier_lines(), steps=_steps(dept_lines), sensitive=sensitive, retention=retention)


__all__ = ["PolicyContent", "gather"]

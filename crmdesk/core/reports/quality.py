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
from crmdesk.core.reports.measures import ratio, ts
from crmdesk.core.store import db
from crmdesk.core.tickets.records import OPEN_STAGES

LIVE = "c.deleted_at IS NULL AND c.merged_into_id IS NULL"
ONE_TIME_TARGET = 0.85

# (key, label, required, SQL true when the field is missing for customer c)
FIELDS: list[tuple[str, str, bool, str]] = [
    ("code", "客户编号", True, "c.code = ''"),
    ("name", "客户名称", True, "trim(c.name) = ''"),
    ("type", "客户类型", True, "c.type = ''"),
    ("importance", "重要等级", True, "c.importance = ''"),
    ("contact", "联系人", True, "NOT EXISTS (SELECT 1 FROM contact x WHERE x.customer_id = c.id AND x.deleted_at IS NULL)"),
    ("title", "联系人职务", True, "NOT EXISTS (SELECT 1 FROM contact x WHERE x.customer_id = c.id "
                                  "AND x.deleted_at IS NULL AND x.is_primary AND x.title != '')"),
    ("mobile", "联系人手机", True, "NOT EXISTS (SELECT 1 FROM contact x WHERE x.customer_id = c.id "
                                   "AND x.deleted_at IS NULL AND x.is_primary AND x.mobile != '')"),
    ("industry", "所属行业", False, "c.industry = ''"),
    ("region", "所在地区", False, "c.region = ''"),
    ("source_channel", "来源渠道", False, "c.source_channel = ''"),
    ("account_manager", "客户经理", False, "c.account_manager_id IS NULL"),
    ("coop_start", "合作开始日期", False, "c.coop_start IS NULL"),
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
    return [Missing(key, label, required, int(n), total) for (key, label, required, _sql), n in zip(FIELDS, row[1:])]


def contact_missing() -> list[Missing]:
    """Required contact values missing over every live contact (not only the primary one):
    what an import left empty and the contact dialog marks (``customers.contact_gaps``)."""
    total, no_title = db.sql(
        "SELECT count(*), count(*) FILTER (WHERE x.title = '') FROM contact x JOIN customer c ON c.id = x.customer_id "
        f"WHERE x.deleted_at IS NULL AND {LIVE}").fetchone()
    return [Missing("contact_title", "联系人职务（全部联系人）", True, int(no_title), int(total))]


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
    for key, what, limit in (("mobile", "没有主联系人手机，来电时无法按尾号找到客户，回访也打不出去", 0.05),
                             ("contact", "没有任何联系人", 0.02), ("title", "主联系人没有职务，不知道对方能否拍板", 0.20),
                             ("account_manager", "没有指定客户经理，跟进无人负责", 0.30),
                             ("coop_start", "没有合作开始日期，算不出合作时长，客户分层会偏低", 0.30),
                             ("industry", "没有填写行业，无法按行业分析", 0.40),
                             ("region", "没有填写地区，上门服务无法排程", 0.40)):
        m = by_key[key]
        if m.rate:
            found.append((m.rate / limit, f"{m.missing} 位客户（{_pct(m.rate)}）{what}。请在客户档案中补录，"
                                          "或补全台账后重新导入。"))
    if h.duplicate_groups:
        groups = f"{len(h.duplicate_groups)} {'多组' if h.duplicates_capped else '组'}"
        found.append((1 + h.duplicate_customers / max(h.customers, 1) * 50,
                      f"发现 {groups}疑似重复客户（共 {h.duplicate_customers} 户，名称或手机号相同），"
                      "同一客户的工单和回访分散在多份档案里，请在客户档案中逐组核对合并。"))
    if h.tickets and h.response.without:
        share = h.response.without / h.tickets
        found.append((share / 0.05, f"{h.response.without} 张工单（{_pct(share)}）没有记录首次响应时间，"
                                    "无法考核响应时效；请在受理后及时记录响应。"))
    if h.response_on_time is not None and h.response_on_time < 1:
        found.append(((1 - h.response_on_time) / 0.1, f"{_pct(1 - h.response_on_time)} 的工单没有在时限内首次响应"
                                                      f"（首次响应中位数 {h.response.median or 0:.1f} 小时），"
                                                      "请检查接单与分派流程。"))
    rate = h.one_time_rate
    if rate is not None and rate < 1:
        found.append(((1 - rate) / (1 - ONE_TIME_TARGET), f"一次解决率 {_pct(rate)}（目标 85%）：重开和改派的"
                                                          "工单越多，客户越不满意，请分析常见问题并补充知识库。"))
    if h.open_overdue:
        found.append((1 + h.open_overdue / max(h.tickets, 1) * 100, f"{h.open_overdue} 张未完成的工单已超过解决时限，"
                                                                    "请在工单看板中优先处理。"))
    if h.csat is not None and h.csat < 5:
        found.append(((5 - h.csat) / 0.5, f"客户满意度平均 {h.csat:.2f} 分（百分制 {h.csat * 20:.1f}，目标 4.5 分），"
                                         "请查看低分调查并制定改进措施。"))
    found.sort(key=lambda pair: -pair[0])
    serious = [text for weight, text in found if weight >= 1][:most]
    return serious if len(serious) >= least else [text for _weight, text in found[:least]]

"""Customer tiers (客户层级) and churn warning (流失预警), SPEC §2.

Tier rules come from the tier policy table (客户等级策略), defaults of the spec:
strategic if the last 12 months' orders reach 50万元 (or pinned by hand); core if
they reach 10万元 and the customer has cooperated for 12 months; dormant if no
order and no interaction for 365 days; ordinary otherwise. Both computations run
as a few set-based SQL statements, so 100,000 customers take well under a second.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from crmdesk.core import settings
from crmdesk.core.changes import Changes
from crmdesk.core.models import ChangeLog, Customer, FollowUp, Staff, TierPolicy, database_proxy, now

TIER_ORDER = ["strategic", "core", "ordinary", "dormant"]


@dataclass(frozen=True)
class TierRules:
    """The thresholds the tier computation uses."""

    strategic_fen: int
    core_fen: int
    core_months: int
    dormant_days: int


def rules() -> TierRules:
    """The current thresholds from the tier policy table and settings."""
    settings.ensure_tier_policy()
    strategic = TierPolicy.get_by_id("strategic")
    core = TierPolicy.get_by_id("core")
    return TierRules(strategic.min_annual_fen or 50_0000_00, core.min_annual_fen or 10_0000_00,
                     core.min_coop_months or 12, int(settings.get("dormant_after_days")))


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


def classify(annual_fen: int, coop_start: dt.date | None, last_activity: dt.date | None, today: dt.date,
             r: TierRules) -> str:
    """The tier of one customer by the rules (pinning is handled by the caller)."""
    if annual_fen >= r.strategic_fen:
        return "strategic"
    if annual_fen >= r.core_fen and coop_start is not None and _months_between(coop_start, today) >= r.core_months:
        return "core"
    if last_activity is None or (today - last_activity).days > r.dormant_days:
        return "dormant"
    return "ordinary"


@dataclass
class RecomputeResult:
    """How many customers changed tier (by new tier) and the change-set."""

    changed: dict[str, int]
    at_risk: int
    changes: Changes


def recompute(today: dt.date | None = None, operator: Staff | None = None) -> RecomputeResult:
    """Recompute every unpinned customer's tier and every customer's churn warning."""
    today = today or dt.date.today()
    r = rules()
    since = today - dt.timedelta(days=365)
    conn = database_proxy.connection()
    changed: dict[str, int] = {}
    with database_proxy.atomic():
        rows = conn.execute(
            "SELECT c.id, c.tier, c.coop_start, c.created_at, o.annual, o.last_order, i.last_at "
            "FROM customer c "
            "LEFT JOIN (SELECT customer_id, sum(CASE WHEN date >= ? THEN amount_fen ELSE 0 END) AS annual, "
            "           max(date) AS last_order FROM customer_order GROUP BY customer_id) o ON o.customer_id = c.id "
            "LEFT JOIN (SELECT customer_id, max(at) AS last_at FROM interaction GROUP BY customer_id) i "
            "       ON i.customer_id = c.id "
            "WHERE c.tier_pinned = 0 AND c.deleted_at IS NULL AND c.merged_into_id IS NULL",
            [since.isoformat()]).fetchall()
        updates: list[tuple[str, str, int]] = []
        logs: list[tuple[int, str, str]] = []
        stamp = now().isoformat(sep=" ")
        for cid, tier, coop, created, annual, last_order, last_at in rows:
            activity = [d for d in (_date(last_order), _date(last_at)) if d is not None]
            last_activity = max(activity) if activity else None
            if last_activity is None and coop is None:
                # A brand-new record counts from its creation, so it is not dormant on day one.
                last_activity = _date(created)
            new = classify(int(annual or 0), _date(coop), last_activity, today, r)
            if new != tier:
                updates.append((new, stamp, cid))
                logs.append((cid, tier, new))
                changed[new] = changed.get(new, 0) + 1
        conn.executemany("UPDATE customer SET tier = ?, tier_updated_at = ? WHERE id = ?", updates)
        if logs:
            ChangeLog.insert_many([
                {"customer": cid, "entity": "customer", "entity_id": cid, "field": "客户层级",
                 "old_value": _tier_label(old), "new_value": _tier_label(new), "reason": "按层级规则自动计算",
                 "operator": operator, "operator_name": operator.name if operator else "系统"}
                for cid, old, new in logs]).execute()
        risk_before = _at_risk_ids()
        at_risk = _recompute_churn(today)
        settings.put("last_tier_recompute", today.isoformat())
        ids = {cid for cid, _, _ in logs}
        planned = _cadence_hook(ids | (risk_before ^ _at_risk_ids()), today)
    return RecomputeResult(changed, at_risk, Changes(customers=True, customer_ids=ids) | planned)


def _at_risk_ids() -> set[int]:
    return {cid for (cid,) in database_proxy.connection().execute("SELECT id FROM customer WHERE at_risk = 1")}


def _cadence_hook(customer_ids: set[int], today: dt.date | None = None) -> Changes:
    """Re-plan the follow-up cadence (SPEC §4) of customers whose tier or churn flag changed."""
    from crmdesk.core import cadence

    return cadence.after_tier_change(customer_ids, today)


def _tier_label(tier: str) -> str:
    from crmdesk.core.models import TIERS

    return TIERS.get(tier, tier)


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def churn_reasons(today: dt.date | None = None) -> dict[int, list[str]]:
    """Customers that meet any churn-warning rule, with the reasons in words (SPEC §2)."""
    today = today or dt.date.today()
    now_ts = dt.datetime.combine(today, dt.time(23, 59, 59))
    d90 = (today - dt.timedelta(days=90)).isoformat()
    d180 = (today - dt.timedelta(days=180)).isoformat()
    conn = database_proxy.connection()
    reasons: dict[int, list[str]] = {}
    for cid, recent, before in conn.execute(
            "SELECT customer_id, sum(at >= ?), sum(at < ?) FROM interaction WHERE at >= ? GROUP BY customer_id",
            [d90, d90, d180]):
        if before and recent * 2 < before:
            reasons.setdefault(cid, []).append(f"近90天互动{recent}次，不到此前90天（{before}次）的一半")
    for cid, n in conn.execute(
            "SELECT customer_id, count(*) FROM ticket WHERE category = 'complaint' AND created_at >= ? "
            "AND deleted_at IS NULL GROUP BY customer_id HAVING count(*) >= 2", [d90]):
        reasons.setdefault(cid, []).append(f"近90天投诉{n}次")
    for cid, low in conn.execute(
            "SELECT customer_id, min(min(COALESCE(quality, 5), COALESCE(response, 5), COALESCE(communication, 5), "
            "COALESCE(professionalism, 5), COALESCE(overall, 5))) FROM survey WHERE date >= ? GROUP BY customer_id "
            "HAVING min(min(COALESCE(quality, 5), COALESCE(response, 5), COALESCE(communication, 5), "
            "COALESCE(professionalism, 5), COALESCE(overall, 5))) <= 2", [d90]):
        reasons.setdefault(cid, []).append(f"近90天满意度评分低至{low}分")
    for cid, n in conn.execute(
            "SELECT customer_id, count(*) FROM ticket WHERE stage IN ('received','classified','dispatched',"
            "'in_progress') AND resolution_due < ? AND paused = 0 AND deleted_at IS NULL GROUP BY customer_id",
            [now_ts.isoformat(sep=" ")]):
        reasons.setdefault(cid, []).append(f"有{n}张工单已超时")
    return reasons


def _recompute_churn(today: dt.date) -> int:
    reasons = churn_reasons(today)
    conn = database_proxy.connection()
    conn.execute("UPDATE customer SET at_risk = 0, risk_reasons = '' WHERE at_risk = 1")
    conn.executemany("UPDATE customer SET at_risk = 1, risk_reasons = ? WHERE id = ?",
                     [("\n".join(lines), cid) for cid, lines in reasons.items()])
    _propose_winback(sorted(reasons), today)
    return len(reasons)


def _propose_winback(customer_ids: list[int], today: dt.date) -> None:
    """At-risk customers get one 挽回 follow-up a week (idempotent by key)."""
    year, week, _ = today.isocalendar()
    due = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10, 0))
    rows = []
    for cid in customer_ids:
        rows.append({"customer": cid, "due_at": due, "method": "phone", "purpose": "流失预警：挽回回访",
                     "kind": "winback", "status": "planned", "generated_key": f"winback:{cid}:{year}-{week:02d}",
                     "assignee": None})
    for start in range(0, len(rows), 500):
        FollowUp.insert_many(rows[start:start + 500]).on_conflict_ignore().execute()
    if rows:
        # the account manager calls: fill the assignee of the proposals just made
        database_proxy.execute_sql(
            "UPDATE follow_up SET assignee_id = (SELECT account_manager_id FROM customer WHERE customer.id = "
            "follow_up.customer_id) WHERE kind = 'winback' AND assignee_id IS NULL AND status = 'planned'")


def recompute_if_due(today: dt.date | None = None) -> RecomputeResult | None:
    """The once-a-day recomputation on start (None when already done today)."""
    today = today or dt.date.today()
    if settings.get("last_tier_recompute") == today.isoformat():
        return None
    return recompute(today)


def set_pinned(customer_id: int, tier: str | None, operator: Staff | None = None, reason: str = "") -> Changes:
    """Pin a customer to ``tier`` by hand, or unpin (``None``) so the rules apply again."""
    with database_proxy.atomic():
        customer = Customer.get_by_id(customer_id)
        if tier is None:
            Customer.update(tier_pinned=False).where(Customer.id == customer_id).execute()
            new_text = "取消锁定"
        else:
            if tier not in TIER_ORDER:
                raise ValueError(tier)
            Customer.update(tier=tier, tier_pinned=True, tier_updated_at=now()).where(
                Customer.id == customer_id).execute()
            new_text = f"锁定为{_tier_label(tier)}"
        ChangeLog.create(customer=customer_id, entity="customer", entity_id=customer_id, field="客户层级",
                         old_value=_tier_label(customer.tier) + ("（锁定）" if customer.tier_pinned else ""),
                         new_value=new_text, reason=reason, operator=operator,
                         operator_name=operator.name if operator else "")
        planned = _cadence_hook({customer_id})
    return Changes(customers=True, customer_ids={customer_id}) | planned


# -- the tier policy table --------------------------------------------------------------------


@dataclass
class PolicyRow:
    """One editable row of the tier policy table."""

    tier: str
    min_annual_fen: int | None
    min_coop_months: int | None
    response_hours: dict[str, float]
    cadence: list[dict[str, object]]
    questionnaire: list[str]
    resolution_hours: dict[str, float] = field(default_factory=dict)  # {priority: hours}; empty: the defaults


def policy() -> list[PolicyRow]:
    """The tier policy table in tier order."""
    settings.ensure_tier_policy()
    rows = {p.tier: p for p in TierPolicy.select()}
    return [PolicyRow(t, rows[t].min_annual_fen, rows[t].min_coop_months, json.loads(rows[t].response_hours or "{}"),
                      json.loads(rows[t].cadence or "[]"), json.loads(rows[t].questionnaire or "[]"),
                      json.loads(rows[t].resolution_hours or "{}"))
            for t in TIER_ORDER if t in rows]


def save_policy(rows: list[PolicyRow]) -> Changes:
    """Store the owner's edits of the tier policy table."""
    with database_proxy.atomic():
        for row in rows:
            TierPolicy.update(min_annual_fen=row.min_annual_fen, min_coop_months=row.min_coop_months,
                              response_hours=json.dumps(row.response_hours),
                              resolution_hours=json.dumps(row.resolution_hours),
                              cadence=json.dumps(row.cadence, ensure_ascii=False),
                              questionnaire=json.dumps(row.questionnaire)).where(TierPolicy.tier == row.tier).execute()
        from crmdesk.core import cadence

        planned = cadence.generate()  # a changed cadence re-plans the window (no-op otherwise)
    return Changes(settings=True) | planned


# -- text forms of the policy cells (the settings table edits them as text) --------------------

_METHODS = {"phone": "电话", "visit": "上门", "email": "邮件", "wechat": "微信", "sms": "短信"}
_DIMENSIONS = {"quality": "产品质量", "response": "服务响应", "communication": "沟通效率",
               "professionalism": "专业度", "overall": "总体满意度"}
_PRIORITIES = ("urgent", "important", "normal")


def format_cadence(cadence: list[dict[str, object]]) -> str:
    """``[{"purpose": "月度拜访", "method": "visit", "every_days": 30}]`` → ``月度拜访/上门/30天``."""
    return "；".join(f"{c['purpose']}/{_METHODS.get(str(c['method']), c['method'])}/{c['every_days']}天"
                    for c in cadence)


def parse_cadence(text: str) -> list[dict[str, object]]:
    """The reverse of :func:`format_cadence`; raises ``ValidationError`` naming the bad part."""
    from crmdesk.core.errors import ValidationError

    reverse = {v: k for k, v in _METHODS.items()}
    out: list[dict[str, object]] = []
    for part in [p.strip() for p in text.replace(";", "；").split("；") if p.strip()]:
        pieces = [p.strip() for p in part.replace("／", "/").split("/")]
        if len(pieces) != 3:
            raise ValidationError("cadence", f"“{part}”应写成 目的/方式/天数，例如 月度拜访/上门/30天", "跟进节奏")
        purpose, method, days = pieces
        if method not in reverse:
            raise ValidationError("cadence", f"“{method}”不是跟进方式（{'、'.join(reverse)}）", "跟进节奏")
        days = days.removesuffix("天")
        if not days.isdigit() or not 1 <= int(days) <= 366:
            raise ValidationError("cadence", f"“{part}”的天数应为1到366", "跟进节奏")
        out.append({"purpose": purpose, "method": reverse[method], "every_days": int(days)})
    return out


def format_questions(keys: list[str]) -> str:
    """Survey dimension keys → ``产品质量、总体满意度``."""
    return "、".join(_DIMENSIONS.get(k, k) for k in keys)


def parse_questions(text: str) -> list[str]:
    """The reverse of :func:`format_questions`."""
    from crmdesk.core.errors import ValidationError

    reverse = {v: k for k, v in _DIMENSIONS.items()}
    keys = []
    for part in [p.strip() for p in text.replace(",", "、").replace("，", "、").split("、") if p.strip()]:
        if part not in reverse:
            raise ValidationError("questionnaire", f"“{part}”不是调查维度（{'、'.join(reverse)}）", "回访问题")
        keys.append(reverse[part])
    return keys


def format_hours(hours: dict[str, float]) -> str:
    """``{"urgent": 2, …}`` → ``2/4/8`` (empty = the global defaults)."""
    if not hours:
        return ""
    return "/".join(f"{hours.get(p, ''):g}" if p in hours else "" for p in _PRIORITIES)


def parse_hours(text: str) -> dict[str, float]:
    """The reverse of :func:`format_hours`."""
    from crmdesk.core.errors import ValidationError

    text = text.strip()
    if not text:
        return {}
    parts = [p.strip() for p in text.split("/")]
    if len(parts) != 3:
        raise ValidationError("response_hours", "应写成 紧急/重要/一般 的小时数，例如 2/4/8", "响应时限")
    out: dict[str, float] = {}
    for priority, part in zip(_PRIORITIES, parts):
        if part:
            try:
                value = float(part)
            except ValueError:
                value = -1
            if not 0 < value <= 240:
                raise ValidationError("response_hours", f"“{part}”不是0到240之间的小时数", "响应时限")
            out[priority] = value
    return out

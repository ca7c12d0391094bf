"""Customer tiers (客户层级) and churn warning (流失预警), docs/spec.md §2.

Tier rules come from the tier policy table (客户等级策略), defaults of the spec:
strategic if the last 12 months' orders reach 50万元 (or pinned by hand); core if
they reach 10万元 and the customer has cooperated for 12 months; dormant if no
order and no interaction for 365 days *while known to us*; ordinary otherwise.

"Known to us" starts at the earlier of the cooperation start and the record's creation: a
customer younger than the dormancy window is never dormant (a firm that signed three days
ago has had no time to order). The cooperation start itself counts as activity, like an
order or an interaction.

Churn warnings (docs/spec.md §2) are judged at the moment of the check: a ticket due later today is
not yet overdue. Both computations run as a few set-based SQL statements, so 100,000
customers take well under a second.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from crmdesk.core import jobs
from crmdesk.core.firm import settings
from crmdesk.core.firm.tier_policy import TIER_ORDER, PolicyRow
from crmdesk.core.i18n import C_, DATA_LANGUAGE, _, data_text
from crmdesk.core.store import db, versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.models import TIERS, ChangeLog, Customer, Staff, TierPolicy, database_proxy, now
from crmdesk.core.store.units import unit_of_work

log = logging.getLogger(__name__)
# the change log's field column for a tier (core.customers.service.FIELDS names it; that module imports this one)
TIER_FIELD = C_("customer field", "Customer tier").text(DATA_LANGUAGE)


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
             r: TierRules, known_since: dt.date | None = None) -> str:
    """The tier of one customer by the rules (pinning is handled by the caller).

    ``last_activity`` is the latest order, interaction or cooperation start; ``known_since`` the
    earliest date the firm knew the customer (cooperation start or the record's creation). A
    customer known for less than the dormancy window is not dormant, whatever its activity.
    """
    if annual_fen >= r.strategic_fen:
        return "strategic"
    if annual_fen >= r.core_fen and coop_start is not None and _months_between(coop_start, today) >= r.core_months:
        return "core"
    if known_since is not None and (today - known_since).days <= r.dormant_days:
        return "ordinary"
    if last_activity is None or (today - last_activity).days > r.dormant_days:
        return "dormant"
    return "ordinary"


def last_activity_of(last_order: dt.date | None, last_interaction: dt.date | None,
                     coop_start: dt.date | None) -> dt.date | None:
    """The latest of the customer's own dates: order, interaction, cooperation start."""
    dates = [d for d in (last_order, last_interaction, coop_start) if d is not None]
    return max(dates) if dates else None


def known_since_of(coop_start: dt.date | None, created: dt.date | None) -> dt.date | None:
    """Since when the firm knows the customer: the earlier of cooperation start and record creation."""
    dates = [d for d in (coop_start, created) if d is not None]
    return min(dates) if dates else None


@dataclass
class RecomputeResult:
    """How many customers changed tier (by new tier) and the change-set."""

    changed: dict[str, int]
    at_risk: int
    changes: Changes


@unit_of_work
def recompute(today: dt.date | None = None, operator: Staff | None = None, *,
              at: dt.datetime | None = None) -> RecomputeResult:
    """Recompute every unpinned customer's tier and every customer's churn warning.

    ``at`` is the moment of the check (default: now, or 08:00 of a given ``today``): churn
    warnings compare due times with it.
    """
    if at is None:
        at = now() if today is None or today == dt.date.today() else dt.datetime.combine(today, dt.time(8))
    today = today or at.date()
    r = rules()
    since = today - dt.timedelta(days=365)
    changed: dict[str, int] = {}
    with database_proxy.atomic():
        rows = db.sql(
            "SELECT c.id, c.tier, c.coop_start, c.created_at, o.annual, o.last_order, i.last_at "
            "FROM customer c "
            "LEFT JOIN (SELECT customer_id, sum(CASE WHEN date >= ? THEN amount_fen ELSE 0 END) AS annual, "
            "           max(date) AS last_order FROM customer_order GROUP BY customer_id) o ON o.customer_id = c.id "
            "LEFT JOIN (SELECT customer_id, max(at) AS last_at FROM interaction GROUP BY customer_id) i "
            "       ON i.customer_id = c.id "
            "WHERE c.tier_pinned = FALSE AND c.deleted_at IS NULL AND c.merged_into_id IS NULL",
            [since.isoformat()]).fetchall()
        updates: list[tuple[object, ...]] = []
        logs: list[tuple[int, str, str]] = []
        moment = now()
        stamp = moment.isoformat(sep=" ")
        author = versions.stamp_params(operator or versions.system(), moment)
        for cid, tier, coop, created, annual, last_order, last_at in rows:
            coop_day = _date(coop)
            new = classify(int(annual or 0), coop_day, last_activity_of(_date(last_order), _date(last_at), coop_day),
                           today, r, known_since_of(coop_day, _date(created)))
            if new != tier:
                updates.append((*author, new, stamp, cid))
                logs.append((cid, tier, new))
                changed[new] = changed.get(new, 0) + 1
        # each change raises the customer's version: a dialog opened before the recompute cannot write the old tier back
        db.sql(f"UPDATE customer SET {versions.STAMP_SET}, tier = ?, tier_updated_at = ? WHERE id = ?", updates, many=True)
        if logs:
            ChangeLog.insert_many([
                {"customer": cid, "entity": "customer", "entity_id": cid, "field": TIER_FIELD,
                 "old_value": _tier_label(old), "new_value": _tier_label(new),
                 "reason": data_text("Computed by the tier rules"),
                 "operator": operator, "operator_name": operator.name if operator else data_text("System")}
                for cid, old, new in logs]).execute()
        risk_before = _at_risk_ids()
        at_risk = _recompute_churn(today, at)
        settings.put("last_tier_recompute", today.isoformat())
        ids = {cid for cid, _, _ in logs}
        planned = _tiers_changed(ids | (risk_before ^ _at_risk_ids()), today)
    log.info("tiers recomputed for %s customers: %s changed tier %s, %s at risk; staff %s", len(rows), len(ids),
             dict(sorted(changed.items())), at_risk, operator.id if operator else "-")
    return RecomputeResult(changed, at_risk, Changes(customers=True, customer_ids=ids) | planned)


def _at_risk_ids() -> set[int]:
    return {cid for (cid,) in db.sql("SELECT id FROM customer WHERE at_risk = TRUE")}


# What else follows a tier: the follow-up cadence (core.followups.cadence) registers itself here,
# so this module plans no follow-ups and knows nothing of them.
_tier_listeners: list[Callable[[set[int], dt.date | None], Changes]] = []
_policy_listeners: list[Callable[[], Changes]] = []


def on_tiers_changed(listener: Callable[[set[int], dt.date | None], Changes]) -> None:
    """Call ``listener(customer_ids, today)`` in the transaction that changed those customers' tier or churn
    flag; it returns what it changed."""
    if listener not in _tier_listeners:
        _tier_listeners.append(listener)


def on_policy_saved(listener: Callable[[], Changes]) -> None:
    """Call ``listener()`` in the transaction that stored the owner's edits of the tier policy table."""
    if listener not in _policy_listeners:
        _policy_listeners.append(listener)


def _tiers_changed(customer_ids: set[int], today: dt.date | None = None) -> Changes:
    changes = Changes()
    for listener in _tier_listeners:
        changes |= listener(customer_ids, today)
    return changes


def _tier_label(tier: str) -> str:
    """A tier as the change log writes it (the records' language)."""
    return TIERS.data_labels().get(tier, tier)


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def churn_reasons(today: dt.date | None = None, at: dt.datetime | None = None) -> dict[int, list[str]]:
    """Customers that meet any churn-warning rule, with the reasons in words (docs/spec.md §2).

    A ticket is overdue when its resolution due lies before ``at``, the moment of the check
    (default: now, or 08:00 of a given ``today``) — not the end of the day: on the morning a ticket
    is due, it is not late yet.
    """
    if at is None:
        at = now() if today is None or today == dt.date.today() else dt.datetime.combine(today, dt.time(8))
    today = today or at.date()
    d90 = (today - dt.timedelta(days=90)).isoformat()
    d180 = (today - dt.timedelta(days=180)).isoformat()
    reasons: dict[int, list[str]] = {}
    for cid, recent, before in db.sql(
            "SELECT customer_id, count(*) FILTER (WHERE at >= ?), count(*) FILTER (WHERE at < ?) "
            "FROM interaction WHERE at >= ? GROUP BY customer_id",
            [d90, d90, d180]):
        if before and recent * 2 < before:
            reasons.setdefault(cid, []).append(data_text(
                "{recent} contact(s) in the last 90 days, less than half of the 90 days before ({before})",
                recent=recent, before=before))
    for cid, n in db.sql(
            "SELECT customer_id, count(*) FROM ticket WHERE category = 'complaint' AND created_at >= ? "
            "AND deleted_at IS NULL GROUP BY customer_id HAVING count(*) >= 2", [d90]):
        reasons.setdefault(cid, []).append(data_text("{count} complaint(s) in the last 90 days", count=n))
    lowest = db.dialect().least(*(f"COALESCE({d}, 5)" for d in ("quality", "response", "communication",
                                                                  "professionalism", "overall")))
    for cid, low in db.sql(
            f"SELECT customer_id, min({lowest}) FROM survey WHERE date >= ? GROUP BY customer_id "
            f"HAVING min({lowest}) <= 2", [d90]):
        reasons.setdefault(cid, []).append(data_text("a satisfaction score as low as {score} in the last 90 days",
                                                     score=low))
    for cid, n in db.sql(
            "SELECT customer_id, count(*) FROM ticket WHERE stage IN ('received','classified','dispatched',"
            "'in_progress') AND resolution_due < ? AND paused = FALSE AND deleted_at IS NULL GROUP BY customer_id",
            [at.isoformat(sep=" ")]):
        reasons.setdefault(cid, []).append(data_text("{count} ticket(s) overdue", count=n))
    return reasons


def _recompute_churn(today: dt.date, at: dt.datetime) -> int:
    reasons = {cid: "\n".join(lines) for cid, lines in churn_reasons(today, at).items()}
    # only the customers whose warning changes are written; the warning is derived (versions.DERIVED): no form
    # holds it, so its writes raise no version and an open customer form saves without a false conflict
    before = dict(db.sql("SELECT id, risk_reasons FROM customer WHERE at_risk = TRUE").fetchall())
    db.sql("UPDATE customer SET at_risk = FALSE, risk_reasons = '' WHERE id = ?",
           [(cid,) for cid in before if cid not in reasons], many=True)
    db.sql("UPDATE customer SET at_risk = TRUE, risk_reasons = ? WHERE id = ?",
           [(text, cid) for cid, text in reasons.items() if before.get(cid) != text], many=True)
    # the 挽回 calls (one a week, from this week on) are planned by core.followups.cadence for the customers
    # whose flag changed (the tier-change listener it registers), on working days within their manager's capacity
    return len(reasons)


def recompute_if_due(today: dt.date | None = None) -> RecomputeResult | None:
    """The once-a-day recomputation on start (None when already done today)."""
    today = today or dt.date.today()
    if settings.get("last_tier_recompute") == today.isoformat():
        return None
    return recompute(today)


def _tiers_job(ctx: jobs.JobContext, _prepared: object) -> jobs.Outcome:
    """The daily job: tiers and churn warnings, once a day."""
    result = recompute_if_due(ctx.today)
    if result is None:
        return jobs.Outcome(False)
    changed = sum(result.changed.values())
    return jobs.Outcome(True, {"changed": changed, "by_tier": dict(result.changed), "at_risk": result.at_risk},
                        _("{changed} customer(s) changed tier, {at_risk} at risk", changed=changed,
                          at_risk=result.at_risk), result.changes)


jobs.register(jobs.Job("tiers", 30, lambda: _("Tiers and churn warnings"), _tiers_job))


@unit_of_work
def set_pinned(customer_id: int, tier: str | None, operator: Staff | None = None, reason: str = "") -> Changes:
    """Pin a customer to ``tier`` by hand, or unpin (``None``) so the rules apply again."""
    with database_proxy.atomic():
        customer = Customer.get_by_id(customer_id)
        if tier is None:
            Customer.update(tier_pinned=False, **versions.stamp(Customer, operator)).where(
                Customer.id == customer_id).execute()
            new_text = data_text("unpinned")
        else:
            if tier not in TIER_ORDER:
                raise ValueError(tier)
            Customer.update(tier=tier, tier_pinned=True, tier_updated_at=now(), **versions.stamp(Customer, operator)).where(
                Customer.id == customer_id).execute()
            new_text = data_text("pinned to {tier}", tier=_tier_label(tier))
        old_text = _tier_label(customer.tier)
        ChangeLog.create(customer=customer_id, entity="customer", entity_id=customer_id, field=TIER_FIELD,
                         old_value=data_text("{tier} (pinned)", tier=old_text) if customer.tier_pinned else old_text,
                         new_value=new_text, reason=reason, operator=operator,
                         operator_name=operator.name if operator else "")
        planned = _tiers_changed({customer_id})
    return Changes(customers=True, customer_ids={customer_id}) | planned


def save_policy(rows: list[PolicyRow]) -> Changes:
    """Store the owner's edits of the tier policy table."""
    with database_proxy.atomic():
        for row in rows:
            TierPolicy.update(min_annual_fen=row.min_annual_fen, min_coop_months=row.min_coop_months,
                              response_hours=json.dumps(row.response_hours),
                              resolution_hours=json.dumps(row.resolution_hours),
                              cadence=json.dumps(row.cadence, ensure_ascii=False),
                              questionnaire=json.dumps(row.questionnaire)).where(TierPolicy.tier == row.tier).execute()
        planned = Changes()
        for listener in _policy_listeners:  # a changed cadence re-plans the window (no-op otherwise)
            planned |= listener()
    return Changes(settings=True) | planned


def save_settings(values: dict[str, object], rows: list[PolicyRow]) -> Changes:
    """The settings dialog's OK: the declared settings and the tier policy in one transaction, so a
    refusal of either leaves both as they were (a changed cadence re-plans the window)."""
    with database_proxy.atomic():
        changes = settings.put_all(values)
        return changes | save_policy(rows)

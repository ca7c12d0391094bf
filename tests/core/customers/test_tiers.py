"""Tier rules, pinning, churn warning and the policy table's text forms."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.customers import service as customers
from crmdesk.core.customers import tiers
from crmdesk.core.customers.service import ContactInput, CustomerInput, OrderInput
from crmdesk.core.firm import tier_policy
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import ChangeLog, Customer, FollowUp, Interaction, Survey, Ticket

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

TODAY = dt.date(2026, 11, 20)


def _customer(name: str, *, coop: str = "", orders: list[tuple[str, str]] = ()) -> int:
    return customers.save(CustomerInput(
        name=name, type="customer", coop_start=coop,
        contacts=[ContactInput(name="联系人", title="经理", mobile=f"138{abs(hash(name)) % 10**8:08d}",
                               is_primary=True)],
        orders=[OrderInput(date=d, amount=a, product="设备") for d, a in orders])).customer_id


def _tier(cid: int) -> str:
    return Customer.get_by_id(cid).tier


def test_tiers_follow_the_rules(db) -> None:
    strategic = _customer("甲公司", coop="2025-06-01", orders=[("2026-03-01", "50万")])
    core = _customer("乙公司", coop="2025-11-01", orders=[("2026-05-01", "10万")])
    too_new = _customer("丙公司", coop="2026-01-01", orders=[("2026-05-01", "20万")])  # < 12 months
    old_money = _customer("丁公司", coop="2020-01-01", orders=[("2025-10-01", "80万")])  # outside 12 months
    dormant = _customer("戊公司", coop="2020-01-01", orders=[("2025-11-01", "1万")])  # nothing for 384 days
    Customer.update(created_at=dt.datetime(2020, 1, 1)).execute()
    Interaction.create(customer=old_money, at=dt.datetime(2026, 9, 1, 10), summary="年度回访")
    result = tiers.recompute(TODAY)
    assert _tier(strategic) == "strategic"
    assert _tier(core) == "core"
    assert _tier(too_new) == "ordinary"
    assert _tier(old_money) == "ordinary"
    assert _tier(dormant) == "dormant"
    assert sum(result.changed.values()) == 3  # ordinary is the default
    log = ChangeLog.get((ChangeLog.customer == strategic) & (ChangeLog.field == "客户层级"))
    assert (log.old_value, log.new_value) == ("普通", "战略")


def test_an_interaction_keeps_a_customer_out_of_dormant(db) -> None:
    cid = _customer("己公司", coop="2020-01-01", orders=[("2024-01-01", "1万")])
    Interaction.create(customer=cid, at=dt.datetime(2026, 6, 1, 10), summary="电话回访")
    tiers.recompute(TODAY)
    assert _tier(cid) == "ordinary"


def test_a_customer_younger_than_the_dormancy_window_is_not_dormant(db) -> None:
    """Defect 6 of #14: dormant is 365 days without an order or interaction *while known to us*.

    On 2026-11-20: 新签 started cooperating on 2026-11-17 (3 days ago) and has no order or
    interaction yet; 新建 has no date at all and was created on 2026-11-17. Both are 普通. 老档
    was imported on 2026-11-17 too, but has cooperated since 2024-01-01 (1,054 days) without an
    order or interaction: it is 休眠. 旧签 was created on 2025-11-21 (364 days) with no activity
    and stays 普通; 更旧 created on 2025-11-20 (exactly 365 days) stays 普通 too (the rule is
    "more than 365 days"), and 最旧 created on 2025-11-19 (366 days) is 休眠.
    """
    signed = _customer("新签公司", coop="2026-11-17")
    bare = _customer("新建公司")
    old_file = _customer("老档公司", coop="2024-01-01")
    Customer.update(created_at=dt.datetime(2026, 11, 17, 10)).where(
        Customer.id.in_([signed, bare, old_file])).execute()
    ages = {}
    for name, created in (("旧签公司", dt.datetime(2025, 11, 21, 9)), ("更旧公司", dt.datetime(2025, 11, 20, 9)),
                          ("最旧公司", dt.datetime(2025, 11, 19, 9))):
        ages[name] = _customer(name)
        Customer.update(created_at=created).where(Customer.id == ages[name]).execute()
    result = tiers.recompute(TODAY)
    assert _tier(signed) == "ordinary" and _tier(bare) == "ordinary"
    assert _tier(old_file) == "dormant"
    assert [_tier(ages[n]) for n in ("旧签公司", "更旧公司", "最旧公司")] == ["ordinary", "ordinary", "dormant"]
    assert result.changed == {"dormant": 2}
    assert (TODAY - dt.date(2024, 1, 1)).days == 1054 and (TODAY - dt.date(2025, 11, 19)).days == 366


def test_overdue_ticket_warning_compares_with_the_moment_of_the_check(db) -> None:
    """Defect 5 of #14: a ticket due at 17:00 today is not overdue at 09:00 (the morning check
    used to compare with 23:59:59 and plan nine 挽回 calls); at 17:30 it is."""
    cid = _customer("卯公司", coop="2024-01-01")
    Interaction.create(customer=cid, at=dt.datetime(2026, 11, 1, 10), summary="电话")
    Ticket.create(number="GD20261118-001", customer=cid, stage="in_progress",
                  resolution_due=dt.datetime(2026, 11, 20, 17, 0), created_at=dt.datetime(2026, 11, 18, 9))
    morning = tiers.recompute(TODAY, at=dt.datetime(2026, 11, 20, 9, 0))
    assert morning.at_risk == 0 and not Customer.get_by_id(cid).at_risk
    assert tiers.churn_reasons(TODAY, dt.datetime(2026, 11, 20, 16, 59, 59)) == {}
    assert not FollowUp.select().where(FollowUp.kind == "winback").exists()
    evening = tiers.recompute(TODAY, at=dt.datetime(2026, 11, 20, 17, 30))
    assert evening.at_risk == 1
    assert Customer.get_by_id(cid).risk_reasons == "有1张工单已超时"


def test_pinned_tier_is_kept_until_unpinned(db) -> None:
    cid = _customer("庚公司", coop="2020-01-01", orders=[("2024-01-01", "1万")])
    tiers.set_pinned(cid, "strategic")
    tiers.recompute(TODAY)
    assert _tier(cid) == "strategic" and Customer.get_by_id(cid).tier_pinned
    tiers.set_pinned(cid, None)
    tiers.recompute(TODAY)
    assert _tier(cid) == "dormant"


def test_thresholds_come_from_the_policy_table(db) -> None:
    cid = _customer("辛公司", coop="2025-01-01", orders=[("2026-03-01", "30万")])
    tiers.recompute(TODAY)
    assert _tier(cid) == "core"
    rows = tier_policy.policy()
    rows[0].min_annual_fen = 20_0000_00  # strategic from 20万
    tiers.save_policy(rows)
    tiers.recompute(TODAY)
    assert _tier(cid) == "strategic"


def test_settings_and_the_policy_are_saved_together_or_not_at_all(db, monkeypatch) -> None:
    from crmdesk.core.firm import settings

    rows = tier_policy.policy()
    rows[0].min_annual_fen = 20_0000_00
    changes = tiers.save_settings({"firm_name": "金陵服务部", "recycle_bin_days": 45}, rows)
    assert changes.settings
    assert (settings.get("firm_name"), settings.get("recycle_bin_days")) == ("金陵服务部", 45)
    assert tier_policy.policy()[0].min_annual_fen == 20_0000_00

    def refuse() -> None:
        raise ValidationError("cadence", "停在这里", "节奏")

    # the re-plan after the policy (cadence registers it as a listener of the tiers) is refused
    monkeypatch.setattr(tiers, "_policy_listeners", [refuse])
    rows[0].min_annual_fen = 30_0000_00
    with pytest.raises(ValidationError):
        tiers.save_settings({"firm_name": "另一个名字"}, rows)
    assert settings.get("firm_name") == "金陵服务部" and tier_policy.policy()[0].min_annual_fen == 20_0000_00
    with pytest.raises(KeyError):  # an undeclared setting stores nothing either
        tiers.save_settings({"firm_name": "又一个名字", "no_such_setting": 1}, rows)
    assert settings.get("firm_name") == "金陵服务部"


def test_churn_warning_reasons_and_winback_proposal(db) -> None:
    quiet = _customer("壬公司", coop="2024-01-01")
    for day in (120, 130, 140, 150):  # 4 interactions in the 90 days before, 1 in the last 90
        Interaction.create(customer=quiet, at=dt.datetime.combine(TODAY - dt.timedelta(days=day), dt.time(10)),
                           summary="拜访")
    Interaction.create(customer=quiet, at=dt.datetime.combine(TODAY - dt.timedelta(days=10), dt.time(10)), summary="电话")
    angry = _customer("癸公司", coop="2024-01-01")
    for i in range(2):
        Ticket.create(number=f"GD20261101-00{i}", customer=angry, category="complaint", stage="archived",
                      created_at=dt.datetime(2026, 11, 1 + i, 10))
    unhappy = _customer("子公司", coop="2024-01-01")
    Survey.create(customer=unhappy, date=TODAY - dt.timedelta(days=5), overall=4, response=2)
    late = _customer("丑公司", coop="2024-01-01")
    Ticket.create(number="GD20261110-001", customer=late, stage="in_progress",
                  resolution_due=dt.datetime(2026, 11, 15, 18), created_at=dt.datetime(2026, 11, 10, 9))
    fine = _customer("寅公司", coop="2024-01-01")
    result = tiers.recompute(TODAY)
    assert result.at_risk == 4
    reasons = {cid: Customer.get_by_id(cid).risk_reasons for cid in (quiet, angry, unhappy, late)}
    assert "近90天互动1次" in reasons[quiet]
    assert "投诉2次" in reasons[angry]
    assert "低至2分" in reasons[unhappy]
    assert "1张工单已超时" in reasons[late]
    assert not Customer.get_by_id(fine).at_risk
    winback = list(FollowUp.select().where(FollowUp.kind == "winback"))
    year, week, _ = TODAY.isocalendar()
    this_week = [f.customer_id for f in winback if f.generated_key.endswith(f":{year}-{week:02d}")]
    assert sorted(this_week) == sorted([quiet, angry, unhappy, late])  # then one a week (core.followups.cadence)
    tiers.recompute(TODAY)  # the same week: no second proposal
    assert FollowUp.select().where(FollowUp.kind == "winback").count() == len(winback)


def test_recompute_if_due_runs_once_a_day(db) -> None:
    assert tiers.recompute_if_due(TODAY) is not None
    assert tiers.recompute_if_due(TODAY) is None
    assert tiers.recompute_if_due(TODAY + dt.timedelta(days=1)) is not None

"""Surveys on their own, questions per tier, and the improvement list carried from report to report."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crmdesk.core import overview
from crmdesk.core.reports import kpi, surveys
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.errors import KnownError, ValidationError

TODAY = dt.date(2026, 11, 5)


@pytest.fixture
def customer(db):
    from crmdesk.core.store.models import Customer

    return Customer.create(code="C2026001", name="杭州联测仪器有限公司", name_norm="杭州联测仪器", tier="core")


def test_questions_follow_the_tier_policy(customer) -> None:
    from crmdesk.core.store.models import Customer, TierPolicy

    assert surveys.questions_for(customer.id) == ["quality", "response", "overall"]  # the core tier's default
    TierPolicy.update(questionnaire=json.dumps(["communication", "professionalism"])).where(
        TierPolicy.tier == "core").execute()
    # the owner left the overall score out: it is asked all the same (CSAT is its mean)
    assert surveys.questions_for(customer.id) == ["communication", "professionalism", "overall"]
    Customer.update(tier="strategic").where(Customer.id == customer.id).execute()
    assert surveys.questions_for(customer.id) == ["quality", "response", "communication", "professionalism",
                                                  "overall"]


def test_record_a_survey_on_its_own(customer) -> None:
    from crmdesk.core.store.models import Customer, Staff, Survey

    clerk = Staff.create(name="李客服")
    result = surveys.record(customer.id, {"quality": 4, "overall": 5, "response": None}, method="visit",
                            date=dt.date(2026, 11, 2), comment=" 服务不错 ", operator=clerk, today=TODAY)
    row = Survey.get_by_id(result.survey_id)
    assert (row.method, row.quality, row.response, row.overall, row.comment, row.staff_name, row.ticket_id) == (
        "visit", 4, None, 5, "服务不错", "李客服", None)
    assert result.changes.surveys and customer.id in result.changes.customer_ids
    assert Customer.get_by_id(customer.id).last_contact_at == dt.datetime(2026, 11, 2, 12)
    # the survey counts in the KPIs of its month at once
    assert kpi.compute(Period.month(2026, 11), dt.datetime(2026, 11, 5, 12)).value("csat") == 5


def test_record_refusals(customer) -> None:
    from crmdesk.core.store.models import Customer, Survey, Ticket

    with pytest.raises(ValidationError) as info:
        surveys.record(customer.id, {"quality": 6, "overall": 4}, today=TODAY)
    assert info.value.field == "quality"
    with pytest.raises(ValidationError) as info:
        surveys.record(customer.id, {"quality": 4}, today=TODAY)
    assert info.value.field == "overall"
    with pytest.raises(ValidationError) as info:
        surveys.record(customer.id, {"overall": 4}, method="fax", today=TODAY)
    assert info.value.field == "method"
    with pytest.raises(ValidationError) as info:
        surveys.record(customer.id, {"overall": 4}, date=dt.date(2026, 11, 6), today=TODAY)
    assert info.value.field == "date"
    other = Customer.create(code="C2026002", name="别家", name_norm="别家")
    foreign = Ticket.create(number="GD20261101-001", customer=other)
    with pytest.raises(ValidationError) as info:
        surveys.record(customer.id, {"overall": 4}, ticket_id=foreign.id, today=TODAY)
    assert info.value.field == "ticket"
    with pytest.raises(KnownError):
        surveys.record(10**6, {"overall": 4}, today=TODAY)
    assert Survey.select().count() == 0


def test_a_survey_for_a_ticket_sets_its_satisfaction_once(customer) -> None:
    from crmdesk.core.store.models import Ticket

    ticket = Ticket.create(number="GD20261101-001", customer=customer)
    surveys.record(customer.id, {"overall": 3}, method="email", ticket_id=ticket.id, today=TODAY)
    assert Ticket.get_by_id(ticket.id).satisfaction == 3
    surveys.record(customer.id, {"overall": 5}, method="email", ticket_id=ticket.id, today=TODAY)
    assert Ticket.get_by_id(ticket.id).satisfaction == 3  # the first answer stays the ticket's score


def test_improvement_list_crud(customer) -> None:
    from crmdesk.core.store.models import ImprovementItem, Staff

    owner = Staff.create(name="王主管", role="owner")
    low = surveys.record(customer.id, {"quality": 2, "communication": 3, "overall": 3}, comment="交货慢",
                         today=TODAY).survey_id
    assert surveys.default_item(low) == "产品质量 2分、沟通效率 3分、总体满意度 3分：交货慢"
    item_id, changes = surveys.add_improvement("", "与供应商约定交期", owner_id=owner.id,
                                               due=dt.date(2026, 11, 20), survey_id=low)
    assert changes.surveys
    row = ImprovementItem.get_by_id(item_id)
    assert (row.item, row.action, row.owner_id, row.due, row.done) == (
        "产品质量 2分、沟通效率 3分、总体满意度 3分：交货慢", "与供应商约定交期", owner.id, dt.date(2026, 11, 20), False)
    surveys.update_improvement(item_id, action="每周跟进交期", due=dt.date(2026, 11, 30))
    surveys.set_done(item_id)
    row = ImprovementItem.get_by_id(item_id)
    assert (row.action, row.due, row.done, row.owner_id) == ("每周跟进交期", dt.date(2026, 11, 30), True, owner.id)
    surveys.update_improvement(item_id, clear_owner=True, clear_due=True)
    row = ImprovementItem.get_by_id(item_id)
    assert (row.owner_id, row.due) == (None, None)
    with pytest.raises(ValidationError):
        surveys.add_improvement("  ")
    with pytest.raises(ValidationError):
        surveys.add_improvement("事项", owner_id=999)
    with pytest.raises(ValidationError):
        surveys.update_improvement(item_id, item=" ")
    with pytest.raises(KnownError):
        surveys.update_improvement(999, action="x")


def test_open_items_are_carried_into_the_next_report(customer) -> None:
    september = dt.datetime(2026, 9, 20, 10)
    open_id, _ = surveys.add_improvement("九月未完成", at=september)
    done_id, _ = surveys.add_improvement("九月已完成", at=september)
    surveys.set_done(done_id)
    october_id, _ = surveys.add_improvement("十月事项", at=dt.datetime(2026, 10, 8, 9))
    november_id, _ = surveys.add_improvement("十一月事项", at=dt.datetime(2026, 11, 2, 9))
    lines = surveys.improvements_for(Period.month(2026, 10))
    assert {(line.id, line.carried) for line in lines} == {(open_id, True), (october_id, False)}
    assert [line.item for line in surveys.improvements_for(Period.month(2026, 9))] == ["九月未完成", "九月已完成"]
    surveys.set_done(open_id)
    assert [line.id for line in surveys.improvements_for(Period.month(2026, 10))] == [october_id]
    # an action decided in November for an October survey belongs to the October report
    low = surveys.record(customer.id, {"overall": 2}, date=dt.date(2026, 10, 30), today=TODAY).survey_id
    late_id, _ = surveys.add_improvement("", "致电道歉", survey_id=low, at=dt.datetime(2026, 11, 3, 9))
    october = {line.id: line for line in surveys.improvements_for(Period.month(2026, 10))}
    assert set(october) == {october_id, late_id} and not october[late_id].carried
    assert october[late_id].customer == customer.name
    assert {line.id: line.carried for line in surveys.improvements_for(Period.month(2026, 11))} == {
        october_id: True, november_id: False, late_id: True}


def test_overview_monthly_summary_is_the_kpi_trend(customer) -> None:
    from crmdesk.core.store.models import Ticket

    Ticket.create(number="GD20261005-001", customer=customer, created_at=dt.datetime(2026, 10, 5, 9),
                  category="complaint")
    surveys.record(customer.id, {"overall": 4}, date=dt.date(2026, 10, 6), today=TODAY)
    months = overview.monthly_summary(3, today=TODAY)
    assert [m.month for m in months] == ["2026-09", "2026-10", "2026-11"]
    assert (months[1].received, months[1].complaints, months[1].csat, months[1].surveys) == (1, 1, 4.0, 1)


def test_find_customers_for_the_survey_dialog(customer) -> None:
    from crmdesk.core.customers import search
    from crmdesk.core.store.models import database_proxy

    search.reindex(database_proxy.connection())
    assert surveys.find_customers("联测") == [(customer.id, "C2026001", "杭州联测仪器有限公司")]
    assert surveys.find_customers("C2026001") == [(customer.id, "C2026001", "杭州联测仪器有限公司")]
    assert surveys.find_customers("联") == []  # one character is not searched

"""KPIs per person and per department: the month beside the month before, from the same formulas."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.reports import team
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.models import FollowUp
from crmdesk.core.tickets import callbacks
from crmdesk.core.tickets import service as tickets
from tests.helpers.factories import make_customer
from tests.helpers.org import make_firm, seed_rules

OCTOBER = Period.month(2026, 10)


def _work(customer: int, person: int | None, created: dt.datetime, *, hours_to_resolve: float | None,
          score: int | None = None, category: str = "fault", **kw) -> int:
    ticket = tickets.create(customer, "报修", category=category, assignee_id=person, at=created, **kw).ticket_id
    tickets.log_response(ticket, at=created + dt.timedelta(minutes=30))
    if hours_to_resolve is not None:
        tickets.resolve(ticket, "已处理", root_cause="原因" if category == "complaint" else "",
                        at=created + dt.timedelta(hours=hours_to_resolve))
        if score is not None:
            followup = FollowUp.get((FollowUp.ticket == ticket) & (FollowUp.kind == "callback")).id
            callbacks.record_callback(followup, {"overall": score}, at=created + dt.timedelta(hours=hours_to_resolve + 2))
    return ticket


@pytest.fixture
def firm(db):
    firm = make_firm()
    seed_rules(firm)
    return firm


def test_per_person_and_department_with_the_month_before(firm) -> None:
    customer = make_customer("华强")
    wang, zhao = firm.people["王磊"], firm.people["赵强"]
    # October: 王磊 two fault tickets (one resolved in 2 h, scored 5; one still open); 赵强 one resolved, scored 3
    _work(customer, wang, dt.datetime(2026, 10, 12, 10), hours_to_resolve=2, score=5)
    _work(customer, wang, dt.datetime(2026, 10, 13, 10), hours_to_resolve=None)
    _work(customer, zhao, dt.datetime(2026, 10, 14, 10), hours_to_resolve=4, score=3)
    # September: 王磊 one resolved in 6 h
    _work(customer, wang, dt.datetime(2026, 9, 15, 10), hours_to_resolve=6, score=4)
    result = team.compute(OCTOBER, as_of=dt.datetime(2026, 11, 2, 9))
    rows = {row.name: row for row in result.people}
    assert rows["王磊"].department == "技术部"
    assert rows["王磊"].get("received").value == 2 and rows["王磊"].get("received").previous == 1
    assert rows["王磊"].get("resolved").value == 1
    assert rows["王磊"].get("resolution_hours").value == pytest.approx(2)
    assert rows["王磊"].get("resolution_hours").previous == pytest.approx(6)
    assert rows["王磊"].get("csat").value == 5 and rows["王磊"].get("csat").previous == 4
    assert rows["赵强"].get("csat").value == 3 and rows["赵强"].get("one_time_rate").value == 1
    assert rows["陈静"].get("received").value == 0  # everyone active is listed
    depts = {row.name: row for row in result.departments}
    assert depts["技术部"].get("received").value == 3 and depts["技术部"].get("csat").value == pytest.approx(4)
    assert depts["产品部"].get("received").value == 0
    assert result.previous_period == Period.month(2026, 9)


def test_tickets_from_before_the_routing_table_count_for_the_assignees_department(db) -> None:
    firm = make_firm()  # no rules: tickets carry no department of their own
    customer = make_customer("华强")
    _work(customer, firm.people["周敏"], dt.datetime(2026, 10, 12, 10), hours_to_resolve=1)
    _work(customer, None, dt.datetime(2026, 10, 12, 11), hours_to_resolve=None)
    depts = {row.name: row for row in team.compute(OCTOBER, as_of=dt.datetime(2026, 11, 2)).departments}
    assert depts["产品部"].get("resolved").value == 1
    assert depts["（未分部门）"].get("received").value == 1

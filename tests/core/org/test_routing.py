"""Routing a ticket: the matching rule, the department, the person proposed, the rule's SLA, the history."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.org import routing, workload
from crmdesk.core.org.rules import RuleRow, rules, save_table
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import RoutingRule, Ticket
from crmdesk.core.tickets import service as tickets
from tests.helpers.factories import make_customer
from tests.helpers.org import make_firm, seed_rules

MONDAY = dt.datetime(2026, 11, 16, 9, 30)  # a working Monday (not a holiday)


@pytest.fixture
def firm(db):
    firm = make_firm()
    seed_rules(firm)
    return firm


def _complaint(customer: int, complaint_type: str, severity: str = "minor", **kw) -> tickets.Created:
    return tickets.create(customer, "外壳开裂", category="complaint", severity=severity,
                          complaint_type=complaint_type, at=kw.pop("at", MONDAY), **kw)


def _route_lines(ticket_id: int) -> list[str]:
    return [line.note for line in tickets.history(ticket_id) if line.kind == "route"]


def test_a_quality_complaint_goes_to_the_least_loaded_product_engineer(firm) -> None:
    customer = make_customer("深圳华强")
    busy = firm.people["周敏"]
    for _i in range(2):  # 周敏 already has two open tickets; 吴刚 none
        tickets.create(customer, "旧单", assignee_id=busy, accept_proposal=False, at=MONDAY)
    created = _complaint(customer, "产品质量")
    ticket = Ticket.get_by_id(created.ticket_id)
    assert ticket.department_id == firm.departments["产品部"] and ticket.department == "产品部"
    assert ticket.assignee_id == ticket.proposed_assignee_id == firm.people["吴刚"]
    assert ticket.routing_rule_id == rules()[0].id
    [note] = _route_lines(created.ticket_id)
    assert "分派规则第 1 条" in note and "产品部" in note and "吴刚" in note and "在办最少" in note


def test_the_owner_role_is_left_out_when_the_rule_asks_for_engineers(firm) -> None:
    proposal = routing.propose(routing.Facts("complaint", "产品质量"), MONDAY)
    assert proposal is not None and proposal.assignee in ("周敏", "吴刚")  # never 郑丽 (owner role)


def test_a_suggestion_gets_the_rules_three_working_days(firm) -> None:
    customer = make_customer("需求客户")
    created = tickets.create(customer, "希望增加导出功能", category="suggestion", at=MONDAY)
    ticket = Ticket.get_by_id(created.ticket_id)
    assert ticket.department == "产品部"
    # three working days of 7.5 h from Monday 09:30: Thursday 09:30
    assert ticket.resolution_due == dt.datetime(2026, 11, 19, 9, 30)
    assert "3 个工作日" in _route_lines(created.ticket_id)[0]


def test_the_clerk_may_override_and_the_history_says_so(firm) -> None:
    customer = make_customer("华强")
    created = _complaint(customer, "产品质量", assignee_id=firm.people["周敏"])
    ticket = Ticket.get_by_id(created.ticket_id)
    assert ticket.assignee_id == firm.people["周敏"]
    assert ticket.proposed_assignee_id != ticket.assignee_id
    assert "受理人改选 周敏" in _route_lines(created.ticket_id)[0]
    later = _complaint(customer, "产品质量", accept_proposal=False)
    assert Ticket.get_by_id(later.ticket_id).assignee_id is None
    assert "稍后分派" in _route_lines(later.ticket_id)[0]


def test_serious_complaints_go_to_the_head_and_the_owner_is_told(firm) -> None:
    customer = make_customer("华强")
    created = _complaint(customer, "服务态度", severity="serious")
    ticket = Ticket.get_by_id(created.ticket_id)
    assert ticket.assignee_id == firm.people["陈静"]  # head of 客服部
    escalations = [line.note for line in tickets.history(ticket.id) if line.kind == "escalation"]
    assert escalations == ["严重投诉：由客服部主管 陈静 牵头处理，已告知 张总、郑丽。"]
    critical = _complaint(customer, "产品质量", severity="critical")
    notes = [line.note for line in tickets.history(critical.ticket_id) if line.kind == "escalation"]
    assert notes[0] == "重大投诉，已上报主管。" and "产品部主管 郑丽 牵头" in notes[1]
    assert Ticket.get_by_id(critical.ticket_id).assignee_id == firm.people["郑丽"]


def test_round_robin_takes_members_in_turn(firm) -> None:
    customer = make_customer("华强")
    got = [Ticket.get_by_id(tickets.create(customer, "报修", category="fault", at=MONDAY).ticket_id).assignee_id
           for _i in range(4)]
    ring = [firm.people["王磊"], firm.people["赵强"], firm.people["孙涛"]]
    assert got == ring + ring[:1]


def test_default_person_and_the_fallback_rule(firm) -> None:
    customer = make_customer("华强")
    created = tickets.create(customer, "怎么导出", category="usage", at=MONDAY)
    ticket = Ticket.get_by_id(created.ticket_id)
    assert ticket.department == "客服部" and ticket.assignee_id == firm.people["刘洋"]


def test_reclassifying_before_dispatch_routes_again(firm) -> None:
    customer = make_customer("华强")
    created = tickets.create(customer, "坏了", category="fault", at=MONDAY)
    assert Ticket.get_by_id(created.ticket_id).department == "技术部"
    tickets.classify(created.ticket_id, category="suggestion", at=MONDAY + dt.timedelta(minutes=5))
    ticket = Ticket.get_by_id(created.ticket_id)
    assert ticket.department == "产品部" and ticket.assignee_id in (firm.people["周敏"], firm.people["吴刚"])
    assert ticket.resolution_due == dt.datetime(2026, 11, 19, 9, 30)  # the rule's SLA from the creation time
    assert len(_route_lines(created.ticket_id)) == 2


def test_a_hand_choice_survives_a_reroute(firm) -> None:
    customer = make_customer("华强")
    created = tickets.create(customer, "坏了", category="fault", assignee_id=firm.people["钱芳"], at=MONDAY)
    tickets.update(created.ticket_id, category="suggestion", at=MONDAY)
    assert Ticket.get_by_id(created.ticket_id).assignee_id == firm.people["钱芳"]
    assert "保留手工指定的 钱芳" in _route_lines(created.ticket_id)[-1]


def test_product_model_patterns_and_tiers(firm) -> None:
    save_table([RuleRow(None, product_model="X2*、Ｙ-100", tier="strategic", department_id=firm.departments["销售部"],
                        pick="default"),
                RuleRow(None, department_id=firm.departments["客服部"], pick="default")])
    hit = routing.Facts("fault", product_model="x200 pro", tier="strategic")
    assert routing.propose(hit).department == "销售部"
    assert routing.propose(routing.Facts("fault", product_model="y-100", tier="strategic")).department == "销售部"
    assert routing.propose(routing.Facts("fault", product_model="X200", tier="core")).department == "客服部"
    assert routing.propose(routing.Facts("fault", tier="strategic")).department == "客服部"  # no model typed


def test_no_rules_no_routing_and_no_history(db) -> None:
    customer = make_customer("华强")
    created = tickets.create(customer, "坏了", at=MONDAY)
    assert _route_lines(created.ticket_id) == [] and Ticket.get_by_id(created.ticket_id).department_id is None


def test_no_rule_matches_says_so(firm) -> None:
    save_table([RuleRow(None, category="fault", department_id=firm.departments["技术部"])])
    customer = make_customer("华强")
    created = tickets.create(customer, "投诉", category="complaint", severity="minor", at=MONDAY)
    assert _route_lines(created.ticket_id) == ["没有匹配的分派规则：请手工指定处理人。"]


def test_routed_when_classified_if_registered_before_the_rules(db) -> None:
    firm = make_firm()
    customer = make_customer("华强")
    created = tickets.create(customer, "需求", category="suggestion", at=MONDAY)
    seed_rules(firm)
    tickets.classify(created.ticket_id, at=MONDAY)
    assert Ticket.get_by_id(created.ticket_id).department == "产品部"


def test_bad_rows_are_refused_naming_the_rule_and_nothing_is_written(firm) -> None:
    before = [r.id for r in rules()]
    with pytest.raises(ValidationError, match="第 2 条规则 · 问题类型"):
        save_table([RuleRow(None, department_id=firm.departments["客服部"]),
                    RuleRow(None, category="fault", complaint_type="产品质量",
                            department_id=firm.departments["技术部"])])
    with pytest.raises(ValidationError, match="没有名为“维修部”的部门"):
        save_table([RuleRow(None, department="维修部")])
    with pytest.raises(ValidationError, match="请同时填写时长和单位"):
        save_table([RuleRow(None, department="产品部", resolution_amount=3)])
    assert [r.id for r in rules()] == before


def test_editing_a_rule_keeps_the_tickets_promise(firm) -> None:
    customer = make_customer("需求客户")
    created = tickets.create(customer, "需求", category="suggestion", at=MONDAY)
    table = rules()
    table[1] = RuleRow(**{**table[1].__dict__, "resolution_amount": 10.0})
    save_table(table)
    assert RoutingRule.get_by_id(table[1].id).resolution_amount == 10
    tickets.classify(created.ticket_id, priority="important", at=MONDAY)  # dues recomputed: still 3 days
    assert Ticket.get_by_id(created.ticket_id).resolution_due == dt.datetime(2026, 11, 19, 9, 30)


def test_workload_counts_open_due_soon_and_overdue(firm) -> None:
    customer = make_customer("华强")
    person = firm.people["孙涛"]
    tickets.create(customer, "a", priority="urgent", assignee_id=person, at=MONDAY)  # response due 11:30
    tickets.create(customer, "b", assignee_id=person, at=MONDAY - dt.timedelta(days=10))  # overdue
    load = workload.loads([person], MONDAY + dt.timedelta(hours=1))[person]
    assert (load.open, load.due_soon, load.overdue) == (2, 1, 1)
    assert load.text() == "在办 2 · 将到期 1 · 超时 1"
    listed = {p.name: p for p in workload.people(MONDAY, department_id=firm.departments["技术部"])}
    assert set(listed) == {"王磊", "赵强", "孙涛"} and listed["孙涛"].department == "技术部"


def test_a_ticket_about_a_machine_is_routed_by_the_machine_s_model(firm) -> None:
    save_table([RuleRow(None, product_model="CK61*", department_id=firm.departments["技术部"], pick="default"),
                RuleRow(None, department_id=firm.departments["客服部"], pick="default")])
    customer = make_customer("华强")
    lathe = equipment.save(EquipmentInput(customer_id=customer, model="CK6150", serial="SN-001")).equipment_id
    created = tickets.create(customer, "主轴异响", category="fault", equipment_id=lathe)
    ticket = Ticket.get_by_id(created.ticket_id)
    assert ticket.product_model == "CK6150" and ticket.department == "技术部"
    typed = Ticket.get_by_id(tickets.create(customer, "异响", category="fault", equipment_id=lathe,
                                            product_model="X200").ticket_id)
    assert typed.department == "客服部"  # a model typed on the ticket is what it is about

"""Core reads and edits behind the ticket form: finding the caller, the handling fields of
``tickets.update``, and what the callback form needs (questions per tier, tries)."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.safety import secrets
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Contact, Customer, Ticket, TicketEvent, TierPolicy
from crmdesk.core.tickets import callbacks, knowledge
from crmdesk.core.tickets import service as tickets

T = dt.datetime.fromisoformat


@pytest.fixture
def firms(db) -> SimpleNamespace:
    """Three customers; two contacts share the mobile tail 5678 (so the tail alone is ambiguous)."""
    def add(name: str, *contacts: ContactInput) -> int:
        return customers.save(CustomerInput(name=name, contacts=list(contacts))).customer_id

    jinling = add("南京金陵机械有限公司", ContactInput(name="钱进", title="设备主管", mobile="13851235678", is_primary=True),
                  ContactInput(name="孙丽", title="采购", mobile="13900001111"))
    hongfeng = add("深圳鸿丰百货有限公司", ContactInput(name="赵莉", title="店长", mobile="17800005678", is_primary=True))
    quiet = add("杭州安泰科技有限公司", ContactInput(name="周明", title="经理", mobile="15000002222", is_primary=True))
    return SimpleNamespace(jinling=jinling, hongfeng=hongfeng, quiet=quiet,
                           clerk=staff.add("王客服", "clerk"), zhang=staff.add("张工", "engineer"),
                           li=staff.add("李工", "engineer"))


def test_mobiles_are_encrypted_so_the_tail_search_uses_the_keyed_index(firms) -> None:
    assert secrets.current().encrypted
    stored = Contact.get(Contact.name == "钱进")
    assert "5678" not in stored.mobile and stored.mobile_tail != "5678"


def test_a_four_digit_tail_finds_every_contact_with_it(firms) -> None:
    found = tickets.find_callers("5678")
    assert {(c.customer_id, c.contact_name) for c in found} == {(firms.jinling, "钱进"), (firms.hongfeng, "赵莉")}
    qian = next(c for c in found if c.contact_name == "钱进")
    assert qian.contact_id == Contact.get(Contact.name == "钱进").id
    assert qian.mobile_masked == "138****5678"


def test_a_longer_tail_or_the_full_number_narrows_to_one_caller(firms) -> None:
    for text in ("35678", "1235678", "138 5123 5678", "+86 138-5123-5678"):
        found = tickets.find_callers(text)
        assert [(c.customer_id, c.contact_name) for c in found] == [(firms.jinling, "钱进")], text


def test_the_matched_contact_is_not_always_the_primary_one(firms) -> None:
    [caller] = tickets.find_callers("1111")
    assert (caller.customer_id, caller.contact_name) == (firms.jinling, "孙丽")


def test_name_code_and_contact_name_search(firms) -> None:
    code = Customer.get_by_id(firms.hongfeng).code
    assert [c.customer_id for c in tickets.find_callers("鸿丰")] == [firms.hongfeng]
    assert [c.customer_id for c in tickets.find_callers(code)] == [firms.hongfeng]
    # a contact's name finds the customer and picks that contact
    [caller] = tickets.find_callers("孙丽")
    assert (caller.customer_id, caller.contact_name) == (firms.jinling, "孙丽")
    # otherwise the primary contact is offered
    [caller] = tickets.find_callers("金陵机械")
    assert caller.contact_name == "钱进"
    assert tickets.find_callers("") == [] and tickets.find_callers("不存在的公司") == []


def test_archived_customers_come_last_and_say_so(firms) -> None:
    Customer.update(status="archived").where(Customer.id == firms.jinling).execute()
    found = tickets.find_callers("5678")
    assert [c.customer_id for c in found] == [firms.hongfeng, firms.jinling]
    assert [c.archived for c in found] == [False, True]


def test_contacts_of_lists_the_primary_first_and_leavers_last(firms) -> None:
    Contact.update(has_left=True).where(Contact.name == "钱进").execute()
    Contact.update(is_primary=True).where(Contact.name == "孙丽").execute()
    assert [c.name for c in tickets.contacts_of(firms.jinling)] == ["孙丽", "钱进"]


# --------------------------------------------------------------------------- handling fields of update


def _ticket(firms: SimpleNamespace, **kwargs: object) -> int:
    kwargs.setdefault("description", "主轴异响")
    return tickets.create(firms.jinling, operator=firms.clerk, at=T("2025-11-17 09:00"), **kwargs).ticket_id


def test_assignee_before_dispatch_then_only_by_redispatch(firms) -> None:
    tid = _ticket(firms)
    tickets.update(tid, assignee_id=firms.zhang.id, operator=firms.clerk, at=T("2025-11-17 09:05"))
    assert Ticket.get_by_id(tid).assignee_id == firms.zhang.id
    assert tickets.history(tid)[-1].note == "处理人：— → 张工"
    tickets.dispatch(tid, operator=firms.clerk, at=T("2025-11-17 09:10"))
    with pytest.raises(ValidationError, match="改派") as info:
        tickets.update(tid, assignee_id=firms.li.id)
    assert info.value.field == "assignee"
    assert Ticket.get_by_id(tid).assignee_id == firms.zhang.id


def test_solution_is_a_draft_while_open_and_audited_once_resolved(firms) -> None:
    tid = _ticket(firms, category="complaint", severity="serious")
    events = TicketEvent.select().where(TicketEvent.ticket == tid).count()
    tickets.update(tid, solution="更换轴承", root_cause="润滑不足", complaint_result="草稿")
    ticket = Ticket.get_by_id(tid)
    assert (ticket.solution, ticket.root_cause, ticket.complaint_result) == ("更换轴承", "润滑不足", "草稿")
    assert TicketEvent.select().where(TicketEvent.ticket == tid).count() == events  # drafts are not logged
    tickets.dispatch(tid, firms.zhang.id, at=T("2025-11-17 10:00"))
    tickets.resolve(tid, ticket.solution, root_cause=ticket.root_cause, operator=firms.zhang, at=T("2025-11-17 15:00"))
    tickets.update(tid, complaint_result="客户接受赔偿方案，撤回投诉", operator=firms.clerk, at=T("2025-11-18 10:00"))
    assert Ticket.get_by_id(tid).complaint_result == "客户接受赔偿方案，撤回投诉"
    assert tickets.history(tid)[-1].note == "投诉处理结果已修改"
    for field, label in (("solution", "解决方案"), ("root_cause", "根本原因")):
        with pytest.raises(ValidationError, match=label):
            tickets.update(tid, **{field: "  "})
    assert Ticket.get_by_id(tid).solution == "更换轴承"


def test_one_time_flag_changes_only_once_resolved(firms) -> None:
    tid = _ticket(firms)
    tickets.update(tid, one_time_resolved=False)  # open: resolve sets it
    assert Ticket.get_by_id(tid).one_time_resolved is None
    tickets.dispatch(tid, firms.zhang.id, at=T("2025-11-17 10:00"))
    tickets.resolve(tid, "复位", operator=firms.zhang, at=T("2025-11-17 11:00"))
    assert Ticket.get_by_id(tid).one_time_resolved is True
    tickets.update(tid, one_time_resolved=False, operator=firms.clerk)
    assert Ticket.get_by_id(tid).one_time_resolved is False
    assert tickets.history(tid)[-1].note == "一次解决：是 → 否"


def test_a_refused_update_writes_nothing(firms) -> None:
    tid = _ticket(firms)
    before = TicketEvent.select().where(TicketEvent.ticket == tid).count()
    with pytest.raises(ValidationError):
        tickets.update(tid, assignee_id=firms.zhang.id, solution="草稿", description=" ")
    ticket = Ticket.get_by_id(tid)
    assert (ticket.assignee_id, ticket.solution) == (None, "")
    assert TicketEvent.select().where(TicketEvent.ticket == tid).count() == before


# --------------------------------------------------------------------------- callback form reads


def test_questions_follow_the_tier_policy(firms) -> None:
    assert callbacks.questionnaire("core") == ["quality", "response", "overall"]
    assert callbacks.questionnaire("ordinary") == ["overall"]
    TierPolicy.update(questionnaire=json.dumps(["professionalism"])).where(TierPolicy.tier == "core").execute()
    assert callbacks.questionnaire("core") == ["professionalism", "overall"]  # overall is always asked
    TierPolicy.update(questionnaire="[]").where(TierPolicy.tier == "core").execute()
    assert callbacks.questionnaire("core") == ["quality", "response", "communication", "professionalism", "overall"]


def test_info_and_the_open_callback_of_a_ticket(firms) -> None:
    Customer.update(tier="core").where(Customer.id == firms.jinling).execute()
    tid = _ticket(firms, contact_id=Contact.get(Contact.name == "钱进").id)
    assert callbacks.open_callback(tid) is None and callbacks.last_callback(tid) is None
    tickets.dispatch(tid, firms.zhang.id, at=T("2025-11-17 10:00"))
    tickets.resolve(tid, "复位后恢复", operator=firms.zhang, at=T("2025-11-17 15:00"))
    followup_id = callbacks.open_callback(tid)
    info = callbacks.info(followup_id)
    assert (info.ticket_id, info.contact, info.mobile_masked, info.attempts, info.max_tries) == (
        tid, "钱进", "138****5678", 0, 3)
    assert info.questions == ["quality", "response", "overall"]
    assert info.due_at == T("2025-11-18 15:00") and info.customer.endswith("南京金陵机械有限公司")
    callbacks.record_callback(followup_id, {"overall": 5}, "", True, firms.clerk, at=T("2025-11-18 10:00"))
    assert callbacks.open_callback(tid) is None
    assert callbacks.last_callback(tid).status == "done"
    with pytest.raises(KnownError, match="已关闭"):
        callbacks.info(followup_id)
    # a ticket that names nobody: the callback calls the primary contact
    other = _ticket(firms)
    tickets.dispatch(other, firms.zhang.id, at=T("2025-11-17 10:00"))
    tickets.resolve(other, "复位", operator=firms.zhang, at=T("2025-11-17 15:00"))
    assert callbacks.info(callbacks.open_callback(other)).contact == "钱进"


def test_source_numbers_of_articles(firms) -> None:
    tid = _ticket(firms)
    tickets.dispatch(tid, firms.zhang.id, at=T("2025-11-17 10:00"))
    tickets.resolve(tid, "更换轴承", operator=firms.zhang, at=T("2025-11-17 15:00"))
    article = knowledge.create_article_from_ticket(tid).article_id
    source = knowledge.get_article(article).source_ticket_id
    assert knowledge.source_numbers([source, None]) == {tid: Ticket.get_by_id(tid).number}
    assert knowledge.source_numbers([]) == {}

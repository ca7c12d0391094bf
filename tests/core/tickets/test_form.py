"""``core.tickets.form.perform``: a button of the ticket form as one transaction (the re-dispatch
rule, registering with drafts, and a refusal that leaves the ticket as it was)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from crmdesk.core.firm import staff
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Ticket, TicketEvent
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets.form import StepRequest, perform
from tests.helpers.factories import make_customer


@pytest.fixture
def desk(db) -> SimpleNamespace:
    return SimpleNamespace(customer=make_customer("南京金陵机械有限公司"), clerk=staff.add("王客服", "clerk"),
                           zhang=staff.add("张工", "engineer"), li=staff.add("李工", "engineer"))


def _values(**changed: object) -> dict[str, object]:
    values: dict[str, object] = {"description": "主轴异响", "category": "fault", "priority": "normal", "severity": "",
                                     "channel": "phone", "contact_id": None, "assignee_id": None, "solution": "",
                                     "root_cause": "", "complaint_result": "", "one_time_resolved": True}
    values.update(changed)
    return values


def _request(desk: SimpleNamespace, ticket_id: int | None, **kwargs: object) -> StepRequest:
    ticket = Ticket.get_by_id(ticket_id) if ticket_id is not None else None
    kwargs.setdefault("values", _values())
    kwargs.setdefault("edits", {})
    kwargs.setdefault("reassign", None)
    kwargs.setdefault("target", None)
    return StepRequest(ticket_id=ticket_id, customer_id=desk.customer, stage=ticket.stage if ticket else "received",
                       operator=desk.clerk, **kwargs)


def _kinds(ticket_id: int) -> list[str]:
    return [e.kind for e in TicketEvent.select().where(TicketEvent.ticket == ticket_id).order_by(TicketEvent.id)]


def test_a_new_assignee_on_a_dispatched_ticket_is_a_counted_redispatch(desk) -> None:
    tid = tickets.create(desk.customer, "主轴异响", assignee_id=desk.zhang.id).ticket_id
    tickets.dispatch(tid, operator=desk.clerk)
    outcome = perform(_request(desk, tid, values=_values(assignee_id=desk.li.id), reassign=desk.li.id))
    ticket = Ticket.get_by_id(tid)
    assert (ticket.stage, ticket.assignee_id, ticket.redispatch_count) == ("dispatched", desk.li.id, 1)
    assert _kinds(tid)[-1] == "redispatch" and outcome.changes.tickets and outcome.ticket_id == tid


def test_a_new_assignee_before_dispatch_is_a_plain_edit(desk) -> None:
    tid = tickets.create(desk.customer, "主轴异响").ticket_id
    perform(_request(desk, tid, values=_values(assignee_id=desk.zhang.id), reassign=desk.zhang.id))
    ticket = Ticket.get_by_id(tid)
    assert (ticket.stage, ticket.assignee_id, ticket.redispatch_count) == ("received", desk.zhang.id, 0)
    assert "redispatch" not in _kinds(tid)


def test_registering_with_drafts_and_a_dispatch_in_one_step(desk) -> None:
    outcome = perform(_request(desk, None, values=_values(assignee_id=desk.zhang.id, solution="先更换轴承"),
                               target="dispatched"))
    ticket = Ticket.get_by_id(outcome.ticket_id)
    assert (ticket.stage, ticket.assignee_id, ticket.solution) == ("dispatched", desk.zhang.id, "先更换轴承")


def test_a_refused_step_rolls_back_the_edits_and_a_refused_new_ticket_uses_no_number(desk) -> None:
    tid = tickets.create(desk.customer, "主轴异响").ticket_id
    before = _kinds(tid)
    with pytest.raises(ValidationError) as refused:  # no assignee: the dispatch is refused
        perform(_request(desk, tid, values=_values(description="主轴异响，伴有震动"),
                         edits={"description": "主轴异响，伴有震动"}, target="dispatched"))
    assert refused.value.field == "assignee"
    ticket = Ticket.get_by_id(tid)
    assert (ticket.description, ticket.stage) == ("主轴异响", "received") and _kinds(tid) == before
    count = Ticket.select().count()
    with pytest.raises(KnownError):
        perform(_request(desk, None, target="dispatched"))
    assert Ticket.select().count() == count

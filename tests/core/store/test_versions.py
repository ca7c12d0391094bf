"""Several writers (issue #19 stage 2): optimistic saves, conditional ticket moves, safe code counters.

Each test runs on SQLite and on PostgreSQL. "Two PCs" are two threads: peewee gives each thread its own
connection to the same database. The tests marked ``server_only`` let both PCs write at the same moment
(a barrier before the write), which only a server allows: a SQLite file has one writer at a time.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest

from crmdesk.core.customers import bin_kinds
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.equipment import service as equipment
from crmdesk.core.firm import staff
from crmdesk.core.followups import service as followups
from crmdesk.core.store import db as store
from crmdesk.core.store import recycle_bin, versions
from crmdesk.core.store.errors import ConflictError, KnownError
from crmdesk.core.store.models import ChangeLog, CodeCounter, Customer, Ticket, TicketEvent
from crmdesk.core.tickets import service as tickets
from tests.helpers.pcs import at_once

pytestmark = pytest.mark.both_engines


def _customer(name: str = "南京金陵机械有限公司", **overrides: Any) -> CustomerInput:
    values: dict[str, Any] = {"name": name, "type": "customer", "importance": "B", "contacts": [
        ContactInput(name="钱进", title="设备主管", mobile="13851230001", is_primary=True)]}
    values.update(overrides)
    return CustomerInput(**values)


def _on_other_pc(work: Callable[[], Any]) -> Any:
    """Run ``work`` on another connection (a thread of its own) and return its result or raise its error."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc
        finally:
            store.close_thread_connection()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    if "error" in box:
        raise box["error"]
    return box.get("result")


@pytest.fixture
def people(db):
    return staff.add("李晓梅", "clerk"), staff.add("王工", "engineer")


def test_two_pcs_edit_one_customer_one_wins_the_other_gets_the_conflict(people) -> None:
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    mine, theirs = customers.load(customer_id), customers.load(customer_id)  # both dialogs open at version 1
    assert mine.version == theirs.version == 1
    theirs.industry, mine.industry = "机械", "电子"
    _on_other_pc(lambda: customers.save(theirs, customer_id=customer_id, operator=li))
    with pytest.raises(ConflictError) as refused:
        customers.save(mine, customer_id=customer_id, operator=wang)
    error = refused.value
    assert error.who == "李晓梅" and error.version == 2 and not error.gone
    assert error.message == f"已被 李晓梅 于 {error.when:%H:%M} 修改"
    stored = Customer.get_by_id(customer_id)
    assert (stored.industry, stored.updated_by, stored.version) == ("机械", "李晓梅", 2)  # nothing of mine written
    rows = versions.differences(mine, customers.load(customer_id))
    assert [(d.field, d.mine, d.theirs) for d in rows] == [("industry", "电子", "机械")]
    mine.version = error.version  # 覆盖: save again over the version now stored
    customers.save(mine, customer_id=customer_id, operator=wang)
    stored = Customer.get_by_id(customer_id)
    assert (stored.industry, stored.updated_by, stored.version) == ("电子", "王工", 3)
    assert [c.new_value for c in ChangeLog.select().where(ChangeLog.field == customers.FIELD_LABELS["industry"]).order_by(ChangeLog.id)] \
        == ["机械", "电子"]  # the change log keeps both


def test_contacts_are_saved_under_the_customer_s_version(people) -> None:
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    mine, theirs = customers.load(customer_id), customers.load(customer_id)
    theirs.contacts[0].title = "厂长"
    customers.save(theirs, customer_id=customer_id, operator=li)
    mine.contacts[0].title = "经理"
    with pytest.raises(ConflictError, match="李晓梅"):
        customers.save(mine, customer_id=customer_id, operator=wang)
    contact = customers.load(customer_id).contacts[0]
    assert contact.title == "厂长"
    assert store.sql("SELECT version, updated_by FROM contact WHERE customer_id = ?", [customer_id]).fetchone() \
        == (2, "李晓梅")


def test_a_save_without_a_loaded_version_still_warns_open_dialogs(people) -> None:
    li, _wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    dialog = customers.load(customer_id)
    customers.save(_customer(industry="电子"), customer_id=customer_id)  # the command line: no version, no operator
    dialog.notes = "客户要求周三上门"
    with pytest.raises(ConflictError) as refused:
        customers.save(dialog, customer_id=customer_id, operator=li)
    assert refused.value.who == "" and "其他用户" in refused.value.message


def test_a_record_deleted_meanwhile_is_a_conflict_that_cannot_be_overwritten(people) -> None:
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    form = customers.load(customer_id)
    customers.save(_customer(name="南京金陵机械有限公司二厂"), customer_id=customer_id)
    recycle_bin.move_to_bin(bin_kinds.CUSTOMER, customer_id, li)
    form.notes = "客户要求周三上门"
    with pytest.raises(ConflictError) as refused:
        customers.save(form, customer_id=customer_id, operator=wang)
    assert refused.value.gone and "删除" in refused.value.message


def test_equipment_and_follow_ups_save_only_the_version_they_loaded(people) -> None:
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    machine = equipment.save(equipment.EquipmentInput(customer_id=customer_id, model="激光切割机 3015",
                                                      serial="SN-001"), operator=li).equipment_id
    mine, theirs = equipment.load(machine), equipment.load(machine)
    theirs.contract_level = "金牌"
    equipment.save(theirs, equipment_id=machine, operator=li)
    mine.notes = "换了激光器"
    with pytest.raises(ConflictError, match="李晓梅"):
        equipment.save(mine, equipment_id=machine, operator=wang)
    assert equipment.load(machine).notes == "" and equipment.load(machine).version == 2

    due = dt.datetime.combine(dt.date.today() + dt.timedelta(days=7), dt.time(10))
    planned = followups.create(followups.FollowUpInput(customer_id, due, purpose="回访")).id
    form = followups.load(planned).as_input()
    followups.update(planned, followups.FollowUpInput(customer_id, due, purpose="上门保养",
                                                      version=form.version), operator=li)
    form.purpose = "电话回访"
    with pytest.raises(ConflictError, match="李晓梅"):
        followups.update(planned, form, operator=wang)
    assert followups.load(planned).purpose == "上门保养"
    followups.complete(planned, summary="已保养", operator=li)
    with pytest.raises(KnownError, match="已完成"):  # completed on one PC: not again on the other
        followups.complete(planned, summary="又完成一次", operator=wang)


def _dispatched_ticket(customer_id: int, engineer_id: int) -> int:
    created = tickets.create(customer_id, "切割头报警 E21", priority="normal")
    tickets.dispatch(created.ticket_id, engineer_id)
    return created.ticket_id


def test_a_move_from_a_stage_the_ticket_has_left_names_who_moved_it(people) -> None:
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    ticket_id = _dispatched_ticket(customer_id, wang.id)
    tickets.move(ticket_id, "in_progress", operator=wang, seen_stage="dispatched")  # PC-2 moves first
    with pytest.raises(ConflictError) as refused:  # PC-1's board still shows 分派
        tickets.move(ticket_id, "in_progress", operator=li, seen_stage="dispatched")
    assert refused.value.who == "王工" and "处理" in refused.value.message
    assert TicketEvent.select().where((TicketEvent.ticket == ticket_id)
                                      & (TicketEvent.to_stage == "in_progress")).count() == 1
    ticket = Ticket.get_by_id(ticket_id)
    assert (ticket.stage, ticket.updated_by) == ("in_progress", "王工")


def test_a_ticket_form_saves_only_the_version_it_loaded(people) -> None:
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    ticket_id = tickets.create(customer_id, "切割头报警 E21").ticket_id
    loaded = Ticket.get_by_id(ticket_id).version
    tickets.update(ticket_id, description="切割头报警 E21，已断电", operator=li, version=loaded)
    with pytest.raises(ConflictError, match="李晓梅"):
        tickets.update(ticket_id, notes="客户周三在厂", operator=wang, version=loaded)
    assert Ticket.get_by_id(ticket_id).notes == ""


def test_generated_codes_skip_codes_typed_or_imported_beyond_the_counter(people) -> None:
    li, _wang = people
    year = dt.date.today().year
    first = customers.save(_customer("甲公司"), operator=li).code
    for number in (2, 3):  # typed by hand (or imported), ahead of the counter
        customers.save(_customer(f"乙公司{number}", code=f"C{year}{number:03d}"), operator=li)
    codes = [customers.save(_customer(f"丙公司{i}"), operator=li).code for i in range(2)]
    assert [first, *codes] == [f"C{year}001", f"C{year}004", f"C{year}005"]
    assert CodeCounter.get_by_id(f"C{year}").last == 5


# --------------------------------------------------------------------------- at the same moment (a server)


def _server_only(engine: str) -> None:
    if engine != "postgresql":
        pytest.skip("a SQLite file has one writer at a time: simultaneous writes need a server")


def test_two_pcs_saving_one_customer_at_the_same_moment(people, engine) -> None:
    _server_only(engine)
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    a, b = customers.load(customer_id), customers.load(customer_id)
    a.industry, b.industry = "机械", "电子"
    results = at_once(lambda: customers.save(a, customer_id=customer_id, operator=li),
                       lambda: customers.save(b, customer_id=customer_id, operator=wang))
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    saved = [r for r in results if isinstance(r, customers.SaveResult)]
    assert len(conflicts) == 1 and len(saved) == 1
    stored = Customer.get_by_id(customer_id)
    assert conflicts[0].who == stored.updated_by and stored.version == 2
    assert stored.industry == ("机械" if stored.updated_by == "李晓梅" else "电子")


def test_two_pcs_moving_one_ticket_at_the_same_moment(people, engine) -> None:
    _server_only(engine)
    li, wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id
    ticket_id = _dispatched_ticket(customer_id, wang.id)
    results = at_once(lambda: tickets.move(ticket_id, "in_progress", operator=li, seen_stage="dispatched"),
                       lambda: tickets.move(ticket_id, "in_progress", operator=wang, seen_stage="dispatched"))
    assert sum(isinstance(r, ConflictError) for r in results) == 1, results
    assert TicketEvent.select().where((TicketEvent.ticket == ticket_id)
                                      & (TicketEvent.to_stage == "in_progress")).count() == 1


def test_six_pcs_creating_customers_and_tickets_get_distinct_codes_and_numbers(people, engine) -> None:
    _server_only(engine)
    li, _wang = people
    customer_id = customers.save(_customer(), operator=li).customer_id

    def pc(n: int) -> list[str]:
        made = []
        for i in range(8):
            made.append(customers.save(_customer(f"并发公司{n}-{i}"), operator=li).code)
            made.append(tickets.create(customer_id, f"第 {n}-{i} 个故障").number)
        return made

    results = at_once(*(lambda n=n: pc(n) for n in range(6)))
    assert not [r for r in results if isinstance(r, BaseException)], results
    made = [code for batch in results for code in batch]
    assert len(made) == len(set(made)) == 96
    assert CodeCounter.get_by_id(f"C{dt.date.today().year}").last == 49

"""Planned follow-ups: plan on working days, complete into the interaction log, skip with a
reason, thank after a visit, move (and own) a generated one, recycle bin; and the
``crmdesk export interactions`` command on what completing wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.customers import lifecycle
from crmdesk.core.firm import staff
from crmdesk.core.followups import service as followups
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Customer, FollowUp, Interaction, RecycleBinEntry
from crmdesk.core.tickets import service as tickets
from tests.helpers import postgres
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

SATURDAY = dt.datetime(2026, 11, 28, 15, 0)
MONDAY = dt.date(2026, 11, 30)


def plan(cid: int, due: dt.datetime, *, method: str = "phone", purpose: str = "报价跟进") -> followups.Saved:
    return followups.create(followups.FollowUpInput(customer_id=cid, due_at=due, method=method, purpose=purpose))


def test_a_follow_up_on_a_day_off_moves_to_the_next_working_day(db) -> None:
    cid = make_customer("华强电子")
    saved = plan(cid, SATURDAY)
    row = FollowUp.get_by_id(saved.id)
    assert row.due_at == dt.datetime.combine(MONDAY, SATURDAY.time())
    assert saved.moved_to == MONDAY and saved.changes.followups and cid in saved.changes.customer_ids
    national_day = plan(cid, dt.datetime(2026, 10, 3, 9, 30))  # 国庆: 1–7 October are days off
    assert FollowUp.get_by_id(national_day.id).due_at == dt.datetime(2026, 10, 8, 9, 30)
    on_time = plan(cid, dt.datetime(2026, 12, 1, 9, 0))
    assert on_time.moved_to is None


def test_bad_input_is_refused_naming_the_field(db) -> None:
    cid = make_customer("华强电子")
    other = make_customer("远航机械")
    with pytest.raises(ValidationError) as info:
        plan(cid, SATURDAY, purpose="  ")
    assert info.value.field == "purpose" and "跟进目的" in info.value.message
    with pytest.raises(ValidationError) as info:
        plan(cid, SATURDAY, method="fax")
    assert info.value.field == "method"
    foreign = followups.contacts_of(other)[0][0]
    with pytest.raises(ValidationError) as info:
        followups.create(followups.FollowUpInput(customer_id=cid, due_at=SATURDAY, purpose="拜访",
                                                 contact_id=foreign))
    assert info.value.field == "contact"
    assert FollowUp.select().count() == 0


def test_completing_writes_the_interaction_and_plans_the_next(db) -> None:
    clerk = staff.add("李晓梅")
    cid = make_customer("华强电子")
    contact = followups.contacts_of(cid)[0][0]
    first = followups.create(followups.FollowUpInput(customer_id=cid, due_at=dt.datetime(2026, 11, 20, 10),
                                                     purpose="报价跟进", contact_id=contact))
    at = dt.datetime(2026, 11, 20, 10, 20)
    done = followups.complete(first.id, summary="确认报价单", feedback="价格可接受", next_step="下周签合同",
                              operator=clerk, at=at,
                              next_plan=followups.FollowUpInput(customer_id=0, due_at=dt.datetime(2026, 11, 27, 10),
                                                                purpose="合同洽谈"))
    row = FollowUp.get_by_id(first.id)
    assert (row.status, row.done_at, row.interaction_id) == ("done", at, done.interaction_id)
    interaction = Interaction.get_by_id(done.interaction_id)
    assert (interaction.summary, interaction.feedback, interaction.next_step) == ("确认报价单", "价格可接受", "下周签合同")
    assert (interaction.customer_id, interaction.contact_id, interaction.staff_name) == (cid, contact, "李晓梅")
    assert Customer.get_by_id(cid).last_contact_at == at
    following = FollowUp.get_by_id(done.next_id)
    assert (following.customer_id, following.contact_id, following.purpose, following.status) == \
        (cid, contact, "合同洽谈", "planned")
    assert done.changes.touches("interactions") and done.changes.touches("followups")
    with pytest.raises(KnownError):  # no longer planned
        followups.complete(first.id, summary="again")


def test_a_summary_is_required_and_nothing_is_half_done(db) -> None:
    cid = make_customer("华强电子")
    saved = plan(cid, dt.datetime(2026, 11, 20, 10))
    with pytest.raises(ValidationError) as info:
        followups.complete(saved.id, summary="  ")
    assert info.value.field == "summary"
    assert FollowUp.get_by_id(saved.id).status == "planned" and Interaction.select().count() == 0


def test_a_visit_booked_three_days_ahead_gets_a_thank_you_24_hours_later(db) -> None:
    cid = make_customer("华强电子")

    def visit(due: dt.datetime, booked: dt.datetime, method: str = "visit") -> int:
        saved = plan(cid, due, method=method, purpose="上门拜访")
        FollowUp.update(created_at=booked).where(FollowUp.id == saved.id).execute()
        return saved.id

    done = followups.complete(visit(dt.datetime(2026, 11, 19, 14), dt.datetime(2026, 11, 12, 9)),
                              summary="参观产线", at=dt.datetime(2026, 11, 19, 16, 30))
    thanks = FollowUp.get_by_id(done.thanks_id)
    assert (thanks.kind, thanks.due_at, thanks.customer_id) == ("thanks", dt.datetime(2026, 11, 20, 16, 30), cid)
    done = followups.complete(visit(dt.datetime(2026, 11, 20, 10), dt.datetime(2026, 11, 17, 9)),
                              summary="交付培训", at=dt.datetime(2026, 11, 20, 11))
    assert FollowUp.get_by_id(done.thanks_id).due_at == dt.datetime(2026, 11, 23, 11)  # Saturday → Monday
    short_notice = visit(dt.datetime(2026, 11, 18, 10), dt.datetime(2026, 11, 17, 9))
    assert followups.complete(short_notice, summary="临时拜访", at=dt.datetime(2026, 11, 18, 11)).thanks_id is None
    call = visit(dt.datetime(2026, 11, 17, 10), dt.datetime(2026, 11, 1, 9), method="phone")
    assert followups.complete(call, summary="电话", at=dt.datetime(2026, 11, 17, 11)).thanks_id is None
    assert FollowUp.select().where(FollowUp.kind == "thanks").count() == 2


def test_skipping_needs_a_reason(db) -> None:
    operator = staff.add("王建国")
    cid = make_customer("华强电子")
    saved = plan(cid, dt.datetime(2026, 11, 20, 10))
    with pytest.raises(ValidationError) as info:
        followups.skip(saved.id, "   ")
    assert info.value.field == "skip_reason"
    followups.skip(saved.id, "客户要求暂不联系", operator)
    row = FollowUp.get_by_id(saved.id)
    assert row.status == "skipped" and "客户要求暂不联系" in row.skip_reason and "王建国" in row.skip_reason
    assert Interaction.select().count() == 0


def test_callbacks_go_through_their_ticket(db) -> None:
    cid = make_customer("华强电子")
    ticket = tickets.create(cid, "设备无法开机")
    callback = FollowUp.create(customer=cid, ticket=ticket.ticket_id, kind="callback", purpose="工单回访",
                               due_at=dt.datetime(2026, 11, 20, 10))  # as tickets.resolve plans it
    with pytest.raises(KnownError):
        followups.complete(callback.id, summary="回访")
    with pytest.raises(KnownError):
        followups.skip(callback.id, "不想打")
    assert FollowUp.get_by_id(callback.id).status == "planned"


def test_moving_or_editing_a_generated_follow_up_makes_it_the_users(db) -> None:
    cid = make_customer("华强电子")
    generated = followups.create(followups.FollowUpInput(customer_id=cid, due_at=dt.datetime(2026, 12, 1, 9, 30),
                                                         purpose="月度邮件", method="email"),
                                 kind="cadence", key=f"cad:{cid}:x:1")
    moved = followups.reschedule(generated.id, dt.date(2026, 12, 5))  # a Saturday: on to Monday, same time
    row = FollowUp.get_by_id(generated.id)
    assert row.due_at == dt.datetime(2026, 12, 7, 9, 30) and moved.moved_to == dt.date(2026, 12, 7)
    assert row.moved_by_user and row.generated_key == f"cad:{cid}:x:1"
    other = followups.create(followups.FollowUpInput(customer_id=cid, due_at=dt.datetime(2026, 12, 2, 9, 30),
                                                     purpose="季度满意度问卷", method="email"),
                             kind="cadence", key=f"cad:{cid}:y:1")
    followups.update(other.id, followups.FollowUpInput(customer_id=cid, due_at=dt.datetime(2026, 12, 2, 15),
                                                       purpose="季度满意度问卷（电话）", method="phone"))
    row = FollowUp.get_by_id(other.id)
    assert (row.due_at, row.method, row.purpose, row.moved_by_user) == \
        (dt.datetime(2026, 12, 2, 15), "phone", "季度满意度问卷（电话）", True)
    view = followups.load(other.id)
    assert view.generated and view.customer.endswith("华强电子")


def test_deleting_goes_to_the_recycle_bin_and_restores(db) -> None:
    cid = make_customer("华强电子")
    saved = plan(cid, dt.datetime(2026, 12, 1, 10))
    changes = followups.delete(saved.id)
    assert changes.followups and FollowUp.get_by_id(saved.id).deleted_at is not None
    entry = RecycleBinEntry.get(RecycleBinEntry.entity == "followup")
    assert "报价跟进" in entry.label and "华强电子" in entry.label
    with pytest.raises(KnownError):
        followups.complete(saved.id, summary="已删")
    recycle_bin.restore_from_bin(entry.id)
    assert FollowUp.get_by_id(saved.id).deleted_at is None


def test_customer_search_and_contacts_for_the_form(db) -> None:
    cid = make_customer("华强电子科技")
    make_customer("远航机械")
    found = followups.find_customers("华强")
    assert [c for c, _label in found] == [cid] and "华强电子科技" in found[0][1]
    assert followups.find_customers("") == []
    contacts = followups.contacts_of(cid)
    assert len(contacts) == 1 and contacts[0][2] is True and contacts[0][1].startswith("华经理")


def test_export_interactions_lists_what_completing_wrote(db, engine: str, tmp_path: Path) -> None:
    from crmdesk.cli import main

    cid = make_customer("华强电子")
    saved = plan(cid, dt.datetime(2026, 11, 20, 10), method="visit", purpose="上门拜访")
    followups.complete(saved.id, summary="现场演示新机型", feedback="很感兴趣", next_step="发报价",
                       at=dt.datetime(2026, 11, 20, 11))
    code = Customer.get_by_id(cid).code
    location = postgres.clone_url(db) if engine == "postgresql" else str(Path(db.database))
    db.close()
    out = tmp_path / "interactions.xlsx"
    assert main(["--db", location, "export", "interactions", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == code]
    assert len(rows) == 1
    assert rows[0][2:6] == ("上门", "现场演示新机型", "很感兴趣", "发报价")


def test_day_counts_leave_out_the_recycle_bin_with_and_without_filters(db) -> None:
    from crmdesk.core import overview

    kept, gone = make_customer("华强电子"), make_customer("远航机械")
    day = dt.date(2026, 12, 2)
    early = plan(kept, dt.datetime(2026, 12, 2, 9, 0)).id
    done = plan(kept, dt.datetime(2026, 12, 2, 10, 0)).id
    plan(kept, dt.datetime(2026, 12, 2, 15, 0))
    deleted = plan(kept, dt.datetime(2026, 12, 2, 8, 0)).id
    plan(gone, dt.datetime(2026, 12, 2, 8, 30))
    followups.complete(done, summary="提前联系过", at=dt.datetime(2026, 11, 20, 10))
    followups.delete(deleted)
    lifecycle.delete_customer(gone)
    now = dt.datetime(2026, 12, 2, 12, 0)
    expected = overview.DayCount(planned=2, done=1, skipped=0, overdue=1)
    assert overview.day_counts(day, day + dt.timedelta(days=1), now=now) == {day: expected}
    filtered = overview.day_counts(day, day + dt.timedelta(days=1), now=now, filters=overview.Filter(method="phone"))
    assert filtered == {day: expected}
    start = dt.datetime.combine(day, dt.time())
    listed = overview.followups_between(start, start + dt.timedelta(days=1), now=now)
    assert [item.id for item in listed][:2] == [early, done] and len(listed) == 3
    assert [i.overdue for i in listed] == [True, False, False]
    assert [i.id for i in overview.day_items([day], 2, now=now)[day]] == [early, done]


def test_a_deleted_tickets_callback_is_not_counted_in_the_calendar(db) -> None:
    from crmdesk.core import overview

    cid = make_customer("华强电子")
    ticket = tickets.create(cid, "设备无法开机").ticket_id
    from crmdesk.core.store.models import Staff

    tickets.dispatch(ticket, Staff.create(name="周工").id)
    tickets.start(ticket)
    tickets.resolve(ticket, "更换电源")
    callback = FollowUp.get((FollowUp.ticket == ticket) & (FollowUp.kind == "callback"))
    day = callback.due_at.date()
    span = (day, day + dt.timedelta(days=1))
    assert overview.day_counts(*span, now=callback.due_at)[day].planned == 1
    tickets.delete(ticket)
    assert overview.day_counts(*span, now=callback.due_at).get(day, overview.DayCount(0, 0, 0, 0)).planned == 0
    assert overview.day_items([day], 5, now=callback.due_at)[day] == []


def test_a_callback_stays_with_its_tickets_customer(db) -> None:
    from crmdesk.core.store.models import Staff

    cid, other = make_customer("华强电子"), make_customer("远航机械")
    ticket = tickets.create(cid, "设备无法开机").ticket_id
    tickets.dispatch(ticket, Staff.create(name="周工").id)
    tickets.start(ticket)
    tickets.resolve(ticket, "更换电源")
    callback = FollowUp.get((FollowUp.ticket == ticket) & (FollowUp.kind == "callback"))
    with pytest.raises(ValidationError):
        followups.update(callback.id, followups.FollowUpInput(customer_id=other, due_at=callback.due_at,
                                                              method="phone", purpose="回访"))
    assert FollowUp.get_by_id(callback.id).customer_id == cid

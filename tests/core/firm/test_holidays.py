"""Years without holiday data, entering a year's arrangement, and what moves when it is entered.

The hand-built case: 2027, a year the shipped calendar does not know. Until its arrangement is
entered the working calendar counts Monday–Friday, so 春节 2027 (除夕 is Friday 5 February) would be
working time. The arrangement entered below, in the notice's own form, gives 5–13 February off and
Saturday 20 February as a make-up working day.
"""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.firm import holiday_notice, holidays, settings, workcal
from crmdesk.core.firm.holiday_notice import Day
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import CalendarDay, Customer, FollowUp, Ticket, TicketEvent
from crmdesk.core.tickets import sla
from tests.helpers.holidays import NOTICE_2027


def test_years_without_data_are_named_from_november(db) -> None:
    assert holidays.year_status(2026) == "package" and holidays.year_status(2027) == "missing"
    assert holidays.missing_years(dt.date(2026, 10, 31)) == []  # 2026 is covered; 2027 not due yet
    assert holidays.missing_years(dt.date(2026, 12, 5)) == [2027]
    assert holidays.missing_years(dt.date(2027, 3, 1)) == [2027]
    notice = holidays.missing_notice(dt.date(2026, 12, 5))
    assert "2027年的法定节假日安排尚未录入" in notice and "周一至周五" in notice and "粘贴" in notice
    assert holidays.missing_notice(dt.date(2026, 10, 31)) == ""


def test_entering_2027_moves_open_dues_and_follow_ups(db) -> None:
    customer = Customer.create(code="C2026001", name="宏达机械", name_norm="宏达机械", tier="ordinary")
    created = dt.datetime(2027, 2, 4, 10, 0)  # Thursday before 春节
    # 一般 (5 working days = 37.5 h) before the arrangement: Thu 6.5 h, Fri 7.5, Mon 7.5, Tue 7.5,
    # Wed 7.5 → 1 h left on Thursday 11 February: due 10:00
    _response, due = sla.due_times(created, "normal")
    assert due == dt.datetime(2027, 2, 11, 10, 0)
    normal = Ticket.create(number="GD20270204-001", customer=customer, priority="normal", stage="in_progress",
                           created_at=created, first_response_at=created + dt.timedelta(hours=1),
                           response_due=_response, resolution_due=due)
    urgent_due = created + dt.timedelta(hours=24)  # 紧急 counts calendar hours: never moves
    urgent = Ticket.create(number="GD20270204-002", customer=customer, priority="urgent", stage="dispatched",
                           created_at=created, response_due=created + dt.timedelta(hours=2), resolution_due=urgent_due)
    done = Ticket.create(number="GD20270204-003", customer=customer, priority="normal", stage="resolved",
                         created_at=created, resolution_due=due, resolved_at=created + dt.timedelta(hours=3))
    planned = FollowUp.create(customer=customer, due_at=dt.datetime(2027, 2, 8, 10, 30), purpose="月度邮件",
                              status="planned")
    finished = FollowUp.create(customer=customer, due_at=dt.datetime(2027, 2, 8, 9, 30), purpose="已完成",
                               status="done")

    arrangement = holiday_notice.parse(NOTICE_2027)
    assert arrangement.warnings == []
    stored = holidays.store_year(2027, arrangement.days, "notice")
    assert holidays.year_status(2027) == "entered" and holidays.missing_years(dt.date(2026, 12, 5)) == []
    assert stored.days == 3 + 9 + 1 and CalendarDay.select().count() == 13
    cal = workcal.current()
    assert not cal.is_workday(dt.date(2027, 2, 8)) and cal.is_workday(dt.date(2027, 2, 20))
    # After: Thu 4th 6.5 h, then 5–13 February off (14th is a Sunday), Mon 15th, Tue, Wed, Thu 7.5 h
    # each (30 h) → the last hour on Friday 19 February: due 10:00
    assert Ticket.get_by_id(normal.id).resolution_due == dt.datetime(2027, 2, 19, 10, 0)
    assert Ticket.get_by_id(urgent.id).resolution_due == urgent_due
    assert Ticket.get_by_id(done.id).resolution_due == due
    assert [m.ticket_id for m in stored.tickets] == [normal.id]
    note = TicketEvent.get((TicketEvent.ticket == normal.id) & (TicketEvent.kind == "note")).note
    assert note == "工作日历变更（2027年放假安排）：解决时限 02-11 10:00 → 02-19 10:00"
    assert not TicketEvent.select().where(TicketEvent.ticket == urgent.id).exists()
    assert FollowUp.get_by_id(planned.id).due_at == dt.datetime(2027, 2, 15, 10, 30)  # next working day
    assert FollowUp.get_by_id(finished.id).due_at == dt.datetime(2027, 2, 8, 9, 30)
    assert stored.followups == 1 and stored.changes.tickets and stored.changes.followups

    # entering the year again with the same days moves nothing more
    again = holidays.store_year(2027, arrangement.days, "notice")
    assert again.tickets == [] and again.followups == 0
    assert TicketEvent.select().where(TicketEvent.kind == "note").count() == 1


def test_year_days_show_the_shipped_and_the_entered_arrangement(db) -> None:
    days_2026 = {d.date: d for d in holidays.year_days(2026)}
    assert days_2026[dt.date(2026, 2, 15)] == Day(dt.date(2026, 2, 15), False, "春节")
    assert days_2026[dt.date(2026, 2, 28)] == Day(dt.date(2026, 2, 28), True, "春节调休上班")
    holidays.store_year(2027, holiday_notice.parse(NOTICE_2027).days, "notice")
    assert [(d.date, d.is_workday, d.name) for d in holidays.year_days(2027)][-2:] == [
        (dt.date(2027, 2, 13), False, "春节"), (dt.date(2027, 2, 20), True, "春节调休上班")]
    assert settings.get("calendar_years")["2027"]["source"] == "notice"


def test_an_incomplete_table_keeps_the_notice_and_other_years_are_refused(db) -> None:
    holidays.store_year(2027, [Day(dt.date(2027, 5, 4), False, "公司年会")], "table", complete=False)
    assert holidays.year_status(2027) == "missing" and workcal.current().is_workday(dt.date(2027, 5, 4)) is False
    with pytest.raises(ValidationError, match="不是该年的日期"):
        holidays.store_year(2027, [Day(dt.date(2028, 1, 1), False, "元旦")], "table")

"""The ``.ics`` export of the follow-up calendar, read back with the iCalendar library."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from crmdesk.core.firm import staff
from crmdesk.core.followups import service as followups
from crmdesk.core.overview import Filter
from crmdesk.io import ics
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _plan(cid: int, due: dt.datetime, method: str, purpose: str, assignee_id: int | None = None) -> int:
    return followups.create(followups.FollowUpInput(customer_id=cid, due_at=due, method=method, purpose=purpose,
                                                    assignee_id=assignee_id)).id


def _events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_range_becomes_events_with_stable_ids(db, tmp_path: Path) -> None:
    clerk = staff.add("李晓梅")
    cid = make_customer("华强电子")
    visit = _plan(cid, dt.datetime(2026, 12, 1, 14, 0), "visit", "月度拜访", clerk.id)
    call = _plan(cid, dt.datetime(2026, 12, 3, 9, 30), "phone", "报价跟进")
    _plan(cid, dt.datetime(2026, 12, 20, 9, 30), "phone", "范围之外")
    done = _plan(cid, dt.datetime(2026, 11, 30, 9, 30), "email", "已完成的")
    followups.complete(done, summary="已发邮件", at=dt.datetime(2026, 11, 20, 10))
    out = tmp_path / "cal" / "follow-ups.ics"
    assert ics.export(out, dt.date(2026, 11, 30), dt.date(2026, 12, 3)) == 2
    events = _events(out)
    assert set(events) == {f"followup-{visit}@crmdesk", f"followup-{call}@crmdesk"}
    first = events[f"followup-{visit}@crmdesk"]
    assert first.decoded("dtstart") == dt.datetime(2026, 12, 1, 14, 0)  # floating local time
    assert first.decoded("dtend") == dt.datetime(2026, 12, 1, 15, 0)  # a visit takes an hour
    assert "华强电子" in str(first["summary"]) and "月度拜访" in str(first["summary"])
    assert "李晓梅" in str(first["description"])
    assert events[f"followup-{call}@crmdesk"].decoded("dtend") == dt.datetime(2026, 12, 3, 10, 0)
    assert ics.export(out, dt.date(2026, 11, 30), dt.date(2026, 12, 3), include_closed=True) == 3
    assert f"followup-{done}@crmdesk" in _events(out)
    assert [p.name for p in out.parent.iterdir()] == ["follow-ups.ics"]  # no temporary file left


def test_filters_apply_and_no_phone_numbers_are_written(db, tmp_path: Path) -> None:
    cid = make_customer("华强电子")
    _plan(cid, dt.datetime(2026, 12, 1, 14, 0), "visit", "月度拜访")
    call = _plan(cid, dt.datetime(2026, 12, 2, 9, 30), "phone", "报价跟进")
    out = tmp_path / "calls.ics"
    assert ics.export(out, dt.date(2026, 12, 1), dt.date(2026, 12, 31), filters=Filter(method="phone")) == 1
    assert set(_events(out)) == {f"followup-{call}@crmdesk"}
    assert ics.export(out, dt.date(2026, 12, 1), dt.date(2026, 12, 31), filters=Filter(purpose="拜访")) == 1
    text = out.read_bytes().decode("utf-8")
    assert not re.search(r"1[3-9]\d{9}", text.replace("\r\n ", ""))
    assert ics.export(out, dt.date(2027, 1, 1), dt.date(2027, 1, 31)) == 0
    assert Calendar.from_ical(out.read_bytes()).walk("VEVENT") == []

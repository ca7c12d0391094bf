"""The 跟进日历 tab, driven like a user: drag a follow-up to another day in the month and week
views, filter, plan and edit in the form, skip from the agenda, export ``.ics``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from crmdesk.core.firm import staff
from crmdesk.core.followups import service as followups
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.models import FollowUp
from crmdesk.ui.calendar.tab import CalendarTab, month_start
from crmdesk.ui.followups.actions import SkipDialog
from crmdesk.ui.followups.followup_dialog import FollowUpDialog
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import selected_id
from tests.helpers.factories import make_customer
from tests.helpers.qt import type_text

WEDNESDAY = dt.date(2026, 12, 2)
NEXT_WEDNESDAY = dt.date(2026, 12, 9)


@pytest.fixture
def calendar(qtbot, db, sync_ops) -> CalendarTab:
    tab = CalendarTab()
    qtbot.addWidget(tab)
    get_broadcaster().changed.connect(tab.refresh)  # as the main window wires it
    tab.resize(1300, 820)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def _plan(cid: int, due: dt.datetime, method: str = "phone", purpose: str = "报价跟进") -> int:
    return followups.create(followups.FollowUpInput(customer_id=cid, due_at=due, method=method, purpose=purpose)).id


def _drag(qtbot, grid, source: QPoint, target: QPoint) -> None:
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=source)
    qtbot.mouseMove(grid, pos=source + QPoint(12, 4))
    qtbot.mouseMove(grid, pos=target)
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=target)


def test_drag_in_the_month_view_moves_the_date(qtbot, calendar) -> None:
    cid = make_customer("华强电子")
    fid = _plan(cid, dt.datetime.combine(WEDNESDAY, dt.time(10, 30)))
    calendar.select_day(WEDNESDAY)
    grid = calendar.grid
    assert grid.weeks == 6 and grid.first == month_start(WEDNESDAY)
    assert [item.id for item in grid.visible_items(WEDNESDAY)] == [fid]
    assert grid.counts[WEDNESDAY].planned == 1
    _drag(qtbot, grid, grid.item_rect(WEDNESDAY, 0).center(), grid.cell_rect(NEXT_WEDNESDAY).center())
    row = FollowUp.get_by_id(fid)
    assert row.due_at == dt.datetime.combine(NEXT_WEDNESDAY, dt.time(10, 30)) and row.moved_by_user
    assert grid.visible_items(WEDNESDAY) == [] and [i.id for i in grid.visible_items(NEXT_WEDNESDAY)] == [fid]


def test_dropping_on_a_day_off_lands_on_the_next_working_day(qtbot, calendar) -> None:
    fid = _plan(make_customer("华强电子"), dt.datetime.combine(WEDNESDAY, dt.time(9, 0)))
    calendar.select_day(WEDNESDAY)
    grid = calendar.grid
    saturday = dt.date(2026, 12, 5)
    assert not grid.workdays[saturday]
    _drag(qtbot, grid, grid.item_rect(WEDNESDAY, 0).center(), grid.cell_rect(saturday).center())
    assert FollowUp.get_by_id(fid).due_at == dt.datetime(2026, 12, 7, 9, 0)


def test_a_click_without_moving_only_selects_the_day(qtbot, calendar) -> None:
    fid = _plan(make_customer("华强电子"), dt.datetime.combine(WEDNESDAY, dt.time(9, 0)))
    calendar.select_day(WEDNESDAY)
    grid = calendar.grid
    point = grid.item_rect(WEDNESDAY, 0).center()
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=point)
    assert FollowUp.get_by_id(fid).due_at.date() == WEDNESDAY
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.cell_rect(NEXT_WEDNESDAY).center())
    assert calendar.selected == NEXT_WEDNESDAY and calendar.agenda.day == NEXT_WEDNESDAY


def test_a_greyed_day_of_the_next_month_selects_without_turning_the_page(qtbot, calendar) -> None:
    """A drag that starts on a greyed day lands where it was dropped (the layout does not change)."""
    nov30 = dt.date(2026, 11, 30)
    fid = _plan(make_customer("华强电子"), dt.datetime(2026, 11, 30, 10, 0))
    calendar.select_day(WEDNESDAY)
    grid = calendar.grid
    assert grid.first == nov30
    _drag(qtbot, grid, grid.item_rect(nov30, 0).center(), grid.cell_rect(dt.date(2026, 12, 3)).center())
    assert FollowUp.get_by_id(fid).due_at == dt.datetime(2026, 12, 3, 10, 0)
    assert grid.first == nov30 and calendar.title_label.text() == "2026-12"  # still December
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.cell_rect(nov30).center())
    assert calendar.selected == nov30 and calendar.agenda.day == nov30 and grid.first == nov30


def test_week_view_and_drag_between_days(qtbot, calendar) -> None:
    cid = make_customer("华强电子")
    fid = _plan(cid, dt.datetime.combine(WEDNESDAY, dt.time(14, 0)), method="visit", purpose="月度拜访")
    calendar.select_day(WEDNESDAY)
    calendar.set_mode("week")
    grid = calendar.grid
    assert grid.weeks == 1 and grid.first == dt.date(2026, 11, 30) and len(grid.days()) == 7
    assert "2026-11-30" in calendar.title_label.text()
    friday = dt.date(2026, 12, 4)
    _drag(qtbot, grid, grid.item_rect(WEDNESDAY, 0).center(), grid.cell_rect(friday).center())
    assert FollowUp.get_by_id(fid).due_at == dt.datetime.combine(friday, dt.time(14, 0))
    calendar.next_button.click()
    assert grid.first == dt.date(2026, 12, 7)
    calendar.today_button.click()
    assert dt.date.today() in grid.days()


def test_filters_by_assignee_method_and_purpose(qtbot, calendar) -> None:
    clerk = staff.add("李晓梅")
    get_broadcaster().changed.emit(Changes(staff=True))
    cid = make_customer("华强电子")
    visit = _plan(cid, dt.datetime.combine(WEDNESDAY, dt.time(9, 0)), method="visit", purpose="月度拜访")
    call = _plan(cid, dt.datetime.combine(WEDNESDAY, dt.time(10, 0)), method="phone", purpose="报价跟进")
    FollowUp.update(assignee=clerk.id).where(FollowUp.id == call).execute()
    calendar.select_day(WEDNESDAY)
    assert calendar.grid.counts[WEDNESDAY].total == 2 and len(calendar.agenda.items) == 2
    calendar.method_combo.setCurrentIndex(calendar.method_combo.findData("visit"))
    assert [i.id for i in calendar.agenda.items] == [visit] and calendar.grid.counts[WEDNESDAY].total == 1
    calendar.method_combo.setCurrentIndex(0)
    calendar.assignee_combo.setCurrentIndex(calendar.assignee_combo.findData(clerk.id))
    assert [i.id for i in calendar.agenda.items] == [call]
    calendar.assignee_combo.setCurrentIndex(0)
    calendar.purpose_edit.setText("拜访")
    calendar.purpose_edit.editingFinished.emit()
    assert [i.id for i in calendar.agenda.items] == [visit]


def test_plan_a_follow_up_in_the_form(qtbot, calendar) -> None:
    clerk = staff.add("王建国")
    staff.set_current_operator(clerk.id)
    cid = make_customer("华强电子科技")
    make_customer("远航机械")
    calendar.select_day(WEDNESDAY)
    calendar.new_button.click()
    dialog = calendar.last_dialog
    assert isinstance(dialog, FollowUpDialog) and dialog.ui.due_edit.dateTime().toPython().date() == WEDNESDAY
    type_text(dialog.ui.customer_search_edit, "华强")
    dialog.search_now()
    assert dialog.ui.customer_combo.count() == 1 and dialog.ui.customer_combo.currentData() == cid
    assert dialog.ui.contact_combo.currentData() == followups.contacts_of(cid)[0][0]  # the primary contact
    dialog.ui.method_combo.setCurrentIndex(dialog.ui.method_combo.findData("visit"))
    dialog.ui.purpose_combo.setCurrentText("产品演示")
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    row = FollowUp.get(FollowUp.customer == cid)
    assert (row.due_at, row.method, row.purpose, row.assignee_id) == \
        (dt.datetime.combine(WEDNESDAY, dt.time(10, 0)), "visit", "产品演示", clerk.id)
    assert [i.id for i in calendar.agenda.items] == [row.id]


def test_the_form_refuses_a_missing_customer_or_purpose(qtbot, calendar) -> None:
    cid = make_customer("华强电子")
    calendar.new_followup(WEDNESDAY)
    dialog = calendar.last_dialog
    dialog.ui.purpose_combo.setCurrentText("报价跟进")
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.ui.error_label.isVisibleTo(dialog)
    type_text(dialog.ui.customer_search_edit, "华强")
    dialog.search_now()
    dialog.ui.purpose_combo.setCurrentText("")
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and "跟进目的" in dialog.ui.error_label.text()
    assert not FollowUp.select().where(FollowUp.customer == cid).exists()


def test_double_click_edits_a_follow_up(qtbot, calendar) -> None:
    cid = make_customer("华强电子")
    fid = _plan(cid, dt.datetime.combine(WEDNESDAY, dt.time(9, 0)))
    calendar.select_day(WEDNESDAY)
    grid = calendar.grid
    qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=grid.item_rect(WEDNESDAY, 0).center())
    dialog = calendar.last_dialog
    assert isinstance(dialog, FollowUpDialog) and dialog.followup_id == fid
    assert dialog.ui.purpose_combo.currentText() == "报价跟进" and dialog.ui.customer_combo.currentData() == cid
    dialog.ui.purpose_combo.setCurrentText("报价跟进（第二轮）")
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    assert FollowUp.get_by_id(fid).purpose == "报价跟进（第二轮）"


def test_skip_from_the_agenda_asks_for_a_reason(qtbot, calendar) -> None:
    fid = _plan(make_customer("华强电子"), dt.datetime.combine(WEDNESDAY, dt.time(9, 0)))
    calendar.select_day(WEDNESDAY)
    agenda = calendar.agenda
    agenda.table.selectRow(0)
    assert selected_id(agenda.table) == fid and agenda.skip_button.isEnabled()
    agenda.skip_button.click()
    dialog = agenda.last_dialog
    assert isinstance(dialog, SkipDialog)
    dialog.reason_combo.setCurrentText("客户要求暂不联系")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    row = FollowUp.get_by_id(fid)
    assert row.status == "skipped" and row.skip_reason.startswith("客户要求暂不联系")
    assert calendar.grid.counts[WEDNESDAY].skipped == 1


def test_export_ics_from_the_tab(qtbot, calendar, tmp_path: Path) -> None:
    fid = _plan(make_customer("华强电子"), dt.datetime.combine(WEDNESDAY, dt.time(9, 0)))
    out = tmp_path / "plan.ics"
    with qtbot.waitSignal(get_broadcaster().message) as blocker:
        calendar.export_ics(out, WEDNESDAY, WEDNESDAY)
    assert str(out) in blocker.args[0]
    assert f"UID:followup-{fid}@crmdesk" in out.read_text(encoding="utf-8")

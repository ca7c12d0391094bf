"""Follow-up capacity from the window: the dialog, the staff dialog's number, Today's notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.core.firm import staff
from crmdesk.core.followups import planner
from crmdesk.core.store.models import FollowUp
from crmdesk.ui.dialogs.staff_dialog import StaffDialog
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.planning.capacity_dialog import CapacityDialog
from crmdesk.ui.today.tab import TodayTab
from tests.helpers.factories import insert_customers
from tests.helpers.visible_text import english_texts, visible_texts


@pytest.fixture
def busy(db):
    """王建国 looks after 60 core customers: about 9 follow-ups a working day."""
    wang, li = staff.add("王建国", "owner"), staff.add("李晓梅")
    insert_customers(wang.id, "core", 60)
    return wang.id, li.id


def test_today_says_when_the_policy_needs_more_than_the_team(qtbot, busy, sync_ops, zh) -> None:
    wang, _li = busy
    tab = TodayTab()
    qtbot.addWidget(tab)
    get_broadcaster().changed.connect(tab.refresh)
    tab.refresh(None)
    assert tab.capacity_notice.isHidden()  # 9 a day fit the default 25
    planner.set_capacities(25, {wang: 5})
    tab.refresh(None)
    text = tab.capacity_notice.label.text()
    assert not tab.capacity_notice.isHidden()
    assert text.startswith("策略每天需要约 ") and "团队容量 5 次" in text and "王建国 每天约" in text
    tab.capacity_notice.button.click()
    assert isinstance(tab.last_dialog, CapacityDialog)
    tab.last_dialog.done(0)


def test_the_capacity_dialog_saves_and_replans(qtbot, busy, sync_ops, zh) -> None:
    wang, li = busy
    dialog = CapacityDialog()
    qtbot.addWidget(dialog)
    assert english_texts(visible_texts(dialog)) == []
    assert dialog.table.rowCount() == 2 and "团队容量" in dialog.summary.text()
    dialog.default_spin.setValue(20)
    dialog.spins[wang].setValue(4)
    assert dialog.values() == (20, {wang: 4, li: None})
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert planner.default_capacity() == 20 and planner.staff_capacities() == {wang: 4}
    planned = FollowUp.select().where((FollowUp.assignee == wang) & (FollowUp.status == "planned"))
    per_day: dict[dt.date, int] = {}
    for row in planned:
        per_day[row.due_at.date()] = per_day.get(row.due_at.date(), 0) + 1
    assert per_day and max(per_day.values()) == 4  # re-planned within the new number


def test_the_staff_dialog_sets_a_persons_own_number(qtbot, busy, sync_ops, zh) -> None:
    wang, _li = busy
    dialog = StaffDialog(name="王建国", rename_only=True)
    qtbot.addWidget(dialog)
    assert dialog.staff_id == wang and dialog.capacity() is None
    assert "25" in dialog.ui.capacity_spin.specialValueText()
    assert english_texts(visible_texts(dialog)) == []
    dialog.ui.capacity_spin.setValue(7)
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert planner.staff_capacities() == {wang: 7}
    new = StaffDialog()
    qtbot.addWidget(new)
    assert not new.ui.capacity_spin.isEnabled() and new.capacity() is None


def test_the_settings_menu_opens_the_capacity(qtbot, busy, sync_ops, zh, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from crmdesk.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "x.db", QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.capacity_action.trigger()
    assert isinstance(window.capacity_dialog, CapacityDialog)
    window.capacity_dialog.done(0)

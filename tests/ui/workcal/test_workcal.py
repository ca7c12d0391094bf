"""The working calendar from the window: Today's notice, pasting the notice, .ics, the table editor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.core.firm import holidays, workcal
from crmdesk.core.store.models import CalendarDay
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.today.tab import TodayTab
from crmdesk.ui.workcal.calendar_dialog import WorkCalendarDialog
from crmdesk.ui.workcal.notice_dialog import NoticeDialog
from crmdesk.ui.workcal.table_dialog import CalendarTableDialog
from tests.helpers.holidays import ICS, NOTICE_2027
from tests.helpers.visible_text import english_texts, visible_texts

DECEMBER = dt.date(2026, 12, 5)


def test_today_names_the_missing_year_and_leads_to_the_fix(qtbot, db, sync_ops, zh) -> None:
    tab = TodayTab()
    qtbot.addWidget(tab)
    tab.clock = lambda: dt.datetime(2026, 12, 5, 9, 0)
    tab.refresh(None)
    assert not tab.calendar_notice.isHidden()
    assert "2027年的法定节假日安排尚未录入" in tab.calendar_notice.label.text()
    tab.calendar_notice.button.click()
    assert isinstance(tab.last_dialog, WorkCalendarDialog)
    assert tab.last_dialog.year == 2027 and "没有节假日数据" in tab.last_dialog.status_label.text()
    tab.last_dialog.done(0)
    tab.clock = lambda: dt.datetime(2026, 10, 30, 9, 0)  # before November: nothing to say yet
    tab.refresh(None)
    assert tab.calendar_notice.isHidden()


def test_paste_read_check_and_save_a_notice(qtbot, db, sync_ops, zh) -> None:
    calendar = WorkCalendarDialog(today=DECEMBER)
    qtbot.addWidget(calendar)
    dialog = NoticeDialog(2027, calendar)  # a child of the calendar dialog, closed with it
    assert not dialog.save_button.isEnabled()
    dialog.text_edit.setPlainText(NOTICE_2027)
    dialog.read_button.click()
    assert dialog.items_table.rowCount() == 2
    assert dialog.items_table.item(1, 1).text() == "2月5日–13日" and dialog.items_table.item(1, 2).text() == "2月20日"
    assert dialog.view.days[dt.date(2027, 2, 20)].is_workday and dialog.warnings_label.isHidden()
    assert dialog.save_button.isEnabled()
    assert english_texts(visible_texts(dialog)) == []
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert holidays.year_status(2027) == "entered" and not workcal.current().is_workday(dt.date(2027, 2, 8))
    assert "录入" in calendar.status_label.text()  # the calendar dialog reloads after the save
    assert calendar.view.days[dt.date(2027, 2, 5)].name == "春节"


def test_a_wrong_year_shows_the_warnings(qtbot, db, sync_ops, zh) -> None:
    dialog = NoticeDialog(2027)
    qtbot.addWidget(dialog)
    dialog.text_edit.setPlainText(NOTICE_2027.replace("关于2027年部分节假日安排的通知", "放假安排"))
    dialog.year_spin.setValue(2028)
    dialog.read_button.click()
    assert not dialog.warnings_label.isHidden() and "2027 年相符" in dialog.warnings_label.text()


def test_ics_import_and_table_corrections(qtbot, db, sync_ops, zh, tmp_path: Path) -> None:
    ics = tmp_path / "holidays.ics"
    ics.write_text(ICS, encoding="utf-8")
    calendar = WorkCalendarDialog(today=DECEMBER)
    qtbot.addWidget(calendar)
    calendar.import_ics(ics)
    preview = calendar.child
    assert isinstance(preview, NoticeDialog) and preview.source == "ics"
    assert "holidays.ics" in preview.text_edit.toPlainText() and preview.save_button.isEnabled()
    preview.save_button.click()
    assert holidays.entered_years()[2027]["source"] == "ics"

    table = CalendarTableDialog(2027, calendar)
    assert table.table.rowCount() == 11
    assert english_texts(visible_texts(table)) == []
    row = table.add_row()
    table.table.cellWidget(row, 0).setDate(dt.date(2027, 5, 4))
    table.table.cellWidget(row, 2).setText("公司年会")
    table.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert table.result() == QDialog.DialogCode.Accepted
    assert CalendarDay.get_by_id(dt.date(2027, 5, 4)).name == "公司年会"
    assert not workcal.current().is_workday(dt.date(2027, 5, 4))


def test_the_settings_menu_opens_the_calendar(qtbot, db, sync_ops, zh, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from crmdesk.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "x.db", QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.calendar_action.trigger()
    assert isinstance(window.calendar_dialog, WorkCalendarDialog)
    assert english_texts(visible_texts(window.calendar_dialog)) == []
    window.calendar_dialog.done(0)
    get_broadcaster()

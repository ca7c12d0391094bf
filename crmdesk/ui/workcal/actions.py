"""设置 → 工作日历…: the menu entry, and the dialog opened from Today's notice."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


def open_calendar(parent: QWidget) -> QWidget:
    """Open the working calendar dialog (not modal: Today stays usable); returns it."""
    from crmdesk.ui.workcal.calendar_dialog import WorkCalendarDialog

    dialog = WorkCalendarDialog(parent)
    dialog.open()
    return dialog


def install(window) -> None:
    """Add 工作日历… to the window's settings menu."""
    action = window.settings_menu.addAction(QCoreApplication.translate("WorkCalendar", "&Working calendar…"))
    action.triggered.connect(lambda _checked=False: setattr(window, "calendar_dialog", open_calendar(window)))
    window.calendar_action = action

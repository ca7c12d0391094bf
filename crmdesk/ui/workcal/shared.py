"""What the working-calendar dialogs share: storing a year in the background, and the colours' legend.

The calendar dialog, the notice preview and the day table all store a year the same way
(:func:`store`: one operation, a status-bar line saying how many due times moved) and the two
that show a year view explain its colours with :func:`legend`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from crmdesk.core.firm import holidays
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import crash, theme
from crmdesk.ui.operations import firm as firm_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.workcal.year_view import HOLIDAY, HOLIDAY_FILL, WORKDAY, WORKDAY_FILL


def stored_message(result: holidays.Stored) -> str:
    """What storing a year did, in one line for the status bar and the dialog."""
    return (QCoreApplication.translate("WorkCalendar", "%1: holiday arrangement saved (%2 days). Due times of %3 "
                                                       "open ticket(s) and %4 follow-up(s) were moved.")
            .replace("%1", str(result.year)).replace("%2", str(result.days))
            .replace("%3", str(len(result.tickets))).replace("%4", str(result.followups)))


def legend() -> QHBoxLayout:
    """The colours of the year view, explained."""
    row = QHBoxLayout()
    for fill, color, text in ((HOLIDAY_FILL, HOLIDAY, QCoreApplication.translate("WorkCalendar", "Holiday")),
                              (WORKDAY_FILL, WORKDAY, QCoreApplication.translate("WorkCalendar",
                                                                                 "Make-up working day")),
                              (None, None, QCoreApplication.translate("WorkCalendar", "Grey: weekend"))):
        label = QLabel(text)
        if fill is not None:
            label.setStyleSheet(f"background: {fill.name()}; color: {color.name()}; padding: 1px 6px;")
        else:
            label.setStyleSheet(theme.text_style(theme.DISABLED))
        row.addWidget(label)
    row.addStretch(1)
    return row


def store(parent: QWidget, year: int, days, source: str, *, complete: bool = True, then=None,
          failed=None) -> None:
    """Store a year's days in the background; say what moved; then call ``then(result)`` (or
    ``failed(error)`` after the error was shown)."""
    def done(result: holidays.Stored) -> None:
        get_broadcaster().message.emit(stored_message(result))
        if then is not None:
            then(result)

    def refused(error: KnownError) -> None:
        crash.show_known_error(error, parent)
        if failed is not None:
            failed(error)

    firm_ops.store_holiday_year(parent, year, days, source, complete=complete).success(done).failure(refused).run()

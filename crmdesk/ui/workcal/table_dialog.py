"""The year's days as a table, for corrections: a date, off or working, a name.

It opens with every holiday and make-up day the calendar applies to the year (the shipped ones
and the owner's), so a correction starts from what is in force; saving stores the table as the
year's days. "All statutory holidays of the year are entered" marks the year as entered (the
notice on Today goes away); a firm's own day off alone does not claim that.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import holidays
from crmdesk.core.firm.holiday_notice import Day, weekday_name
from crmdesk.ui.widgets import ErrorLine
from crmdesk.ui.workcal.shared import store


class CalendarTableDialog(QDialog):
    """Add, change and remove the year's holidays and make-up working days."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = year
        self.setWindowTitle(self.tr("Working calendar %1: day by day").replace("%1", str(year)))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Days off (holidays) and make-up working days of %1; every other day "
                                        "is a working day from Monday to Friday.").replace("%1", str(year))))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Day"), self.tr("Name")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add a day"))
        self.remove_button = QPushButton(self.tr("Remove"))
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.complete_check = QCheckBox(self.tr("All statutory holidays of %1 are entered").replace("%1", str(year)))
        self.complete_check.setChecked(holidays.year_status(year) != "missing")
        layout.addWidget(self.complete_check)
        self.error_label = ErrorLine()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        for day in holidays.year_days(year):
            self.add_row(day)
        self.table.resizeColumnToContents(0)
        self.resize(520, 600)

    def add_row(self, day: Day | None = None) -> int:
        """A row for ``day`` (or a new working-day row at the first free date)."""
        when = day.date if day else self._next_free()
        r = self.table.rowCount()
        self.table.insertRow(r)
        date_edit = QDateEdit(QDate(when.year, when.month, when.day))
        date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        date_edit.setCalendarPopup(True)
        date_edit.setDateRange(QDate(self.year, 1, 1), QDate(self.year, 12, 31))
        kind = QComboBox()
        kind.addItem(self.tr("Day off"), False)
        kind.addItem(self.tr("Working day"), True)
        kind.setCurrentIndex(1 if day is not None and day.is_workday else 0)
        name = QLineEdit(day.name if day else "")
        name.setMaxLength(30)
        self.table.setCellWidget(r, 0, date_edit)
        self.table.setCellWidget(r, 1, kind)
        self.table.setCellWidget(r, 2, name)
        return r

    def _next_free(self) -> dt.date:
        taken = {d.date for d in self.days()}
        day = dt.date(self.year, 1, 1)
        while day in taken and day.year == self.year:
            day += dt.timedelta(days=1)
        return day

    def days(self) -> list[Day]:
        """The table's days (a date entered twice keeps its last row)."""
        found: dict[dt.date, Day] = {}
        for r in range(self.table.rowCount()):
            qdate = self.table.cellWidget(r, 0).date()
            day = dt.date(qdate.year(), qdate.month(), qdate.day())
            found[day] = Day(day, bool(self.table.cellWidget(r, 1).currentData()),
                             self.table.cellWidget(r, 2).text().strip())
        return [found[d] for d in sorted(found)]

    def _on_add_button_clicked(self) -> None:
        r = self.add_row()
        self.table.setCurrentCell(r, 0)

    def _on_remove_button_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()} | {self.table.currentRow()},
                      reverse=True)
        for r in rows:
            if 0 <= r < self.table.rowCount():
                self.table.removeRow(r)

    def _on_buttons_accepted(self) -> None:
        days = self.days()
        # a make-up working day on a weekday changes nothing: say so once, save on the second click
        idle = [d for d in days if d.is_workday and d.date.weekday() < 5]
        if idle and self.error_label.isHidden():
            self.error_label.show_error(self.tr("A working day on a weekday changes nothing: %1. Save again to "
                                                "keep it anyway.").replace("%1", "、".join(
                                                    f"{d.date:%m-%d}{weekday_name(d.date)}" for d in idle)))
            return
        self.buttons.setEnabled(False)
        store(self, self.year, days, "table", complete=self.complete_check.isChecked(),
              then=lambda _result: self.accept(), failed=lambda _error: self.buttons.setEnabled(True))

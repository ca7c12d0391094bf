"""设置 → 工作日历: each year's holidays and make-up working days, and the ways to enter a year.

The year chooser shows whether the shipped calendar covers the year, the owner entered it, or it
is missing (then in red, with what that means: SLA dues count Monday–Friday). A year is entered by
pasting the State Council's notice (``NoticeDialog``), importing an ``.ics`` holiday calendar (the
same preview, then stored), or corrected day by day (``CalendarTableDialog``). Storing runs as an
operation; the message says how many open tickets' dues and follow-ups moved.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import holidays
from crmdesk.core.store.errors import KnownError
from crmdesk.io import holiday_files
from crmdesk.ui import crash, theme
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.workcal.notice_dialog import NoticeDialog
from crmdesk.ui.workcal.shared import legend
from crmdesk.ui.workcal.table_dialog import CalendarTableDialog
from crmdesk.ui.workcal.year_view import YearView


class WorkCalendarDialog(QDialog):
    """One year of the working calendar, with the ways to enter or correct it."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Working calendar"))
        self.today = today or dt.date.today()
        self.child: QDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year_combo = QComboBox()
        for year in range(self.today.year - 1, self.today.year + 3):
            self.year_combo.addItem(str(year), year)
        missing = holidays.missing_years(self.today)
        self.year_combo.setCurrentIndex(self.year_combo.findData(missing[0] if missing else self.today.year))
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year_combo)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        top.addWidget(self.status_label, 1)
        layout.addLayout(top)
        self.view = YearView()
        layout.addWidget(self.view, 1)
        layout.addLayout(legend())
        buttons = QHBoxLayout()
        self.notice_button = QPushButton(self.tr("Paste the State Council notice…"))
        self.ics_button = QPushButton(self.tr("Import .ics holiday calendar…"))
        self.table_button = QPushButton(self.tr("Edit day by day…"))
        for button in (self.notice_button, self.ics_button, self.table_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.year_combo.currentIndexChanged.connect(self._on_year_combo_current_index_changed)
        self.notice_button.clicked.connect(self._on_notice_button_clicked)
        self.ics_button.clicked.connect(self._on_ics_button_clicked)
        self.table_button.clicked.connect(self._on_table_button_clicked)
        get_broadcaster().changed.connect(self._on_broadcaster_changed)
        self.resize(960, 600)
        self.load()

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def load(self) -> None:
        """Show the chosen year and its state."""
        year, status = self.year, holidays.year_status(self.year)
        if status == "package":
            text, style = self.tr("%1: the shipped calendar covers this year (statutory holidays and make-up "
                                  "days)."), theme.text_style(theme.OK)
        elif status == "entered":
            info = holidays.entered_years().get(year, {})
            text = self.tr("%1: entered on %2.").replace("%2", info.get("at", ""))
            style = theme.text_style(theme.OK)
        else:
            text = self.tr("%1: no holiday data. Until it is entered, ticket due times, follow-ups and callbacks "
                           "count Monday–Friday only (春节 and 国庆 as working days). Paste the State Council's "
                           "notice for %1 (published in the autumn before).")
            style = theme.text_style(theme.ERROR, bold=True)
        self.status_label.setText(text.replace("%1", str(year)))
        self.status_label.setStyleSheet(style)
        self.view.today = self.today
        self.view.set_year(year, holidays.year_days(year))

    def _on_year_combo_current_index_changed(self, _index: int) -> None:
        self.load()

    def _on_broadcaster_changed(self, changes) -> None:
        if changes.touches("settings"):
            self.load()

    def _on_notice_button_clicked(self) -> None:
        self.child = NoticeDialog(self.year, self)
        self.child.open()

    def _on_ics_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import a holiday calendar"), "",
                                                    self.tr("iCalendar files (*.ics)"))
        if path:
            self.import_ics(Path(path))

    def import_ics(self, path: Path) -> None:
        """Read ``path`` and show its days for confirmation (one year at a time: the chosen one if
        the file holds it, else its first)."""
        try:
            years = holiday_files.read_ics(path)
        except KnownError as error:
            crash.show_known_error(error, self)
            return
        year = self.year if self.year in years else min(years)
        dialog = NoticeDialog(year, self, source="ics")
        dialog.show_days(year, years[year], [], path.name)
        self.child = dialog
        dialog.open()

    def _on_table_button_clicked(self) -> None:
        self.child = CalendarTableDialog(self.year, self)
        self.child.open()

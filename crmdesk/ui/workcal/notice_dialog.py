"""Enter a year in one step: paste the State Council's notice, check the calendar it gives, save.

Left: the pasted text and the year (read from the text when it names it). "Read the notice" parses
it (``core.firm.holiday_notice``); right: the year as a calendar, the festivals with their days off and
make-up working days, and what looked wrong (a weekday that does not fit, a count that does not
add up). Save stores the year (``core.firm.holidays.store_year``). The same preview confirms the days
of an imported ``.ics`` file (``show_days``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import holiday_notice
from crmdesk.core.firm.holiday_notice import Day
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import theme
from crmdesk.ui.widgets import ErrorLine, fill_table, make_readonly_table
from crmdesk.ui.workcal.shared import legend, store
from crmdesk.ui.workcal.year_view import YearView


def _dates(days: list[dt.date]) -> str:
    """2月15日–23日 for a run of days, 2月14日、2月28日 for separate ones."""
    if not days:
        return ""
    days = sorted(days)
    runs: list[list[dt.date]] = [[days[0]]]
    for day in days[1:]:
        if (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        first, last = run[0], run[-1]
        text = f"{first.month}月{first.day}日"
        if last != first:
            text += f"–{'' if last.month == first.month else f'{last.month}月'}{last.day}日"
        parts.append(text)
    return "、".join(parts)


class NoticeDialog(QDialog):
    """Paste → read → check the calendar → save."""

    def __init__(self, year: int, parent: QWidget | None = None, *, source: str = "notice") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Holiday arrangement"))
        self.source = source
        self.days: list[Day] = []
        layout = QVBoxLayout(self)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Paste the text of the notice (国务院办公厅关于…年部分节假日安排的通知):")))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("一、元旦：1月1日（周五）放假……\n二、春节：……2月20日（周六）上班。")
        left_layout.addWidget(self.text_edit, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Year")))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        row.addWidget(self.year_spin)
        row.addStretch(1)
        self.read_button = QPushButton(self.tr("Read the notice"))
        row.addWidget(self.read_button)
        left_layout.addLayout(row)
        splitter.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.result_label = QLabel(self.tr("The calendar the notice gives appears here for checking."))
        self.result_label.setWordWrap(True)
        right_layout.addWidget(self.result_label)
        self.view = YearView()
        self.view.setMinimumSize(560, 330)
        right_layout.addWidget(self.view, 3)
        right_layout.addLayout(legend())
        self.items_table = make_readonly_table(QTableWidget(), [self.tr("Festival"), self.tr("Days off"),
                                                                self.tr("Make-up working days")])
        self.items_table.setMaximumHeight(150)
        right_layout.addWidget(self.items_table, 1)
        self.warnings_label = ErrorLine()
        right_layout.addWidget(self.warnings_label)
        splitter.addWidget(right)
        splitter.setSizes([380, 640])
        layout.addWidget(splitter, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.read_button.clicked.connect(self._on_read_button_clicked)
        self.text_edit.textChanged.connect(self._on_text_edit_text_changed)
        self.view.set_year(year, [])
        self.resize(1080, 620)

    def read(self) -> None:
        """Parse the pasted text for the chosen year (the year the text names wins when it names one)."""
        text = self.text_edit.toPlainText()
        named = holiday_notice.guess_year(text)
        if named is not None:
            self.year_spin.setValue(named)
        try:
            arrangement = holiday_notice.parse(text, self.year_spin.value())
        except KnownError as error:
            self.days = []
            self.save_button.setEnabled(False)
            self.result_label.setText(error.message)
            self.result_label.setStyleSheet(theme.text_style(theme.ERROR))
            return
        rows = [[item.name, _dates(item.holidays), _dates(item.workdays)] for item in arrangement.items]
        days = [d for d in arrangement.days if d.date.year == arrangement.year]
        self.show_days(arrangement.year, days, arrangement.warnings, rows=rows)

    def show_days(self, year: int, days: list[Day], warnings: list[str], file_name: str = "",
                  rows: list[list[str]] | None = None) -> None:
        """Show ``days`` of ``year`` for confirmation (from the notice, or from an .ics file)."""
        self.days = days
        self.year_spin.setValue(year)
        if file_name:
            self.text_edit.setPlainText(self.tr("From the file %1").replace("%1", file_name))
            self.text_edit.setReadOnly(True)
            self.read_button.setEnabled(False)
        if rows is None:  # an .ics file: one row per festival
            by_name: dict[str, tuple[list[dt.date], list[dt.date]]] = {}
            for d in days:
                name = d.name.removesuffix("调休上班")
                by_name.setdefault(name, ([], []))[1 if d.is_workday else 0].append(d.date)
            rows = [[name, _dates(off), _dates(work)] for name, (off, work) in by_name.items()]
        fill_table(self.items_table, rows)
        off = sum(not d.is_workday for d in days)
        self.result_label.setText(self.tr("%1: %2 day(s) off, %3 make-up working day(s). Check them on the calendar, "
                                          "then save.").replace("%1", str(year)).replace("%2", str(off))
                                  .replace("%3", str(len(days) - off)))
        self.result_label.setStyleSheet("")
        self.view.set_year(year, days)
        self.warnings_label.show_error("\n".join(f"⚠ {w}" for w in warnings))
        self.save_button.setEnabled(bool(days))

    def _on_read_button_clicked(self) -> None:
        self.read()

    def _on_text_edit_text_changed(self) -> None:
        if not self.text_edit.isReadOnly():
            self.save_button.setEnabled(False)  # read the changed text before saving it

    def _on_buttons_accepted(self) -> None:
        self.save_button.setEnabled(False)
        store(self, self.year_spin.value(), self.days, self.source, then=lambda _result: self.accept(),
              failed=lambda _error: self.save_button.setEnabled(True))

"""跟进日历: month and week views with per-day counts, the day agenda, filters, drag to
reschedule and the ``.ics`` export (docs/spec.md §4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import overview
from crmdesk.core.firm import staff, workcal
from crmdesk.core.followups import service as followups
from crmdesk.core.store.changes import Changes
from crmdesk.ui import labels
from crmdesk.ui.calendar.agenda import AgendaPanel
from crmdesk.ui.calendar.day_grid import DayGrid
from crmdesk.ui.customers import dossier
from crmdesk.ui.followups import actions
from crmdesk.ui.operations import followups as followups_ops
from crmdesk.ui.operations.runner import get_broadcaster

WEEK_LINES = 40  # follow-up lines loaded per day in the week view (the rest is "+N more")


def month_start(day: dt.date) -> dt.date:
    """The Monday on or before the 1st of ``day``'s month (the first cell of the month grid)."""
    first = day.replace(day=1)
    return first - dt.timedelta(days=first.weekday())


class IcsDialog(QDialog):
    """The date range (and whether to include closed follow-ups) of an ``.ics`` export."""

    def __init__(self, start: dt.date, end: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export to calendar (.ics)"))
        form = QFormLayout(self)
        self.from_edit = QDateEdit(start)
        self.to_edit = QDateEdit(end)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.closed_check = QCheckBox(self.tr("Include done and skipped follow-ups"))
        form.addRow(self.tr("From"), self.from_edit)
        form.addRow(self.tr("To"), self.to_edit)
        form.addRow(self.closed_check)
        form.addRow(QLabel(self.tr("The calendar's filters apply. No phone numbers are written.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def range(self) -> tuple[dt.date, dt.date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()


class CalendarTab(QWidget):
    """Month or week grid on the left, the selected day's agenda on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.today_button = QPushButton(self.tr("Today"))
        self.next_button = QPushButton("▶")
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 16px; font-weight: bold; margin: 0 8px;")
        self.view_combo = QComboBox()
        self.view_combo.addItem(self.tr("Month"), "month")
        self.view_combo.addItem(self.tr("Week"), "week")
        self.assignee_combo = QComboBox()
        self.method_combo = QComboBox()
        self.method_combo.addItem(self.tr("All methods"), "")
        for key in ("phone", "visit", "email", "wechat", "sms"):
            self.method_combo.addItem(labels.method(key), key)
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setPlaceholderText(self.tr("Purpose contains…"))
        self.purpose_edit.setClearButtonEnabled(True)
        self.purpose_edit.setMaximumWidth(160)
        self.new_button = QPushButton(self.tr("New follow-up…"))
        self.export_button = QPushButton(self.tr("Export .ics…"))
        for widget in (self.prev_button, self.today_button, self.next_button, self.title_label, self.view_combo):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.assignee_combo, self.method_combo, self.purpose_edit, self.new_button,
                       self.export_button):
            bar.addWidget(widget)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.grid = DayGrid()
        self.agenda = AgendaPanel()
        self.day_label = self.agenda.day_label  # "Follow-ups on …: n" of the selected day
        splitter.addWidget(self.grid)
        splitter.addWidget(self.agenda)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.selected = dt.date.today()
        # The month the grid shows. Clicking a greyed day of the next or previous month selects it
        # without turning the page: a drag or double-click that started there must land on the
        # layout it started on (◀ ▶ and 今日 turn pages).
        self.shown = self.selected
        self.last_dialog = None
        self._load_assignees()
        self.prev_button.clicked.connect(self._on_prev_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.view_combo.currentIndexChanged.connect(self._on_view_combo_changed)
        self.assignee_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.method_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.purpose_edit.editingFinished.connect(self._on_filter_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.grid.day_selected.connect(self._on_grid_day_selected)
        self.grid.day_activated.connect(self.new_followup)
        self.grid.item_activated.connect(self._on_grid_item_activated)
        self.grid.item_dropped.connect(self._on_grid_item_dropped)
        self.grid.capacity_changed.connect(self._on_grid_capacity_changed)
        self.agenda.new_requested.connect(self.new_followup)

    # -- state
    @property
    def mode(self) -> str:
        return self.view_combo.currentData()

    def set_mode(self, mode: str) -> None:
        """Show the month or the week of the selected day."""
        self.view_combo.setCurrentIndex(max(0, self.view_combo.findData(mode)))

    def filters(self) -> overview.Filter:
        """The filters chosen in the tool bar."""
        return overview.Filter(assignee_id=self.assignee_combo.currentData(), method=self.method_combo.currentData(),
                               purpose=self.purpose_edit.text())

    def _load_assignees(self) -> None:
        current = self.assignee_combo.currentData()
        self.assignee_combo.blockSignals(True)
        self.assignee_combo.clear()
        self.assignee_combo.addItem(self.tr("Everyone"), None)
        for member in staff.active_staff():
            self.assignee_combo.addItem(member.name, member.id)
        self.assignee_combo.setCurrentIndex(max(0, self.assignee_combo.findData(current)))
        self.assignee_combo.blockSignals(False)

    def select_day(self, day: dt.date) -> None:
        """Show the period holding ``day`` and its agenda."""
        self.selected = self.shown = day
        self.refresh(None)

    # -- loading
    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the grid and the agenda (when follow-ups, customers, staff or the calendar changed)."""
        if changes is not None and not changes.touches("followups", "customers", "staff", "settings"):
            return
        if changes is None or changes.touches("staff"):
            self._load_assignees()
        self._load_grid()
        self.agenda.load(self.selected, self.filters())

    def _load_grid(self) -> None:
        if self.mode == "week":
            first, weeks, month = self.selected - dt.timedelta(days=self.selected.weekday()), 1, None
            sunday = first + dt.timedelta(days=6)
            self.title_label.setText(self.tr("%1 – %2").replace("%1", first.strftime("%Y-%m-%d"))
                                     .replace("%2", sunday.strftime("%m-%d")))
        else:
            first, weeks, month = month_start(self.shown), 6, self.shown.month
            self.title_label.setText(self.tr("%1-%2").replace("%1", str(self.shown.year))
                                     .replace("%2", f"{self.shown.month:02d}"))
        self.grid.set_days(first, weeks, month)
        days = self.grid.days()
        filters, now = self.filters(), dt.datetime.now()
        counts = overview.day_counts(days[0], days[-1] + dt.timedelta(days=1), now=now, filters=filters)
        per_day = WEEK_LINES if weeks == 1 else max(3, self.grid.lines_per_cell())
        busy = [day for day in days if day in counts]
        items = overview.day_items(busy, per_day, now=now, filters=filters)
        cal = workcal.current()
        self.grid.set_data(counts, items, {day: cal.is_workday(day) for day in days}, now.date())
        self.grid.set_selected(self.selected)

    # -- slots
    def _on_filter_changed(self, *_args) -> None:
        self.refresh(None)

    def _on_view_combo_changed(self, _index: int) -> None:
        self.select_day(self.selected)  # the month or week of the selected day

    def _on_prev_button_clicked(self) -> None:
        self._step(-1)

    def _on_next_button_clicked(self) -> None:
        self._step(1)

    def _step(self, direction: int) -> None:
        if self.mode == "week":
            self.select_day(self.selected + dt.timedelta(days=7 * direction))
        else:
            first = self.shown.replace(day=1)
            target = (first + dt.timedelta(days=32)).replace(day=1) if direction > 0 else \
                (first - dt.timedelta(days=1)).replace(day=1)
            self.select_day(target)

    def _on_today_button_clicked(self) -> None:
        self.select_day(dt.date.today())

    def _on_grid_day_selected(self, day: dt.date) -> None:
        self.selected = day
        self.grid.set_selected(day)
        self.agenda.load(day, self.filters())

    def _on_grid_capacity_changed(self, _lines: int) -> None:
        if self.mode == "month":
            self._load_grid()

    def _on_grid_item_activated(self, followup_id: int) -> None:
        view = followups.load(followup_id)
        if view.kind == "callback":  # a ticket's callback: not edited as a follow-up
            self.last_dialog = dossier.open_dossier(self, view.customer_id)
            return
        self.last_dialog = actions.edit(self, followup_id)

    def _on_grid_item_dropped(self, followup_id: int, day: dt.date) -> None:
        actions.reschedule(self, followup_id, day)

    def new_followup(self, day: dt.date | None = None) -> None:
        """The form for a new follow-up on ``day`` (the selected day by default)."""
        self.last_dialog = actions.edit(self, day=day or self.selected)

    def _on_new_button_clicked(self) -> None:
        self.new_followup(self.selected)

    def _on_export_button_clicked(self) -> None:
        days = self.grid.days()
        dialog = IcsDialog(days[0], days[-1], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        start, end = dialog.range()
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export to calendar (.ics)"),
                                                    f"跟进日历-{start:%Y%m%d}-{end:%Y%m%d}.ics",
                                                    self.tr("iCalendar files (*.ics)"))
        if path:
            self.export_ics(Path(path), start, end, include_closed=dialog.closed_check.isChecked())

    def export_ics(self, path: Path, start: dt.date, end: dt.date, *, include_closed: bool = False) -> None:
        """Write the follow-ups of ``[start, end]`` (with the filters) to ``path`` in the background."""
        followups_ops.export_calendar(self, path, start, end, filters=self.filters(), include_closed=include_closed) \
            .success(lambda n: get_broadcaster().message.emit(
                self.tr("%1 follow-ups written to %2").replace("%1", str(n)).replace("%2", str(path)))).run()

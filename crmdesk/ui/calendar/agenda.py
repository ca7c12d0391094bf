"""The day agenda beside the calendar grid: the chosen day's follow-ups and what to do with them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core import overview
from crmdesk.core.followups import service as followups
from crmdesk.ui import labels
from crmdesk.ui.customers import dossier
from crmdesk.ui.followups import actions
from crmdesk.ui.widgets import DONE, OVERDUE, fill_table, make_readonly_table, selected_id

LIMIT = 500


class AgendaPanel(QWidget):
    """Time, customer, purpose, method, kind, status and assignee of one day's follow-ups."""

    new_requested = Signal(object)  # dt.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.day_label = QLabel()
        self.day_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.day_label)
        self.table = make_readonly_table(QTableWidget(self), [
            self.tr("Time"), self.tr("Customer"), self.tr("Purpose"), self.tr("Method"), self.tr("Kind"),
            self.tr("Status"), self.tr("Assignee")])
        self.table.itemDoubleClicked.connect(self._on_table_item_double_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.done_button = QPushButton(self.tr("Done…"))
        self.skip_button = QPushButton(self.tr("Skip…"))
        self.move_button = QPushButton(self.tr("Reschedule"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for button in (self.new_button, self.edit_button, self.done_button, self.skip_button, self.move_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.done_button.clicked.connect(self._on_done_button_clicked)
        self.skip_button.clicked.connect(self._on_skip_button_clicked)
        self.move_button.clicked.connect(self._on_move_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.day = dt.date.today()
        self.items: list[overview.AgendaItem] = []
        self.last_dialog = None
        self._update_buttons()

    def load(self, day: dt.date, filters: overview.Filter) -> None:
        """Show ``day``'s follow-ups (with the calendar's filters)."""
        self.day = day
        start = dt.datetime.combine(day, dt.time())
        self.items = overview.followups_between(start, start + dt.timedelta(days=1),
                                                filters=filters, limit=LIMIT)
        more = "+" if len(self.items) >= LIMIT else ""
        self.day_label.setText(self.tr("Follow-ups on %1: %2").replace("%1", day.isoformat())
                               .replace("%2", f"{len(self.items)}{more}"))
        rows, colors = [], []
        for item in self.items:
            method, status, staff = item.detail.split("|")
            rows.append([item.when.strftime("%H:%M") if item.when else "", item.customer, item.title,
                         labels.method(method), labels.followup_kind(item.followup_kind),
                         labels.followup_status(status), staff])
            colors.append(OVERDUE if item.overdue else DONE if status != "planned" else None)
        fill_table(self.table, rows, ids=[item.id for item in self.items], colors=colors)
        self._update_buttons()

    def current(self) -> overview.AgendaItem | None:
        """The selected follow-up."""
        fid = selected_id(self.table)
        return next((item for item in self.items if item.id == fid), None)

    def _update_buttons(self) -> None:
        item = self.current()
        planned = item is not None and item.detail.split("|")[1] == "planned"
        for button in (self.edit_button, self.skip_button, self.move_button):
            button.setEnabled(planned and item.kind != "callback")
        self.done_button.setEnabled(planned)
        self.delete_button.setEnabled(item is not None and item.kind != "callback")

    def _on_table_item_double_clicked(self, _item) -> None:
        item = self.current()
        if item is not None:
            self.last_dialog = actions.edit(self, item.id) if item.kind != "callback" else \
                dossier.open_dossier(self, item.customer_id)

    def _on_new_button_clicked(self) -> None:
        self.new_requested.emit(self.day)

    def _on_edit_button_clicked(self) -> None:
        item = self.current()
        if item is not None:
            self.last_dialog = actions.edit(self, item.id)

    def _on_done_button_clicked(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "callback":  # a callback records its survey on the ticket

            ticket_id = followups.load(item.id).ticket_id
            self.last_dialog = actions.open_ticket(self, ticket_id) if ticket_id else None
        else:
            self.last_dialog = actions.complete(self, item.id)

    def _on_skip_button_clicked(self) -> None:
        item = self.current()
        if item is not None:
            self.last_dialog = actions.skip(self, item.id)

    def _on_move_button_clicked(self) -> None:
        item = self.current()
        if item is not None:
            menu = actions.reschedule_menu(self, item.id)
            menu.popup(self.move_button.mapToGlobal(self.move_button.rect().bottomLeft()))

    def _on_delete_button_clicked(self) -> None:
        item = self.current()
        if item is not None:
            actions.delete(self, item.id)

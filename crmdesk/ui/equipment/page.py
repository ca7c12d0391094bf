"""The dossier's 设备 page: a customer's machines with their cover, and the tickets of the chosen one.

One line a machine — model, serial number, install date, 在保 / 过保 / 维保合同内 in its colour with
the date, the contract, how many tickets and the last one — and below it the service history of the
selected machine (tickets per serial number), each opening on a double-click.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.equipment import service as equipment
from crmdesk.ui import labels, theme
from crmdesk.ui.equipment.dialog import EquipmentDialog
from crmdesk.ui.operations import equipment as operations
from crmdesk.ui.widgets import confirm, fill_table, make_readonly_table, selected_id


class EquipmentPage(QWidget):
    """A customer's machines (see the module documentation)."""

    count_changed = Signal(int)

    def __init__(self, customer_id: int, customer_label: str, parent: QWidget | None = None,
                 open_ticket: Callable[[int], None] | None = None) -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.customer_label = customer_label
        self.open_ticket = open_ticket
        self.revealed = False  # set by the dossier once its "Show full numbers" was logged
        self.dialog = None  # the machine form while it is open
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("New machine…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.headers = [self.tr("Model"), self.tr("Serial number"), self.tr("Installed"), self.tr("Warranty"),
                        self.tr("Maintenance contract"), self.tr("Tickets"), self.tr("Last ticket")]
        self.table = make_readonly_table(QTableWidget(), self.headers)
        splitter.addWidget(self.table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.history_label = QLabel()
        lower_layout.addWidget(self.history_label)
        self.history = make_readonly_table(QTableWidget(), [
            self.tr("Ticket"), self.tr("Received"), self.tr("Category"), self.tr("Stage"), self.tr("Cover then"),
            self.tr("Problem")])
        lower_layout.addWidget(self.history)
        splitter.addWidget(lower)
        splitter.setSizes([220, 200])
        layout.addWidget(splitter, 1)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_edit_button_clicked())
        self.table.currentCellChanged.connect(lambda *_args: self._show_history())
        self.history.itemDoubleClicked.connect(self._on_history_double_clicked)
        self.refresh()

    def refresh(self) -> None:
        """List the machines again (keeping the selected one)."""
        chosen = selected_id(self.table)
        machines = equipment.of_customer(self.customer_id)
        extra_headers, extra = equipment.custom_columns([m.id for m in machines],
                                                            reveal=self.revealed)  # the owner's machine fields
        self.table.setColumnCount(len(self.headers) + len(extra_headers))
        self.table.setHorizontalHeaderLabels([*self.headers, *extra_headers])
        rows = []
        for m in machines:
            contract = f"{m.contract_no} {m.contract_level}".strip()
            rows.append([m.model, m.serial, m.install_date.isoformat() if m.install_date else "", m.warranty.text,
                         contract, str(m.tickets), f"{m.last_ticket_at:%Y-%m-%d}" if m.last_ticket_at else "",
                         *extra[m.id]])
        fill_table(self.table, rows, ids=[m.id for m in machines])
        for r, m in enumerate(machines):  # only the cover is coloured: the rest stays readable
            self.table.item(r, 3).setForeground(QBrush(QColor(theme.WARRANTY_STATE_COLORS.get(m.warranty.state, theme.MUTED))))
        index = next((r for r, m in enumerate(machines) if m.id == chosen), 0 if machines else -1)
        if index >= 0:
            self.table.selectRow(index)
        self._show_history()
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(bool(machines))
        self.count_changed.emit(len(machines))

    def _show_history(self) -> None:
        machine_id = selected_id(self.table)
        if machine_id is None:
            self.history_label.setText(self.tr("Service history: no machine chosen"))
            fill_table(self.history, [])
            return
        machine = equipment.get(machine_id)
        name = machine.label if machine is not None else ""  # 型号（序列号）, in the interface's language
        lines = equipment.service_history(machine_id)
        self.history_label.setText(self.tr("Service history of %1: %2 ticket(s)").replace("%1", name)
                                   .replace("%2", str(len(lines))))
        fill_table(self.history, [[h.number, f"{h.created_at:%Y-%m-%d %H:%M}", labels.category(h.category),
                                   labels.stage(h.stage), labels.warranty_state(h.state), h.description]
                                  for h in lines], ids=[h.ticket_id for h in lines])

    def _open_form(self, equipment_id: int | None) -> None:
        dialog = EquipmentDialog(self, customer_id=self.customer_id, equipment_id=equipment_id,
                                 customer_label=self.customer_label)
        dialog.ticket_opener = self.open_ticket
        dialog.equipment_saved.connect(lambda _id: self.refresh())
        dialog.open()
        self.dialog = dialog

    def _on_add_button_clicked(self) -> None:
        self._open_form(None)

    def _on_edit_button_clicked(self) -> None:
        machine_id = selected_id(self.table)
        if machine_id is not None:
            self._open_form(machine_id)

    def _on_delete_button_clicked(self) -> None:
        machine_id = selected_id(self.table)
        if machine_id is None:
            return
        machine = equipment.get(machine_id)
        name = machine.label if machine is not None else ""  # 型号（序列号）, in the interface's language
        if confirm(self, self.tr("Delete machine"), self.tr("Move %1 to the recycle bin? Its tickets keep naming it.")
                   .replace("%1", name)):
            operations.delete(self, machine_id).success(lambda _changes: self.refresh()).run()

    def _on_history_double_clicked(self, item) -> None:
        ticket_id = self.history.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        if ticket_id is not None and self.open_ticket is not None:
            self.open_ticket(int(ticket_id))

"""我是…: who works at this PC (the operator every change records), chosen from the active staff.

Asked on start when this PC has no current user for the database, and from the status bar to
change it. The choice is remembered for this PC (``core.firm.workstation``), not in the database. A
colleague who is not on the list yet can be added here (the first start of an empty database
has nobody on it). On start the only other way out is to quit: the app records no action
without an operator.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import staff
from crmdesk.core.store.errors import KnownError
from crmdesk.ui.dialogs.staff_dialog import StaffDialog, role_label
from crmdesk.ui.operations import firm as firm_ops
from crmdesk.ui.widgets import ErrorLine


class OperatorDialog(QDialog):
    """A list of the active staff; OK makes the chosen person the current user of this PC."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, *, at_start: bool = False) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.at_start = at_start
        self.setWindowTitle(self.tr("I am…"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Who is working at this computer? Every ticket, call and change you save is "
                               "recorded under this name. You can change it later in the status bar "
                               "(Current user)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.staff_list = QListWidget()
        self.staff_list.itemDoubleClicked.connect(lambda _item: self._on_button_box_accepted())
        self.staff_list.currentItemChanged.connect(lambda *_a: self._update_ok())
        layout.addWidget(self.staff_list, 1)
        self.empty_label = QLabel(self.tr("Nobody is on the staff list yet: add yourself first."))
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self.add_button = QPushButton(self.tr("Add a colleague…"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.error_label = ErrorLine()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        if at_start:  # nobody chosen, nothing recorded: the way out is to quit
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit CRMDesk"))
        self.buttons.accepted.connect(self._on_button_box_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.load()

    def load(self, select_id: int | None = None) -> None:
        """List the active staff; select ``select_id``, else the current user."""
        current = staff.current_operator()
        wanted = select_id if select_id is not None else (current.id if current else None)
        self.staff_list.clear()
        for member in staff.active_staff():
            item = QListWidgetItem(f"{member.name}（{role_label(member.role)}）")
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.staff_list.addItem(item)
            if member.id == wanted:
                self.staff_list.setCurrentItem(item)
        self.empty_label.setVisible(self.staff_list.count() == 0)
        self._update_ok()
        self.staff_list.setFocus()

    def chosen_id(self) -> int | None:
        """The staff id of the selected line."""
        item = self.staff_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def choose(self, name: str) -> None:
        """Select the line of ``name`` (what a click does)."""
        for row in range(self.staff_list.count()):
            if self.staff_list.item(row).text().startswith(name + "（"):
                self.staff_list.setCurrentRow(row)
                return
        raise LookupError(name)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen_id() is not None)

    def _on_add_button_clicked(self) -> None:
        dialog = StaffDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, role, phone = dialog.values()
        firm_ops.add_staff(self, name, role, phone).success(lambda added: self.load(added.staff_id)) \
            .failure(self._on_failed).run()

    def _on_button_box_accepted(self) -> None:
        staff_id = self.chosen_id()
        if staff_id is None:
            return
        self.buttons.setEnabled(False)  # one choice per click
        firm_ops.choose_operator(self, staff_id).success(lambda _changes: self.accept()).failure(self._on_failed) \
            .finally_(lambda: self.buttons.setEnabled(True)).run()

    def _on_failed(self, error: KnownError) -> None:
        self.error_label.show_error(error)

"""Add or rename a staff member (a Designer form)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from crmdesk.core import staff
from crmdesk.ui.forms.ui_staff_dialog import Ui_StaffDialog


class StaffDialog(QDialog):
    """Name, role and phone of one staff member."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "", role: str = "clerk", phone: str = "",
                 rename_only: bool = False) -> None:
        super().__init__(parent)
        self.ui = Ui_StaffDialog()
        self.ui.setupUi(self)
        self.ui.error_label.hide()
        for key, text in (("clerk", self.tr("Service clerk")), ("engineer", self.tr("Engineer")),
                          ("owner", self.tr("Owner / manager"))):
            self.ui.role_combo.addItem(text, key)
        self.ui.name_edit.setText(name)
        self.ui.role_combo.setCurrentIndex(max(0, self.ui.role_combo.findData(role)))
        self.ui.phone_edit.setText(phone)
        self.ui.role_combo.setEnabled(not rename_only)
        self.ui.phone_edit.setEnabled(not rename_only)
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    def values(self) -> tuple[str, str, str]:
        """(name, role, phone) as typed."""
        return self.ui.name_edit.text().strip(), self.ui.role_combo.currentData(), self.ui.phone_edit.text().strip()

    def _on_button_box_accepted(self) -> None:
        if not self.ui.name_edit.text().strip():
            self.ui.error_label.setText(self.tr("Name: required"))
            self.ui.error_label.show()
            return
        self.accept()


ROLE_KEYS = staff.ROLES

"""Add or rename a staff member (a Designer form)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from crmdesk.core import staff
from crmdesk.ui.forms.ui_staff_dialog import Ui_StaffDialog


_ROLES = {"clerk": QT_TRANSLATE_NOOP("StaffDialog", "Service clerk"),
          "engineer": QT_TRANSLATE_NOOP("StaffDialog", "Engineer"),
          "owner": QT_TRANSLATE_NOOP("StaffDialog", "Owner / manager")}


def role_label(role: str) -> str:
    """A staff role in the UI language (客服, 工程师, 主管)."""
    source = _ROLES.get(role)
    return role if source is None else QCoreApplication.translate("StaffDialog", source)


class StaffDialog(QDialog):
    """Name, role and phone of one staff member."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "", role: str = "clerk", phone: str = "",
                 rename_only: bool = False) -> None:
        super().__init__(parent)
        self.ui = Ui_StaffDialog()
        self.ui.setupUi(self)
        self.ui.error_label.hide()
        for key in _ROLES:
            self.ui.role_combo.addItem(role_label(key), key)
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

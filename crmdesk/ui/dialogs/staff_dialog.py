"""Add or rename a staff member (a Designer form), with their follow-up capacity.

The capacity (follow-ups a working day, ``core.followups.planner``) is the person's own number or, at the
lowest entry, the firm-wide default. For someone already on the staff it is saved by this dialog
when OK is pressed (the cadence is then re-planned with it); a new person starts on the default
and gets their own number once saved (here or in 设置 → 跟进容量).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from crmdesk.core.firm import staff
from crmdesk.core.followups import planner
from crmdesk.core.store.enums import STAFF_ROLES
from crmdesk.ui import labels
from crmdesk.ui.forms.ui_staff_dialog import Ui_StaffDialog
from crmdesk.ui.operations import followups as followups_ops

role_label = labels.staff_role  # a staff role in the UI language (客服, 工程师, 客户经理, 主管)


class StaffDialog(QDialog):
    """Name, role, phone and follow-up capacity of one staff member."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "", role: str = "clerk", phone: str = "",
                 rename_only: bool = False, staff_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_StaffDialog()
        self.ui.setupUi(self)
        for text, key in STAFF_ROLES.choices():
            self.ui.role_combo.addItem(text, key)
        self.ui.name_edit.setText(name)
        self.ui.role_combo.setCurrentIndex(max(0, self.ui.role_combo.findData(role)))
        self.ui.phone_edit.setText(phone)
        self.ui.role_combo.setEnabled(not rename_only)
        self.ui.phone_edit.setEnabled(not rename_only)
        if staff_id is None and name:  # names are unique: the person being edited
            staff_id = staff.id_of(name)
        self.staff_id = staff_id
        default = planner.default_capacity()
        self.ui.capacity_spin.setSpecialValueText(self.tr("firm default (%1)").replace("%1", str(default)))
        own = planner.staff_capacities().get(staff_id) if staff_id is not None else None
        self.ui.capacity_spin.setValue(-1 if own is None else own)
        self._loaded_capacity = self.ui.capacity_spin.value()
        if staff_id is None:
            self.ui.capacity_spin.setEnabled(False)
            self.ui.capacity_spin.setToolTip(self.tr("A new person starts on the firm-wide default; give them their "
                                                     "own number after saving (here or in Settings → Follow-up "
                                                     "capacity)."))
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    def values(self) -> tuple[str, str, str]:
        """(name, role, phone) as typed."""
        return self.ui.name_edit.text().strip(), self.ui.role_combo.currentData(), self.ui.phone_edit.text().strip()

    def capacity(self) -> int | None:
        """The person's own follow-ups a working day, or ``None`` for the firm-wide default."""
        value = self.ui.capacity_spin.value()
        return None if value < 0 else value

    def _on_button_box_accepted(self) -> None:
        if not self.ui.name_edit.text().strip():
            self.ui.error_label.show_error(self.tr("Name: required"))
            return
        if self.staff_id is not None and self.ui.capacity_spin.value() != self._loaded_capacity:
            # the parent outlives this dialog, which closes now
            followups_ops.save_capacities(self.parentWidget(), planner.default_capacity(),
                                          {self.staff_id: self.capacity()}).run()
        self.accept()


ROLE_KEYS = staff.ROLES

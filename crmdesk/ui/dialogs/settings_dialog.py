"""设置: firm, this PC's current user, staff, the tier policy (a form per tier), service times (a Designer form)
and this PC's database location (``database_location``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QTableWidgetItem, QVBoxLayout, QWidget

from crmdesk.core.firm import settings, staff, tier_policy, workcal
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import crash
from crmdesk.ui.dialogs.database_location import DatabaseLocationPage, offer_restart
from crmdesk.ui.dialogs.staff_dialog import StaffDialog, role_label
from crmdesk.ui.dialogs.tier_policy import TierPolicyEditor
from crmdesk.ui.forms.ui_settings_dialog import Ui_SettingsDialog
from crmdesk.ui.operations import firm as firm_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import make_readonly_table, selected_id


class SettingsDialog(QDialog):
    """Edits the declared settings and the tier policy; staff changes apply at once."""

    def __init__(self, ui_state: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self.ui_state = ui_state
        make_readonly_table(self.ui.staff_table, [self.tr("Name"), self.tr("Role"), self.tr("Phone"),
                                                  self.tr("Active")])
        # 客户等级策略: a form per tier (thresholds, service times, cadence lines, callback questions)
        self.tier_editor = TierPolicyEditor()
        container = QVBoxLayout(self.ui.tier_policy_container)
        container.setContentsMargins(0, 0, 0, 0)
        container.addWidget(self.tier_editor)
        # 数据库位置: this PC's choice (core.firm.workstation), a tab of its own
        self.location_page = DatabaseLocationPage(settings.location(), self)
        self.ui.tabs.addTab(self.location_page, self.tr("Database"))
        self.ui.language_combo.addItem("简体中文", "zh_CN")
        self.ui.language_combo.addItem("English", "en")
        self.load()
        self.ui.add_staff_button.clicked.connect(self._on_add_staff_button_clicked)
        self.ui.rename_staff_button.clicked.connect(self._on_rename_staff_button_clicked)
        self.ui.toggle_staff_button.clicked.connect(self._on_toggle_staff_button_clicked)
        self.ui.staff_table.itemSelectionChanged.connect(self._on_staff_table_selection_changed)
        self.ui.backup_folder_button.clicked.connect(self._on_backup_folder_button_clicked)
        self.ui.button_box.accepted.connect(self.save)
        self.ui.button_box.rejected.connect(self.reject)

    # -- load
    def load(self) -> None:
        """Show the stored values."""
        ui = self.ui
        ui.firm_name_edit.setText(settings.get("firm_name"))
        ui.backup_folder_edit.setText(settings.second_backup_folder())  # this PC's (not the database's)
        ui.archive_days_spin.setValue(int(settings.get("archive_after_days")))
        ui.recycle_days_spin.setValue(int(settings.get("recycle_bin_days")))
        ui.callback_retry_spin.setValue(int(settings.get("callback_retry_working_days")))
        ui.callback_tries_spin.setValue(int(settings.get("callback_max_tries")))
        language = self.ui_state.value("language", "zh_CN")
        ui.language_combo.setCurrentIndex(max(0, ui.language_combo.findData(language)))
        response = settings.get("sla_response_hours")
        ui.sla_urgent_response_spin.setValue(int(response["urgent"]))
        ui.sla_important_response_spin.setValue(int(response["important"]))
        ui.sla_normal_response_spin.setValue(int(response["normal"]))
        resolution = settings.get("sla_resolution")
        ui.sla_urgent_resolution_spin.setValue(int(resolution["urgent"][0]))
        ui.sla_important_resolution_spin.setValue(int(resolution["important"][0]))
        ui.sla_normal_resolution_spin.setValue(int(resolution["normal"][0]))
        ui.hours_edit.setText(", ".join(f"{a}-{b}" for a, b in settings.get("business_hours")))
        self._load_staff()
        self.tier_editor.load(tier_policy.policy())

    def _load_staff(self) -> None:
        ui = self.ui
        chosen = ui.operator_combo.currentData() if ui.operator_combo.count() else None
        operator = staff.current_operator()
        current = chosen if chosen is not None else (operator.id if operator else None)
        ui.operator_combo.clear()
        if current is None:
            ui.operator_combo.addItem(self.tr("(choose)"), None)
        for member in staff.active_staff():
            ui.operator_combo.addItem(member.name, member.id)
        ui.operator_combo.setCurrentIndex(max(0, ui.operator_combo.findData(current)))
        members = staff.all_staff()
        ui.staff_table.setRowCount(len(members))
        for row, member in enumerate(members):
            for col, text in enumerate([member.name, role_label(member.role), member.phone,
                                        self.tr("Yes") if member.active else self.tr("No")]):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, member.id)
                ui.staff_table.setItem(row, col, item)
        ui.staff_table.resizeColumnsToContents()

    # -- staff (applied at once: other dialogs list them)
    def _on_staff_table_selection_changed(self) -> None:
        row = self.ui.staff_table.currentRow()
        active = self.ui.staff_table.item(row, 3)
        if active is not None:
            self.ui.toggle_staff_button.setText(self.tr("Deactivate") if active.text() == self.tr("Yes")
                                                else self.tr("Activate"))

    def _on_add_staff_button_clicked(self) -> None:
        dialog = StaffDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, role, phone = dialog.values()
        firm_ops.add_staff(self, name, role, phone).success(lambda _r: self._load_staff()).failure(self._show_error) \
            .run()

    def _on_rename_staff_button_clicked(self) -> None:
        staff_id = selected_id(self.ui.staff_table)
        if staff_id is None:
            return
        dialog = StaffDialog(self, name=self.ui.staff_table.item(self.ui.staff_table.currentRow(), 0).text(),
                             rename_only=True, staff_id=staff_id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name = dialog.values()[0]
        firm_ops.rename_staff(self, staff_id, name).success(lambda _r: self._load_staff()).failure(self._show_error) \
            .run()

    def _on_toggle_staff_button_clicked(self) -> None:
        staff_id = selected_id(self.ui.staff_table)
        if staff_id is None:
            return
        active = self.ui.staff_table.item(self.ui.staff_table.currentRow(), 3).text() == self.tr("Yes")
        firm_ops.set_staff_active(self, staff_id, not active).success(lambda _r: self._load_staff()) \
            .failure(self._show_error).run()

    def _on_backup_folder_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Second backup folder"),
                                                  self.ui.backup_folder_edit.text())
        if folder:
            self.ui.backup_folder_edit.setText(folder)

    # -- save
    def save(self) -> None:
        """Validate everything, then store it in one transaction."""
        ui = self.ui
        try:
            tier_rows = self.tier_editor.rows()
            hours = workcal.business_hours_from_text(ui.hours_edit.text())
        except KnownError as error:
            self._show_error(error)
            return
        values = {
            "firm_name": ui.firm_name_edit.text().strip(),
            "archive_after_days": ui.archive_days_spin.value(),
            "recycle_bin_days": ui.recycle_days_spin.value(),
            "callback_retry_working_days": ui.callback_retry_spin.value(),
            "callback_max_tries": ui.callback_tries_spin.value(),
            "sla_response_hours": {"urgent": ui.sla_urgent_response_spin.value(),
                                   "important": ui.sla_important_response_spin.value(),
                                   "normal": ui.sla_normal_response_spin.value()},
            "sla_resolution": {"urgent": [ui.sla_urgent_resolution_spin.value(), "calendar_hours"],
                               "important": [ui.sla_important_resolution_spin.value(), "working_days"],
                               "normal": [ui.sla_normal_resolution_spin.value(), "working_days"]},
            "business_hours": hours,
        }
        try:
            self.location_page.location()  # a server chosen with a field left empty: said before anything is saved
        except KnownError as error:
            ui.tabs.setCurrentWidget(self.location_page)
            self.location_page.result_line.show_error(error)
            return
        self.ui_state.setValue("language", ui.language_combo.currentData())

        firm_ops.save_settings(self, values, tier_rows, operator_id=ui.operator_combo.currentData(),
                               second_folder=ui.backup_folder_edit.text().strip()) \
            .success(lambda _r: self._saved()).failure(self._show_error).run()

    def _saved(self) -> None:
        changed = self.location_page.save()  # this PC's file: after the database took the rest
        self.accept()
        if changed is not None:
            offer_restart(self.parentWidget(), changed)

    def _show_error(self, error: KnownError) -> None:
        crash.show_known_error(error, self)
        get_broadcaster().message.emit(error.message)

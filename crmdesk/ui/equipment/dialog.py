"""The machine form (设备): model, serial number, install date and site, warranty, maintenance contract,
its service history, its files and the owner's own fields for machines (设置 → 自定义字段).

The warranty is entered as an end date (保修期至) or as months from the install date; the state the
ticket form will show — 在保 / 过保 / 维保合同内 with the dates — is worked out as the fields are typed
(``core.equipment.warranty``). Saving runs in the background and refuses field by field, each refused
field marked with its reason; nothing is half-saved. A new machine's files wait in the panel and are
stored with it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.attachments.store import Owner
from crmdesk.core.customers.service import InvalidInput
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment import warranty
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.store.errors import ConflictError, KnownError
from crmdesk.core.validation import FieldError, parse_date
from crmdesk.ui import labels, theme
from crmdesk.ui.attachments.panel import AttachmentsPanel
from crmdesk.ui.customfields.form import CustomFieldsForm
from crmdesk.ui.dialogs import conflict_dialog
from crmdesk.ui.form_dialog import FormDialog
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import equipment as operations
from crmdesk.ui.widgets import ErrorLine, fill_table, make_readonly_table


def warranty_html(state: warranty.Warranty) -> str:
    """The cover at a glance: the state in its colour and bold, the dates after it."""
    colour = theme.WARRANTY_STATE_COLORS.get(state.state, theme.MUTED)
    rest = state.text[len(state.label):]
    return f'<span style="color:{colour}; font-weight:bold;">{state.label}</span>{rest}'


class EquipmentDialog(FormDialog):
    """New machine of a customer (``customer_id``) or an existing one (``equipment_id``)."""

    equipment_saved = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, customer_id: int | None = None,
                 equipment_id: int | None = None, customer_label: str = "") -> None:
        super().__init__(parent)
        self.equipment_id = equipment_id
        self.customer_id = customer_id
        self.loaded_version: int | None = None  # set by _load: the version the save may write (several writers)
        self.ticket_opener = None  # set by the dossier: opens a ticket of the service history
        self.setWindowTitle(self.tr("New machine") if equipment_id is None else self.tr("Machine"))
        self._build(customer_label)
        if equipment_id is not None:
            self._load(equipment_id)
        else:
            self.custom_form.load({}, new=True)  # a machine not yet registered has no history, only the files chosen for it
            self.tabs.setTabVisible(0, False)
            self.tabs.setCurrentWidget(self.files)
        self._show_state()

    # ------------------------------------------------------------------ layout
    def _build(self, customer_label: str) -> None:
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        outer.addLayout(columns, 1)
        left = QVBoxLayout()
        columns.addLayout(left, 4)
        machine = QGroupBox(self.tr("Machine"))
        form = QFormLayout(machine)
        self.customer_label = QLabel(customer_label)
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.model_combo.addItems(equipment.models_in_use())
        self.model_combo.setCurrentText("")
        self.serial_edit = QLineEdit()
        self.serial_edit.setPlaceholderText(self.tr("As on the nameplate, e.g. LC3015-22071"))
        self.install_edit = self._date_edit("2024-01-05")
        self.site_edit = QLineEdit()
        self.site_edit.setPlaceholderText(self.tr("Only when it differs from the customer's address"))
        form.addRow(self.tr("Customer"), self.customer_label)
        form.addRow(self.tr("Product model *"), self.model_combo)
        form.addRow(self.tr("Serial number *"), self.serial_edit)
        form.addRow(self.tr("Install date"), self.install_edit)
        form.addRow(self.tr("Site address"), self.site_edit)
        left.addWidget(machine)

        cover = QGroupBox(self.tr("Warranty and maintenance contract"))
        cover_form = QFormLayout(cover)
        self.warranty_end_edit = self._date_edit("2026-01-04")
        self.months_edit = QLineEdit()
        self.months_edit.setPlaceholderText("12")
        self.months_edit.setMaximumWidth(56)
        line = QHBoxLayout()
        line.addWidget(self.warranty_end_edit)
        line.addWidget(QLabel(self.tr("or")))
        line.addWidget(self.months_edit)
        line.addWidget(QLabel(self.tr("months from install")))
        line.addStretch(1)
        cover_form.addRow(self.tr("Warranty until"), line)
        self.contract_no_edit = QLineEdit()
        self.contract_level_combo = QComboBox()
        self.contract_level_combo.setEditable(True)
        self.contract_level_combo.addItems(["", *equipment.CONTRACT_LEVELS])
        line = QHBoxLayout()
        line.addWidget(self.contract_no_edit, 1)
        line.addWidget(QLabel(self.tr("Level")))
        line.addWidget(self.contract_level_combo, 1)
        cover_form.addRow(self.tr("Contract no."), line)
        self.contract_start_edit = self._date_edit("2026-01-05")
        self.contract_end_edit = self._date_edit("2027-01-04")
        line = QHBoxLayout()
        line.addWidget(self.contract_start_edit)
        line.addWidget(QLabel(self.tr("to")))
        line.addWidget(self.contract_end_edit)
        line.addStretch(1)
        cover_form.addRow(self.tr("Contract period"), line)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        cover_form.addRow(self.tr("Today"), self.state_label)
        left.addWidget(cover)
        self.custom_form = CustomFieldsForm("equipment")
        self.custom_group = QGroupBox(self.tr("More details"))
        custom_layout = QVBoxLayout(self.custom_group)
        custom_layout.setContentsMargins(4, 4, 4, 4)
        custom_layout.addWidget(self.custom_form)
        self.custom_group.setVisible(not self.custom_form.is_empty)
        left.addWidget(self.custom_group)
        notes = QGroupBox(self.tr("Notes"))
        notes_layout = QVBoxLayout(notes)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setMaximumHeight(70)
        notes_layout.addWidget(self.notes_edit)
        left.addWidget(notes)
        left.addStretch(1)

        self.tabs = QTabWidget()
        columns.addWidget(self.tabs, 5)
        self.history_table = make_readonly_table(QTableWidget(), [
            self.tr("Ticket"), self.tr("Received"), self.tr("Category"), self.tr("Stage"), self.tr("Cover then"),
            self.tr("Problem")])
        self.history_table.itemDoubleClicked.connect(self._on_history_table_double_clicked)
        self.tabs.addTab(self.history_table, self.tr("Service history"))
        self.files = AttachmentsPanel(self)
        self.files.files_changed.connect(self._on_files_changed)
        self.tabs.addTab(self.files, self.tr("Attachments"))
        self.files.set_owner(None)

        self.error_label = ErrorLine()
        outer.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        for edit in (self.warranty_end_edit, self.months_edit, self.install_edit, self.contract_start_edit,
                     self.contract_end_edit, self.contract_no_edit):
            edit.textChanged.connect(self._show_state)
        self.resize(1000, 560)

    @staticmethod
    def _date_edit(example: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(example)
        edit.setFixedWidth(110)
        return edit

    def _field_widgets(self) -> dict[str, QWidget]:
        return {"model": self.model_combo, "serial": self.serial_edit, "install_date": self.install_edit,
                "site_address": self.site_edit, "warranty_end": self.warranty_end_edit,
                "warranty_months": self.months_edit, "contract_no": self.contract_no_edit,
                "contract_start": self.contract_start_edit, "contract_end": self.contract_end_edit,
                "contract_level": self.contract_level_combo, "notes": self.notes_edit}

    # ------------------------------------------------------------------ showing
    def _load(self, equipment_id: int) -> None:
        data = equipment.load(equipment_id)
        machine = equipment.get(equipment_id)
        self.customer_id = data.customer_id
        self.loaded_version = data.version  # the version the save may write (several writers)
        if machine is not None:
            self.customer_label.setText(f"{machine.customer_code}  {machine.customer_name}")
            self.setWindowTitle(self.tr("Machine %1").replace("%1", machine.label))
        self.model_combo.setCurrentText(data.model)
        self.serial_edit.setText(data.serial)
        for edit, value in ((self.install_edit, data.install_date), (self.warranty_end_edit, data.warranty_end),
                            (self.contract_start_edit, data.contract_start),
                            (self.contract_end_edit, data.contract_end)):
            edit.setText(value.isoformat() if isinstance(value, dt.date) else str(value or ""))
        self.site_edit.setText(data.site_address)
        self.months_edit.setText(str(data.warranty_months or ""))
        if data.warranty_months not in (None, ""):  # entered as months: the end follows the install date
            self.warranty_end_edit.clear()
        self.contract_no_edit.setText(data.contract_no)
        self.contract_level_combo.setCurrentText(data.contract_level)
        self.notes_edit.setPlainText(data.notes)
        self.custom_form.load(data.custom, new=False)
        history = equipment.service_history(equipment_id)
        fill_table(self.history_table, [[h.number, f"{h.created_at:%Y-%m-%d %H:%M}", labels.category(h.category),
                                         labels.stage(h.stage), labels.warranty_state(h.state), h.description]
                                        for h in history], ids=[h.ticket_id for h in history])
        self.tabs.setTabText(0, self.tr("Service history (%1)").replace("%1", str(len(history))))
        self.files.set_owner(Owner(int(data.customer_id), equipment_id=equipment_id))  # type: ignore[arg-type]
        self.mark_clean()

    def _on_files_changed(self, count: int) -> None:
        self.tabs.setTabText(1, self.tr("Attachments (%1)").replace("%1", str(count)))

    def _date(self, edit: QLineEdit) -> dt.date | None:
        try:
            return parse_date(edit.text())
        except FieldError:
            return None

    def _show_state(self, *_args) -> None:
        """The cover as typed so far (today)."""
        end = self._date(self.warranty_end_edit)
        months = self.months_edit.text().strip()
        if end is None and months.isdigit():
            end = warranty.warranty_end_from(self._date(self.install_edit), int(months))
        state = warranty.status(end, self._date(self.contract_start_edit), self._date(self.contract_end_edit),
                                self.contract_no_edit.text().strip())
        self.state_label.setText(warranty_html(state))

    def _on_history_table_double_clicked(self, item) -> None:
        ticket_id = self.history_table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        if ticket_id is not None and self.ticket_opener is not None:
            self.ticket_opener(int(ticket_id))

    # ------------------------------------------------------------------ saving
    def _input(self) -> EquipmentInput:
        return EquipmentInput(
            customer_id=self.customer_id, model=self.model_combo.currentText(), serial=self.serial_edit.text(),
            install_date=self.install_edit.text(), site_address=self.site_edit.text(),
            warranty_end=self.warranty_end_edit.text(), warranty_months=self.months_edit.text(),
            contract_no=self.contract_no_edit.text(), contract_start=self.contract_start_edit.text(),
            contract_end=self.contract_end_edit.text(), contract_level=self.contract_level_combo.currentText(),
            notes=self.notes_edit.toPlainText(), custom=self.custom_form.values(),
            version=self.loaded_version)

    def save(self) -> None:
        """Save in the background; close when saved, or mark the refused fields."""
        widgets = self._field_widgets()
        clear_marks([*widgets.values(), *self.custom_form.editors.values()])
        self.error_label.hide()

        def done(result) -> None:
            self.equipment_id = result.equipment_id
            self.equipment_saved.emit(result.equipment_id)
            self.accept()

        def failed(error: KnownError) -> None:
            if isinstance(error, ConflictError) and self.equipment_id is not None:
                self._on_conflict(error, self.equipment_id)
                return
            for refused in getattr(error, "errors", []) if isinstance(error, InvalidInput) else [error]:
                key = getattr(refused, "field", "")
                widget = widgets.get(key) or self.custom_form.widget_for(key)
                if widget is not None:
                    mark_invalid(widget, refused.message)
            self.error_label.show_error(error)

        operations.save(self, self._input(), self.equipment_id, self.files.pending_paths()).success(done) \
            .failure(failed).run()

    def _on_conflict(self, error: ConflictError, equipment_id: int) -> None:
        """Another PC saved this machine meanwhile: reload, compare or overwrite (``ui.dialogs.conflict_dialog``)."""
        names = {"model": self.tr("Model"), "serial": self.tr("Serial number"), "install_date": self.tr("Installed on"),
                 "site_address": self.tr("Site address"), "warranty_end": self.tr("Warranty until"),
                 "warranty_months": self.tr("Warranty months"), "contract_no": self.tr("Contract number"),
                 "contract_start": self.tr("Contract start"), "contract_end": self.tr("Contract end"),
                 "contract_level": self.tr("Service level"), "notes": self.tr("Notes"),
                 "custom": self.tr("Custom fields")}

        def chosen(choice: str) -> None:
            if choice == conflict_dialog.RELOAD:
                self._load(equipment_id)
                self.error_label.hide()
            elif choice == conflict_dialog.OVERWRITE:
                self.loaded_version = error.version
                self.save()
            else:
                self.error_label.show_error(error)

        conflict_dialog.ask(self, error, self._input(), lambda: equipment.load(equipment_id), names, chosen)

"""设置 → 自定义字段: the owner's fields per record kind — add, edit, order, remove, restore.

One page per kind of record (``core.customfields.entities``): its fields in form order with
their kind, list, required and sensitive flags; removed fields stay listed, greyed, with the
values they keep, and can be restored. Every change is applied at once through an operation
(``core.customfields.admin``), which the other views follow through the change broadcast.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields.entities import ENTITIES
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import labels, theme, widgets
from crmdesk.ui.crash import show_known_error
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import customfields as fields_ops

GREY = QColor(theme.DIMMED)  # a removed field, like archived rows


class FieldDialog(QDialog):
    """Add a field, or edit one: name, kind, list of values, required, sensitive."""

    def __init__(self, entity: str, field: FieldDef | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity = entity
        self.field = field
        self.setWindowTitle(self.tr("New field for %1").replace("%1", labels.entity(entity)) if field is None
                            else self.tr("Field “%1”").replace("%1", field.label))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.label_edit = QLineEdit(field.label if field else "")
        self.label_edit.setMaxLength(customfields.MAX_LABEL)
        self.label_edit.setPlaceholderText(self.tr("e.g. 经销商, 验收日期"))
        form.addRow(self.tr("Name"), self.label_edit)
        self.kind_combo = QComboBox()
        for kind in labels.FIELD_KINDS:
            self.kind_combo.addItem(labels.field_kind(kind), kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(field.kind if field else "text")))
        form.addRow(self.tr("Kind"), self.kind_combo)
        self.choices_edit = QPlainTextEdit("\n".join(field.choices) if field else "")
        self.choices_edit.setPlaceholderText(self.tr("One value per line, in the order of the list"))
        self.choices_edit.setFixedHeight(110)
        self.choices_label = QLabel(self.tr("Values"))
        form.addRow(self.choices_label, self.choices_edit)
        self.required_check = QCheckBox(self.tr("Required for new records"))
        self.required_check.setChecked(bool(field and field.required))
        self.required_check.setToolTip(self.tr("Records saved before the field existed stay editable without it; "
                                               "a value once filled in cannot be cleared"))
        form.addRow("", self.required_check)
        self.sensitive_check = QCheckBox(self.tr("Sensitive personal data (encrypted, hidden in lists)"))
        self.sensitive_check.setChecked(bool(field and field.sensitive))
        form.addRow("", self.sensitive_check)
        layout.addLayout(form)
        self.sensitive_note = QLabel(self.tr("A sensitive field is stored encrypted like mobiles and addresses, "
                                             "shown as **** in lists and exports with masking, and it cannot be "
                                             "sorted or filtered by its values (only as empty or filled in)."))
        self.sensitive_note.setWordWrap(True)
        self.sensitive_note.setStyleSheet(theme.text_style(theme.WARNING))
        layout.addWidget(self.sensitive_note)
        self.error_label = widgets.ErrorLine()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.sensitive_check.toggled.connect(self.sensitive_note.setVisible)
        self._on_kind_combo_changed()
        self.sensitive_note.setVisible(self.sensitive_check.isChecked())
        self.resize(460, 0)

    def _on_kind_combo_changed(self, *_args) -> None:
        choice = self.kind_combo.currentData() == "choice"
        self.choices_label.setVisible(choice)
        self.choices_edit.setVisible(choice)

    def choices(self) -> list[str]:
        """The list as typed, one value a line (commas and 、 also separate them)."""
        text = self.choices_edit.toPlainText().replace("、", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def save(self) -> None:
        """Add or change the field in the background; a refusal marks the field it names."""
        clear_marks([self.label_edit, self.choices_edit, self.kind_combo])
        self.error_label.clear()
        label, kind = self.label_edit.text(), self.kind_combo.currentData()
        choices, required, sensitive = self.choices(), self.required_check.isChecked(), self.sensitive_check.isChecked()
        if self.field is None:
            op = fields_ops.add_field(self, self.entity, label, kind, choices=choices, required=required,
                                      sensitive=sensitive)
        else:
            op = fields_ops.update_field(self, self.field.id, label=label, kind=kind,
                                         choices=choices if kind == "choice" else None, required=required,
                                         sensitive=sensitive)
        op.success(lambda _r: self.accept()).failure(self._on_failed).run()

    def _on_failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            raise error
        widget = {"label": self.label_edit, "choices": self.choices_edit, "kind": self.kind_combo}.get(
            getattr(error, "field", ""))
        if widget is not None:
            mark_invalid(widget, error.message)
        self.error_label.show_error(error)


class CustomFieldsDialog(QDialog):
    """The owner's fields of every kind of record, one tab each."""

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Custom fields"))
        self.resize(820, 520)
        self.last_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Fields you add appear in the forms, the dossier and its PDF, the registry's optional "
                              "columns and filters, the Excel templates, exports and imports (a column headed "
                              "with the field's name is taken as it). Removing a field only hides it: the values "
                              "are kept and come back when it is restored."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        for key in ENTITIES:
            table = widgets.make_readonly_table(QTableWidget(), [
                self.tr("Name"), self.tr("Kind"), self.tr("Values"), self.tr("Required"), self.tr("Sensitive"),
                self.tr("State")])
            table.doubleClicked.connect(self._on_table_double_clicked)
            table.itemSelectionChanged.connect(self._update_buttons)
            self.tables[key] = table
            self.tabs.addTab(table, labels.entity(key))
        layout.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.hide_button = QPushButton(self.tr("Remove"))
        self.hide_button.setToolTip(self.tr("Hide the field; its values are kept and come back with it"))
        self.restore_button = QPushButton(self.tr("Restore"))
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button, self.hide_button,
                       self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_table_double_clicked)
        self.up_button.clicked.connect(lambda: self._run(lambda fid: fields_ops.move_field(self, fid, -1)))
        self.down_button.clicked.connect(lambda: self._run(lambda fid: fields_ops.move_field(self, fid, 1)))
        self.hide_button.clicked.connect(self._on_hide_button_clicked)
        self.restore_button.clicked.connect(lambda: self._run(lambda fid: fields_ops.restore_field(self, fid)))
        self.tabs.currentChanged.connect(self._update_buttons)
        self.load()

    @property
    def entity(self) -> str:
        """The kind of record of the tab shown."""
        return list(ENTITIES)[self.tabs.currentIndex()]

    def load(self, select: int | None = None) -> None:
        """(Re)read every kind's fields; ``select`` a field id."""
        for key, table in self.tables.items():
            rows = customfields.fields(key, hidden=True)
            table.setRowCount(len(rows))
            for r, field in enumerate(rows):
                texts = [field.label, labels.field_kind(field.kind), "、".join(field.choices),
                         self.tr("Yes") if field.required else "", self.tr("Yes") if field.sensitive else "",
                         self.tr("Removed (values kept)") if field.hidden else self.tr("In use")]
                for c, text in enumerate(texts):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, field.id)
                    if field.hidden:
                        item.setForeground(QBrush(GREY))
                    table.setItem(r, c, item)
                if field.id == select:
                    table.selectRow(r)
            table.resizeColumnsToContents()
        self._update_buttons()

    def _selected(self) -> FieldDef | None:
        table = self.tables[self.entity]
        item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
        if item is None:
            return None
        try:
            return customfields.get(int(item.data(Qt.ItemDataRole.UserRole)))
        except KnownError:
            return None

    def _update_buttons(self, *_args) -> None:
        field = self._selected()
        live = field is not None and not field.hidden
        for button in (self.edit_button, self.up_button, self.down_button, self.hide_button):
            button.setEnabled(live)
        self.restore_button.setEnabled(field is not None and field.hidden)

    def _run(self, operation, field: FieldDef | None = None) -> None:
        """Run ``operation(field id)`` (a named operation) on the selected field, then show the fields anew."""
        field = field or self._selected()
        if field is None:
            return
        field_id = field.id
        operation(field_id).success(lambda _r: self.load(field_id)).failure(self._on_failed).run()

    def _on_failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            raise error
        show_known_error(error, self)

    def _open(self, dialog: FieldDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.load)
        self.last_dialog = dialog
        dialog.open()

    def _on_add_button_clicked(self) -> None:
        self._open(FieldDialog(self.entity, None, self))

    def _on_table_double_clicked(self, *_args) -> None:
        field = self._selected()
        if field is not None and not field.hidden:
            self._open(FieldDialog(self.entity, field, self))

    def _on_hide_button_clicked(self) -> None:
        field = self._selected()
        if field is None or not widgets.confirm(
                self, self.tr("Remove field"),
                self.tr("Remove “%1” from forms, lists and files? Its values are kept and come back when you "
                        "restore it.").replace("%1", field.label)):
            return
        self._run(lambda fid: fields_ops.hide_field(self, fid), field)

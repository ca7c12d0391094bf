"""按自定义字段筛选: a condition on one custom field for the registry (经销商 是 华东一部, 验收日期 从 … 到 …).

The conditions a field offers follow its kind (``core.customfields.filters.ops_for``); a
sensitive field offers only "empty" and "filled in", and says why. The condition is checked by
the core before the dialog closes, so a date typed wrong is refused here with its reason.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.customfields import filters
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.customfields.filters import CustomFilter
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import labels, theme, widgets


class CustomFilterDialog(QDialog):
    """Choose a field, a condition and its value(s); :attr:`result_filter` once accepted."""

    def __init__(self, field_list: list[FieldDef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Filter by a custom field"))
        self.fields = field_list
        self.result_filter: CustomFilter | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.field_combo = QComboBox()
        for field in field_list:
            self.field_combo.addItem(field.label, field.id)
        form.addRow(self.tr("Field"), self.field_combo)
        self.op_combo = QComboBox()
        form.addRow(self.tr("Condition"), self.op_combo)
        self.value_combo = QComboBox()
        self.value_edit = QLineEdit()
        self.high_edit = QLineEdit()
        self.to_label = QLabel(self.tr("to"))
        values = QHBoxLayout()
        for widget in (self.value_combo, self.value_edit, self.to_label, self.high_edit):
            values.addWidget(widget)
        self.value_label = QLabel(self.tr("Value"))
        form.addRow(self.value_label, values)
        layout.addLayout(form)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(theme.text_style(theme.WARNING))
        layout.addWidget(self.note_label)
        self.error_label = widgets.ErrorLine()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.field_combo.currentIndexChanged.connect(self._on_field_combo_changed)
        self.op_combo.currentIndexChanged.connect(self._on_op_combo_changed)
        self._on_field_combo_changed()
        self.resize(460, 0)

    @property
    def field(self) -> FieldDef | None:
        """The field chosen."""
        index = self.field_combo.currentIndex()
        return self.fields[index] if 0 <= index < len(self.fields) else None

    def _on_field_combo_changed(self, *_args) -> None:
        field = self.field
        self.op_combo.blockSignals(True)
        self.op_combo.clear()
        if field is not None:
            for op in filters.ops_for(field):
                self.op_combo.addItem(labels.filter_op(op), op)
            self.value_combo.clear()
            choices = field.choices if field.kind == "choice" else ("是", "否") if field.kind == "yes_no" else ()
            for choice in choices:
                self.value_combo.addItem(choice, choice)
            hints = {"date": self.tr("e.g. 2024-01-05"), "amount": self.tr("yuan"), "number": self.tr("a number")}
            for edit in (self.value_edit, self.high_edit):
                edit.clear()
                edit.setPlaceholderText(hints.get(field.kind, ""))
        self.op_combo.blockSignals(False)
        self.note_label.setText(self.tr("“%1” is sensitive: its values are encrypted, so it can only be filtered "
                                        "as empty or filled in, and not sorted.").replace("%1", field.label)
                                if field is not None and field.sensitive else "")
        self.note_label.setVisible(field is not None and field.sensitive)
        self._on_op_combo_changed()

    def _on_op_combo_changed(self, *_args) -> None:
        field, op = self.field, self.op_combo.currentData()
        listed = field is not None and field.kind in ("choice", "yes_no") and op == "is"
        ranged = op == "range"
        self.value_combo.setVisible(listed)
        self.value_edit.setVisible(not listed and op in ("is", "contains", "range"))
        self.to_label.setVisible(ranged)
        self.high_edit.setVisible(ranged)
        self.value_label.setVisible(op not in ("empty", "filled"))
        self.value_label.setText(self.tr("From") if ranged else self.tr("Value"))

    def condition(self) -> CustomFilter | None:
        """The condition as chosen (not yet checked)."""
        field, op = self.field, self.op_combo.currentData()
        if field is None or op is None:
            return None
        listed = field.kind in ("choice", "yes_no") and op == "is"
        value = str(self.value_combo.currentData() or "") if listed else self.value_edit.text().strip()
        return CustomFilter(field.id, op, value if op not in ("empty", "filled") else "",
                            self.high_edit.text().strip() if op == "range" else "")

    def _on_buttons_accepted(self) -> None:
        condition = self.condition()
        if condition is None:
            self.reject()
            return
        try:
            self.result_filter = filters.checked(condition)
        except KnownError as error:
            self.error_label.show_error(error)
            return
        self.accept()

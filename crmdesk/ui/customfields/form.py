"""The generated part of a form: one editor per custom field of an entity, in the owner's order.

Text, numbers, amounts and dates are typed (the core reads ``12.5万`` and ``2024/1/5`` as the
built-in fields do); yes/no and choices are picked from a list with an empty first entry. A
required field is marked ``*``; one a stored record never had (imported before the field
existed) is marked 未填 and does not block other edits. A sensitive field says that it is
encrypted and hidden in lists. :meth:`check` refuses values with the same field-named
messages the core gives, and marks them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.validation import FieldError
from crmdesk.ui.marks import clear_marks, mark_invalid


class CustomFieldsForm(QWidget):
    """Editors of an entity's visible custom fields; empty (``is_empty``) when the owner added none."""

    def __init__(self, entity: str, parent: QWidget | None = None, *, field_list: list[FieldDef] | None = None,
                 into: QFormLayout | None = None) -> None:
        """``into``: add the rows to a form's own layout (aligned with its built-in rows) instead of this widget."""
        super().__init__(parent)
        self.entity = entity
        self.fields = customfields.fields(entity) if field_list is None else field_list
        self.editors: dict[int, QLineEdit | QComboBox] = {}
        self._loaded: dict[int, str] = {}
        self._new = True
        layout = into if into is not None else QFormLayout(self)
        if into is None:
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields:
            editor = self._editor(field)
            editor.setObjectName(f"custom_{field.id}")
            self.editors[field.id] = editor
            label = QLabel(field.label + (" *" if field.required else "")
                           + (self.tr(" (sensitive)") if field.sensitive else ""))
            label.setBuddy(editor)
            if field.sensitive:
                label.setToolTip(self.tr("Sensitive: stored encrypted and hidden in lists; it cannot be sorted "
                                         "or filtered by value"))
            layout.addRow(label, editor)

    @property
    def is_empty(self) -> bool:
        """Whether there is no custom field to show."""
        return not self.fields

    def _editor(self, field: FieldDef) -> QLineEdit | QComboBox:
        if field.kind in ("choice", "yes_no"):
            combo = QComboBox()
            combo.addItem("", "")
            for text in (field.choices if field.kind == "choice" else ("是", "否")):
                combo.addItem(text, text)
            return combo
        edit = QLineEdit()
        edit.setMaxLength(custom_values.MAX_TEXT)
        hints = {"number": self.tr("A number, e.g. 12 or 3.5"), "amount": self.tr("Yuan, e.g. 12500 or 1.25万"),
                 "date": self.tr("e.g. 2024-01-05")}
        if field.kind in hints:
            edit.setPlaceholderText(hints[field.kind])
        return edit

    # -- values
    def load(self, texts: dict[int, str], *, new: bool) -> None:
        """Show a record's values (``{field id: text}``); ``new``: a record not saved yet."""
        self._new = new
        self._loaded = dict(texts)
        for field in self.fields:
            editor = self.editors[field.id]
            text = texts.get(field.id, "")
            if isinstance(editor, QComboBox):
                index = editor.findData(text)
                if index < 0 and text:  # a value taken off the list since: still shown, kept
                    editor.addItem(text, text)
                    index = editor.count() - 1
                editor.setCurrentIndex(max(0, index))
            else:
                editor.setText(text)
                if field.required and not new and not text:
                    editor.setPlaceholderText(self.tr("Not filled in yet (required)"))

    def values(self) -> dict[int, str]:
        """What is typed, ``{field id: text}`` (every visible field: an empty one clears its value)."""
        out: dict[int, str] = {}
        for field_id, editor in self.editors.items():
            out[field_id] = str(editor.currentData() or "") if isinstance(editor, QComboBox) \
                else editor.text().strip()
        return out

    def widget_for(self, key: str) -> QWidget | None:
        """The editor of a ``cf:<id>`` key (to mark a refusal the core reported)."""
        field_id = customfields.key_id(key)
        return self.editors.get(field_id) if field_id is not None else None

    def check(self) -> list[str]:
        """Refuse values as the core will (marking their editors); returns the messages."""
        clear_marks(self.editors.values())
        problems: list[str] = []
        for field in self.fields:
            editor = self.editors[field.id]
            text = self.values()[field.id]
            try:
                value = custom_values.parse(field, text)
            except FieldError as error:
                message = f"{field.label}：{error.reason}"
                mark_invalid(editor, message)
                problems.append(message)
                continue
            if value is None and field.required and (self._new or self._loaded.get(field.id)):
                message = f"{field.label}：{'必填，不能为空' if self._new else '必填，不能清空'}"
                mark_invalid(editor, message)
                problems.append(message)
        return problems

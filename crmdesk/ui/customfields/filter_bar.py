"""The custom-field filters of a list: a “More filters…” button and the line of conditions in force.

The registry and the ticket board share it. Each condition is shown in words with a ✕ that
removes it; one condition per field (a new one replaces the old). The list reads
:attr:`CustomFilterBar.filters` when it builds its query and reloads on :attr:`changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from crmdesk.core.customfields import filters as custom_filters
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.customfields.filters import CustomFilter
from crmdesk.ui.customfields.filter_dialog import CustomFilterDialog


class CustomFilterBar(QObject):
    """The button that asks for a condition and the label that lists them (the owner lays both out)."""

    changed = Signal()  # a condition added or removed by the user

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.fields: list[FieldDef] = []
        self.filters: list[CustomFilter] = []
        self.last_dialog: QDialog | None = None
        self.button = QPushButton(self.tr("More filters…"))
        self.button.setToolTip(self.tr("Filter by a custom field (设置 → 自定义字段)"))
        self.button.clicked.connect(self._on_button_clicked)
        self.button.hide()  # until the list has custom fields
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.linkActivated.connect(self._on_label_link_activated)
        self.label.hide()

    def set_fields(self, field_list: list[FieldDef]) -> None:
        """The list's custom fields now; conditions on fields removed since are dropped."""
        self.fields = list(field_list)
        live = {f.id for f in self.fields}
        self.filters = [f for f in self.filters if f.field_id in live]
        self.button.setVisible(bool(self.fields))
        self._show()

    def set_filters(self, conditions: list[CustomFilter] | tuple[CustomFilter, ...]) -> None:
        """Show these conditions (a saved view chosen); no :attr:`changed`: the caller reloads."""
        self.filters = list(conditions)
        self._show()

    def add(self, condition: CustomFilter | None) -> None:
        """One more condition (replacing the field's previous one)."""
        if condition is None:
            return
        self.filters = [f for f in self.filters if f.field_id != condition.field_id] + [condition]
        self._show()
        self.changed.emit()

    def remove(self, index: int) -> None:
        """Drop the ``index``-th condition."""
        if 0 <= index < len(self.filters):
            del self.filters[index]
            self._show()
            self.changed.emit()

    def descriptions(self) -> list[str]:
        """The conditions in words (for the list's summary and an export's title)."""
        return [custom_filters.describe(f) for f in self.filters]

    def _show(self) -> None:
        links = [f'{text} <a href="{i}">✕</a>' for i, text in enumerate(self.descriptions())]
        self.label.setText(self.tr("Custom fields:") + " " + "　".join(links))
        self.label.setVisible(bool(links))

    def _on_button_clicked(self) -> None:
        dialog = CustomFilterDialog(self.fields, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add(dialog.result_filter))
        self.last_dialog = dialog
        dialog.open()

    def _on_label_link_activated(self, link: str) -> None:
        self.remove(int(link))

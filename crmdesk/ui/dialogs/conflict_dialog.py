"""Someone else saved the record while this form was open (several writers, issue #19).

The save wrote nothing (``core.store.versions``): the form still holds the user's values. This
dialog says who changed the record and when ("已被 李晓梅 于 10:42 修改") and offers:

- 重新载入 — discard mine and show the record as it is now;
- 比较 — field by field, mine beside the saved one (only the fields that differ);
- 覆盖 — save mine over the other change (the change log keeps both);
- 继续编辑 — close this and keep editing (Esc).

A record deleted meanwhile can only be closed: there is nothing to reload or overwrite.
It opens window-modal (``open()``) and says the choice through ``chosen``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.store.errors import ConflictError
from crmdesk.core.store.versions import Difference, differences
from crmdesk.ui import theme

RELOAD, OVERWRITE, KEEP = "reload", "overwrite", "keep"


class ConflictDialog(QDialog):
    """Who changed the record, and reload / compare / overwrite / keep editing."""

    chosen = Signal(str)  # RELOAD, OVERWRITE or KEEP

    def __init__(self, error: ConflictError, rows: list[Difference], labels: Mapping[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.setWindowTitle(self.tr("Changed by someone else"))
        layout = QVBoxLayout(self)
        heading = QLabel(error.message)
        heading.setWordWrap(True)
        heading.setStyleSheet(f"color: {theme.WARNING}; font-weight: bold; font-size: 14px;")
        layout.addWidget(heading)
        if error.gone:
            hint = self.tr("What you typed is still in the form, but the record can no longer be saved.")
        else:
            hint = self.tr("Your changes are not saved yet. Reload to see the record as it is now (your changes "
                           "are discarded), compare both versions field by field, or overwrite the other change "
                           "with yours.")
        self.hint_label = QLabel(hint)
        self.hint_label.setWordWrap(True)
        self.hint_label.setMinimumWidth(480)
        layout.addWidget(self.hint_label)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Yours (not saved)"), self.tr("Saved now")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, diff in enumerate(rows):
            for col, text in enumerate((labels.get(diff.field, diff.field), diff.mine, diff.theirs)):
                item = QTableWidgetItem(text or "—")
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        self.table.setMinimumHeight(160)
        self.table.hide()
        layout.addWidget(self.table, 1)
        self.same_label = QLabel(self.tr("The fields of this form are the same in both versions (the other change "
                                         "was elsewhere, e.g. a ticket's stage or a contact's role)."))
        self.same_label.setWordWrap(True)
        self.same_label.hide()
        layout.addWidget(self.same_label)
        self.buttons = QDialogButtonBox()
        self.reload_button = self._button(self.tr("Reload (discard mine)"), RELOAD)
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setCheckable(True)
        self.compare_button.toggled.connect(self._show_comparison)
        self.buttons.addButton(self.compare_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.overwrite_button = self._button(self.tr("Overwrite with mine"), OVERWRITE)
        keep = self._button(self.tr("Keep editing"), KEEP)
        for button in self.buttons.buttons():  # Enter keeps editing: nothing is lost by a reflex
            button.setAutoDefault(False)
        keep.setDefault(True)
        keep.setFocus()
        for button in (self.reload_button, self.compare_button, self.overwrite_button):
            button.setVisible(not error.gone)
        layout.addWidget(self.buttons)
        self.rows = rows

    def _button(self, text: str, choice: str) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _show_comparison(self, shown: bool) -> None:
        self.table.setVisible(shown and bool(self.rows))
        self.same_label.setVisible(shown and not self.rows)
        self.adjustSize()

    def _choose(self, choice: str) -> None:
        self.chosen.emit(choice)
        self.accept()

    def reject(self) -> None:  # Esc and the window's close button: keep editing
        self.chosen.emit(KEEP)
        super().reject()


def ask(parent: QWidget, error: ConflictError, mine: object, theirs: Callable[[], object],
        labels: Mapping[str, str], on_choice: Callable[[str], None], *,
        show: Mapping[str, Callable[[Any], str]] | None = None) -> ConflictDialog:
    """Open the conflict dialog over ``parent`` (window-modal); ``theirs`` reads the stored record as the
    form edits it (not called for a deleted one); ``on_choice`` gets RELOAD, OVERWRITE or KEEP; ``show``
    shows a field's value as the user reads it (a name for an id, a label for a key)."""
    rows = [] if error.gone else differences(mine, theirs(), show=show)
    dialog = ConflictDialog(error, rows, labels, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.chosen.connect(on_choice)
    dialog.open()
    return dialog

"""The caller search of the ticket form: who is on the phone?

Callers name themselves by company, by customer code or, most often, by the last digits of
their mobile (尾号) — or read the serial number off the machine's nameplate. The clerk types any
of these into one box; after a short pause the
matches appear below it (``core.tickets.records.find_callers``: the registry's search index and
the indexed mobile tails, never a scan of the customer table). Choosing a match sets the
customer and, for a phone match, the contact whose number it was; for a serial number, the machine.

The picker drives widgets of the Designer form (a line edit, a list and a label) rather than
owning them, so the form keeps its layout and object names.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem

from crmdesk.core.tickets import records as ticket_records
from crmdesk.core.tickets.records import Caller

DEBOUNCE_MS = 200
MAX_RESULTS = 20


class CustomerPicker(QObject):
    """Searches as the clerk types and reports the chosen caller."""

    chosen = Signal(object)  # Caller

    def __init__(self, edit: QLineEdit, results: QListWidget, value_label: QLabel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        self.results = results
        self.value_label = value_label
        self.callers: list[Caller] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        edit.textChanged.connect(self._on_edit_text_changed)
        edit.returnPressed.connect(self._on_edit_return_pressed)
        results.itemActivated.connect(self._on_results_item_activated)
        results.itemClicked.connect(self._on_results_item_activated)
        results.hide()

    def _on_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    def search_now(self) -> list[Caller]:
        """Run the search for the text in the box and show the matches."""
        self._timer.stop()
        text = self.edit.text().strip()
        self.callers = ticket_records.find_callers(text, MAX_RESULTS) if text else []
        self.results.clear()
        for caller in self.callers:
            item = QListWidgetItem(self.describe(caller))
            item.setData(Qt.ItemDataRole.UserRole, caller.customer_id)
            self.results.addItem(item)
        if text and not self.callers:
            item = QListWidgetItem(self.tr("No customer matches “%1”.").replace("%1", text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results.setVisible(bool(text))
        return self.callers

    def describe(self, caller: Caller) -> str:
        """One line of the match list: code, name, the matched contact and its masked mobile, or the
        machine whose serial number matched, with its cover."""
        parts = [f"{caller.code}  {caller.name}"]
        if caller.contact_name:
            parts.append(f"{caller.contact_name} {caller.mobile_masked}".strip())
        if caller.equipment:
            parts.append(caller.equipment)
        text = "  ·  ".join(parts)
        return text + "  " + self.tr("(archived)") if caller.archived else text

    def _on_edit_return_pressed(self) -> None:
        callers = self.search_now()
        if len(callers) == 1:
            self.choose(callers[0])
        elif callers:
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        row = self.results.row(item)
        if 0 <= row < len(self.callers):
            self.choose(self.callers[row])

    def choose(self, caller: Caller) -> None:
        """Take ``caller`` as the ticket's customer."""
        self.results.hide()
        self.value_label.setText(self.describe(caller))
        self.chosen.emit(caller)

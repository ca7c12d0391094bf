"""The items behind a number of the reports tab: tickets, callbacks, surveys or customers.

Opened from a KPI card, a chart's point or bar, or a cell of the 12-month table. It shows how
the number is made (the KPI's formula), how many items there are and, for a rate, how many count
above the line (marked 是/否 in the last column), then the items. A double-click opens one: a
ticket (or a survey's or callback's ticket) in the ticket form, a customer in its dossier.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core.reports.items import Detail, Row
from crmdesk.ui import theme
from crmdesk.ui.customers.dossier import open_dossier
from crmdesk.ui.followups.actions import open_ticket
from crmdesk.ui.widgets import DONE, fill_table, make_readonly_table


class KpiDetailDialog(QDialog):
    """One number's items; double-click opens an item."""

    def __init__(self, detail: Detail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.opened: QDialog | None = None
        self.setWindowTitle(detail.title)
        layout = QVBoxLayout(self)
        formula = QLabel(self.tr("How it is counted: %1").replace("%1", detail.formula))
        formula.setWordWrap(True)
        layout.addWidget(formula)
        self.count_label = QLabel(self._count_text())
        layout.addWidget(self.count_label)
        self.table = make_readonly_table(QTableWidget(), detail.columns)
        rows = detail.rows
        fill_table(self.table, [r.cells for r in rows], ids=list(range(len(rows))),
                   colors=[DONE if r.counted is False else None for r in rows])
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        layout.addWidget(self.table, 1)
        hint = QLabel(self.tr("Double-click a line to open it."))
        hint.setStyleSheet(theme.text_style(theme.MUTED))
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1000, 560)

    def _count_text(self) -> str:
        d = self.detail
        text = self.tr("%n item(s)", "", d.total)
        if any(r.counted is not None for r in d.rows):
            share = f"{d.counted / len(d.rows) * 100:.1f}%" if d.rows else "—"
            text += self.tr(", of which %1 count (%2)").replace("%1", str(d.counted)).replace("%2", share)
        if d.total > len(d.rows):
            text += self.tr("; the first %1 are listed").replace("%1", str(len(d.rows)))
        return text

    def row(self, index: int) -> Row:
        """The item on line ``index`` of the table (as sorted on screen)."""
        return self.detail.rows[self.table.item(index, 0).data(Qt.ItemDataRole.UserRole)]

    def open_item(self, index: int) -> QDialog | None:
        """Open the item on line ``index``: its ticket, else its customer's dossier."""
        item = self.row(index)
        self.opened = open_ticket(self, item.ticket_id) if item.ticket_id else open_dossier(self, item.customer_id)
        return self.opened

    def _on_table_double_clicked(self, index) -> None:
        self.open_item(index.row())


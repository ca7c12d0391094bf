"""满意度报表: headline numbers of the month and the last twelve months."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core import overview
from crmdesk.core.changes import Changes
from crmdesk.core.models import database_proxy
from crmdesk.ui.widgets import fill_table, make_readonly_table


class KpiCard(QFrame):
    """A titled number."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title_label = QLabel(title)
        self.value_label = QLabel("-")
        self.value_label.setStyleSheet("font-size: 22px; font-weight: bold;")
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)


class ReportsTab(QWidget):
    """KPI cards for the current month and a 12-month table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        cards = QGridLayout()
        self.received_card = KpiCard(self.tr("Tickets received this month"))
        self.resolved_card = KpiCard(self.tr("Tickets resolved this month"))
        self.complaints_card = KpiCard(self.tr("Complaints this month"))
        self.csat_card = KpiCard(self.tr("Satisfaction (CSAT, 1–5)"))
        for i, card in enumerate([self.received_card, self.resolved_card, self.complaints_card, self.csat_card]):
            cards.addWidget(card, 0, i)
        layout.addLayout(cards)
        layout.addWidget(QLabel(self.tr("Last 12 months")))
        self.table = make_readonly_table(QTableWidget(self), [
            self.tr("Month"), self.tr("Received"), self.tr("Resolved"), self.tr("Complaints"),
            self.tr("CSAT"), self.tr("Score (of 100)"), self.tr("Surveys")])
        layout.addWidget(self.table)

    def refresh(self, changes: Changes | None = None) -> None:
        """Recompute the numbers."""
        if changes is not None and not changes.touches("tickets", "surveys"):
            return
        months = overview.monthly_summary(database_proxy.obj)
        current = months[-1]
        self.received_card.value_label.setText(str(current.received))
        self.resolved_card.value_label.setText(str(current.resolved))
        self.complaints_card.value_label.setText(str(current.complaints))
        self.csat_card.value_label.setText("-" if current.csat is None else f"{current.csat:.2f}")
        rows = [[m.month, m.received, m.resolved, m.complaints, "" if m.csat is None else f"{m.csat:.2f}",
                 "" if m.csat is None else f"{m.csat * 20:.1f}", m.surveys] for m in reversed(months)]
        fill_table(self.table, rows)

"""工单看板: the tickets by stage (the board with cards and SLA colours comes with the ticket issue)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core import overview
from crmdesk.core.changes import Changes
from crmdesk.core.models import database_proxy
from crmdesk.ui import labels
from crmdesk.ui.widgets import OVERDUE, fill_table, make_readonly_table

OPEN_STAGES = ["received", "classified", "dispatched", "in_progress"]


class TicketsTab(QWidget):
    """Stage counts and the list of tickets, filtered by stage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.counts_label = QLabel()
        top.addWidget(self.counts_label, 1)
        top.addWidget(QLabel(self.tr("Show:")))
        self.stage_combo = QComboBox()
        self.stage_combo.addItem(self.tr("Open tickets"), OPEN_STAGES)
        self.stage_combo.addItem(self.tr("All tickets"), None)
        for stage in labels.STAGES:
            self.stage_combo.addItem(labels.stage(stage), [stage])
        self.stage_combo.currentIndexChanged.connect(self._on_stage_combo_changed)
        top.addWidget(self.stage_combo)
        layout.addLayout(top)
        self.table = make_readonly_table(QTableWidget(self), [
            self.tr("Number"), self.tr("Customer"), self.tr("Category"), self.tr("Priority"), self.tr("Stage"),
            self.tr("Assignee"), self.tr("Created"), self.tr("Resolution due")])
        layout.addWidget(self.table)

    def _on_stage_combo_changed(self, _index: int) -> None:
        self.refresh()

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload counts and the list."""
        if changes is not None and not changes.touches("tickets", "customers"):
            return
        db = database_proxy.obj
        counts = overview.stage_counts(db)
        self.counts_label.setText("  ".join(f"{labels.stage(s)} {counts.get(s, 0)}" for s in labels.STAGES))
        lines = overview.tickets(db, stages=self.stage_combo.currentData())
        now = dt.datetime.now()
        rows, colors = [], []
        for t in lines:
            rows.append([t.number, t.customer, labels.category(t.category), labels.priority(t.priority),
                         labels.stage(t.stage), t.assignee, t.created_at.strftime("%Y-%m-%d %H:%M") if t.created_at else "",
                         t.resolution_due.strftime("%Y-%m-%d %H:%M") if t.resolution_due else ""])
            late = t.stage in OPEN_STAGES and t.resolution_due is not None and t.resolution_due < now
            colors.append(OVERDUE if late else None)
        fill_table(self.table, rows, ids=[t.id for t in lines], colors=colors)

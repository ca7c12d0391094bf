"""今日待办: what needs doing today, opened on start."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core import overview
from crmdesk.core.changes import Changes
from crmdesk.core.models import database_proxy
from crmdesk.ui import labels
from crmdesk.ui.widgets import OVERDUE, WARNING, fill_table, make_readonly_table


class TodayTab(QWidget):
    """Due and overdue follow-ups and callbacks, tickets near or past due, 重大 complaints."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary_label = QLabel()
        layout.addWidget(self.summary_label)
        self.table = make_readonly_table(QTableWidget(self), [
            self.tr("Kind"), self.tr("Due"), self.tr("Customer"), self.tr("What"), self.tr("Details")])
        layout.addWidget(self.table)
        self.items: list[overview.AgendaItem] = []

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the list (on start and when follow-ups or tickets change)."""
        if changes is not None and not changes.touches("followups", "tickets", "customers"):
            return
        now = dt.datetime.now()
        self.items = overview.today_items(database_proxy.obj, now)
        rows, colors = [], []
        for item in self.items:
            detail = " · ".join(self._detail_parts(item))
            rows.append([labels.agenda_kind(item.kind), item.when.strftime("%m-%d %H:%M") if item.when else "",
                         item.customer, item.title, detail])
            colors.append(OVERDUE if item.overdue or item.kind == "complaint" else
                          WARNING if item.kind == "ticket" else None)
        fill_table(self.table, rows, ids=[item.id for item in self.items], colors=colors)
        overdue = sum(1 for item in self.items if item.overdue)
        critical = sum(1 for item in self.items if item.kind == "complaint")
        self.summary_label.setText(self.tr("%n item(s) to do today", "", len(self.items)) + "  ·  "
                                   + self.tr("%n overdue", "", overdue) + "  ·  "
                                   + self.tr("%n critical complaint(s)", "", critical))

    @staticmethod
    def _detail_parts(item: overview.AgendaItem) -> list[str]:
        parts = item.detail.split("|")
        if item.kind in ("ticket", "complaint"):
            return [labels.priority(parts[0]), labels.stage(parts[1])]
        return [labels.method(parts[0]), labels.followup_status(parts[1]), parts[2]]

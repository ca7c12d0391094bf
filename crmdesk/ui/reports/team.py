"""The reports tab's 人员与部门 page: per-person and per-department KPIs of the period, the period before
beside each figure (docs/spec.md §13, ``core.reports.team``).

One table, by person or by department (a switch above it): received, resolved, mean first response
and resolution times, on-time response and resolution, one-time resolution, CSAT. Each cell shows
the period's figure and, in brackets, the previous period's; green when better, red when worse
(volumes are not judged). Computed on the reader thread with the rest of the tab.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.reports.kpi import Kpi, Period
from crmdesk.core.reports.team import TEAM_KEYS, TeamKpis, TeamRow
from crmdesk.ui import theme
from crmdesk.ui.operations import org as org_ops
from crmdesk.ui.reports.cards import format_value
from crmdesk.ui.widgets import make_readonly_table


class TeamPanel(QWidget):
    """Per-person / per-department KPIs with the previous period in brackets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people_button = QRadioButton(self.tr("By person"))
        self.departments_button = QRadioButton(self.tr("By department"))
        self.people_button.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.people_button, self.departments_button):
            group.addButton(button)
        self.note_label = QLabel()
        self.note_label.setStyleSheet(theme.text_style(theme.MUTED))
        bar = QHBoxLayout()
        bar.addWidget(self.people_button)
        bar.addWidget(self.departments_button)
        bar.addStretch(1)
        bar.addWidget(self.note_label)
        titles = {"received": self.tr("Received"), "resolved": self.tr("Resolved"),
                  "response_hours": self.tr("Mean first response"), "on_time_response": self.tr("On-time response"),
                  "resolution_hours": self.tr("Mean resolution time"),
                  "on_time_resolution": self.tr("On-time resolution"), "one_time_rate": self.tr("One-time resolution"),
                  "csat": self.tr("CSAT")}
        self.table = make_readonly_table(QTableWidget(), [self.tr("Name"), self.tr("Department")]
                                         + [titles[k] for k in TEAM_KEYS])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.team: TeamKpis | None = None
        group.buttonToggled.connect(lambda _b, on: on and self.show_team(self.team))

    def load(self, period: Period) -> None:
        """Compute the period's team KPIs in the background and show them."""
        team_ops = org_ops.team_kpis(self, period, dt.datetime.now().replace(microsecond=0))
        team_ops.success(self.show_team).run()

    def show_team(self, team: TeamKpis | None) -> None:
        """Fill the table from computed team KPIs (people or departments, as switched)."""
        self.team = team
        if team is None:
            return
        self.note_label.setText(self.tr("%1; in brackets: %2").replace("%1", team.period.label)
                                .replace("%2", team.previous_period.label))
        rows: list[TeamRow] = team.people if self.people_button.isChecked() else team.departments
        self.table.setColumnHidden(1, not self.people_button.isChecked())
        self.table.horizontalHeaderItem(0).setText(self.tr("Name") if self.people_button.isChecked()
                                                   else self.tr("Department"))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = row.name if row.active else self.tr("%1 (left)").replace("%1", row.name)
            self.table.setItem(r, 0, QTableWidgetItem(name))
            self.table.setItem(r, 1, QTableWidgetItem(row.department))
            for c, key in enumerate(TEAM_KEYS, start=2):
                self.table.setItem(r, c, _cell(row.get(key)))
        self.table.resizeColumnsToContents()


def _cell(k: Kpi) -> QTableWidgetItem:
    unit = k.definition.unit
    item = QTableWidgetItem(f"{format_value(unit, k.value)}（{format_value(unit, k.previous)}）")
    change = k.change
    if change and k.definition.judged:
        better = (change > 0) == k.definition.higher_is_better
        item.setForeground(QBrush(QColor(theme.OK if better else theme.ERROR)))
    return item

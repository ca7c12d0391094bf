"""The reports tab's 设备 page: tickets by product model, repeat faults per serial number, in/out of warranty.

Three figures on top (tickets about machines, the repeat-fault rate, the share in warranty), then
the table by model, the machines that came back within 30 days, and a bar per cover state. The
numbers come from ``core.reports.equipment`` for the period the tab shows; a click on a figure, a
double-click on a line or a click on a bar lists the tickets behind it (``KpiDetailDialog``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.reports import equipment as report
from crmdesk.core.reports.items import Detail
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.models import WARRANTY_STATES
from crmdesk.ui import labels, theme
from crmdesk.ui.operations import reports as reports_ops
from crmdesk.ui.reports.charts import BarChart
from crmdesk.ui.widgets import fill_table, make_readonly_table


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


class EquipmentReportPage(QWidget):
    """The equipment KPIs of a period (see the module documentation)."""

    def __init__(self, show_detail: Callable[[Detail], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_detail = show_detail
        self.report: report.EquipmentReport | None = None
        layout = QVBoxLayout(self)
        figures = QGridLayout()
        self.linked_button = self._figure()
        self.repeat_button = self._figure()
        self.share_button = self._figure()
        for column, (title, button) in enumerate(((self.tr("Tickets about a machine"), self.linked_button),
                                                  (self.tr("Repeat faults within 30 days"), self.repeat_button),
                                                  (self.tr("Share in warranty or under contract"),
                                                   self.share_button))):
            caption = QLabel(title)
            caption.setStyleSheet(theme.text_style(theme.HINT))
            figures.addWidget(caption, 0, column)
            figures.addWidget(button, 1, column)
        layout.addLayout(figures)
        grid = QGridLayout()
        self.models_table = make_readonly_table(QTableWidget(), [
            self.tr("Product model"), self.tr("Tickets"), self.tr("Faults"), self.tr("Machines"), self.tr("Share")])
        self.repeats_table = make_readonly_table(QTableWidget(), [
            self.tr("Customer"), self.tr("Model"), self.tr("Serial number"), self.tr("Repeats"),
            self.tr("Faults in period")])
        self.cover_chart = BarChart(self.tr("Tickets by the machine's cover that day"))
        grid.addWidget(QLabel(self.tr("Tickets by product model")), 0, 0)
        grid.addWidget(QLabel(self.tr("Machines back with a fault within 30 days")), 0, 1)
        grid.addWidget(self.models_table, 1, 0)
        grid.addWidget(self.repeats_table, 1, 1)
        grid.addWidget(self.cover_chart, 0, 2, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 3)
        layout.addLayout(grid, 1)
        self.note_label = QLabel()
        self.note_label.setStyleSheet(theme.text_style(theme.MUTED))
        self.note_label.setWordWrap(True)
        layout.addWidget(self.note_label)
        self.linked_button.clicked.connect(lambda: self._open("warranty"))
        self.repeat_button.clicked.connect(lambda: self._open("repeats"))
        self.share_button.clicked.connect(lambda: self._open("warranty"))
        self.models_table.itemDoubleClicked.connect(self._on_models_table_double_clicked)
        self.repeats_table.itemDoubleClicked.connect(self._on_repeats_table_double_clicked)
        self.cover_chart.point_activated.connect(self._on_cover_chart_point_activated)

    @staticmethod
    def _figure() -> QPushButton:
        button = QPushButton("—")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setStyleSheet(theme.text_style(theme.FIGURE, bold=True, size=22) + " text-align: left;")
        return button

    def load(self, period: Period) -> None:
        """Compute the figures of ``period`` in the background and show them."""
        reports_ops.equipment_report(self, period).success(self.show_report).run()

    def show_report(self, found: report.EquipmentReport) -> None:
        """Fill the figures, tables and chart."""
        self.report = found
        self.linked_button.setText(str(found.linked))
        self.repeat_button.setText(f"{_percent(found.repeat_rate)}（{found.repeat_count}）")
        self.share_button.setText(_percent(found.in_warranty_share))
        fill_table(self.models_table, [[m.model, str(m.tickets), str(m.faults), str(m.machines), _percent(m.share)]
                                       for m in found.by_model])
        fill_table(self.repeats_table, [[r.customer, r.model, r.serial, str(r.repeats), str(r.faults)]
                                        for r in found.repeats], ids=[r.equipment_id for r in found.repeats])
        states = list(WARRANTY_STATES)
        self.cover_chart.set_data([labels.warranty_state(s) for s in states],
                                  [(self.tr("Tickets"), [found.warranty.get(s, 0) for s in states])],
                                  value_format=lambda v: f"{v:.0f}")
        self.note_label.setText(self.tr("%1 ticket(s) of the period name no machine; they are not counted here.")
                                .replace("%1", str(found.unlinked)))

    def _open(self, what: str, value: object = None) -> None:
        if self.report is not None:
            reports_ops.equipment_detail(self, self.report.period, what, value).success(self.show_detail).run()

    def _on_models_table_double_clicked(self, item) -> None:
        if self.report is not None and 0 <= item.row() < len(self.report.by_model):
            key = self.report.by_model[item.row()].model_key
            self._open("model", key)

    def _on_repeats_table_double_clicked(self, item) -> None:
        machine = self.repeats_table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        if machine is not None:
            self._open("repeats", int(machine))

    def _on_cover_chart_point_activated(self, _series: int, index: int) -> None:
        state = list(WARRANTY_STATES)[index]
        self._open("warranty", state)

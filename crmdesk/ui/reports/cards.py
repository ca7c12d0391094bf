"""KPI cards of the reports tab: the value, the change against the previous period, the target.

Numbers are formatted by ``core.reports.kpi`` as in the PDF, with the units translated for the UI.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from crmdesk.core.reports import kpi
from crmdesk.core.reports.kpi import Kpi
from crmdesk.ui import theme

GOOD, BAD, NEUTRAL = theme.OK, theme.ERROR, theme.MUTED


def _hours() -> str:
    # literal translate() calls, so that lupdate finds the strings
    return QCoreApplication.translate("KpiCard", "%1 h").replace("%1", "{}")


def _points() -> str:
    return QCoreApplication.translate("KpiCard", "%1 pp").replace("%1", "{}")


def format_value(unit: str, value: float | None) -> str:
    """A KPI value for the screen: 85.7%, 20.6 h, 4.49, 89.8, 1234 (``core.reports.kpi`` with translated units)."""
    return kpi.format_value(unit, value, hours=_hours())


def format_change(k: Kpi) -> str:
    """The change against the previous period, signed: +1.2 pp, -0.05, +651."""
    return kpi.format_change(k, hours=_hours(), points=_points(), relative=False)


class KpiCard(QFrame):
    """One KPI: title, value, change (green when better, red when worse) and target. A click emits
    ``activated(key)``: the reports tab lists the items behind the number."""

    activated = Signal(str)

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Click to see what is behind this number"))
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        self.title_label = QLabel(title)
        self.title_label.setWordWrap(True)
        self.value_label = QLabel("—")
        self.value_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.change_label = QLabel()
        self.target_label = QLabel()
        for label in (self.title_label, self.value_label, self.change_label, self.target_label):
            layout.addWidget(label)

    def show_kpi(self, k: Kpi) -> None:
        """Fill the card from a KPI of the service."""
        unit = k.definition.unit
        self.value_label.setText(format_value(unit, k.value))
        improved = k.improved
        color = NEUTRAL if improved is None else (GOOD if improved else BAD)
        self.change_label.setText(self.tr("vs. previous: %1").replace("%1", format_change(k)))
        self.change_label.setStyleSheet(f"color: {color};")
        if k.definition.target is None:
            self.target_label.setText("")
            return
        sign = "≥" if k.definition.higher_is_better else "≤"
        target = f"{sign} {format_value(unit, k.definition.target)}"
        met = k.met
        if met is None:
            self.target_label.setText(self.tr("Target %1").replace("%1", target))
            self.target_label.setStyleSheet(f"color: {NEUTRAL};")
        else:
            text = self.tr("Target %1 — met") if met else self.tr("Target %1 — missed")
            self.target_label.setText(text.replace("%1", target))
            self.target_label.setStyleSheet(f"color: {GOOD if met else BAD};")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.key)

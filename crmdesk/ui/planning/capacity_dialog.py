"""设置 → 跟进容量: follow-ups per working day, for the firm and per person, against the policy's demand.

One row per active staff member: the customers they look after, the follow-ups a working day the
tier policy asks for them (cadence and the weekly 挽回 calls), and their capacity (blank: the firm's
default). The summary line says it plainly — 策略每天需要约 N 次跟进，团队容量 M 次 — and turns red
when someone is over. Saving stores the numbers and re-plans the cadence window with them (the
planner places follow-ups within each person's capacity).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import staff
from crmdesk.core.followups import planner
from crmdesk.core.store.changes import Changes
from crmdesk.ui import crash, labels, theme
from crmdesk.ui.operations import followups as followups_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import OVERDUE


def capacity_spin(value: int | None, default: int) -> QSpinBox:
    """A person's follow-ups per working day; the lowest entry reads "default (N)" (no own number)."""
    spin = QSpinBox()
    spin.setRange(-1, planner.MAX_CAPACITY)
    spin.setSpecialValueText(QCoreApplication.translate("CapacityDialog", "default (%1)").replace("%1", str(default)))
    spin.setValue(-1 if value is None else value)
    return spin


class SummaryLabel(QLabel):
    """The policy's demand against the team's capacity in one line (red when it does not fit);
    the settings dialog can show it under its tier policy editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.load()

    def load(self) -> None:
        """Measure again (after the policy, the customers or the capacities changed)."""
        demand = planner.demand()
        warning = demand.warning()
        self.setText(warning or demand.summary())
        self.setStyleSheet(theme.text_style(theme.ERROR, bold=True) if warning else theme.text_style(theme.OK))


class CapacityDialog(QDialog):
    """The firm's default and each person's capacity, with what the policy asks of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Follow-up capacity"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("How many planned follow-ups (calls, visits, e-mails) a person can make on a working "
                               "day besides the phone and the tickets. The planner never puts more on a day; what the "
                               "tier policy asks beyond it is not planned, and said here and on Today."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.default_spin = QSpinBox()
        self.default_spin.setRange(0, planner.MAX_CAPACITY)
        self.default_spin.setValue(planner.default_capacity())
        self.default_spin.setSuffix(self.tr(" a working day"))
        form.addRow(self.tr("Firm-wide default"), self.default_spin)
        layout.addLayout(form)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Staff"), self.tr("Role"), self.tr("Customers"),
                                              self.tr("Policy asks a day"), self.tr("Capacity a day")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.summary = SummaryLabel()
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.spins: dict[int, QSpinBox] = {}
        self.load()
        self.resize(720, 480)

    def load(self) -> None:
        """Fill the table from the staff, their customers and the capacities."""
        demand = {p.staff_id: p for p in planner.demand().people}
        own, default = planner.staff_capacities(), planner.default_capacity()
        members = staff.active_staff()
        self.table.setRowCount(len(members))
        self.spins.clear()
        for row, member in enumerate(members):
            need = demand.get(member.id)
            cells = [member.name, labels.staff_role(member.role),
                     str(need.customers if need else 0), f"{need.need:.1f}" if need else "0"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if need is not None and need.over and col == 3:
                    item.setForeground(OVERDUE)
                self.table.setItem(row, col, item)
            spin = capacity_spin(own.get(member.id), default)
            self.spins[member.id] = spin
            self.table.setCellWidget(row, 4, spin)
        self.table.resizeColumnsToContents()

    def values(self) -> tuple[int, dict[int, int | None]]:
        """(the default, each person's own number or ``None``)."""
        return self.default_spin.value(), {sid: (None if spin.value() < 0 else spin.value())
                                           for sid, spin in self.spins.items()}

    def _on_buttons_accepted(self) -> None:
        default, by_staff = self.values()
        self.buttons.setEnabled(False)

        def done(_changes: Changes) -> None:
            get_broadcaster().message.emit(self.tr("Capacities saved; the follow-ups were re-planned."))
            self.accept()

        followups_ops.save_capacities(self, default, by_staff).success(done) \
            .failure(lambda error: crash.show_known_error(error, self)) \
            .finally_(lambda: self.buttons.setEnabled(True)).run()

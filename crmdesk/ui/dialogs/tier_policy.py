"""设置 → 客户等级策略: the tier policy as one form per tier (a page each: 战略, 核心, 普通, 休眠).

A page holds how a customer earns the tier (annual amount, months of cooperation), the response
and resolution hours it is promised per priority (0 = the general service times), its follow-up
cadence as rows (what, how, every how many days) and the questions of its callback as a list
of the survey dimensions. The settings dialog loads the rows of ``core.customers.tiers.policy`` into it
and saves what ``rows()`` returns with the rest of the settings, in one transaction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import tier_policy
from crmdesk.core.store.errors import ValidationError
from crmdesk.ui import labels, theme

PRIORITIES = ("urgent", "important", "normal")
METHODS = ("phone", "visit", "email", "wechat", "sms")


def _hours_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, 240)
    spin.setDecimals(1)
    spin.setSingleStep(1)
    spin.setSuffix(" h")
    return spin


class TierPage(QWidget):
    """The form of one tier."""

    def __init__(self, tier: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tier = tier
        layout = QVBoxLayout(self)

        earn = QGroupBox(self.tr("How a customer earns this tier"))
        earn_form = QFormLayout(earn)
        self.amount_check = QCheckBox(self.tr("Annual orders at least"))
        self.amount_spin = QDoubleSpinBox()
        self.amount_spin.setRange(0, 100_000)
        self.amount_spin.setDecimals(1)
        self.amount_spin.setSuffix(self.tr(" ten thousand yuan"))
        self.months_check = QCheckBox(self.tr("Cooperating for at least"))
        self.months_spin = QSpinBox()
        self.months_spin.setRange(0, 600)
        self.months_spin.setSuffix(self.tr(" months"))
        for check, spin in ((self.amount_check, self.amount_spin), (self.months_check, self.months_spin)):
            check.toggled.connect(spin.setEnabled)
            spin.setEnabled(False)
            earn_form.addRow(check, spin)
        layout.addWidget(earn)

        times = QGroupBox(self.tr("Service times for this tier (0 = the general service times)"))
        times_form = QFormLayout(times)
        self.response_spins: dict[str, QDoubleSpinBox] = {}
        self.resolution_spins: dict[str, QDoubleSpinBox] = {}
        for title, spins in ((self.tr("Response"), self.response_spins),
                             (self.tr("Resolution"), self.resolution_spins)):
            row = QHBoxLayout()
            for priority in PRIORITIES:
                spin = _hours_spin()
                spin.setSpecialValueText(self.tr("general"))
                spins[priority] = spin
                row.addWidget(QLabel(labels.priority(priority)))
                row.addWidget(spin, 1)
            times_form.addRow(title, row)
        hint = QLabel(self.tr("Hours count the calendar for urgent tickets and working time for the others."))
        hint.setWordWrap(True)
        hint.setStyleSheet(theme.text_style(theme.SECONDARY))
        times_form.addRow(hint)
        layout.addWidget(times)

        cadence = QGroupBox(self.tr("Follow-up cadence"))
        cadence_layout = QVBoxLayout(cadence)
        self.cadence_table = QTableWidget(0, 3)
        self.cadence_table.setHorizontalHeaderLabels([self.tr("What"), self.tr("Method"), self.tr("Every")])
        self.cadence_table.verticalHeader().hide()
        self.cadence_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.cadence_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.cadence_table.setMinimumHeight(110)
        self.cadence_table.setMaximumHeight(190)
        cadence_layout.addWidget(self.cadence_table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add a line"))
        self.remove_button = QPushButton(self.tr("Remove the line"))
        self.add_button.clicked.connect(lambda: self.add_cadence("", "phone", 30, edit=True))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        cadence_layout.addLayout(buttons)
        lists = QHBoxLayout()  # the cadence lines and the questions side by side: one screen, no scrolling
        lists.addWidget(cadence, 3)

        questions = QGroupBox(self.tr("Questions of the callback"))
        questions_layout = QVBoxLayout(questions)
        self.questions_list = QListWidget()
        for key in labels.DIMENSIONS:
            item = QListWidgetItem(labels.dimension(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            if key == "overall":  # every callback asks it: it is the ticket's satisfaction
                flags = Qt.ItemFlag.ItemIsEnabled
                item.setToolTip(self.tr("Every callback asks it: it is the ticket's satisfaction."))
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.questions_list.addItem(item)
        self.questions_list.setMaximumHeight(self.questions_list.sizeHintForRow(0) * len(labels.DIMENSIONS) + 8)
        questions_layout.addWidget(self.questions_list)
        questions_layout.addStretch(1)
        lists.addWidget(questions, 1)
        layout.addLayout(lists)
        layout.addStretch(1)

    # -- cadence rows
    def add_cadence(self, purpose: str, method: str, every_days: int, *, edit: bool = False) -> int:
        """Append a cadence line; returns its row."""
        table = self.cadence_table
        row = table.rowCount()
        table.insertRow(row)
        purpose_edit = QLineEdit(purpose)
        purpose_edit.setPlaceholderText(self.tr("e.g. 月度拜访"))
        method_combo = QComboBox()
        for key in METHODS:
            method_combo.addItem(labels.method(key), key)
        method_combo.setCurrentIndex(max(0, method_combo.findData(method)))
        days_spin = QSpinBox()
        days_spin.setRange(1, 366)
        days_spin.setPrefix(self.tr("every "))
        days_spin.setSuffix(self.tr(" days"))
        days_spin.setValue(every_days)
        table.setCellWidget(row, 0, purpose_edit)
        table.setCellWidget(row, 1, method_combo)
        table.setCellWidget(row, 2, days_spin)
        table.resizeColumnToContents(1)
        table.resizeColumnToContents(2)
        if edit:
            table.setCurrentCell(row, 0)
            purpose_edit.setFocus()
        return row

    def _on_remove_button_clicked(self) -> None:
        row = self.cadence_table.currentRow()
        if row < 0 and self.cadence_table.rowCount():
            row = self.cadence_table.rowCount() - 1
        if row >= 0:
            self.cadence_table.removeRow(row)

    # -- load and collect
    def load(self, row: tier_policy.PolicyRow) -> None:
        """Show one row of the tier policy."""
        self.amount_check.setChecked(row.min_annual_fen is not None)
        self.amount_spin.setValue((row.min_annual_fen or 0) / 1_000_000)
        self.months_check.setChecked(row.min_coop_months is not None)
        self.months_spin.setValue(row.min_coop_months or 0)
        for hours, spins in ((row.response_hours, self.response_spins),
                             (row.resolution_hours, self.resolution_spins)):
            for priority, spin in spins.items():
                spin.setValue(float(hours.get(priority) or 0))
        self.cadence_table.setRowCount(0)
        for line in row.cadence:
            self.add_cadence(str(line.get("purpose", "")), str(line.get("method", "phone")),
                             int(line.get("every_days", 30)))
        asked = set(row.questionnaire) | {"overall"}
        for index in range(self.questions_list.count()):
            item = self.questions_list.item(index)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if key in asked else Qt.CheckState.Unchecked)

    def row(self) -> tier_policy.PolicyRow:
        """The tier's policy as entered; a cadence line without a purpose is refused, naming it."""
        cadence = []
        for line in range(self.cadence_table.rowCount()):
            purpose = self.cadence_table.cellWidget(line, 0).text().strip()
            if not purpose:
                raise ValidationError("cadence", self.tr("%1, follow-up line %2: say what the follow-up is for")
                                      .replace("%1", labels.tier(self.tier)).replace("%2", str(line + 1)),
                                      labels.tier(self.tier))
            cadence.append({"purpose": purpose, "method": self.cadence_table.cellWidget(line, 1).currentData(),
                            "every_days": self.cadence_table.cellWidget(line, 2).value()})
        questions = [self.questions_list.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.questions_list.count())
                     if self.questions_list.item(i).checkState() == Qt.CheckState.Checked]
        return tier_policy.PolicyRow(
            self.tier,
            round(self.amount_spin.value() * 1_000_000) if self.amount_check.isChecked() else None,
            self.months_spin.value() if self.months_check.isChecked() else None,
            {p: s.value() for p, s in self.response_spins.items() if s.value() > 0}, cadence, questions,
            {p: s.value() for p, s in self.resolution_spins.items() if s.value() > 0})


class TierPolicyEditor(QTabWidget):
    """A page per tier, each scrolling inside itself on a small screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, TierPage] = {}
        for tier in tier_policy.TIER_ORDER:
            page = TierPage(tier)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.pages[tier] = page
            self.addTab(scroll, labels.tier(tier))

    def load(self, rows: list[tier_policy.PolicyRow]) -> None:
        """Show the tier policy table."""
        for row in rows:
            if row.tier in self.pages:
                self.pages[row.tier].load(row)

    def rows(self) -> list[tier_policy.PolicyRow]:
        """Every tier's policy as entered (the page with a refusal is shown)."""
        out = []
        for index, page in enumerate(self.pages.values()):
            try:
                out.append(page.row())
            except ValidationError:
                self.setCurrentIndex(index)
                raise
        return out

"""The routing table (分派规则) as the owner edits it: one line a rule, first match wins.

Each line: the conditions (ticket type, complaint types, product models, customer tier; empty
means any), the responsible department, how the person is picked (default person, in turn, least
open work) and among which role, and the rule's own SLA where it differs from the firm's (e.g.
需求建议: an answer within 3 working days). Lines are added, removed and moved here and saved as
a whole with 保存规则 (``core.org.rules.save_table`` checks every line and names the one refused).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import settings
from crmdesk.core.org import departments, rules
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import TICKET_CATEGORIES, TIERS
from crmdesk.ui import labels
from crmdesk.ui.crash import show_known_error
from crmdesk.ui.dialogs.org_sheets_bar import SheetBar
from crmdesk.ui.dialogs.staff_dialog import ROLE_KEYS, role_label
from crmdesk.ui.operations import org as org_ops
from crmdesk.ui.operations.runner import get_broadcaster

# columns of the table
CATEGORY, COMPLAINT, MODEL, TIER, DEPARTMENT, PICK, ROLE, RESPONSE, RESOLUTION, UNIT, NOTE, ACTIVE = range(12)


class RoutingEditor(QWidget):
    """The rules as a table of editors, with add, remove, up, down and save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 12)
        self.table.setHorizontalHeaderLabels([
            self.tr("Ticket type"), self.tr("Complaint types"), self.tr("Product models"), self.tr("Tier"),
            self.tr("Responsible department"), self.tr("Pick"), self.tr("Only role"), self.tr("Response (h)"),
            self.tr("Resolution"), self.tr("Unit"), self.tr("Note"), self.tr("On")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(True)  # the rule's number
        hint = QLabel(self.tr("The first line that matches a new ticket decides its department and proposed person; "
                              "an empty condition matches anything. 严重/重大 complaints go to the department's head. "
                              "Several complaint types or models: separate them with 、"))
        hint.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add rule"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Up"))
        self.down_button = QPushButton(self.tr("Down"))
        self.save_button = QPushButton(self.tr("Save rules"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.sheet_bar = SheetBar(self, "routing", self.load)  # 分派规则表 to edit in Excel and import back
        buttons.addLayout(self.sheet_bar)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.ids: list[int | None] = []
        self.add_button.clicked.connect(lambda: self.add_rule(rules.RuleRow(None)))
        self.remove_button.clicked.connect(self._on_remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.save_button.clicked.connect(self.save)
        self.load()

    # -- load
    def load(self) -> None:
        """Show the stored table."""
        self.table.setRowCount(0)
        self.ids = []
        for row in rules.rules():
            self.add_rule(row)
        self.table.resizeColumnsToContents()

    def reload_choices(self) -> None:
        """The departments changed: keep the lines as edited, offer the departments anew."""
        kept = self.rows()
        self.table.setRowCount(0)
        self.ids = []
        for row in kept:
            self.add_rule(row)

    def add_rule(self, row: rules.RuleRow) -> int:
        """Append a line showing ``row``; returns its index."""
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.ids.append(row.id)
        category = self._combo([("", self.tr("(any)"))] + [(k, labels.category(k)) for k in TICKET_CATEGORIES],
                               row.category)
        tier = self._combo([("", self.tr("(any)"))] + [(k, labels.tier(k)) for k in TIERS], row.tier)
        known = departments.departments()
        dept = self._combo([(d.id, d.name) for d in known if d.active or d.id == row.department_id],
                           row.department_id)
        pick = self._combo([(k, rules.pick_label(k)) for k in rules.PICKS], row.pick)
        role = self._combo([("", self.tr("(any)"))] + [(k, role_label(k)) for k in ROLE_KEYS], row.role)
        unit = self._combo([(k, rules.span_text(1, k).replace("1", "").strip()) for k in rules.UNITS],
                           row.resolution_unit or "working_days")
        complaint = QLineEdit(row.complaint_type)
        complaint.setPlaceholderText("、".join(settings.get("complaint_types")[:2]))
        model = QLineEdit(row.product_model)
        model.setPlaceholderText("X2*")
        response = self._spin(row.response_hours)
        resolution = self._spin(row.resolution_amount)
        note = QLineEdit(row.note)
        note.setMaxLength(200)
        active = QCheckBox()
        active.setChecked(row.active)
        for column, widget in ((CATEGORY, category), (COMPLAINT, complaint), (MODEL, model), (TIER, tier),
                               (DEPARTMENT, dept), (PICK, pick), (ROLE, role), (RESPONSE, response),
                               (RESOLUTION, resolution), (UNIT, unit), (NOTE, note), (ACTIVE, active)):
            self.table.setCellWidget(r, column, widget)
        return r

    def _combo(self, items: list[tuple[object, str]], value: object) -> QComboBox:
        combo = QComboBox()
        for key, text in items:
            combo.addItem(text, key)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo

    def _spin(self, value: float | None) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0, 9999)
        spin.setDecimals(1)
        spin.setSpecialValueText("—")  # 0: the firm's own SLA applies
        spin.setValue(value or 0)
        return spin

    # -- read back
    def rows(self) -> list[rules.RuleRow]:
        """The lines as edited, in order."""
        out = []
        for r in range(self.table.rowCount()):
            w = lambda c, r=r: self.table.cellWidget(r, c)  # noqa: E731
            response, resolution = w(RESPONSE).value(), w(RESOLUTION).value()
            out.append(rules.RuleRow(
                self.ids[r], category=w(CATEGORY).currentData(), complaint_type=w(COMPLAINT).text().strip(),
                product_model=w(MODEL).text().strip(), tier=w(TIER).currentData(),
                department_id=w(DEPARTMENT).currentData(), department=w(DEPARTMENT).currentText(),
                pick=w(PICK).currentData(), role=w(ROLE).currentData(),
                response_hours=response or None, resolution_amount=resolution or None,
                resolution_unit=w(UNIT).currentData() if resolution else "", note=w(NOTE).text().strip(),
                active=w(ACTIVE).isChecked()))
        return out

    # -- edits
    def _on_remove(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            del self.ids[r]

    def _move(self, step: int) -> None:
        r = self.table.currentRow()
        target = r + step
        if r < 0 or not 0 <= target < self.table.rowCount():
            return
        edited = self.rows()
        edited[r], edited[target] = edited[target], edited[r]
        self.table.setRowCount(0)
        self.ids = []
        for row in edited:
            self.add_rule(row)
        self.table.selectRow(target)

    def save(self) -> None:
        """Store the table as a whole; a refusal names the rule and the field."""
        org_ops.save_rules(self, self.rows()).success(lambda _c: self._saved()).failure(self._show_error).run()

    def _saved(self) -> None:
        self.load()
        get_broadcaster().message.emit(self.tr("Routing rules saved: %1").replace("%1", str(len(self.ids))))

    def _show_error(self, error: KnownError) -> None:
        show_known_error(error, self)


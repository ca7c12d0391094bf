"""设置 → 部门与分派: departments and who belongs to them, the routing table, the responsibility matrix.

Three pages (docs/spec.md §13). Departments and membership apply at once, as the staff list in
设置 does (other dialogs list them); the routing table and the matrix are edited as a whole and
saved with their own button, checked as a whole by the core (a refusal names the rule and the
field). Every change goes through a named operation (``crmdesk.ui.operations.org``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.org import departments
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.ui.crash import show_known_error
from crmdesk.ui.dialogs.org_sheets_bar import SheetBar
from crmdesk.ui.dialogs.raci_editor import RaciEditor
from crmdesk.ui.dialogs.routing_editor import RoutingEditor
from crmdesk.ui.dialogs.staff_dialog import ROLE_KEYS, role_label
from crmdesk.ui.operations import org as org_ops
from crmdesk.ui.operations.runner import Op, get_broadcaster
from crmdesk.ui.widgets import make_readonly_table, selected_id


class DepartmentsPage(QWidget):
    """The departments (name, head, default person, members, on/off) and everyone's department and role."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = make_readonly_table(QTableWidget(), [self.tr("Department"), self.tr("Head"),
                                                         self.tr("Default person"), self.tr("Status"),
                                                         self.tr("Members")])
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.toggle_button = QPushButton(self.tr("Switch off"))
        self.up_button = QPushButton(self.tr("Up"))
        self.down_button = QPushButton(self.tr("Down"))
        for button in (self.add_button, self.rename_button, self.toggle_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.sheet_bar = SheetBar(self, "staff", self.load)  # 员工与部门表 to edit in Excel and import back
        buttons.addLayout(self.sheet_bar)
        self.head_combo, self.default_combo = QComboBox(), QComboBox()
        leads = QFormLayout()
        leads.addRow(self.tr("Head (部门主管)"), self.head_combo)
        leads.addRow(self.tr("Default person"), self.default_combo)
        self.people_table = make_readonly_table(QTableWidget(), [self.tr("Name"), self.tr("Department"),
                                                                self.tr("Role")])
        people = QGroupBox(self.tr("People: department and role"))
        QVBoxLayout(people).addWidget(self.people_table)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(buttons)
        left.addLayout(leads)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(people, 2)
        self.views: list[departments.DepartmentView] = []
        self.add_button.clicked.connect(self._on_add)
        self.rename_button.clicked.connect(self._on_rename)
        self.toggle_button.clicked.connect(self._on_toggle)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.table.itemSelectionChanged.connect(self._show_leads)
        self.head_combo.activated.connect(lambda _i: self._set_lead(org_ops.set_head, self.head_combo))
        self.default_combo.activated.connect(lambda _i: self._set_lead(org_ops.set_default_person, self.default_combo))
        self.load()

    # -- load
    def load(self, select: int | None = None) -> None:
        """Show the stored departments and people (keeping the selected department)."""
        select = select if select is not None else selected_id(self.table)
        self.views = departments.departments()
        self.table.setRowCount(len(self.views))
        for r, d in enumerate(self.views):
            values = [d.name, d.head or "—", d.default_person or "—",
                      self.tr("In use") if d.active else self.tr("Switched off"),
                      "、".join(m.name for m in d.active_members()) or "—"]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, d.id)
                self.table.setItem(r, c, item)
            if d.id == select:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self._load_people()
        self._show_leads()

    def _load_people(self) -> None:
        people = departments.people()
        self.people_table.setRowCount(len(people))
        active = [d for d in self.views if d.active]
        for r, person in enumerate(people):
            name = QTableWidgetItem(person.name if person.active else self.tr("%1 (left)").replace("%1", person.name))
            name.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people_table.setItem(r, 0, name)
            dept = QComboBox()
            dept.addItem(self.tr("(none)"), None)
            for d in active:
                dept.addItem(d.name, d.id)
            if person.department_id is not None and dept.findData(person.department_id) < 0:
                gone = next((d.name for d in self.views if d.id == person.department_id), "?")
                dept.addItem(gone, person.department_id)
            dept.setCurrentIndex(max(0, dept.findData(person.department_id)))
            role = QComboBox()
            for key in ROLE_KEYS:
                role.addItem(role_label(key), key)
            role.setCurrentIndex(max(0, role.findData(person.role)))
            for combo in (dept, role):
                combo.setEnabled(person.active)
                combo.activated.connect(lambda _i, pid=person.id, d=dept, ro=role: self._on_member_changed(pid, d, ro))
            self.people_table.setCellWidget(r, 1, dept)
            self.people_table.setCellWidget(r, 2, role)
        self.people_table.resizeColumnsToContents()

    def current(self) -> departments.DepartmentView | None:
        """The selected department."""
        chosen = selected_id(self.table)
        return next((d for d in self.views if d.id == chosen), None)

    def _show_leads(self) -> None:
        d = self.current()
        for combo, value in ((self.head_combo, d.head_id if d else None),
                             (self.default_combo, d.default_person_id if d else None)):
            combo.clear()
            combo.addItem(self.tr("(none)"), None)
            for member in d.active_members() if d else []:
                combo.addItem(member.name, member.id)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.setEnabled(d is not None and d.active)
        self.toggle_button.setText(self.tr("Switch on") if d is not None and not d.active else self.tr("Switch off"))
        for button in (self.rename_button, self.toggle_button, self.up_button, self.down_button):
            button.setEnabled(d is not None)

    # -- changes (applied at once)
    def _run(self, op: Op, select: int | None = None) -> None:
        op.success(lambda result: self.load(select if select is not None else _new_id(result))) \
            .failure(self._show_error).run()

    def _on_add(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New department"), self.tr("Name:"))
        if ok and name.strip():
            self._run(org_ops.add_department(self, name))

    def _on_rename(self) -> None:
        d = self.current()
        if d is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename department"), self.tr("Name:"), text=d.name)
        if ok and name.strip() and name.strip() != d.name:
            self._run(org_ops.rename_department(self, d.id, name), d.id)

    def _on_toggle(self) -> None:
        d = self.current()
        if d is not None:
            self._run(org_ops.set_department_active(self, d.id, not d.active), d.id)

    def _move(self, step: int) -> None:
        d = self.current()
        if d is not None:
            self._run(org_ops.move_department(self, d.id, step), d.id)

    def _set_lead(self, make, combo: QComboBox) -> None:
        d = self.current()
        if d is not None:
            self._run(make(self, d.id, combo.currentData()), d.id)

    def _on_member_changed(self, staff_id: int, dept: QComboBox, role: QComboBox) -> None:
        self._run(org_ops.set_membership(self, staff_id, dept.currentData(), role.currentData()),
                  selected_id(self.table) or -1)

    def _show_error(self, error: KnownError) -> None:
        show_known_error(error, self)
        self.load()  # the combos show what is stored again


def _new_id(result: object) -> int | None:
    """The id of a department just added (``(id, changes)``), else ``None``."""
    return result[0] if isinstance(result, tuple) and not isinstance(result, Changes) else None


class OrgDialog(QDialog):
    """部门与分派: the departments, the routing table and the responsibility matrix, one page each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Departments and routing"))
        self.tabs = QTabWidget()
        self.departments_page = DepartmentsPage()
        self.routing_page = RoutingEditor()
        self.raci_page = RaciEditor()
        self.tabs.addTab(self.departments_page, self.tr("Departments"))
        self.tabs.addTab(self.routing_page, self.tr("Routing rules"))
        self.tabs.addTab(self.raci_page, self.tr("Responsibilities (RACI)"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        self.resize(1100, 620)
        # a department added, renamed or switched off here changes what the other pages offer
        get_broadcaster().changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("staff"):
            self.routing_page.reload_choices()
            self.raci_page.load()

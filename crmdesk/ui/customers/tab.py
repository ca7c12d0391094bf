"""客户档案: the registry list with search-as-you-type, filters and SQL sorting."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.customers import registry
from crmdesk.core.customers import service as customers
from crmdesk.core.firm import staff
from crmdesk.core.store.changes import Changes
from crmdesk.ui import labels, widgets
from crmdesk.ui.customers.table_model import RegistryModel
from crmdesk.ui.operations import customers as customers_ops


class SearchEdit(QLineEdit):
    """The search box: the Down arrow moves into the results, as in a launcher."""

    down_pressed = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class CustomersTab(QWidget):
    """Search box, filter row and the ids-first registry table."""

    customer_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_edit = SearchEdit()
        self.search_edit.setPlaceholderText(self.tr("Search code, name, contact, phone or last 4 digits, tag"))
        self.search_edit.setClearButtonEnabled(True)
        top.addWidget(self.search_edit, 3)
        self.count_label = QLabel()
        top.addWidget(self.count_label)
        self.new_button = QPushButton(self.tr("New customer…"))
        self.new_button.clicked.connect(self.new_customer)
        top.addWidget(self.new_button)
        self.tools_button = QPushButton(self.tr("Tools"))
        tools = QMenu(self)
        tools.addAction(self.tr("Find duplicates and merge…"), self._open_duplicates)
        tools.addAction(self.tr("Archive proposals…"), self._open_archive)
        tools.addAction(self.tr("Recycle bin…"), self._open_recycle_bin)
        tools.addSeparator()
        tools.addAction(self.tr("Recompute tiers and churn warnings"), self._recompute_tiers)
        self.tools_button.setMenu(tools)
        top.addWidget(self.tools_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.type_combo = widgets.choice_combo(self.tr("All types"),
                                      [(labels.customer_type(k), k) for k in ("prospect", "customer", "strategic")])
        self.tier_combo = widgets.choice_combo(self.tr("All tiers"),
                                      [(labels.tier(k), k) for k in ("strategic", "core", "ordinary", "dormant")])
        self.importance_combo = widgets.choice_combo(self.tr("All importance"), [(k, k) for k in "ABC"])
        self.industry_combo = widgets.choice_combo(self.tr("All industries"), [])
        self.tag_combo = widgets.choice_combo(self.tr("All tags"), [])
        self.manager_combo = widgets.choice_combo(self.tr("All account managers"), [])
        self.risk_check = QCheckBox(self.tr("At risk only"))
        self.archived_check = QCheckBox(self.tr("Include archived"))
        for widget in (self.type_combo, self.tier_combo, self.importance_combo, self.industry_combo,
                       self.tag_combo, self.manager_combo, self.risk_check, self.archived_check):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = RegistryModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().hide()  # row numbers change its width with the count (the count is shown above)
        self._size_columns()
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        layout.addWidget(self.view)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._open_current)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete_selected)
        self.search_edit.down_pressed.connect(self._on_search_edit_down_pressed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)

        # Search as you type, without a query per keystroke when typing fast.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self.apply_query)
        self.search_edit.textChanged.connect(self._search_timer.start)
        for combo in (self.type_combo, self.tier_combo, self.importance_combo, self.industry_combo,
                      self.tag_combo, self.manager_combo):
            combo.currentIndexChanged.connect(self.apply_query)
        self.risk_check.toggled.connect(self.apply_query)
        self.archived_check.toggled.connect(self.apply_query)

    def _size_columns(self) -> None:
        """The name takes the width left over; every other column is as wide as what it holds, so the
        widths stay the same whatever rows a search shows (the scroll bar is always there for that)."""
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        metrics = self.view.fontMetrics()
        samples = {"code": "C2024001234", "type": labels.customer_type("prospect"), "importance": "A",
                   "tier": labels.tier("strategic"), "industry": "医疗器械", "contact": "欧阳晓梅",
                   "mobile": "138****5678", "manager": "欧阳晓梅", "last_contact": "2026-11-22", "at_risk": "⚠"}
        for column, key in enumerate(registry.COLUMN_KEYS):
            if key == "name":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(samples.get(key, "")), metrics.horizontalAdvance(title) + 14) + 18
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)

    def build_query(self) -> registry.RegistryQuery:
        """The query the widgets describe (the current sort is kept)."""
        text = self.search_edit.text().strip()
        if len(text) == 1:
            # One character matches most of the registry (市, 公…): wait for the second (docs/spec.md §2:
            # two are enough).
            text = ""
        return registry.RegistryQuery(
            text=text,
            type=self.type_combo.currentData() or "",
            tier=self.tier_combo.currentData() or "",
            importance=self.importance_combo.currentData() or "",
            industry=self.industry_combo.currentData() or "",
            tag=self.tag_combo.currentData() or "",
            manager_id=self.manager_combo.currentData(),
            at_risk=self.risk_check.isChecked(),
            include_archived=self.archived_check.isChecked(),
            sort_key=self.model.query.sort_key,
            descending=self.model.query.descending,
        )

    def apply_query(self) -> None:
        """Run the search and filters now."""
        self._search_timer.stop()
        self.model.set_query(self.build_query())
        count = self.tr("%n customer(s)", "", self.model.rowCount())
        if len(self.search_edit.text().strip()) == 1:
            count = self.tr("Type one more character to search") + "  ·  " + count
        self.count_label.setText(count)

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload filter choices and the list."""
        if changes is not None and not changes.touches("customers", "contacts", "staff"):
            return
        widgets.reload_choices(self.industry_combo, [(v, v) for v in registry.distinct_values("industry")])
        widgets.reload_choices(self.tag_combo, [(t, t) for t in customers.all_tags()])
        widgets.reload_choices(self.manager_combo,
                               [(s.name, s.id) for s in sorted(staff.all_staff(), key=lambda s: s.name)])
        self.apply_query()

    def list_selection(self):
        """The list as filtered, for File → Export (customers and tiers in the list's order)."""
        from crmdesk.ui.excel.export_dialog import ListSelection

        query = dataclasses.replace(self.model.query)  # a copy: sorting changes the model's in place
        parts = [text for text in (self.search_edit.text().strip(),) if text]
        for combo in (self.type_combo, self.tier_combo, self.importance_combo, self.industry_combo,
                      self.tag_combo, self.manager_combo):
            if combo.currentIndex() > 0:
                parts.append(combo.currentText())
        for check in (self.risk_check, self.archived_check):
            if check.isChecked():
                parts.append(check.text())
        return ListSelection(frozenset({"customers", "tiers"}), query, self.model.rowCount(), "  ·  ".join(parts))

    def selected_customer_ids(self) -> list[int]:
        """Ids of the selected rows, in display order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [cid for cid in (self.model.customer_id(r) for r in rows) if cid is not None]

    def _on_search_edit_down_pressed(self) -> None:
        if self.model.rowCount():
            self.view.setFocus()
            self.view.selectRow(0)

    def _on_search_edit_return_pressed(self) -> None:
        self.apply_query()
        if self.model.rowCount() == 1:
            self.open_dossier(self.model.customer_id(0))

    # -- opening things
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        cid = self.model.customer_id(index.row())
        if cid is not None:
            self.open_dossier(cid)

    def _open_current(self) -> None:
        cid = self.model.customer_id(self.view.currentIndex().row())
        if cid is not None:
            self.open_dossier(cid)

    def open_dossier(self, customer_id: int) -> None:
        """Show the 一户一档 window of a customer."""
        from crmdesk.ui.customers.dossier import DossierDialog

        self.customer_activated.emit(customer_id)
        dialog = DossierDialog(customer_id, self)
        dialog.edit_requested.connect(self.edit_customer)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def new_customer(self) -> None:
        """The customer dialog for a new record."""
        self._customer_dialog(None)

    def edit_customer(self, customer_id: int) -> None:
        """The customer dialog for an existing record."""
        self._customer_dialog(customer_id)

    def _customer_dialog(self, customer_id: int | None) -> None:
        from crmdesk.ui.customers.dialog import CustomerDialog

        dialog = CustomerDialog(customer_id, self)
        dialog.open_customer_requested.connect(self.open_dossier)
        dialog.saved.connect(self._select_customer)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _select_customer(self, customer_id: int) -> None:
        row = self.model.row_of(customer_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _on_view_context_menu_requested(self, pos) -> None:
        index = self.view.indexAt(pos)
        cid = self.model.customer_id(index.row()) if index.isValid() else None
        menu = QMenu(self)
        if cid is not None:
            menu.addAction(self.tr("Open dossier"), lambda: self.open_dossier(cid))
            menu.addAction(self.tr("Edit…"), lambda: self.edit_customer(cid))
            menu.addAction(self.tr("New ticket…"), lambda: self._new_ticket(cid))
            menu.addAction(self.tr("Log a call…"), lambda: self._log_call(cid))
            if cid not in self.model.revealed:
                menu.addAction(self.tr("Show full number"), lambda: self.reveal_number(cid))
            menu.addSeparator()
            row = self.model.row_data(index.row())
            if row is not None and row.status == "archived":
                menu.addAction(self.tr("Restore from archive"),
                               lambda: customers_ops.restore_archived(self, [cid]).run())
            else:
                menu.addAction(self.tr("Archive"), lambda: customers_ops.archive_customers(
                    self, self.selected_customer_ids() or [cid]).run())
            menu.addAction(self.tr("Delete to recycle bin"), self._delete_selected)
            menu.addSeparator()
        menu.addAction(self.tr("New customer…"), self.new_customer)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))  # as the board's menus: nothing waits on it

    def reveal_number(self, customer_id: int) -> None:
        """Show one customer's full mobile in the list; the reveal is logged (docs/spec.md §2)."""
        def done(_result) -> None:
            self.model.revealed.add(customer_id)
            row = self.model.row_of(customer_id)
            if row >= 0:
                self.model.dataChanged.emit(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))

        customers_ops.record_reveal(self, customer_id, "联系人手机（列表）").success(done).run()

    def _new_ticket(self, customer_id: int) -> None:
        from crmdesk.ui.tickets.ticket_dialog import TicketDialog

        dialog = TicketDialog(self, customer_id=customer_id)  # it announces the new ticket's number itself
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _log_call(self, customer_id: int) -> None:
        from crmdesk.ui.customers.log_call_dialog import LogCallDialog

        row = self.model.row_data(self.model.row_of(customer_id))
        dialog = LogCallDialog(customer_id, f"{row.code} {row.name}" if row else str(customer_id), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _delete_selected(self) -> None:
        ids = self.selected_customer_ids()
        if not ids:
            return
        text = self.tr("Move %n customer(s) to the recycle bin? They can be restored for 30 days.", "", len(ids))
        if widgets.confirm(self, self.tr("Delete"), text):
            customers_ops.delete_customers(self, ids).run()

    def _recompute_tiers(self) -> None:
        from crmdesk.ui.operations.runner import get_broadcaster

        def done(result) -> None:
            moved = sum(result.changed.values())
            get_broadcaster().message.emit(self.tr("Tiers recomputed: %1 changed, %2 at risk")
                                           .replace("%1", str(moved)).replace("%2", str(result.at_risk)))

        customers_ops.recompute_tiers(self).success(done).with_progress(self.tr("Recomputing tiers…")).run()

    def _open_tool(self, cls) -> None:
        dialog: QDialog = cls(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _open_duplicates(self) -> None:
        from crmdesk.ui.customers.tools import DuplicatesDialog

        self._open_tool(DuplicatesDialog)

    def _open_archive(self) -> None:
        from crmdesk.ui.customers.tools import ArchiveDialog

        self._open_tool(ArchiveDialog)

    def _open_recycle_bin(self) -> None:
        from crmdesk.ui.customers.tools import RecycleBinDialog

        self._open_tool(RecycleBinDialog)

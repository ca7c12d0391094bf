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
from crmdesk.core.customfields.filters import CustomFilter
from crmdesk.core.firm import staff
from crmdesk.core.saved_views import View
from crmdesk.core.store.changes import Changes
from crmdesk.ui import labels, widgets
from crmdesk.ui.customers.dialog import CustomerDialog
from crmdesk.ui.customers.dossier import DossierDialog
from crmdesk.ui.customers.table_model import RegistryModel
from crmdesk.ui.customers.tools import ArchiveDialog, DuplicatesDialog, RecycleBinDialog
from crmdesk.ui.customfields.filter_bar import CustomFilterBar
from crmdesk.ui.excel.export_dialog import ListSelection
from crmdesk.ui.followups.log_call_dialog import LogCallDialog
from crmdesk.ui.operations import customers as customers_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.saved_views import ViewPicker
from crmdesk.ui.tickets.ticket_dialog import TicketDialog


class SearchEdit(QLineEdit):
    """The search box: the Down arrow moves into the results, as in a launcher."""

    down_pressed = Signal()

    def keyPressEvent(self, event) -> None:
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
        self.view_picker = ViewPicker("customers", self.view_state)
        self.view_picker.view_chosen.connect(self.apply_view)
        top.addWidget(self.view_picker)
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
        # the custom-field conditions: a button that asks for one, a line that lists them (✕ removes one)
        self.custom_bar = CustomFilterBar(self)
        self.custom_bar.changed.connect(self.apply_query)
        self.custom_button = self.custom_bar.button
        for widget in (self.type_combo, self.tier_combo, self.importance_combo, self.industry_combo,
                       self.tag_combo, self.manager_combo, self.risk_check, self.archived_check, self.custom_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.custom_label = self.custom_bar.label
        layout.addWidget(self.custom_label)
        self.last_dialog: QDialog | None = None
        self._default_applied = False
        self._loaded_once = False

        self.model = RegistryModel(self)
        self.model.sort_refused.connect(self._on_model_sort_refused)
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
        header = self.view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        header.setToolTip(self.tr("Right-click to choose the columns"))
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
        for column, key in enumerate(self.model.keys):
            if key == "name":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            sample = samples.get(key, "华东销售一部" if key.startswith("cf:") else "")
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 14) + 18
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
            custom=tuple(self.custom_bar.filters),
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
        """Reload filter choices and the list (the columns and views too after a settings change)."""
        if changes is not None and not changes.touches("customers", "contacts", "staff", "settings"):
            return
        if changes is not None and changes.initiator is self.view_picker:
            return  # a view saved, renamed or deleted: the picker lists its views anew itself
        if changes is None or changes.touches("settings", "staff") or not self._loaded_once:
            self._load_columns()
            self.view_picker.reload()
        if not self._default_applied:
            self._default_applied = True
            default = self.view_picker.default_view()
            if default is not None:  # the current user's own list (常用视图 set as default)
                self._fill_choices()
                self.view_picker.choose(default)
                return
        self._fill_choices()
        self.apply_query()

    def _load_columns(self) -> None:
        """The custom fields' columns as they are now; conditions on fields removed since are dropped."""
        hidden = {self.model.keys[c] for c in range(self.model.columnCount())
                  if self.view.horizontalHeader().isSectionHidden(c)}
        self.model.load_columns()
        self._loaded_once = True
        self._size_columns()
        for column, key in enumerate(self.model.keys):
            self.view.horizontalHeader().setSectionHidden(column, key in hidden)
        self.custom_bar.set_fields(self.model.custom)

    def _fill_choices(self) -> None:
        widgets.reload_choices(self.industry_combo, [(v, v) for v in registry.distinct_values("industry")])
        widgets.reload_choices(self.tag_combo, [(t, t) for t in customers.all_tags()])
        widgets.reload_choices(self.manager_combo,
                               [(s.name, s.id) for s in sorted(staff.all_staff(), key=lambda s: s.name)])

    def list_selection(self):
        """The list as filtered, for File → Export (customers and tiers in the list's order)."""
        query = dataclasses.replace(self.model.query)  # a copy: sorting changes the model's in place
        parts = [text for text in (self.search_edit.text().strip(),) if text]
        for combo in (self.type_combo, self.tier_combo, self.importance_combo, self.industry_combo,
                      self.tag_combo, self.manager_combo):
            if combo.currentIndex() > 0:
                parts.append(combo.currentText())
        for check in (self.risk_check, self.archived_check):
            if check.isChecked():
                parts.append(check.text())
        parts += self.custom_bar.descriptions()
        view = self.view_picker.current
        if view is not None:
            parts.insert(0, self.tr("View “%1”").replace("%1", view.name))
        return ListSelection(frozenset({"customers", "tiers"}), query, self.model.rowCount(), "  ·  ".join(parts))

    # -- saved views (常用视图)
    def visible_columns(self) -> list[str]:
        """The keys of the columns shown, in their order."""
        header = self.view.horizontalHeader()
        return [self.model.keys[header.logicalIndex(v)] for v in range(header.count())
                if not header.isSectionHidden(header.logicalIndex(v))]

    def view_state(self) -> dict:
        """The list as shown, as a saved view keeps it."""
        return registry.query_state(self.build_query(), self.visible_columns())

    def apply_view(self, view: View) -> None:
        """Show the list as ``view`` saved it: search, filters, sort and columns."""
        saved = registry.query_from_state(view.state)
        query = saved.query
        controls = (self.search_edit, self.type_combo, self.tier_combo, self.importance_combo, self.industry_combo,
                    self.tag_combo, self.manager_combo, self.risk_check, self.archived_check)
        for control in controls:
            control.blockSignals(True)
        try:
            self.search_edit.setText(query.text)
            for combo, value in ((self.type_combo, query.type), (self.tier_combo, query.tier),
                                 (self.importance_combo, query.importance), (self.industry_combo, query.industry),
                                 (self.tag_combo, query.tag), (self.manager_combo, query.manager_id)):
                index = combo.findData(value if value not in ("", None) else None)
                if index < 0 and value not in ("", None):  # a value no row holds now: still the view's filter
                    combo.addItem(str(value), value)
                    index = combo.count() - 1
                combo.setCurrentIndex(max(0, index))
            self.risk_check.setChecked(query.at_risk)
            self.archived_check.setChecked(query.include_archived)
        finally:
            for control in controls:
                control.blockSignals(False)
        self.custom_bar.set_filters(query.custom)
        if saved.columns:
            header = self.view.horizontalHeader()
            for column, key in enumerate(self.model.keys):
                header.setSectionHidden(column, key not in saved.columns and key != "name")
        self.model.query.sort_key, self.model.query.descending = query.sort_key, query.descending
        column = self.model.keys.index(query.sort_key) if query.sort_key in self.model.keys else 0
        self.view.horizontalHeader().blockSignals(True)
        self.view.horizontalHeader().setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().blockSignals(False)
        self.apply_query()
        if saved.dropped:
            get_broadcaster().message.emit(self.tr("View “%1”: these conditions use fields removed since and were "
                                                   "left out: %2").replace("%1", view.name)
                                           .replace("%2", "；".join(saved.dropped)))

    # -- custom-field filters and columns
    @property
    def custom_filters(self) -> list[CustomFilter]:
        """The custom-field conditions in force."""
        return self.custom_bar.filters

    def add_custom_filter(self, condition: CustomFilter | None) -> None:
        """Narrow the list by one more custom-field condition (one per field: a new one replaces the old)."""
        self.custom_bar.add(condition)

    def _on_model_sort_refused(self, label: str) -> None:
        get_broadcaster().message.emit(self.tr("“%1” is sensitive (encrypted): the list cannot be sorted by it.")
                                       .replace("%1", label))
        key = self.model.query.sort_key
        column = self.model.keys.index(key) if key in self.model.keys else 0
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if self.model.query.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _on_header_context_menu_requested(self, pos) -> None:
        header = self.view.horizontalHeader()
        menu = QMenu(self)
        for column, key in enumerate(self.model.keys):
            if key in ("code", "name"):
                continue  # a row must always say which customer it is
            action = menu.addAction(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(header.mapToGlobal(pos))

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
        dialog = TicketDialog(self, customer_id=customer_id)  # it announces the new ticket's number itself
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _log_call(self, customer_id: int) -> None:
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
        self._open_tool(DuplicatesDialog)

    def _open_archive(self) -> None:
        self._open_tool(ArchiveDialog)

    def _open_recycle_bin(self) -> None:
        self._open_tool(RecycleBinDialog)

"""客户档案: the registry list with search-as-you-type, filters and SQL sorting."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import registry
from crmdesk.core.changes import Changes
from crmdesk.core.models import Staff, Tag, database_proxy
from crmdesk.ui import labels
from crmdesk.ui.customers.table_model import RegistryModel


class CustomersTab(QWidget):
    """Search box, filter row and the ids-first registry table."""

    customer_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search code, name, contact, phone or last 4 digits, tag"))
        self.search_edit.setClearButtonEnabled(True)
        top.addWidget(self.search_edit, 3)
        self.count_label = QLabel()
        top.addWidget(self.count_label)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.type_combo = self._combo(self.tr("All types"),
                                      [(labels.customer_type(k), k) for k in ("prospect", "customer", "strategic")])
        self.tier_combo = self._combo(self.tr("All tiers"),
                                      [(labels.tier(k), k) for k in ("strategic", "core", "ordinary", "dormant")])
        self.importance_combo = self._combo(self.tr("All importance"), [(k, k) for k in "ABC"])
        self.industry_combo = self._combo(self.tr("All industries"), [])
        self.tag_combo = self._combo(self.tr("All tags"), [])
        self.manager_combo = self._combo(self.tr("All account managers"), [])
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
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        layout.addWidget(self.view)

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

    @staticmethod
    def _combo(all_label: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(all_label, None)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    @staticmethod
    def _reload_combo(combo: QComboBox, items: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def build_query(self) -> registry.RegistryQuery:
        """The query the widgets describe (the current sort is kept)."""
        return registry.RegistryQuery(
            text=self.search_edit.text(),
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
        self.count_label.setText(self.tr("%n customer(s)", "", self.model.rowCount()))

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload filter choices and the list."""
        if changes is not None and not changes.touches("customers", "contacts", "staff"):
            return
        db = database_proxy.obj
        self._reload_combo(self.industry_combo, [(v, v) for v in registry.distinct_values(db, "industry")])
        self._reload_combo(self.tag_combo, [(t.name, t.name) for t in Tag.select().order_by(Tag.name)])
        self._reload_combo(self.manager_combo, [(s.name, s.id) for s in Staff.select().order_by(Staff.name)])
        self.apply_query()

    def selected_customer_ids(self) -> list[int]:
        """Ids of the selected rows, in display order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [cid for cid in (self.model.customer_id(r) for r in rows) if cid is not None]

    def _on_view_double_clicked(self, index) -> None:
        cid = self.model.customer_id(index.row())
        if cid is not None:
            self.customer_activated.emit(cid)

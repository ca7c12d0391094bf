"""The registry table model: ids first, rows fetched on demand in blocks (docs/architecture.md, pattern 4).

The ids of the current search/filter/sort are written, in display order, into a temporary
table by one indexed SQL statement (``core.customers.registry.materialize``); ``rowCount`` is their
number. ``data`` reads the block of ids around a painted row by position and asks
``core.customers.registry.fetch_rows`` for those rows, keeping a bounded cache. Sorting re-runs the
statement with another ORDER BY. Writes elsewhere call :meth:`refresh` (through the change
broadcast), which drops the cache.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from crmdesk.core.customers import registry
from crmdesk.core.customfields import fields as customfields
from crmdesk.ui import labels, theme

BLOCK = 100  # a screenful is ~30 rows; a block costs ~5 ms to fetch and decrypt
MAX_BLOCKS = 100

Index = QModelIndex | QPersistentModelIndex


class RegistryModel(QAbstractTableModel):
    """Customers matching a ``RegistryQuery``; the built-in columns, then one per custom field."""

    sort_refused = Signal(str)  # the label of a sensitive custom field, which cannot be sorted by

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.query = registry.RegistryQuery()
        self._count = 0
        self._blocks: OrderedDict[int, tuple[list[int], dict[int, registry.RegistryRow]]] = OrderedDict()
        self._builtin_headers = [
            self.tr("Code"), self.tr("Name"), self.tr("Type"), self.tr("Importance"), self.tr("Tier"),
            self.tr("Industry"), self.tr("Primary contact"), self.tr("Mobile"), self.tr("Account manager"),
            self.tr("Last contact"), self.tr("At risk"),
        ]
        self.custom: list[customfields.FieldDef] = []
        self.keys: list[str] = list(registry.COLUMN_KEYS)
        self._headers = list(self._builtin_headers)
        self.revealed: set[int] = set()
        self._loaded = False

    def load_columns(self) -> None:
        """Take the custom fields' columns as they are now (after 设置 → 自定义字段)."""
        self.beginResetModel()
        self.custom = customfields.fields("customer")
        self.keys = [*registry.COLUMN_KEYS, *(f.key for f in self.custom)]
        self._headers = [*self._builtin_headers, *(f.label for f in self.custom)]
        self._blocks.clear()
        self.endResetModel()

    def custom_field(self, column: int) -> customfields.FieldDef | None:
        """The custom field shown in ``column`` (``None`` for a built-in column)."""
        offset = column - len(registry.COLUMN_KEYS)
        return self.custom[offset] if 0 <= offset < len(self.custom) else None

    # -- loading
    def set_query(self, query: registry.RegistryQuery) -> None:
        """Run a new search / filter / sort."""
        self.query = query
        self.refresh()

    def refresh(self) -> None:
        """Reload the id list and drop cached rows."""
        self.beginResetModel()
        self._loaded = True
        self._count = registry.materialize(self.query)
        self._blocks.clear()
        self.endResetModel()

    def _block(self, row: int) -> tuple[list[int], dict[int, registry.RegistryRow]]:
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            ids = registry.view_ids(block_no * BLOCK, (block_no + 1) * BLOCK)
            block = (ids, registry.fetch_rows(ids, custom=self.custom))
            self._blocks[block_no] = block
            if len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        return block

    def customer_id(self, row: int) -> int | None:
        """The customer id shown in ``row``."""
        if not 0 <= row < self._count:
            return None
        ids, _rows = self._block(row)
        offset = row % BLOCK
        return ids[offset] if offset < len(ids) else None

    def row_of(self, customer_id: int) -> int:
        """The row showing ``customer_id``, or -1."""
        return registry.view_position(customer_id) if self._loaded else -1

    def row_data(self, row: int) -> registry.RegistryRow | None:
        """The fetched row (from the cache or the database)."""
        cid = self.customer_id(row)
        if cid is None:
            return None
        customer = self._block(row)[1].get(cid)
        if customer is not None and customer.id in self.revealed:
            customer = registry.fetch_rows([customer.id], reveal=True, custom=self.custom)[customer.id]
        return customer

    # -- Qt model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
                return self._headers[section]
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        customer = self.row_data(index.row())
        if customer is None:
            return None
        key = self.keys[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "type":
                return labels.customer_type(customer.type)
            if key == "tier":
                return labels.tier(customer.tier)
            return customer.display(key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "at_risk" and customer.at_risk:
            return customer.risk_reasons
        if role == Qt.ItemDataRole.ForegroundRole:
            if customer.status == "archived":
                return QBrush(QColor(theme.DIMMED))
            if key == "at_risk" and customer.at_risk:
                return QBrush(QColor(theme.ERROR))
        if role == Qt.ItemDataRole.UserRole:
            return customer.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.keys):
            return
        field = self.custom_field(column)
        if field is not None and not field.sortable:
            self.sort_refused.emit(field.label)
            return
        self.query.sort_key = self.keys[column]
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        if not self._loaded:
            return  # the first refresh() uses this order; no query before the tab is shown
        self.layoutAboutToBeChanged.emit()
        self._count = registry.materialize(self.query)
        self._blocks.clear()
        self.layoutChanged.emit()

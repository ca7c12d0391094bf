"""The registry table model: ids first, rows fetched on demand in blocks (STYLE 4).

``rowCount`` is the length of an id list from one indexed SQL query; ``data`` asks
``core.registry.fetch_rows`` for the block around a row the view paints and keeps
a bounded cache. Sorting re-runs the id query with another ORDER BY. Writes
elsewhere call :meth:`refresh` (through the change broadcast), which drops the cache.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from crmdesk.core import registry
from crmdesk.core.models import database_proxy
from crmdesk.ui import labels

BLOCK = 100  # a screenful is ~30 rows; a block costs ~5 ms to fetch and decrypt
MAX_BLOCKS = 100

Index = QModelIndex | QPersistentModelIndex


class RegistryModel(QAbstractTableModel):
    """Customers matching a ``RegistryQuery``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.query = registry.RegistryQuery()
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, dict[int, registry.RegistryRow]] = OrderedDict()
        self._headers = [
            self.tr("Code"), self.tr("Name"), self.tr("Type"), self.tr("Importance"), self.tr("Tier"),
            self.tr("Industry"), self.tr("Primary contact"), self.tr("Mobile"), self.tr("Account manager"),
            self.tr("Last contact"), self.tr("At risk"),
        ]
        self.revealed: set[int] = set()
        self._loaded = False

    # -- loading
    def set_query(self, query: registry.RegistryQuery) -> None:
        """Run a new search / filter / sort."""
        self.query = query
        self.refresh()

    def refresh(self) -> None:
        """Reload the id list and drop cached rows."""
        self.beginResetModel()
        self._loaded = True
        self._ids = registry.customer_ids(database_proxy.obj, self.query)
        self._blocks.clear()
        self.endResetModel()

    def customer_id(self, row: int) -> int | None:
        """The customer id shown in ``row``."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, customer_id: int) -> int:
        """The row showing ``customer_id``, or -1."""
        try:
            return self._ids.index(customer_id)
        except ValueError:
            return -1

    def row_data(self, row: int) -> registry.RegistryRow | None:
        """The fetched row (from the cache or the database)."""
        if not 0 <= row < len(self._ids):
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            ids = self._ids[block_no * BLOCK:(block_no + 1) * BLOCK]
            block = registry.fetch_rows(database_proxy.obj, ids)
            self._blocks[block_no] = block
            if len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        customer = block.get(self._ids[row])
        if customer is not None and customer.id in self.revealed:
            customer = registry.fetch_rows(database_proxy.obj, [customer.id], reveal=True)[customer.id]
        return customer

    # -- Qt model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(registry.COLUMN_KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
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
        key = registry.COLUMN_KEYS[index.column()]
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
                return QBrush(QColor("#888888"))
            if key == "at_risk" and customer.at_risk:
                return QBrush(QColor("#c0392b"))
        if role == Qt.ItemDataRole.UserRole:
            return customer.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(registry.COLUMN_KEYS):
            return
        self.query.sort_key = registry.COLUMN_KEYS[column]
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        if not self._loaded:
            return  # the first refresh() uses this order; no query before the tab is shown
        self.layoutAboutToBeChanged.emit()
        self._ids = registry.customer_ids(database_proxy.obj, self.query)
        self._blocks.clear()
        self.layoutChanged.emit()

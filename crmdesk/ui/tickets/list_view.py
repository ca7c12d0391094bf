"""The ticket list: the board's cards as sortable table rows (the same filters, one line a ticket).

It shows exactly the cards the board holds, so switching views never re-queries, and sorting
is done on those cards in memory (a few thousand at most). "Time left" sorts by urgency: the
breached first, then by the due moment.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from crmdesk.core.customfields import values as custom_values
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.tickets.board import Card
from crmdesk.ui import labels
from crmdesk.ui.tickets.card_delegate import (
    CARD_ROLE,
    PRIORITY_COLORS,
    STATE_COLORS,
    category_text,
    due_kind,
    state_key,
    time_text,
    tooltip,
)

_STAGE_ORDER = {stage: i for i, stage in enumerate(labels.STAGES)}
_PRIORITY_ORDER = {"urgent": 0, "important": 1, "normal": 2}
_STATE_ORDER = {"red": 0, "amber": 1, "ok": 2, "": 3}
_FAR = dt.datetime.max


class TicketTableModel(QAbstractTableModel):
    """Cards as rows: number, customer, category, priority, stage, assignee, time left, due, created, then
    one column per custom field of tickets (values read with the cards, sorted in memory like the rest)."""

    BUILTIN = ("number", "customer", "category", "priority", "stage", "assignee", "left", "due", "created")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.keys: tuple[str, ...] = self.BUILTIN  # the column keys, custom ones (cf:<id>) last
        self.custom: list[FieldDef] = []
        self.custom_values: dict[int, dict[int, object]] = {}  # ticket id -> field id -> clear value
        self.cards: list[Card] = []
        self.now = dt.datetime.now()
        self.working_day = 27_000
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._builtin_headers = [self.tr("Number"), self.tr("Customer"), self.tr("Category"), self.tr("Priority"),
                                 self.tr("Stage"), self.tr("Assignee"), self.tr("Time left"), self.tr("Due"),
                                 self.tr("Created")]
        self._headers = list(self._builtin_headers)

    def set_custom(self, field_list: list[FieldDef]) -> None:
        """The custom fields of tickets, one optional column each (after 设置 → 自定义字段)."""
        self.beginResetModel()
        self.custom = list(field_list)
        self.keys = (*self.BUILTIN, *(f.key for f in self.custom))
        self._headers = [*self._builtin_headers, *(f.label for f in self.custom)]
        self.custom_values = custom_values.load("ticket", [c.id for c in self.cards], self.custom) if self.custom else {}
        self.endResetModel()

    def _custom_field(self, column: str) -> FieldDef | None:
        return next((f for f in self.custom if f.key == column), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cards)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        column = self.keys[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(card, column)
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "left":
                return QBrush(STATE_COLORS.get(state_key(card), STATE_COLORS[""])[0])
            if column == "priority":
                return QBrush(PRIORITY_COLORS.get(card.priority))
        if role == Qt.ItemDataRole.BackgroundRole and column == "left" and state_key(card) in ("amber", "red"):
            return QBrush(STATE_COLORS[card.state][1])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(card)
        return None

    def _text(self, card: Card, column: str) -> str:
        field = self._custom_field(column) if column.startswith("cf:") else None
        if field is not None:
            return custom_values.shown(field, self.custom_values.get(card.id, {}).get(field.id), reveal=False)
        if column == "number":
            return card.number
        if column == "customer":
            return card.customer or ""
        if column == "category":
            return category_text(card)
        if column == "priority":
            return labels.priority(card.priority)
        if column == "stage":
            return labels.stage(card.stage)
        if column == "assignee":
            return card.assignee
        if column == "left":
            return time_text(card, self.now, self.working_day)
        if column == "due":
            return f"{due_kind(card.due_kind)} {card.due:%Y-%m-%d %H:%M}" if card.due else ""
        return f"{card.created_at:%Y-%m-%d %H:%M}" if card.created_at else ""

    def _key(self, column: str):
        field = self._custom_field(column) if column.startswith("cf:") else None
        if field is not None:  # no value last; a sensitive field's sealed values are not compared
            def by_value(c: Card):
                value = None if field.sensitive else self.custom_values.get(c.id, {}).get(field.id)
                return (value is None, value if value is not None else 0, c.number)

            return by_value
        if column == "customer":
            return lambda c: (c.customer or "", c.number)
        if column == "category":
            return lambda c: (c.category, c.number)
        if column == "priority":
            return lambda c: (_PRIORITY_ORDER.get(c.priority, 9), c.number)
        if column == "stage":
            return lambda c: (_STAGE_ORDER.get(c.stage, 9), c.number)
        if column == "assignee":
            return lambda c: (c.assignee == "", c.assignee, c.number)
        if column == "left":
            return lambda c: (_STATE_ORDER.get(c.state, 9), c.due or _FAR, c.number)
        if column == "due":
            return lambda c: (c.due is None, c.due or _FAR, c.number)
        if column == "created":
            return lambda c: (c.created_at or _FAR, c.number)
        return lambda c: c.number

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in memory."""
        self._sort = (column, order)
        if not 0 <= column < len(self.keys):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()  # the selection follows its tickets, not its row numbers
        ids = [self.cards[index.row()].id for index in persistent]
        self.cards.sort(key=self._key(self.keys[column]), reverse=order == Qt.SortOrder.DescendingOrder)
        rows = {card.id: row for row, card in enumerate(self.cards)}
        self.changePersistentIndexList(persistent, [self.index(rows[tid], index.column())
                                                    for tid, index in zip(ids, persistent)])
        self.layoutChanged.emit()

    def set_cards(self, cards: list[Card], now: dt.datetime, working_day: int) -> None:
        """Show another set of cards, in the current sort order."""
        self.beginResetModel()
        self.cards = list(cards)
        self.now, self.working_day = now, working_day
        if self.custom:
            self.custom_values = custom_values.load("ticket", [c.id for c in self.cards], self.custom)
        column, order = self._sort
        if 0 <= column < len(self.keys):
            self.cards.sort(key=self._key(self.keys[column]), reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def take_times(self, cards: dict[int, Card], now: dt.datetime) -> None:
        """The clock ticked: take the board's recounted cards (by ticket id) and repaint that column."""
        self.cards = [cards.get(card.id, card) for card in self.cards]
        self.now = now
        if self.cards:
            left = self.keys.index("left")
            self.dataChanged.emit(self.index(0, left), self.index(len(self.cards) - 1, left))

    def card(self, row: int) -> Card | None:
        """The card of a row."""
        return self.cards[row] if 0 <= row < len(self.cards) else None

    def row_of(self, ticket_id: int) -> int:
        """The row of a ticket, or -1."""
        return next((row for row, card in enumerate(self.cards) if card.id == ticket_id), -1)


class TicketListView(QTableView):
    """The list alternative to the cards: double-click or Enter opens, right-click offers the moves."""

    card_activated = Signal(int)
    menu_requested = Signal(int, object)  # ticket id, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = TicketTableModel(self)
        self.setModel(self.table_model)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 240, 110, 60, 70, 80, 150, 170, 130)):
            self.setColumnWidth(column, width)
        self.activated.connect(self._on_activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        header.setToolTip(self.tr("Right-click to choose the columns"))

    # -- columns (the custom fields' are optional, like the registry's)
    def set_custom(self, field_list: list[FieldDef]) -> None:
        """Take the custom fields of tickets as extra columns (keeping the columns hidden by hand)."""
        hidden = set(self.hidden_columns())
        self.table_model.set_custom(field_list)
        for column, key in enumerate(self.table_model.keys):
            self.setColumnHidden(column, key in hidden)

    def hidden_columns(self) -> list[str]:
        """The keys of the columns hidden."""
        return [key for column, key in enumerate(self.table_model.keys) if self.isColumnHidden(column)]

    def visible_columns(self) -> list[str]:
        """The keys of the columns shown."""
        return [key for column, key in enumerate(self.table_model.keys) if not self.isColumnHidden(column)]

    def show_columns(self, keys: list[str]) -> None:
        """Show exactly these columns (the number always)."""
        for column, key in enumerate(self.table_model.keys):
            self.setColumnHidden(column, key not in keys and key != "number")

    def sort_state(self) -> tuple[str, bool] | None:
        """(column key, descending) of the current sort, or ``None``."""
        column, order = self.table_model._sort  # noqa: SLF001 - the model is this view's own
        if not 0 <= column < len(self.table_model.keys):
            return None
        return self.table_model.keys[column], order == Qt.SortOrder.DescendingOrder

    def sort_by(self, key: str, descending: bool) -> None:
        """Sort by the column ``key`` (ignored when it does not exist)."""
        if key in self.table_model.keys:
            self.sortByColumn(self.table_model.keys.index(key),
                              Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def _on_header_context_menu_requested(self, pos) -> None:
        menu = QMenu(self)
        for column, key in enumerate(self.table_model.keys):
            if key == "number":
                continue
            action = menu.addAction(str(self.table_model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def _on_activated(self, index: QModelIndex) -> None:
        card = self.table_model.card(index.row())
        if card is not None:
            self.card_activated.emit(card.id)

    def _on_context_menu_requested(self, pos) -> None:
        index = self.indexAt(pos)
        card = self.table_model.card(index.row()) if index.isValid() else None
        if card is not None:
            self.selectRow(index.row())
            self.menu_requested.emit(card.id, self.viewport().mapToGlobal(pos))

    def select(self, ticket_id: int) -> bool:
        """Select a ticket's row; False when it is not listed."""
        row = self.table_model.row_of(ticket_id)
        if row >= 0:
            self.selectRow(row)
            self.scrollTo(self.table_model.index(row, 0))
        return row >= 0

    def current_ticket_id(self) -> int:
        """The selected row's ticket id (0: none)."""
        rows = self.selectionModel().selectedRows()
        card = self.table_model.card(rows[0].row()) if rows else None
        return card.id if card is not None else 0

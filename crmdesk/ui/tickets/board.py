"""The board (工单看板): seven stage columns of painted cards, with drag and drop between them.

Each column is a list view over a small model of its cards (``StageModel``), painted by
``CardDelegate``. A drag carries the ticket id as ``CARD_MIME``; the model that receives the drop
emits ``dropped(ticket_id, stage)`` and the board passes it on, queued, as ``move_requested``:
the tab asks for what the target stage needs and runs the change, after the drop event is over
(reloading the columns inside it would pull the model from under the view). While a card is
dragged, the columns it may go to are lit and the others dimmed (``core.tickets.service.allowed_targets``).

归档 (archived) starts collapsed to a narrow strip with its count; clicking it opens the column.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import workcal
from crmdesk.core.tickets import board as ticket_board
from crmdesk.core.tickets.board import Card
from crmdesk.core.tickets.records import STAGES, allowed_targets
from crmdesk.ui import labels, theme
from crmdesk.ui.tickets.card_delegate import CARD_ROLE, CardDelegate, tooltip

CARD_MIME = "application/x-crmdesk-ticket"
STRIP_WIDTH = 30  # a folded column (归档): its name and count written downwards


def card_mime(card: Card) -> QMimeData:
    """What a dragged card carries: its ticket id (and its number as plain text)."""
    mime = QMimeData()
    mime.setData(CARD_MIME, QByteArray(str(card.id).encode()))
    mime.setText(card.number)
    return mime


def ticket_id_of(mime: QMimeData) -> int | None:
    """The ticket id a drag carries, or None for anything else."""
    if not mime.hasFormat(CARD_MIME):
        return None
    try:
        return int(bytes(mime.data(CARD_MIME).data()).decode())
    except ValueError:
        return None


def droppable(source: str, target: str) -> bool:
    """Whether a card of ``source`` may be dropped on ``target`` (its own column is no move)."""
    return target != source and target in allowed_targets(source)


class StageModel(QAbstractListModel):
    """The cards of one column."""

    dropped = Signal(int, str)  # ticket id, this column's stage

    def __init__(self, stage: str, parent=None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.cards: list[Card] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.DisplayRole:
            return card.number
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(card)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{card.number} {card.customer}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled \
            | Qt.ItemFlag.ItemNeverHasChildren

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = [index.row() for index in indexes if index.isValid()]
        return card_mime(self.cards[rows[0]]) if rows else QMimeData()

    def canDropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        return ticket_id_of(data) is not None

    def dropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        """A card was dropped here: report it (the move itself is the tab's business)."""
        ticket_id = ticket_id_of(data)
        if ticket_id is None:
            return False
        self.dropped.emit(ticket_id, self.stage)
        return False  # the source column keeps its card until the move succeeds and the board reloads

    def set_cards(self, cards: list[Card]) -> None:
        """Show another set of cards."""
        self.beginResetModel()
        self.cards = list(cards)
        self.endResetModel()

    def update_cards(self, cards: list[Card]) -> None:
        """The same cards with new times (the clock ticked): repaint, keep selection and scroll."""
        self.cards = list(cards)
        if self.cards:
            self.dataChanged.emit(self.index(0), self.index(len(self.cards) - 1))

    def row_of(self, ticket_id: int) -> int:
        """The row of a ticket in this column, or -1."""
        for row, card in enumerate(self.cards):
            if card.id == ticket_id:
                return row
        return -1


class CardListView(QListView):
    """A column's cards; tells the board when a drag starts and ends, so it can light the targets."""

    drag_started = Signal(str)  # the stage the card comes from
    drag_ended = Signal()

    def __init__(self, model: StageModel, delegate: CardDelegate, parent=None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        palette = self.palette()  # the column's face shows through between the cards
        palette.setColor(QPalette.ColorRole.Base, QColor(0, 0, 0, 0))
        self.setPalette(palette)
        self.viewport().setAutoFillBackground(False)
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setMouseTracking(True)  # hover frames
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0:  # say so rather than show an empty grey box
            painter = QPainter(self.viewport())
            painter.setPen(QColor(theme.BOARD_EMPTY))
            painter.drawText(self.viewport().rect().adjusted(0, 24, 0, 0),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.tr("No tickets"))
            painter.end()

    def startDrag(self, supported_actions: Qt.DropAction) -> None:
        self.drag_started.emit(self.model().stage)
        try:
            super().startDrag(supported_actions)
        finally:
            self.drag_ended.emit()


class CollapsedStrip(QWidget):
    """A collapsed column: its name and count written upwards on a narrow strip; a click opens it,
    and a card dropped on it goes to that stage like one dropped on the open column."""

    clicked = Signal()
    dropped = Signal(int)  # ticket id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedWidth(STRIP_WIDTH)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event) -> None:
        if ticket_id_of(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        ticket_id = ticket_id_of(event.mimeData())
        if ticket_id is not None:
            event.acceptProposedAction()
            self.dropped.emit(ticket_id)

    def sizeHint(self) -> QSize:
        return QSize(STRIP_WIDTH, 200)

    def set_text(self, text: str) -> None:
        self.text = text
        self.update()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(QColor(theme.BOARD_STRIP_TEXT))
        metrics = QFontMetrics(self.font())
        # written downwards: turned a quarter clockwise, a glyph's ascent points right and its descent
        # left of the baseline, so the baseline goes where the whole glyph box is centred
        painter.translate((self.width() + metrics.descent() - metrics.ascent()) / 2, 12)
        painter.rotate(90)
        painter.drawText(0, 0, f"▸  {self.text}")
        painter.end()

    def minimumSizeHint(self) -> QSize:
        """Tall enough for the whole label (a short window would cut the count off)."""
        return QSize(STRIP_WIDTH, QFontMetrics(self.font()).horizontalAdvance(f"▸  {self.text}") + 24)


class StageColumn(QWidget):
    """One stage: a painted header with the name and count, the cards, a note when only the newest
    are shown. Painted rather than styled with a style sheet: seven columns of styled widgets took
    longer to build than the board takes to load."""

    HEADER = 30
    FACES: ClassVar[dict[str, tuple[QColor, QColor]]] = {
        hint: (QColor(face), QColor(edge)) for hint, (face, edge) in theme.BOARD_FACES.items()}

    def __init__(self, stage: str, delegate: CardDelegate, collapsible: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.collapsed = False
        self.count = 0
        self.count_text = "0"
        self.drop_hint = ""
        self.model = StageModel(stage, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 3, 4, 4)
        layout.setSpacing(4)
        self.header = QWidget()  # transparent: the column paints the title and count under it
        self.header.setFixedHeight(self.HEADER - 3)
        top = QHBoxLayout(self.header)
        top.setContentsMargins(6, 0, 2, 0)
        top.addStretch(1)
        self.collapse_button = QToolButton()
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.setText("«")
        self.collapse_button.setToolTip(self.tr("Collapse this column"))
        self.collapse_button.setVisible(collapsible)
        top.addWidget(self.collapse_button)
        layout.addWidget(self.header)
        self.view = CardListView(self.model, delegate)
        layout.addWidget(self.view, 1)
        self.footer_label = QLabel()
        self.footer_label.setWordWrap(True)
        footer = self.footer_label.palette()
        footer.setColor(QPalette.ColorRole.WindowText, QColor(theme.CARD_MUTED))
        self.footer_label.setPalette(footer)
        self.footer_label.hide()
        layout.addWidget(self.footer_label)
        self.strip = CollapsedStrip()
        self.strip.setToolTip(self.tr("Show the archived tickets"))
        self.strip.hide()
        layout.addWidget(self.strip, 1)
        self.setMinimumWidth(180)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        face, edge = self.FACES.get(self.drop_hint, self.FACES[""])
        pen = QPen(edge, 1, Qt.PenStyle.DashLine if self.drop_hint == "allowed" else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(face)
        painter.drawRoundedRect(self.rect().adjusted(0, 0, -1, -1), 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.STAGE_COLORS[self.stage]))
        painter.drawRoundedRect(1, 0, self.width() - 2, 3, 1.5, 1.5)
        if not self.collapsed:
            title_font = QFont(self.font())
            title_font.setBold(True)
            painter.setFont(title_font)
            painter.setPen(QColor(theme.CARD_HEADING))
            title = labels.stage(self.stage)
            title_w = QFontMetrics(title_font).horizontalAdvance(title)
            baseline_box = QRect(12, 3, title_w + 2, self.HEADER - 3)
            painter.drawText(baseline_box, Qt.AlignmentFlag.AlignVCenter, title)
            painter.setFont(self.font())
            metrics = QFontMetrics(self.font())
            if not self.count_text:
                painter.end()
                return
            badge = QRect(baseline_box.right() + 8, 3 + (self.HEADER - 3 - metrics.height() - 2) // 2,
                          metrics.horizontalAdvance(self.count_text) + 14, metrics.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.BOARD_COUNT_FILL))
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(QColor(theme.CARD_TEXT))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.count_text)
        painter.end()

    def set_collapsed(self, collapsed: bool) -> None:
        """Fold the column to its strip, or open it."""
        self.collapsed = collapsed
        for widget in (self.header, self.view):
            widget.setVisible(not collapsed)
        self.footer_label.setVisible(not collapsed and bool(self.footer_label.text()))
        self.strip.setVisible(collapsed)
        self.setMinimumWidth(STRIP_WIDTH + 8 if collapsed else 180)
        self.setMaximumWidth(STRIP_WIDTH + 8 if collapsed else 16_777_215)
        self.update()

    def set_count(self, count: int | None, more: bool = False) -> None:
        """The header count (None: not counted; ``more``: the column holds more than ``count``), and
        a note below the cards when the column shows only its newest."""
        self.count = count or 0
        self.count_text = "" if count is None else QLocale().toString(count) + ("+" if more else "")
        self.strip.set_text(f"{labels.stage(self.stage)}  {self.count_text}".strip())
        shown = self.model.rowCount()
        note = ""
        if more:
            note = self.tr("Showing the newest %1; search or filter to find others.") \
                .replace("%1", QLocale().toString(shown))
        elif count is not None and count > shown:
            note = self.tr("Showing the newest %1 of %2; search or filter to find others.") \
                .replace("%1", QLocale().toString(shown)).replace("%2", self.count_text)
        self.footer_label.setText(note)
        self.footer_label.setVisible(bool(note) and not self.collapsed)
        self.update()

    def set_drop_hint(self, hint: str) -> None:
        """Light the column as a drop target ("allowed"), dim it ("refused"), or neither ("")."""
        if self.drop_hint != hint:
            self.drop_hint = hint
            self.update()


class BoardView(QWidget):
    """The seven columns side by side (scrolling sideways when the window is narrow)."""

    move_requested = Signal(int, str)  # ticket id, target stage
    card_activated = Signal(int)
    menu_requested = Signal(int, QPoint)  # ticket id, global position
    archive_toggled = Signal(bool)  # whether the archived column is open now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = CardDelegate(self)
        self.since = dt.datetime.now()
        self.cal: workcal.WorkCalendar | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self._row = row = QHBoxLayout(inner)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.columns: dict[str, StageColumn] = {}
        for stage in STAGES:
            column = StageColumn(stage, self.delegate, collapsible=stage == "archived")
            self.columns[stage] = column
            row.addWidget(column, 0 if stage == "archived" else 1)
            model, view = column.model, column.view
            model.dropped.connect(self._on_model_dropped, Qt.ConnectionType.QueuedConnection)
            view.activated.connect(lambda index, m=model: self._emit_card(index, m, self.card_activated))
            view.customContextMenuRequested.connect(lambda pos, v=view: self._on_view_menu(v, pos))
            view.drag_started.connect(self._on_view_drag_started)
            view.drag_ended.connect(self._on_view_drag_ended)
            view.selectionModel().currentChanged.connect(
                lambda current, _previous, v=view: self._on_view_current_changed(v, current))
        archived = self.columns["archived"]
        archived.collapse_button.clicked.connect(lambda: self.set_archive_open(False))
        archived.strip.clicked.connect(lambda: self.set_archive_open(True))
        archived.strip.dropped.connect(lambda ticket_id: self._on_model_dropped(ticket_id, "archived"),
                                       Qt.ConnectionType.QueuedConnection)
        archived.set_collapsed(True)
        self.scroll_area.setWidget(inner)
        outer.addWidget(self.scroll_area)

    # -- contents
    @property
    def archive_open(self) -> bool:
        """Whether the archived column is open (its cards are then loaded)."""
        return not self.columns["archived"].collapsed

    def set_archive_open(self, open_: bool) -> None:
        """Open or fold the archived column; the tab reloads to fetch or drop its cards."""
        if open_ == self.archive_open:
            return
        self.columns["archived"].set_collapsed(not open_)
        self._row.setStretchFactor(self.columns["archived"], 1 if open_ else 0)
        self.archive_toggled.emit(open_)

    def set_columns(self, loaded: ticket_board.Columns) -> None:
        """Show freshly read cards; each column keeps its scroll position and the selection stays."""
        current = self.current_ticket_id()
        self.since, self.cal = loaded.now, loaded.cal
        self.delegate.now, self.delegate.working_day = loaded.now, loaded.cal.day_seconds
        for stage, column in self.columns.items():
            scroll = column.view.verticalScrollBar().value()
            column.model.set_cards(loaded.cards.get(stage, []))
            column.set_count(loaded.counts.get(stage), stage in loaded.more)
            column.view.verticalScrollBar().setValue(scroll)
        if current:
            self.select(current)

    def retime(self, now: dt.datetime) -> None:
        """Count every card's time left again at ``now`` (no query) and repaint."""
        if self.cal is None:
            return
        for column in self.columns.values():
            column.model.update_cards(ticket_board.retime(column.model.cards, self.since, now, self.cal))
        self.since = self.delegate.now = now

    def cards(self, stage: str) -> list[Card]:
        """The cards shown in a column."""
        return self.columns[stage].model.cards

    def card_count(self) -> int:
        """How many cards the board shows."""
        return sum(column.model.rowCount() for column in self.columns.values())

    # -- selection
    def select(self, ticket_id: int) -> bool:
        """Select a ticket's card and scroll to it; False when it is not on the board."""
        for column in self.columns.values():
            row = column.model.row_of(ticket_id)
            if row >= 0:
                index = column.model.index(row)
                column.view.setCurrentIndex(index)
                column.view.scrollTo(index)
                return True
        return False

    def current_ticket_id(self) -> int:
        """The selected card's ticket id (0: none)."""
        for column in self.columns.values():
            index = column.view.currentIndex()
            if index.isValid() and column.view.selectionModel().isSelected(index):
                return column.model.cards[index.row()].id
        return 0

    def _on_view_current_changed(self, view: CardListView, current: QModelIndex) -> None:
        if not current.isValid():
            return
        for column in self.columns.values():  # one selected card on the whole board
            if column.view is not view:
                column.view.clearSelection()
                column.view.setCurrentIndex(QModelIndex())

    def shown_stage(self, ticket_id: int) -> str | None:
        """The column the board shows the ticket in (``None``: not on the board), so a move is made
        from the stage the user saw (another PC may have moved the ticket since)."""
        for stage, column in self.columns.items():
            if any(card.id == ticket_id for card in column.model.cards):
                return stage
        return None

    # -- signals of the columns
    @staticmethod
    def _emit_card(index: QModelIndex, model: StageModel, signal) -> None:
        if index.isValid():
            signal.emit(model.cards[index.row()].id)

    def _on_view_menu(self, view: CardListView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if index.isValid():
            view.setCurrentIndex(index)
            self.menu_requested.emit(view.model().cards[index.row()].id, view.viewport().mapToGlobal(pos))

    def _on_model_dropped(self, ticket_id: int, stage: str) -> None:
        self.move_requested.emit(ticket_id, stage)

    def _on_view_drag_started(self, source: str) -> None:
        for stage, column in self.columns.items():
            column.set_drop_hint("" if stage == source else "allowed" if droppable(source, stage) else "refused")

    def _on_view_drag_ended(self) -> None:
        for column in self.columns.values():
            column.set_drop_hint("")

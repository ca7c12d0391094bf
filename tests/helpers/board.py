"""The ticket board in widget tests: a card dragged onto another column as the mouse would."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from crmdesk.ui.tickets.board import CARD_MIME, ticket_id_of


def drop_card(qtbot, tab, ticket_id: int, target: str) -> None:
    """Drag a card onto another column as the mouse would: enter, move and drop events on its viewport."""
    source = next(column for column in tab.board.columns.values() if column.model.row_of(ticket_id) >= 0)
    mime = source.model.mimeData([source.model.index(source.model.row_of(ticket_id))])
    assert ticket_id_of(mime) == ticket_id and mime.hasFormat(CARD_MIME)
    viewport = tab.board.columns[target].view.viewport()
    spot = QPoint(viewport.width() // 2, viewport.height() - 5)
    move = Qt.DropAction.MoveAction
    enter = QDragEnterEvent(spot, move, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    over = QDragMoveEvent(spot, move, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, over)
    QApplication.sendEvent(viewport, QDropEvent(QPointF(spot), move, mime, Qt.MouseButton.LeftButton,
                                                Qt.KeyboardModifier.NoModifier))
    qtbot.wait(1)  # the drop reaches the tab queued, after the drop event

"""Qt helpers shared by the widget tests."""

from __future__ import annotations


def type_text(widget, text: str) -> None:
    """Type text as a Chinese input method commits it (QTest.keyClicks handles only Latin keys)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)

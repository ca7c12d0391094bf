"""Notices above the Today list: a plain sentence of what is wrong and a button that fixes it.

Used for what an owner must not miss: a year without holiday data (the SLA clock would count
春节 as working days) and a tier policy that needs more follow-ups than the team can make. Each
bar is hidden while its text is empty; other windows (the settings) can embed the same bar.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from crmdesk.ui import theme

STYLE = (f"QFrame#notice {{ background: {theme.NOTICE_FILL}; border: 1px solid {theme.NOTICE_BORDER}; "
         f"border-radius: 3px; }} QLabel {{ color: {theme.NOTICE_TEXT}; }}")


class NoticeBar(QFrame):
    """One notice: the sentence, and a button (``activated``) that leads to the fix."""

    activated = Signal()

    def __init__(self, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setStyleSheet(STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton(button_text)
        row.addWidget(QLabel("⚠"))
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.button.clicked.connect(self.activated)
        self.hide()

    def set_text(self, text: str) -> None:
        """Show ``text`` (hide the bar when it is empty)."""
        self.label.setText(text)
        self.setVisible(bool(text))

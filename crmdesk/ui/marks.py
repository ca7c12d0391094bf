"""Marking refused fields: a red frame and the reason as tooltip, cleared on the next try."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

from crmdesk.ui import theme

_STYLE = f"border: 1px solid {theme.INVALID_BORDER}; background: {theme.ERROR_FILL};"


def mark_invalid(widget: QWidget, reason: str) -> None:
    """Show that ``widget`` holds a refused value and why."""
    widget.setProperty("invalid", True)
    widget.setStyleSheet(_STYLE)
    widget.setToolTip(reason)


def clear_marks(widgets: Iterable[QWidget]) -> None:
    """Remove the marks of a previous attempt."""
    for widget in widgets:
        if widget.property("invalid"):
            widget.setProperty("invalid", False)
            widget.setStyleSheet("")
            widget.setToolTip("")


def is_marked(widget: QWidget) -> bool:
    """Whether ``widget`` is currently marked invalid (tests use this)."""
    return bool(widget.property("invalid"))

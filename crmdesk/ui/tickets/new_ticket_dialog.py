"""Kept for callers of the former simple 新建工单 dialog: it is now ``TicketDialog`` for a customer."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crmdesk.ui.tickets.ticket_dialog import TicketDialog


def NewTicketDialog(customer_id: int, parent: QWidget | None = None) -> TicketDialog:  # noqa: N802 - was a class
    """The ticket form for a new ticket of ``customer_id`` (``created`` is set once it is saved)."""
    return TicketDialog(parent, customer_id=customer_id)


__all__ = ["NewTicketDialog"]

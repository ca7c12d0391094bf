"""Named operations on saved views (常用视图) of the registry and the ticket board.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from crmdesk.core import saved_views
from crmdesk.core.firm import staff
from crmdesk.ui.operations.runner import Op


def save_view(parent: QWidget | None, scope: str, name: str, state: dict[str, Any], *,
              replace: int | None = None) -> Op:
    """Save a list's state under ``name`` (a new view, or into view ``replace``); the result is
    ``(View, Changes)``."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: saved_views.save(scope, name, state, operator=operator, replace=replace))


def rename_view(parent: QWidget | None, view_id: int, name: str) -> Op:
    """Give a view another name."""
    return Op(parent, lambda _ctx: saved_views.rename(view_id, name))


def delete_view(parent: QWidget | None, view_id: int) -> Op:
    """Delete a view (and its place as anybody's default)."""
    return Op(parent, lambda _ctx: saved_views.delete(view_id))


def set_default_view(parent: QWidget | None, scope: str, view_id: int | None) -> Op:
    """Make ``view_id`` (``None``: none) the current user's default of the list."""
    operator = staff.current_operator()
    if operator is None:
        raise ValueError("a default view needs the current user")
    operator_id = operator.id
    return Op(parent, lambda _ctx: saved_views.set_default(scope, view_id, operator_id))

"""Named operations on custom fields (设置 → 自定义字段): add, change, order, remove and restore a field.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it. The current user is read
when the operation is built and recorded in the audit log of the change.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crmdesk.core.customfields import admin
from crmdesk.core.firm import staff
from crmdesk.ui.operations.runner import Op


def add_field(parent: QWidget | None, entity: str, label: str, kind: str, *, choices: list[str],
              required: bool, sensitive: bool) -> Op:
    """A new field at the end of ``entity``'s form; the result is its change-set."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: admin.add(entity, label, kind, choices=choices, required=required,
                                             sensitive=sensitive, operator=operator)[1])


def update_field(parent: QWidget | None, field_id: int, *, label: str, kind: str, choices: list[str] | None,
                 required: bool, sensitive: bool) -> Op:
    """Change a field's name, kind (while it holds no value), list and flags."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: admin.update(field_id, label=label, kind=kind, choices=choices,
                                                required=required, sensitive=sensitive, operator=operator))


def hide_field(parent: QWidget | None, field_id: int) -> Op:
    """Remove a field from forms, lists and files; its values are kept."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: admin.hide(field_id, operator))


def restore_field(parent: QWidget | None, field_id: int) -> Op:
    """Bring a removed field back with its values."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: admin.restore(field_id, operator))


def move_field(parent: QWidget | None, field_id: int, step: int) -> Op:
    """Move a field up (negative ``step``) or down in its form."""
    return Op(parent, lambda _ctx: admin.move(field_id, step))

"""Named operations on the firm's set-up: who works at this PC, the staff, the settings and the tier
policy, the working calendar.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from crmdesk.core.customers import tiers
from crmdesk.core.firm import holidays, staff
from crmdesk.core.firm.tier_policy import PolicyRow
from crmdesk.core.store.changes import Changes
from crmdesk.ui.operations.runner import Op


@dataclass(frozen=True)
class StaffAdded:
    """A new staff member's id, and the change-set that makes the lists of staff reload."""

    staff_id: int
    changes: Changes


def choose_operator(parent: QWidget | None, staff_id: int) -> Op:
    """我是…: who works at this PC now (remembered for this PC and database; every list of people
    and the status bar follow)."""
    return Op(parent, lambda _ctx: staff.set_current_operator(staff_id) | Changes(staff=True))


def add_staff(parent: QWidget | None, name: str, role: str, phone: str) -> Op:
    """A new active staff member; the result is a ``StaffAdded``."""
    return Op(parent, lambda _ctx: StaffAdded(staff.add(name, role, phone).id, Changes(staff=True)))


def rename_staff(parent: QWidget | None, staff_id: int, name: str) -> Op:
    """Change a name (history shows the new one)."""
    return Op(parent, lambda _ctx: staff.rename(staff_id, name))


def set_staff_active(parent: QWidget | None, staff_id: int, active: bool) -> Op:
    """Deactivate someone who left (they stay in history), or bring them back."""
    return Op(parent, lambda _ctx: staff.set_active(staff_id, active))


def save_settings(parent: QWidget | None, values: dict[str, object], policy: list[PolicyRow], *,
                  operator_id: int | None = None) -> Op:
    """The settings dialog's OK: the declared settings and the tier policy in one transaction, then
    this PC's current user (``operator_id``; not stored in the database)."""
    def work(_ctx) -> Changes:
        changes = tiers.save_settings(values, policy)
        if operator_id is not None:
            changes |= staff.set_current_operator(operator_id)
        return changes | Changes(settings=True, staff=True)

    return Op(parent, work)


def store_holiday_year(parent: QWidget | None, year: int, days: list[holidays.Day], source: str, *,
                       complete: bool = True) -> Op:
    """The owner's days off and extra working days of ``year``; the result is a ``holidays.Stored``
    (with what moved because of them)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: holidays.store_year(year, days, source, complete=complete, operator=operator))

"""Named operations on the firm's set-up: who works at this PC, the staff, the settings and the tier
policy, the working calendar.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from crmdesk.core import server_probe
from crmdesk.core.customers import tiers
from crmdesk.core.firm import holidays, settings, staff
from crmdesk.core.firm.tier_policy import PolicyRow
from crmdesk.core.store import server
from crmdesk.core.store.changes import Changes
from crmdesk.ui.operations.runner import Op, ReadOp


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
                  operator_id: int | None = None, second_folder: str | None = None) -> Op:
    """The settings dialog's OK: the declared settings and the tier policy in one transaction, then
    this PC's current user (``operator_id``) and second backup folder (not stored in the database)."""
    def work(_ctx) -> Changes:
        changes = tiers.save_settings(values, policy)
        if operator_id is not None:
            changes |= staff.set_current_operator(operator_id)
        if second_folder is not None:
            settings.set_second_backup_folder(second_folder)
        return changes | Changes(settings=True, staff=True)

    return Op(parent, work)


def store_holiday_year(parent: QWidget | None, year: int, days: list[holidays.Day], source: str, *,
                       complete: bool = True) -> Op:
    """The owner's days off and extra working days of ``year``; the result is a ``holidays.Stored``
    (with what moved because of them)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: holidays.store_year(year, days, source, complete=complete, operator=operator))


def probe_server(parent: QWidget | None, target: server.ServerTarget, secret: str | None = None) -> ReadOp:
    """测试连接 of the settings: what ``target`` holds (``core.server_probe``), off the GUI thread (a server
    that does not answer takes seconds); with ``secret`` the password is tried, not stored."""
    return ReadOp(parent, lambda _ctx: server_probe.probe(target, secret=secret))


def store_server_password(parent: QWidget | None, target: server.ServerTarget, secret: str) -> ReadOp:
    """Keep a password that worked in this PC's key store (off the GUI thread: the key store may be slow)."""
    return ReadOp(parent, lambda _ctx: server.remember_password(target, secret))

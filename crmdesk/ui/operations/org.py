"""Named operations on who does what (docs/spec.md §13): departments and membership, the routing table,
the responsibility matrix, the written service policy as a PDF, and the team KPIs.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core.org import departments, raci, rules
from crmdesk.core.reports import team
from crmdesk.core.reports.kpi import Period
from crmdesk.io.excel import org_sheets
from crmdesk.ui.operations.runner import Op, ReadOp


def add_department(parent: QWidget | None, name: str) -> Op:
    """A new active department at the end of the order; the result is ``(id, changes)``."""
    return Op(parent, lambda _ctx: departments.add(name))


def rename_department(parent: QWidget | None, department_id: int, name: str) -> Op:
    """A new name (tickets and history show it)."""
    return Op(parent, lambda _ctx: departments.rename(department_id, name))


def set_department_active(parent: QWidget | None, department_id: int, active: bool) -> Op:
    """Switch a department off (kept in history, no longer routed to) or on again."""
    return Op(parent, lambda _ctx: departments.set_active(department_id, active))


def move_department(parent: QWidget | None, department_id: int, step: int) -> Op:
    """One place up (``-1``) or down (``1``) in the order of the lists and the policy."""
    return Op(parent, lambda _ctx: departments.move(department_id, step))


def set_head(parent: QWidget | None, department_id: int, staff_id: int | None) -> Op:
    """The department's head (部门主管), a member of it; ``None``: none."""
    return Op(parent, lambda _ctx: departments.set_head(department_id, staff_id))


def set_default_person(parent: QWidget | None, department_id: int, staff_id: int | None) -> Op:
    """Whom a rule's "default person" pick proposes; ``None``: the head."""
    return Op(parent, lambda _ctx: departments.set_default_person(department_id, staff_id))


def set_membership(parent: QWidget | None, staff_id: int, department_id: int | None, role: str | None) -> Op:
    """Put a person in a department (``None``: none) with ``role`` (``None``: keep)."""
    return Op(parent, lambda _ctx: departments.set_membership(staff_id, department_id, role))


def save_rules(parent: QWidget | None, rows: list[rules.RuleRow]) -> Op:
    """Replace the routing table by ``rows`` (checked as a whole, one transaction)."""
    return Op(parent, lambda _ctx: rules.save_table(rows))


def save_raci(parent: QWidget | None, cells: dict[str, dict[str, str]]) -> Op:
    """The owner's responsibility matrix."""
    return Op(parent, lambda _ctx: raci.save(cells))


def reset_raci(parent: QWidget | None) -> Op:
    """Forget the owner's matrix: the letters the departments' roles suggest again."""
    return Op(parent, lambda _ctx: raci.reset())


def export_policy(parent: QWidget | None, out: Path) -> ReadOp:
    """《售后服务流程规范》 and 《客户资料管理制度》 written to ``out`` from the settings; the result is the path."""
    from crmdesk.io.pdf.policy import write_policy  # start-up: reportlab loads when first built

    return ReadOp(parent, lambda _ctx: write_policy(out))


def team_kpis(parent: QWidget | None, period: Period, as_of: dt.datetime) -> ReadOp:
    """Per-person and per-department KPIs of ``period`` beside the period before (a ``TeamKpis``)."""
    return ReadOp(parent, lambda _ctx: team.compute(period, as_of))


def export_sheet(parent: QWidget | None, kind: str, out: Path) -> ReadOp:
    """The staff-and-departments sheet (``kind`` ``staff``) or the routing table (``routing``) written to
    ``out``, ready to edit and import back; the result is the path."""
    write = org_sheets.write_people if kind == "staff" else org_sheets.write_routing
    return ReadOp(parent, lambda _ctx: write(out))


def import_sheet(parent: QWidget | None, kind: str, path: Path) -> Op:
    """Apply an edited staff sheet or routing table (checked as a whole, one transaction); the result is a
    ``SheetImport`` (rows, created, updated)."""
    work = org_sheets.import_people if kind == "staff" else org_sheets.import_routing
    return Op(parent, lambda _ctx: work(path))

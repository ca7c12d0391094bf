"""The routing table (分派规则) the owner edits: conditions, department, pick, the rule's own SLA.

One table, read top to bottom: the first active rule whose every condition holds routes the
ticket (``core.org.routing``). A condition left empty matches anything:

- 工单类型 ``category``: a ticket category (故障报修, 投诉, 需求建议 …);
- 问题类型 ``complaint_type``: the complaint's type (产品质量, 服务态度 …), several separated by 、 or a
  comma; a rule with a complaint type only ever matches complaints;
- 产品型号 ``product_model``: model patterns (``X200``, ``X2*``), several separated by 、 or a comma,
  compared without case, width or spaces; a ticket's model is its equipment's model once it
  names a machine, else the model typed on the ticket;
- 客户层级 ``tier``: the customer's tier.

The rule then names the responsible department, how the person is picked (``default``: the
department's default person, else its head; ``round_robin``: its members in turn; ``least_open``:
the member with the least open work), optionally only among members of one role, and its own
allowances where they differ from the SLA (需求建议: a feasibility answer within 3 working days).

``save_table`` replaces the whole table in one transaction after checking every row; the
Excel round trip of the table is ``crmdesk.io.excel.routing_sheet``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, replace

from crmdesk.core.firm.staff import ROLES
from crmdesk.core.i18n import _
from crmdesk.core.org.departments import role_label
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import TICKET_CATEGORIES, TIERS, Department, RoutingRule, database_proxy, now
from crmdesk.core.tickets import sla

log = logging.getLogger(__name__)

PICKS = ("least_open", "round_robin", "default")
UNITS = ("working_days", "working_hours", "calendar_days", "calendar_hours")
_SPLIT = re.compile(r"[、,，;；/\s]+")


def pick_label(pick: str) -> str:
    """How a rule picks the person, in words."""
    return {"default": _("Default person"), "round_robin": _("Round robin"),
            "least_open": _("Least open work")}.get(pick, pick)


def span_text(amount: float, unit: str) -> str:
    """``3 个工作日``, ``24 小时`` …"""
    shown = f"{amount:g}"
    return {"working_days": _("{amount} working days", amount=shown),
            "working_hours": _("{amount} working hours", amount=shown),
            "calendar_days": _("{amount} calendar days", amount=shown),
            "calendar_hours": _("{amount} hours", amount=shown)}.get(unit, f"{shown} {unit}")


def fold(text: str) -> str:
    """A value compared without case, full/half width or spaces (``Ｘ-２００`` = ``x-200``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


def values_of(text: str) -> list[str]:
    """The values of a multi-value condition (``产品质量、服务态度`` → two values)."""
    return [part for part in _SPLIT.split((text or "").strip()) if part]


@dataclass(frozen=True)
class RuleRow:
    """One line of the routing table as the editor and the Excel sheet see it."""

    id: int | None
    category: str = ""
    complaint_type: str = ""
    product_model: str = ""
    tier: str = ""
    department_id: int | None = None
    department: str = ""  # the department's name (what the sheet writes and reads)
    pick: str = "least_open"
    role: str = ""
    response_hours: float | None = None
    resolution_amount: float | None = None
    resolution_unit: str = ""
    note: str = ""
    active: bool = True

    def sla_text(self) -> str:
        """The rule's own allowances in words, or ``""``."""
        parts = []
        if self.response_hours is not None:
            parts.append(_("response within {hours} h", hours=f"{self.response_hours:g}"))
        if self.resolution_amount is not None:
            parts.append(_("resolution within {span}", span=span_text(self.resolution_amount, self.resolution_unit)))
        return "，".join(parts)

    def sla_override(self) -> str:
        """The allowances as a ticket stores them (``core.tickets.sla.rule_sla``)."""
        resolution = None if self.resolution_amount is None else (self.resolution_amount, self.resolution_unit)
        return sla.rule_sla(self.response_hours, resolution)

    def conditions_text(self) -> str:
        """``投诉·产品质量``, ``需求建议``, ``战略客户·型号 X2*`` … or 其余工单."""
        parts = []
        if self.category:
            parts.append(TICKET_CATEGORIES.get(self.category, self.category))
        if self.complaint_type:
            parts.append("、".join(values_of(self.complaint_type)))
        if self.product_model:
            parts.append(_("Product model") + " " + "、".join(values_of(self.product_model)))
        if self.tier:
            parts.append(_("{tier} customers", tier=TIERS.get(self.tier, self.tier)))
        return "·".join(parts) or _("everything else")

    def describe(self) -> str:
        """The rule in one line: conditions → department (pick), and its SLA."""
        pick = pick_label(self.pick) + (f"·{role_label(self.role)}" if self.role else "")
        text = _("{conditions} → {department} ({pick})", conditions=self.conditions_text(),
                 department=self.department, pick=pick)
        return f"{text}；{self.sla_text()}" if self.sla_text() else text


def _row(rule: RoutingRule, names: dict[int, str]) -> RuleRow:
    return RuleRow(rule.id, rule.category, rule.complaint_type, rule.product_model, rule.tier, rule.department_id,
                   names.get(rule.department_id, ""), rule.pick, rule.role, rule.response_hours,
                   rule.resolution_amount, rule.resolution_unit, rule.note, rule.active)


def rules(*, active_only: bool = False) -> list[RuleRow]:
    """The routing table in its order."""
    names = {d.id: d.name for d in Department.select(Department.id, Department.name)}
    query = RoutingRule.select().order_by(RoutingRule.position, RoutingRule.id)
    if active_only:
        query = query.where(RoutingRule.active == True)  # noqa: E712
    return [_row(rule, names) for rule in query]


def rule(rule_id: int) -> RuleRow | None:
    """One rule, or ``None`` when it was removed."""
    found = RoutingRule.get_or_none(RoutingRule.id == rule_id)
    if found is None:
        return None
    return _row(found, {d.id: d.name for d in Department.select(Department.id, Department.name)})


def position_of(rule_id: int) -> int:
    """The rule's number as the table shows it (1 for the first line), 0 when it is gone."""
    ids = [r.id for r in RoutingRule.select(RoutingRule.id).order_by(RoutingRule.position, RoutingRule.id)]
    return ids.index(rule_id) + 1 if rule_id in ids else 0


def _fail(n: int, field: str, label: str, reason: str) -> ValidationError:
    where = _("Rule {n}", n=n)
    return ValidationError(field, reason, f"{where} · {label}")


def checked(row: RuleRow, n: int) -> RuleRow:
    """``row`` with its department resolved by name when needed, or a ``ValidationError`` naming the
    rule's number and the field."""
    category = (row.category or "").strip()
    if category and category not in TICKET_CATEGORIES:
        raise _fail(n, "category", _("Ticket type"), _("unknown value {value}", value=category))
    tier = (row.tier or "").strip()
    if tier and tier not in TIERS:
        raise _fail(n, "tier", _("Tier"), _("unknown value {value}", value=tier))
    complaint_type = "、".join(values_of(row.complaint_type))
    if complaint_type and category not in ("", "complaint"):
        raise _fail(n, "complaint_type", _("Complaint type"), _("a complaint type only applies to complaints"))
    if row.pick not in PICKS:
        raise _fail(n, "pick", _("Pick"), _("unknown value {value}", value=row.pick))
    if row.role and row.role not in ROLES:
        raise _fail(n, "role", _("Only role"), _("unknown value {value}", value=row.role))
    department = None
    if row.department_id is not None:
        department = Department.get_or_none(Department.id == row.department_id)
    elif row.department.strip():
        department = Department.get_or_none(Department.name == " ".join(row.department.split()))
        if department is None:
            raise _fail(n, "department", _("Responsible department"), _("no department named “{name}”", name=row.department))
    if department is None:
        raise _fail(n, "department", _("Responsible department"), _("required"))
    if not department.active and row.active:
        raise _fail(n, "department", _("Responsible department"), _("{name} is inactive", name=department.name))
    if row.response_hours is not None and row.response_hours <= 0:
        raise _fail(n, "response_hours", _("Response allowance"), _("must be more than 0"))
    amount, unit = row.resolution_amount, (row.resolution_unit or "").strip()
    if (amount is None) != (not unit):
        raise _fail(n, "resolution", _("Resolution allowance"), _("give both the amount and the unit"))
    if amount is not None and amount <= 0:
        raise _fail(n, "resolution", _("Resolution allowance"), _("must be more than 0"))
    if unit and unit not in UNITS:
        raise _fail(n, "resolution", _("Resolution allowance"), _("unknown value {value}", value=unit))
    return replace(row, category=category, tier=tier, complaint_type=complaint_type,
                   product_model="、".join(values_of(row.product_model)), department_id=department.id,
                   department=department.name, resolution_unit=unit, note=(row.note or "").strip()[:200])


def check_table(rows: list[RuleRow]) -> list[RuleRow]:
    """Every row checked (``checked``), without writing: what ``save_table`` would store."""
    return [checked(row, n) for n, row in enumerate(rows, start=1)]


def save_table(rows: list[RuleRow]) -> Changes:
    """Replace the routing table by ``rows`` (in their order) in one transaction.

    Rows with an id update that rule (its round-robin place is kept), rows without one are added,
    rules missing from ``rows`` are removed (the tickets they routed keep their department, SLA and
    the history line that names the rule). Nothing is written unless every row is valid.
    """
    with database_proxy.atomic():
        clean = check_table(rows)
        stamp = now()
        kept: list[int] = []
        for position, row in enumerate(clean):
            values = {"position": position, "category": row.category, "complaint_type": row.complaint_type,
                      "product_model": row.product_model, "tier": row.tier, "department": row.department_id,
                      "pick": row.pick, "role": row.role, "response_hours": row.response_hours,
                      "resolution_amount": row.resolution_amount, "resolution_unit": row.resolution_unit,
                      "note": row.note, "active": row.active, "updated_at": stamp}
            if row.id is not None and RoutingRule.select().where(RoutingRule.id == row.id).exists():
                RoutingRule.update(**values).where(RoutingRule.id == row.id).execute()
                kept.append(row.id)
            else:
                kept.append(RoutingRule.create(created_at=stamp, **values).id)
        removed = RoutingRule.delete().where(RoutingRule.id.not_in(kept) if kept else True).execute()
    log.info("routing table saved: %d rules, %d removed", len(kept), removed)
    return Changes(settings=True)

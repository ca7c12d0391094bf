"""Departments (部门) with a head and a default person; staff belong to one, with a role.

A department is never deleted once it exists: tickets name it as their responsible department
and the history keeps its name, so a department the firm gave up is deactivated (as staff are).
Its head (部门主管) leads its serious complaints (部门主管牵头, docs/spec.md §13); its
default person is whom a routing rule's "default person" pick means (the head when none is set).
Both must be members of the department. A person belongs to at most one department and has one
role: 客服 clerk, 工程师 engineer, 客户经理 account manager, 老板/主管 owner.

Every write is one transaction and returns a ``Changes`` with ``staff`` set (the lists of people
show departments and the routing editor names them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from crmdesk.core.firm import staff as staff_service
from crmdesk.core.i18n import _
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.enums import STAFF_ROLES
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Department, RoutingRule, Staff, database_proxy

log = logging.getLogger(__name__)

ROLES = staff_service.ROLES


def role_label(role: str) -> str:
    """A staff role in the current language (客服, 工程师, 客户经理, 老板 / 主管)."""
    return STAFF_ROLES.label(role)


@dataclass(frozen=True)
class Member:
    """A person as the department lists show them."""

    id: int
    name: str
    role: str
    active: bool
    department_id: int | None
    phone: str = ""


@dataclass(frozen=True)
class DepartmentView:
    """A department with its head, default person and members (plain values for views and the PDF)."""

    id: int
    name: str
    active: bool
    position: int
    head_id: int | None
    head: str
    default_person_id: int | None
    default_person: str
    members: tuple[Member, ...]

    def active_members(self, role: str = "") -> list[Member]:
        """The active members, of ``role`` only when given."""
        return [m for m in self.members if m.active and (not role or m.role == role)]


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("name", _("required"), _("Department"))
    if len(name) > 50:
        raise ValidationError("name", _("at most 50 characters"), _("Department"))
    return name


def _load(department_id: int) -> Department:
    found = Department.get_or_none(Department.id == department_id)
    if found is None:
        raise KnownError(_("Department not found."))
    return found


def _person(staff_id: int) -> Staff:
    found = Staff.get_or_none(Staff.id == staff_id)
    if found is None:
        raise KnownError(_("Staff member not found."))
    return found


def departments(*, include_inactive: bool = True) -> list[DepartmentView]:
    """Every department in its order (active ones first when inactive ones are included)."""
    query = Department.select().order_by(Department.active.desc(), Department.position, Department.id)
    if not include_inactive:
        query = query.where(Department.active == True)  # noqa: E712
    found = list(query)
    people = list(Staff.select().order_by(Staff.active.desc(), Staff.name))
    names = {p.id: p.name for p in people}
    out = []
    for d in found:
        members = tuple(Member(p.id, p.name, p.role, p.active, p.department_id, p.phone) for p in people
                        if p.department_id == d.id)
        out.append(DepartmentView(d.id, d.name, d.active, d.position, d.head_id, names.get(d.head_id or 0, ""),
                                  d.default_person_id, names.get(d.default_person_id or 0, ""), members))
    return out


def department(department_id: int) -> DepartmentView:
    """One department (``KnownError`` when it does not exist)."""
    for found in departments():
        if found.id == department_id:
            return found
    raise KnownError(_("Department not found."))


def by_name(name: str) -> Department | None:
    """The department called ``name`` (spaces folded), active or not; ``None`` when there is none."""
    name = " ".join((name or "").split())
    return Department.get_or_none(Department.name == name) if name else None


def people() -> list[Member]:
    """Everyone on the staff with role and department, active first."""
    return [Member(p.id, p.name, p.role, p.active, p.department_id, p.phone)
            for p in Staff.select().order_by(Staff.active.desc(), Staff.name)]


def add(name: str, *, position: int | None = None) -> tuple[int, Changes]:
    """A new active department at the end of the order; returns its id."""
    name = _clean_name(name)
    with database_proxy.atomic():
        if Department.get_or_none(Department.name == name) is not None:
            raise ValidationError("name", _("there is already a department named “{name}”", name=name), _("Department"))
        if position is None:
            last = Department.select(Department.position).order_by(Department.position.desc()).first()
            position = (last.position + 1) if last is not None else 0
        created = Department.create(name=name, position=position)
    log.info("department %s added", created.id)
    return created.id, Changes(staff=True)


def rename(department_id: int, name: str) -> Changes:
    """A new name; tickets show it from now on (their 责任部门 text keeps what was written then)."""
    name = _clean_name(name)
    with database_proxy.atomic():
        _load(department_id)
        clash = Department.get_or_none((Department.name == name) & (Department.id != department_id))
        if clash is not None:
            raise ValidationError("name", _("there is already a department named “{name}”", name=name), _("Department"))
        Department.update(name=name).where(Department.id == department_id).execute()
    return Changes(staff=True, tickets=True)


def _member_of(department: Department, staff_id: int | None, field: str, label: str) -> int | None:
    if staff_id is None:
        return None
    person = _person(staff_id)
    if person.department_id != department.id:
        raise ValidationError(field, _("{name} is not a member of {department}", name=person.name,
                                       department=department.name), label)
    if not person.active:
        raise ValidationError(field, _("{name} is no longer active", name=person.name), label)
    return person.id


def set_head(department_id: int, staff_id: int | None) -> Changes:
    """部门主管: an active member of the department, or nobody."""
    with database_proxy.atomic():
        found = _load(department_id)
        head = _member_of(found, staff_id, "head", _("Head"))
        Department.update(head_id=head).where(Department.id == department_id).execute()
    return Changes(staff=True)


def set_default_person(department_id: int, staff_id: int | None) -> Changes:
    """The person a rule's "default person" pick proposes: an active member, or nobody (then the head)."""
    with database_proxy.atomic():
        found = _load(department_id)
        person = _member_of(found, staff_id, "default_person", _("Default person"))
        Department.update(default_person_id=person).where(Department.id == department_id).execute()
    return Changes(staff=True)


def set_active(department_id: int, active: bool) -> Changes:
    """Switch a department off (its members and history stay) or on again.

    A department that active routing rules still name cannot be switched off: tickets would be
    routed to a team that no longer works.
    """
    with database_proxy.atomic():
        found = _load(department_id)
        if not active:
            count = RoutingRule.select().where((RoutingRule.department == department_id)
                                               & (RoutingRule.active == True)).count()  # noqa: E712
            if count:
                raise KnownError(_("{department} is named by {count} active routing rule(s): change or switch off "
                                   "those rules first.", department=found.name, count=count))
        Department.update(active=active).where(Department.id == department_id).execute()
    return Changes(staff=True)


def move(department_id: int, step: int) -> Changes:
    """Move a department up (-1) or down (+1) in the order the settings and the policy use."""
    with database_proxy.atomic():
        order = [d.id for d in Department.select(Department.id).order_by(Department.position, Department.id)]
        if department_id not in order:
            raise KnownError(_("Department not found."))
        index = order.index(department_id)
        target = max(0, min(len(order) - 1, index + step))
        order.insert(target, order.pop(index))
        for position, key in enumerate(order):
            Department.update(position=position).where(Department.id == key).execute()
    return Changes(staff=True)


def set_membership(staff_id: int, department_id: int | None, role: str | None = None) -> Changes:
    """Put a person into a department (or none) and, when given, give them ``role``.

    Leaving a department takes away its head and default person roles there.
    """
    if role is not None and role not in ROLES:
        raise ValidationError("role", _("unknown role {role}", role=role), _("Role"))
    with database_proxy.atomic():
        person = _person(staff_id)
        if department_id is not None:
            target = _load(department_id)
            if not target.active and person.department_id != department_id:
                raise ValidationError("department", _("{department} is inactive", department=target.name),
                                      _("Department"))
        if person.department_id is not None and person.department_id != department_id:
            Department.update(head_id=None).where((Department.id == person.department_id)
                                                  & (Department.head_id == staff_id)).execute()
            Department.update(default_person_id=None).where((Department.id == person.department_id)
                                                            & (Department.default_person_id == staff_id)).execute()
        values: dict[str, object] = {"department": department_id}
        if role is not None:
            values["role"] = role
        Staff.update(**values).where(Staff.id == staff_id).execute()
    return Changes(staff=True)


def owners() -> list[Staff]:
    """The active staff whose role is 老板 / 主管 (whom a serious complaint is reported to)."""
    return list(Staff.select().where((Staff.role == "owner") & (Staff.active == True))  # noqa: E712
                .order_by(Staff.name))

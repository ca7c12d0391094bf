"""Staff and departments from a simple sheet (员工与部门表): one person a row, applied as a whole.

Each row names a person (姓名, the key: an existing name updates that person, a new one adds
them), their department (created when the firm has none of that name, switched on again when it
was switched off), their role, phone, whether they head their department or are its default
person, and whether they still work here. A blank department means none (what the app's own
export writes for people outside any department); a blank role keeps the person's role (客服
for someone new). Every row is checked before anything is written, and a refusal names the row
and the column; then the whole sheet is applied in one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from crmdesk.core.firm.staff import ROLES
from crmdesk.core.i18n import _
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import Department, Staff, database_proxy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonRow:
    """One row of the sheet as read (``row`` is its row number in the file)."""

    row: int
    name: str
    department: str = ""
    role: str = ""  # a stored role (clerk …), "" to keep
    phone: str = ""
    head: bool = False
    default_person: bool = False
    active: bool = True


@dataclass(frozen=True)
class PeopleOutcome:
    """What applying a sheet did (or would do, on a dry run)."""

    rows: int
    created: int
    updated: int
    departments_created: int
    changes: Changes


def _fail(row: int, field: str, label: str, reason: str) -> ValidationError:
    where = _("Row {row}", row=row)
    return ValidationError(field, reason, f"{where} · {label}")


def _checked(rows: list[PersonRow]) -> list[PersonRow]:
    seen: dict[str, int] = {}
    leads: dict[tuple[str, str], tuple[str, int]] = {}
    clean = []
    for r in rows:
        name = " ".join((r.name or "").split())
        department = " ".join((r.department or "").split())
        if not name:
            raise _fail(r.row, "name", _("Name"), _("required"))
        if len(name) > 50:
            raise _fail(r.row, "name", _("Name"), _("at most {n} characters", n=50))
        if name in seen:
            raise _fail(r.row, "name", _("Name"), _("{name} is listed again in row {other}", name=name,
                                                   other=seen[name]))
        seen[name] = r.row
        if len(department) > 50:
            raise _fail(r.row, "department", _("Department"), _("at most {n} characters", n=50))
        if r.role and r.role not in ROLES:
            raise _fail(r.row, "role", _("Role"), _("unknown role {role}", role=r.role))
        for flag, field, label in ((r.head, "head", _("Head")), (r.default_person, "default_person",
                                                                 _("Default person"))):
            if not flag:
                continue
            if not department:
                raise _fail(r.row, field, label, _("only someone in a department can head it or be its default person"))
            if not r.active:
                raise _fail(r.row, field, label, _("someone who left cannot head a department or be its default person"))
            if (field, department) in leads:
                other, at = leads[(field, department)]
                raise _fail(r.row, field, label, _("{department} already has {name} (row {other})",
                                                   department=department, name=other, other=at))
            leads[(field, department)] = (name, r.row)
        clean.append(PersonRow(r.row, name, department, r.role, (r.phone or "").strip()[:30], r.head,
                               r.default_person, r.active))
    return clean


def apply_people(rows: list[PersonRow], *, dry_run: bool = False) -> PeopleOutcome:
    """Check every row, then (unless ``dry_run``) write the whole sheet in one transaction."""
    clean = _checked(rows)
    if dry_run:  # counted, not written: a dry run reads the database only
        names = {s.name for s in Staff.select(Staff.name)}
        known = {d.name for d in Department.select(Department.name)}
        added = sum(1 for r in clean if r.name not in names)
        return PeopleOutcome(len(clean), added, len(clean) - added,
                             len({r.department for r in clean if r.department and r.department not in known}),
                             Changes())
    with database_proxy.atomic():
        existing = {s.name: s for s in Staff.select()}
        depts = {d.name: d for d in Department.select()}
        created = updated = new_depts = 0
        position = max((d.position for d in depts.values()), default=-1)
        for r in clean:
            if r.department and r.department not in depts:
                position += 1
                depts[r.department] = Department.create(name=r.department, position=position)
                new_depts += 1
            elif r.department and not depts[r.department].active:
                Department.update(active=True).where(Department.id == depts[r.department].id).execute()
            dept_id = depts[r.department].id if r.department else None
            person = existing.get(r.name)
            if person is None:
                person = Staff.create(name=r.name, role=r.role or "clerk", phone=r.phone, active=r.active,
                                      department=dept_id)
                created += 1
            else:
                if person.department_id is not None and person.department_id != dept_id:
                    Department.update(head_id=None).where((Department.id == person.department_id)
                                                          & (Department.head_id == person.id)).execute()
                    Department.update(default_person_id=None).where(
                        (Department.id == person.department_id) & (Department.default_person_id == person.id)).execute()
                Staff.update(role=r.role or person.role, phone=r.phone or person.phone, active=r.active,
                             department=dept_id).where(Staff.id == person.id).execute()
                updated += 1
            if r.head:
                Department.update(head_id=person.id).where(Department.id == dept_id).execute()
            if r.default_person:
                Department.update(default_person_id=person.id).where(Department.id == dept_id).execute()
    log.info("staff sheet applied: %d rows, %d people added, %d updated, %d departments added",
             len(clean), created, updated, new_depts)
    return PeopleOutcome(len(clean), created, updated, new_depts, Changes(staff=True))

"""Staff members (员工): add, rename, deactivate; never deleted once they appear in history."""

from __future__ import annotations

from crmdesk.core.firm import settings, workstation
from crmdesk.core.i18n import _
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.enums import STAFF_ROLES
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Staff, database_proxy

ROLES = tuple(STAFF_ROLES)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("name", _("the name cannot be empty"), _("Name"))
    if len(name) > 50:
        raise ValidationError("name", _("the name cannot be longer than 50 characters"), _("Name"))
    return name


def active_staff() -> list[Staff]:
    """Staff who can be chosen as assignee, operator or account manager."""
    return list(Staff.select().where(Staff.active == True).order_by(Staff.name))  # noqa: E712 - peewee expression


def all_staff() -> list[Staff]:
    """Everyone, active first."""
    return list(Staff.select().order_by(Staff.active.desc(), Staff.name))


def name_of(staff_id: int) -> str | None:
    """The name of a staff member, also of one who left (None: no such person)."""
    member = Staff.get_or_none(Staff.id == staff_id)
    return member.name if member is not None else None


def id_of(name: str) -> int | None:
    """The staff member with this name (names are unique), or None."""
    member = Staff.get_or_none(Staff.name == " ".join((name or "").split()))
    return member.id if member is not None else None


def add(name: str, role: str = "clerk", phone: str = "", department_id: int | None = None) -> Staff:
    """A new active staff member, in ``department_id`` when given; the name must be unique."""
    name = _clean_name(name)
    if role not in ROLES:
        raise ValidationError("role", _("unknown role: {role}", role=role), _("Role"))
    with database_proxy.atomic():
        if Staff.get_or_none(Staff.name == name) is not None:
            raise ValidationError("name", _("there is already a staff member named \"{name}\"", name=name), _("Name"))
        return Staff.create(name=name, role=role, phone=phone.strip(), department=department_id)


def rename(staff_id: int, name: str) -> Changes:
    """Change a name (history shows the new name: it refers to the person, not the text)."""
    name = _clean_name(name)
    with database_proxy.atomic():
        clash = Staff.get_or_none((Staff.name == name) & (Staff.id != staff_id))
        if clash is not None:
            raise ValidationError("name", _("there is already a staff member named \"{name}\"", name=name), _("Name"))
        Staff.update(name=name).where(Staff.id == staff_id).execute()
    return Changes(staff=True, customers=True, tickets=True)


def set_active(staff_id: int, active: bool) -> Changes:
    """Deactivate someone who left (they stay in history) or bring them back."""
    Staff.update(active=active).where(Staff.id == staff_id).execute()
    return Changes(staff=True)


class UnknownOperator(KnownError):
    """``--operator`` names nobody on the staff list (wrong usage of the command line)."""

    exit_code = 2


# Who works in this process: the staff id chosen for the open database (the app), or a name given on
# the command line. Anything else comes from this PC's settings (core.firm.workstation), never the database.
_session: dict[str, object] = {"db": None, "id": None, "name": None}


def _db_path() -> str | None:
    return settings.location()  # a file's path or a server's address (a server's dbname alone names nothing)


def current_operator() -> Staff | None:
    """The staff member working at this PC now (the change log's operator), or ``None`` when nobody
    was chosen: ``--operator`` of the command line, else the user chosen on this PC for this database."""
    name = _session["name"]
    if name:
        member = Staff.get_or_none((Staff.name == name) & (Staff.active == True))  # noqa: E712 - peewee expression
        if member is None:
            raise UnknownOperator(_("--operator: there is no active staff member named “{name}”.", name=name))
        return member
    db_path = _db_path()
    if db_path is None:
        return None
    staff_id = _session["id"] if _session["db"] == db_path else workstation.operator_for(db_path)
    if staff_id is None:
        return None
    member = Staff.get_or_none(Staff.id == staff_id)
    return member if member is not None and member.active else None


def set_current_operator(staff_id: int | None) -> Changes:
    """Choose who is working at this PC now; remembered for this PC and database (not in the database)."""
    db_path = _db_path()
    _session.update(db=db_path, id=staff_id, name=None)
    if db_path is not None:
        member = Staff.get_or_none(Staff.id == staff_id) if staff_id is not None else None
        workstation.remember_operator(db_path, staff_id, member.name if member else "")
    identify = getattr(database_proxy.obj, "identify", None)  # a server: its connections say who works here
    if identify is not None:
        identify(staff_id)
    return Changes(settings=True)


def use_operator_name(name: str | None) -> None:
    """The command line's ``--operator NAME``: every change of this process is recorded as that person's."""
    _session.update(db=None, id=None, name=(name or "").strip() or None)

"""Staff members (员工): add, rename, deactivate; never deleted once they appear in history."""

from __future__ import annotations

from crmdesk.core import settings
from crmdesk.core.changes import Changes
from crmdesk.core.errors import ValidationError
from crmdesk.core.models import Staff, database_proxy

ROLES = ("clerk", "engineer", "owner")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("name", "姓名不能为空", "姓名")
    if len(name) > 50:
        raise ValidationError("name", "姓名不能超过50个字", "姓名")
    return name


def active_staff() -> list[Staff]:
    """Staff who can be chosen as assignee, operator or account manager."""
    return list(Staff.select().where(Staff.active == True).order_by(Staff.name))  # noqa: E712


def all_staff() -> list[Staff]:
    """Everyone, active first."""
    return list(Staff.select().order_by(Staff.active.desc(), Staff.name))


def add(name: str, role: str = "clerk", phone: str = "") -> Staff:
    """A new active staff member; the name must be unique."""
    name = _clean_name(name)
    if role not in ROLES:
        raise ValidationError("role", f"未知角色：{role}", "角色")
    with database_proxy.atomic():
        if Staff.get_or_none(Staff.name == name) is not None:
            raise ValidationError("name", f"已有名为“{name}”的员工", "姓名")
        return Staff.create(name=name, role=role, phone=phone.strip())


def rename(staff_id: int, name: str) -> Changes:
    """Change a name (history shows the new name: it refers to the person, not the text)."""
    name = _clean_name(name)
    with database_proxy.atomic():
        clash = Staff.get_or_none((Staff.name == name) & (Staff.id != staff_id))
        if clash is not None:
            raise ValidationError("name", f"已有名为“{name}”的员工", "姓名")
        Staff.update(name=name).where(Staff.id == staff_id).execute()
    return Changes(staff=True, customers=True, tickets=True)


def set_active(staff_id: int, active: bool) -> Changes:
    """Deactivate someone who left (they stay in history) or bring them back."""
    Staff.update(active=active).where(Staff.id == staff_id).execute()
    return Changes(staff=True)


def current_operator() -> Staff | None:
    """The staff member chosen as the current user (the change log's operator)."""
    staff_id = settings.get("current_operator_id")
    if staff_id is None:
        return None
    return Staff.get_or_none(Staff.id == staff_id)


def set_current_operator(staff_id: int | None) -> Changes:
    """Choose who is working at this PC now."""
    settings.put("current_operator_id", staff_id)
    return Changes(settings=True)

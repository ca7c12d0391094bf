"""Saved views (常用视图) of the registry and the ticket board: a list's state under a name.

A view keeps what the list shows — search text, filters, sort, visible columns — as JSON; the
list that saved it reads it back (``core.customers.registry.query_from_state`` for the registry,
the board tab for the board). Views belong to the firm (everyone sees 我的战略客户); each
staff member chooses their own default per list, so the current user of a PC (``core.firm.
workstation``) opens the list as they left it. ``crmdesk export customers --view NAME`` exports
the list a view shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from crmdesk.core.i18n import _
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import (
    SavedView,
    SavedViewDefault,
    Staff,
    database_proxy,
    now,
)

SCOPES = ("customers", "tickets")
MAX_NAME = 60


@dataclass(frozen=True)
class View:
    """A saved view as the lists show it; ``default`` says whether it is the asking person's default."""

    id: int
    scope: str
    name: str
    state: dict[str, Any]
    author: str
    default: bool = False


def _scope(scope: str) -> str:
    if scope not in SCOPES:
        raise ValueError(f"no saved views for {scope!r}")
    return scope


def _view(row: SavedView, default_id: int | None, names: dict[int, str]) -> View:
    try:
        state = json.loads(row.state or "{}")
    except ValueError:
        state = {}
    return View(row.id, row.scope, row.name, state if isinstance(state, dict) else {},
                names.get(row.created_by_id or 0, ""), row.id == default_id)


def _default_id(scope: str, staff_id: int | None) -> int | None:
    if staff_id is None:
        return None
    row = SavedViewDefault.get_or_none((SavedViewDefault.staff == staff_id) & (SavedViewDefault.scope == scope))
    return row.view_id if row is not None else None


def views(scope: str, staff_id: int | None = None) -> list[View]:
    """The views of a list, by name; ``staff_id``'s default is marked."""
    default = _default_id(_scope(scope), staff_id)
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    return [_view(row, default, names) for row in
            SavedView.select().where(SavedView.scope == scope).order_by(SavedView.name)]


def get(scope: str, name: str) -> View:
    """The view called ``name`` (as typed: spaces trimmed); a ``KnownError`` listing the views otherwise."""
    wanted = " ".join((name or "").split())
    for view in views(scope):
        if view.name == wanted:
            return view
    names = "、".join(v.name for v in views(scope)) or _("(none)")
    raise KnownError(_("There is no saved view called “{name}” here; the views are: {names}.", name=wanted,
                       names=names))


def default_for(scope: str, staff_id: int | None) -> View | None:
    """The view ``staff_id`` opens the list with, if they chose one."""
    return next((view for view in views(scope, staff_id) if view.default), None)


def _clean_name(scope: str, name: str, view_id: int | None = None) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise ValidationError("name", _("required"), _("View name"))
    if len(text) > MAX_NAME:
        raise ValidationError("name", _("at most {count} characters", count=MAX_NAME), _("View name"))
    clash = SavedView.select().where((SavedView.scope == scope) & (SavedView.name == text)
                                     & (SavedView.id != (view_id or 0))).exists()
    if clash:
        raise ValidationError("name", _("a view called “{name}” already exists", name=text), _("View name"))
    return text


def _row(view_id: int) -> SavedView:
    row = SavedView.get_or_none(SavedView.id == view_id)
    if row is None:
        raise KnownError(_("The view no longer exists."))
    return row


def save(scope: str, name: str, state: dict[str, Any], *, operator: Staff | None = None,
         replace: int | None = None) -> tuple[View, Changes]:
    """Save the list's ``state`` as a new view called ``name``, or into view ``replace`` (its name may change)."""
    payload = json.dumps(state, ensure_ascii=False, sort_keys=True)
    with database_proxy.atomic():
        text = _clean_name(_scope(scope), name, replace)
        stamp = now()
        if replace is None:
            row = SavedView.create(scope=scope, name=text, state=payload, created_by=operator, created_at=stamp,
                                   updated_at=stamp)
        else:
            row = _row(replace)
            SavedView.update(name=text, state=payload, updated_at=stamp).where(SavedView.id == row.id).execute()
            row = _row(replace)
    names = {operator.id: operator.name} if operator is not None else {}
    return _view(row, None, names), Changes(settings=True)


def rename(view_id: int, name: str) -> Changes:
    """Give a view another name (unique per list)."""
    with database_proxy.atomic():
        row = _row(view_id)
        SavedView.update(name=_clean_name(row.scope, name, view_id), updated_at=now()).where(
            SavedView.id == view_id).execute()
    return Changes(settings=True)


def delete(view_id: int) -> Changes:
    """Delete a view (and its place as anybody's default)."""
    with database_proxy.atomic():
        _row(view_id)
        SavedView.delete().where(SavedView.id == view_id).execute()
    return Changes(settings=True)


def set_default(scope: str, view_id: int | None, staff_id: int) -> Changes:
    """Make ``view_id`` the default of ``staff_id`` for the list (``None``: no default)."""
    with database_proxy.atomic():
        SavedViewDefault.delete().where((SavedViewDefault.staff == staff_id)
                                        & (SavedViewDefault.scope == _scope(scope))).execute()
        if view_id is not None:
            if _row(view_id).scope != scope:
                raise ValueError("a view of another list")
            SavedViewDefault.create(staff=staff_id, scope=scope, view=view_id)
    return Changes(settings=True)

"""Several writers, one record: optimistic saves (issue #19 stage 2, schema 12).

A dialog loads a record with its ``version``; its save writes only that version::

    UPDATE customer SET …, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?

Zero rows means someone saved the record in between: :func:`conflict` reads back who and when
from the row and raises a :class:`ConflictError` ("已被 李晓梅 于 10:42 修改") — nothing was
written, the dialog keeps the user's values and offers reload / compare / overwrite (overwrite
saves again with the version the error carries). On PostgreSQL under READ COMMITTED the second
writer's UPDATE waits for the first one's row lock, re-checks its WHERE on the committed row and
updates nothing, so the same code is right on both engines. Saves made without a loaded version
(the command line, imports, generators) still bump the version, so an open dialog notices them.

Every other write of a versioned record (:data:`VERSIONED`: customer, contact, ticket, follow-up,
machine) raises the version too, through this module — the daily tier recompute, archive, merge,
erasure, the recycle bin, automations, an import's updates and its undo — so a dialog opened before
it cannot write an old value back: a peewee update adds :func:`stamp` to its values, a raw
``UPDATE`` starts its ``SET`` with :data:`STAMP_SET` and its parameters with :func:`stamp_params`,
and :func:`touch` raises the version of rows a statement changed elsewhere (a merge's moves). A
change no person made names :func:`system` as its author. The one write left out on purpose is
re-sealing values under a new key (``core.safety.secrets``): the values a user reads do not change.

What the version protects is what a form holds and writes back. A column in :data:`DERIVED` is one no form
holds: every writer computes it from the stored rows inside its own transaction (the last contact, the
churn warning, a ticket's satisfaction from its survey), so a form's save cannot write an old value of it
back. A write of derived columns only leaves the version, and who/when changed the record, alone — through
:func:`derived`, which refuses any other column — so logging a call while the customer form is open does
not make that form's save a false conflict (a false alarm teaches users to press 覆盖 blindly). Everything
else, the tier included (the form edits it and pins it), raises the version; a new column does too until it
is listed here on purpose.

:func:`differences` lists what differs between the user's values and the stored ones, field by
field (the conflict dialog's 比较).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import Any, Literal, NamedTuple

from peewee import Model

from crmdesk.core.i18n import _, data_text
from crmdesk.core.store import db
from crmdesk.core.store.errors import ConflictError
from crmdesk.core.store.models import Contact, Customer, Equipment, FollowUp, Staff, Ticket, now

#: the models whose rows carry ``version``/``updated_by`` (schema 12)
VERSIONED: tuple[type[Model], ...] = (Customer, Contact, Ticket, FollowUp, Equipment)
#: the tables of :data:`VERSIONED`, for raw SQL that names its table (a merge's moves)
VERSIONED_TABLES = frozenset(model._meta.table_name for model in VERSIONED)
#: the first terms of a raw ``UPDATE``'s ``SET`` on a versioned table; :func:`stamp_params` fills its two ``?``
STAMP_SET = "version = version + 1, updated_by = ?, updated_at = ?"

#: the columns of a versioned table that no form holds and writes back (see the module's docstring): their
#: writes go through :func:`derived` (or a raw ``UPDATE`` setting only them) and raise no version
DERIVED: dict[str, frozenset[str]] = {
    "customer": frozenset({"last_contact_at", "at_risk", "risk_reasons"}),
    "ticket": frozenset({"satisfaction"}),
}

#: who changed a record: a staff member, a name already (:func:`system`), or nobody chosen
Author = Staff | str | None


def operator_name(operator: Author) -> str:
    """What ``updated_by`` records for a change: the operator's name ("" when nobody was chosen)."""
    if isinstance(operator, str):
        return operator
    return operator.name if operator is not None else ""


def system() -> str:
    """The author of a change no person made (the daily jobs, automations), as the change log names it."""
    return data_text("System")


def is_versioned(model: type[Model]) -> bool:
    """Whether ``model``'s rows carry a version (schema 12)."""
    return "version" in model._meta.fields


def stamp(model: type[Model], operator: Author | Literal[False], at: dt.datetime | None = None) -> dict[str, Any]:
    """The columns every write of a versioned record sets: the next version, who, when — to add to a
    peewee update's values (``Model.update(**values, **stamp(Model, operator))``); nothing for a model
    without versions, so generic code (the recycle bin) can add it to any model. ``operator`` ``False``:
    a consequence of another change (a contact that inherits the primary role), the author's name stays."""
    if not is_versioned(model):
        return {}
    out: dict[str, Any] = {"version": model.version + 1, "updated_at": at or now()}  # type: ignore[attr-defined]
    if operator is not False:
        out["updated_by"] = operator_name(operator)
    return out


def derived(model: type[Model], **values: Any) -> dict[str, Any]:
    """``values`` for a peewee update that writes only :data:`DERIVED` columns (``Model.update(**derived(
    Model, last_contact_at=at))``): no version, since no form's save can write them back. Any other column
    is a programming error (``ValueError``): it must be written with :func:`stamp`."""
    others = sorted(set(values) - DERIVED.get(model._meta.table_name, frozenset()))
    if others:
        raise ValueError(f"{model.__name__}: {', '.join(others)} raise the version: write them with versions.stamp")
    return values


def protected(table: str, columns: Collection[str]) -> bool:
    """Whether a write of ``columns`` of ``table`` must raise the version: a versioned table, and a column a
    form holds among them (not only :data:`DERIVED` ones) — for generic writers (an import, its undo)."""
    return table in VERSIONED_TABLES and not set(columns) <= DERIVED.get(table, frozenset())


def stamp_params(operator: Author, at: dt.datetime | None = None) -> list[Any]:
    """The two parameters of :data:`STAMP_SET`, in its order (prepend them to each parameter row)."""
    return [operator_name(operator), at or now()]


def touch(table: str, ids: Collection[int], operator: Author, at: dt.datetime | None = None) -> None:
    """Raise the version of the rows ``ids`` of ``table`` (nothing for a table without versions): for rows
    a raw statement changed without naming them one by one (a merge moving every record of a customer)."""
    if table not in VERSIONED_TABLES or not ids:
        return
    params = stamp_params(operator, at)
    for part in _parts(sorted(ids)):
        db.sql(f"UPDATE {table} SET {STAMP_SET} WHERE id IN ({', '.join('?' * len(part))})", [*params, *part])


def _parts(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def guarded_update(model: type[Model], record_id: int, version: int | None, values: dict[str, Any],
                   operator: Author, at: dt.datetime | None = None) -> int:
    """Write ``values`` to one record if it is still at ``version`` (``None``: whatever its version);
    the version is bumped either way. Returns the new version; raises :class:`ConflictError`."""
    fields = model._meta.fields
    where = fields["id"] == record_id
    if version is not None:  # a record moved to the recycle bin meanwhile is a conflict too
        where &= (fields["version"] == version) & fields["deleted_at"].is_null()
    if not model.update(**values, **stamp(model, operator, at)).where(where).execute():
        raise conflict(model, record_id)
    return int(model.select(fields["version"]).where(fields["id"] == record_id).scalar())


def check(model: type[Model], record_id: int, version: int | None) -> None:
    """Raise :class:`ConflictError` when the record is no longer at ``version`` (``None``: no check)."""
    fields = model._meta.fields
    if version is None:
        return
    if not model.select().where((fields["id"] == record_id) & (fields["version"] == version)).exists():
        raise conflict(model, record_id)


def conflict(model: type[Model], record_id: int) -> ConflictError:
    """The error for a save that found another version of the record: who changed it, and when."""
    fields = model._meta.fields
    row = (model.select(fields["version"], fields["updated_by"], fields["updated_at"], fields["deleted_at"])
           .where(fields["id"] == record_id).dicts().first())
    if row is None or row["deleted_at"] is not None:
        return ConflictError(_("Not saved: someone else deleted this record meanwhile."), gone=True)
    who, when = row["updated_by"] or "", row["updated_at"]
    return ConflictError(conflict_message(who, when), who=who, when=when, version=int(row["version"]))


def conflict_message(who: str, when: object) -> str:
    """"已被 李晓梅 于 10:42 修改": the day too when it was not today."""
    time = moment_text(when)
    if who:
        return _("Changed by {who} at {time} after you opened it.", who=who, time=time)
    return _("Changed by someone else at {time} after you opened it.", time=time)


def moment_text(when: object) -> str:
    """A change's time as a message shows it: ``10:42`` today, ``2026-12-04 10:42`` before."""
    moment = when if isinstance(when, dt.datetime) else None
    if moment is None and when:
        moment = dt.datetime.fromisoformat(str(when))
    if moment is None:
        return "?"
    return moment.strftime("%H:%M" if moment.date() == dt.date.today() else "%Y-%m-%d %H:%M")


class Difference(NamedTuple):
    """One field that differs: its name and both values as text."""

    field: str
    mine: str
    theirs: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ", ".join(_text(v) for k, v in dataclasses.asdict(value).items()
                        if k not in ("id", "custom") and v not in (None, "", False))
    if isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(_text(v) for _k, v in sorted(value.items()) if v not in (None, ""))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def differences(mine: object, theirs: object, *, skip: tuple[str, ...] = ("version",),
                show: Mapping[str, Callable[[Any], str]] | None = None) -> list[Difference]:
    """The fields of two dataclass instances of one kind (the user's input, the stored record reloaded), or
    of two mappings of a form's values by field name, whose values differ, in field order, values as text (lists such as contacts joined); ``show``
    turns a field's stored value (an id, an enumeration key) into what the user reads."""
    if isinstance(mine, Mapping) and isinstance(theirs, Mapping):  # a form's values by field name
        pairs = [(name, mine[name], theirs.get(name)) for name in mine]
    else:
        pairs = [(item.name, getattr(mine, item.name), getattr(theirs, item.name))
                 for item in dataclasses.fields(mine)]  # type: ignore[arg-type]
    out: list[Difference] = []
    for name, a, b in pairs:
        text = (show or {}).get(name, _text)
        if name not in skip and a != b and _text(a) != _text(b):
            out.append(Difference(name, text(a) if a not in (None, "") else "", text(b) if b not in (None, "") else ""))
    return out

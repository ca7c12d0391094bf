"""What the records keep of a field's values besides the values: hidden when a field turns sensitive.

A field that held clear values has left them in the change log (customers', contacts'), in the
history of its tickets and in the filters of saved views. Marking it sensitive seals the values
(``values.reseal``); :func:`hide_past_values` replaces those copies by the mark the change log
writes for a sensitive value, so the file holds the field's values nowhere in clear (the caller
runs it inside ``privacy.secure_erasure``: freed pages zeroed, search-index segments merged, WAL
emptied).

The change log names a value by the field's label at the time: every label the field has had is
read back from its audit lines (``客户·<label>：…``). A line of another field that once had one of
the same labels is hidden too — more hidden than needed, never less.
"""

from __future__ import annotations

import json

from crmdesk.core.customfields.entities import ENTITIES
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.customfields.values import HIDDEN
from crmdesk.core.store import db

# how a ticket's history writes a change (core.tickets.service: "{field}：{old} → {new}", both languages)
_TICKET_SEPARATORS = ("：", ": ")
_EMPTY = "—"


def labels_held(field: FieldDef) -> set[str]:
    """Every label ``field`` has had (its current one and those its audit lines name)."""
    prefix = f"{ENTITIES[field.entity].label}·"
    names = {field.label}
    for (detail,) in db.sql(
            "SELECT detail FROM audit_log WHERE entity = 'custom_field' AND entity_id = ?", (field.id,)):
        if isinstance(detail, str) and detail.startswith(prefix) and "：" in detail:
            names.add(detail[len(prefix):].split("：", 1)[0])  # labels hold no full-width colon (to_halfwidth)
    return names


def hide_past_values(field: FieldDef) -> int:
    """Hide the clear copies of ``field``'s values in the change log, ticket histories and saved views;
    returns how many rows changed."""
    names = sorted(labels_held(field))
    if field.entity == "ticket":
        changed = _hide_ticket_events(names)
    else:
        changed = _hide_change_log(field.entity, names)
    return changed + _drop_view_values(field)


def _hide_change_log(entity: str, names: list[str]) -> int:
    # a customer's value is logged under its label; a contact's as 联系人<name>·<label> (and its label alone
    # by an import's undo)
    # the last characters of field, spelled alike on both engines (SQLite's substr(x, -n) counts from the end
    # where PostgreSQL's counts before the start)
    match = " OR ".join(["field = ?", "substr(field, length(field) + 1 - ?) = ?"] * len(names))
    params: list[object] = []
    for name in names:
        params += [name, len(name) + 1, f"·{name}"]
    cursor = db.sql(
        "UPDATE change_log SET old_value = CASE WHEN old_value = '' THEN '' ELSE ? END, "
        "new_value = CASE WHEN new_value = '' THEN '' ELSE ? END "
        f"WHERE entity = ? AND ({match}) AND (old_value NOT IN ('', ?) OR new_value NOT IN ('', ?))",
        [HIDDEN, HIDDEN, entity, *params, HIDDEN, HIDDEN])
    return cursor.rowcount


def _hide_ticket_events(names: list[str]) -> int:
    updates = []
    for name in names:
        for separator in _TICKET_SEPARATORS:
            prefix = f"{name}{separator}"
            for event_id, note in db.sql(
                    "SELECT id, note FROM ticket_event WHERE kind = 'change' AND substr(note, 1, ?) = ?",
                    (len(prefix), prefix)):
                old, arrow, new = note[len(prefix):].partition(" → ")
                sides = [_EMPTY if side.strip() in ("", _EMPTY) else HIDDEN for side in (old, new)] if arrow \
                    else [HIDDEN, HIDDEN]
                hidden = f"{prefix}{sides[0]} → {sides[1]}"
                if hidden != note:
                    updates.append((hidden, event_id))
    db.sql("UPDATE ticket_event SET note = ? WHERE id = ?", updates, many=True)
    return len(updates)


def _drop_view_values(field: FieldDef) -> int:
    """A saved view's filter on the field by value (is, contains, between) becomes “filled”: the
    only filter a sealed field allows, and no value kept."""
    updates = []
    for view_id, text in db.sql("SELECT id, state FROM saved_view WHERE state LIKE '%\"custom\"%'"):
        try:
            state = json.loads(text)
        except ValueError:
            continue
        filters = state.get("custom") if isinstance(state, dict) else None
        if not isinstance(filters, list):
            continue
        touched = False
        for flt in filters:
            if isinstance(flt, dict) and flt.get("field") == field.id and flt.get("op") not in ("empty", "filled"):
                flt.update(op="filled", value="", high="")
                touched = True
        if touched:
            updates.append((json.dumps(state, ensure_ascii=False, sort_keys=True), view_id))
    db.sql("UPDATE saved_view SET state = ? WHERE id = ?", updates, many=True)
    return len(updates)

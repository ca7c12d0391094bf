"""Changing the owner's fields (设置 → 自定义字段): add, edit, order, remove (hide) and restore.

Every change is recorded in the audit log. Turning a field sensitive seals its stored values and
hides what the histories kept of them (``history``; turning it off opens the values); a field that starts or stops being searchable, or is hidden or
restored, has its customers' search rows rebuilt in the same transaction.
"""

from __future__ import annotations

import json

from crmdesk.core.customers import privacy, search
from crmdesk.core.customfields import history, values
from crmdesk.core.customfields.entities import ENTITIES, entity
from crmdesk.core.customfields.fields import (
    KIND_LABELS,
    KINDS,
    MAX_FIELDS,
    FieldDef,
    clean_choices,
    clean_label,
    definition,
    fields,
    get,
)
from crmdesk.core.i18n import _, data_text
from crmdesk.core.store import db
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.enums import CUSTOM_FIELD_RECORDS
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import (
    AuditLog,
    CustomField,
    CustomValue,
    Staff,
    database_proxy,
    now,
)


def _audit(operator: Staff | None, action: str, field: FieldDef, detail: str) -> None:
    AuditLog.create(operator=operator, action=action, entity="custom_field", entity_id=field.id,
                    detail=data_text("{entity}·{field}: {detail}", entity=ENTITIES[field.entity].label, field=field.label,
                                     detail=detail))


def _changes() -> Changes:
    # forms, registry columns, filters, templates and the board's list all follow the definitions
    return Changes(settings=True, customers=True, contacts=True, tickets=True, equipment=True)




def add(entity_key: str, label: str, kind: str, *, choices: list[str] | tuple[str, ...] = (), required: bool = False,
        sensitive: bool = False, operator: Staff | None = None) -> tuple[FieldDef, Changes]:
    """A new field at the end of the entity's form."""
    entity(entity_key)
    if kind not in KINDS:
        raise ValidationError("kind", _("unknown kind {kind}", kind=kind), _("Kind"))
    with database_proxy.atomic():
        text = clean_label(label, entity_key)
        listed = clean_choices(choices) if kind == "choice" else ()
        count = CustomField.select().where(CustomField.entity == entity_key).count()
        if count >= MAX_FIELDS:
            raise KnownError(_("{entity} can have at most {count} custom fields", entity=CUSTOM_FIELD_RECORDS[entity_key],
                               count=MAX_FIELDS))
        last = CustomField.select(CustomField.position).where(CustomField.entity == entity_key) \
            .order_by(CustomField.position.desc()).scalar() or 0
        row = CustomField.create(entity=entity_key, label=text, kind=kind,
                                 choices=json.dumps(list(listed), ensure_ascii=False), required=required,
                                 sensitive=sensitive, position=last + 1, created_at=now())
        field = definition(row)
        flags = data_text(", ").join(word for word, on in ((data_text("required field"), required),
                                                           (data_text("sensitive field"), sensitive)) if on)
        _audit(operator, "custom_field_add", field,
               data_text("added ({kind}, {flags})", kind=KIND_LABELS[kind], flags=flags) if flags
               else data_text("added ({kind})", kind=KIND_LABELS[kind]))
    return field, _changes()


def update(field_id: int, *, label: str | None = None, kind: str | None = None,
           choices: list[str] | tuple[str, ...] | None = None, required: bool | None = None,
           sensitive: bool | None = None, operator: Staff | None = None) -> Changes:
    """Change a field (``None``: keep). Its kind changes only while it holds no value; turning
    ``sensitive`` on seals every stored value and hides the copies the change log, ticket histories,
    saved views and search index kept of them, leaving no clear byte in the file; off opens them
    (both recorded)."""
    sealing = bool(sensitive) and not get(field_id).sensitive
    # sealing: freed pages zeroed, the search index's old segments merged away, the WAL emptied
    with privacy.secure_erasure() if sealing else database_proxy.atomic():
        field = get(field_id)
        updates: dict[str, object] = {}
        said: list[str] = []
        if label is not None:
            text = clean_label(label, field.entity, field.id)
            if text != field.label:
                updates["label"] = text
                said.append(data_text("renamed to “{label}”", label=text))
        new_kind = field.kind if kind is None else kind
        if new_kind not in KINDS:
            raise ValidationError("kind", _("unknown kind {kind}", kind=new_kind), _("Kind"))
        if new_kind != field.kind:
            if CustomValue.select().where(CustomValue.field == field_id).exists():
                raise ValidationError("kind", _("the kind of a field that already holds values cannot change"),
                                      _("Kind"))
            updates["kind"] = new_kind
            said.append(data_text("kind changed to {kind}", kind=KIND_LABELS[new_kind]))
        if new_kind == "choice" and (choices is not None or new_kind != field.kind):
            listed = clean_choices(choices if choices is not None else field.choices)
            if listed != field.choices:
                updates["choices"] = json.dumps(list(listed), ensure_ascii=False)
                said.append(data_text("choices: {choices}", choices=data_text(", ").join(listed)))
        if required is not None and bool(required) != field.required:
            updates["required"] = bool(required)
            said.append(data_text("made required") if required else data_text("no longer required"))
        if sensitive is not None and bool(sensitive) != field.sensitive:
            updates["sensitive"] = bool(sensitive)
            said.append(data_text("made sensitive (encrypted, masked)") if sensitive
                        else data_text("no longer sensitive (stored in clear)"))
        if not updates:
            return Changes()
        CustomField.update(**updates).where(CustomField.id == field_id).execute()
        if "sensitive" in updates:
            values.reseal(get(field_id), was_sensitive=field.sensitive)
            if sealing:
                history.hide_past_values(get(field_id))
        _audit(operator, "custom_field_edit", get(field_id), data_text("; ").join(said))
        if field.searchable != get(field_id).searchable and field.entity == "customer":
            _reindex_customers_with(field_id)
    return _changes()


def hide(field_id: int, operator: Staff | None = None) -> Changes:
    """Remove a field from forms, lists and files; its values are kept for :func:`restore`."""
    with database_proxy.atomic():
        field = get(field_id)
        if field.hidden:
            return Changes()
        CustomField.update(hidden_at=now()).where(CustomField.id == field_id).execute()
        kept = CustomValue.select().where(CustomValue.field == field_id).count()
        _audit(operator, "custom_field_hide", field,
               data_text("removed (hidden; {count} filled-in values kept, restorable)", count=kept))
        if field.searchable:
            _reindex_customers_with(field_id)
    return _changes()


def restore(field_id: int, operator: Staff | None = None) -> Changes:
    """Bring a removed field back, with its values, at the end of the form."""
    with database_proxy.atomic():
        field = get(field_id)
        if not field.hidden:
            return Changes()
        clean_label(field.label, field.entity, field.id)  # a field added since may have taken the name
        last = CustomField.select(CustomField.position).where(
            (CustomField.entity == field.entity) & CustomField.hidden_at.is_null()).order_by(
            CustomField.position.desc()).scalar() or 0
        CustomField.update(hidden_at=None, position=last + 1).where(CustomField.id == field_id).execute()
        _audit(operator, "custom_field_restore", field, data_text("restored"))
        if field.searchable:
            _reindex_customers_with(field_id)
    return _changes()


def move(field_id: int, step: int) -> Changes:
    """Move a field ``step`` places up (negative) or down in its entity's form."""
    with database_proxy.atomic():
        field = get(field_id)
        order = [f.id for f in fields(field.entity)]
        if field.id not in order:
            return Changes()
        index = order.index(field.id)
        target = max(0, min(len(order) - 1, index + step))
        if target == index:
            return Changes()
        order.insert(target, order.pop(index))
        for position, fid in enumerate(order, start=1):
            CustomField.update(position=position).where(CustomField.id == fid).execute()
    return _changes()


def _reindex_customers_with(field_id: int) -> None:
    """Rebuild the search rows of the customers holding a value of ``field_id`` (it became
    searchable, or stopped being so)."""
    ids = [row[0] for row in db.sql("SELECT entity_id FROM custom_value WHERE field_id = ?", (field_id,))]
    conn = database_proxy.connection()  # the search index is a SQLite fast path (core.store)
    for start in range(0, len(ids), 5000):
        search.reindex(conn, ids[start:start + 5000])

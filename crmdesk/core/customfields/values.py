"""Custom field values: checked by kind, stored typed (sealed when sensitive), loaded, shown.

- :func:`parse` turns what a form or a sheet holds into the stored value, or a ``FieldError``
  whose reason reads like the built-in fields' (``金额不能为负数``, ``请从列表中选择：…``);
- :func:`check` checks a record's values together (the caller adds the refusals to its own, so
  the user sees every refused field at once) and applies the required rule: a new record needs
  the value, an existing one may not clear it, and one that never had it (imported before the
  field existed) stays editable meanwhile, as for the contacts' required values;
- :func:`write` stores them in the caller's transaction and returns what changed, for the
  caller's change log (a customer's, a contact's, a ticket's history);
- :func:`load` and :func:`text` read and show them (sealed values opened with the active key).

Stored forms: text and choices as text, numbers as int or float, amounts as fen (int), dates as
ISO text, yes/no as 1/0; a sensitive field's value as sealed text of the same.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from crmdesk.core.customfields import fields as fieldmod
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.i18n import _, data_text, listing
from crmdesk.core.safety import secrets
from crmdesk.core.store import db
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.validation import (
    FieldError,
    amount_to_fen,
    fen_to_yuan_text,
    parse_amount,
    parse_date,
    to_halfwidth,
)

MAX_TEXT = 500
# what the change log keeps of a sensitive value: the mark of the built-in confidential notes
HIDDEN = data_text("(filled in, kept confidential)")
MASK = "****"
# the words a form or a ledger may write for yes and no (data read as it is, in both languages)
_YES = frozenset({"是", "yes", "y", "true", "1", "√", "✓", "✔", "有", "对", "t"})
_NO = frozenset({"否", "no", "n", "false", "0", "×", "✗", "✘", "无", "错", "f", "不是"})
_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|[+-]?\.\d+")
_MAX_NUMBER = Decimal("1e15")
_NUMERIC_KINDS = frozenset({"amount", "yes_no", "number"})


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_halfwidth(str(value)).strip()


def parse(field: FieldDef, value: object, *, dayfirst: bool = False) -> object | None:
    """The stored (clear) value of what was typed or read; ``None`` for empty; ``FieldError`` if refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    key = field.key
    kind = field.kind
    if kind == "text":
        text = str(value).strip() if isinstance(value, str) else _plain(value)
        if len(text) > MAX_TEXT:
            raise FieldError(key, _("at most {count} characters", count=MAX_TEXT))
        return text
    if kind == "number":
        return _number(key, value)
    if kind == "amount":
        amount = parse_amount(value, key)
        return None if amount is None else amount_to_fen(amount)
    if kind == "date":
        day = value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) \
            else parse_date(value, key, dayfirst_ok=dayfirst)
        return None if day is None else day.isoformat()
    if kind == "yes_no":
        if isinstance(value, bool):
            return int(value)
        word = _plain(value).lower()
        if word in _YES:
            return 1
        if word in _NO:
            return 0
        raise FieldError(key, _("“{value}” should be yes or no", value=_plain(value)))
    if kind == "choice":
        text = " ".join(_plain(value).split())
        if text in field.choices:
            return text
        folded = {c.lower(): c for c in field.choices}
        if text.lower() in folded:
            return folded[text.lower()]
        raise FieldError(key, _("“{value}” is not one of the choices; choose from the list: {choices}", value=text,
                                choices=listing(field.choices)))
    raise FieldError(key, _("unknown field type {kind}", kind=kind))


def _number(key: str, value: object) -> int | float:
    if isinstance(value, bool):
        raise FieldError(key, _("should be a number"))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = re.sub(r"\s", "", _plain(value))
        if not _NUMBER.fullmatch(text):
            raise FieldError(key, _("“{value}” is not a valid number (for example 12 or 3.5)", value=_plain(value)))
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise FieldError(key, _("“{value}” is not a valid number", value=_plain(value))) from None
    if not number.is_finite() or abs(number) >= _MAX_NUMBER:
        raise FieldError(key, _("the number is out of range"))
    if number == number.to_integral_value():
        return int(number)
    return float(number)


# --------------------------------------------------------------------------- showing


def text(field: FieldDef, value: object) -> str:
    """A clear stored value as the user reads it (``12,500.00``, ``是``, ``2024-05-01``)."""
    if value is None or value == "":
        return ""
    if field.kind == "amount":
        return fen_to_yuan_text(int(value))  # type: ignore[call-overload]
    if field.kind == "yes_no":
        # the records' and files' word (an export is read back by an import): Chinese whatever the interface shows
        return data_text("yes") if int(value) else data_text("no")  # type: ignore[call-overload]
    if field.kind == "number" and isinstance(value, float):
        return f"{value:f}".rstrip("0").rstrip(".")
    return str(value)


def edit_text(field: FieldDef, value: object) -> str:
    """A clear stored value as a form puts it back into its editor (an amount without separators)."""
    if field.kind == "amount" and value not in (None, ""):
        return str(Decimal(int(value)).scaleb(-2))  # type: ignore[call-overload]
    return text(field, value)


def shown(field: FieldDef, value: object, *, reveal: bool) -> str:
    """What a list or a dossier shows: a sensitive value masked unless revealed."""
    if field.sensitive and not reveal and value not in (None, ""):
        return MASK
    if field.kind == "yes_no" and value not in (None, ""):  # a word the user reads: the interface's language
        return _("yes") if int(value) else _("no")  # type: ignore[call-overload]
    return text(field, value)


def log_text(field: FieldDef, shown_text: str) -> str:
    """What the change log keeps of a value (never a sensitive one)."""
    return HIDDEN if field.sensitive and shown_text else shown_text


# --------------------------------------------------------------------------- sealing


def _canonical(field: FieldDef, value: object) -> str:
    if field.kind == "number" and isinstance(value, float):
        return repr(value)
    return str(value)


def _typed(field: FieldDef, clear: str) -> object:
    if field.kind in ("amount", "yes_no"):
        return int(clear)
    if field.kind == "number":
        number = Decimal(clear)
        return int(number) if number == number.to_integral_value() else float(number)
    return clear


def seal(field: FieldDef, value: object) -> object:
    """The value as stored: sealed under the active key when the field is sensitive."""
    if not field.sensitive or value is None:
        return value
    return secrets.current().encrypt(_canonical(field, value), field.column)


def reveal(field: FieldDef, stored: object) -> object:
    """A stored value in clear (typed as its kind stores it)."""
    if isinstance(stored, str) and stored.startswith(secrets.PREFIX):
        return _typed(field, secrets.current().decrypt(stored, field.column))
    if field.kind in _NUMERIC_KINDS and isinstance(stored, str) and stored:
        # a server's column is text; on SQLite a sensitive value stored in clear before a key existed
        # (sealed by the next writer)
        return _typed(field, stored)
    return stored


def reseal(field: FieldDef, *, was_sensitive: bool) -> int:
    """Seal (field now sensitive) or open (no longer) every stored value of ``field``; returns how many.

    Old bytes are overwritten (the dialect's ``secure_delete``; on a server the old row versions
    wait for VACUUM) so a value sealed now leaves no clear copy in a file.
    """
    if statement := db.dialect().secure_delete():
        db.sql(statement)
    before = FieldDef(**{**field.__dict__, "sensitive": was_sensitive})
    rows = db.sql("SELECT id, value FROM custom_value WHERE field_id = ?", (field.id,)).fetchall()
    updates = [(seal(field, reveal(before, value)), row_id) for row_id, value in rows]
    db.sql("UPDATE custom_value SET value = ? WHERE id = ?", updates, many=True)
    return len(updates)


# --------------------------------------------------------------------------- reading


def load(entity_key: str, ids: Iterable[int], field_list: list[FieldDef] | None = None
         ) -> dict[int, dict[int, object]]:
    """``{record id: {field id: clear value}}`` of the given records (the entity's visible fields by default)."""
    wanted = field_list if field_list is not None else fieldmod.fields(entity_key)
    by_id = {f.id: f for f in wanted}
    id_list = sorted(set(ids))
    out: dict[int, dict[int, object]] = {}
    if not by_id or not id_list:
        return out
    field_marks = ",".join(str(int(fid)) for fid in by_id)
    for start in range(0, len(id_list), 900):
        part = id_list[start:start + 900]
        for field_id, entity_id, value in db.sql(
                f"SELECT field_id, entity_id, value FROM custom_value WHERE field_id IN ({field_marks}) "
                f"AND entity_id IN ({','.join('?' * len(part))})", part):
            out.setdefault(entity_id, {})[field_id] = reveal(by_id[field_id], value)
    return out


def edit_texts(entity_key: str, entity_id: int) -> dict[int, str]:
    """The visible fields' values of one record as a form edits them (``{field id: text}``)."""
    field_list = fieldmod.fields(entity_key)
    stored = load(entity_key, [entity_id], field_list).get(entity_id, {})
    return {f.id: edit_text(f, stored.get(f.id)) for f in field_list}


# --------------------------------------------------------------------------- checking and writing


def check(entity_key: str, raw: Mapping[int, object], *, entity_id: int | None = None, prefix: str = "",
          who: str = "", errors: list[ValidationError]) -> dict[int, object | None]:
    """The clean values of ``raw`` (``{field id: typed text}``), refusals appended to ``errors``.

    Only the fields in ``raw`` are checked and later written; the others keep their values.
    ``prefix`` and ``who`` name the record in a refusal (``contacts[1].``, ``张伟·``).
    """
    field_list = {f.id: f for f in fieldmod.fields(entity_key)}
    stored = load(entity_key, [entity_id], list(field_list.values())).get(entity_id, {}) \
        if entity_id is not None else {}
    clean: dict[int, object | None] = {}
    for field_id, value in raw.items():
        field = field_list.get(int(field_id))
        if field is None:  # removed meanwhile: its values stay as they were
            continue
        key, label = f"{prefix}{field.key}", f"{who}{field.label}"
        try:
            out = parse(field, value)
        except FieldError as exc:
            errors.append(ValidationError(key, exc.reason, label))
            continue
        if out is None and field.required:
            if entity_id is None:
                errors.append(ValidationError(key, _("required, it cannot be empty"), label))
                continue
            if stored.get(field.id) not in (None, ""):
                errors.append(ValidationError(key, _("required, it cannot be cleared"), label))
                continue
        clean[field.id] = out
    return clean


@dataclass(frozen=True)
class Change:
    """One value that changed, as the change log writes it (a sensitive one hidden)."""

    field: FieldDef
    old: str
    new: str


def write(entity_key: str, entity_id: int, clean: Mapping[int, object | None], *,
          batch_id: int | None = None) -> list[Change]:
    """Store checked values (inside the caller's transaction); returns the changes to log."""
    if not clean:
        return []
    field_list = {f.id: f for f in fieldmod.fields(entity_key)}
    current = load(entity_key, [entity_id], list(field_list.values())).get(entity_id, {})
    changes: list[Change] = []
    for field_id, value in clean.items():
        field = field_list.get(field_id)
        if field is None:
            continue
        old = current.get(field_id)
        if old == value or (old in (None, "") and value in (None, "")):
            continue
        if value is None:
            db.sql("DELETE FROM custom_value WHERE field_id = ? AND entity_id = ?", (field_id, entity_id))
        else:
            db.sql("INSERT INTO custom_value (field_id, entity_id, value, batch_id) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (field_id, entity_id) DO UPDATE SET value = excluded.value",
                         (field_id, entity_id, seal(field, value), batch_id))
        changes.append(Change(field, log_text(field, text(field, old)), log_text(field, text(field, value))))
    return changes


def copy_missing(entity_key: str, source_id: int, target_id: int) -> list[tuple[int, object]]:
    """Give ``target_id`` the values of ``source_id`` it lacks (a merge); returns the (field id, stored
    value) pairs added, so that an undo can remove them."""
    rows = db.sql(
        "SELECT s.field_id, s.value FROM custom_value s JOIN custom_field f ON f.id = s.field_id "
        "WHERE f.entity = ? AND s.entity_id = ? AND NOT EXISTS (SELECT 1 FROM custom_value t "
        "WHERE t.field_id = s.field_id AND t.entity_id = ?)", (entity_key, source_id, target_id)).fetchall()
    db.sql("INSERT INTO custom_value (field_id, entity_id, value) VALUES (?, ?, ?)",
           [(field_id, target_id, value) for field_id, value in rows], many=True)
    return [(field_id, value) for field_id, value in rows]


def erase(entity_key: str, ids: Iterable[int], *, sensitive_only: bool = True) -> int:
    """Delete the (sensitive) values of the given records (erasure on request); returns how many."""
    id_list = sorted(set(ids))
    if not id_list:
        return 0
    condition = " AND sensitive = TRUE" if sensitive_only else ""
    marks = ",".join("?" * len(id_list))
    cursor = db.sql(f"DELETE FROM custom_value WHERE entity_id IN ({marks}) AND field_id IN "
                          f"(SELECT id FROM custom_field WHERE entity = ?{condition})", [*id_list, entity_key])
    return cursor.rowcount


def search_texts(conn: Any, ids: list[int] | None) -> dict[int, list[str]]:
    """The searchable custom values of customers (text and choices, not sensitive) for the search index.

    Read on the caller's connection (the search index is also rebuilt by a migration step, before
    the models are bound and, for an old file, before the custom-field tables exist).
    """
    if not getattr(conn, "server", False) and conn.execute(  # a server's schema starts with the custom fields
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'custom_field'").fetchone() is None:
        return {}
    searchable = [str(row[0]) for row in conn.execute(
        "SELECT id FROM custom_field WHERE entity = 'customer' AND kind IN ('text', 'choice') AND sensitive = FALSE "
        "AND hidden_at IS NULL")]
    if not searchable:
        return {}
    where = "" if ids is None else f" AND entity_id IN ({','.join(str(int(i)) for i in ids)})"
    out: dict[int, list[str]] = {}
    for entity_id, value in conn.execute(
            f"SELECT entity_id, value FROM custom_value WHERE field_id IN ({','.join(searchable)}){where}"):
        out.setdefault(entity_id, []).append(str(value))
    return out

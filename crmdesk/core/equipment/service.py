"""Equipment (设备档案): a customer's machines, edited, listed and found by serial number.

Every value is checked first and all refused fields are reported together, each naming its
field (``InvalidInput`` of ``core.customers.service``); then one transaction writes the machine
and the change log of its customer (the site address masked there, as every personal value).
A serial number is unique per product model; both are compared normalised (``key``: full width
to half width, case and spaces folded), so ``sn 2024-001`` and ``SN2024-001`` are one machine.
The site address is sealed with the data key. Deleting moves a machine to the recycle bin
(``core.store.recycle_bin``, registered here), where it keeps its tickets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crmdesk.core.attachments import store as attachments
from crmdesk.core.customers.service import InvalidInput
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.equipment import warranty as cover
from crmdesk.core.i18n import C_, DATA_LANGUAGE, _, data_text
from crmdesk.core.safety import secrets
from crmdesk.core.store import db, recycle_bin, versions
from crmdesk.core.store.change_log import log_change
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Customer, Equipment, Staff, database_proxy, now
from crmdesk.core.store.units import unit_of_work
from crmdesk.core.validation import FieldError, compact_key, parse_date, to_halfwidth

# The fields of a machine: ``field_label`` names them in the current language (messages),
# ``FIELD_LABELS`` as the change log and the 设备台账 store them (the records' language, Chinese).
FIELDS = {
    "customer": C_("machine field", "Customer"), "model": C_("machine field", "Product model"),
    "serial": C_("machine field", "Serial number"), "install_date": C_("machine field", "Install date"),
    "site_address": C_("machine field", "Site address"), "warranty_end": C_("machine field", "Warranty until"),
    "warranty_months": C_("machine field", "Warranty months"),
    "contract_no": C_("machine field", "Maintenance contract no."),
    "contract_start": C_("machine field", "Contract start"), "contract_end": C_("machine field", "Contract end"),
    "contract_level": C_("machine field", "Maintenance level"), "notes": C_("machine field", "Notes"),
    "equipment": C_("machine field", "Machine"),
}
FIELD_LABELS = {name: label.text(DATA_LANGUAGE) for name, label in FIELDS.items()}


def field_label(name: str) -> str:
    """A machine field's name in the current language."""
    return FIELDS[name].text()


# a custom field of machines may not take a built-in field's name (the 设备台账 import maps headers by name)
customfields.RESERVED["equipment"] = frozenset(FIELD_LABELS.values())
LIMITS = {"model": 100, "serial": 100, "contract_no": 60, "contract_level": 30, "site_address": 300,
          "notes": 2000}
DATES = ("install_date", "warranty_end", "contract_start", "contract_end")
#: Levels offered in the form (any other text is accepted)
CONTRACT_LEVELS = ("基础维保", "标准维保", "全保（含备件）")
_WHOLE = re.compile(r"\s*(\d{1,4})(?:\.0*)?\s*")


def key(text: object) -> str:
    """The normalised form of a model or serial number: half width, upper case, no spaces."""
    return compact_key(text)


@dataclass
class EquipmentInput:
    """A machine as typed in the form or read from a 设备台账 row (dates as text or ``date``)."""

    customer_id: int | None = None
    model: str = ""
    serial: str = ""
    install_date: object = ""
    site_address: str = ""
    warranty_end: object = ""
    warranty_months: object = ""
    contract_no: str = ""
    contract_start: object = ""
    contract_end: object = ""
    contract_level: str = ""
    notes: str = ""
    custom: dict[int, str] = field(default_factory=dict)  # custom field id -> text; fields not in it are kept
    version: int | None = None  # when the form loaded it (schema 12): the save writes only that version


@dataclass
class SaveResult:
    """What a save did."""

    equipment_id: int
    changes: Changes


def _refuse(errors: list[ValidationError], name: str, reason: str) -> None:
    errors.append(ValidationError(name, reason, field_label(name)))


def validate(data: EquipmentInput, *, equipment_id: int | None = None) -> dict[str, object]:
    """The clean column values of ``data`` (site address still in clear) and, under ``"custom"``, its
    checked custom field values; ``InvalidInput`` lists every refused field (custom ones included)."""
    errors: list[ValidationError] = []
    values: dict[str, object] = {}
    for name in ("model", "serial", "site_address", "contract_no", "contract_level", "notes"):
        text = " ".join(str(getattr(data, name) or "").split()) if name not in ("notes", "site_address") \
            else str(getattr(data, name) or "").strip()
        if len(text) > LIMITS[name]:
            _refuse(errors, name, _("at most {count} characters", count=LIMITS[name]))
        values[name] = text
    for name in ("model", "serial"):
        if not values[name]:
            _refuse(errors, name, _("required"))
    for name in DATES:
        try:
            values[name] = parse_date(getattr(data, name), name)
        except FieldError as exc:
            _refuse(errors, name, exc.reason)
            values[name] = None
    months_text = str(data.warranty_months if data.warranty_months is not None else "").strip()
    months: int | None = None
    if months_text:  # digits only: "inf", "1e400" or "nan" are no number of months (and float() takes them)
        found = _WHOLE.fullmatch(to_halfwidth(months_text))
        months = int(found.group(1)) if found else None
        if months is None or months > 600:
            _refuse(errors, "warranty_months", _("a whole number of months from 0 to 600"))
            months = None
    values["warranty_months"] = months
    if months is not None and values["install_date"] is None and values["warranty_end"] is None:
        _refuse(errors, "warranty_months", _("months count from the install date: enter the install date too"))
    if values["warranty_end"] is None and months is not None:
        values["warranty_end"] = cover.warranty_end_from(values["install_date"], months)  # type: ignore[arg-type]
    start, end = values["contract_start"], values["contract_end"]
    if start is not None and end is not None and end < start:  # type: ignore[operator]
        _refuse(errors, "contract_end", _("the contract ends before it starts"))
    customer = Customer.get_or_none((Customer.id == data.customer_id) & Customer.deleted_at.is_null()) \
        if data.customer_id is not None else None
    if customer is None:
        _refuse(errors, "customer", _("the customer does not exist or is deleted"))
    values["model_key"], values["serial_key"] = key(values["model"]), key(values["serial"])
    if values["model"] and values["serial"]:
        clash = duplicate_of(str(values["model_key"]), str(values["serial_key"]), exclude_id=equipment_id)
        if clash is not None:
            _refuse(errors, "serial", clash)
    custom = custom_values.check("equipment", data.custom, entity_id=equipment_id, errors=errors)
    if errors:
        raise InvalidInput(errors)
    values["customer_id"] = data.customer_id
    values["custom"] = custom
    return values


def duplicate_of(model_key: str, serial_key: str, *, exclude_id: int | None = None) -> str | None:
    """Why a machine of this model and serial number cannot be added (``None`` when it can)."""
    row = db.sql(  # through the engine's spelling (db.sql): a save runs on a server too
        "SELECT e.id, e.model, e.serial, e.deleted_at, c.code, c.name FROM equipment e "
        "JOIN customer c ON c.id = e.customer_id WHERE e.model_key = ? AND e.serial_key = ?",
        [model_key, serial_key]).fetchone()
    if row is None or row[0] == exclude_id:
        return None
    reason = _("model {model} already has a machine with serial number {serial} (customer {code} {name})",
               model=row[1], serial=row[2], code=row[4], name=row[5])
    return reason + (_("; ") + _("it is in the recycle bin: restore it from there") if row[3] else "")


def _sealed(values: dict[str, object]) -> dict[str, object]:
    return secrets.seal("equipment", values)


def label(model: str, serial: str) -> str:
    """How a machine is named in lists and the change log: ``激光切割机 3015（SN 2024-001）`` (the
    records' language: the change log keeps it)."""
    return data_text("{model} ({serial})", model=model, serial=serial)


@unit_of_work
def save(data: EquipmentInput, *, equipment_id: int | None = None, operator: Staff | None = None,
         files: Sequence[Path] = ()) -> SaveResult:
    """Create (``equipment_id`` None) or update a machine in one transaction, with its change log;
    ``files`` (chosen in the form before the machine existed) are attached in the same transaction."""
    values = validate(data, equipment_id=equipment_id)
    custom: dict[int, object | None] = values.pop("custom")  # type: ignore[assignment]
    with database_proxy.atomic():
        stamp = now()
        if equipment_id is None:
            row = Equipment.create(**_sealed(values), created_at=stamp, updated_at=stamp,
                                   updated_by=versions.operator_name(operator))
            log_change(int(values["customer_id"]), "equipment", row.id, "equipment", "",  # type: ignore[call-overload]
                       label(str(values["model"]), str(values["serial"])), data_text("New machine"), operator,
                       FIELD_LABELS["equipment"])
            custom_values.write("equipment", row.id, custom)
            for path in files:
                attachments.add(path, attachments.owner_of(equipment_id=row.id), operator=operator)
            return SaveResult(row.id, _changes(int(values["customer_id"])))  # type: ignore[call-overload]
        current = Equipment.get_or_none(Equipment.id == equipment_id)
        if current is None or current.deleted_at is not None:
            raise KnownError(_("Machine not found (it may have been deleted)."))
        before = {name: _clear(current, name) for name in values}
        changed = {name: value for name, value in values.items() if before[name] != value}
        changed.pop("customer_id", None)  # a machine changes hands only through a merge
        prefix = data_text("Machine {machine} · ", machine=label(str(values["model"]), str(values["serial"])))
        # first, and always: the row is locked for the save, and a version other than the form's is a conflict
        versions.guarded_update(Equipment, equipment_id, data.version, _sealed(changed), operator, stamp)
        for name in changed:
            if name in FIELD_LABELS:
                log_change(current.customer_id, "equipment", equipment_id, name, before[name], changed[name], "",
                           operator, prefix + FIELD_LABELS[name])
        for change in custom_values.write("equipment", equipment_id, custom):  # a sensitive value's log is masked
            log_change(current.customer_id, "equipment", equipment_id, "custom", change.old, change.new,
                       "", operator, prefix + change.field.label)
        return SaveResult(equipment_id, _changes(current.customer_id))


def _clear(row: Equipment, name: str) -> object:
    value = getattr(row, name)
    return secrets.reveal("equipment", name, value) if name in secrets.SENSITIVE["equipment"] else value


def _changes(customer_id: int) -> Changes:
    return Changes(equipment=True, customers=True, customer_ids={customer_id})


def load(equipment_id: int) -> EquipmentInput:
    """A stored machine as the form edits it (site address in clear, dates as ``date``)."""
    row = Equipment.get_or_none((Equipment.id == equipment_id) & Equipment.deleted_at.is_null())
    if row is None:
        raise KnownError(_("Machine not found (it may have been deleted)."))
    return EquipmentInput(
        customer_id=row.customer_id, model=row.model, serial=row.serial, install_date=row.install_date,
        site_address=secrets.reveal("equipment", "site_address", row.site_address), warranty_end=row.warranty_end,
        warranty_months="" if row.warranty_months is None else str(row.warranty_months), contract_no=row.contract_no,
        contract_start=row.contract_start, contract_end=row.contract_end, contract_level=row.contract_level,
        notes=row.notes, custom=custom_values.edit_texts("equipment", equipment_id), version=row.version)


# --------------------------------------------------------------------------- reading


def site_address(equipment_id: int) -> str:
    """Where a machine stands, in clear ('' when it stands at the customer's address). Showing it is a
    reveal of personal data: the caller records it (the ticket sheet and the visit dossier do)."""
    row = Equipment.get_or_none(Equipment.id == equipment_id)
    return secrets.reveal("equipment", "site_address", row.site_address) if row is not None else ""


@dataclass(frozen=True)
class Machine:
    """One machine as lists show it (the site address never: it is personal)."""

    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    model: str
    serial: str
    install_date: dt.date | None
    warranty: cover.Warranty
    contract_no: str
    contract_level: str
    tickets: int = 0
    last_ticket_at: dt.datetime | None = None
    has_site: bool = False

    @property
    def label(self) -> str:
        """``激光切割机 3015（SN2024-001）``, as the interface shows it (the current language's brackets;
        :func:`label` is the records' form)."""
        return _("{model} ({serial})", model=self.model, serial=self.serial)


_COLUMNS = ("e.id, e.customer_id, c.code, c.name, e.model, e.serial, e.install_date, e.warranty_end, e.contract_start, "
            "e.contract_end, e.contract_no, e.contract_level, e.site_address != ''")


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _machine(row: tuple, day: dt.date, tickets: int = 0, last: object = None) -> Machine:
    (eid, cid, code, name, model, serial, installed, w_end, c_start, c_end, c_no, level, has_site) = row[:13]
    state = cover.status(_date(w_end), _date(c_start), _date(c_end), c_no, on=day)
    return Machine(eid, cid, code, name, model, serial, _date(installed), state, c_no, level, tickets,
                   dt.datetime.fromisoformat(str(last)) if last else None, bool(has_site))


def of_customer(customer_id: int, *, on: dt.date | None = None) -> list[Machine]:
    """A customer's machines (not deleted) with their cover on ``on`` and their ticket counts, by model."""
    day = on or dt.date.today()
    rows = db.sql(
        f"SELECT {_COLUMNS}, (SELECT count(*) FROM ticket t WHERE t.equipment_id = e.id AND t.deleted_at IS NULL), "
        "(SELECT max(t.created_at) FROM ticket t WHERE t.equipment_id = e.id AND t.deleted_at IS NULL) "
        "FROM equipment e JOIN customer c ON c.id = e.customer_id WHERE e.customer_id = ? AND e.deleted_at IS NULL "
        "ORDER BY e.model_key, e.serial_key", [customer_id])
    return [_machine(row, day, row[13], row[14]) for row in rows]


def custom_columns(ids: list[int], *, reveal: bool = False) -> tuple[list[str], dict[int, list[str]]]:
    """The owner's machine fields as list columns: their names and each machine's values as shown
    (a sensitive one masked unless ``reveal``: only the dossier's "Show full numbers", logged by its
    caller through ``privacy.record_reveal``, asks for them)."""
    field_list = customfields.fields("equipment")
    stored = custom_values.load("equipment", ids, field_list)
    return [f.label for f in field_list], {
        i: [custom_values.shown(f, stored.get(i, {}).get(f.id), reveal=reveal) for f in field_list] for i in ids}


def count_of_customer(customer_id: int) -> int:
    """How many machines (not deleted) a customer has."""
    return db.sql("SELECT count(*) FROM equipment WHERE customer_id = ? AND deleted_at IS NULL",
                                      [customer_id]).fetchone()[0]


def get(equipment_id: int, *, on: dt.date | None = None) -> Machine | None:
    """One machine (also one in the recycle bin: a ticket may still name it)."""
    row = db.sql(f"SELECT {_COLUMNS} FROM equipment e JOIN customer c ON c.id = e.customer_id "
                                     "WHERE e.id = ?", [equipment_id]).fetchone()
    return _machine(row, on or dt.date.today()) if row else None


def find_by_serial(text: str, *, limit: int = 20, on: dt.date | None = None) -> list[Machine]:
    """Machines of live customers whose serial number is ``text`` or starts with it (normalised),
    exact matches first; at least 3 characters, through the serial number's index."""
    wanted = key(text)
    if len(wanted) < 3:
        return []
    # exact matches first, then the serials that start with it in the index's order: a start shared by
    # thousands of machines ("CK6150", a model's prefix) reads ``limit`` of them, never sorts them all
    live = "e.deleted_at IS NULL AND c.deleted_at IS NULL AND c.merged_into_id IS NULL"
    rows = list(db.sql(
        f"SELECT {_COLUMNS} FROM equipment e JOIN customer c ON c.id = e.customer_id "
        f"WHERE e.serial_key = ? AND {live} ORDER BY e.model_key LIMIT ?", [wanted, limit]))
    if len(rows) < limit:
        rows += db.sql(
            f"SELECT {_COLUMNS} FROM equipment e{db.dialect().indexed_by('equipment_serial_key')} "
            "JOIN customer c ON c.id = e.customer_id "
            f"WHERE e.serial_key > ? AND e.serial_key < ? AND {live} ORDER BY e.serial_key LIMIT ?",
            [wanted, wanted + "\uffff", limit - len(rows)])
    day = on or dt.date.today()
    return [_machine(row, day) for row in rows]


def models_in_use(limit: int = 200) -> list[str]:
    """The product models already recorded, most used first (the form's suggestions)."""
    return [m for (m,) in db.sql(
        "SELECT min(model) FROM equipment WHERE deleted_at IS NULL GROUP BY model_key ORDER BY count(*) DESC, 1 "
        "LIMIT ?", [limit])]


@dataclass(frozen=True)
class ServiceLine:
    """One ticket of a machine's service history."""

    ticket_id: int
    number: str
    created_at: dt.datetime
    category: str
    stage: str
    description: str
    state: str  # the machine's cover when the ticket came in (contract / warranty / expired / unknown)


def service_history(equipment_id: int, limit: int = 200) -> list[ServiceLine]:
    """The tickets of one machine, newest first, each with the cover it had that day."""
    state = cover.state_sql(db.dialect().date_of("t.created_at"))
    rows = db.sql(
        f"SELECT t.id, t.number, t.created_at, t.category, t.stage, substr(t.description, 1, 120), {state} "
        "FROM ticket t JOIN equipment e ON e.id = t.equipment_id WHERE t.equipment_id = ? AND t.deleted_at IS NULL "
        "ORDER BY t.created_at DESC, t.id DESC LIMIT ?", [equipment_id, limit])
    return [ServiceLine(tid, number, dt.datetime.fromisoformat(str(at)), category, stage, text, st)
            for tid, number, at, category, stage, text, st in rows]


@dataclass
class Register:
    """Machines of a customer for the dossier: each with its service history (tickets per serial)."""

    machines: list[Machine] = field(default_factory=list)
    history: dict[int, list[ServiceLine]] = field(default_factory=dict)


def register_of(customer_id: int, *, on: dt.date | None = None, per_machine: int = 50) -> Register:
    """A customer's machines with the newest ``per_machine`` tickets of each."""
    machines = of_customer(customer_id, on=on)
    return Register(machines, {m.id: service_history(m.id, per_machine) for m in machines if m.tickets})


# --------------------------------------------------------------------------- recycle bin


def bin_label(row: Equipment) -> str:
    """The recycle bin's line of a machine."""
    owner = Customer.get_by_id(row.customer_id)
    return data_text("Machine {machine} ({code} {name})", machine=label(row.model, row.serial), code=owner.code,
                     name=owner.name)


BIN = "equipment"  # its entity name in the recycle bin
recycle_bin.register(BIN, recycle_bin.BinKind(Equipment, bin_label, lambda e: e.customer_id, "equipment"))

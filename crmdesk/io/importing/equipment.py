"""Importing a 设备台账 (equipment ledger): machines with their warranty and maintenance contracts.

Each row is one machine of a customer found by 客户编号 or 客户名称 (or created, when the user
asks for missing customers to be created), with its 产品型号 and 序列号 (both required). Duplicates
are found by serial number, per model and folded like the app folds them (``core.equipment.service.key``):

- the same machine twice in the file: the later row is a duplicate of the first;
- a machine already in the database for the same customer: an update that only fills its empty
  fields, its custom fields included (a different value is never overwritten, it is listed in the
  preview), or a duplicate when it brings nothing new; its previous values are journaled and the
  custom values it gets carry the batch id, so undo restores them;
- a machine of another customer: a duplicate, named (a machine never changes hands silently).

保修期至 may be given as a date or as months (保修期 12个月 / 1年) counted from the install date;
a bad optional value (a date that is not one) is set aside to the 警告 sheet, the row imported
without it. The site address is sealed with the data key like every personal value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.warranty import warranty_end_from
from crmdesk.core.i18n import _, listing
from crmdesk.core.store.models import Equipment
from crmdesk.io.importing import cells, custom, server_conn
from crmdesk.io.importing.base import DUPLICATE, ERROR, NEW, UPDATE, RowResult
from crmdesk.io.importing.history import HistoryImporter, _NewCustomer
from crmdesk.io.importing.sql import Writer, db_value, revealed, sealed, select_in

# the ways a ledger writes a warranty period (data read as it is: 12个月, 两年)
_MONTHS = re.compile(r"^(\d{1,3})\s*(个月|月|m|months?)?$", re.IGNORECASE)
_YEARS = re.compile(r"^(\d{1,2}|一|二|两|三|四|五)\s*(年|years?)$", re.IGNORECASE)
_CN_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
#: the columns an update may fill (never the model, serial number or customer)
FILLABLE = ("install_date", "site_address", "warranty_end", "warranty_months", "contract_no", "contract_start",
            "contract_end", "contract_level", "notes")


def months(field: str) -> cells.Converter:
    """保修期: whole months (``12``, ``12个月``, ``18月``) or years (``1年``, ``两年``), 0–600."""

    def convert(value: object) -> int:
        text = cells.halfwidth(cells.plain(value)).strip()
        found = _MONTHS.match(text)
        if found:
            count = int(found.group(1))
        else:
            found = _YEARS.match(text)
            if not found:
                raise cells.FieldError(field, _("should be months (for example 12 or 12 months) or years (for example "
                                                "1 year)"))
            number = found.group(1)
            count = 12 * (_CN_NUMBERS[number] if number in _CN_NUMBERS else int(number))
        if count > 600:
            raise cells.FieldError(field, _("a warranty cannot be longer than {count} months", count=600))
        return count

    return convert


def _kept(label: str, new: object, old: object) -> str:
    """The preview's note on a value the file and the record hold differently (the record's is kept)."""
    return _("{field}: the file has “{new}”, the record has “{old}”; not overwritten", field=label, new=new, old=old)


class EquipmentImporter(HistoryImporter):
    """设备台账: one machine a row (see the module documentation)."""

    kind = "equipment"
    tables = ("equipment", "customer")
    strict = frozenset({"customer_code", "customer_name", "model", "serial"})

    def converter(self, key: str, header: str) -> cells.Converter:
        label = self.label(key)
        if key in ("install_date", "warranty_end", "contract_start", "contract_end"):
            return cells.date(label, dayfirst=self.options.dayfirst)
        if key == "warranty_months":
            return months(label)
        if key in ("model", "serial"):
            return cells.text(label, equipment.LIMITS[key])
        if key in equipment.LIMITS:
            return cells.text(label, equipment.LIMITS[key])
        return super().converter(key, header)

    def check(self, row: RowResult) -> None:
        super().check(row)
        self.require(row, "model")
        self.require(row, "serial")
        values = row.values
        start, end = values.get("contract_start"), values.get("contract_end")
        if start is not None and end is not None and end < start:  # type: ignore[operator]
            row.warn(_("Contract end: before the contract start (the contract start was not imported)"),
                     self.column_of.get("contract_start"))
            del values["contract_start"]
        if "warranty_end" not in values and "warranty_months" in values:
            if "install_date" in values:
                values["warranty_end"] = warranty_end_from(values["install_date"],  # type: ignore[arg-type]
                                                           values["warranty_months"])  # type: ignore[arg-type]
            else:
                row.warn(_("Warranty: no install date to count the months from (the warranty was not imported)"),
                         self.column_of.get("warranty_months"))
                del values["warranty_months"]

    def resolve(self, rows: list[RowResult], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        good = [r for r in rows if r.status != ERROR]
        self.link_customers(good)
        self.updates: dict[int, tuple[dict[str, object], dict[str, object]]] = {}
        conn = server_conn.connection()
        keys = {id(r): (equipment.key(r.values["model"]), equipment.key(r.values["serial"]))
                for r in good if r.status != ERROR}
        self.keys = keys  # the write uses them again
        existing: dict[tuple[str, str], tuple] = {}
        columns = ", ".join(FILLABLE)
        for found in select_in(conn, "SELECT model_key, serial_key, id, customer_id, deleted_at, " + columns +
                               " FROM equipment WHERE serial_key IN ({marks})", [k[1] for k in keys.values()]):
            existing[(found[0], found[1])] = found[2:]
        owners = dict(select_in(conn, "SELECT id, code FROM customer WHERE id IN ({marks})",
                                                       [f[1] for f in existing.values()]))
        self.custom_updates: dict[int, dict[str, object]] = {}
        stored_custom = custom.existing(conn, "equipment", [f[0] for f in existing.values()], self.custom)
        seen: dict[tuple[str, str], int] = {}
        for row in good:
            if row.status == ERROR:
                continue
            machine = keys[id(row)]
            if machine in seen:
                row.status = DUPLICATE
                row.note(_("the same machine as row {row} (same model and serial number)", row=seen[machine]))
                continue
            seen[machine] = row.source_row
            known = existing.get(machine)
            if known is None:
                row.status = NEW
                continue
            eid, owner, deleted, *stored = known
            row.target_id = eid
            row.status = DUPLICATE
            if deleted is not None:
                row.note(_("this machine is already recorded (in the recycle bin: restore it first)"))
            elif isinstance(row.link, _NewCustomer) or owner != row.link:
                row.note(_("this machine is already recorded, for customer {customer}; left unchanged",
                           customer=owners.get(owner, owner)))
            else:
                self._plan_update(row, dict(zip(FILLABLE, stored)), stored_custom.get(eid, {}))

    def _plan_update(self, row: RowResult, stored: dict[str, object], stored_custom: dict[str, object]) -> None:
        """Fill the machine's empty fields from the row (an update), note what differs (never overwritten)."""
        fills: dict[str, object] = {}
        custom_fills: dict[str, object] = {}
        for key, new in custom.row_values(row.values, self.custom, "equipment").items():
            old = stored_custom.get(key)
            if old in (None, ""):
                custom_fills[key] = new
            elif old != new:
                field = self.custom[key]
                row.note(_kept(field.label, custom.shown(field, new), custom.shown(field, old)))
        for name in FILLABLE:
            if name not in row.values:
                continue
            new = row.values[name]
            old = stored[name]
            if name == "site_address" and old:
                old = revealed("equipment", "site_address", old)
            if old in (None, ""):
                fills[name] = new
            elif db_value(new) != old and str(db_value(new)) != str(old):
                row.note(_kept(self.label(name), cells.plain(new), old))
        if fills or custom_fills:
            row.status = UPDATE
            row.note(_("Fills in: {fields}", fields=listing([*(self.label(name) for name in fills),
                                                           *(self.custom[key].label for key in custom_fills)])))
            self.updates[row.source_row] = (fills, {name: stored[name] for name in fills})  # old: empty
            if custom_fills:
                self.custom_updates[row.source_row] = custom_fills
        else:
            row.note(_("this machine is already recorded; nothing to fill in"))

    def planned_counts(self, rows: list[RowResult]) -> tuple[int, int]:
        return sum(1 for r in rows if r.status == NEW), sum(1 for r in rows if r.status == UPDATE)

    def write(self, writer: Writer, rows: list[RowResult]) -> tuple[int, int]:
        self.write_new_customers(writer)
        table = writer.table(Equipment)
        next_id = table.next_id(writer.conn)
        out = []
        custom_rows: list[tuple] = []  # the new machines' custom field values
        for row in rows:
            if row.status != NEW:
                continue
            v = row.values
            data = {name: db_value(v[name]) for name in FILLABLE if name in v}
            model_key, serial_key = self.keys[id(row)]
            data.update({"id": next_id, "customer_id": self.customer_id(row), "model": v["model"],
                         "model_key": model_key, "serial": v["serial"], "serial_key": serial_key,
                         "batch_id": writer.batch_id})
            out.append(table.row(sealed("equipment", data)))
            if self.custom:
                custom_rows.extend(custom.rows(next_id, custom.row_values(v, self.custom, "equipment"), self.custom,
                                               writer.batch_id))
            row.target_id = next_id
            next_id += 1
        writer.insert(Equipment, out)
        custom.insert(writer, custom_rows)
        writer.step(len(out))
        updated = 0
        for row in rows:
            if row.status != UPDATE:
                continue
            fills, old = self.updates[row.source_row]
            if fills:
                writer.update(Equipment, int(row.target_id), sealed("equipment", fills), old)  # type: ignore[arg-type]
            self._fill_custom(writer, int(row.target_id), self.custom_updates.get(row.source_row, {}))  # type: ignore[arg-type]
            updated += 1
        writer.step(updated)
        return len(out), updated

    def _fill_custom(self, writer: Writer, machine_id: int, fills: dict[str, object]) -> None:
        """Give an existing machine the custom values it still lacks at commit time (never overwriting);
        the rows carry the batch id, so undo takes them back and the machine is as it was."""
        if not fills:
            return
        current = custom.existing(writer.conn, "equipment", [machine_id], self.custom).get(machine_id, {})
        todo = {key: value for key, value in fills.items() if current.get(key) in (None, "")}
        custom.insert(writer, custom.rows(machine_id, todo, self.custom, writer.batch_id))

"""Importing customers with their contacts (客户信息登记表, legacy 客户台账, other CRMs' files).

One sheet holds customers and their contacts: several rows of the same customer are
several contacts. A row is the same customer as an earlier row or an existing customer
when it has the same customer code, the same normalised name, or a contact with the
same mobile (docs/spec.md §2). Merging never overwrites: empty fields are filled, a differing
non-empty value is listed in the row's reasons and left as it was. A row that adds
nothing is a duplicate.

Files of other CRMs (``sources``) are read in their own formats
(``formats``), and their history and people come along
(``customer_history``): next contacts, last follow-ups, account managers.

A ``type: ignore`` without a reason in this module reads a row value: ``RowResult.values`` is
``dict[str, object]``, each value of the type its field's converter gives.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence

from crmdesk.core.customers.service import split_tags
from crmdesk.core.store.errors import OperationCancelled
from crmdesk.core.store.models import Customer
from crmdesk.core.validation import mask_mobile
from crmdesk.io.importing import cells, custom, formats, server_conn
from crmdesk.io.importing.base import DUPLICATE, ERROR, NEW, UPDATE, KindImporter, Options, RowResult
from crmdesk.io.importing.customer_history import CustomerHistory
from crmdesk.io.importing.customer_plan import (
    CHANNELS,
    CONTACT_FIELDS,
    CUSTOMER_COLUMN,
    CUSTOMER_FIELDS,
    DEFAULTED,
    MEMO_KEYS,
    TEXT_LIMITS,
    ExistingCustomer,
    HistoryItem,
    NewCustomer,
    add_memo,
    contact_match,
    has_contact,
    shown,
)
from crmdesk.io.importing.customers_write import CustomerWrites
from crmdesk.io.importing.headers import header_scale
from crmdesk.io.importing.sql import revealed, select_in

# the fields history_of takes out of a row (a next contact, the last follow-up): only from their own columns
HISTORY_KEYS = frozenset({"next_contact", "last_followup_at", "last_followup_text", "last_followup_by"})
MEMO = "memo"  # the 写入备注 field: each of its columns becomes its own key memo:N while cleaning


class CustomerImporter(CustomerHistory, CustomerWrites, KindImporter):
    """客户信息: customers and their contacts, merged by code, name or mobile."""

    kind = "customers"
    tables = ("customer", "contact")
    strict = frozenset({"name", "code"})

    def __init__(self, mapping: dict[int, str], headers: Sequence[str], options: Options) -> None:
        mapping = {column: f"{MEMO}:{column}" if key == MEMO else key for column, key in mapping.items()}
        super().__init__(mapping, headers, options)
        self.derived: set[str] = set()  # fields rows fill without a column of their own (region from 省/市/区 …)
        layout = options.layout
        self.contacts_file = bool(getattr(layout, "contacts", False))
        self.memo_headers = {key: self.label(key) for key in self.mapping.values() if key.startswith(MEMO + ":")}
        self.new_staff: dict[str, int] = {}
        self.staff_plan: dict[str, int | None] = {}  # set by the commit: the user's choice per new person
        mapped = set(self.mapping.values())
        if not mapped.isdisjoint(("province", "city", "district", "country")):
            self.derived.add("region")
        if not mapped.isdisjoint(("street2", "parent")) or "region" in mapped:
            self.derived.update(("address", "region"))
        if not mapped.isdisjoint(("type", "importance", "deal_status", "tags")):
            self.derived.update(("type", "tags"))
        # the custom fields of the customer itself and of its contacts that the file fills
        self.customer_custom = tuple(k for k, f in self.custom.items() if f.entity == "customer")
        self.contact_custom = tuple(k for k, f in self.custom.items() if f.entity == "contact")

    def label(self, key: str) -> str:
        if key.startswith(MEMO + ":"):  # a notes column is named by its own header
            column = int(key[len(MEMO) + 1:])
            return self.headers[column].strip() if column < len(self.headers) else key
        return super().label(key)

    def converter(self, key: str, header: str) -> cells.Converter:
        dayfirst = self.options.dayfirst
        label = self.label(key)
        if key == "code":
            return cells.code(label)
        if key == "type":
            return formats.customer_type(label)
        if key == "importance":
            return formats.level(label)
        if key == "deal_status":
            return formats.deal(label)
        if key == "region":
            return formats.region(label)
        if key == "tags":
            return formats.tags(label)
        if key == "contact_status":
            return formats.left_the_company(label)
        if key == "partner_kind":
            return formats.partner_kind(label)
        if key == "primary_flag":
            return cells.yes_no(label)
        if key == "next_contact":
            return cells.moment(label, dayfirst=dayfirst)
        if key == "last_followup_at":
            return cells.moment(label, dayfirst=dayfirst, not_after_now=True)
        if key in ("last_followup_by",):
            return cells.text(label, 50)
        if key in ("parent", "province", "city", "district", "country", "street2"):
            return cells.text(label, 200)
        if key == "source_channel":
            return formats.channel(label, CHANNELS)
        if key == "mobile":
            return cells.mobile(label)
        if key == "phone":
            return cells.phone(label)
        if key == "email":
            return cells.email(label)
        if key == "birthday":
            return cells.date(label, dayfirst=dayfirst, not_after_today=True)
        if key == "coop_start":
            return cells.date(label, dayfirst=dayfirst, not_after_today=True)
        if key == "order_date":
            return cells.date(label, dayfirst=dayfirst, not_after_today=True)
        if key == "order_amount":
            return cells.amount_fen(label, header_scale(header))
        return cells.text(label, TEXT_LIMITS.get(key))

    def check(self, row: RowResult) -> None:
        values = row.values
        for said in formats.shape(values, self.memo_headers, self.contacts_file):
            row.note(said)
        name = values.get("name")
        if name is None:
            self.require(row, "name")
        else:
            values["name_norm"] = norm = cells.company_key(str(name))
            if not norm:
                row.refuse("客户名称：只有标点或空格，不是有效的名称", self.column_of.get("name"))
        mobile = values.get("mobile")
        if isinstance(mobile, str) and "-" in mobile:  # a landline in the mobile column
            if "phone" not in values:
                values["phone"] = values.pop("mobile")
            elif values["phone"] != mobile:
                row.warn(f"联系人手机：{mobile} 是座机号码，且已有座机号码 {values['phone']}（该值未导入）",
                         self.column_of.get("mobile"))
                del values["mobile"]
            else:
                del values["mobile"]
        formats.name_contact(values)

    def shown(self, key: str, value: object) -> str:
        """A value as the preview says it (a custom field's as its kind writes it, a sensitive one hidden)."""
        field = self.custom.get(key)
        return custom.shown(field, value) if field is not None else shown(key, value)

    def keep_aside(self, row: RowResult, key: str, value: object) -> str:
        """A set-aside value that is not personal data goes to the customer's notes (``memo``)."""
        field = self.custom.get(key)
        if key in MEMO_KEYS or (field is not None and not field.sensitive):
            add_memo(row.values, f"{self.label(key)}：{cells.plain(value)}")
            return "原值记入备注"
        return ""

    # ------------------------------------------------------------------ preview

    def resolve(self, rows: list[RowResult], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        conn = server_conn.connection()
        good = [r for r in rows if r.status != ERROR]
        by_code, by_name, by_mobile = self._lookup(conn, good)
        self.matched = (by_code, by_name, by_mobile)  # what the commit re-matches (:meth:`stale_rows`)
        existing = self._load_existing(conn, {*by_code.values(), *by_name.values(), *by_mobile.values()})
        file_code: dict[str, NewCustomer | ExistingCustomer] = {}
        file_name: dict[str, NewCustomer | ExistingCustomer] = {}
        file_mobile: dict[str, NewCustomer | ExistingCustomer] = {}
        self.new_customers: list[NewCustomer] = []
        self.existing = existing
        if existing:
            self.load_known_history(conn, existing)
        index_key = cells.index_key
        now = dt.datetime.now()
        named: Counter[str] = Counter()
        # a ledger without history or people columns (most) spares 100,000 calls that would find nothing
        mapped = set(self.mapping.values())
        with_history = not mapped.isdisjoint(HISTORY_KEYS)
        with_people = with_history or "account_manager" in mapped
        for index, row in enumerate(good):
            if cancelled is not None and index % 5000 == 0 and cancelled():
                raise OperationCancelled()
            values = row.values
            items = self.history_of(row, now) if with_history else []
            if with_people:
                self.count_staff(values, items, named)
            code = str(values.get("code") or "")
            norm = str(values["name_norm"])
            mobile = str(values.get("mobile") or "")
            # the same order as docs/spec.md §2: code, then name, then a contact's mobile; earlier rows first
            target: NewCustomer | ExistingCustomer | None = None
            how = ""
            if code:
                how = "code"
                target = file_code.get(code)
                if target is None and by_code:
                    target = existing.get(by_code.get(code, 0))
            if target is None:
                how = "name"
                target = file_name.get(norm)
                if target is None and by_name:
                    target = existing.get(by_name.get(norm, 0))
            if target is None and mobile:
                how = "mobile"
                target = file_mobile.get(mobile)
                if target is None and by_mobile:
                    target = existing.get(by_mobile.get(index_key(str(mobile)), 0))
            if target is None:
                target = NewCustomer(row)
                self.new_customers.append(target)
                if has_contact(values):
                    target.contacts.append(row)
                row.status = NEW
            elif isinstance(target, NewCustomer):
                self._merge_new(target, row, how)
            else:
                self._merge_existing(target, row, how)
            if items:
                self._with_history(target, row, items)
            row.link = target
            if code:
                file_code.setdefault(code, target)
            file_name.setdefault(norm, target)
            if mobile:
                file_mobile.setdefault(mobile, target)
        self._default_notices()
        self.staff_notice(named)

    def _with_history(self, target: NewCustomer | ExistingCustomer, row: RowResult, items: list[HistoryItem]) -> None:
        """Give the customer the row's history; a row that adds only history is not a duplicate."""
        added = self.add_history(target, items)
        if not added or row.status == ERROR:
            return
        if row.status == DUPLICATE:
            row.reasons = [r for r in row.reasons if not r.endswith("没有新信息")]
            row.status = UPDATE if isinstance(target, ExistingCustomer) else NEW
            where = f"系统中的客户 {target.code}“{target.name}”" if isinstance(target, ExistingCustomer) \
                else target.where()
            row.note(f"{where}：补充{'、'.join(added)}")
        else:
            row.note(f"同时导入{'、'.join(added)}")

    def _default_notices(self) -> None:
        """Tell the preview which new customers get a visible default for 客户类型 / 重要等级."""
        for key in DEFAULTED:
            missing = sum(1 for target in self.new_customers if not target.get(key))
            if missing:
                default = shown(key, getattr(Customer, key).default)
                where = "台账中没有这一列" if key not in self.column_of else "台账中这一栏为空"
                self.notices.append(f"{self.label(key)}：{missing} 位新客户{where}，按默认值“{default}”导入；"
                                    f"现状诊断报告中计为“未填（默认）”，请日后补录。")

    def stale_rows(self, conn: sqlite3.Connection, rows: list[RowResult]) -> list[RowResult]:
        """The rows whose preview decision the database no longer supports, re-matched inside the commit's
        transaction (under the import lock): a customer created, deleted or merged since the preview now
        answers (or no longer answers) a row's code, name or mobile, or a customer a row updates was
        changed since (its version). On a server the customers the rows update are locked until the commit,
        so nobody changes them while the import fills them in."""
        good = [r for r in rows if r.status != ERROR]
        if not good or not hasattr(self, "matched"):
            return []
        now = self._lookup(conn, good)
        edited = {id(row) for row in self.edited_rows(conn, good)}
        stale: list[RowResult] = []
        for row in good:
            values = row.values
            keys = (str(values.get("code") or ""), str(values["name_norm"]),
                    cells.index_key(str(values["mobile"])) if values.get("mobile") else "")
            moved = any(key and before.get(key) != after.get(key) for key, before, after in zip(keys, self.matched, now))
            if moved or id(row) in edited:
                stale.append(row)
        return stale

    def edited_rows(self, conn: sqlite3.Connection, rows: list[RowResult]) -> list[RowResult]:
        """The rows that update a customer changed since the preview (its version), the customers locked
        until the commit on a server (SQLite: the writer lock is held already)."""
        seen = getattr(self, "seen_versions", {})
        updates = [row for row in rows if row.status == UPDATE and row.target_id in seen]
        if not updates:
            return []
        lock = " FOR UPDATE" if server_conn.on_server(conn) else ""
        ids = sorted({int(row.target_id or 0) for row in updates})
        versions: dict[int, int] = dict(select_in(conn, "SELECT id, version FROM customer WHERE id IN ({marks})" + lock,
                                                  ids))
        return [row for row in updates if versions.get(int(row.target_id or 0)) != seen[int(row.target_id or 0)]]

    def _lookup(self, conn: sqlite3.Connection, rows: list[RowResult]) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Existing customers by code, by normalised name and by contact mobile (for the rows' keys)."""
        if conn.execute("SELECT 1 FROM customer LIMIT 1").fetchone() is None:
            return {}, {}, {}  # an empty database (a first import): nothing to look up
        codes = [r.values["code"] for r in rows if "code" in r.values]
        norms = [r.values["name_norm"] for r in rows]
        mobiles = [cells.index_key(str(r.values["mobile"])) for r in rows if "mobile" in r.values]
        by_code: dict[str, int] = {}
        for cid, code, merged_into in select_in(
                conn, "SELECT id, code, merged_into_id FROM customer WHERE code IN ({marks})", codes):
            by_code[code] = merged_into or cid
        by_name: dict[str, int] = {}
        for cid, norm in select_in(conn, "SELECT id, name_norm FROM customer WHERE name_norm IN ({marks}) "
                                         "AND deleted_at IS NULL AND merged_into_id IS NULL ORDER BY id", norms):
            by_name.setdefault(norm, cid)
        by_mobile: dict[str, int] = {}
        for cid, key in select_in(conn, "SELECT c.customer_id, c.mobile_key FROM contact c JOIN customer u "
                                        "ON u.id = c.customer_id WHERE c.mobile_key IN ({marks}) AND "
                                        "c.deleted_at IS NULL AND u.deleted_at IS NULL AND u.merged_into_id IS NULL "
                                        "ORDER BY c.customer_id", mobiles):
            by_mobile.setdefault(key, cid)
        return by_code, by_name, by_mobile

    def _load_existing(self, conn: sqlite3.Connection, ids: set[int]) -> dict[int, ExistingCustomer]:
        columns = ["id", "code", "name", "deleted_at", "total_order_fen", "version",
                   *(CUSTOMER_COLUMN.get(k, k) for k in CUSTOMER_FIELDS)]
        found: dict[int, ExistingCustomer] = {}
        self.seen_versions: dict[int, int] = {}  # the versions the preview planned against
        staff_names = {v: k for k, v in self.options.staff.items()}
        quoted = ", ".join(f'"{c}"' for c in columns)
        for record in select_in(conn, f"SELECT {quoted} FROM customer WHERE id IN ({{marks}})", sorted(ids)):
            data = dict(zip(columns, record))
            self.seen_versions[data["id"]] = data["version"]
            db = {k: data[CUSTOMER_COLUMN.get(k, k)] for k in CUSTOMER_FIELDS}
            db["account_manager"] = staff_names.get(data["account_manager_id"]) if data["account_manager_id"] else None
            if db["coop_start"]:
                db["coop_start"] = dt.date.fromisoformat(str(db["coop_start"])[:10])
            db["address"] = revealed("customer", "address", db["address"])
            db["total_order_fen"] = data["total_order_fen"]
            db["deleted"] = data["deleted_at"] is not None
            found[data["id"]] = ExistingCustomer(data["id"], data["code"], data["name"], db)
        for record in select_in(conn, "SELECT id, customer_id, name, title, mobile, phone, email, wechat, birthday, "
                                      "is_primary FROM contact WHERE customer_id IN ({marks}) AND deleted_at IS NULL "
                                      "ORDER BY id", sorted(found)):
            cid, customer_id, name, title, mobile, phone, email, wechat, birthday, primary = record
            if primary:
                found[customer_id].primary = (cid, name)
            mobile, phone, email, wechat, birthday = (revealed("contact", column, value) for column, value in
                                                      zip(("mobile", "phone", "email", "wechat", "birthday"),
                                                          (mobile, phone, email, wechat, birthday)))
            view = {"id": cid, "contact": name, "title": title, "mobile": mobile, "phone": phone, "email": email,
                    "wechat": wechat, "birthday": dt.date.fromisoformat(str(birthday)[:10]) if birthday else None}
            found[customer_id].contacts.append({k: v for k, v in view.items() if v not in ("", None)})
        for customer_id, tag in select_in(conn, "SELECT l.customer_id, t.name FROM customer_tag l JOIN tag t "
                                                "ON t.id = l.tag_id WHERE l.customer_id IN ({marks})", sorted(found)):
            found[customer_id].tags.add(tag)
        if self.customer_custom:  # the custom values they hold: filled when empty, never overwritten
            for customer_id, stored in custom.existing(conn, "customer", found, self.custom).items():
                found[customer_id].db.update(stored)
        if self.contact_custom:
            contact_ids = [int(c["id"]) for target in found.values() for c in target.contacts]  # type: ignore[call-overload]  # ids
            stored_by_contact = custom.existing(conn, "contact", contact_ids, self.custom)
            for target in found.values():
                for view in target.contacts:
                    view.update(stored_by_contact.get(int(view["id"]), {}))  # type: ignore[call-overload]  # an id
        return found

    def _identity_notes(self, target: NewCustomer | ExistingCustomer, row: RowResult, how: str) -> None:
        values = row.values
        if isinstance(target, NewCustomer):
            code, name, where = target.get("code"), target.first.values["name"], target.where()
        else:
            code, name, where = target.code, target.name, target.where()
        if values.get("code") and code and values["code"] != code:
            row.note(f"客户编号：{where}为“{code}”，本行为“{values['code']}”，未覆盖")
        if how != "name" and cells.company_key(str(name)) != values["name_norm"]:
            row.note(f"客户名称：{where}为“{name}”，本行为“{values['name']}”（按"
                     f"{'客户编号' if how == 'code' else '手机号码'}认定为同一客户），未覆盖")

    def _merge_new(self, target: NewCustomer, row: RowResult, how: str) -> None:
        values = row.values
        self._identity_notes(target, row, how)
        added: list[str] = []
        for key in (*CUSTOMER_FIELDS, "order_amount", "order_date", *self.customer_custom):
            if key not in values:
                continue
            current = target.get(key)
            if current is None:
                target.fill(key, values[key])
                added.append(self.label(key))
            elif current != values[key] and not _within(key, values[key], current):
                row.note(f"{self.label(key)}：{target.where()}为“{self.shown(key, current)}”，本行为"
                         f"“{self.shown(key, values[key])}”，未覆盖")
        if "code" in values and target.get("code") is None:
            target.fill("code", values["code"])
            added.append(self.label("code"))
        tags = [t for t in split_tags(str(values.get("tags", ""))) if t not in target.all_tags()]
        if tags:
            target.tags = [*(target.tags or []), *tags]
            added.append(f"标签 {'、'.join(tags)}")
        lines = [line for line in values.get("memo", ()) if line not in target.all_memo()]  # type: ignore[attr-defined]
        if lines:
            target.memo = [*(target.memo or []), *lines]
            added.append("备注")
        views = [target.contact_view(i) for i in range(len(target.contacts))]
        added += self._merge_contact(row, views, target.fill_contact, target.where(),
                                     lambda: target.contacts.append(row))
        row.target_id = None
        if added:
            row.status = NEW
            row.note(f"与{target.where()}为同一客户：补充{'、'.join(added)}")
        else:
            row.status = DUPLICATE
            row.note(f"与{target.where()}重复，没有新信息")


    def _merge_existing(self, target: ExistingCustomer, row: RowResult, how: str) -> None:
        values = row.values
        row.target_id = target.id
        if target.db.get("deleted"):
            row.refuse(f"客户编号：{target.code} 属于回收站中的客户“{target.name}”，请先在回收站中恢复或彻底删除",
                       self.column_of.get("code"))
            return
        self._identity_notes(target, row, how)
        added: list[str] = []
        for key in (*CUSTOMER_FIELDS, *self.customer_custom):
            if key not in values:
                continue
            current = target.get(key)
            if current is None:
                target.fills[key] = values[key]
                added.append(self.label(key))
            elif current != values[key] and not _within(key, values[key], current):
                row.note(f"{self.label(key)}：系统中为“{self.shown(key, current)}”，文件中为"
                         f"“{self.shown(key, values[key])}”，未覆盖")
        if "order_amount" in values:
            if target.order is None and not target.db.get("total_order_fen"):
                target.order = (int(values["order_amount"]),  # type: ignore[call-overload]
                                values.get("order_date") or values.get("coop_start"))
                added.append(self.label("order_amount"))
            elif target.order is None or target.order[0] != values["order_amount"]:
                current = target.order[0] if target.order else target.db.get("total_order_fen")
                row.note(f"{self.label('order_amount')}：系统中为“{shown('order_amount', current)}”，文件中为"
                         f"“{shown('order_amount', values['order_amount'])}”，未覆盖")
        tags = [t for t in split_tags(str(values.get("tags", ""))) if t not in target.tags and t not in target.tags_add]
        if tags:
            target.tags_add.extend(tags)
            added.append(f"标签 {'、'.join(tags)}")
        notes = str(target.db.get("notes") or "")
        lines = [line for line in values.get("memo", ()) if line not in notes.splitlines()  # type: ignore[attr-defined]
                 and line not in target.memo_add]
        if lines:
            target.memo_add.extend(lines)
            added.append("备注（追加）")
        count = len(target.contacts)
        views = target.contacts + target.new_contacts

        def fill(index: int, key: str, value: object) -> None:
            if index < count:
                target.contact_fills.setdefault(int(target.contacts[index]["id"]), {})[key] = value  # type: ignore[call-overload]
            views[index][key] = value

        def add() -> None:
            target.new_contacts.append({k: values[k] for k in (*CONTACT_FIELDS, "contact_status", "primary_flag",
                                                               *self.contact_custom) if k in values})

        added += self._merge_contact(row, views, fill, "系统中", add)
        if added:
            row.status = UPDATE
            row.note(f"更新客户 {target.code}“{target.name}”：补充{'、'.join(added)}")
        else:
            row.status = DUPLICATE
            row.note(f"与系统中的客户 {target.code}“{target.name}”重复，没有新信息")

    def _merge_contact(self, row: RowResult, views: list[dict[str, object]],
                       fill: Callable[[int, str, object], None], where: str,
                       add: Callable[[], None]) -> list[str]:
        values = row.values
        if not has_contact(values):
            return []
        index = contact_match(values, views)
        if index is None:
            add()
            return [f"联系人 {values.get('contact') or values.get('mobile') or ''}".strip()]
        view = views[index]
        added: list[str] = []
        who = view.get("contact") or ""
        for key in (*CONTACT_FIELDS, *self.contact_custom):
            if key not in values:
                continue
            current = view.get(key)
            if current in (None, "") or (key == "contact" and current in formats.PLACEHOLDERS
                                         and values[key] not in formats.PLACEHOLDERS):
                fill(index, key, values[key])
                added.append(f"{who}的{self.label(key)}")
            elif current != values[key]:
                old = mask_mobile(current) if key == "mobile" and where == "系统中" else self.shown(key, current)
                row.note(f"{self.label(key)}：{where}联系人{who}为“{old}”，本行为“{self.shown(key, values[key])}”，"
                         "未覆盖")
        return added


def _within(key: str, value: object, current: object) -> bool:
    """Whether a row's notes are already part of the customer's (an import appends lines to them)."""
    return key == "notes" and str(value) in str(current).splitlines()

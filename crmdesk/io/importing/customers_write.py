"""Writing a customer import (the commit half of ``customers``).

New customers go in as chunks of tuples holding only the columns the ledger fills
(:meth:`importer_sql.Table.statement`), with their contacts, orders, tags, one change-log
line each (written by SQLite from the inserted rows) and their search-index rows.
Existing customers get only what is still empty when the commit runs — the preview may
be minutes old — and every change is journaled with the previous values.

A ``type: ignore`` without a reason in this module reads a row value: ``RowResult.values`` is
``dict[str, object]``, each value of the type its field's converter gives.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import cast

from crmdesk.core.customers.service import FIELD_LABELS
from crmdesk.core.safety import secrets
from crmdesk.core.store import change_log
from crmdesk.core.store.models import Contact, Customer, CustomerTag, Order, Tag
from crmdesk.io.importing import cells, custom
from crmdesk.io.importing import search as importer_search
from crmdesk.io.importing.base import Options, RowResult
from crmdesk.io.importing.customer_plan import (
    CONTACT_COLUMN,
    CUSTOMER_COLUMN,
    CUSTOMER_FIELDS,
    DEFAULTED,
    ExistingCustomer,
    NewCustomer,
    shown,
    with_memo,
)
from crmdesk.io.importing.formats import PLACEHOLDERS
from crmdesk.io.importing.overlap import Helper
from crmdesk.io.importing.sql import CHUNK, BulkIndexes, Writer, db_value, sealed, select_in, suspended_trigger

PRIMARY_CONTACT_TRIGGER = "contact_primary_after_insert"


class CustomerWrites:
    """The commit of :class:`importer_customers.CustomerImporter` (a mixin: it shares its state)."""

    new_customers: list[NewCustomer]
    existing: dict[int, ExistingCustomer]
    mapping: dict[int, str]
    column_of: dict[str, int]
    label: Callable[[str], str]
    options: Options
    derived: set[str]  # fields rows fill without a column of their own
    custom: dict[str, custom.FieldDef]
    customer_custom: tuple[str, ...]
    contact_custom: tuple[str, ...]


    def planned_counts(self, rows: list[RowResult]) -> tuple[int, int]:
        changed = sum(1 for t in self.existing.values()
                      if t.fills or t.new_contacts or t.contact_fills or t.tags_add or t.order or t.memo_add
                      or t.history)
        return len(self.new_customers), changed

    def planned_inserts(self, rows: list[RowResult]) -> dict[str, int]:
        customers = len(self.new_customers)
        contacts = sum(len(t.contacts) for t in self.new_customers)
        # contact's indexes are rebuilt around the new-customer load itself (see _write_new)
        orders = customers if "order_amount" in self.column_of else 0
        return {"customer": customers, "change_log": customers, "import_journal": customers + contacts,
                "customer_tag": customers if "tags" in self.column_of else 0, "customer_order": orders}

    def write(self, writer: Writer, rows: list[RowResult]) -> tuple[int, int]:
        self.write_staff(writer, self.staff_plan)  # type: ignore[attr-defined]  # CustomerHistory's, mixed in beside
        created = self._write_new(writer)
        updated = self._write_existing(writer)
        self.write_history(writer)  # type: ignore[attr-defined]  # CustomerHistory's, mixed in beside
        for row in rows:  # every row of a new customer now knows its id
            if isinstance(row.link, NewCustomer):
                row.target_id = row.link.id
        return created, updated

    def _next_codes(self, writer: Writer, wanted: list[object]) -> list[str]:
        """New codes for the customers whose ``wanted`` code (the file's) is empty, after every code in use."""
        prefix = f"C{writer.stamp.year}"
        taken = {str(code) for code in wanted if code}
        count = len(wanted) - sum(1 for code in wanted if code)
        best = 0
        for (code,) in writer.conn.execute("SELECT code FROM customer WHERE code LIKE ?", [prefix + "%"]):
            if code[len(prefix):].isdigit():
                best = max(best, int(code[len(prefix):]))
        for code in taken:
            if code.startswith(prefix) and code[len(prefix):].isdigit():
                best = max(best, int(code[len(prefix):]))
        codes: list[str] = []
        while len(codes) < count:
            best += 1
            code = f"{prefix}{best:03d}"
            if code not in taken:
                codes.append(code)
        return codes

    def _tag_ids(self, writer: Writer, names: set[str]) -> dict[str, int]:
        ids = dict(select_in(writer.conn, "SELECT name, id FROM tag WHERE name IN ({marks})", sorted(names)))
        missing = sorted(names - ids.keys())
        if missing:
            table = writer.table(Tag)
            start = table.next_id(writer.conn)
            rows = [(start + i, name) for i, name in enumerate(missing)]
            writer.insert(Tag, rows)
            ids.update({name: tag_id for tag_id, name in rows})
        return ids

    def _write_new(self, writer: Writer) -> int:
        """Insert the new customers, their contacts, orders, tags, change log and search rows.

        Rows are built chunk by chunk as tuples of only the columns the ledger fills (the
        others are constants in the SQL, see :meth:`Table.statement`).
        """
        news = self.new_customers
        if not news:
            return 0
        conn, batch = writer.conn, writer.batch_id
        customer_t, contact_t, order_t = writer.table(Customer), writer.table(Contact), writer.table(Order)
        mapped = set(self.mapping.values()) | self.derived
        staff = self.options.staff
        # an account manager the user chose not to import as staff is kept in the notes
        unplaced = {id(t): f"客户经理：{t.get('account_manager')}（未设为员工）" for t in news
                    if t.get("account_manager") and t.get("account_manager") not in staff} \
            if "account_manager" in mapped else {}  # without the column: no need to ask 100,000 customers
        if unplaced or any(t.first.values.get("memo") or t.memo for t in news):
            mapped.add("notes")
        # 客户类型 and 重要等级 always get a value; one the ledger did not hold is the visible
        # default, remembered in customer.defaulted (docs/spec.md §6: no silent defaults)
        simple = [k for k in ("type", "importance", "industry", "size", "region", "address", "source_channel",
                              "purchase_intent", "product_preference", "budget_range", "notes")
                  if k in mapped or k in DEFAULTED]
        defaults = [customer_t.base[k] for k in simple]
        varying = ["id", "code", "name", "name_norm", *simple, "defaulted"]
        notes_at = 4 + simple.index("notes") if "notes" in simple else -1
        assert DEFAULTED == ("type", "importance")  # spelled out per row in build() for speed
        flagged = "primary_flag" in mapped
        manager_column = "account_manager" in mapped
        coop_column = "coop_start" in mapped
        order_column = "order_amount" in mapped
        varying += ["account_manager_id"] * manager_column + ["coop_start"] * coop_column
        varying += ["total_order_fen"] * order_column
        # customer.primary_contact (schema 3) is kept by a trigger on contact; for new customers
        # the import knows the value and writes it itself, sparing 100,000 trigger runs
        keeps_primary = "primary_contact" in customer_t.columns
        varying += ["primary_contact"] * keeps_primary
        customer_sql = customer_t.statement(varying, {"batch_id": batch})
        contact_columns = ["id", "customer_id", "name", "title", "mobile", "mobile_key", "mobile_tail", "phone",
                           "email", "wechat", "birthday", "is_primary", "has_left"]
        contact_sql = contact_t.statement(contact_columns, {"batch_id": batch})
        codes = iter(self._next_codes(writer, [t.get("code") for t in news]))
        ids = {"customer": customer_t.next_id(conn), "contact": contact_t.next_id(conn)}
        today = writer.stamp.date().isoformat()
        orders: list[tuple] = []
        tag_plan: list[tuple[int, list[str]]] = []
        address_at = 4 + simple.index("address") if "address" in simple else -1
        clock = writer.clock
        fields = self.custom

        def build(part: list[NewCustomer]) -> _Built:
            """One chunk's rows, in the helper thread (pure Python: no database, no phase clock)."""
            started = time.thread_time()
            customers: list[list] = []
            contacts: list[tuple] = []
            custom_rows: list[tuple] = []  # the custom values of the chunk's customers and contacts
            docs: list[importer_search.DocParts] = []  # what the index text is made of
            next_contact = ids["contact"]
            for cid, target in enumerate(part, start=ids["customer"]):
                first = target.first.values
                values = {**first, **target.extra} if target.extra else first
                target.id = target.first.target_id = cid
                target.code = code = str(values.get("code") or next(codes))
                name = values["name"]
                row = [cid, code, name, first["name_norm"], *map(values.get, simple, defaults)]
                kind, level = values.get("type"), values.get("importance")
                row.append("" if kind and level else "type" if level else "importance" if kind else
                           "type,importance")  # the order of DEFAULTED
                if notes_at >= 0 and (first.get("memo") or target.memo or (unplaced and id(target) in unplaced)):
                    extra = [unplaced[id(target)]] if id(target) in unplaced else []
                    row[notes_at] = with_memo(values.get("notes"), [*target.all_memo(), *extra])
                if manager_column:
                    row.append(staff.get(str(values.get("account_manager") or "")))
                if coop_column:
                    day = values.get("coop_start")
                    row.append(day.isoformat() if day else None)  # type: ignore[attr-defined]
                if order_column:
                    fen = values.get("order_amount", 0)
                    row.append(fen)
                    if fen:
                        day = values.get("order_date") or values.get("coop_start")
                        orders.append((cid, day.isoformat() if day else today, fen))  # type: ignore[attr-defined]
                # the contact the file marks as key decision maker (是否关键决策人) is the primary one
                chief = next((i for i, c in enumerate(target.contacts) if c.values.get("primary_flag") is True),
                             0) if flagged else 0
                if keeps_primary:
                    primary = target.contact_view(chief) if target.contacts else None
                    row.append(primary.get("contact", "") if primary is not None else None)
                customers.append(row)
                if self.customer_custom:
                    custom_rows.extend(custom.rows(cid, custom.row_values(values, fields, "customer"), fields, batch))
                names: list[str] = []
                for index, contact in enumerate(target.contacts):
                    view = target.contact_view(index) if target.contact_extra else contact.values
                    birthday = view.get("birthday")
                    person = str(view.get("contact") or "")  # a new contact has a name
                    names.append(person)
                    # the personal columns in clear; sealed a column at a time below
                    contacts.append((next_contact, cid, person, view.get("title", ""), view.get("mobile", ""),
                                     view.get("phone", ""), view.get("email", ""), view.get("wechat", ""),
                                     birthday.isoformat() if birthday else "",  # type: ignore[attr-defined]
                                     int(index == chief), int(view.get("contact_status") is True)))
                    if self.contact_custom:
                        custom_rows.extend(custom.rows(next_contact, custom.row_values(view, fields, "contact"),
                                                       fields, batch))
                    next_contact += 1
                tags = target.all_tags() if "tags" in mapped else []
                if tags:
                    tag_plan.append((cid, tags))
                words = [*tags, *custom.search_words(values, fields)] if self.customer_custom else tags
                docs.append((cid, code, str(name), names, words))
            ids["customer"] += len(part)
            ids["contact"] = next_contact
            built = _Built(customers, custom_rows)
            sealing = time.thread_time()
            if address_at >= 0:
                for row, address in zip(customers, secrets.seal_column("customer", "address", [
                        str(row[address_at] or "") for row in customers])):
                    row[address_at] = address
            built.contacts = _sealed_contacts(contacts)
            indexing = time.thread_time()
            built.index = list(importer_search.json_blocks(docs))
            built.cpu = {"beside: build": sealing - started, "beside: encrypt": indexing - sealing,
                         "beside: index text": time.thread_time() - indexing}
            return built

        contact_count = sum(len(t.contacts) for t in news)
        parts = [news[start:start + CHUNK] for start in range(0, len(news), CHUNK)]
        with suspended_trigger(conn, PRIMARY_CONTACT_TRIGGER, enabled=keeps_primary), \
                BulkIndexes(conn, {"contact": contact_count}, writer.clock):
            # A helper thread builds (and seals, and makes the index text of) chunk k+1 while this
            # thread fills chunk k's full-text and bigram rows: single statements that run without
            # the GIL (``overlap``). The executemany of chunk k waits for the helper to be idle:
            # its many short steps would otherwise trade the GIL with it at every row.
            ahead: Helper | None = Helper(partial(build, parts[0])).start()
            for index in range(len(parts)):
                assert ahead is not None
                built = cast(_Built, ahead.join()[0])
                for phase, seconds in built.cpu.items():
                    clock.add(phase, seconds)
                ahead = Helper(partial(build, parts[index + 1])).start() if index + 1 < len(parts) else None
                try:
                    with clock.during("index"):
                        for _count, trigrams, bigrams in built.index:
                            importer_search.insert_json(conn, trigrams, bigrams)
                finally:
                    if ahead is not None:
                        ahead.wait()  # its own error, if any, is raised by the join above next round
                writer.insert(Customer, built.customers, sql=customer_sql)
                writer.insert(Contact, built.contacts, sql=contact_sql)
                if built.custom_rows:
                    custom.insert(writer, built.custom_rows)
                writer.step(len(built.customers))
        if orders:
            start = order_t.next_id(conn)
            writer.insert(Order, [(start + i, *o) for i, o in enumerate(orders)],
                          sql=order_t.statement(["id", "customer_id", "date", "amount_fen"],
                                                {"product": "历史订单（导入）", "batch_id": batch}))
        if tag_plan:
            tag_ids = self._tag_ids(writer, {t for _cid, tags in tag_plan for t in tags})
            start = writer.table(CustomerTag).next_id(conn)
            links = [(cid, tag_ids[tag]) for cid, tags in tag_plan for tag in tags]
            writer.insert(CustomerTag, [(start + i, *link) for i, link in enumerate(links)])
        # one change-log line per new customer, written by SQLite itself (with the index rebuild)
        writer.defer("INSERT INTO change_log (customer_id, entity, entity_id, field, old_value, new_value, reason, "
                     "operator_id, operator_name, at, batch_id) SELECT id, 'customer', id, ?, '', code, ?, ?, ?, ?, ? "
                     "FROM customer WHERE batch_id = ?",
                     (FIELD_LABELS["code"], writer.reason, writer.operator_id, writer.operator_name, writer.stamp_text,
                      batch, batch))
        return len(news)

    def _write_existing(self, writer: Writer) -> int:
        changed = [t for t in self.existing.values()
                   if t.fills or t.new_contacts or t.contact_fills or t.tags_add or t.order or t.memo_add
                   or t.history]
        if not changed:
            return 0
        conn, stamp = writer.conn, writer.stamp
        staff = self.options.staff
        columns = ["id", *(CUSTOMER_COLUMN.get(k, k) for k in CUSTOMER_FIELDS), "total_order_fen", "updated_at"]
        quoted = ", ".join(f'"{c}"' for c in columns)
        current = {r[0]: dict(zip(columns, r)) for r in select_in(
            conn, f"SELECT {quoted} FROM customer WHERE id IN ({{marks}})", [t.id for t in changed])}
        contact_t, order_t = writer.table(Contact), writer.table(Order)
        next_contact, next_order = contact_t.next_id(conn), order_t.next_id(conn)
        all_tags = {tag for t in changed for tag in t.tags_add}
        tag_ids = self._tag_ids(writer, all_tags) if all_tags else {}
        link_t = writer.table(CustomerTag)
        next_link = link_t.next_id(conn)
        updated = 0
        for target in changed:
            now_values = current.get(target.id)
            if now_values is None:
                continue  # deleted meanwhile
            new: dict[str, object] = {}
            old: dict[str, object] = {}
            custom_fills = {k: v for k, v in target.fills.items() if k in self.custom}
            if custom_fills:
                self._fill_custom(writer, "customer", target.id, target.id, custom_fills)
            for key, value in target.fills.items():
                if key in custom_fills:
                    continue
                column = CUSTOMER_COLUMN.get(key, key)
                if key == "account_manager":
                    value = staff.get(str(value))
                    if value is None:  # left out by the user: nothing to set
                        continue
                if now_values[column] in ("", None):
                    new[column] = db_value(value)
                    old[column] = now_values[column]
                    self._log(writer, target.id, key, "", value)
            if target.order is not None and not now_values["total_order_fen"]:
                fen, day = target.order
                writer.insert(Order, [(next_order, target.id, (day or stamp.date()).isoformat(),  # type: ignore[attr-defined]
                                       "历史订单（导入）", fen, "", writer.stamp_text, writer.batch_id)])
                next_order += 1
                new["total_order_fen"] = fen
                old["total_order_fen"] = now_values["total_order_fen"]
                self._log(writer, target.id, "order_amount", "", fen)
            if target.memo_add:
                current_notes = new.get("notes", now_values["notes"])
                appended = with_memo(current_notes, target.memo_add)
                if appended != (current_notes or ""):
                    old.setdefault("notes", now_values["notes"])
                    new["notes"] = appended
                    self._log(writer, target.id, "notes", current_notes or "", appended)
            if new:
                new["updated_at"], old["updated_at"] = writer.stamp_text, now_values["updated_at"]
                writer.update(Customer, target.id, sealed("customer", new), old)
            for contact_id, fills in target.contact_fills.items():
                columns_now = conn.execute("SELECT name, title, mobile, phone, email, wechat, birthday, updated_at "
                                           "FROM contact WHERE id = ?", (contact_id,)).fetchone()
                if columns_now is None:
                    continue
                now_contact = dict(zip(("contact", "title", "mobile", "phone", "email", "wechat", "birthday",
                                        "updated_at"), columns_now))
                c_new: dict[str, object] = {}
                c_old: dict[str, object] = {}
                contact_custom = {k: v for k, v in fills.items() if k in self.custom}
                if contact_custom:
                    self._fill_custom(writer, "contact", contact_id, target.id, contact_custom,
                                      who=str(now_contact["contact"]))
                for key, value in fills.items():
                    if key in contact_custom:
                        continue
                    column = CONTACT_COLUMN.get(key, key)
                    # empty, or a name an earlier import had to make up (总机, （未留姓名）)
                    if now_contact[key] in ("", None) or (key == "contact" and now_contact[key] in PLACEHOLDERS):
                        c_new[column] = db_value(value)
                        c_old[column] = now_contact[key]
                        if key == "mobile":
                            c_new["mobile_key"], c_new["mobile_tail"] = cells.index_keys(str(value))
                            c_old["mobile_key"], c_old["mobile_tail"] = "", ""
                        self._log(writer, target.id, key, now_contact[key] or "", value, entity="contact",
                                  entity_id=contact_id, who=str(now_contact["contact"]))
                if c_new:
                    c_new["updated_at"], c_old["updated_at"] = writer.stamp_text, now_contact["updated_at"]
                    writer.update(Contact, contact_id, sealed("contact", c_new), c_old)
            rows: list[tuple] = []
            new_custom: list[tuple] = []
            # a new contact the file marks as key decision maker takes over from a made-up primary one
            chief = next((i for i, view in enumerate(target.new_contacts) if view.get("primary_flag") is True), None)
            promote = chief is not None and (target.primary is None or target.primary[1] in PLACEHOLDERS)
            if promote and target.primary is not None:
                writer.update(Contact, target.primary[0], {"is_primary": 0}, {"is_primary": 1})
                self._log(writer, target.id, "主联系人", target.primary[1],
                          target.new_contacts[chief].get("contact", ""))  # type: ignore[index]
            for index, view in enumerate(target.new_contacts):
                mobile = str(view.get("mobile", ""))
                key, tail = cells.index_keys(mobile)
                birthday = view.get("birthday")
                rows.append(contact_t.row(sealed("contact", {
                    "id": next_contact, "customer_id": target.id, "name": view.get("contact", ""),
                    "title": view.get("title", ""), "mobile": mobile, "mobile_key": key, "mobile_tail": tail,
                    "phone": view.get("phone", ""), "email": view.get("email", ""), "wechat": view.get("wechat", ""),
                    "birthday": birthday.isoformat() if birthday else "",  # type: ignore[attr-defined]
                    "is_primary": int(index == chief) if promote else (1 if not target.contacts and not rows else 0),
                    "has_left": int(view.get("contact_status") is True), "batch_id": writer.batch_id})))
                self._log(writer, target.id, "contact", "", view.get("contact", ""), entity="contact",
                          entity_id=next_contact)
                if self.contact_custom:
                    new_custom.extend(custom.rows(next_contact, custom.row_values(view, self.custom, "contact"),
                                                  self.custom, writer.batch_id))
                next_contact += 1
            if rows:
                writer.insert(Contact, rows)
                if new_custom:
                    custom.insert(writer, new_custom)
                    new_custom.clear()
            if target.tags_add:
                links = []
                for tag in target.tags_add:
                    links.append((next_link, target.id, tag_ids[tag]))
                    next_link += 1
                writer.insert(CustomerTag, links)
                self._log(writer, target.id, "tags", "、".join(sorted(target.tags)),
                          "、".join([*sorted(target.tags), *target.tags_add]))
            if rows or target.tags_add or target.contact_fills:
                writer.reindex_ids.add(target.id)
            updated += 1
            writer.step(1)
        return updated

    def _fill_custom(self, writer: Writer, entity: str, entity_id: int, customer_id: int, fills: dict[str, object],
                     *, who: str = "") -> None:
        """Give an existing record the custom values it still lacks at commit time (never overwriting)."""
        current = custom.existing(writer.conn, entity, [entity_id], self.custom).get(entity_id, {})
        todo = {key: value for key, value in fills.items() if current.get(key) in (None, "")}
        if not todo:
            return
        custom.insert(writer, custom.rows(entity_id, todo, self.custom, writer.batch_id))
        for key, value in todo.items():
            self._log(writer, customer_id, key, "", value, entity=entity, entity_id=entity_id, who=who)
        if entity == "customer" and any(self.custom[key].searchable for key in todo):
            writer.reindex_ids.add(customer_id)

    def _log(self, writer: Writer, customer_id: int, key: str, old: object, new: object, *, entity: str = "customer",
             entity_id: int | None = None, who: str = "") -> None:
        label = FIELD_LABELS.get(key, self.label(key))
        if who:
            label = f"{FIELD_LABELS['contact']}{who}·{label}"
        field = self.custom.get(key)
        if field is not None:  # a custom field: its own name, its value as its kind writes it
            label = f"{FIELD_LABELS['contact']}{who}·{field.label}" if who else field.label
        text = custom.shown(field, new) if field is not None else shown(key, new)
        if key in change_log.PERSONAL_FIELDS:  # never a personal value in clear in the change log
            text = change_log.masked_for_log(key, text)
        writer.conn.execute(
            "INSERT INTO change_log (customer_id, entity, entity_id, field, old_value, new_value, reason, operator_id, "
            "operator_name, at, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (customer_id, entity, entity_id if entity_id is not None else customer_id, label, str(old), text,
             writer.reason, writer.operator_id, writer.operator_name, writer.stamp_text, writer.batch_id))


class _Built:
    """One chunk of new customers made ready by the helper thread of ``_write_new``: the customer
    rows, the contact rows (sealed), their custom values, the index blocks and the helper's CPU
    seconds by kind of work."""

    __slots__ = ("contacts", "cpu", "custom_rows", "customers", "index")

    def __init__(self, customers: list[list], custom_rows: list[tuple]) -> None:
        self.customers = customers
        self.custom_rows = custom_rows
        self.contacts: list[tuple] = []
        self.index: list[tuple[int, str, str]] = []
        self.cpu: dict[str, float] = {}


SEALED_CONTACT = ("mobile", "phone", "email", "wechat", "birthday")  # the contact columns sealed when encrypted


def _sealed_contacts(clear: list[tuple]) -> list[tuple]:
    """Contact rows ``(id, customer, name, title, mobile, phone, email, wechat, birthday, primary, left)``
    in clear → the ``contact_columns`` of ``_write_new``: the phone index keys added, the personal
    columns sealed a column at a time (``secrets.seal_column``) when the database is encrypted."""
    if not clear:
        return []
    ids, customers, names, titles, mobiles, phones, emails, wechats, birthdays, primary, left = zip(*clear)
    cipher = secrets.current()
    keys, tails = zip(*map(cipher.index_keys, mobiles))
    if cipher.encrypted:
        mobiles, phones, emails, wechats, birthdays = (  # type: ignore[assignment]
            secrets.seal_column("contact", column, values)
            for column, values in zip(SEALED_CONTACT, (mobiles, phones, emails, wechats, birthdays)))
    return list(zip(ids, customers, names, titles, mobiles, keys, tails, phones, emails, wechats, birthdays, primary,
                    left))

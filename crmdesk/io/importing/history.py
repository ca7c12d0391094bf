"""Importing history: interactions (客户互动跟踪表), surveys, and the rules tickets share (importer_tickets).

History rows keep their original dates and staff names: the staff name is stored as
text (``assignee_name`` / ``staff_name``) and linked to an existing staff member of the
same name; the person importing never becomes their author. Each row is linked to a
customer by code or name; an unknown customer is an error unless the user asked to
create missing customers (then one customer per distinct name, with the row's contact).

A ``type: ignore`` without a reason in this module reads a row value: ``RowResult.values`` is
``dict[str, object]``, each value of the type its field's converter gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import cast

from crmdesk.core.customers.service import FIELD_LABELS
from crmdesk.core.store.enums import Enumeration
from crmdesk.core.store.models import (
    FOLLOWUP_METHODS,
    SURVEY_METHODS,
    ChangeLog,
    Contact,
    Customer,
    Interaction,
    Survey,
)
from crmdesk.io.importing import cells, server_conn
from crmdesk.io.importing.base import DUPLICATE, ERROR, NEW, KindImporter, RowResult
from crmdesk.io.importing.sql import Writer, db_value, revealed, sealed, select_in

_OTHER = "other:"  # prefix of a channel/category spelling that is not in the list


def _choices(labels: Enumeration, extra: dict[str, str]) -> dict[str, str]:
    """A choice column's spellings: the template's (Chinese) labels, the stored values, the ledgers' own words."""
    return {**{label: key for key, label in labels.data_labels().items()}, **{key: key for key in labels}, **extra}


# spellings of the choice columns found in old ledgers, beside the template's own labels
METHODS = _choices(FOLLOWUP_METHODS, {"来电": "phone", "去电": "phone", "致电": "phone", "电联": "phone",
                                      "电话沟通": "phone", "拜访": "visit", "走访": "visit", "面谈": "visit",
                                      "上门拜访": "visit", "现场": "visit", "电子邮件": "email", "email": "email",
                                      "企业微信": "wechat", "微信沟通": "wechat", "信息": "sms"})
SURVEY_WAYS = _choices(SURVEY_METHODS, {"电话回访": "phone", "电访": "phone", "问卷调查": "questionnaire",
                                        "在线问卷": "questionnaire", "微信问卷": "questionnaire",
                                        "电子邮件": "email", "现场": "visit", "拜访": "visit"})


def _lenient(field: str, table: Mapping[str, str], labels: Mapping[str, str]) -> cells.Converter:
    """A choice whose unknown spellings are imported as 其他 (noted on the row)."""
    strict = cells.choice(field, table, list(labels.values()))

    def convert(value: object) -> str:
        try:
            return strict(value)  # type: ignore[return-value]  # the strict choice gives text
        except cells.FieldError:
            return _OTHER + cells.plain(value)

    return convert


class _NewCustomer:
    """A customer created because history rows name one that does not exist yet."""

    __slots__ = ("code", "contact_ids", "contacts", "first_row", "id", "name")

    def __init__(self, name: str, code: str, first_row: int) -> None:
        self.name = name
        self.code = code
        self.first_row = first_row
        self.contacts: dict[str, tuple[str, str]] = {}  # contact name → (mobile, landline)
        self.contact_ids: dict[str, int] = {}  # contact name → id, once written
        self.id = 0

    def add_contact(self, name: object, number: object) -> None:
        if not name or str(name) in self.contacts:
            return
        text = str(number or "")
        self.contacts[str(name)] = ("", text) if "-" in text else (text, "")


class HistoryImporter(KindImporter):
    """Shared by tickets, interactions and surveys: the customer link and new customers."""

    def converter(self, key: str, header: str) -> cells.Converter:
        label = self.label(key)
        if key in ("customer_code", "number", "ticket_number"):
            return cells.code(label)
        if key == "customer_name":
            return cells.text(label, 200)
        if key in ("contact", "assignee", "staff"):
            return cells.text(label, 50)
        if key == "contact_phone":
            return cells.phone(label)
        return cells.text(label)

    def check(self, row: RowResult) -> None:
        values = row.values
        if "customer_code" not in values and "customer_name" not in values and not row.bad_columns:
            column = self.column_of.get("customer_code", self.column_of.get("customer_name"))
            row.refuse("客户编号或客户名称：必填，不能为空", column)

    def link_customers(self, rows: list[RowResult]) -> None:
        """Set ``row.link`` to a customer id or a :class:`_NewCustomer`; refuse unknown customers."""
        conn = server_conn.connection()
        by_code: dict[str, tuple[int, bool]] = {}
        for cid, code, deleted, merged in select_in(
                conn, "SELECT id, code, deleted_at, merged_into_id FROM customer WHERE code IN ({marks})",
                [r.values["customer_code"] for r in rows if "customer_code" in r.values]):
            by_code[code] = (merged or cid, deleted is not None)
        norms = {r.values["customer_name"]: cells.company_key(str(r.values["customer_name"]))
                 for r in rows if "customer_name" in r.values}
        by_name: dict[str, int] = {}
        for cid, norm in select_in(conn, "SELECT id, name_norm FROM customer WHERE name_norm IN ({marks}) AND "
                                         "deleted_at IS NULL AND merged_into_id IS NULL ORDER BY id", norms.values()):
            by_name.setdefault(norm, cid)
        self.new_customers: dict[str, _NewCustomer] = {}
        create = self.options.create_missing_customers
        for row in rows:
            values = row.values
            code, name = values.get("customer_code"), values.get("customer_name")
            found = by_code.get(str(code)) if code else None
            if found is not None and found[1]:
                row.refuse(f"客户编号：{code} 属于回收站中的客户，请先恢复", self.column_of.get("customer_code"))
                continue
            customer = found[0] if found else (by_name.get(norms[name]) if name else None)
            if customer is not None:
                row.link = row.target_id = customer
                continue
            key = norms[name] if name else ""
            if create and key:
                placeholder = self.new_customers.get(key) or self.new_customers.get(f"code:{code}")
                if placeholder is None:
                    placeholder = _NewCustomer(str(name), str(code or ""), row.source_row)
                    self.new_customers[key] = placeholder
                    if code:
                        self.new_customers[f"code:{code}"] = placeholder
                row.link = placeholder
                placeholder.add_contact(values.get("contact"), values.get("contact_phone"))
                row.note(f"将新建客户“{placeholder.name}”" if placeholder.first_row == row.source_row
                         else f"客户“{placeholder.name}”将由第{placeholder.first_row}行新建")
                continue
            if code and not name:
                row.refuse(f"客户编号：系统中没有客户“{code}”", self.column_of.get("customer_code"))
            else:
                column = self.column_of.get("customer_name", self.column_of.get("customer_code"))
                row.refuse(f"客户名称：系统中没有客户“{name or code}”（可在导入时选择“自动创建缺少的客户”）", column)

    def planned_inserts(self, rows: list[RowResult]) -> dict[str, int]:
        return {self.tables[0]: sum(1 for r in rows if r.status == NEW)}

    def customer_id(self, row: RowResult) -> int:
        link = row.link
        return link.id if isinstance(link, _NewCustomer) else int(link)  # type: ignore[call-overload]  # an id

    @staticmethod
    def mark_duplicate(row: RowResult, key: tuple, existing: set, seen: dict, in_database: str) -> None:
        """NEW, or DUPLICATE of a record in the database (``in_database`` says which) or of an earlier row."""
        if key in existing:
            row.status = DUPLICATE
            row.note(in_database)
        elif key in seen:
            row.status = DUPLICATE
            row.note(f"与第{seen[key]}行重复")
        else:
            seen[key] = row.source_row
            row.status = NEW

    def write_new_customers(self, writer: Writer) -> None:
        """Create the customers that history rows asked for, with their contacts."""
        placeholders = list(dict.fromkeys(self.new_customers.values()))
        if not placeholders:
            return
        conn = writer.conn
        customer_t, contact_t, log_t = writer.table(Customer), writer.table(Contact), writer.table(ChangeLog)
        next_id, next_contact = customer_t.next_id(conn), contact_t.next_id(conn)
        prefix = f"C{writer.stamp.year}"
        taken = [c for (c,) in conn.execute("SELECT code FROM customer WHERE code LIKE ?", [prefix + "%"])]
        taken += [t.code for t in placeholders if t.code.startswith(prefix)]
        best = max([int(c[len(prefix):]) for c in taken if c[len(prefix):].isdigit()] or [0])
        customers: list[tuple] = []
        contacts: list[tuple] = []
        logs: list[tuple] = []
        docs: list[tuple[int, str, str, list[str], list[str]]] = []
        for target in placeholders:
            target.id = next_id
            next_id += 1
            if not target.code:
                best += 1
                target.code = f"{prefix}{best:03d}"
            customers.append(customer_t.row({"id": target.id, "code": target.code, "name": target.name,
                                             "name_norm": cells.company_key(target.name),
                                             "batch_id": writer.batch_id}))
            logs.append(log_t.row({"customer_id": target.id, "entity": "customer", "entity_id": target.id,
                                   "field": FIELD_LABELS["code"], "new_value": target.code, "reason": writer.reason,
                                   "operator_id": writer.operator_id, "operator_name": writer.operator_name,
                                   "at": writer.stamp_text, "batch_id": writer.batch_id}))
            for index, (name, (mobile, phone)) in enumerate(target.contacts.items()):
                key, tail = cells.index_keys(mobile)
                contacts.append(contact_t.row(sealed("contact", {
                    "id": next_contact, "customer_id": target.id, "name": name, "mobile": mobile, "mobile_key": key,
                    "mobile_tail": tail, "phone": phone, "is_primary": int(index == 0), "batch_id": writer.batch_id})))
                target.contact_ids[name] = next_contact
                next_contact += 1
            docs.append((target.id, target.code, target.name, list(target.contacts), []))
        writer.insert(Customer, customers)
        writer.insert(Contact, contacts)
        writer.insert(ChangeLog, logs)
        writer.search_docs.extend(docs)  # indexed with the commit's other new customers

    def contacts_of(self, customer_ids: list[int]) -> dict[int, list[tuple[int, str, str]]]:
        """(id, name, mobile) of the existing contacts of the given customers."""
        out: dict[int, list[tuple[int, str, str]]] = {}
        for cid, customer_id, name, mobile in select_in(
                server_conn.connection(), "SELECT id, customer_id, name, mobile FROM contact WHERE customer_id IN "
                                             "({marks}) AND deleted_at IS NULL ORDER BY id", customer_ids):
            out.setdefault(customer_id, []).append((cid, name, str(revealed("contact", "mobile", mobile))))
        return out

    def staff_id(self, name: object) -> int | None:
        return self.options.staff.get(str(name)) if name else None


# --------------------------------------------------------------------------- tickets


# --------------------------------------------------------------------------- interactions


class InteractionImporter(HistoryImporter):
    """客户互动记录: logged contacts with their original time and staff name."""

    kind = "interactions"
    tables = ("interaction", "customer")
    strict = frozenset({"customer_code", "customer_name", "at", "summary"})

    def converter(self, key: str, header: str) -> cells.Converter:
        label = self.label(key)
        if key == "at":
            return cells.moment(label, dayfirst=self.options.dayfirst, not_after_now=True)
        if key == "method":
            return cells.choice(label, METHODS, list(FOLLOWUP_METHODS.values()))
        return super().converter(key, header)

    def keep_aside(self, row: RowResult, key: str, value: object) -> str:
        return f"按“{FOLLOWUP_METHODS['phone']}”导入" if key == "method" else ""

    def check(self, row: RowResult) -> None:
        super().check(row)
        self.require(row, "at")
        self.require(row, "summary")

    def resolve(self, rows: list[RowResult], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        good = [r for r in rows if r.status != ERROR]
        self.link_customers(good)
        conn = server_conn.connection()
        ids = [r.link for r in good if isinstance(r.link, int)]
        existing = {(cid, str(at)[:19], summary) for cid, at, summary in select_in(
            conn, "SELECT customer_id, at, summary FROM interaction WHERE customer_id IN ({marks})", ids)}
        seen: dict[tuple, int] = {}
        for row in good:
            if row.status == ERROR:
                continue
            key = (row.link if isinstance(row.link, int) else id(row.link), db_value(row.values["at"]),
                   row.values["summary"])
            self.mark_duplicate(row, key, existing, seen, "系统中已有同一客户、同一时间、同样内容的互动记录")

    def write(self, writer: Writer, rows: list[RowResult]) -> tuple[int, int]:
        self.write_new_customers(writer)
        todo = [r for r in rows if r.status == NEW]
        known = self.contacts_of([r.link for r in todo if isinstance(r.link, int)])
        table = writer.table(Interaction)
        next_id = table.next_id(writer.conn)
        out = []
        latest: dict[int, dt.datetime] = {}
        for row in todo:
            v = row.values
            customer = self.customer_id(row)
            contact = next((cid for cid, name, _m in known.get(customer, ()) if name == v.get("contact")), None)
            out.append(table.row({k: db_value(x) for k, x in {
                "id": next_id, "customer_id": customer, "contact_id": contact, "at": v["at"],
                "method": v.get("method", "phone"), "summary": v["summary"], "feedback": v.get("feedback", ""),
                "next_step": v.get("next_step", ""), "staff_id": self.staff_id(v.get("staff")),
                "staff_name": v.get("staff", ""), "batch_id": writer.batch_id}.items()}))
            row.target_id = next_id
            next_id += 1
            at = v["at"]
            if customer not in latest or at > latest[customer]:  # type: ignore[operator]
                latest[customer] = at  # type: ignore[assignment]
        writer.insert(Interaction, out)
        for customer, current in select_in(writer.conn, "SELECT id, last_contact_at FROM customer WHERE id IN "
                                                        "({marks})", sorted(latest)):
            if current is None or str(current)[:19] < db_value(latest[customer]):  # type: ignore[operator]
                writer.update(Customer, customer, {"last_contact_at": latest[customer]}, {"last_contact_at": current})
        writer.step(len(out))
        return len(out), 0


# --------------------------------------------------------------------------- surveys


class SurveyImporter(HistoryImporter):
    """满意度调查: scores 1–5 per dimension, with the original date and interviewer."""

    kind = "surveys"
    tables = ("survey", "customer")
    strict = frozenset({"customer_code", "customer_name", "date"})
    SCORES = ("quality", "response", "communication", "professionalism", "overall")

    def converter(self, key: str, header: str) -> cells.Converter:
        label = self.label(key)
        if key == "date":
            return cells.date(label, dayfirst=self.options.dayfirst, not_after_today=True)
        if key == "method":
            return cells.choice(label, SURVEY_WAYS, list(SURVEY_METHODS.values()))
        if key in self.SCORES:
            return cells.score(label)
        return super().converter(key, header)

    def keep_aside(self, row: RowResult, key: str, value: object) -> str:
        return f"按“{SURVEY_METHODS['phone']}”导入" if key == "method" else ""

    def set_aside(self, row: RowResult, key: str, column: int, reason: str, value: object) -> None:
        if key in self.SCORES:  # a bad score is optional only while the row has another score
            row.values.setdefault("_bad_scores", []).append((reason, column))  # type: ignore[attr-defined]  # a list
        super().set_aside(row, key, column, reason, value)

    def check(self, row: RowResult) -> None:
        super().check(row)
        self.require(row, "date")
        # (reason, column) of each bad score, kept on the row by set_aside above
        bad_scores = cast("list[tuple[str, int]]", row.values.pop("_bad_scores", []))
        if not any(key in row.values for key in self.SCORES):
            if bad_scores:
                row.warnings = [w for w in row.warnings if not any(w.startswith(r) for r, _c in bad_scores)]
                for reason, column in bad_scores:
                    row.refuse(reason, column)
            elif not row.bad_columns:
                first = next((self.column_of[k] for k in self.SCORES if k in self.column_of), None)
                row.refuse("评分：至少需要一项1到5的评分", first)

    def resolve(self, rows: list[RowResult], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        good = [r for r in rows if r.status != ERROR]
        self.link_customers(good)
        conn = server_conn.connection()
        tickets = {number: tid for tid, number in select_in(
            conn, "SELECT id, number FROM ticket WHERE number IN ({marks})",
            [r.values["ticket_number"] for r in good if "ticket_number" in r.values])}
        ids = [r.link for r in good if isinstance(r.link, int)]
        # a server gives dates as dates: compared as the ISO text the file's rows are keyed by
        existing = {(cid, db_value(day), *rest) for cid, day, *rest in select_in(
            conn, "SELECT customer_id, date, ticket_id, overall, comment FROM survey WHERE customer_id IN ({marks})",
            ids)}
        seen: dict[tuple, int] = {}
        for row in good:
            if row.status == ERROR:
                continue
            v = row.values
            number = v.get("ticket_number")
            ticket = tickets.get(str(number)) if number else None
            if number and ticket is None:
                row.note(f"工单编号：系统中没有工单 {number}，调查未关联工单")
            v["ticket_id"] = ticket
            customer = row.link if isinstance(row.link, int) else id(row.link)
            key = (customer, db_value(v["date"]), ticket, v.get("overall"), v.get("comment", ""))
            self.mark_duplicate(row, key, existing, seen, "系统中已有同一客户、同一天、同样评分的调查")

    def write(self, writer: Writer, rows: list[RowResult]) -> tuple[int, int]:
        self.write_new_customers(writer)
        todo = [r for r in rows if r.status == NEW]
        table = writer.table(Survey)
        next_id = table.next_id(writer.conn)
        out = []
        for row in todo:
            v = row.values
            data = {"id": next_id, "customer_id": self.customer_id(row), "ticket_id": v.get("ticket_id"),
                    "date": v["date"], "method": v.get("method", "phone"), "comment": v.get("comment", ""),
                    "staff_name": v.get("staff", ""), "batch_id": writer.batch_id}
            data.update({k: v[k] for k in self.SCORES if k in v})
            out.append(table.row({k: db_value(x) for k, x in data.items()}))
            row.target_id = next_id
            next_id += 1
        writer.insert(Survey, out)
        writer.step(len(out))
        return len(out), 0

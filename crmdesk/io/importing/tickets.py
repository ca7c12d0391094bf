"""Importing tickets (服务工单表, 客户投诉处理工单): numbers, stages, dates and staff names kept.

Complaints are recognised, whatever sheet they come in (docs/spec.md §3, §5: they count in 投诉数 and
投诉处理及时率): every row of a complaint sheet (the 客户投诉处理工单 template, or any sheet with
a 投诉时间 column), a row with a 投诉等级, a row whose 问题类型 is 投诉, and a row whose 问题类型
is a complaint type (产品质量, 服务失误 …). A complaint's 问题类型 is kept as its complaint
type; its priority, when the sheet has none, follows the severity (重大 → 紧急, 严重 → 重要,
一般 → 一般), and a complaint without a 处理时限 gets the resolution due of the SLA's
complaint rule, so that it is measured like any complaint typed in. A 责任部门 that names one of the
firm's departments makes it the ticket's responsible department (the text is kept as written).

The shared rules of history imports (customers linked by code or name, staff names kept as
text, lenient choice columns) are in ``history``.

A ``type: ignore`` without a reason in this module reads a row value: ``RowResult.values`` is
``dict[str, object]``, each value of the type its field's converter gives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from crmdesk.core.org.rules import fold
from crmdesk.core.store import db
from crmdesk.core.store.models import (
    PRIORITIES,
    SEVERITIES,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    TICKET_STAGES,
    Contact,
    Ticket,
)
from crmdesk.core.tickets import sla
from crmdesk.io.excel.templates import COMPLAINT_TYPES, template_for_headers
from crmdesk.io.importing import cells, custom, server_conn
from crmdesk.io.importing.base import DUPLICATE, ERROR, NEW, Options, RowResult
from crmdesk.io.importing.headers import normalize_header
from crmdesk.io.importing.history import _OTHER, HistoryImporter, _choices, _lenient, _NewCustomer
from crmdesk.io.importing.sql import Writer, db_value, sealed, select_in

# spellings of the choice columns found in old ledgers, beside the template's own labels
CHANNELS = _choices(TICKET_CHANNELS, {"来电": "phone", "电话报修": "phone", "热线": "phone", "400电话": "phone",
                                      "电子邮件": "email", "email": "email", "网站": "online", "在线客服": "online",
                                      "官网": "online", "qq": "online", "公众号": "wechat", "企业微信": "wechat",
                                      "现场": "onsite", "上门报修": "onsite", "到店": "onsite"})
CATEGORIES = _choices(TICKET_CATEGORIES, {"故障": "fault", "报修": "fault", "维修": "fault", "故障维修": "fault",
                                          "咨询": "usage", "使用问题": "usage", "操作咨询": "usage", "客诉": "complaint",
                                          "投诉建议": "complaint", "建议": "suggestion", "需求": "suggestion",
                                          "功能需求": "suggestion"})
PRIORITY = _choices(PRIORITIES, {"特急": "urgent", "紧急重要": "urgent", "高": "urgent", "急": "urgent",
                                 "中": "important", "较急": "important", "普通": "normal", "低": "normal",
                                 "一般问题": "normal", "p1": "urgent", "p2": "important", "p3": "normal"})
SEVERITY = _choices(SEVERITIES, {"轻微": "minor", "一般投诉": "minor", "较严重": "serious", "特别重大": "critical",
                                 "重大投诉": "critical"})
STAGES = _choices(TICKET_STAGES, {"新建": "received", "待处理": "received", "已受理": "received", "未处理": "received",
                                  "已分级": "classified", "已派单": "dispatched", "已分派": "dispatched",
                                  "派单": "dispatched", "处理中": "in_progress", "进行中": "in_progress",
                                  "维修中": "in_progress", "挂起": "in_progress", "已解决": "resolved",
                                  "已完成": "resolved", "已处理": "resolved", "完成": "resolved", "已反馈": "resolved",
                                  "已回访": "callback", "回访完成": "callback", "已关闭": "archived", "关闭": "archived",
                                  "已归档": "archived", "结案": "archived", "已结案": "archived"})
_GD = re.compile(r"GD(\d{8})-(\d{3,})$")
# 问题类型 values that name a complaint's type (the template's list and common ledger words);
# 其他 and 使用疑问 only within a complaint sheet, where every row is a complaint anyway
COMPLAINT_KINDS = frozenset(cells.choice_key(t) for t in (
    *(t for t in COMPLAINT_TYPES if t not in ("其他", "使用疑问")), "质量问题", "产品问题", "服务态度", "态度问题",
    "服务问题", "交货延误", "发货延误", "延期交付", "物流问题", "收费争议", "价格问题", "售后服务", "虚假宣传"))
_CATEGORY_KEYS = {cells.choice_key(spelling): key for spelling, key in CATEGORIES.items()}
PRIORITY_OF_SEVERITY = {"critical": "urgent", "serious": "important", "minor": "normal"}
_COMPLAINT_HEADERS = frozenset({"投诉时间", "投诉日期", "投诉编号", "投诉单号"})


class TicketImporter(HistoryImporter):
    """服务工单: tickets with their original numbers, dates, assignee names and stage."""

    kind = "tickets"
    tables = ("ticket", "customer")
    strict = frozenset({"number", "customer_code", "customer_name", "priority", "created_at"})

    def __init__(self, mapping: dict[int, str], headers: list[str], options: Options) -> None:
        super().__init__(mapping, headers, options)
        # a complaint sheet: every row is a complaint, its 问题类型 is the complaint type
        spec = template_for_headers(list(headers))
        self.complaint_sheet = (spec is not None and spec.name == "complaint") or any(
            normalize_header(h) in _COMPLAINT_HEADERS for h in headers)
        self.departments: dict[str, int] = {}  # folded department name → id (read by resolve)

    def converter(self, key: str, header: str) -> cells.Converter:
        label, dayfirst = self.label(key), self.options.dayfirst
        if key == "channel":
            return _lenient(label, CHANNELS, TICKET_CHANNELS)
        if key == "category":
            return cells.text(label, 30)  # read as typed: check() tells categories from complaint types
        if key == "complaint_type":
            return cells.text(label, 30)
        if key == "mood":
            return cells.text(label, 20)
        if key == "department":
            return cells.text(label, 50)
        if key == "priority":
            return cells.choice(label, PRIORITY, list(PRIORITIES.values()))
        if key == "severity":
            return cells.choice(label, SEVERITY, list(SEVERITIES.values()))
        if key == "stage":
            return cells.choice(label, STAGES, list(TICKET_STAGES.values()))
        if key in ("created_at", "resolved_at", "callback_at"):
            return cells.moment(label, dayfirst=dayfirst, not_after_now=True)
        if key == "resolution_due":
            return cells.moment(label, dayfirst=dayfirst)
        if key == "one_time_resolved":
            return cells.yes_no(label)
        if key == "satisfaction":
            return cells.score(label)
        return super().converter(key, header)

    def _category(self, row: RowResult) -> None:
        """Category and complaint type from 问题类型, 投诉等级 and the kind of sheet."""
        values = row.values
        typed = values.pop("category", None)
        found = _CATEGORY_KEYS.get(cells.choice_key(typed)) if typed else None
        complaint = (self.complaint_sheet or "severity" in values or found == "complaint"
                     or (typed is not None and found is None and cells.choice_key(typed) in COMPLAINT_KINDS))
        if complaint:
            values["category"] = "complaint"
            if typed and found != "complaint":
                if "complaint_type" not in values:
                    values["complaint_type"] = typed
                elif values["complaint_type"] != typed:
                    self._keep_in_notes(row, "category", typed)
            if "priority" not in values and "priority" not in (self.mapping.get(c) for c in row.bad_columns):
                values["priority"] = PRIORITY_OF_SEVERITY[str(values.get("severity") or "minor")]
        elif found is not None:
            values["category"] = found
        elif typed:
            values["category"] = "other"
            self._keep_in_notes(row, "category", typed)
            row.warn(f"{self.label('category')}：“{typed}”不在选项中（{'、'.join(TICKET_CATEGORIES.values())}），"
                     f"按“其他”导入（原值记入备注）", self.column_of.get("category"))

    def _keep_in_notes(self, row: RowResult, key: str, value: object) -> None:
        line = f"{self.label(key)}：{cells.plain(value)}"
        notes = row.values.get("notes")
        row.values["notes"] = f"{notes}\n{line}" if notes else line

    def keep_aside(self, row: RowResult, key: str, value: object) -> str:
        if key in ("channel", "category", "severity", "stage", "one_time_resolved", "satisfaction", "mood",
                   "department", "complaint_type"):
            self._keep_in_notes(row, key, value)
            return "原值记入备注"
        return ""

    def check(self, row: RowResult) -> None:
        super().check(row)
        values = row.values
        self._category(row)
        self.require(row, "priority")
        value = values.get("channel")
        if isinstance(value, str) and value.startswith(_OTHER):
            values["channel"] = "other"
            self._keep_in_notes(row, "channel", value[len(_OTHER):])
            row.warn(f"{self.label('channel')}：“{value[len(_OTHER):]}”不在选项中（{'、'.join(TICKET_CHANNELS.values())}），"
                     f"按“其他”导入（原值记入备注）", self.column_of.get("channel"))
        if "created_at" not in values and not row.bad_columns:
            match = _GD.match(str(values.get("number", "")))
            try:
                values["created_at"] = dt.datetime.strptime(match.group(1), "%Y%m%d") if match else None
            except ValueError:
                values["created_at"] = None
            if values["created_at"] is None:
                del values["created_at"]
                self.require(row, "created_at")
        created = values.get("created_at")
        for key in ("resolved_at", "callback_at"):
            later = values.get(key)
            if created and later and later < created:  # type: ignore[operator]
                del values[key]
                self._keep_in_notes(row, key, f"{later:%Y-%m-%d %H:%M}")
                row.warn(f"{self.label(key)}：{later:%Y-%m-%d %H:%M} 早于受理时间 {created:%Y-%m-%d %H:%M}"
                         f"（原值记入备注）", self.column_of.get(key))
        if "stage" not in values:
            values["stage"] = ("callback" if "callback_at" in values else
                               "resolved" if "resolved_at" in values else "received")
        if values.get("category") != "complaint" and "solution" not in values and "complaint_result" in values:
            values["solution"] = values.pop("complaint_result")

    def resolve(self, rows: list[RowResult], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        good = [r for r in rows if r.status != ERROR]
        self.link_customers(good)
        conn = server_conn.connection()
        self._link_departments(conn, good)
        existing = {n for (n,) in select_in(conn, "SELECT number FROM ticket WHERE number IN ({marks})",
                                            [r.values["number"] for r in good if "number" in r.values])}
        seen: dict[str, int] = {}
        for row in good:
            if row.status == ERROR:
                continue
            number = row.values.get("number")
            if number in existing:
                row.status = DUPLICATE
                row.note(f"工单编号 {number} 已在系统中，未重复导入")
            elif number and number in seen:
                row.status = DUPLICATE
                row.note(f"工单编号 {number} 与第{seen[number]}行相同，未重复导入")
            else:
                row.status = NEW
                if number:
                    seen[str(number)] = row.source_row

    def _link_departments(self, conn: Any, rows: list[RowResult]) -> None:
        """责任部门 lands on the department of that name (spaces, case and width aside); the text is kept
        either way, and a name the firm has no department for is said in the row's notes."""
        self.departments = {fold(name): did for did, name in conn.execute("SELECT id, name FROM department")}
        for row in rows:
            text = row.values.get("department")
            if text and self.departments and fold(str(text)) not in self.departments:
                row.note(f"责任部门“{text}”不在部门列表中，按原文保留")

    def write(self, writer: Writer, rows: list[RowResult]) -> tuple[int, int]:
        self.write_new_customers(writer)
        todo = [r for r in rows if r.status == NEW]
        conn = writer.conn
        contact_ids = self._contacts(writer, todo)
        numbers = self._numbers(writer, todo)
        table = writer.table(Ticket)
        next_id = table.next_id(conn)
        out = []
        custom_rows: list[tuple] = []  # the tickets' custom field values
        policy = None
        for row, number, contact_id in zip(todo, numbers, contact_ids):
            v = row.values
            if v.get("category") == "complaint" and "resolution_due" not in v:
                if policy is None:
                    policy = sla.policy()
                v["resolution_due"] = policy.resolution(str(v["priority"]), "complaint", str(v.get("severity", ""))) \
                    .due(v["created_at"], policy.cal)  # type: ignore[arg-type]
            stage = str(v["stage"])
            archived = v.get("callback_at") or v.get("resolved_at") or v["created_at"] if stage == "archived" else None
            data = {"id": next_id, "number": number, "customer_id": self.customer_id(row), "contact_id": contact_id,
                    "channel": v.get("channel", "phone"), "category": v.get("category", "other"),
                    "priority": v["priority"], "severity": v.get("severity", ""), "stage": stage,
                    "assignee_id": self.staff_id(v.get("assignee")), "assignee_name": v.get("assignee", ""),
                    "archived_at": archived, "batch_id": writer.batch_id}
            for key in ("description", "created_at", "resolution_due", "resolved_at", "solution", "root_cause",
                        "complaint_result", "one_time_resolved", "satisfaction", "callback_at", "notes",
                        "complaint_type", "demand", "mood", "department"):
                if key in v:
                    data[key] = v[key]
            if v.get("department"):
                data["department_id"] = self.departments.get(fold(str(v["department"])))
            out.append(table.row({k: db_value(x) for k, x in data.items()}))
            if self.custom:
                custom_rows.extend(custom.rows(next_id, custom.row_values(v, self.custom, "ticket"), self.custom,
                                               writer.batch_id))
            row.target_id = next_id
            next_id += 1
        writer.insert(Ticket, out)
        custom.insert(writer, custom_rows)
        writer.step(len(out))
        return len(out), 0

    def _contacts(self, writer: Writer, rows: list[RowResult]) -> list[int | None]:
        """The contact of each ticket: matched by mobile or name; a named unknown contact is added."""
        known = self.contacts_of([r.link for r in rows if isinstance(r.link, int)])
        contact_t = writer.table(Contact)
        next_contact = contact_t.next_id(writer.conn)
        added: dict[tuple[int, str], int] = {}
        new_rows = []
        out: list[int | None] = []
        for row in rows:
            v = row.values
            name, number = str(v.get("contact", "")), str(v.get("contact_phone", ""))
            if isinstance(row.link, _NewCustomer):
                out.append(row.link.contact_ids.get(name))
                continue
            customer = int(row.link)  # type: ignore[call-overload]  # row.link is the customer id once linked
            match = next((cid for cid, cname, mobile in known.get(customer, ())
                          if (number and mobile == number) or (name and cname == name)), None)
            if match is None and name:
                match = added.get((customer, name))
                if match is None:
                    mobile = "" if "-" in number else number
                    key, tail = cells.index_keys(mobile)
                    first = not known.get(customer) and all(c != customer for c, _n in added)
                    new_rows.append(contact_t.row(sealed("contact", {
                        "id": next_contact, "customer_id": customer, "name": name, "mobile": mobile,
                        "mobile_key": key, "mobile_tail": tail, "phone": number if "-" in number else "",
                        "is_primary": int(first), "batch_id": writer.batch_id})))
                    match = added[(customer, name)] = next_contact
                    next_contact += 1
                    writer.reindex_ids.add(customer)
            out.append(match)
        if new_rows:
            writer.insert(Contact, new_rows)
        return out

    def _numbers(self, writer: Writer, rows: list[RowResult]) -> list[str]:
        """Imported numbers as they are; GD + date + sequence for the rows without one."""
        conn = writer.conn
        days = sorted({r.values["created_at"].strftime("%Y%m%d") for r in rows if "number" not in r.values})  # type: ignore[attr-defined]
        last: dict[str, int] = dict(select_in(conn, "SELECT day, last FROM ticket_counter WHERE day IN ({marks})",
                                              days))
        wanted = set(days)
        for (number,) in select_in(conn, "SELECT number FROM ticket WHERE substr(number, 3, 8) IN ({marks}) AND "
                                         "number LIKE 'GD%'", days):
            self._bump(last, number, wanted)
        for row in rows:
            if "number" in row.values:
                self._bump(last, str(row.values["number"]), wanted)
        out = []
        for row in rows:
            number = row.values.get("number")
            if number is None:
                day = row.values["created_at"].strftime("%Y%m%d")  # type: ignore[attr-defined]
                last[day] = last.get(day, 0) + 1
                number = f"GD{day}-{last[day]:03d}"
            out.append(str(number))
        if days:
            conn.executemany("INSERT INTO ticket_counter (day, last) VALUES (?, ?) ON CONFLICT (day) DO UPDATE "
                             f"SET last = {db.dialect().greatest('ticket_counter.last', 'excluded.last')}", [(day, last[day]) for day in days if day in last])
        return out

    @staticmethod
    def _bump(last: dict[str, int], number: str, wanted: set[str]) -> None:
        match = _GD.match(number)
        if match and match.group(1) in wanted:
            last[match.group(1)] = max(last.get(match.group(1), 0), int(match.group(2)))

"""Importing tickets (服务工单表, 客户投诉处理工单): numbers, stages, dates and staff names kept.

The shared rules of history imports (customers linked by code or name, staff names kept as
text, lenient choice columns) are in ``importer_history``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from crmdesk.core.models import (
    PRIORITIES,
    SEVERITIES,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    TICKET_STAGES,
    Contact,
    Ticket,
    database_proxy,
)
from crmdesk.io import importer_cells as cells
from crmdesk.io.importer_base import DUPLICATE, ERROR, NEW, RowResult
from crmdesk.io.importer_history import _OTHER, HistoryImporter, _choices, _lenient, _NewCustomer
from crmdesk.io.importer_sql import Writer, db_value, sealed, select_in

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


class TicketImporter(HistoryImporter):
    """服务工单: tickets with their original numbers, dates, assignee names and stage."""

    kind = "tickets"
    tables = ("ticket", "customer")

    def converter(self, key: str, header: str) -> cells.Converter:
        label, dayfirst = self.label(key), self.options.dayfirst
        if key == "channel":
            return _lenient(label, CHANNELS, TICKET_CHANNELS)
        if key == "category":
            return _lenient(label, CATEGORIES, TICKET_CATEGORIES)
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

    def check(self, row: RowResult) -> None:
        super().check(row)
        values = row.values
        self.require(row, "priority")
        for key, labels in (("channel", TICKET_CHANNELS), ("category", TICKET_CATEGORIES)):
            value = values.get(key)
            if isinstance(value, str) and value.startswith(_OTHER):
                values[key] = "other"
                row.note(f"{self.label(key)}：“{value[len(_OTHER):]}”不在选项中（{'、'.join(labels.values())}），"
                         f"按“其他”导入")
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
                row.refuse(f"{self.label(key)}：{later:%Y-%m-%d %H:%M} 早于受理时间 {created:%Y-%m-%d %H:%M}",
                           self.column_of.get(key))
        if "stage" not in values:
            values["stage"] = ("callback" if "callback_at" in values else
                               "resolved" if "resolved_at" in values else "received")
        if values.get("category") != "complaint" and "solution" not in values and "complaint_result" in values:
            values["solution"] = values.pop("complaint_result")

    def resolve(self, rows: list[RowResult], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        good = [r for r in rows if r.status != ERROR]
        self.link_customers(good)
        conn = database_proxy.connection()
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

    def write(self, writer: Writer, rows: list[RowResult]) -> tuple[int, int]:
        self.write_new_customers(writer)
        todo = [r for r in rows if r.status == NEW]
        conn = writer.conn
        contact_ids = self._contacts(writer, todo)
        numbers = self._numbers(writer, todo)
        table = writer.table(Ticket)
        next_id = table.next_id(conn)
        out = []
        for row, number, contact_id in zip(todo, numbers, contact_ids):
            v = row.values
            stage = str(v["stage"])
            archived = v.get("callback_at") or v.get("resolved_at") or v["created_at"] if stage == "archived" else None
            data = {"id": next_id, "number": number, "customer_id": self.customer_id(row), "contact_id": contact_id,
                    "channel": v.get("channel", "phone"), "category": v.get("category", "other"),
                    "priority": v["priority"], "severity": v.get("severity", ""), "stage": stage,
                    "assignee_id": self.staff_id(v.get("assignee")), "assignee_name": v.get("assignee", ""),
                    "archived_at": archived, "batch_id": writer.batch_id}
            for key in ("description", "created_at", "resolution_due", "resolved_at", "solution", "root_cause",
                        "complaint_result", "one_time_resolved", "satisfaction", "callback_at", "notes"):
                if key in v:
                    data[key] = v[key]
            out.append(table.row({k: db_value(x) for k, x in data.items()}))
            row.target_id = next_id
            next_id += 1
        writer.insert(Ticket, out)
        writer.step(len(out))
        return len(out), 0

    def _contacts(self, writer: Writer, rows: list[RowResult]) -> list[int | None]:
        """The contact of each ticket: matched by mobile or name; a named unknown contact is added."""
        known = self.contacts_of([r.link for r in rows if isinstance(r.link, int)])  # type: ignore[misc]
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
            customer = int(row.link)  # type: ignore[call-overload]
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
        days = sorted({r.values["created_at"].strftime("%Y%m%d") for r in rows if "number" not in r.values})  # type: ignore[union-attr]
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
                day = row.values["created_at"].strftime("%Y%m%d")  # type: ignore[union-attr]
                last[day] = last.get(day, 0) + 1
                number = f"GD{day}-{last[day]:03d}"
            out.append(str(number))
        if days:
            conn.executemany("INSERT INTO ticket_counter (day, last) VALUES (?, ?) ON CONFLICT (day) DO UPDATE "
                             "SET last = max(last, excluded.last)", [(day, last[day]) for day in days if day in last])
        return out

    @staticmethod
    def _bump(last: dict[str, int], number: str, wanted: set[str]) -> None:
        match = _GD.match(number)
        if match and match.group(1) in wanted:
            last[match.group(1)] = max(last.get(match.group(1), 0), int(match.group(2)))

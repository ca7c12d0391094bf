"""What a customer file carries besides the customer: history and people (docs/spec.md §13).

Other CRMs export a customer's next planned contact (下次联系时间) and its last follow-up
(最后跟进时间 + 最后跟进记录 in 悟空CRM, 最新跟进时间 + 最新跟进人员 in CordysCRM). A next contact
still ahead becomes a planned follow-up for the account manager (moved to a working day like
any follow-up); one already past goes to the notes. A last follow-up becomes an interaction
with its original date and person, and the customer's last contact. A file imported twice
adds neither twice (the same kind, moment and text, in the file or in the database).

The people named in 负责人 / 跟进人 / 销售员 / 最新跟进人员 who are not staff yet are listed in
the preview; on commit they become staff members, unless the user left one out (the name
then stays in the customer's notes, so the account manager is never lost) or chose an
existing person for them (``staff_plan``: name → staff id, ``None`` to leave out).

A ``type: ignore`` without a reason in this module reads a row value: ``RowResult.values`` is
``dict[str, object]``, each value of the type its field's converter gives.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable

from crmdesk.core.followups.service import on_working_day
from crmdesk.core.store.models import Customer, FollowUp, Interaction, Staff
from crmdesk.io.importing.base import Options, RowResult
from crmdesk.io.importing.customer_plan import ExistingCustomer, HistoryItem, NewCustomer, add_memo
from crmdesk.io.importing.sql import Writer, db_value, select_in

FOLLOWUP, INTERACTION = "followup", "interaction"
NEXT_CONTACT_PURPOSE = "下次联系（从{source}导入）"
NO_TEXT = "（原系统只记录了跟进时间，没有跟进内容）"


class CustomerHistory:
    """History and new staff of :class:`importer_customers.CustomerImporter` (a mixin: it shares its state)."""

    new_customers: list[NewCustomer]
    existing: dict[int, ExistingCustomer]
    options: Options
    notices: list[str]
    label: Callable[[str], str]

    # ------------------------------------------------------------------ preview

    def history_of(self, row: RowResult, now: dt.datetime) -> list[HistoryItem]:
        """Take a row's history values out of it (a next contact already past goes to the notes)."""
        values = row.values
        person = str(values.get("contact", "") or "")
        items: list[HistoryItem] = []
        due = values.pop("next_contact", None)
        if isinstance(due, dt.datetime):
            if due > now:  # on a working day, as every follow-up (docs/spec.md §4)
                items.append(HistoryItem(FOLLOWUP, on_working_day(due), NEXT_CONTACT_PURPOSE.format(
                    source=self.source_name()),
                                         str(values.get("account_manager", "") or ""), person))
            else:
                add_memo(values, f"下次联系时间：{due:%Y-%m-%d %H:%M}（导入时已过，未生成跟进）")
        at = values.pop("last_followup_at", None)
        text = str(values.pop("last_followup_text", "") or "")
        who = str(values.pop("last_followup_by", "") or "")
        if isinstance(at, dt.datetime):
            items.append(HistoryItem(INTERACTION, at, text or NO_TEXT, who, person))
        elif who:
            add_memo(values, f"最后跟进人：{who}")
        return items

    def source_name(self) -> str:
        layout = getattr(self.options, "layout", None)
        return layout.label.split(" ")[0] if layout is not None else "原台账"

    def add_history(self, target: NewCustomer | ExistingCustomer, items: Iterable[HistoryItem]) -> list[str]:
        """Give ``target`` the items it does not hold yet; what was added, in words."""
        known = {item.key for item in target.history}
        if isinstance(target, ExistingCustomer):
            known |= target.known_history
        added = []
        for item in items:
            if item.key not in known:
                known.add(item.key)
                target.history.append(item)
                added.append("下次联系跟进" if item.kind == FOLLOWUP else f"{item.at:%Y-%m-%d}的跟进记录")
        return added

    def load_known_history(self, conn: sqlite3.Connection, existing: dict[int, ExistingCustomer]) -> None:
        """The follow-ups and interactions the existing customers already have (never imported twice)."""
        ids = sorted(existing)
        for customer_id, at, summary in select_in(
                conn, "SELECT customer_id, at, summary FROM interaction WHERE customer_id IN ({marks})", ids):
            existing[customer_id].known_history.add((INTERACTION, _moment(at), summary))
        for customer_id, due, purpose in select_in(
                conn, "SELECT customer_id, due_at, purpose FROM follow_up WHERE status = 'planned' AND deleted_at "
                      "IS NULL AND customer_id IN ({marks})", ids):
            existing[customer_id].known_history.add((FOLLOWUP, _moment(due), purpose))

    def count_staff(self, values: dict[str, object], items: Iterable[HistoryItem], named: Counter[str]) -> None:
        """Count the people a row names who are not staff yet."""
        staff = self.options.staff
        for name in {values.get("account_manager"), *(item.staff for item in items)}:
            if name and name not in staff:
                named[str(name)] += 1

    def staff_notice(self, named: Counter[str]) -> None:
        """List the people the file names who are not staff yet (they become staff on commit)."""
        self.new_staff = dict(sorted(named.items(), key=lambda kv: (-kv[1], kv[0])))
        if self.new_staff:
            names = "、".join(list(self.new_staff)[:8]) + ("等" if len(self.new_staff) > 8 else "")
            self.notices.append(f"负责人/跟进人中有 {len(self.new_staff)} 位还不是系统中的员工（{names}），导入时将新建为员工；"
                                "可在预览页的“新员工”中逐个取消，或对应到已有的员工。")

    # ------------------------------------------------------------------ commit

    def write_staff(self, writer: Writer, plan: dict[str, int | None]) -> None:
        """Create the new staff members the plan keeps (everyone, by default); map the others."""
        staff: dict[str, int] = self.options.staff
        creating = []
        for name in getattr(self, "new_staff", {}):
            choice = plan.get(name, 0)
            if choice is None:
                continue
            if choice:
                staff[name] = int(choice)
            elif name not in staff:
                creating.append(name)
        if not creating:
            return
        taken = {n for (n,) in select_in(writer.conn, "SELECT name FROM staff WHERE name IN ({marks})", creating)}
        table = writer.table(Staff)
        next_id = table.next_id(writer.conn)
        rows = []
        for name in creating:
            if name in taken:  # added meanwhile by hand
                staff[name] = writer.conn.execute("SELECT id FROM staff WHERE name = ?", (name,)).fetchone()[0]
                continue
            rows.append(table.row({"id": next_id, "name": name[:50], "role": "clerk", "created_at": writer.stamp_text}))
            staff[name] = next_id
            next_id += 1
        if rows:
            writer.insert(Staff, rows)  # journaled: an undo removes them again when nothing refers to them

    def write_history(self, writer: Writer) -> None:
        """Insert the follow-ups and interactions of new and existing customers; update last contact."""
        everyone: list[NewCustomer | ExistingCustomer] = [*self.new_customers, *self.existing.values()]
        targets = [t for t in everyone if t.history and t.id]
        if not targets:
            return
        conn = writer.conn
        staff: dict[str, int] = self.options.staff
        contacts: dict[int, dict[str, int]] = {}
        for contact_id, customer_id, name in select_in(
                conn, "SELECT id, customer_id, name FROM contact WHERE deleted_at IS NULL AND customer_id IN ({marks}) "
                      "ORDER BY id", [t.id for t in targets]):
            contacts.setdefault(customer_id, {}).setdefault(name, contact_id)
        managers = dict(select_in(conn, "SELECT id, account_manager_id FROM customer WHERE id IN ({marks})",
                                  [t.id for t in targets]))
        interaction_t, followup_t = writer.table(Interaction), writer.table(FollowUp)
        next_interaction, next_followup = interaction_t.next_id(conn), followup_t.next_id(conn)
        interactions, followups = [], []
        latest: dict[int, dt.datetime] = {}
        for target in targets:
            for item in target.history:
                contact_id = contacts.get(target.id, {}).get(item.contact) if item.contact else None
                if item.kind == INTERACTION:
                    interactions.append(interaction_t.row({k: db_value(v) for k, v in {
                        "id": next_interaction, "customer_id": target.id, "contact_id": contact_id, "at": item.at,
                        "method": "phone", "summary": item.text, "staff_id": staff.get(item.staff),
                        "staff_name": item.staff, "created_at": writer.stamp, "batch_id": writer.batch_id}.items()}))
                    next_interaction += 1
                    if target.id not in latest or item.at > latest[target.id]:
                        latest[target.id] = item.at
                else:
                    assignee = staff.get(item.staff) or managers.get(target.id)
                    followups.append(followup_t.row({k: db_value(v) for k, v in {
                        "id": next_followup, "customer_id": target.id, "contact_id": contact_id,
                        "due_at": item.at, "method": "phone", "purpose": item.text[:200],
                        "kind": "manual", "assignee_id": assignee, "status": "planned",
                        "created_at": writer.stamp}.items()}))
                    next_followup += 1
        writer.insert(Interaction, interactions)
        writer.insert(FollowUp, followups)
        for customer_id, current in select_in(conn, "SELECT id, last_contact_at FROM customer WHERE id IN ({marks})",
                                              sorted(latest)):
            if current is None or str(current)[:19] < db_value(latest[customer_id]):  # type: ignore[operator]
                if customer_id in self.existing:  # journaled, so an undo restores it
                    writer.update(Customer, customer_id, {"last_contact_at": latest[customer_id]},
                                  {"last_contact_at": current})
                else:  # created by this batch: an undo removes the whole row
                    conn.execute("UPDATE customer SET last_contact_at = ? WHERE id = ?",
                                 (db_value(latest[customer_id]), customer_id))


def _moment(text: object) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(str(text)[:19])
    except ValueError:
        return None

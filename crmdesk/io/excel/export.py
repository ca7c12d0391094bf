"""Export of the lists to Excel in the template layouts (docs/spec.md §6 export, §9 budget).

``export(kind, path)`` writes one list — customers, tickets, complaints, interactions, tiers,
changes, surveys or equipment — with the header and column order of its template (``io.excel.templates``), so an
exported file can be edited and imported again.

Speed: one SQL statement per export does the joins, the aggregates and the mapping of
stored English values to their Chinese labels (``CASE`` expressions), and streams its rows
in batches into openpyxl's write-only mode; no model objects are built. Python touches a
row only to wrap dates in a date-formatted cell and, for the rare text that needs it, to
write a value starting with ``=``, ``+``, ``-`` or ``@`` as text (never as a formula).

Privacy: ``mask=True`` masks mobiles, phones, e-mails and street addresses (machines' site
addresses too); an unmasked
export of a list that holds personal data is recorded in the audit log, in the same
transaction that moves the finished file into place.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmdesk.core.customers import privacy, registry
from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.customers.service import FIELD_LABELS
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.firm import staff
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.store.atomic import atomic_file
from crmdesk.core.store.enums import Enumeration
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.store.models import (
    CUSTOMER_TYPES,
    FOLLOWUP_METHODS,
    PRIORITIES,
    SEVERITIES,
    SURVEY_METHODS,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    TICKET_STAGES,
    TIERS,
    Staff,
    database_proxy,
)
from crmdesk.io.excel import masking
from crmdesk.io.excel.templates import TemplateSpec, apply_layout, get_template, header_cells, spec_for
from crmdesk.io.excel.xlsx import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    EXCEL_EPOCH_JULIAN,
    FORMULA_PREFIXES,
    safe_value,
)

BATCH = 1000  # rows per fetch, progress report and cancel check
TEXT_KINDS = frozenset({"text", "long", "code", "choice", "phone", "email", "tags"})
#: Export kinds whose rows carry custom fields, and the SQL id of each entity in their statement.
CUSTOM_IDS = {"customers": {"customer": "c.id", "contact": "p.id"}, "tickets": {"ticket": "t.id"},
              "equipment": {"equipment": "e.id"}}
DATE_KINDS = frozenset({"date", "datetime"})

#: Export kinds (``crmdesk export KIND``) and the template whose layout each one uses.
KINDS: dict[str, str] = {"customers": "registration", "tickets": "ticket", "interactions": "interactions",
                         "tiers": "tiers", "changes": "changes", "surveys": "survey", "complaints": "complaint",
                         "equipment": "equipment"}

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    rows: int
    path: Path
    kind: str = ""
    masked: bool = False


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case(expr: str, labels: Enumeration) -> str:
    """SQL that turns a stored English value into its Chinese label (unknown values pass): the
    template's words, whatever the interface language, so that the file can be imported again."""
    whens = " ".join(f"WHEN {_lit(key)} THEN {_lit(label)}" for key, label in labels.data_labels().items())
    return f"CASE {expr} {whens} ELSE {expr} END"


def _clear(column: str, expr: str) -> str:
    """SQL for a sensitive column in clear (encrypted at rest once the database is unlocked)."""
    return f"crm_reveal({_lit(column)}, {expr})"


_MOBILE, _EMAIL, _ADDRESS = _clear("contact.mobile", "p.mobile"), _clear("contact.email", "p.email"), \
    _clear("customer.address", "c.address")
_PRIMARY_CONTACT = ("LEFT JOIN contact p ON p.id = (SELECT x.id FROM contact x WHERE x.customer_id = c.id "
                    "AND x.deleted_at IS NULL ORDER BY x.is_primary DESC, x.has_left, x.id LIMIT 1)")
_TAGS = ("(SELECT group_concat(name, '、') FROM (SELECT t.name FROM customer_tag l JOIN tag t ON t.id = l.tag_id "
         "WHERE l.customer_id = c.id ORDER BY t.name) AS tags)")
_LIVE_CUSTOMERS = "c.deleted_at IS NULL AND c.merged_into_id IS NULL"
# The unary + keeps SQLite from filtering through the deleted_at index and then sorting all
# rows: it walks the customer_code index instead and streams rows already in code order.
_LIVE_IN_CODE_ORDER = "+c.deleted_at IS NULL AND +c.merged_into_id IS NULL"
# whole months from coop_start to :today, as core.customers.tiers counts them
_MONTHS = ("CASE WHEN c.coop_start IS NULL THEN NULL ELSE max(0, "
           "(CAST(substr(:today, 1, 4) AS INTEGER) - CAST(substr(c.coop_start, 1, 4) AS INTEGER)) * 12 "
           "+ CAST(substr(:today, 6, 2) AS INTEGER) - CAST(substr(c.coop_start, 6, 2) AS INTEGER) "
           "- (substr(:today, 9, 2) < substr(c.coop_start, 9, 2))) END")
_TICKET_PHONE = f"COALESCE(NULLIF({_MOBILE}, ''), {_clear('contact.phone', 'p.phone')})"
_SITE = _clear("equipment.site_address", "e.site_address")


@dataclass(frozen=True)
class _Source:
    """Where an export's rows come from: one SQL expression per template column key.

    A column given as ``(plain, masked)`` is personal data; ``mask=True`` selects the second.
    """

    template: str
    columns: dict[str, str | tuple[str, str]]
    body: str  # FROM … WHERE …
    order: str
    count: str  # FROM … WHERE … for the row count (no joins needed)
    personal: bool = False
    key: str = ""  # the listed entity's id, for an export of a selection (see ``only``)


SOURCES: dict[str, _Source] = {
    "customers": _Source("registration", {
        "code": "c.code", "name": "c.name", "type": _case("c.type", CUSTOMER_TYPES), "importance": "c.importance",
        "industry": "c.industry", "size": "c.size", "region": "c.region",
        "address": (_ADDRESS, f"crm_mask_address({_ADDRESS})"), "source_channel": "c.source_channel",
        "contact": "p.name", "title": "p.title", "mobile": (_MOBILE, f"crm_mask_mobile({_MOBILE})"),
        "email": (_EMAIL, f"crm_mask_email({_EMAIL})"), "purchase_intent": "c.purchase_intent",
        "product_preference": "c.product_preference", "budget_range": "c.budget_range", "tags": _TAGS,
        "account_manager": "m.name", "coop_start": "c.coop_start", "notes": "c.notes",
    }, f"FROM customer c {_PRIMARY_CONTACT} LEFT JOIN staff m ON m.id = c.account_manager_id "
       f"WHERE {_LIVE_IN_CODE_ORDER}",
        "c.code", f"FROM customer c WHERE {_LIVE_CUSTOMERS}", personal=True, key="c.id"),
    "tickets": _Source("ticket", {
        "number": "t.number", "code": "c.code", "customer": "c.name", "contact": "p.name",
        "phone": (_TICKET_PHONE, f"crm_mask_mobile({_TICKET_PHONE})"),
        "channel": _case("t.channel", TICKET_CHANNELS), "category": _case("t.category", TICKET_CATEGORIES),
        "description": "t.description", "priority": _case("t.priority", PRIORITIES), "created_at": "t.created_at",
        "assignee": "COALESCE(a.name, t.assignee_name)", "resolution_due": "t.resolution_due",
        "resolved_at": "t.resolved_at", "solution": "t.solution", "stage": _case("t.stage", TICKET_STAGES),
        "one_time": "CASE t.one_time_resolved WHEN 1 THEN '是' WHEN 0 THEN '否' END",
        "satisfaction": "t.satisfaction", "callback_at": "t.callback_at", "notes": "t.notes",
    }, "FROM ticket t JOIN customer c ON c.id = t.customer_id LEFT JOIN contact p ON p.id = t.contact_id "
       "LEFT JOIN staff a ON a.id = t.assignee_id WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL",
        "t.created_at, t.id",
        "FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL",
        personal=True, key="t.id"),
    # the complaint tickets in the 客户投诉处理工单 layout (what the complaint template imports)
    "complaints": _Source("complaint", {
        "number": "t.number", "code": "c.code", "created_at": "t.created_at", "complaint_type": "t.complaint_type",
        "demand": "t.demand", "mood": "t.mood", "severity": _case("t.severity", SEVERITIES),
        # the responsible department by its name now (so the file imports back onto it), else the text as written
        "department": "COALESCE((SELECT d.name FROM department d WHERE d.id = t.department_id), t.department)",
        "solution": "t.solution", "resolution_due": "t.resolution_due",
        "result": "t.complaint_result", "callback_at": "t.callback_at",
    }, "FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.category = 'complaint' "
       "AND t.deleted_at IS NULL AND c.deleted_at IS NULL", "t.created_at, t.id",
        "FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.category = 'complaint' "
        "AND t.deleted_at IS NULL AND c.deleted_at IS NULL", key="t.id"),
    "interactions": _Source("interactions", {
        "code": "c.code", "at": "i.at", "method": _case("i.method", FOLLOWUP_METHODS), "summary": "i.summary",
        "feedback": "i.feedback", "next_step": "i.next_step", "staff": "COALESCE(s.name, i.staff_name)",
    }, "FROM interaction i JOIN customer c ON c.id = i.customer_id LEFT JOIN staff s ON s.id = i.staff_id "
       "WHERE +c.deleted_at IS NULL", "i.at, i.id",
        "FROM interaction i JOIN customer c ON c.id = i.customer_id WHERE c.deleted_at IS NULL"),
    "tiers": _Source("tiers", {
        "code": "c.code", "name": "c.name", "contact": "p.name", "industry": "c.industry", "coop_months": _MONTHS,
        "total_wan": "round(c.total_order_fen / 1000000.0, 2)",
        "score": "(SELECT round(avg(s.overall), 2) FROM survey s WHERE s.customer_id = c.id AND s.overall IS NOT NULL)",
        "tier": _case("c.tier", TIERS), "tags": _TAGS,
    }, f"FROM customer c {_PRIMARY_CONTACT} WHERE {_LIVE_IN_CODE_ORDER}", "c.code",
        f"FROM customer c WHERE {_LIVE_CUSTOMERS}", key="c.id"),
    "changes": _Source("changes", {
        "code": "c.code", "name": "c.name", "field": "crm_change_field(l.field)",
        "old_value": ("crm_change_value(l.field, l.old_value, 0)", "crm_change_value(l.field, l.old_value, 1)"),
        "new_value": ("crm_change_value(l.field, l.new_value, 0)", "crm_change_value(l.field, l.new_value, 1)"),
        "reason": "l.reason", "operator": "COALESCE(NULLIF(l.operator_name, ''), o.name)", "at": "l.at",
    }, "FROM change_log l LEFT JOIN customer c ON c.id = l.customer_id LEFT JOIN staff o ON o.id = l.operator_id",
        "l.at, l.id", "FROM change_log l", personal=True),
    "surveys": _Source("survey", {
        "code": "c.code", "number": "t.number", "date": "s.date", "method": _case("s.method", SURVEY_METHODS),
        "quality": "s.quality", "response": "s.response", "communication": "s.communication",
        "professionalism": "s.professionalism", "overall": "s.overall", "comment": "s.comment",
    }, "FROM survey s JOIN customer c ON c.id = s.customer_id LEFT JOIN ticket t ON t.id = s.ticket_id "
       "WHERE +c.deleted_at IS NULL", "s.date, s.id",
        "FROM survey s JOIN customer c ON c.id = s.customer_id WHERE c.deleted_at IS NULL"),
    "equipment": _Source("equipment", {
        "code": "c.code", "customer": "c.name", "model": "e.model", "serial": "e.serial",
        "install_date": "e.install_date", "site_address": (_SITE, f"crm_mask_address({_SITE})"),
        "warranty_end": "e.warranty_end", "contract_no": "e.contract_no", "contract_end": "e.contract_end",
        "notes": "e.notes",
    }, "FROM equipment e JOIN customer c ON c.id = e.customer_id WHERE e.deleted_at IS NULL "
       "AND +c.deleted_at IS NULL", "c.code, e.model_key, e.serial_key",
        "FROM equipment e JOIN customer c ON c.id = e.customer_id WHERE e.deleted_at IS NULL "
        "AND c.deleted_at IS NULL", personal=True, key="e.id"),
}

_VALUE_LABELS = {"type": CUSTOMER_TYPES, "客户类型": CUSTOMER_TYPES, "tier": TIERS, "客户层级": TIERS}  # written Chinese


def _change_field(field: str | None) -> str | None:
    return FIELD_LABELS.get(field, field) if field else field


def _change_value(field: str | None, value: str | None, masked: int) -> str | None:
    if not value:
        return value
    labels = _VALUE_LABELS.get(field or "")
    if labels is not None:
        value = labels.data_labels().get(value, value)
    return masking.mask_change_value(field, value) if masked else value


class _Revealer:
    """``crm_reveal(column, value)``: the stored value in clear, through the active cipher.

    Exports decrypt first, then mask or not. A value sealed under a key that is not active
    (the key not on this PC, or still being looked up) fails the export with that message
    instead of writing ciphertext into the file. An exception cannot cross SQLite's callback
    boundary with its message intact, so a failure is kept here and raised by the export
    between batches.
    """

    def __init__(self) -> None:
        self.error: KnownError | None = None
        self.cipher = secrets.current()

    def __call__(self, column: str, value: str | None) -> str | None:
        if not value:
            return value
        try:
            return self.cipher.decrypt(value, column)
        except KnownError as error:
            self.error = self.error or error
            return None

    def check(self) -> None:
        """Raise the first decryption failure, if any."""
        if self.error is not None:
            raise self.error


def _register_functions(conn: Any) -> _Revealer:
    """The Python helpers the export SQL calls (per connection; cheap to repeat)."""
    revealer = _Revealer()
    conn.create_function("crm_reveal", 2, revealer)
    conn.create_function("crm_mask_mobile", 1, masking.mask_mobile_fast, deterministic=True)
    conn.create_function("crm_mask_email", 1, masking.mask_email, deterministic=True)
    conn.create_function("crm_mask_address", 1, masking.mask_address, deterministic=True)
    conn.create_function("crm_change_field", 1, _change_field, deterministic=True)
    conn.create_function("crm_change_value", 3, _change_value, deterministic=True)
    conn.create_function("crm_mask_secret", 1, masking.mask_secret, deterministic=True)
    conn.create_function("crm_custom_text", 2, _custom_text)
    return revealer


def _custom_text(field_id: int, clear: object) -> str | None:
    """A sensitive custom value (already revealed) as its kind writes it (an amount in yuan …)."""
    if clear in (None, ""):
        return None
    field = customfields.get(int(field_id))
    return custom_values.text(field, custom_values.reveal(field, clear))


def _custom_expr(key: str, ids: dict[str, str], mask: bool) -> str:
    """The SQL of a custom field's column: its value of the row's record, typed for the sheet."""
    field = customfields.by_key(key)
    if field is None or field.entity not in ids:
        return "NULL"
    value = f"(SELECT value FROM custom_value WHERE field_id = {field.id} AND entity_id = {ids[field.entity]})"
    if field.sensitive:  # sealed: decrypted first, then masked or written as text
        clear = _clear(field.column, value)
        return f"crm_mask_secret({clear})" if mask else f"crm_custom_text({field.id}, {clear})"
    if field.kind == "amount":
        return f"{value} / 100.0"
    if field.kind == "yes_no":
        return f"CASE {value} WHEN 1 THEN '是' WHEN 0 THEN '否' END"
    return value


SUBSET_TABLE = "temp.export_subset"
#: Kinds whose rows are customers: an export of the registry "as filtered" applies to them.
CUSTOMER_KINDS = frozenset({"customers", "tiers"})


def _fill_subset(conn: Any, kind: str, only: RegistryQuery | Sequence[int]) -> None:
    """Put the selected ids, in list order, into ``SUBSET_TABLE`` (rowid = position)."""
    if isinstance(only, RegistryQuery):
        if kind not in CUSTOMER_KINDS:
            raise KnownError(_("A customer list filter cannot select {kind}.", kind=kind))
        registry.materialize(only, SUBSET_TABLE)
    else:
        conn.execute(f"DROP TABLE IF EXISTS {SUBSET_TABLE}")
        conn.execute(f"CREATE TABLE {SUBSET_TABLE} (id INTEGER NOT NULL)")
        conn.executemany(f"INSERT INTO {SUBSET_TABLE} (id) VALUES (?)", [(int(i),) for i in only])
    conn.execute("CREATE INDEX IF NOT EXISTS temp.export_subset_id ON export_subset (id)")


def _spec(kind: str, source: _Source) -> TemplateSpec:
    """The layout of an export: its template, plus the custom fields' columns where the rows carry them."""
    return spec_for(source.template, export=True) if kind in CUSTOM_IDS else get_template(source.template)


def source_sql(kind: str, *, mask: bool = False, subset: bool = False) -> tuple[TemplateSpec, str, str]:
    """The template, the row query and the count query of ``kind`` (columns in template order).

    ``subset``: only the ids in ``SUBSET_TABLE``, in its order (the list as the user sees it).
    """
    if kind not in SOURCES:
        raise KnownError(_("Unknown export {kind}: choose one of {kinds}.", kind=kind, kinds=", ".join(KINDS)))
    source = SOURCES[kind]
    if subset and not source.key:
        raise KnownError(_("{kind} can only be exported whole.", kind=kind))
    spec = _spec(kind, source)
    select = []
    for column in spec.columns:
        expr = source.columns.get(column.key) or _custom_expr(column.key, CUSTOM_IDS.get(kind, {}), mask)
        if isinstance(expr, tuple):
            expr = expr[1] if mask else expr[0]
        if column.kind in DATE_KINDS:  # an Excel serial number, shown through a date format
            expr = f"julianday(NULLIF({expr}, '')) - {EXCEL_EPOCH_JULIAN}"
        elif column.kind in TEXT_KINDS:  # empty text writes no cell at all
            expr = f"NULLIF({expr}, '')"
        select.append(expr)
    if subset:
        # The selection decides the rows and their order; the kind's own conditions still
        # apply (a customer deleted since the list was drawn is not exported).
        where = "WHERE" if " WHERE " not in source.body else "AND"
        sql = (f"SELECT {', '.join(select)} {source.body} {where} {source.key} IN (SELECT id FROM {SUBSET_TABLE}) "
               f"ORDER BY (SELECT x.rowid FROM {SUBSET_TABLE} x WHERE x.id = {source.key})")
        count_where = "WHERE" if " WHERE " not in source.count else "AND"
        alias = source.key.split(".")[0]
        return spec, sql, (f"SELECT count(*) {source.count} {count_where} {alias}.id IN "
                           f"(SELECT id FROM {SUBSET_TABLE})")
    sql = f"SELECT {', '.join(select)} {source.body} ORDER BY {source.order}"
    return spec, sql, f"SELECT count(*) {source.count}"


def _write_rows(ws: Any, cursor: Any, spec: TemplateSpec, total: int, progress: ProgressFn | None,
                cancelled: CancelFn | None, check: Callable[[], None]) -> int:
    """Stream the cursor's rows into the sheet; returns the number of rows written."""
    from openpyxl.cell import WriteOnlyCell

    text_positions = tuple(i for i, c in enumerate(spec.columns) if c.kind in TEXT_KINDS)
    # One date-formatted cell per date column, reused on every row: openpyxl writes a row's
    # cells as soon as it is appended, so only the value changes from row to row.
    date_cells = []
    for i, column in enumerate(spec.columns):
        if column.kind in DATE_KINDS:
            cell = WriteOnlyCell(ws)
            cell.number_format = DATE_FORMAT if column.kind == "date" else DATETIME_FORMAT
            date_cells.append((i, cell))
    append = ws.append
    done = 0
    while True:
        batch = cursor.fetchmany(BATCH)
        if not batch:
            break
        for row in batch:
            values = list(row)
            for i in text_positions:
                value = values[i]
                # cheap test first: isprintable() is False for control characters (and \n, \u3000 …)
                if value is not None and (type(value) is not str or value[0] in FORMULA_PREFIXES
                                          or not value.isprintable()):
                    values[i] = safe_value(ws, value) if type(value) is str else value
            for i, cell in date_cells:
                if values[i] is not None:
                    cell.value = values[i]
                    values[i] = cell
            append(values)
        check()
        done += len(batch)
        if progress is not None:
            progress(done, max(total, done))
        if cancelled is not None and cancelled():
            raise OperationCancelled()
    return done


def _abandon(ws: Any) -> None:
    """Close a write-only sheet that will never be saved and remove openpyxl's temp file."""
    writer = getattr(ws, "_writer", None)
    try:
        ws.close()  # ends the row stream cleanly (a dangling one fails later, at garbage collection)
        if writer is not None:
            writer.cleanup()
    except Exception:  # noqa: BLE001 - best effort: openpyxl also removes its temp files at exit
        pass


def _write_info(wb: Any, spec: TemplateSpec, rows: int, privacy: str, operator: Staff | None) -> None:
    ws = wb.create_sheet("导出信息")
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 48
    ws.append(["导出内容", spec.title])
    ws.append(["导出时间", dt.datetime.now().strftime("%Y-%m-%d %H:%M")])
    ws.append(["记录数", rows])
    ws.append(["个人信息", privacy])
    ws.append(["导出人", operator.name if operator is not None else ""])


def export(kind: str, path: str | os.PathLike[str], *, mask: bool = False, operator: Staff | None = None,
           progress: ProgressFn | None = None, cancelled: CancelFn | None = None,
           today: dt.date | None = None, only: RegistryQuery | Sequence[int] | None = None) -> ExportResult:
    """Write list ``kind`` to ``path`` (xlsx) in its template layout.

    ``progress(done, total)`` and ``cancelled()`` are called every ``BATCH`` rows; a cancel
    raises ``OperationCancelled`` and leaves no file. ``operator`` (default: the current
    user) is recorded in the audit log for an unmasked export of personal data. ``today``
    is the reference day of 合作时长(月) (tiers). ``only`` exports the list as the user sees it:
    a registry filter (customers, tiers) or the ids of the listed rows, in that order.
    """
    from openpyxl import Workbook

    spec, sql, count_sql = source_sql(kind, mask=mask, subset=only is not None)
    personal = SOURCES[kind].personal
    if operator is None:
        operator = staff.current_operator()
    conn = database_proxy.connection()
    revealer = _register_functions(conn)
    if only is not None:
        _fill_subset(conn, kind, only)
    params = {"today": (today or dt.date.today()).isoformat()} if ":today" in sql else {}
    total = conn.execute(count_sql).fetchone()[0]
    if cancelled is not None and cancelled():
        raise OperationCancelled()
    with atomic_file(path) as target:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(spec.sheet)
        apply_layout(ws, spec, prompts=False)
        ws.append(header_cells(ws, spec))
        try:
            rows = _write_rows(ws, conn.execute(sql, params), spec, total, progress, cancelled, revealer.check)
        except BaseException:
            _abandon(ws)
            raise
        privacy_note = ("不含个人信息" if not personal else "已脱敏" if mask
                        else "未脱敏（含个人信息，请妥善保管，勿外传）")
        _write_info(wb, spec, rows, privacy_note, operator)
        wb.properties.title = spec.title
        wb.properties.creator = "CRMDesk"
        wb.save(target.temp)
        if personal and not mask:
            # no file without its audit row, no audit row without the file (also from a reading session)
            with privacy.audit_entry(operator, "export_unmasked", kind,
                                     f"未脱敏导出{spec.title}（{kind}），{rows} 行：{target.path}"):
                target.commit()
        else:
            target.commit()
    return ExportResult(rows, target.path, kind, mask)

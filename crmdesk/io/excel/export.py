"""Export of the lists to Excel in the template layouts (docs/spec.md §6 export, §9 budget).

``export(kind, path)`` writes one list — customers, tickets, complaints, interactions, tiers,
changes, surveys or equipment — with the header and column order of its template (``io.excel.templates``), so an
exported file can be edited and imported again.

Speed: one SQL statement per export does the joins, the aggregates and the mapping of
stored English values to their Chinese labels (``CASE`` expressions), and streams its rows
in batches into openpyxl's write-only mode; no model objects are built. Python touches a
row to decrypt and mask personal data (:class:`_Py` columns: the same code on SQLite and on a
PostgreSQL server, where no Python function can be called from SQL), to wrap dates in a
date-formatted cell and, for the rare text that needs it, to write a value starting with ``=``,
``+``, ``-`` or ``@`` as text (never as a formula).

Privacy: ``mask=True`` masks mobiles, phones, e-mails and street addresses (machines' site
addresses too); an unmasked
export of a list that holds personal data is recorded in the audit log, in the same
transaction that moves the finished file into place.
"""

from __future__ import annotations

import datetime as dt
import functools
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
from crmdesk.core.store import db
from crmdesk.core.store.atomic import atomic_file
from crmdesk.core.store.dialect import Dialect
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
)
from crmdesk.io.excel import masking
from crmdesk.io.excel.templates import TemplateSpec, apply_layout, get_template, header_cells, spec_for
from crmdesk.io.excel.xlsx import DATE_FORMAT, DATETIME_FORMAT, FORMULA_PREFIXES, safe_value

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


@dataclass(frozen=True)
class _Py:
    """A column computed in Python per row: ``fn(cipher, *values)`` of the SQL expressions ``args``.

    Decryption, masking and the change log's labels run here, on both engines (SQLite once called
    them as registered SQL functions; a server cannot call into the client). A value sealed under a
    key that is not active fails the export with that message instead of writing ciphertext.
    """

    fn: Callable[..., Any]
    args: tuple[str, ...]


Column = str | _Py


def _reveal(cipher: Any, column: str, value: str | None) -> str | None:
    return cipher.decrypt(value, column) if value else value


def _clear(column: str, expr: str, then: Callable[[str | None], str | None] | None = None) -> _Py:
    """A sensitive column in clear (encrypted at rest once the database is unlocked), then ``then``
    (an empty value stays empty: the sheet leaves its cell out)."""
    if then is None:
        return _Py(lambda cipher, value: cipher.decrypt(value, column) if value else value, (expr,))
    return _Py(lambda cipher, value: then(cipher.decrypt(value, column)) if value else value, (expr,))


def _ticket_phone(then: Callable[[str | None], str | None] | None = None) -> _Py:
    """The ticket contact's mobile, else their landline (in clear, then ``then``)."""
    def phone(cipher: Any, mobile: str | None, landline: str | None) -> str | None:
        value = _reveal(cipher, "contact.mobile", mobile) or _reveal(cipher, "contact.phone", landline)
        return then(value) if then is not None else value
    return _Py(phone, ("p.mobile", "p.phone"))


def _change_label(cipher: Any, field: str | None) -> str | None:
    return _change_field(field)


def _change(masked: bool, column: str) -> _Py:
    return _Py(lambda cipher, field, value: _change_value(field, value, masked), ("l.field", column))


_PRIMARY_CONTACT = ("LEFT JOIN contact p ON p.id = (SELECT x.id FROM contact x WHERE x.customer_id = c.id "
                    "AND x.deleted_at IS NULL ORDER BY x.is_primary DESC, x.has_left, x.id LIMIT 1)")
# pieces of SQL spelled per engine when the statement is built (``_spelled``)
_TAGS = ("(SELECT {tag_names} FROM (SELECT t.name FROM customer_tag l JOIN tag t ON t.id = l.tag_id "
         "WHERE l.customer_id = c.id ORDER BY t.name) AS tags)")
_LIVE_CUSTOMERS = "c.deleted_at IS NULL AND c.merged_into_id IS NULL"
# {c_deleted} is SQLite's unary +c.deleted_at: it keeps SQLite from filtering through the deleted_at
# index and then sorting all rows: it walks the customer_code index instead and streams rows already
# in code order.
_LIVE_IN_CODE_ORDER = "{c_deleted} IS NULL AND {c_merged} IS NULL"
# whole months from coop_start to the export's day, as core.customers.tiers counts them
_MONTHS = "CASE WHEN c.coop_start IS NULL THEN NULL ELSE {coop_months} END"


def _spelled(sql: str, d: Dialect, today: dt.date) -> str:
    """``sql`` with the engine's spelling of the pieces above (``{…}``), the export's day as a literal."""
    return sql.format(c_deleted=d.no_index("c.deleted_at"), c_merged=d.no_index("c.merged_into_id"),
                      tag_names=d.group_concat("name", "、", order_by="name"),
                      coop_months=d.months_between(_lit(today.isoformat()), "c.coop_start"))


@dataclass(frozen=True)
class _Source:
    """Where an export's rows come from: one SQL expression per template column key.

    A column given as ``(plain, masked)`` is personal data; ``mask=True`` selects the second.
    """

    template: str
    columns: dict[str, Column | tuple[Column, Column]]
    body: str  # FROM … WHERE …
    order: str
    count: str  # FROM … WHERE … for the row count (no joins needed)
    personal: bool = False
    key: str = ""  # the listed entity's id, for an export of a selection (see ``only``)


SOURCES: dict[str, _Source] = {
    "customers": _Source("registration", {
        "code": "c.code", "name": "c.name", "type": _case("c.type", CUSTOMER_TYPES), "importance": "c.importance",
        "industry": "c.industry", "size": "c.size", "region": "c.region",
        "address": (_clear("customer.address", "c.address"),
                    _clear("customer.address", "c.address", masking.mask_address)),
        "source_channel": "c.source_channel", "contact": "p.name", "title": "p.title",
        "mobile": (_clear("contact.mobile", "p.mobile"), _clear("contact.mobile", "p.mobile", masking.mask_mobile_fast)),
        "email": (_clear("contact.email", "p.email"), _clear("contact.email", "p.email", masking.mask_email)),
        "purchase_intent": "c.purchase_intent",
        "product_preference": "c.product_preference", "budget_range": "c.budget_range", "tags": _TAGS,
        "account_manager": "m.name", "coop_start": "c.coop_start", "notes": "c.notes",
    }, f"FROM customer c {_PRIMARY_CONTACT} LEFT JOIN staff m ON m.id = c.account_manager_id "
       f"WHERE {_LIVE_IN_CODE_ORDER}",
        "c.code", f"FROM customer c WHERE {_LIVE_CUSTOMERS}", personal=True, key="c.id"),
    "tickets": _Source("ticket", {
        "number": "t.number", "code": "c.code", "customer": "c.name", "contact": "p.name",
        "phone": (_ticket_phone(), _ticket_phone(masking.mask_mobile_fast)),
        "channel": _case("t.channel", TICKET_CHANNELS), "category": _case("t.category", TICKET_CATEGORIES),
        "description": "t.description", "priority": _case("t.priority", PRIORITIES), "created_at": "t.created_at",
        "assignee": "COALESCE(a.name, t.assignee_name)", "resolution_due": "t.resolution_due",
        "resolved_at": "t.resolved_at", "solution": "t.solution", "stage": _case("t.stage", TICKET_STAGES),
        "one_time": "CASE t.one_time_resolved WHEN TRUE THEN '是' WHEN FALSE THEN '否' END",
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
       "WHERE {c_deleted} IS NULL", "i.at, i.id",
        "FROM interaction i JOIN customer c ON c.id = i.customer_id WHERE c.deleted_at IS NULL"),
    "tiers": _Source("tiers", {
        "code": "c.code", "name": "c.name", "contact": "p.name", "industry": "c.industry", "coop_months": _MONTHS,
        "total_wan": "round(c.total_order_fen / 1000000.0, 2)",
        "score": "(SELECT round(avg(s.overall), 2) FROM survey s WHERE s.customer_id = c.id AND s.overall IS NOT NULL)",
        "tier": _case("c.tier", TIERS), "tags": _TAGS,
    }, f"FROM customer c {_PRIMARY_CONTACT} WHERE {_LIVE_IN_CODE_ORDER}", "c.code",
        f"FROM customer c WHERE {_LIVE_CUSTOMERS}", key="c.id"),
    "changes": _Source("changes", {
        "code": "c.code", "name": "c.name", "field": _Py(_change_label, ("l.field",)),
        "old_value": (_change(False, "l.old_value"), _change(True, "l.old_value")),
        "new_value": (_change(False, "l.new_value"), _change(True, "l.new_value")),
        "reason": "l.reason", "operator": "COALESCE(NULLIF(l.operator_name, ''), o.name)", "at": "l.at",
    }, "FROM change_log l LEFT JOIN customer c ON c.id = l.customer_id LEFT JOIN staff o ON o.id = l.operator_id",
        "l.at, l.id", "FROM change_log l", personal=True),
    "surveys": _Source("survey", {
        "code": "c.code", "number": "t.number", "date": "s.date", "method": _case("s.method", SURVEY_METHODS),
        "quality": "s.quality", "response": "s.response", "communication": "s.communication",
        "professionalism": "s.professionalism", "overall": "s.overall", "comment": "s.comment",
    }, "FROM survey s JOIN customer c ON c.id = s.customer_id LEFT JOIN ticket t ON t.id = s.ticket_id "
       "WHERE {c_deleted} IS NULL", "s.date, s.id",
        "FROM survey s JOIN customer c ON c.id = s.customer_id WHERE c.deleted_at IS NULL"),
    "equipment": _Source("equipment", {
        "code": "c.code", "customer": "c.name", "model": "e.model", "serial": "e.serial",
        "install_date": "e.install_date",
        "site_address": (_clear("equipment.site_address", "e.site_address"),
                         _clear("equipment.site_address", "e.site_address", masking.mask_address)),
        "warranty_end": "e.warranty_end", "contract_no": "e.contract_no", "contract_end": "e.contract_end",
        "notes": "e.notes",
    }, "FROM equipment e JOIN customer c ON c.id = e.customer_id WHERE e.deleted_at IS NULL "
       "AND {c_deleted} IS NULL", "c.code, e.model_key, e.serial_key",
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


def _custom_text(field_id: int, clear: object) -> str | None:
    """A sensitive custom value (already revealed) as its kind writes it (an amount in yuan …)."""
    if clear in (None, ""):
        return None
    field = customfields.get(int(field_id))
    return custom_values.text(field, custom_values.reveal(field, clear))


def _custom_expr(key: str, ids: dict[str, str], mask: bool) -> Column:
    """The SQL of a custom field's column: its value of the row's record, typed for the sheet."""
    field = customfields.by_key(key)
    if field is None or field.entity not in ids:
        return "NULL"
    value = f"(SELECT value FROM custom_value WHERE field_id = {field.id} AND entity_id = {ids[field.entity]})"
    if field.sensitive:  # sealed: decrypted first, then masked or written as text
        field_id = field.id
        return _clear(field.column, value, masking.mask_secret if mask else lambda clear: _custom_text(field_id, clear))
    if field.kind == "amount":
        return f"{value} / 100.0" if db.dialect().name == "sqlite" else f"CAST({value} AS numeric) / 100.0"
    if field.kind == "number" and db.dialect().name != "sqlite":  # a server's value column is text
        return f"CAST({value} AS numeric)"
    if field.kind == "yes_no":
        return f"CASE CAST({value} AS text) WHEN '1' THEN '是' WHEN '0' THEN '否' END"
    return value


SUBSET_TABLE = "temp.export_subset"
#: Kinds whose rows are customers: an export of the registry "as filtered" applies to them.
CUSTOMER_KINDS = frozenset({"customers", "tiers"})


def _fill_subset(kind: str, only: RegistryQuery | Sequence[int]) -> list[int] | None:
    """The selected ids in list order: into ``SUBSET_TABLE`` on SQLite (rowid = position; ``None``
    returned), as a list on a server (no temporary table there: they go into the statement)."""
    if isinstance(only, RegistryQuery) and kind not in CUSTOMER_KINDS:
        raise KnownError(_("A customer list filter cannot select {kind}.", kind=kind))
    if db.dialect().name != "sqlite":
        return registry.customer_ids(only) if isinstance(only, RegistryQuery) else [int(i) for i in only]
    if isinstance(only, RegistryQuery):
        registry.materialize(only, SUBSET_TABLE)
    else:
        db.sql(f"DROP TABLE IF EXISTS {SUBSET_TABLE}")
        db.sql(f"CREATE TABLE {SUBSET_TABLE} (id INTEGER NOT NULL)")
        db.sql(f"INSERT INTO {SUBSET_TABLE} (id) VALUES (?)", [(int(i),) for i in only], many=True)
    db.sql("CREATE INDEX IF NOT EXISTS temp.export_subset_id ON export_subset (id)")
    return None


@dataclass
class Statement:
    """An export's row query (``sql``/``params``), its count query, and how a fetched row becomes
    the sheet's values (``shape``: the Python columns computed, a sealed value decrypted)."""

    spec: TemplateSpec
    sql: str
    params: list[object]
    count_sql: str
    count_params: list[object]
    python: list[tuple[int, _Py, list[int]]]  # (sheet column, computation, positions of its SQL values)
    width: int  # the SQL row's length

    def shape(self, row: Sequence[Any], cipher: Any) -> list[Any]:
        """The sheet's values of one fetched row (a hundred thousand rows: the loop is kept bare)."""
        if not self.python:
            return list(row)
        values = list(row[:len(self.spec.columns)])
        for column, fn, first, last in self._ops:
            value = fn(cipher, row[first]) if last == first + 1 else fn(cipher, *row[first:last])
            values[column] = value if value != "" else None
        return values

    @functools.cached_property
    def _ops(self) -> list[tuple[int, Callable[..., Any], int, int]]:
        return [(column, py.fn, positions[0], positions[-1] + 1) for column, py, positions in self.python]


def _spec(kind: str, source: _Source) -> TemplateSpec:
    """The layout of an export: its template, plus the custom fields' columns where the rows carry them."""
    return spec_for(source.template, export=True) if kind in CUSTOM_IDS else get_template(source.template)


def source_sql(kind: str, *, mask: bool = False, subset: bool = False, ids: list[int] | None = None,
               today: dt.date | None = None) -> Statement:
    """The template, the row query and the count query of ``kind`` (columns in template order).

    ``subset``: only the ids in ``SUBSET_TABLE``, in its order (the list as the user sees it); on a
    server the ids themselves (``ids``, in list order). ``today``: the reference day of 合作时长(月).
    """
    if kind not in SOURCES:
        raise KnownError(_("Unknown export {kind}: choose one of {kinds}.", kind=kind, kinds=", ".join(KINDS)))
    source = SOURCES[kind]
    if subset and not source.key:
        raise KnownError(_("{kind} can only be exported whole.", kind=kind))
    d = db.dialect()
    day = today or dt.date.today()
    spec = _spec(kind, source)
    select: list[str] = []
    extra: list[str] = []  # the Python columns' SQL values, after the sheet's columns
    python: list[tuple[int, _Py, list[int]]] = []
    for position, column in enumerate(spec.columns):
        expr = source.columns.get(column.key) or _custom_expr(column.key, CUSTOM_IDS.get(kind, {}), mask)
        if isinstance(expr, tuple):
            expr = expr[1] if mask else expr[0]
        if isinstance(expr, _Py):
            first = len(spec.columns) + len(extra)
            extra.extend(_spelled(arg, d, day) for arg in expr.args)
            python.append((position, expr, list(range(first, first + len(expr.args)))))
            select.append("NULL")
            continue
        expr = _spelled(expr, d, day)
        if column.kind in DATE_KINDS:  # an Excel serial number, shown through a date format
            expr = d.excel_serial(expr)
        elif column.kind in TEXT_KINDS:  # empty text writes no cell at all
            expr = f"NULLIF({expr}, '')"
        select.append(expr)
    columns = ", ".join(select + extra)
    body, count = _spelled(source.body, d, day), _spelled(source.count, d, day)
    alias = source.key.split(".")[0]
    where, count_where = ("AND" if " WHERE " in body else "WHERE"), ("AND" if " WHERE " in count else "WHERE")
    width = len(select) + len(extra)
    if subset and ids is not None:  # a server: the ids in the statement, in their order
        return Statement(spec, f"SELECT {columns} {body} {where} {source.key} = ANY(?) "
                               f"ORDER BY array_position(CAST(? AS integer[]), {source.key})", [ids, ids],
                         f"SELECT count(*) {count} {count_where} {alias}.id = ANY(?)", [ids], python, width)
    if subset:
        # The selection decides the rows and their order; the kind's own conditions still
        # apply (a customer deleted since the list was drawn is not exported).
        sql = (f"SELECT {columns} {body} {where} {source.key} IN (SELECT id FROM {SUBSET_TABLE}) "
               f"ORDER BY (SELECT x.rowid FROM {SUBSET_TABLE} x WHERE x.id = {source.key})")
        return Statement(spec, sql, [], f"SELECT count(*) {count} {count_where} {alias}.id IN "
                                        f"(SELECT id FROM {SUBSET_TABLE})", [], python, width)
    return Statement(spec, f"SELECT {columns} {body} ORDER BY {source.order}", [], f"SELECT count(*) {count}", [],
                     python, width)


def _write_rows(ws: Any, cursor: Any, statement: Statement, total: int, progress: ProgressFn | None,
                cancelled: CancelFn | None) -> int:
    """Stream the cursor's rows into the sheet; returns the number of rows written."""
    from openpyxl.cell import WriteOnlyCell

    spec = statement.spec
    shape = statement.shape
    cipher = secrets.current() if statement.python else None

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
            values = shape(row, cipher)
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

    source_sql(kind, subset=only is not None)  # an unknown kind, or one exported whole only: said before any work
    personal = SOURCES[kind].personal
    if operator is None:
        operator = staff.current_operator()
    ids = _fill_subset(kind, only) if only is not None else None
    statement = source_sql(kind, mask=mask, subset=only is not None, ids=ids, today=today)
    spec = statement.spec
    total = db.sql(statement.count_sql, statement.count_params).fetchone()[0]
    if cancelled is not None and cancelled():
        raise OperationCancelled()
    with atomic_file(path) as target:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(spec.sheet)
        apply_layout(ws, spec, prompts=False)
        ws.append(header_cells(ws, spec))
        try:
            rows = _write_rows(ws, db.sql(statement.sql, statement.params), statement, total, progress, cancelled)
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

"""Importing legacy Excel/CSV ledgers (SPEC §6): preview, commit, error workbook, undo.

The import wizard (and ``crmdesk import``) works in two steps:

1. :func:`preview` reads the file (``io.reader``), maps its columns (``io.mapping``),
   cleans every cell, and classifies every data row as new / update / duplicate / error
   with the reasons — against the other rows of the file and the database — without
   writing anything;
2. :func:`commit` writes the previewed rows in ONE transaction (``BEGIN IMMEDIATE``,
   batched ``executemany``), journals every insert and update in ``ImportJournal``,
   updates the search index, records an ``ImportBatch`` with the counts, and writes the
   rejected rows to an error workbook. Cancelling rolls everything back.

:func:`undo_batch` removes what a batch created and restores what it updated;
:func:`import_history` lists the batches. Progress is reported as ``progress(done,
total)`` and a ``cancelled()`` callable is polled, so the UI runs these in the
background with a progress dialog and the CLI prints a bar (STYLE 3).
"""

from __future__ import annotations

import gc
import json
import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from crmdesk.core.changes import Changes
from crmdesk.core.customers import FIELD_LABELS
from crmdesk.core.errors import KnownError, OperationCancelled, classify_sqlite_error
from crmdesk.core.i18n import _, register
from crmdesk.core.models import ImportBatch, Staff, database_proxy
from crmdesk.io import importer_search
from crmdesk.io.error_workbook import write_error_workbook
from crmdesk.io.importer_base import (
    DUPLICATE,
    ERROR,
    NEW,
    STATUS_LABELS,
    STATUSES,
    UPDATE,
    KindImporter,
    Options,
    RowResult,
    now,
    staff_map,
)
from crmdesk.io.importer_customers import CustomerImporter
from crmdesk.io.importer_history import InteractionImporter, SurveyImporter, TicketImporter
from crmdesk.io.importer_sql import BulkIndexes, Writer, chunks
from crmdesk.io.mapping import KINDS, field_specs, guess_kind, missing_required, suggest_mapping
from crmdesk.io.reader import ImportFileError, open_workbook, release_memory

__all__ = ["DUPLICATE", "ERROR", "NEW", "STATUSES", "STATUS_LABELS", "UPDATE", "ImportFileError", "ImportResult",
           "Preview", "RowResult", "commit", "default_error_path", "import_history", "preview", "undo_batch",
           "write_errors"]

register({
    "{file}: no column for {fields}. Map a column to it, or use the import template.":
        "{file}：没有对应“{fields}”的列。请为其指定一列，或使用导入模板。",
    "The database changed after the preview (other records were added or removed). Preview the file again.":
        "预览之后数据库有了变化（新增或删除了记录）。请重新预览该文件。",
    "This preview has already been imported (batch {batch}).": "此预览已经导入过（批次 {batch}）。",
    "Import batch {batch} does not exist.": "导入批次 {batch} 不存在。",
    "Import batch {batch} was already undone on {at}.": "导入批次 {batch} 已于 {at} 撤销。",
    "Import batch {batch} cannot be undone: {count} records (tickets, interactions, surveys, orders or contacts) "
    "were added since to the customers it created, and undoing would delete them.":
        "导入批次 {batch} 无法撤销：之后又为该批次新建的客户添加了 {count} 条记录（工单、互动、调查、订单或联系人），"
        "撤销会把它们一并删除。",
    "Unknown import kind {kind}.": "未知的导入类型 {kind}。",
    "Several columns are mapped to {fields}; keep one.": "有多列都对应了“{fields}”，请只保留一列。",
})

IMPORTERS: dict[str, type[KindImporter]] = {
    "customers": CustomerImporter,
    "tickets": TicketImporter,
    "interactions": InteractionImporter,
    "surveys": SurveyImporter,
}
CACHE_KIB = -49152  # SQLite page cache during a commit (negative: KiB), released afterwards
_FINGERPRINT_TABLES = ("customer", "contact", "ticket", "interaction", "survey", "tag")


@dataclass
class Preview:
    """Everything the wizard shows before anything is written, and what :func:`commit` writes."""

    file: Path
    kind: str
    sheet: str
    sheet_names: list[str]
    title: str
    header_row: int  # 1-based row number of the header in the file
    header: list[object]  # the header cells as they are
    headers: list[str]  # the header cells as text
    mapping: dict[int, str]  # column index → field key
    rows: list[RowResult]
    totals_rows: list[int]  # rows skipped as 合计 / 小计
    ambiguous_dates: int  # cells like 03/05/2024; preview again with dayfirst=True to read them day first
    dayfirst: bool
    create_missing_customers: bool
    encoding: str = ""
    committed_batch: int | None = None
    _importer: KindImporter | None = field(default=None, repr=False)
    _fingerprint: tuple = field(default=(), repr=False)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per status (new / update / duplicate / error)."""
        counted = Counter(row.status for row in self.rows)
        return {status: counted.get(status, 0) for status in STATUSES}

    @property
    def error_rows(self) -> list[RowResult]:
        """The rows that will not be imported."""
        return [row for row in self.rows if row.status == ERROR]

    @property
    def planned(self) -> tuple[int, int]:
        """(customers or history records a commit would create, existing customers it would update)."""
        assert self._importer is not None
        return self._importer.planned_counts(self.rows)

    @property
    def field_labels(self) -> dict[int, str]:
        """Column index → the Chinese label of the field it is mapped to."""
        labels = {spec.key: spec.label for spec in field_specs(self.kind)}
        return {column: labels.get(key, key) for column, key in self.mapping.items()}


@dataclass
class ImportResult:
    """What a commit did (the numbers of ``crmdesk import --json``)."""

    rows: int
    created: int
    updated: int
    duplicates: int
    errors: int
    batch: int | None
    error_workbook: Path | None = None
    changes: Changes = field(default_factory=Changes)

    def as_json(self) -> dict[str, int | None]:
        """The SPEC §8 object: rows, created, updated, duplicates, errors, batch."""
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "duplicates": self.duplicates, "errors": self.errors, "batch": self.batch}


def _fingerprint(conn) -> tuple:
    return tuple(conn.execute(f'SELECT count(*), coalesce(max(id), 0) FROM "{table}"').fetchone()
                 for table in _FINGERPRINT_TABLES)


def preview(path: Path | str, kind: str | None = None, *, sheet: str | None = None,
            header_row: int | None = None, mapping: Mapping[int, str] | None = None, encoding: str | None = None,
            create_missing_customers: bool = False, dayfirst: bool = False,
            progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> Preview:
    """Read and check ``path`` as an import of ``kind`` (None: guessed from the headers); write nothing.

    ``sheet`` (default: the first sheet with data), ``header_row`` (1-based; default:
    detected below any title block) and ``mapping`` (column index → field key; default:
    :func:`mapping.suggest_mapping`) are what the wizard lets the user correct; ``encoding``
    overrides the detected encoding of a CSV file; ``dayfirst`` reads 03/05/2024 as 3 May
    (otherwise such dates are errors naming both readings); ``create_missing_customers``
    lets history rows create the customers they name. Raises :class:`ImportFileError`
    when the file cannot be read or a required column is missing.
    """
    path = Path(path)
    if kind is not None and kind not in KINDS:
        raise KnownError(_("Unknown import kind {kind}.", kind=kind))
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects and no cycles: the collector only costs time
    try:
        with open_workbook(path) as book:
            data = book.read_sheet(sheet, encoding=encoding, header_row=header_row, kind=kind)
            headers = data.headers
            kind = kind or guess_kind(headers)
            chosen = {int(c): k for c, k in (mapping if mapping is not None else suggest_mapping(headers, kind)).items()
                      if k}
            _check_mapping(chosen, kind)
            missing = missing_required(chosen, kind)
            if missing:
                raise ImportFileError(_("{file}: no column for {fields}. Map a column to it, or use the import "
                                        "template.", file=path.name, fields="、".join(missing)))
            options = Options(path.name, dayfirst=dayfirst, create_missing_customers=create_missing_customers,
                              staff=staff_map())
            importer = IMPORTERS[kind](chosen, headers, options)
            rows: list[RowResult] = []
            clean = importer.clean
            total = data.size_hint
            for count, (row_no, cells) in enumerate(data.iter_rows(), start=1):
                rows.append(clean(row_no, cells))
                if count % 5000 == 0:
                    if cancelled is not None and cancelled():
                        raise OperationCancelled()
                    if progress is not None:
                        progress(count, max(total, count + 1))
            data.close()
        importer.resolve(rows, progress, cancelled)
        for row in rows:
            if row.status != ERROR:
                row.cells = None
        release_memory()
        if progress is not None:
            progress(len(rows), len(rows))
        return Preview(file=path, kind=kind, sheet=data.name, sheet_names=list(book.sheet_names), title=data.title,
                       header_row=data.header_row, header=list(data.header), headers=headers, mapping=chosen,
                       rows=rows, totals_rows=list(data.totals_rows), ambiguous_dates=importer.ambiguous_dates,
                       dayfirst=dayfirst, create_missing_customers=create_missing_customers,
                       encoding=data.encoding, _importer=importer,
                       _fingerprint=_fingerprint(database_proxy.connection()))
    finally:
        if collecting:
            gc.enable()


def _check_mapping(chosen: dict[int, str], kind: str) -> None:
    """Refuse a hand-made mapping that names an unknown field or uses a field twice."""
    labels = {spec.key: spec.label for spec in field_specs(kind)}
    unknown = sorted(set(chosen.values()) - labels.keys())
    if unknown:
        raise ValueError(f"unknown fields for {kind}: {unknown}")
    used = Counter(chosen.values())
    twice = [labels[key] for key, count in used.items() if count > 1]
    if twice:
        raise KnownError(_("Several columns are mapped to {fields}; keep one.", fields="、".join(twice)))


def default_error_path(source: Path | str) -> Path:
    """Where the error workbook of ``source`` goes by default: beside it, ``<name>_错误行.xlsx``."""
    source = Path(source)
    return source.with_name(f"{source.stem}_错误行.xlsx")


def write_errors(result: Preview, path: Path | str, *, cancelled: Callable[[], bool] | None = None) -> Path | None:
    """Write the preview's rejected rows to an error workbook (``None`` when there are none)."""
    rows = result.error_rows
    if not rows:
        return None
    return write_error_workbook(path, result.header, rows, cancelled=cancelled)


def commit(result: Preview, *, operator: Staff | None = None, error_path: Path | str | None = None,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Write a preview in one transaction; rejected rows go to ``error_path`` (when given).

    ``operator`` is recorded on the batch and the change log of customers (never as the
    author of imported history). Raises :class:`OperationCancelled` when ``cancelled()``
    turns true (nothing is written), and :class:`KnownError` when the database changed
    since the preview or the preview was already committed.
    """
    if result.committed_batch is not None:
        raise KnownError(_("This preview has already been imported (batch {batch}).", batch=result.committed_batch))
    importer = result._importer
    assert importer is not None, "a Preview made by preview()"
    conn = database_proxy.connection()
    counts = result.counts
    temporary: Path | None = None
    if error_path is not None and counts[ERROR]:
        error_path = Path(error_path)
        temporary = error_path.with_name(f".{error_path.stem}.{os.getpid()}.partial.xlsx")
        write_errors(result, temporary, cancelled=cancelled)
    stamp = now()
    collecting = gc.isenabled()
    gc.disable()
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    # a big batch touches many index and full-text pages: keep them in memory instead of spilling
    conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _fingerprint(conn) != result._fingerprint:
                raise KnownError(_("The database changed after the preview (other records were added or removed). "
                                   "Preview the file again."))
            batch_id = conn.execute(
                "INSERT INTO import_batch (kind, file_name, sheet, operator_id, started_at, rows, created, updated, "
                "duplicates, errors, status) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 'committed')",
                (result.kind, result.file.name[:500], result.sheet[:100], operator.id if operator else None,
                 stamp.strftime("%Y-%m-%d %H:%M:%S"))).lastrowid
            writer = Writer(conn, batch_id, operator.id if operator else None, operator.name if operator else "",
                            stamp, f"导入：{result.file.name}", progress, cancelled)
            planned_created, planned_updated = importer.planned_counts(result.rows)
            writer.total = planned_created + planned_updated + 1  # +1: index, journal and commit
            with BulkIndexes(conn, importer.planned_inserts(result.rows)):
                created, updated = importer.write(writer, result.rows)
            writer.journal_batch_rows()
            writer.journal.flush(conn)
            importer_search.reindex(conn, writer.reindex_ids)
            conn.execute("UPDATE import_batch SET finished_at = ?, rows = ?, created = ?, updated = ?, duplicates = ?, "
                         "errors = ? WHERE id = ?",
                         (now().strftime("%Y-%m-%d %H:%M:%S"), len(result.rows), created, updated, counts[DUPLICATE],
                          counts[ERROR], batch_id))
            writer.check()
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                conn.execute("ROLLBACK")
            raise
    except BaseException as exc:
        if temporary is not None and temporary.exists():
            temporary.unlink()
        known = classify_sqlite_error(exc)
        if known is not None and known is not exc:
            raise known from exc
        raise
    finally:
        conn.execute(f"PRAGMA cache_size = {cache_size}")
        if collecting:
            gc.enable()
    if temporary is not None:
        os.replace(temporary, error_path)  # type: ignore[arg-type]
    result.committed_batch = batch_id
    if progress is not None:
        progress(writer.total, writer.total)
    return ImportResult(rows=len(result.rows), created=created, updated=updated, duplicates=counts[DUPLICATE],
                        errors=counts[ERROR], batch=batch_id, error_workbook=Path(error_path) if temporary else None,
                        changes=_changes(result.kind))


def _changes(kind: str) -> Changes:
    return Changes(customers=True, contacts=True, tickets=kind == "tickets", interactions=kind == "interactions",
                   surveys=kind == "surveys")


# --------------------------------------------------------------------------- undo and history

# children before parents, so that no foreign key is left dangling
_UNDO_ORDER = ("customer_tag", "customer_order", "survey", "interaction", "ticket", "contact", "customer", "tag")
_BLOCKING = ("contact", "ticket", "interaction", "survey", "customer_order")
_UNDO_LABELS = {"account_manager_id": "客户经理", "total_order_fen": "历史订单金额", "last_contact_at": "最近联系时间",
                "name": "联系人"}


def undo_batch(batch_id: int, operator: Staff | None = None) -> Changes:
    """Delete what batch ``batch_id`` created and restore what it updated, in one transaction.

    Refused (:class:`KnownError`) when the batch does not exist, was already undone, or
    when records were added since to the customers it created (undo would delete them).
    """
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise KnownError(_("Import batch {batch} does not exist.", batch=batch_id))
    if batch.status == "undone":
        raise KnownError(_("Import batch {batch} was already undone on {at}.", batch=batch_id,
                           at=f"{batch.undone_at:%Y-%m-%d %H:%M}" if batch.undone_at else "?"))
    conn = database_proxy.connection()
    stamp = now().strftime("%Y-%m-%d %H:%M:%S")
    reason = f"撤销导入批次 {batch_id}（{batch.file_name}）"
    conn.execute("BEGIN IMMEDIATE")
    try:
        inserted: dict[str, list[int]] = {}
        updates: list[tuple[str, int, str]] = []
        for table, row_id, action, old in conn.execute(
                "SELECT table_name, row_id, action, old_values FROM import_journal WHERE batch_id = ? ORDER BY id",
                (batch_id,)):
            if action == "insert":
                inserted.setdefault(table, []).append(row_id)
            else:
                updates.append((table, row_id, old))
        created = inserted.get("customer", [])
        blocking = 0
        for table in _BLOCKING:
            for part in chunks(created):
                marks = ",".join("?" * len(part))
                blocking += conn.execute(f'SELECT count(*) FROM "{table}" WHERE customer_id IN ({marks}) AND '
                                         f'(batch_id IS NULL OR batch_id != ?)', [*part, batch_id]).fetchone()[0]
        if blocking:
            raise KnownError(_("Import batch {batch} cannot be undone: {count} records (tickets, interactions, "
                               "surveys, orders or contacts) were added since to the customers it created, and "
                               "undoing would delete them.", batch=batch_id, count=blocking))
        touched: set[int] = set()
        for table in ("contact", "customer_tag", "customer_order"):
            for part in chunks(inserted.get(table, [])):
                marks = ",".join("?" * len(part))
                touched.update(cid for (cid,) in conn.execute(
                    f'SELECT DISTINCT customer_id FROM "{table}" WHERE id IN ({marks})', list(part)))
        for table, row_id, old in reversed(updates):
            values = json.loads(old or "{}")
            if not values:
                continue
            sets = ", ".join(f'"{column}" = ?' for column in values)
            current = conn.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in values)} FROM "{table}" '
                                   f'WHERE id = ?', (row_id,)).fetchone()
            if current is None:
                continue
            conn.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', [*values.values(), row_id])
            customer_id = row_id if table == "customer" else conn.execute(
                f'SELECT customer_id FROM "{table}" WHERE id = ?', (row_id,)).fetchone()[0]
            touched.add(customer_id)
            for (column, restored), was in zip(values.items(), current):
                if column in ("updated_at", "mobile_key", "mobile_tail"):
                    continue
                label = _UNDO_LABELS.get(column) or FIELD_LABELS.get(column, column)
                conn.execute("INSERT INTO change_log (customer_id, entity, entity_id, field, old_value, new_value, "
                             "reason, operator_id, operator_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (customer_id, table, row_id, label, "" if was is None else str(was),
                              "" if restored is None else str(restored), reason, operator.id if operator else None,
                              operator.name if operator else "", stamp))
        for table in _UNDO_ORDER:
            for part in chunks(inserted.get(table, [])):
                marks = ",".join("?" * len(part))
                if table == "tag":
                    conn.execute(f"DELETE FROM tag WHERE id IN ({marks}) AND id NOT IN "
                                 f"(SELECT tag_id FROM customer_tag)", list(part))
                else:
                    conn.execute(f'DELETE FROM "{table}" WHERE id IN ({marks})', list(part))
        for part in chunks(created):
            marks = ",".join("?" * len(part))
            conn.execute(f"DELETE FROM customer_fts WHERE rowid IN ({marks})", list(part))
            conn.execute(f"DELETE FROM customer_bigram WHERE rowid IN ({marks})", list(part))
        touched.difference_update(created)
        importer_search.reindex(conn, touched)
        conn.execute("UPDATE import_batch SET status = 'undone', undone_at = ? WHERE id = ?", (stamp, batch_id))
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        known = classify_sqlite_error(exc)
        if known is not None and known is not exc:
            raise known from exc
        raise
    changes = _changes(batch.kind)
    changes.customer_ids = touched | set(created)
    return changes


def import_history() -> list[ImportBatch]:
    """Every import batch, newest first."""
    return list(ImportBatch.select().order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc()))

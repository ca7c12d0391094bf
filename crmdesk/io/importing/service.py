"""Importing legacy Excel/CSV ledgers (docs/spec.md §6): preview, commit, error workbook, undo.

The import wizard (and ``crmdesk import``) works in two steps:

1. :func:`preview` reads the file (``io.importing.reader``), maps its columns (``io.importing.mapping``),
   cleans every cell — a block of rows at a time, column by column, each distinct value
   once (``columns``) — and classifies every data row as new / update /
   duplicate / error with the reasons — against the other rows of the file and the
   database — without writing anything;
2. :func:`commit` writes the previewed rows in ONE transaction (``BEGIN IMMEDIATE``,
   batched ``executemany``), journals every insert and update in ``ImportJournal``,
   updates the search index, records an ``ImportBatch`` with the counts, and writes the
   rejected rows to an error workbook. The error workbook and the search-index text are
   made in a helper thread while SQLite rebuilds indexes (``overlap``).
   Cancelling rolls everything back.

:func:`undo_batch` removes what a batch created and restores what it updated;
:func:`import_history` lists the batches (both in ``undo``). Progress is reported as ``progress(done,
total)`` and a ``cancelled()`` callable is polled, so the UI runs these in the
background with a progress dialog and the CLI prints a bar (docs/architecture.md, pattern 3).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from crmdesk.core.i18n import _
from crmdesk.core.store import atomic, server_locks, versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, OperationCancelled, classify_sqlite_error
from crmdesk.core.store.models import Staff
from crmdesk.io.importing import search as importer_search
from crmdesk.io.importing import server_conn
from crmdesk.io.importing import sources as importer_sources
from crmdesk.io.importing.base import (
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
from crmdesk.io.importing.customers import CustomerImporter
from crmdesk.io.importing.equipment import EquipmentImporter
from crmdesk.io.importing.error_workbook import write_error_workbook
from crmdesk.io.importing.history import InteractionImporter, SurveyImporter
from crmdesk.io.importing.mapping import (
    KINDS,
    field_specs,
    guess_kind,
    ignored_columns,
    missing_required,
    suggest_mapping,
)
from crmdesk.io.importing.overlap import Helper, Stream
from crmdesk.io.importing.phases import PhaseClock
from crmdesk.io.importing.reader import ImportFileError, open_workbook, release_memory
from crmdesk.io.importing.sql import BulkIndexes, Writer, bulk_journal
from crmdesk.io.importing.tickets import TicketImporter
from crmdesk.io.importing.undo import changes_of, import_history, undo_batch

log = logging.getLogger(__name__)

__all__ = ["DUPLICATE", "ERROR", "NEW", "STATUSES", "STATUS_LABELS", "UPDATE", "ImportFileError", "ImportResult",
           "Preview", "RowResult", "commit", "default_error_path", "import_history", "preview", "undo_batch",
           "write_errors"]

IMPORTERS: dict[str, type[KindImporter]] = {
    "customers": CustomerImporter,
    "tickets": TicketImporter,
    "interactions": InteractionImporter,
    "surveys": SurveyImporter,
    "equipment": EquipmentImporter,
}
CLEAN_BLOCK = 5000  # rows cleaned column by column at a time (and per progress report)
CACHE_KIB = -32768  # SQLite page cache during a commit (negative: KiB), released afterwards
T = TypeVar("T")
_FINGERPRINT_TABLES = ("customer", "contact", "ticket", "interaction", "survey", "tag", "equipment")


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
    source_label: str = ""  # the other CRM's layout recognised from the headers ('' for a plain ledger)
    notices: list[str] = field(default_factory=list)  # what applies to the whole file (defaults, new staff …)
    ignored: list[int] = field(default_factory=list)  # columns that mean nothing here, left out on purpose
    new_staff: dict[str, int] = field(default_factory=dict)  # people named who are not staff yet → rows
    committed_batch: int | None = None
    timing: PhaseClock = field(default_factory=PhaseClock)  # where the time went (``phases``): read, clean, plan
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
    def warning_rows(self) -> list[RowResult]:
        """The rows imported without some optional value (listed in the 警告 sheet)."""
        return [row for row in self.rows if row.warnings and row.status != ERROR]

    @property
    def planned(self) -> tuple[int, int]:
        """(customers or history records a commit would create, existing customers it would update)."""
        assert self._importer is not None
        return self._importer.planned_counts(self.rows)

    @property
    def unmapped(self) -> list[int]:
        """Columns with a header that are neither imported nor ignored on purpose (the user may map them)."""
        return [c for c, text in enumerate(self.headers) if text.strip() and c not in self.mapping
                and c not in self.ignored]

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
    warnings: int = 0  # rows imported with a value set aside (in the workbook's 警告 sheet; not in the JSON)
    timing: PhaseClock = field(default_factory=PhaseClock)  # where the time went: encrypt, write, index, commit

    def as_json(self) -> dict[str, int | None]:
        """The JSON object of ``crmdesk import --json`` (docs/spec.md §8): rows, created, updated, duplicates,
        errors, batch."""
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "duplicates": self.duplicates, "errors": self.errors, "batch": self.batch}


def _fingerprint(conn: sqlite3.Connection) -> tuple:
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
    clock = PhaseClock()
    clock.switch("read")
    try:
        with open_workbook(path) as book:
            data = book.read_sheet(sheet, encoding=encoding, header_row=header_row, kind=kind)
            headers = data.headers
            layout = importer_sources.detect(headers, kind)
            kind = kind or (layout.kind if layout is not None else guess_kind(headers))
            chosen = {int(c): k for c, k in (mapping if mapping is not None else suggest_mapping(
                headers, kind, layout)).items() if k}
            _check_mapping(chosen, kind)
            missing = missing_required(chosen, kind)
            if missing:
                raise ImportFileError(_("{file}: no column for {fields}. Map a column to it, or use the import "
                                        "template.", file=path.name, fields="、".join(missing)))
            options = Options(path.name, dayfirst=dayfirst, create_missing_customers=create_missing_customers,
                              staff=staff_map(), layout=layout)
            importer = IMPORTERS[kind](chosen, headers, options)
            rows: list[RowResult] = []
            total = data.size_hint
            blocks = _blocks(data.iter_rows(), CLEAN_BLOCK)
            while (block := next(blocks, None)) is not None:
                clock.switch("clean")
                rows.extend(importer.clean_rows(block))
                if cancelled is not None and cancelled():
                    raise OperationCancelled()
                if progress is not None:
                    progress(len(rows), max(total, len(rows) + 1))
                clock.switch("read")
            data.close()
        clock.switch("plan")
        importer.resolve(rows, progress, cancelled)
        for row in rows:
            if row.status != ERROR and not row.warnings:
                row.cells = None  # rejected rows and rows with values set aside keep theirs for the workbook
        release_memory()
        if progress is not None:
            progress(len(rows), len(rows))
        return Preview(file=path, kind=kind, sheet=data.name, sheet_names=list(book.sheet_names), title=data.title,
                       header_row=data.header_row, header=list(data.header), headers=headers, mapping=chosen,
                       rows=rows, totals_rows=list(data.totals_rows), ambiguous_dates=importer.ambiguous_dates,
                       dayfirst=dayfirst, create_missing_customers=create_missing_customers,
                       encoding=data.encoding, notices=list(importer.notices),
                       source_label=layout.label if layout is not None else "",
                       ignored=[c for c in ignored_columns(headers, kind, layout) if c not in chosen],
                       new_staff=dict(getattr(importer, "new_staff", {})), _importer=importer,
                       _fingerprint=_fingerprint(server_conn.connection()), timing=clock.stop())
    finally:
        if collecting:
            gc.enable()


def _blocks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items of a stream."""
    while block := list(islice(items, size)):
        yield block


def _finish(writer: Writer, bulk: BulkIndexes, errors: Callable[[], object] | None) -> None:
    """The long statements of a commit, with the Python work that needs no database beside them.

    Rebuilding the indexes, the deferred ``INSERT … SELECT`` statements, the batch's
    journal and the search-index inserts are single statements that run without the GIL.
    Meanwhile a helper thread (``overlap``) writes the error workbook, then makes
    the new customers' index rows a block at a time, each inserted as soon as it is ready.
    """
    conn, clock = writer.conn, writer.clock
    search_rows: Stream[tuple[int, str, str]] = Stream()
    writer.total += len(writer.search_docs)  # the progress bar moves with the index blocks

    def beside() -> None:
        started = time.thread_time()
        try:
            if errors is not None:
                errors()
        except BaseException:
            search_rows.feed(())  # end the stream at once: the loop below must not wait for rows
            raise
        finally:
            clock.add("beside: error workbook", time.thread_time() - started)
        started = time.thread_time()
        try:
            search_rows.feed(importer_search.json_blocks(writer.search_docs))
        finally:
            clock.add("beside: index text", time.thread_time() - started)

    with Helper(beside), search_rows:
        bulk.rebuild()
        writer.run_deferred()
        writer.journal_batch_rows()
        clock.switch("index")
        for count, trigrams, bigrams in search_rows:
            importer_search.insert_json(conn, trigrams, bigrams)
            writer.step(count)


def _check_mapping(chosen: dict[int, str], kind: str) -> None:
    """Refuse a hand-made mapping that names an unknown field or uses a field twice."""
    labels = {spec.key: spec.label for spec in field_specs(kind)}
    unknown = sorted(set(chosen.values()) - labels.keys())
    if unknown:
        raise ValueError(f"unknown fields for {kind}: {unknown}")
    multi = {spec.key for spec in field_specs(kind) if spec.multi}
    used = Counter(key for key in chosen.values() if key not in multi)
    twice = [labels[key] for key, count in used.items() if count > 1]
    if twice:
        raise KnownError(_("Several columns are mapped to {fields}; keep one.", fields="、".join(twice)))


def default_error_path(source: Path | str) -> Path:
    """Where the error workbook of ``source`` goes by default: beside it, ``<name>_错误行.xlsx``."""
    source = Path(source)
    return source.with_name(f"{source.stem}_错误行.xlsx")


def write_errors(result: Preview, path: Path | str, *, cancelled: Callable[[], bool] | None = None) -> Path | None:
    """Write the preview's rejected rows, and the rows with values set aside (sheet 警告), to an
    error workbook (``None`` when there are neither)."""
    if not result.error_rows and not result.warning_rows:
        return None
    atomic.ensure_folder(path)
    # the rejected rows are the ledger's own rows: personal data, owner-only
    with atomic.atomic_file(path, mode=atomic.PRIVATE) as target:
        _save_errors(result, target.temp, cancelled)
        return target.commit()


def _save_errors(result: Preview, path: Path, cancelled: Callable[[], bool] | None) -> None:
    write_error_workbook(path, result.header, result.error_rows, warnings=result.warning_rows, cancelled=cancelled)


def _write_error_workbook(result: Preview, pending: atomic.AtomicFile, cancelled: Callable[[], bool] | None) -> None:
    """The error workbook, written inside the import's transaction (renamed into place after the
    commit): when it cannot be written (a full disk, a read-only folder) the import is refused
    whole, with a message naming it."""
    reason = None
    try:
        _save_errors(result, pending.temp, cancelled)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    if reason is not None:  # out of the except block: its traceback no longer holds the failed writer
        pending.discard()
        _drop_abandoned_writers()
        raise KnownError(_("{path}: the workbook of rejected rows cannot be written ({reason}); nothing was "
                           "imported. Free some space or choose another folder with --errors.",
                           path=str(pending.path), reason=reason))


def _drop_abandoned_writers() -> None:
    """Collect openpyxl's write-only row streams left open by a failed save now, quietly.

    They would otherwise fail once more when collected, printing "Exception ignored …" with a
    traceback on stderr at some later moment (the commit runs with the collector off).
    """
    import sys

    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: log.debug("dropped a failed workbook stream: %s", unraisable.exc_value)
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


# existing customers whose contacts, orders, tags or custom values the batch added or changed: the
# customer form saves these under the customer's version, so it must rise (core.store.versions)
_TOUCHED_CUSTOMERS = (
    "SELECT customer_id FROM contact WHERE batch_id = ? "
    "UNION SELECT customer_id FROM customer_order WHERE batch_id = ? "
    "UNION SELECT entity_id FROM custom_value WHERE batch_id = ? "
    "AND field_id IN (SELECT id FROM custom_field WHERE entity = 'customer') "
    "UNION SELECT t.customer_id FROM customer_tag t JOIN import_journal j ON j.row_id = t.id "
    "AND j.table_name = 'customer_tag' WHERE j.batch_id = ? "
    "UNION SELECT c.customer_id FROM contact c JOIN import_journal j ON j.row_id = c.id "
    "AND j.table_name = 'contact' AND j.action = 'update' WHERE j.batch_id = ?")


def _refuse_stale(stale: list[RowResult], shown: int = 5) -> None:
    """Refuse a commit whose preview no longer holds, naming the first rows that changed."""
    if not stale:
        return
    rows = "; ".join(_("row {row} ({name})", row=row.source_row, name=row.values.get("name", ""))
                     for row in stale[:shown])
    if len(stale) > shown:
        rows = _("{rows} and {more} more", rows=rows, more=len(stale) - shown)
    raise KnownError(_("The database changed after the preview: another PC created, changed or removed the "
                       "customers of {rows}. Preview the file again.", rows=rows))


def _raise_versions(conn: Any, batch_id: int, author: str, stamp: dt.datetime) -> None:
    """Raise the version of the existing customers the batch changed beside their own row (their own
    row's changes raised it already, through the writer)."""
    conn.execute(f"UPDATE customer SET {versions.STAMP_SET} WHERE (batch_id IS NULL OR batch_id != ?) "
                 f"AND id IN ({_TOUCHED_CUSTOMERS})", [*versions.stamp_params(author, stamp), batch_id,
                                                        *[batch_id] * 5])


@server_locks.one_at_a_time(server_locks.IMPORT_LOCK)  # one import at a time on a shared database
def commit(result: Preview, *, operator: Staff | None = None, error_path: Path | str | None = None,
           staff_plan: Mapping[str, int | None] | None = None,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Write a preview in one transaction; rejected rows go to ``error_path`` (when given).

    ``operator`` is recorded on the batch and the change log of customers (never as the
    author of imported history). ``staff_plan`` says what becomes of each person of
    ``result.new_staff``: an existing staff id, ``None`` to leave them out (their name stays
    in the notes), or absent / 0 to add them as staff (the default). Raises
    :class:`OperationCancelled` when ``cancelled()`` turns true (nothing is written), and
    :class:`KnownError` when the database changed since the preview or the preview was
    already committed.
    """
    if result.committed_batch is not None:
        raise KnownError(_("This preview has already been imported (batch {batch}).", batch=result.committed_batch))
    importer = result._importer  # noqa: SLF001 - the service reads back the Preview it made
    assert importer is not None, "a Preview made by preview()"
    if hasattr(importer, "staff_plan"):
        importer.staff_plan = dict(staff_plan or {})
    conn = server_conn.connection()
    server = server_conn.on_server(conn)
    counts = result.counts
    warned = len(result.warning_rows)
    pending: atomic.AtomicFile | None = None
    if error_path is not None and (counts[ERROR] or warned):
        atomic.ensure_folder(error_path)
        pending = atomic.AtomicFile(error_path, mode=atomic.PRIVATE)
    stamp = now()
    collecting = gc.isenabled()
    gc.disable()
    cache_size = None if server else conn.execute("PRAGMA cache_size").fetchone()[0]
    if not server:  # a big batch touches many index and full-text pages: keep them in memory instead of spilling
        conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
    try:
        with bulk_journal(conn, len(result.rows)):  # the batch's pages written once, not via the WAL
            conn.execute("BEGIN" if server else "BEGIN IMMEDIATE")
            try:
                # On a server other PCs add records all the time: the planned rows are matched again inside this
                # transaction (under the import lock), and a row whose customer another PC created, removed or
                # changed since the preview refuses the commit, naming it. A file has one writer: a record added or
                # removed since the preview refuses (its fingerprint: no matching again when nothing was), naming
                # the rows it can; the customers the rows update are checked for edits on both engines.
                if server or _fingerprint(conn) != result._fingerprint:  # noqa: SLF001 - as above
                    _refuse_stale(importer.stale_rows(conn, result.rows))
                    if not server:
                        raise KnownError(_("The database changed after the preview (other records were added or "
                                           "removed). Preview the file again."))
                else:
                    _refuse_stale(importer.edited_rows(conn, result.rows))
                batch_id = conn.execute(
                    "INSERT INTO import_batch (kind, file_name, sheet, operator_id, started_at, rows, created, updated, "
                    "duplicates, errors, warnings, source, status) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, '', 'committed') "
                    "RETURNING id",
                    (result.kind, result.file.name[:500], result.sheet[:100], operator.id if operator else None,
                     stamp.strftime("%Y-%m-%d %H:%M:%S"))).fetchone()[0]
                writer = Writer(conn, batch_id, operator.id if operator else None, operator.name if operator else "",
                                stamp, f"导入：{result.file.name}", progress, cancelled)
                # ids a server reserves per table at once: a generous bound of the rows one file row makes
                writer.reserve = 8 * len(result.rows) + 64
                clock = writer.clock
                clock.switch("write")
                planned_created, planned_updated = importer.planned_counts(result.rows)
                writer.total = planned_created + planned_updated + 1  # +1: the journal and the commit
                with BulkIndexes(conn, importer.planned_inserts(result.rows), clock) as bulk:
                    created, updated = importer.write(writer, result.rows)
                    errors = None if pending is None else (lambda: _write_error_workbook(result, pending, cancelled))
                    _finish(writer, bulk, errors)
                clock.switch("write")
                writer.journal.flush(conn)
                _raise_versions(conn, batch_id, writer.operator_name, stamp)
                clock.switch("index")
                importer_search.flush(conn)
                importer_search.reindex(conn, writer.reindex_ids)
                clock.switch("write")
                conn.execute("UPDATE import_batch SET finished_at = ?, rows = ?, created = ?, updated = ?, duplicates = ?, "
                             "errors = ?, warnings = ?, source = ? WHERE id = ?",
                             (now().strftime("%Y-%m-%d %H:%M:%S"), len(result.rows), created, updated, counts[DUPLICATE],
                              counts[ERROR], warned, result.source_label[:40], batch_id))
                writer.check()
                clock.switch("commit")
                conn.execute("COMMIT")
                clock.stop()
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                    conn.execute("ROLLBACK")
                raise
    except BaseException as exc:
        if pending is not None:
            pending.discard()
        known = classify_sqlite_error(exc)
        if known is not None and known is not exc:
            raise known from exc
        raise
    finally:
        if cache_size is not None:
            conn.execute(f"PRAGMA cache_size = {cache_size}")
        if collecting:
            gc.enable()
    if pending is not None:
        pending.commit()
    result.committed_batch = batch_id
    log.info("import batch %s (%s): %s rows, %s created, %s updated, %s duplicates, %s errors, %s warnings; staff %s",
             batch_id, result.kind, len(result.rows), created, updated, counts[DUPLICATE], counts[ERROR], warned,
             operator.id if operator else "-")
    if progress is not None:
        progress(writer.total, writer.total)
    return ImportResult(rows=len(result.rows), created=created, updated=updated, duplicates=counts[DUPLICATE],
                        errors=counts[ERROR], batch=batch_id, error_workbook=pending.path if pending else None,
                        changes=changes_of(result.kind), warnings=warned, timing=writer.clock)

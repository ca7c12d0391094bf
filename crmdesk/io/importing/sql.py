"""The importer's write path: batched ``executemany`` on the raw connection (docs/spec.md §9).

One ORM call per row would take minutes for a 100,000-row ledger; here rows are plain
tuples built from dicts, ids are allocated up front (the batch holds the write lock, so
nobody else can take them), every insert and update is journaled for undo, and for a
bulk load much larger than the table the table's indexes are rebuilt once instead of
being updated row by row (inside the same transaction, so a cancel restores them).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from peewee import BooleanField, Field, Model

from crmdesk.core.safety import secrets
from crmdesk.core.store import versions
from crmdesk.core.store.errors import OperationCancelled
from crmdesk.core.store.models import stored_datetime
from crmdesk.io.importing.phases import PhaseClock
from crmdesk.io.importing.server_conn import on_server, reserve_block

CHUNK = 5000  # rows per executemany (and per progress report)
# tables whose rows remember the batch that created them (models' ``batch`` foreign key)
BATCH_TABLES = ("customer", "contact", "customer_order", "ticket", "interaction", "survey", "equipment",
                "custom_value")
PARAMS = 900  # bound parameters per IN (...) query

log = logging.getLogger(__name__)


def db_value(value: object) -> object:
    """A Python value as SQLite stores it for peewee (dates as ISO text, booleans as 0/1)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def fields_of(model: type[Model]) -> list[Field]:
    """A model's fields in column order."""
    return list(model._meta.sorted_fields)


def sealed(table: str, values: dict[str, object]) -> dict[str, object]:
    """``values`` with the sensitive columns encrypted when the database is (``core.safety.secrets``)."""
    return secrets.seal(table, values) if secrets.current().encrypted else values


def revealed(table: str, column: str, value: object) -> object:
    """A stored sensitive value in clear."""
    if isinstance(value, str) and value and secrets.current().encrypted:
        return secrets.reveal(table, column, value)
    return value


def sql_literal(value: object) -> str:
    """A constant as SQL text (for :meth:`Table.statement`)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # spelled alike on both engines
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def chunks(items: Sequence, size: int = PARAMS) -> Iterable[Sequence]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def select_in(conn: sqlite3.Connection, sql: str, keys: Iterable[object]) -> list[tuple]:
    """Run ``sql`` (with one ``{marks}`` placeholder for the IN list) for all keys, in chunks."""
    out: list[tuple] = []
    unique = list(dict.fromkeys(keys))
    for part in chunks(unique):
        out.extend(conn.execute(sql.format(marks=",".join("?" * len(part))), list(part)).fetchall())
    return out


class Table:
    """Insert rows given as dicts into one model's table; absent columns get the model's defaults."""

    def __init__(self, model: type[Model], stamp: dt.datetime, *, server: bool = False) -> None:
        self.model = model
        self.server = server
        self.reserve = 0  # ids a server reserves per next_id (the writer sizes it from the file)
        self.booleans = {f.column_name for f in fields_of(model) if isinstance(f, BooleanField)}
        self.bool_positions: dict[str, list[int]] = {}  # statement → positions of boolean parameters
        self.name = model._meta.table_name
        fields = model._meta.sorted_fields
        self.columns = [f.column_name for f in fields]
        base: dict[str, object] = {}
        for f in fields:
            default = f.default() if callable(f.default) else f.default
            if f.column_name in ("created_at", "updated_at") and not f.null:
                default = stamp
            base[f.column_name] = db_value(default)
        self.base = base
        self._getter = itemgetter(*self.columns)
        names = ", ".join(f'"{c}"' for c in self.columns)
        self.sql = f'INSERT INTO "{self.name}" ({names}) VALUES ({", ".join("?" * len(self.columns))})'
        self.bool_positions[self.sql] = [i for i, c in enumerate(self.columns) if c in self.booleans]
        rest = self.columns[1:]
        self.sql_without_id = (f'INSERT INTO "{self.name}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in rest)}) '
                               f'VALUES ({", ".join("?" * len(rest))})')

    def row(self, values: dict[str, object]) -> tuple:
        """The tuple of one row (values must already be database values)."""
        return self._getter({**self.base, **values})

    def statement(self, varying: Sequence[str], fixed: dict[str, object] | None = None) -> str:
        """An INSERT binding only the ``varying`` columns; every other column is written as a literal.

        Binding a parameter costs Python more than SQLite needs to store it: a customer
        row has 33 columns of which a ledger fills a dozen, so constants go into the SQL.
        """
        constants = {**self.base, **(fixed or {})}
        literal_columns = [c for c in self.columns if c not in varying]
        names = ", ".join(f'"{c}"' for c in [*varying, *literal_columns])
        values = ", ".join(["?"] * len(varying) + [self._literal(c, constants[c]) for c in literal_columns])
        statement = f'INSERT INTO "{self.name}" ({names}) VALUES ({values})'
        self.bool_positions[statement] = [i for i, c in enumerate(varying) if c in self.booleans]
        return statement

    def _literal(self, column: str, value: object) -> str:
        if self.server and column in self.booleans and value is not None:
            return sql_literal(bool(value))  # a server takes no 0/1 into a boolean column
        return sql_literal(db_value(value))

    def next_id(self, conn: sqlite3.Connection) -> int:
        """The first free id; on a server the first of a block reserved from the table's sequence
        (other PCs keep creating records meanwhile, ``server_conn.reserve_block``)."""
        if on_server(conn):
            return reserve_block(conn, self.name, max(self.reserve, 1))
        return conn.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{self.name}"').fetchone()[0]


class Journal:
    """Collects the import journal (what to undo) and writes it with the batch."""

    SQL = "INSERT INTO import_journal (batch_id, table_name, row_id, action, old_values) VALUES (?, ?, ?, ?, ?)"

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self._rows: list[tuple] = []

    def inserted(self, table: str, ids: Iterable[int]) -> None:
        """Rows the batch created."""
        batch = self.batch_id
        self._rows.extend([(batch, table, row_id, "insert", "{}") for row_id in ids])

    def updated(self, table: str, row_id: int, old_values: dict[str, object]) -> None:
        """A row the batch changed, with the previous values of the changed columns."""
        payload = json.dumps({k: db_value(v) for k, v in old_values.items()}, ensure_ascii=False)
        self._rows.append((self.batch_id, table, row_id, "update", payload))

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write what was collected."""
        for part in chunks(self._rows, CHUNK * 4):
            conn.executemany(self.SQL, part)
        self._rows.clear()


class Writer:
    """The context of one commit: connection, batch, journal, progress and cancel."""

    def __init__(self, conn: sqlite3.Connection, batch_id: int, operator_id: int | None, operator_name: str,
                 stamp: dt.datetime, reason: str, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.operator_id = operator_id
        self.operator_name = operator_name
        self.stamp = stamp
        self.stamp_text = db_value(stamp)
        self.reason = reason
        self.journal = Journal(batch_id)
        self.clock = PhaseClock()  # where the commit's time goes (``phases``)
        self._progress = progress
        self._cancelled = cancelled
        self.done = 0
        self.total = 1
        self.reindex_ids: set[int] = set()  # existing customers whose search text changed
        # what search.document needs of each customer created: (id, code, name, contact names, tags)
        self.search_docs: list[tuple[int, str, str, Sequence[str], Sequence[str]]] = []
        self.deferred: list[tuple[str, Sequence[object]]] = []  # INSERT … SELECT statements run with the indexes
        self._tables: dict[type[Model], Table] = {}
        self.server = on_server(conn)
        self.reserve = 1  # ids per table a server reserves at once (the commit sizes it from the file)

    def table(self, model: type[Model]) -> Table:
        """The insert helper of a model (built once per commit)."""
        if model not in self._tables:
            self._tables[model] = Table(model, self.stamp, server=self.server)
        self._tables[model].reserve = self.reserve
        return self._tables[model]

    def check(self) -> None:
        """Raise :class:`OperationCancelled` when the user cancelled."""
        if self._cancelled is not None and self._cancelled():
            raise OperationCancelled()

    def step(self, amount: int = 0) -> None:
        """Report progress and honour a cancel."""
        self.done += amount
        self.check()
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)

    def insert(self, model: type[Model], rows: Sequence[Sequence[Any]], *, sql: str | None = None) -> None:
        """executemany in chunks (full rows, or the columns of ``sql`` from :meth:`Table.statement`).

        Tables with a ``batch_id`` column are journaled at the end of the commit from that
        column (:meth:`journal_batch_rows`); the others' ids (the first column) here.
        """
        table = self.table(model)
        flags = table.bool_positions.get(sql or table.sql) if self.server else None
        if self.server and sql is None and rows and rows[0][0] is None and table.columns[0] == "id":
            # full rows without an id (SQLite numbers them): a server's sequence does, when the column is left out
            sql, flags = table.sql_without_id, [i - 1 for i in flags or () if i]
            rows = [row[1:] for row in rows]
        for part in chunks(rows, CHUNK):
            if flags:
                part = [_booleans(row, flags) for row in part]
            self.conn.executemany(sql or table.sql, part)
            self.check()
        if "batch_id" not in table.columns:
            self.journal.inserted(table.name, [row[0] for row in rows])

    def defer(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run a long single statement (an ``INSERT … SELECT``) later, beside the commit's helper thread."""
        self.deferred.append((sql, params))

    def run_deferred(self) -> None:
        """Run what :meth:`defer` collected."""
        for sql, params in self.deferred:
            self.conn.execute(sql, params)
        self.deferred.clear()

    def journal_batch_rows(self) -> None:
        """Journal every row that carries this batch's id, with one INSERT … SELECT per table."""
        for table in BATCH_TABLES:
            self.conn.execute(f"INSERT INTO import_journal (batch_id, table_name, row_id, action, old_values) "
                              f"SELECT CAST(? AS INTEGER), '{table}', id, 'insert', '{{}}' FROM \"{table}\" WHERE batch_id = ? "
                              f"ORDER BY id", (self.batch_id, self.batch_id))

    def update(self, model: type[Model], row_id: int, new: dict[str, object], old: dict[str, object]) -> None:
        """Update some columns of one row, journaling their previous values. A versioned row (a customer,
        contact or machine, ``core.store.versions``) gets a new version by the batch's operator, so a form
        opened before the import cannot write its old values back (not for derived columns alone, such as a
        customer's last contact: no form writes them back, ``versions.DERIVED``)."""
        name = model._meta.table_name
        new = dict(new)
        sets, stamp = [], []
        moment = new.pop("updated_at", None) if versions.is_versioned(model) else None
        if versions.protected(name, new):
            sets = [versions.STAMP_SET]
            stamp = versions.stamp_params(self.operator_name, stored_datetime(moment) or self.stamp)
        sets += [f'"{col}" = ?' for col in new]
        values = [*map(db_value, new.values()), row_id]
        if self.server:  # a server takes booleans, not 0/1, into a boolean column
            booleans = self.table(model).booleans
            values = [bool(v) if col in booleans and v is not None else v for col, v in zip([*new, "id"], values)]
        self.conn.execute(f'UPDATE "{name}" SET {", ".join(sets)} WHERE id = ?', [*stamp, *values])
        self.journal.updated(name, row_id, old)


def _booleans(row: Sequence[Any], positions: list[int]) -> tuple:
    values = list(row)
    for index in positions:
        if values[index] is not None:
            values[index] = bool(values[index])
    return tuple(values)


_INSERT_TRIGGER = re.compile(r"\b(?:BEFORE|AFTER|INSTEAD\s+OF)\s+INSERT\b", re.IGNORECASE)


@contextmanager
def suspended_trigger(conn: sqlite3.Connection, name: str, *, enabled: bool = True) -> Iterator[None]:
    """Drop trigger ``name`` (if it exists) for the block and recreate it after, in the caller's
    transaction; the caller writes the trigger's effect itself. On a server nothing is dropped (other
    PCs keep working on the table): the trigger runs per row."""
    if on_server(conn):
        yield
        return
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone()
    if not enabled or row is None:
        yield
        return
    conn.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        conn.execute(row[0])


class BulkIndexes:
    """Drop a table's indexes for a bulk load far larger than the table, rebuild them after.

    Building an index once from the loaded rows is several times faster than updating
    a dozen indexes row by row. Tables with triggers keep their indexes. Everything
    happens inside the caller's transaction.
    """

    def __init__(self, conn: sqlite3.Connection, tables: dict[str, int], clock: PhaseClock | None = None) -> None:
        self.conn = conn
        self.tables = tables  # table → number of rows about to be inserted
        self.statements: list[str] = []
        self.clock = clock or PhaseClock()

    def __enter__(self) -> BulkIndexes:
        if on_server(self.conn):
            return self  # never on a server: DROP INDEX would lock the table for every PC until COMMIT
        for table, adding in self.tables.items():
            existing = self.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if adding < 5000 or adding < existing:
                continue
            triggers = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                         (table,)).fetchall()
            if any(_INSERT_TRIGGER.search(sql) for (sql,) in triggers):
                # an insert trigger may look rows up through these indexes (contact's keeps
                # customer.primary_contact current): without them every insert would scan the table
                continue
            rows = self.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                     "AND tbl_name = ?", (table,)).fetchall()
            for name, sql in rows:
                self.conn.execute(f'DROP INDEX "{name}"')
                self.statements.append(sql)
        return self

    def rebuild(self) -> None:
        """Recreate the dropped indexes (a duplicate key fails here, inside the transaction)."""
        with self.clock.during("index"):
            for sql in self.statements:
                self.conn.execute(sql)
        self.statements.clear()

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.rebuild()


BULK_JOURNAL_ROWS = 5000  # file rows from which a commit writes through a rollback journal


@contextmanager
def bulk_journal(conn: sqlite3.Connection, rows: int) -> Iterator[bool]:
    """For the block, a large batch on a file writes through a rollback journal instead of the WAL.

    In WAL mode every page a batch writes goes to the write-ahead log and is then copied
    into the file by the checkpoint of its ``COMMIT``: a 100,000-row first import (some 200 MB
    of pages) is written twice. A rollback journal keeps only the pages that existed before
    the batch, and the new ones go into the file once; a kill or a failure still leaves the file
    as it was (SQLite rolls the hot journal back on the next open, ``db.recover_hot_journal``).
    ``synchronous = FULL`` meanwhile, as SQLite advises for a rollback journal on power loss.

    SQLite changes the journal mode only when no other connection has the file open (the
    writer lock file keeps other processes out; another thread of this one may read): then the
    batch simply stays in WAL mode. Yields whether the mode changed; the WAL is back after the
    block either way. Nothing changes on a server or for a small batch.
    """
    if on_server(conn) or rows < BULK_JOURNAL_ROWS:
        yield False
        return
    synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
    try:
        changed = conn.execute("PRAGMA journal_mode = TRUNCATE").fetchone()[0].lower() == "truncate"
    except sqlite3.OperationalError:  # "database is locked" at once: another connection has the file open
        changed = False
    if changed:
        conn.execute("PRAGMA synchronous = FULL")
    try:
        yield changed
    finally:
        if changed:
            try:
                conn.execute(f"PRAGMA synchronous = {int(synchronous)}")
                back = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal"
            except sqlite3.Error:  # never hides the batch's own error; the next opening sets WAL (``db.prepare``)
                back = False
            if not back:
                log.warning("import: the database stayed in rollback-journal mode after the batch")

"""The importer on a PostgreSQL server: the few ``sqlite3.Connection`` methods it uses, on the bound
server database (issue #19 stage 4b, design §6.4, §10).

The importer writes with ``?`` placeholders and reads tuples, as sqlite3 gives them; on a server
:class:`ServerConnection` turns the placeholders into the driver's (``Dialect.sql``) and sends
text untyped (psycopg's default), so the server reads ISO text as its column's date or time; the
writer turns the 0/1 of boolean columns into booleans (:meth:`sql.Writer.insert`). Ids come from the tables' sequences
(:func:`reserve_block`): no ``max(id) + 1`` while other PCs create records. No index or trigger
is dropped on a server (DDL would lock the table for every PC until the import commits).

The bulk inserts (``executemany`` of a plain ``INSERT … VALUES``) go in as one ``COPY`` per call
(:func:`copy_plan`): a row-by-row ``INSERT``, even pipelined, costs the server a statement per row —
parse, plan, the statement-level triggers of the change feed — and a 10,000-row import took
seconds for that alone. The constants :meth:`sql.Table.statement` writes into the SQL travel as
values of every row instead. Row triggers still fire per row, statement triggers once per ``COPY``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from psycopg.pq import TransactionStatus

from crmdesk.core.i18n import _
from crmdesk.core.store import models
from crmdesk.core.store.errors import KnownError

_TRIES = 5  # blocks of sequence values taken before giving up (another PC took one inside each)
_INSERT = re.compile(r'\s*INSERT INTO ("?\w+"?) \(([^)]*)\) VALUES \((.*)\)\s*', re.DOTALL)
# one item of a VALUES list as ``sql.sql_literal`` spells it: a placeholder, a string, NULL/TRUE/FALSE, a number
_ITEM = re.compile(r"\s*(?:(\?)|'((?:[^']|'')*)'|(NULL|TRUE|FALSE)|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))\s*(?:,|$)")
_WORDS = {"NULL": None, "TRUE": True, "FALSE": False}
# a statement's COPY: (COPY … FROM STDIN, per column the parameter's position or -1, per column its constant)
CopyPlan = tuple[str, list[int], list[object]]


class ServerConnection:
    """``execute``/``executemany``/``in_transaction`` of a sqlite3 connection, on the bound server."""

    server = True

    def __init__(self, database: Any) -> None:
        self.database = database
        self.raw = database.connection()
        # customer_search rows of new customers, written after the customers (``search.flush``)
        self.search_rows: list[tuple[int, str, list[str]]] = []
        self._plans: dict[str, CopyPlan | None] = {}

    def _cursor(self) -> Any:
        return self.raw.cursor()

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor = self._cursor()
        cursor.execute(self.database.dialect.sql(statement), params or None)
        return cursor

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> Any:
        rows = list(rows)
        if statement not in self._plans:
            self._plans[statement] = copy_plan(statement)
        plan = self._plans[statement]
        cursor = self._cursor()
        if plan is None:  # not a plain INSERT … VALUES (an upsert, an INSERT … SELECT): a statement per row
            cursor.executemany(self.database.dialect.sql(statement), rows)
        elif rows:
            command, positions, constants = plan
            with cursor.copy(command) as copy:
                for row in rows:
                    copy.write_row([row[at] if at >= 0 else constant for at, constant in zip(positions, constants)])
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE


def copy_plan(statement: str) -> CopyPlan | None:
    """The ``COPY`` that writes the rows of ``statement`` (an ``INSERT INTO t (…) VALUES (…)`` whose values
    are ``?`` or constants), or ``None`` for any other statement."""
    match = _INSERT.fullmatch(statement)
    if match is None:
        return None
    table, names, values = match.groups()
    columns = [name.strip() for name in names.split(",")]
    positions: list[int] = []
    constants: list[object] = []
    at, bound = 0, 0
    while at < len(values):
        item = _ITEM.match(values, at)
        if item is None or item.end() == at:
            return None
        placeholder, text, word, number = item.groups()
        if placeholder:
            positions.append(bound)
            constants.append(None)
            bound += 1
        else:
            positions.append(-1)
            constants.append(text.replace("''", "'") if text is not None else _WORDS[word] if word
                             else float(number) if any(c in number for c in ".eE") else int(number))
        at = item.end()
    if len(positions) != len(columns):
        return None
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN", positions, constants


def connection() -> Any:
    """The connection the importer works on: the raw sqlite3 one for a file, else a :class:`ServerConnection`."""
    database = models.database_proxy.obj
    if getattr(database, "dialect", None) is not None and database.dialect.name == "postgresql":
        return ServerConnection(database)
    return models.database_proxy.connection()


def on_server(conn: object) -> bool:
    """Whether the importer's connection is a server's."""
    return getattr(conn, "server", False)


def reserve_block(conn: Any, table: str, count: int) -> int:
    """The first of ``count`` consecutive ids taken from ``table``'s sequence, nobody else's.

    ``nextval`` is atomic per value; when the values of one statement are consecutive no other
    session got one in between, so the block is this import's. Another PC creating a record
    meanwhile leaves a gap: the block is dropped (a gap in the ids, harmless) and taken again.
    """
    sequence = conn.execute("SELECT pg_get_serial_sequence(?, 'id')", (f'"{table}"',)).fetchone()[0]
    # the sequence past any id written without it (rows copied in by move-to-server, restore)
    conn.execute(f"SELECT setval('{sequence}', greatest((SELECT coalesce(max(id), 0) FROM \"{table}\"), "
                 f"(SELECT last_value FROM {sequence})))")
    for _try in range(_TRIES):
        # the block's ends only: the values themselves stay on the server (a 100,000-row file reserved
        # 800,064 values per table, and sent every one of them to the PC)
        first, last = conn.execute(f"SELECT min(v), max(v) FROM (SELECT nextval('{sequence}') AS v "
                                   f"FROM generate_series(1, ?)) AS block", (count,)).fetchone()
        if last - first == count - 1:
            return int(first)
    raise KnownError(_("Could not reserve ids for the import: other PCs are creating records too fast. "
                       "Try again in a moment."))

"""The importer on a PostgreSQL server: the few ``sqlite3.Connection`` methods it uses, on the bound
server database (issue #19 stage 4b, design §6.4, §10).

The importer writes with ``?`` placeholders and reads tuples, as sqlite3 gives them; on a server
:class:`ServerConnection` turns the placeholders into the driver's (``Dialect.sql``) and sends
text untyped (psycopg's default), so the server reads ISO text as its column's date or time; the
writer turns the 0/1 of boolean columns into booleans (:meth:`sql.Writer.insert`). Ids come from the tables' sequences
(:func:`reserve_block`): no ``max(id) + 1`` while other PCs create records. No index or trigger
is dropped on a server (DDL would lock the table for every PC until the import commits).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from psycopg.pq import TransactionStatus

from crmdesk.core.i18n import _
from crmdesk.core.store import models
from crmdesk.core.store.errors import KnownError

_TRIES = 5  # blocks of sequence values taken before giving up (another PC took one inside each)


class ServerConnection:
    """``execute``/``executemany``/``in_transaction`` of a sqlite3 connection, on the bound server."""

    server = True

    def __init__(self, database: Any) -> None:
        self.database = database
        self.raw = database.connection()
        # customer_search rows of new customers, written after the customers (``search.flush``)
        self.search_rows: list[tuple[int, str, list[str]]] = []

    def _cursor(self) -> Any:
        return self.raw.cursor()

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor = self._cursor()
        cursor.execute(self.database.dialect.sql(statement), params or None)
        return cursor

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> Any:
        cursor = self._cursor()
        cursor.executemany(self.database.dialect.sql(statement), list(rows))
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE


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

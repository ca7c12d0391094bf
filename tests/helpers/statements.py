"""The SQL statements a piece of code sends to the bound database, on either engine (issue #19)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from crmdesk.core.store.models import database_proxy


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """Collect every statement run inside the block: SQLite's own trace (everything the connection
    runs), or on a server each statement handed to peewee (where every raw statement goes)."""
    statements: list[str] = []
    connection = database_proxy.connection()
    if isinstance(connection, sqlite3.Connection):
        connection.set_trace_callback(statements.append)
        try:
            yield statements
        finally:
            connection.set_trace_callback(None)
        return
    database = database_proxy.obj
    original = database.execute_sql

    def recording(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    database.execute_sql = recording
    try:
        yield statements
    finally:
        del database.execute_sql

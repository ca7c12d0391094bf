"""A large import batch on a file writes through a rollback journal, then the file is back in WAL mode
(``io.importing.sql.bulk_journal``, docs/spec.md §9 speed, §7 a killed import leaves the file as it was).

The kill -9 half is in ``tests/attacks/test_kill.py``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crmdesk.core.store.errors import OperationCancelled
from crmdesk.core.store.models import Customer, database_proxy
from crmdesk.io.importing.service import commit, preview
from crmdesk.io.importing.sql import BULK_JOURNAL_ROWS, bulk_journal
from tests.helpers.workbooks import write_xlsx

pytestmark = pytest.mark.sqlite_only  # a server has no journal mode to change

HEADER = ["客户名称*", "联系人", "手机（必填）"]


def _ledger(tmp_path: Path, rows: int) -> Path:
    return write_xlsx(tmp_path / f"ledger-{rows}.xlsx", HEADER,
                      [[f"公司{i}", f"人{i}", f"139{i:08d}"] for i in range(rows)])


def _modes(conn: sqlite3.Connection) -> list[str]:
    """The journal modes the connection is told to take from now on."""
    said: list[str] = []
    conn.set_trace_callback(lambda sql: said.append(sql.split("=")[1].strip().lower())
                            if sql.startswith("PRAGMA journal_mode =") else None)
    return said


def test_a_big_batch_goes_through_a_rollback_journal_and_the_file_returns_to_wal(db, tmp_path: Path) -> None:
    conn = database_proxy.connection()
    said = _modes(conn)
    try:
        outcome = commit(preview(_ledger(tmp_path, BULK_JOURNAL_ROWS), "customers"))
    finally:
        conn.set_trace_callback(None)
    assert outcome.created == BULK_JOURNAL_ROWS
    assert said == ["truncate", "wal"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL again (FULL during the batch)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not Path(f"{database_proxy.obj.database}-journal").exists()  # TRUNCATE leaves it empty; WAL removes it


def test_a_small_batch_stays_in_wal_mode(db, tmp_path: Path) -> None:
    conn = database_proxy.connection()
    said = _modes(conn)
    try:
        assert commit(preview(_ledger(tmp_path, 20), "customers")).created == 20
    finally:
        conn.set_trace_callback(None)
    assert said == []


def test_a_cancelled_big_batch_leaves_nothing_and_the_wal(db, tmp_path: Path) -> None:
    result = preview(_ledger(tmp_path, BULK_JOURNAL_ROWS), "customers")
    calls: list[int] = []

    def cancel_later() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(OperationCancelled):
        commit(result, cancelled=cancel_later)
    conn = database_proxy.connection()
    assert Customer.select().count() == 0
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_another_connection_on_the_file_keeps_the_batch_in_wal_mode(db, tmp_path: Path) -> None:
    """SQLite refuses to leave WAL mode while another connection has the file open: the batch simply
    runs in WAL mode, at once (no wait for the busy timeout), and the reader keeps reading."""
    path = database_proxy.obj.database
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        assert reader.execute("SELECT count(*) FROM customer").fetchone()[0] == 0
        conn = database_proxy.connection()
        said = _modes(conn)
        try:
            assert commit(preview(_ledger(tmp_path, BULK_JOURNAL_ROWS), "customers")).created == BULK_JOURNAL_ROWS
        finally:
            conn.set_trace_callback(None)
        assert said == ["truncate"]  # asked, refused: nothing to switch back
        assert reader.execute("SELECT count(*) FROM customer").fetchone()[0] == BULK_JOURNAL_ROWS
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        reader.close()


def test_bulk_journal_leaves_a_small_batch_and_a_server_alone(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        with bulk_journal(conn, BULK_JOURNAL_ROWS - 1) as changed:
            assert not changed and conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with bulk_journal(conn, BULK_JOURNAL_ROWS) as changed:
            assert changed and conn.execute("PRAGMA journal_mode").fetchone()[0] == "truncate"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()

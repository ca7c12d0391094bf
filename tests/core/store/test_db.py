"""Opening, migrating and refusing databases; typed SQLite errors."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from peewee import IntegrityError, OperationalError, SqliteDatabase

from crmdesk.core.store import db as dbmod
from crmdesk.core.store import models
from crmdesk.core.store.dialect import POSTGRESQL, SQLITE
from crmdesk.core.store.errors import (
    DatabaseBusyError,
    DiskFullError,
    NotACrmDatabaseError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    classify_sqlite_error,
)

ROOT = Path(__file__).resolve().parents[3]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_uses_wal_foreign_keys_and_current_schema(db) -> None:
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
    assert db.execute_sql("PRAGMA application_id").fetchone()[0] == dbmod.APPLICATION_ID
    staff = models.Staff.create(name="张伟")
    customer = models.Customer.create(code="C2024001", name="深圳市华强电子有限公司", name_norm="x",
                                      account_manager=staff)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        models.Contact.insert(customer=999_999, name="nobody").execute()  # foreign key enforced
    assert models.Customer.get_by_id(customer.id).account_manager.name == "张伟"


def _schema(conn: sqlite3.Connection) -> dict[str, object]:
    tables = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                "AND name NOT LIKE 'customer_fts%' AND name NOT LIKE 'customer_bigram%'"):
        columns = [(r[1], r[2].upper(), r[3], r[5]) for r in conn.execute(f'PRAGMA table_info("{name}")')]
        fks = sorted((r[2], r[3], r[4], r[6]) for r in conn.execute(f'PRAGMA foreign_key_list("{name}")'))
        indexes = sorted((r[1], r[2]) for r in conn.execute(f'PRAGMA index_list("{name}")') if r[3] == "c")
        index_cols = {idx: [c[2] for c in conn.execute(f'PRAGMA index_info("{idx}")')] for idx, _ in indexes}
        tables[name] = (columns, fks, indexes, index_cols)
    return tables


def test_migrations_produce_exactly_the_models_schema(tmp_path: Path) -> None:
    """A model change without a migration (or the reverse) fails here."""
    migrated = tmp_path / "migrated.db"
    dbmod.prepare(migrated)
    fresh = SqliteDatabase(str(tmp_path / "fresh.db"))
    with fresh.bind_ctx(models.ALL_MODELS):
        fresh.create_tables(models.ALL_MODELS)
    fresh.close()
    a = sqlite3.connect(migrated)
    b = sqlite3.connect(tmp_path / "fresh.db")
    assert _schema(a) == _schema(b)
    names = {r[0] for r in a.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"customer_fts", "customer_bigram"} <= names


def test_upgrade_from_schema_1_keeps_every_row_and_fills_the_search_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    dbmod.migrate(conn, target=1)  # a database written by the version-1 app
    conn.execute("INSERT INTO staff (id, name, role, phone, active, created_at) "
                 "VALUES (1, '李娜', 'clerk', '', 1, '2024-01-05 09:00:00')")
    conn.execute("INSERT INTO customer (id, code, name, name_norm, type, importance, industry, size, region, address,"
                 " source_channel, purchase_intent, product_preference, budget_range, notes, confidential_notes,"
                 " status, tier, tier_pinned, at_risk, risk_reasons, total_order_fen, created_at, updated_at)"
                 " VALUES (1, 'C2024001', '东莞市宏达机械有限公司', '东莞市宏达机械', 'customer', 'A', '机械设备', '',"
                 " '', '', '', '', '', '', '', '', 'active', 'core', 0, 0, '', 0, '2024-01-05 09:00:00',"
                 " '2024-01-05 09:00:00')")
    conn.execute("INSERT INTO contact (id, customer_id, name, title, mobile, mobile_tail, mobile_key, phone, email,"
                 " wechat, birthday, birthday_lunar, is_primary, has_left, created_at, updated_at)"
                 " VALUES (1, 1, '王建国', '采购经理', '13812345678', '5678', '13812345678', '', '', '', '', 0, 1, 0,"
                 " '2024-01-05 09:00:00', '2024-01-05 09:00:00')")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    backups = tmp_path / "backups"
    database = dbmod.open_database(path, backups=backups)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
        assert models.Customer.get_by_id(1).name == "东莞市宏达机械有限公司"
        assert models.Contact.get_by_id(1).name == "王建国"
        assert models.Staff.get_by_id(1).name == "李娜"
        hits = database.execute_sql("SELECT rowid FROM customer_bigram WHERE customer_bigram MATCH '\"宏达\"'")
        assert [r[0] for r in hits] == [1]
    finally:
        database.close()
    copies = list(backups.glob("before-migration-v1-*.db"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("PRAGMA user_version").fetchone()[0] == 1


def test_steps_of_the_server_s_schema_alone_take_no_copy_of_a_file(tmp_path: Path) -> None:
    """A file at schema 12 moves to the current version (13, 14 and 15 change only the server's schema,
    16 adds an index) without the before-migration copy (36 s on the 100,000-customer file for nothing)."""
    assert [m.version for m in dbmod.MIGRATIONS if m.server_only] == [13, 14, 15]
    assert [m.version for m in dbmod.MIGRATIONS if m.index_only] == [16]
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    dbmod.migrate(conn, target=12)
    conn.close()
    backups = tmp_path / "backups"
    database = dbmod.open_database(path, backups=backups)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
    finally:
        database.close()
    assert not list(backups.glob("before-migration-*.db"))
    indexes = {r[1] for r in sqlite3.connect(path).execute('PRAGMA index_list("ticket")')}
    assert "ticket_open_work" in indexes


def test_a_step_that_changes_rows_still_takes_its_copy(tmp_path: Path) -> None:
    """The copy is skipped only for index and server steps: a file at schema 11 (12 adds columns and
    fills a counter) gets its before-migration copy."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    dbmod.migrate(conn, target=11)
    conn.close()
    backups = tmp_path / "backups"
    dbmod.open_database(path, backups=backups).close()
    assert [p.name.startswith("before-migration-v11-") for p in backups.glob("*.db")] == [True]


def test_a_migration_s_data_step_comes_from_its_domain(tmp_path: Path) -> None:
    """store knows no domain: migrating without the module that registers a data step is refused (a
    bug, not a half-migrated file); the one open function loads what the migrations need."""
    env = dict(os.environ, CRMDESK_HOME=str(tmp_path / "home"), CRMDESK_PASSPHRASE="test-passphrase")
    bare = subprocess.run([sys.executable, "-c", "from pathlib import Path; from crmdesk.core.store import db; "
                           f"db.prepare(Path({str(tmp_path / 'bare.db')!r}))"],
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert bare.returncode == 1 and "migration 2 needs its data step" in bare.stderr
    opened = subprocess.run([sys.executable, "-c", "from crmdesk.core.session import open_session; "
                             f"open_session({str(tmp_path / 'new.db')!r}, write=True).close()"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert opened.returncode == 0, opened.stderr
    assert sqlite3.connect(tmp_path / "new.db").execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION


def test_database_newer_than_the_app_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    dbmod.prepare(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(SchemaTooNewError) as info:
        dbmod.open_database(path)
    assert str(dbmod.SCHEMA_VERSION + 1) in info.value.message
    assert _digest(path) == before
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


def test_foreign_sqlite_file_and_garbage_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotACrmDatabaseError):
        dbmod.open_database(foreign)
    garbage = tmp_path / "notes.db"
    garbage.write_bytes(b"this is a spreadsheet, honest" * 100)
    before = _digest(garbage)
    with pytest.raises(NotACrmDatabaseError):
        dbmod.open_database(garbage)
    assert _digest(garbage) == before


def test_read_only_database_gives_a_friendly_error(db, tmp_path: Path) -> None:
    ro = sqlite3.connect(f"{(tmp_path / 'test.db').as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as info:
        ro.execute("INSERT INTO tag (name) VALUES ('x')")
    assert isinstance(classify_sqlite_error(info.value), ReadOnlyDatabaseError)


def test_locked_database_gives_a_friendly_error(db, tmp_path: Path) -> None:
    holder = sqlite3.connect(tmp_path / "test.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(tmp_path / "test.db", timeout=0)
    with pytest.raises(sqlite3.Error) as info:
        other.execute("INSERT INTO tag (name) VALUES ('x')")
    holder.execute("ROLLBACK")
    error = classify_sqlite_error(info.value)
    assert isinstance(error, DatabaseBusyError)
    assert "数据库正忙" in error.message


def test_full_disk_gives_a_friendly_error_through_peewee(db) -> None:
    page_count = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {page_count}")
    with pytest.raises(OperationalError, match="full") as info, db.atomic():
        models.Tag.insert_many([{"name": f"标签{i:05d}" + "x" * 200} for i in range(2000)]).execute()
    error = classify_sqlite_error(info.value)
    assert isinstance(error, DiskFullError)
    assert "磁盘已满" in error.message
    assert models.Tag.select().count() == 0  # nothing half-written


def test_unknown_errors_are_bugs_not_messages() -> None:
    assert classify_sqlite_error(ValueError("boom")) is None


# --------------------------------------------------------------------------- raw SQL on the bound database


def test_sql_runs_on_the_database_the_session_bound(db, tmp_path: Path) -> None:
    dbmod.sql("INSERT INTO tag (name) VALUES (?)", [("甲",), ("乙",)], many=True)
    assert dbmod.sql("SELECT name FROM tag ORDER BY name").fetchall() == [("乙",), ("甲",)]
    assert dbmod.sql("DELETE FROM tag WHERE name = ?", ["甲"]).rowcount == 1
    other = dbmod.open_database(tmp_path / "other.db")  # binding another database moves every call there
    try:
        assert dbmod.sql("SELECT count(*) FROM tag").fetchone() == (0,)
    finally:
        other.close()
        models.database_proxy.initialize(db)
    assert dbmod.sql("SELECT count(*) FROM tag").fetchone() == (1,)


def test_placeholders_are_written_in_the_engine_style() -> None:
    statement = "SELECT '?', \"a?\" FROM t WHERE x = ? AND y IN (?, ?) AND z = 'it''s ?' AND c LIKE 'GD%'"
    assert SQLITE.sql(statement) == statement
    assert POSTGRESQL.sql(statement) == (
        "SELECT '?', \"a?\" FROM t WHERE x = %s AND y IN (%s, %s) AND z = 'it''s ?' AND c LIKE 'GD%%'")

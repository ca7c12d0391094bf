"""The PostgreSQL engine (issue #19, stage 3): targets, passwords, identity, schema, locks, errors,
``server init`` and sessions opened through the one open function.

The tests of target parsing and error classification need no server; the rest run against the
server ``CRMDESK_TEST_PG`` names (``.ci/pg.sh``) and are skipped with the reason without one.
"""

from __future__ import annotations

import psycopg
import pytest

from crmdesk.cli import main
from crmdesk.core import server_init, session
from crmdesk.core.customers import service as customers
from crmdesk.core.safety import secrets
from crmdesk.core.store import db as store
from crmdesk.core.store import models, server
from crmdesk.core.store.errors import (
    CannotOpenDatabaseError,
    ConnectionLostError,
    DatabaseBusyError,
    KnownError,
    NotACrmDatabaseError,
    ReadOnlyDatabaseError,
    RetryableError,
    SchemaTooNewError,
    classify_server_error,
)
from crmdesk.core.store.models import ChangeLog, Contact, Customer
from tests.helpers import postgres

# --------------------------------------------------------------------------- without a server


def test_targets_are_parsed_and_never_carry_a_password() -> None:
    target = server.ServerTarget.parse("postgresql://li@192.168.1.10:5433/crmdesk")
    assert (target.user, target.host, target.port, target.dbname) == ("li", "192.168.1.10", 5433, "crmdesk")
    assert str(target) == "postgresql://li@192.168.1.10:5433/crmdesk"
    socket = server.ServerTarget.parse("postgres://crm@/shop?host=/run/pg")
    assert (socket.host, socket.port, socket.dbname) == ("/run/pg", 5432, "shop")
    with pytest.raises(KnownError, match="密码") as refused:
        server.ServerTarget.parse("postgresql://li:s3cret@server/crmdesk")
    assert "s3cret" not in refused.value.message
    for bad in ("postgresql://li@server/", "postgresql://li@/crmdesk", "postgresql://li@server:99999/crmdesk"):
        with pytest.raises(KnownError):
            server.ServerTarget.parse(bad)
    assert server.is_server("PostgreSQL://x@y/z") and not server.is_server("C:/data/crm.db")


def test_the_password_comes_from_the_environment_or_the_key_store(memory_keyring, monkeypatch) -> None:
    target = server.ServerTarget.parse("postgresql://li@server/crmdesk")
    monkeypatch.delenv(server.PASSWORD_ENV, raising=False)
    assert server.password(target) is None
    server.remember_password(target, "from-the-store")
    assert memory_keyring.passwords[(server.KEYRING_SERVICE, "li@server:5432/crmdesk")] == "from-the-store"
    assert server.connect_params(target)["password"] == "from-the-store"
    monkeypatch.setenv(server.PASSWORD_ENV, "typed")
    assert server.password(target) == "typed"


def test_application_name_is_ascii_and_short(monkeypatch) -> None:
    monkeypatch.setattr(server.platform, "node", lambda: "前台电脑-李晓梅的笔记本 FRONTDESK-1")
    name = server.application_name(7)
    assert name.isascii() and len(name.encode()) <= 63
    assert name.startswith("CRMDesk/") and "FRONTDESK-1" in name and name.endswith(" op7")


@pytest.mark.parametrize(("error", "kind"), [
    (psycopg.errors.SerializationFailure("x"), RetryableError),
    (psycopg.errors.DeadlockDetected("x"), RetryableError),
    (psycopg.errors.LockNotAvailable("x"), DatabaseBusyError),
    (psycopg.errors.InvalidPassword("x"), CannotOpenDatabaseError),
    (psycopg.errors.InvalidCatalogName("x"), CannotOpenDatabaseError),
    (psycopg.errors.AdminShutdown("x"), ConnectionLostError),
    (psycopg.OperationalError("connection refused"), ConnectionLostError),
])
def test_server_errors_are_classified_by_sqlstate(error: Exception, kind: type) -> None:
    try:  # peewee wraps the driver's error: the classification digs it out
        raise RuntimeError("wrapped") from error
    except RuntimeError as wrapped:
        assert isinstance(classify_server_error(wrapped, "postgresql://li@server/crmdesk"), kind)
    assert classify_server_error(psycopg.errors.UndefinedColumn("x")) is None  # a bug stays a bug
    assert classify_server_error(ValueError("x")) is None


# --------------------------------------------------------------------------- on a server


@pytest.fixture
def empty_url():
    """An empty database on the test server (no schema)."""
    url = postgres.empty()
    yield url
    postgres.drop(url)


def test_server_init_refuses_the_c_locale_with_the_reason(memory_keyring) -> None:
    url = postgres.require_server()
    name = postgres.unique_name("crm_c")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    target_url = postgres.with_dbname(url, name)
    try:
        result = server_init.initialise(server.ServerTarget.parse(target_url))
        assert not result.accepted and not result.initialised
        trigram = next(c for c in result.checks if "trigram" in c.name or "三元" in c.name)
        assert not trigram.ok and "C.UTF-8" in trigram.advice
        with psycopg.connect(target_url) as conn:  # nothing was written
            assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
    finally:
        postgres.drop(target_url)


def test_server_init_builds_the_schema_and_the_key_once(empty_url, capsys) -> None:
    assert main(["server", "init", empty_url]) == 0
    out, err = capsys.readouterr()
    assert f"schema {store.SCHEMA_VERSION}" in out or f"架构版本 {store.SCHEMA_VERSION}" in out
    assert "recovery code" in err
    target = server.ServerTarget.parse(empty_url)
    database = server.connect(target)
    try:
        assert server.schema_version(database) == store.SCHEMA_VERSION  # the baseline and the steps after it
        assert database.execute_sql("SELECT count(*) FROM tier_policy").fetchone()[0] > 0
        assert database.execute_sql("SELECT count(*) FROM setting WHERE key = 'encryption'").fetchone()[0] == 1
    finally:
        database.close()
    assert main(["server", "init", empty_url, "--json"]) == 0  # a second time: already prepared, nothing redone
    assert '"initialised": false' in capsys.readouterr().out


def test_a_database_of_another_program_or_a_newer_schema_is_refused(empty_url) -> None:
    with psycopg.connect(empty_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    with pytest.raises(NotACrmDatabaseError):
        session.open_session(empty_url, write=True)
    with psycopg.connect(empty_url, autocommit=True) as conn:
        conn.execute("DROP TABLE invoices")
        conn.execute("CREATE TABLE schema_migration (version integer PRIMARY KEY)")
        conn.execute("INSERT INTO schema_migration VALUES (99)")
    with pytest.raises(SchemaTooNewError):
        session.open_session(empty_url, write=True)
    assert session.current() is None


def test_an_empty_database_is_refused_until_server_init(empty_url) -> None:
    with pytest.raises(NotACrmDatabaseError, match="server init"):
        session.open_session(empty_url, write=True)


@pytest.fixture
def prepared_url(empty_url, memory_keyring):
    result = server_init.initialise(server.ServerTarget.parse(empty_url))
    assert result.initialised and result.unlock is not None and result.unlock.recovery_code
    return empty_url


def test_a_session_on_the_server_keeps_encryption_and_the_change_log(prepared_url) -> None:
    with session.open_session(prepared_url, write=True) as shared:
        assert isinstance(shared.database, server.ServerDatabase) and store.dialect().name == "postgresql"
        created = customers.save(customers.CustomerInput(
            name="深圳华强电子有限公司", type="customer", importance="A", address="深圳市福田区华强北路1号",
            contacts=[customers.ContactInput(name="李娜", title="经理", mobile="13812345678", is_primary=True)]))
        customer_id = created.customer_id
        customers.save(customers.CustomerInput(
            name="深圳华强电子有限公司", type="customer", importance="B", address="深圳市福田区华强北路1号",
            contacts=[customers.ContactInput(name="李娜", title="经理", mobile="13812345678", is_primary=True)]),
            customer_id=customer_id)
        stored_address, = store.sql("SELECT address FROM customer WHERE id = ?", [customer_id]).fetchone()
        stored_mobile, = store.sql("SELECT mobile FROM contact WHERE customer_id = ?", [customer_id]).fetchone()
        assert stored_address.startswith(secrets.PREFIX) and stored_mobile.startswith(secrets.PREFIX)
        assert Customer.get_by_id(customer_id).primary_contact == "李娜"  # the trigger of the baseline
        assert ChangeLog.select().where(ChangeLog.customer == customer_id).count() >= 1
        assert secrets.reveal("contact", "mobile", Contact.get(Contact.customer == customer_id).mobile) == \
            "13812345678"
    assert session.current() is None
    with session.open_session(prepared_url, write=False) as reader:  # a reader cannot write
        assert Customer.select().count() == 1
        with pytest.raises(Exception) as refused:
            store.sql("UPDATE customer SET notes = ?", ["改不了"])
        assert isinstance(classify_server_error(refused.value), ReadOnlyDatabaseError)
        reader.database.rollback()


def test_sessions_share_the_maintenance_lock_and_init_waits_for_nobody(prepared_url) -> None:
    first = session.open_session(prepared_url, write=True)
    try:
        models.database_proxy.initialize(first.database)
        with pytest.raises(KnownError, match="维护中"):
            server.MaintenanceLock(server.ServerTarget.parse(prepared_url), exclusive=True).acquire()
        with server.MaintenanceLock(server.ServerTarget.parse(prepared_url)):  # another PC: shared is fine
            pass
    finally:
        first.close()
    with server.MaintenanceLock(server.ServerTarget.parse(prepared_url), exclusive=True), pytest.raises(KnownError, match="维护中"):
        session.open_session(prepared_url, write=True)


def test_the_connection_says_who_it_is(prepared_url) -> None:
    with session.open_session(prepared_url, write=False) as shared:
        name, plan = shared.database.execute_sql(
            "SELECT application_name, current_setting('plan_cache_mode') FROM pg_stat_activity "
            "WHERE pid = pg_backend_pid()").fetchone()
    assert name.startswith("CRMDesk/") and name.isascii() and plan == "force_custom_plan"


def test_the_baseline_matches_the_models() -> None:
    """The frozen PostgreSQL baseline has every model's table and columns, with the models' nullability
    (the SQLite schema is held to the models by test_db; this is the same promise per engine)."""
    url = postgres.clone()
    try:
        with psycopg.connect(url) as conn:
            found = {(table, column): nullable == "YES" for table, column, nullable in conn.execute(
                "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                "WHERE table_schema = 'public'")}
            version = conn.execute("SELECT max(version) FROM schema_migration").fetchone()[0]
    finally:
        postgres.drop(url)
    wanted = {(model._meta.table_name, f.column_name): f.null for model in models.ALL_MODELS
              for f in model._meta.sorted_fields}
    assert {key: found.get(key) for key in wanted} == wanted
    # besides the models: the runner's version table, the search index (SQLite: its FTS5 tables), the change feed
    assert {table for table, _ in found} - {table for table, _ in wanted} == {"schema_migration", "customer_search",
                                                                              "change_feed"}
    assert version == store.SCHEMA_VERSION  # "schema N" means the same tables on both engines


# --------------------------------------------------------------------------- the steps after the baseline

_STEPS_AFTER_11_UNDONE = """
ALTER TABLE customer DROP COLUMN version, DROP COLUMN updated_by;
ALTER TABLE contact DROP COLUMN version, DROP COLUMN updated_by;
ALTER TABLE equipment DROP COLUMN version, DROP COLUMN updated_by;
ALTER TABLE ticket DROP COLUMN version, DROP COLUMN updated_by;
ALTER TABLE follow_up DROP COLUMN updated_at, DROP COLUMN version, DROP COLUMN updated_by;
DROP INDEX ticket_open_work;
DROP TABLE code_counter;
DROP FUNCTION custom_value_after_delete() CASCADE;
DROP FUNCTION change_feed_note() CASCADE;
DROP TABLE change_feed;
DROP TRIGGER contact_primary_insert ON contact;
DROP FUNCTION crm_primary_contact_inserted();
DROP TRIGGER contact_primary ON contact;
CREATE TRIGGER contact_primary AFTER INSERT OR DELETE OR UPDATE OF name, is_primary, deleted_at, customer_id
  ON contact FOR EACH ROW EXECUTE FUNCTION crm_primary_contact();
DELETE FROM schema_migration WHERE version > 11;
"""


def test_every_sqlite_migration_after_the_baseline_has_its_postgresql_step() -> None:
    after = [m.version for m in store.MIGRATIONS if m.version > server.BASELINE_VERSION]
    assert [version for version, _name in server.steps()] == after
    assert all(name.startswith(f"{version:04d}_") for version, name in server.steps())


def test_a_server_at_an_older_schema_is_migrated_when_a_pc_opens_it(prepared_url) -> None:
    """A newer app on a server at schema 11: the first session applies steps 12 to 16 alone (exclusive
    maintenance lock), keeping every row; the code counter starts after the stored codes."""
    with psycopg.connect(prepared_url, autocommit=True) as conn:
        conn.execute(_STEPS_AFTER_11_UNDONE)
        conn.execute("INSERT INTO customer (code, name, name_norm, type, importance, industry, size, region, "
                     "address, source_channel, purchase_intent, product_preference, budget_range, notes, "
                     "confidential_notes, status, tier, tier_pinned, at_risk, risk_reasons, total_order_fen, "
                     "created_at, updated_at, defaulted) VALUES ('C2026041', '旧客户', '旧客户', 'customer', 'A', '', "
                     "'', '', '', '', '', '', '', '', '', 'active', 'ordinary', false, false, '', 0, "
                     "localtimestamp, localtimestamp, '')")
    target = server.ServerTarget.parse(prepared_url)
    other_pc = server.MaintenanceLock(target).acquire()  # an older app still has it open: no migration under it
    try:
        with pytest.raises(KnownError, match="维护中"):
            session.open_session(prepared_url, write=True)
    finally:
        other_pc.release()
    with session.open_session(prepared_url, write=True):
        assert store.sql("SELECT max(version) FROM schema_migration").fetchone()[0] == store.SCHEMA_VERSION
        assert store.sql("SELECT version, updated_by FROM customer WHERE code = 'C2026041'").fetchone() == (1, "")
        assert store.sql("SELECT last FROM code_counter WHERE prefix = 'C2026'").fetchone()[0] == 41
        assert customers.next_code(2026) == "C2026042"


def test_two_pcs_migrating_at_once_apply_each_step_once(prepared_url) -> None:
    import threading

    with psycopg.connect(prepared_url, autocommit=True) as conn:
        conn.execute(_STEPS_AFTER_11_UNDONE)
    target = server.ServerTarget.parse(prepared_url)
    results: list[list[int]] = []
    start = threading.Barrier(2)

    def pc() -> None:
        database = server.connect(target)
        try:
            start.wait()
            results.append(server.prepare(database))
        finally:
            database.close()

    threads = [threading.Thread(target=pc) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # each step once, by one PC or the other (each is its own transaction: the second PC may take a later one)
    assert len(results) == 2 and sorted(step for applied in results for step in applied) == [12, 13, 14, 15, 16]
    with psycopg.connect(prepared_url) as conn:
        assert conn.execute("SELECT array_agg(version ORDER BY version) FROM schema_migration").fetchone()[0] \
            == [11, 12, 13, 14, 15, 16]

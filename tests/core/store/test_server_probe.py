"""测试连接 and this PC's side of a shared database (issue #19, items 1 and 6).

- ``core.server_probe``: what an address holds, said plainly — unreachable (fast, no traceback),
  a password wanted or refused, an empty database (with the ``server init`` command), another
  program's tables, a newer schema, a CRMDesk database;
- ``application_name``: the PC and the staff member working at it, read back from ``pg_stat_activity``
  (the session's connections and its maintenance lock's);
- per-PC values (the second backup folder, the current user, the database choice) live in this PC's
  file, never in the shared database; an older database's folder is taken over once.

Without ``CRMDESK_TEST_PG`` the server half is skipped with the reason.
"""

from __future__ import annotations

import json
import time
from types import SimpleNamespace

import psycopg
import pytest

from crmdesk.core import server_init, server_probe, session
from crmdesk.core.firm import settings, staff, workstation
from crmdesk.core.store import server, server_locks
from crmdesk.core.store.db import SCHEMA_VERSION
from crmdesk.core.store.errors import PasswordRefused, classify_server_error
from crmdesk.core.store.models import Setting
from tests.helpers import postgres

# --------------------------------------------------------------------------- without a server


@pytest.mark.parametrize(("address", "said"), [
    ("postgresql://crm@127.0.0.1:1/crmdesk", "端口 1 上没有响应"),
    ("postgresql://crm@no-such-server.invalid/crmdesk", "不认识服务器名 no-such-server.invalid"),
    ("postgresql://crm@/crmdesk?host=/nonexistent/socket", "没有运行数据库服务器"),
])
def test_an_unreachable_server_is_said_plainly_within_seconds(address: str, said: str) -> None:
    started = time.monotonic()
    found = server_probe.probe(server.ServerTarget.parse(address))
    assert time.monotonic() - started < 5
    assert found.status == server_probe.UNREACHABLE and said in found.message and not found.ok
    assert "Traceback" not in found.message and "psycopg" not in found.message


def test_a_server_that_wants_a_password_is_told_apart_from_an_unreachable_one() -> None:
    """libpq says whether the server asked for a password (no SQLSTATE before the connection exists)."""
    def refused(needs: bool, used: bool) -> psycopg.OperationalError:
        return psycopg.OperationalError('connection to server at "10.0.0.5", port 5432 failed: FATAL:  password '
                                        'authentication failed for user "crm"',
                                        pgconn=SimpleNamespace(needs_password=needs, used_password=used))

    wanted = classify_server_error(refused(True, False), "postgresql://crm@10.0.0.5:5432/crmdesk")
    assert isinstance(wanted, PasswordRefused) and wanted.needed and "需要密码" in wanted.message
    wrong = classify_server_error(refused(False, True), "postgresql://crm@10.0.0.5:5432/crmdesk")
    assert isinstance(wrong, PasswordRefused) and not wrong.needed
    assert "拒绝了密码" in wrong.message and 'password authentication failed for user "crm"' in wrong.message


def test_the_probe_reports_a_wanted_password_so_the_settings_can_ask(monkeypatch, tmp_path) -> None:
    socket_dir = tmp_path / "socket"
    socket_dir.mkdir()
    (socket_dir / ".s.PGSQL.5432").touch()  # "reachable": the password step decides

    def connect(target, **kwargs):
        if kwargs.get("secret") != "s3cret":
            raise PasswordRefused("需要密码", needed=True)
        raise AssertionError("not reached in this test")

    monkeypatch.setattr(server, "connect", connect)
    found = server_probe.probe(server.ServerTarget.parse(f"postgresql://crm@/crmdesk?host={socket_dir}"))
    assert found.status == server_probe.PASSWORD and found.message == "需要密码"


def test_the_address_of_a_target_round_trips() -> None:
    for text in ("postgresql://crm@192.168.1.10:5432/crmdesk", "postgresql://crm@/crmdesk?host=/run/pg",
                 "postgresql://张三@office-nas:6543/crm"):
        target = server.ServerTarget.parse(text)
        assert server.ServerTarget.parse(target.url) == target


def test_the_database_choice_and_the_operator_are_kept_by_address_not_by_folder(tmp_path, monkeypatch) -> None:
    address = "postgresql://crm@192.168.1.10/crmdesk"
    workstation.remember_database(workstation.SERVER, file=str(tmp_path / "old.db"), server=address)
    assert workstation.chosen_database() == address
    workstation.remember_operator(address, 7, "张三")
    monkeypatch.chdir(tmp_path)  # the key of a server does not depend on the folder CRMDesk started in
    assert workstation.operator_for("postgresql://crm@192.168.1.10:5432/crmdesk") == 7
    workstation.remember_database(workstation.FILE, file=str(tmp_path / "old.db"), server=address)
    assert workstation.chosen_database() == str(tmp_path / "old.db")
    assert workstation.database_choice()["server"] == address  # switching back finds it filled in


@pytest.mark.both_engines
def test_the_second_backup_folder_is_this_pcs_and_taken_over_once(db, tmp_path) -> None:
    Setting.insert(key="backup_second_folder", value=json.dumps(str(tmp_path / "old-usb"))).execute()
    assert settings.second_backup_folder() == str(tmp_path / "old-usb")  # an older database's value, once
    assert str(tmp_path / "old-usb") in workstation.file_path().read_text(encoding="utf-8")
    settings.set_second_backup_folder(str(tmp_path / "usb"))
    assert settings.second_backup_folder() == str(tmp_path / "usb")
    assert not [row.value for row in Setting.select() if "usb" in row.value and "old-usb" not in row.value]
    assert "backup_second_folder" not in settings.OPTIONS  # nothing can write it into the database again


# --------------------------------------------------------------------------- on a server


@pytest.fixture
def prepared_url(memory_keyring):
    url = postgres.empty("crm_probe")
    try:
        server_init.initialise(server.ServerTarget.parse(url))
        yield url
    finally:
        postgres.drop(url)


def test_the_probe_tells_an_empty_a_foreign_a_newer_and_a_crmdesk_database(prepared_url) -> None:
    empty = postgres.empty("crm_probe_empty")
    try:
        found = server_probe.probe(server.ServerTarget.parse(empty))
        assert found.status == server_probe.EMPTY and "是空的" in found.message
        assert found.advice.startswith("crmdesk server init postgresql://")
        assert server.ServerTarget.parse(found.advice.split()[-1]) == server.ServerTarget.parse(empty)
        with psycopg.connect(empty, autocommit=True) as conn:
            conn.execute("CREATE TABLE invoices (id int)")
        found = server_probe.probe(server.ServerTarget.parse(empty))
        assert found.status == server_probe.FOREIGN and "不是客户服务台的数据库" in found.message
    finally:
        postgres.drop(empty)
    found = server_probe.probe(server.ServerTarget.parse(prepared_url))
    assert found.ok and "PostgreSQL 1" in found.message and f"结构版本 {SCHEMA_VERSION}" in found.message
    with psycopg.connect(prepared_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migration (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    found = server_probe.probe(server.ServerTarget.parse(prepared_url))
    assert found.status == server_probe.NEWER and "更新" in found.message


def test_a_user_or_database_the_server_does_not_know_is_named(prepared_url) -> None:
    target = server.ServerTarget.parse(prepared_url)
    found = server_probe.probe(server.ServerTarget("nobody_here", target.host, target.port, target.dbname))
    assert found.status == server_probe.REFUSED and '"nobody_here"' in found.message
    found = server_probe.probe(server.ServerTarget(target.user, target.host, target.port, "no_such_db"))
    assert found.status == server_probe.REFUSED and '"no_such_db"' in found.message


def test_application_name_names_the_pc_and_the_staff_member(prepared_url) -> None:
    """``pg_stat_activity`` shows who works where: the session's connection and its maintenance lock's,
    renamed when the staff member is chosen; another PC's "busy" message names the person."""
    server.identify(None)
    with session.open_session(prepared_url, write=True) as opened:
        member = staff.add("张三", "engineer")
        before = opened.database.execute_sql(
            "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()").fetchall()
        assert before and all(name.startswith("CRMDesk/") and " op" not in name for (name,) in before)
        staff.set_current_operator(member.id)
        rows = opened.database.execute_sql(
            "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name LIKE %s", ("CRMDesk/%",)).fetchall()
        pc = server.application_name().split()[1]
        assert len(rows) >= 2 and all(name.endswith(f" {pc} op{member.id}") for (name,) in rows)
        with psycopg.connect(prepared_url, autocommit=True) as other_pc:  # as another PC sees this one
            holders = server_locks.holders(opened.database, server.MAINTENANCE_LOCK)
            assert other_pc.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                                    (server.application_name(),)).fetchone()[0] >= 2
        assert [h.operator for h in holders] == ["张三"] and holders[0].pc == pc
    assert workstation.operator_for(prepared_url) == member.id  # kept by address, for the next start
    with session.open_session(prepared_url, write=False) as again:  # the next start names the person at once
        name = again.database.execute_sql("SELECT current_setting('application_name')").fetchone()[0]
        assert name.endswith(f" op{member.id}")
    server.identify(None)

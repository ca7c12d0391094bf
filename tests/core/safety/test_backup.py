"""Backups (docs/spec.md §7): made while the app writes, verified, rotated, described, restored, refused; the
data check."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from crmdesk.core.firm import settings as core_settings
from crmdesk.core.firm import workstation
from crmdesk.core.safety import backup, integrity
from crmdesk.core.store import db as dbmod
from crmdesk.core.store import paths
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.store.models import database_proxy


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scalar(path: Path, sql: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def close_app_database() -> None:
    """What the UI does before a restore: close the models' connection."""
    database_proxy.obj.close()


@pytest.fixture
def demo_path(demo_db, tmp_path: Path) -> Path:
    return tmp_path / "demo.db"


# --------------------------------------------------------------------------- making backups


def test_a_backup_made_while_the_app_writes_in_wal_mode_is_complete_and_verified(demo_path: Path) -> None:
    assert scalar(demo_path, "PRAGMA journal_mode") == "wal"
    before = scalar(demo_path, "SELECT count(*) FROM audit_log")
    written = threading.Event()
    stop = threading.Event()
    commits = [0]

    def writer() -> None:  # another connection keeps committing, as the app would
        conn = sqlite3.connect(demo_path, isolation_level=None, timeout=10)
        try:
            while not stop.is_set():
                conn.execute("INSERT INTO audit_log (at, action, entity, detail) VALUES "
                              "('2026-11-22 09:30:00', 'test', 'customer', 'written during the backup')")
                commits[0] += 1
                if commits[0] >= 20:
                    written.set()
        finally:
            conn.close()

    steps: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        steps.append((done, total))
        if len(steps) == 1:
            assert written.wait(10)  # the writer commits between the copy's steps

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        info = backup.make_backup(demo_path, progress=progress)
    finally:
        stop.set()
        thread.join()
    after = scalar(demo_path, "SELECT count(*) FROM audit_log")
    assert after >= before + 20
    assert info.verified and info.integrity == "ok" and info.problems == []
    assert info.path.parent == paths.backups_dir() and info.path.exists()
    assert info.counts["customer"] == 300 and set(info.counts) == set(backup_tables())
    copied = scalar(info.path, "SELECT count(*) FROM audit_log")
    assert before <= copied < after  # one consistent snapshot, taken before the writer finished
    assert scalar(info.path, "PRAGMA integrity_check") == "ok"
    assert scalar(info.path, "PRAGMA application_id") == dbmod.APPLICATION_ID
    assert scalar(info.path, "PRAGMA user_version") == dbmod.SCHEMA_VERSION
    assert info.path.read_bytes()[18:20] == b"\x01\x01"  # a self-contained file (rollback journal)
    assert len(steps) > 3 and steps[-1][0] == steps[-1][1]
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]  # no temporary file left


def backup_tables() -> tuple[str, ...]:
    return ("customer", "contact", "ticket", "interaction", "survey")


def test_backup_names_say_database_date_and_kind(demo_path: Path, tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 22, 9, 30, 12)
    first = backup.make_backup(demo_path, to=tmp_path / "out", now=now)
    second = backup.make_backup(demo_path, to=tmp_path / "out", now=now, kind="daily")
    third = backup.make_backup(demo_path, to=tmp_path / "out", now=now)
    assert [first.path.name, second.path.name, third.path.name] == [
        "demo-20261122-0930-manual.db", "demo-20261122-0930-daily.db", "demo-20261122-0930-manual-2.db"]
    listed = backup.list_backups(tmp_path / "out")
    assert {(b.kind, b.database, b.created) for b in listed} == {
        ("manual", "demo", dt.datetime(2026, 11, 22, 9, 30)), ("daily", "demo", dt.datetime(2026, 11, 22, 9, 30))}
    with pytest.raises(ValueError):
        backup.make_backup(demo_path, kind="weekly")


def test_a_cancelled_backup_leaves_nothing_behind(demo_path: Path, tmp_path: Path) -> None:
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > 2

    with pytest.raises(OperationCancelled):
        backup.make_backup(demo_path, to=tmp_path / "out", cancelled=cancelled)
    assert list((tmp_path / "out").iterdir()) == []


def test_backing_up_a_missing_or_foreign_file_says_why(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="没有数据库"):
        backup.make_backup(tmp_path / "nothing.db")
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(KnownError, match="不是客户服务台的数据库"):
        backup.make_backup(foreign, to=tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_the_backup_is_also_copied_to_the_second_folder(demo_path: Path, tmp_path: Path) -> None:
    second = tmp_path / "usb"
    second.mkdir()
    core_settings.set_second_backup_folder(str(second))  # this PC's folder
    assert scalar(demo_path, "SELECT count(*) FROM setting WHERE key = 'backup_second_folder'") == 0
    info = backup.make_backup(demo_path)
    assert info.second_copy == second / info.path.name and info.second_copy_error is None
    assert sha(info.second_copy) == sha(info.path)
    assert [p.name for p in second.iterdir()] == [info.path.name]


def test_a_database_from_before_keeps_its_second_folder_once_on_this_pc(demo_path: Path, tmp_path: Path) -> None:
    """The folder used to be a database setting: the first backup takes it over into this PC's file."""
    second = tmp_path / "usb"
    second.mkdir()
    conn = sqlite3.connect(demo_path, isolation_level=None)
    conn.execute("INSERT INTO setting (key, value) VALUES ('backup_second_folder', ?)", [f'"{second}"'])
    conn.close()
    info = backup.make_backup(demo_path)  # no bound database needed: read from the copy
    assert info.second_copy == second / info.path.name
    assert workstation.backup_folder(demo_path) == str(second)
    assert str(second) in workstation.file_path().read_text(encoding="utf-8")
    core_settings.set_second_backup_folder("")  # cleared on this PC: the old value is not read again
    assert backup.make_backup(demo_path).second_copy is None and core_settings.second_backup_folder() == ""


def test_a_missing_second_folder_is_reported_not_fatal_and_not_created(demo_path: Path, tmp_path: Path) -> None:
    unplugged = tmp_path / "usb-stick-not-plugged-in"
    core_settings.set_second_backup_folder(str(unplugged))
    info = backup.make_backup(demo_path)
    assert info.verified and info.path.exists()
    assert info.second_copy is None and str(unplugged) in info.second_copy_error
    assert not unplugged.exists()


# --------------------------------------------------------------------------- daily backups and rotation


def test_the_automatic_backup_runs_once_a_day(demo_path: Path) -> None:
    morning = dt.datetime(2026, 11, 22, 8, 5)
    first = backup.auto_backup_if_due(demo_path, now=morning)
    assert first is not None and first.kind == "daily" and first.monthly_copy is not None
    assert backup.auto_backup_if_due(demo_path, now=morning.replace(hour=17)) is None
    assert scalar(demo_path, "SELECT value FROM setting WHERE key = 'last_backup'") == '"2026-11-22T08:05:00"'
    next_day = backup.auto_backup_if_due(demo_path, now=dt.datetime(2026, 11, 23, 8, 0))
    assert next_day is not None and next_day.monthly_copy is None  # November's monthly copy exists
    kinds = sorted(b.kind for b in backup.list_backups())
    assert kinds == ["daily", "daily", "monthly"]


def test_rotation_keeps_30_daily_and_12_monthly_over_15_months(db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("crmdesk.core.store.sqlite_files.fsync", lambda path: None)  # 460 backups: skip the disk flushes
    monkeypatch.setattr("crmdesk.core.store.atomic.fsync", lambda path: None)
    db_path = tmp_path / "test.db"
    manual = backup.make_backup(db_path, now=dt.datetime(2025, 7, 15, 12, 0))
    day = dt.datetime(2025, 8, 1, 8, 30)
    runs = 0
    while day < dt.datetime(2026, 11, 1):
        assert backup.auto_backup_if_due(db_path, now=day) is not None
        assert backup.auto_backup_if_due(db_path, now=day + dt.timedelta(hours=4)) is None
        day += dt.timedelta(days=1)
        runs += 1
    assert runs == 457
    listed = backup.list_backups()
    daily = [b.created.date() for b in listed if b.kind == "daily"]
    monthly = [b.created.date() for b in listed if b.kind == "monthly"]
    last = dt.date(2026, 10, 31)
    assert daily == [last - dt.timedelta(days=n) for n in range(30)]
    assert monthly == [dt.date(2026, m, 1) for m in range(10, 0, -1)] + [dt.date(2025, 12, 1), dt.date(2025, 11, 1)]
    assert manual.path.exists() and [b.path for b in listed if b.kind == "manual"] == [manual.path]
    assert len(list(paths.backups_dir().iterdir())) == 30 + 12 + 1


def test_rotation_also_applies_to_the_second_folder_and_only_to_this_database(db, tmp_path: Path) -> None:
    second = tmp_path / "usb"
    second.mkdir()
    core_settings.set_second_backup_folder(str(second))
    stranger = paths.backups_dir() / "other-20200101-0000-daily.db"
    shutil.copy(tmp_path / "test.db", stranger)
    for n in range(3):
        backup.auto_backup_if_due(tmp_path / "test.db", now=dt.datetime(2026, 1, 1 + n, 9, 0))
    assert backup.rotate(paths.backups_dir(), "test", keep_daily=1, keep_monthly=1) != []
    backup.rotate(second, "test", keep_daily=1, keep_monthly=1)
    assert sorted(p.name for p in second.iterdir()) == ["test-20260101-0900-monthly.db", "test-20260103-0900-daily.db"]
    assert stranger.exists()


# --------------------------------------------------------------------------- describe


def test_describe_reports_what_a_backup_holds_without_changing_it(demo_path: Path) -> None:
    made = backup.make_backup(demo_path, now=dt.datetime(2026, 11, 22, 9, 30))
    digest, names = sha(made.path), sorted(p.name for p in made.path.parent.iterdir())
    info = backup.describe(made.path)
    assert sha(made.path) == digest and sorted(p.name for p in made.path.parent.iterdir()) == names
    assert info.created == dt.datetime(2026, 11, 22, 9, 30) and info.kind == "manual"
    assert info.schema_version == dbmod.SCHEMA_VERSION and info.integrity == "ok" and info.restorable
    assert info.counts == made.counts and info.counts["customer"] == 300


def test_describe_reads_a_raw_copy_in_wal_mode_without_leaving_files(tmp_path: Path, demo_path: Path) -> None:
    live = tmp_path / "live" / "crm.db"
    live.parent.mkdir()
    shutil.copy(demo_path, live)
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM survey")  # only in the -wal until a checkpoint
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(live, raw / "crm.db")
    shutil.copy(f"{live}-wal", raw / "crm.db-wal")
    conn.close()
    digests = {p.name: sha(p) for p in raw.iterdir()}
    info = backup.describe(raw / "crm.db")
    assert info.restorable and info.counts["survey"] == 0
    assert {p.name: sha(p) for p in raw.iterdir()} == digests  # nothing changed, no -shm left behind


# --------------------------------------------------------------------------- restore


def test_restore_swaps_the_file_and_keeps_the_current_one(demo_path: Path) -> None:
    made = backup.make_backup(demo_path)
    database_proxy.obj.execute_sql("DELETE FROM survey")
    database_proxy.obj.execute_sql("UPDATE customer SET name = '改过的名字' WHERE id = 1")
    close_app_database()
    result = backup.restore(made.path, demo_path, now=dt.datetime(2026, 11, 22, 10, 0, 5))
    assert result.kept == paths.backups_dir() / "before-restore-demo-20261122-100005.db"
    assert scalar(demo_path, "SELECT count(*) FROM survey") == made.counts["survey"] > 0
    assert scalar(demo_path, "SELECT name FROM customer WHERE id = 1") != "改过的名字"
    assert scalar(result.kept, "SELECT count(*) FROM survey") == 0
    assert scalar(result.kept, "SELECT name FROM customer WHERE id = 1") == "改过的名字"
    assert not Path(f"{demo_path}-wal").exists() and not Path(f"{demo_path}-shm").exists()
    assert sorted(p.name for p in demo_path.parent.iterdir() if p.name.startswith((".", "demo"))) == ["demo.db"]
    kept_info = [b for b in backup.list_backups() if b.kind == "before-restore"]
    assert [b.path for b in kept_info] == [result.kept] and kept_info[0].database == "demo"
    reopened = dbmod.open_database(demo_path, backups=paths.backups_dir())
    assert reopened.execute_sql("SELECT count(*) FROM survey").fetchone()[0] == made.counts["survey"]
    assert scalar(demo_path, "PRAGMA journal_mode") == "wal"


def _planted(kind: str, tmp_path: Path, good: Path) -> Path:
    target = tmp_path / f"bad-{kind}.db"
    if kind == "foreign":
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
        conn.close()
    elif kind == "text":
        target = tmp_path / "客户台账.txt"
        target.write_text("这不是数据库\n", encoding="utf-8")
    elif kind == "truncated":
        data = good.read_bytes()
        target.write_bytes(data[: len(data) // 3])
    elif kind == "corrupt":
        data = bytearray(good.read_bytes())
        for page in range(20, len(data) // 4096, 7):  # scribble over every 7th page, keep the header
            data[page * 4096: page * 4096 + 512] = b"\xa5" * 512
        target.write_bytes(bytes(data))
    elif kind == "newer":
        shutil.copy(good, target)
        conn = sqlite3.connect(target)
        conn.execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 1}")
        conn.commit()
        conn.close()
    elif kind == "missing":
        target = tmp_path / "gone.db"
    return target


@pytest.mark.parametrize(("kind", "reason"), [
    ("foreign", "不是客户服务台的数据库"), ("text", "不是 SQLite 数据库文件"), ("truncated", "损坏"),
    ("corrupt", "损坏"), ("newer", "更新版本"), ("missing", "不存在")])
def test_a_bad_or_foreign_file_is_refused_and_the_database_untouched(kind: str, reason: str, demo_path: Path,
                                                                      tmp_path: Path) -> None:
    good = backup.make_backup(demo_path, to=tmp_path / "made").path
    bad = _planted(kind, tmp_path, good)
    close_app_database()
    digest = sha(demo_path)
    before = sorted(p.name for p in paths.backups_dir().iterdir())
    with pytest.raises(KnownError) as raised:
        backup.restore(bad, demo_path)
    assert str(bad) in raised.value.message and reason in raised.value.message
    assert sha(demo_path) == digest
    assert sorted(p.name for p in paths.backups_dir().iterdir()) == before  # no copy taken, nothing left over
    assert not any(p.name.startswith(".") for p in demo_path.parent.iterdir())


def test_a_restore_after_describe_skips_the_second_integrity_check_unless_the_file_changed(
        demo_path: Path, monkeypatch) -> None:
    made = backup.make_backup(demo_path)
    seen = backup.describe(made.path)
    close_app_database()
    monkeypatch.setattr("crmdesk.core.store.sqlite_files.integrity_check", lambda *a, **k: pytest.fail("checked twice"))
    result = backup.restore(made.path, demo_path, checked=seen)
    assert result.restored.restorable and result.restored.integrity == "ok"
    with open(made.path, "r+b") as handle:  # changed after the user saw it: checked again, and refused
        handle.seek(30 * 4096)
        handle.write(b"\xa5" * 4096)
    monkeypatch.undo()
    digest = sha(demo_path)
    with pytest.raises(KnownError, match="损坏"):
        backup.restore(made.path, demo_path, checked=seen)
    assert sha(demo_path) == digest


def test_restoring_the_database_onto_itself_is_refused(demo_path: Path) -> None:
    close_app_database()
    digest = sha(demo_path)
    with pytest.raises(KnownError, match="当前数据库本身"):
        backup.restore(demo_path, demo_path)
    assert sha(demo_path) == digest


def test_a_database_still_open_elsewhere_is_not_replaced(demo_path: Path) -> None:
    made = backup.make_backup(demo_path)
    database_proxy.obj.execute_sql("DELETE FROM survey")  # the app's connection stays open
    with pytest.raises(KnownError, match="仍被其他窗口或程序打开"):
        backup.restore(made.path, demo_path)
    assert database_proxy.obj.execute_sql("SELECT count(*) FROM survey").fetchone()[0] == 0
    assert [b.kind for b in backup.list_backups()] == ["manual"]  # the copy aside was dropped again


def test_an_older_backup_is_restored_and_migrated_on_open(tmp_path: Path, demo_path: Path) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    dbmod.migrate(conn, target=1)
    conn.execute("INSERT INTO staff (name, role, phone, active, created_at) VALUES ('老王', 'owner', '', 1, "
                 "'2024-01-01 00:00:00')")
    conn.close()
    close_app_database()
    result = backup.restore(old, demo_path)
    assert result.restored.schema_version == 1 and result.kept is not None
    assert scalar(demo_path, "PRAGMA user_version") == 1
    dbmod.open_database(demo_path, backups=paths.backups_dir())
    assert scalar(demo_path, "PRAGMA user_version") == dbmod.SCHEMA_VERSION
    assert scalar(demo_path, "SELECT name FROM staff") == "老王"


# --------------------------------------------------------------------------- the data check


def _by_name(report: integrity.CheckReport) -> dict[str, integrity.CheckResult]:
    return {result.name: result for result in report}


def test_the_check_of_a_sound_database_passes_and_reports_backup_age_and_encryption(demo_path: Path) -> None:
    # a file fresh from the generator, never opened by a writer: personal data in clear fails the check
    raw = _by_name(integrity.run_checks(demo_path, now=dt.datetime(2026, 11, 22, 12, 0)))["encryption"]
    assert raw.level == "fail" and "没有密钥" in raw.message
    from crmdesk.core.safety import secrets

    secrets.unlock()  # what the app (or any writing command) does when it opens the file
    report = integrity.run_checks(demo_path, now=dt.datetime(2026, 11, 22, 12, 0))
    results = _by_name(report)
    assert report.all_ok and integrity.all_ok(report)
    assert list(results) == ["database", "application_id", "schema", "integrity", "foreign_keys", "last_backup",
                             "encryption"]
    assert results["last_backup"].level == "warning" and results["last_backup"].ok
    assert results["encryption"].level == "ok"
    backup.make_backup(demo_path, now=dt.datetime(2026, 11, 22, 9, 30))
    assert _by_name(integrity.run_checks(demo_path, now=dt.datetime(2026, 11, 23, 9, 0)))["last_backup"].level == "ok"
    stale = _by_name(integrity.run_checks(demo_path, now=dt.datetime(2026, 11, 25, 9, 0)))["last_backup"]
    assert stale.level == "warning" and "2 天前" in stale.message


def test_the_check_finds_a_planted_foreign_key_violation(demo_path: Path) -> None:
    conn = sqlite3.connect(demo_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for _n in range(2):
        conn.execute("INSERT INTO contact (customer_id, name, title, mobile, mobile_tail, mobile_key, phone, email, "
                     "wechat, birthday, birthday_lunar, is_primary, has_left, created_at, updated_at) VALUES "
                     "(987654, '孤儿', '经理', '', '', '', '', '', '', '', 0, 0, 0, '2026-01-01', '2026-01-01')")
    conn.execute("INSERT INTO survey (customer_id, date, method, comment, staff_name, created_at) VALUES "
                 "(987654, '2026-01-01', 'phone', '', '', '2026-01-01')")
    conn.close()
    report = integrity.run_checks(demo_path)
    fk = _by_name(report)["foreign_keys"]
    assert not report.all_ok and not fk.ok and fk.level == "fail"
    assert "contact：2 行引用了不存在的 customer" in fk.message and "survey：1 行" in fk.message
    assert _by_name(report)["integrity"].ok  # the file itself is sound


def test_the_check_of_a_missing_or_foreign_file_fails_plainly(tmp_path: Path) -> None:
    missing = integrity.run_checks(tmp_path / "nothing.db")
    assert not missing.all_ok and _by_name(missing)["database"].level == "fail"
    text = tmp_path / "notes.db"
    text.write_text("hello")
    assert "不是 SQLite 数据库文件" in _by_name(integrity.run_checks(text))["database"].message
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert _by_name(integrity.run_checks(foreign))["application_id"].level == "fail"


def test_checks_are_pluggable(demo_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(integrity, "CHECKS", dict(integrity.CHECKS))
    integrity.register_check("encryption", lambda ctx: integrity.CheckResult.make(
        "encryption", "加密", "fail", "no key in the key store"))
    integrity.register_check("custom", lambda ctx: None, before="encryption")
    results = _by_name(integrity.run_checks(demo_path))
    assert list(results)[-1] == "encryption" and not results["encryption"].ok
    assert list(integrity.CHECKS)[-2:] == ["custom", "encryption"]


def test_the_encryption_check_passes_once_unlocked_and_fails_on_clear_values(demo_path: Path) -> None:
    from crmdesk.core.safety import secrets
    from crmdesk.core.store import db as dbmod
    from crmdesk.core.store.models import database_proxy

    dbmod.open_database(demo_path)
    secrets.unlock()
    database_proxy.obj.close()
    result = _by_name(integrity.run_checks(demo_path))["encryption"]
    assert result.level == "ok", result.message
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE contact SET email = 'leak@example.com' WHERE id = 1")
    conn.commit()
    conn.close()
    result = _by_name(integrity.run_checks(demo_path))["encryption"]
    assert result.level == "fail" and "1" in result.message

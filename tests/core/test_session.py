"""core.session: the one way to open a database for work (reading or writing, lock, check, key)."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import peewee
import pytest

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.safety import secrets
from crmdesk.core.session import KEY_LATER, current, open_session
from crmdesk.core.store.db import DamagedDatabaseError
from crmdesk.core.store.errors import ConnectionLostError, DatabaseInUseError, KnownError
from crmdesk.core.store.lock import DatabaseLock


def _with_customer(path: Path) -> int:
    with open_session(path, write=True) as session:
        assert session.unlock_result is not None and session.unlock_result.created
        return customers.save(CustomerInput(name="杭州测试有限公司", contacts=[
            ContactInput(name="李四", title="经理", mobile="13700001111", is_primary=True)])).customer_id


def test_a_writer_holds_the_lock_and_creates_the_key(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    with open_session(path, write=True) as session:
        assert current() is session and secrets.current().encrypted and secrets.load_record() is not None
        with pytest.raises(DatabaseInUseError):
            DatabaseLock(path).acquire()
    assert current() is None and not secrets.current().encrypted
    DatabaseLock(path).acquire().release()  # released on close
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_reader_cannot_write_and_never_creates_a_key(tmp_path: Path, demo_db_template: Path) -> None:
    path = tmp_path / "r.db"
    path.write_bytes(demo_db_template.read_bytes())
    before = path.read_bytes()
    with open_session(path, write=False) as session:
        assert session.unlock_result is not None and session.unlock_result.keyless
        with pytest.raises(peewee.OperationalError, match="readonly"):
            session.database.execute_sql("UPDATE customer SET name = 'x'")
    assert path.read_bytes() == before
    with pytest.raises(KnownError, match="不存在"):
        open_session(tmp_path / "missing.db", write=False)
    assert not (tmp_path / "missing.db").exists()


def test_a_reader_without_the_key_on_this_pc_is_refused(tmp_path: Path, memory_keyring) -> None:
    path = tmp_path / "k.db"
    _with_customer(path)
    memory_keyring.passwords.clear()  # another PC
    with pytest.raises(secrets.KeyMissing, match="恢复码"):
        open_session(path, write=False)
    assert current() is None


def test_stray_clear_values_are_encrypted_by_the_next_writer_and_logged(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _with_customer(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE contact SET wechat = 'wx_clear_1', mobile_key = '13700001111'")
    conn.commit()
    conn.close()
    with open_session(path, write=False):  # a read leaves them as they are
        pass
    assert b"wx_clear_1" in path.read_bytes()
    with open_session(path, write=True) as session:
        assert session.unlock_result.migrated_rows == 1
        row = session.database.execute_sql("SELECT wechat, mobile_key FROM contact").fetchone()
        assert row[0].startswith(secrets.PREFIX) and len(row[1]) == 32
        assert session.database.execute_sql("SELECT count(*) FROM audit_log WHERE action = 'repair_clear'"
                                            ).fetchone()[0] == 1
        assert customers.load(1).contacts[0].wechat == "wx_clear_1"


@pytest.mark.parametrize("start", ["at opening", "when asked", "by the verdict"])
def test_a_damaged_file_is_refused_before_the_first_write(tmp_path: Path, start: str) -> None:
    path = tmp_path / "d.db"
    _with_customer(path)
    with open_session(path, write=True) as session:  # fill some pages, then break one
        for i in range(300):
            customers.save(CustomerInput(name=f"填充{i}有限公司", contacts=[
                ContactInput(name=f"人{i}", title="经理", mobile=f"1370000{i:04d}")]))
        assert session.writing
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'contact'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:  # the contact table's root page, broken as a failing disk would
        handle.seek((root - 1) * page + 8)
        handle.write(os.urandom(page - 16))
    before = path.read_bytes()
    # opening writes nothing: the check runs beside, from the opening or when the window asks (after its first paint)
    session = open_session(path, write=True, key=KEY_LATER, check_later=start != "at opening")
    try:
        assert (session._check is not None) == (start == "at opening")  # the thread, or none yet
        if start == "when asked":
            session.check_in_background()
            assert session._check is not None
        with pytest.raises(DamagedDatabaseError, match=r"已损坏.*从备份恢复"):
            session.verify()
    finally:
        session.close()
    assert path.read_bytes() == before


def test_files_and_server_addresses_are_opened_and_nothing_else(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="postgresql://"):
        open_session("mysql://crm@server/crm", write=True)
    # a server address goes to the server engine: one that cannot be reached is a message naming it
    with pytest.raises(ConnectionLostError, match=re.escape("postgresql://crm@nowhere.invalid")):
        open_session("postgresql://crm@nowhere.invalid/crm", write=True)
    assert current() is None
    path = tmp_path / "u.db"
    with open_session(path.as_uri(), write=True) as session:
        assert session.path == path.resolve()


def test_a_failed_first_open_leaves_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # no key store, no passphrase: the key cannot be stored
    with pytest.raises(secrets.KeyStoreUnavailable):
        open_session(tmp_path / "n.db", write=True)
    assert not (tmp_path / "n.db").exists()
    DatabaseLock(tmp_path / "n.db").acquire().release()

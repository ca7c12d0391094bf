"""The shared database's commands (issue #19 stage 6) on a real server: ``move-to-server``, ``backup``,
``restore`` and ``check`` with ``--db postgresql://…``, and ``daily`` under the daily-jobs lock.

Every test needs the server ``CRMDESK_TEST_PG`` names (``.ci/pg.sh``) and is skipped with the
reason without one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest

from crmdesk.cli import main
from crmdesk.core import session
from crmdesk.core.customers import registry
from crmdesk.core.customers import service as customers
from crmdesk.core.safety import backup, secrets
from crmdesk.core.store import models, server
from crmdesk.core.store.models import Contact, Customer, Ticket
from crmdesk.core.tickets import service as tickets
from tests.helpers import postgres


@pytest.fixture
def empty_url():
    """An empty database on the test server (no schema), UTF8 with a UTF-8 locale."""
    url = postgres.empty("crm_move")
    yield url
    postgres.drop(url)


@pytest.fixture
def demo_file(demo_db, tmp_path: Path) -> Path:
    """The demo database as a file nobody has open, with its key on this PC (opened once as a writer)."""
    demo_db.close()
    path = tmp_path / "demo.db"
    with session.open_session(path, write=True):
        pass
    return path


def _file_facts(path: Path) -> tuple[dict[str, int], dict[int, str], str]:
    """Rows per table, every contact's mobile in clear, and the key record, read through the app."""
    with session.open_session(path, write=False):
        counts = {m._meta.table_name: m.select().count() for m in models.ALL_MODELS}
        mobiles = {c.id: secrets.reveal("contact", "mobile", c.mobile) for c in Contact.select()}
        record = models.Setting.get(models.Setting.key == "encryption").value
    return counts, mobiles, record


def _new(name: str) -> customers.CustomerInput:
    return customers.CustomerInput(name=name, type="customer", importance="B", contacts=[
        customers.ContactInput(name="王芳", title="经理", mobile="13912345678", is_primary=True)])


@pytest.fixture
def moved(empty_url, demo_file, capsys) -> str:
    assert main(["move-to-server", empty_url, "--db", str(demo_file)]) == 0
    capsys.readouterr()
    return empty_url


def test_move_to_server_copies_every_row_and_the_key_and_the_app_reads_it(empty_url, demo_file, capsys) -> None:
    before = demo_file.read_bytes()
    counts, mobiles, record = _file_facts(demo_file)
    assert counts["customer"] > 100 and counts["ticket"] > 0 and len(mobiles) > 100

    assert main(["move-to-server", empty_url, "--db", str(demo_file), "--json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert result["initialised"] is True and result["tables"] == counts
    assert result["decrypted_sample"] > 200 and result["key_replaced"] is False
    assert "  customer：300 行" in err and "  ticket_event：" in err  # a progress line per table
    assert demo_file.read_bytes() == before  # the file is untouched

    with session.open_session(empty_url, write=True) as shared:  # this PC's key opens the server's data
        assert {m._meta.table_name: m.select().count() for m in models.ALL_MODELS} == counts
        assert {c.id: secrets.reveal("contact", "mobile", c.mobile) for c in Contact.select()} == mobiles
        assert models.Setting.get(models.Setting.key == "encryption").value == record
        first = Customer.select().order_by(Customer.id).first()
        ids = registry.customer_ids(registry.RegistryQuery())  # the app's services read the server
        assert first.id in ids and registry.fetch_rows([first.id])[first.id].name == first.name
        for word in (first.name[2:5], first.name[2:4]):  # the search index was built with the copy
            assert first.id in registry.customer_ids(registry.RegistryQuery(text=word))
        opened = customers.load(first.id)  # the edit form's data, personal fields decrypted
        assert opened.name == first.name and [c.mobile for c in opened.contacts] == \
            [mobiles[c.id] for c in Contact.select().where(Contact.customer == first.id,
                                                           Contact.deleted_at.is_null()).order_by(Contact.id)]
        ticket = Ticket.select().where(Ticket.archived_at.is_null()).order_by(Ticket.id).first()
        events = ticket.events.count()
        tickets.add_note(ticket.id, "搬到服务器后的备注")
        assert ticket.events.count() == events + 1
        created = customers.save(_new("搬到服务器后新建的客户"))
        assert created.customer_id > max(c.id for c in Customer.select().where(Customer.id != created.customer_id))
        assert shared.location == str(server.ServerTarget.parse(empty_url))


def test_move_to_server_refuses_a_server_that_holds_records(moved, demo_file, capsys) -> None:
    with psycopg.connect(moved) as conn:
        before = conn.execute("SELECT count(*) FROM customer").fetchone()[0]
    assert main(["move-to-server", moved, "--db", str(demo_file)]) == 1
    err = capsys.readouterr().err
    assert "customer" in err and ("已经有数据" in err or "already holds" in err), err
    with psycopg.connect(moved) as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == before


def test_move_to_server_onto_an_initialised_server_brings_the_files_key(empty_url, demo_file, capsys) -> None:
    assert main(["server", "init", empty_url]) == 0
    capsys.readouterr()
    _counts, mobiles, record = _file_facts(demo_file)
    assert main(["move-to-server", empty_url, "--db", str(demo_file), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["initialised"] is False and result["key_replaced"] is True
    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT value FROM setting WHERE key = 'encryption'").fetchone()[0] == record
    with session.open_session(empty_url, write=False):
        assert {c.id: secrets.reveal("contact", "mobile", c.mobile) for c in Contact.select()} == mobiles


def test_move_to_server_is_refused_while_another_pc_is_connected(empty_url, demo_file, capsys) -> None:
    assert main(["server", "init", empty_url]) == 0
    capsys.readouterr()
    with server.MaintenanceLock(server.ServerTarget.parse(empty_url)):  # another PC has it open
        assert main(["move-to-server", empty_url, "--db", str(demo_file)]) == 1
    assert "正在使用中" in capsys.readouterr().err
    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 0


def test_backup_of_the_server_is_a_verified_file_that_opens_on_its_own(moved, demo_file, tmp_path, capsys) -> None:
    counts, mobiles, _record = _file_facts(demo_file)
    folder = tmp_path / "snapshots"
    assert main(["backup", "--db", moved, "--to", str(folder)]) == 0
    out = capsys.readouterr().out
    made = sorted(folder.glob("*.db"))
    assert len(made) == 1 and str(made[0]) in out and "verified" in out
    info = backup.describe(made[0])
    assert info.restorable and info.kind == "manual" and info.database == f"{server.ServerTarget.parse(moved).dbname}-server"
    copy = tmp_path / "back-on-one-pc.db"  # the way back: the snapshot opens as a single-PC database
    shutil.copy(made[0], copy)
    assert _file_facts(copy)[:2] == (counts, mobiles)
    with session.open_session(copy, write=False):
        assert registry.customer_ids(registry.RegistryQuery(text="有限公司"))  # the search index was built


def test_restore_into_the_server_replaces_its_rows_and_keeps_a_snapshot(moved, demo_file, tmp_path, capsys) -> None:
    counts, mobiles, _record = _file_facts(demo_file)
    with session.open_session(moved, write=True):
        customers.save(_new("恢复前新建的客户"))
    assert main(["restore", str(demo_file), "--db", moved]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "previous database kept as" in out
    kept = [b for b in backup.list_backups() if b.kind == "before-restore"]
    assert len(kept) == 1 and backup.describe(kept[0].path).restorable
    with session.open_session(moved, write=False):
        assert {m._meta.table_name: m.select().count() for m in models.ALL_MODELS} == counts
        assert {c.id: secrets.reveal("contact", "mobile", c.mobile) for c in Contact.select()} == mobiles
        assert not Customer.select().where(Customer.name == "恢复前新建的客户").exists()
    with session.open_session(moved, write=True):  # the sequences follow the restored rows
        last = max(c.id for c in Customer.select())
        assert customers.save(_new("恢复后新建的客户")).customer_id > last


def test_restore_is_refused_while_another_pc_is_connected_and_other_pcs_see_maintenance(moved, demo_file,
                                                                                         capsys) -> None:
    other = session.open_session(moved, write=False)  # another PC with the shared database open
    try:
        assert main(["restore", str(demo_file), "--db", moved]) == 1
        assert "正在使用中" in capsys.readouterr().err
    finally:
        other.close()
    with server.MaintenanceLock(server.ServerTarget.parse(moved), exclusive=True):  # a restore running
        assert main(["check", "--db", moved]) == 0  # the check only reads: it needs no lock
        capsys.readouterr()
        assert main(["daily", "--db", moved]) == 1
        assert "维护中" in capsys.readouterr().err


def test_check_on_the_server_reports_schema_search_and_encryption(moved, capsys, memory_keyring,
                                                                  monkeypatch) -> None:
    monkeypatch.setenv(server.PASSWORD_ENV, "given-once")
    assert main(["check", "--db", moved]) == 0
    account = server.ServerTarget.parse(moved).account  # the password that worked is kept in the key store
    assert memory_keyring.passwords[(server.KEYRING_SERVICE, account)] == "given-once"
    out = capsys.readouterr().out
    assert "OK    Schema version" in out or "OK    结构版本" in out, out
    lines = out.splitlines()
    assert not [line for line in lines if line.startswith("FAIL")], out
    assert any("pg_trgm" in line for line in lines)
    with psycopg.connect(moved) as conn:  # a personal value in clear on the server is a failure
        conn.execute("UPDATE customer SET address = '明文地址' WHERE id = (SELECT min(id) FROM customer)")
    assert main(["check", "--db", moved]) == 1
    assert any(line.startswith("FAIL") for line in capsys.readouterr().out.splitlines())


def test_a_copy_that_fails_its_verification_leaves_nothing_on_the_server(empty_url, demo_file, monkeypatch,
                                                                          capsys) -> None:
    from crmdesk.core import server_transfer

    def differs(*_args: object) -> int:
        raise server_transfer.VerificationError("contact.mobile #1")

    monkeypatch.setattr(server_transfer, "verify", differs)
    assert main(["move-to-server", empty_url, "--db", str(demo_file)]) == 1
    assert "contact.mobile #1" in capsys.readouterr().err
    with psycopg.connect(empty_url) as conn:  # the schema was prepared; not one row was kept
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM setting WHERE key = 'encryption'").fetchone()[0] == 0
    monkeypatch.undo()
    assert main(["move-to-server", empty_url, "--db", str(demo_file)]) == 0  # and it can be tried again

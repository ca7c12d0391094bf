"""Leak scan (docs/spec.md §2 privacy, §7): after each way of writing personal data, no file the app wrote —
the database with its -wal/-shm, backups, exports, reports, logs — holds a marker value in clear.

Marker values (``tools.MARKERS``) go in through the command line as a user's ledger would bring
them, and through the core services the window calls; then every file under the data folder
is read as bytes (zip members inflated, PDF text extracted) and searched for them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import openpyxl

from tests.helpers.attacks import tools
from tests.helpers.attacks.tools import MARKERS

SECRET_VALUES = list(MARKERS.values())


def _imported(tmp_path: Path, *extra: str, command: Callable[..., CompletedProcess[str]] = tools.run
              ) -> tuple[Path, Path, CompletedProcess[str]]:
    home, db = tmp_path / "home", tmp_path / "crm.db"
    result = command(home, "--db", str(db), *extra, "import", str(tools.marker_ledger(tmp_path / "台账.xlsx")),
                     "--json")
    assert result.returncode == 0, result.stderr
    return home, db, result


def test_import_into_a_new_database_stores_nothing_in_clear_nor_its_backup(tmp_path: Path) -> None:
    home, db, result = _imported(tmp_path)
    assert json.loads(result.stdout)["created"] == 1
    assert "recovery code of crm.db" in result.stderr  # the writer created the key first
    assert tools.leaks(tools.files_under(db, home), SECRET_VALUES) == []
    conn = sqlite3.connect(db)
    key, tail = conn.execute("SELECT mobile_key, mobile_tail FROM contact").fetchone()
    conn.close()
    assert len(key) == 32 and len(tail) == 32  # the phone index is keyed hashes, not the digits
    made = tools.run(home, "--db", str(db), "backup")
    assert made.returncode == 0, made.stderr
    assert list((home / "backups").glob("crm-*.db"))
    assert tools.leaks(tools.files_under(home), SECRET_VALUES) == []
    # owner-only files: the database, its backup, the log (reports and .ics stay readable by design)
    for path in [db, *(home / "backups").glob("crm-*.db"), home / "logs" / "crmdesk.log"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_import_update_path_and_its_change_log_hold_no_personal_value(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "crm.db"
    bare = tools.ledger(tmp_path / "bare.xlsx", [["探针测试贸易有限公司", "成交客户", "A", "钱探针", "经理",
                                                   MARKERS["mobile"], "", "", "", "", "", "零售"]])
    assert tools.run(home, "--db", str(db), "import", str(bare)).returncode == 0
    full = tools.marker_ledger(tmp_path / "full.xlsx")  # the same customer: its empty fields get filled
    result = tools.run(home, "--db", str(db), "import", str(full), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["updated"] == 1, result.stdout + result.stderr
    conn = sqlite3.connect(db)
    logged = conn.execute("SELECT field, new_value FROM change_log WHERE batch_id = 2").fetchall()
    conn.close()
    assert logged and all(value != MARKERS.get(k) for k in MARKERS for _f, value in logged)
    assert tools.leaks(tools.files_under(db, home), SECRET_VALUES) == []


def test_exports_decrypt_then_mask_or_not_and_refuse_without_the_key(tmp_path: Path) -> None:
    home, db, _ = _imported(tmp_path)
    plain, masked = tmp_path / "plain.xlsx", tmp_path / "masked.xlsx"
    assert tools.run(home, "--db", str(db), "export", "customers", str(plain)).returncode == 0
    assert tools.run(home, "--db", str(db), "export", "customers", str(masked), "--mask").returncode == 0
    rows = [list(r) for r in openpyxl.load_workbook(plain).worksheets[0].iter_rows(values_only=True)]
    text = json.dumps(rows, ensure_ascii=False)
    assert MARKERS["mobile"] in text and MARKERS["email"] in text and MARKERS["address"] in text
    assert "enc1:" not in text and "enc****" not in text
    masked_text = json.dumps([list(r) for r in openpyxl.load_workbook(masked).worksheets[0].iter_rows(
        values_only=True)], ensure_ascii=False)
    assert "139****9468" in masked_text and "m***@qz-probe.cn" in masked_text and "enc" not in masked_text
    assert tools.leaks([masked], SECRET_VALUES) == []
    assert stat.S_IMODE(plain.stat().st_mode) == 0o600  # an unmasked export of personal data stays private
    # a PC without the key: refused with the recovery-code message, nothing written
    (home / "keyring.json").unlink()
    elsewhere = tools.run(home, "--db", str(db), "export", "customers", str(tmp_path / "other.xlsx"))
    assert elsewhere.returncode == 1 and "恢复码" in elsewhere.stderr
    assert not (tmp_path / "other.xlsx").exists()


def test_the_ticket_exports_phone_is_decrypted_too(tmp_path: Path) -> None:
    home, db, _ = _imported(tmp_path)
    tickets = tools.ledger(tmp_path / "工单.xlsx", [["GD20240105-001", "探针测试贸易有限公司", "钱探针",
                                                     MARKERS["mobile"], "主轴异响", "紧急", "2024-01-05 09:00"]],
                           header=["工单编号", "客户名称", "联系人", "联系电话", "问题描述", "分级类型", "受理时间"])
    assert tools.run(home, "--db", str(db), "import", str(tickets)).returncode == 0
    for args, expected in ((["tickets"], MARKERS["mobile"]), (["tickets", "--mask"], "139****9468")):
        out = tmp_path / f"t{len(args)}.xlsx"
        assert tools.run(home, "--db", str(db), "export", args[0], str(out), *args[1:]).returncode == 0
        values = [v for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for v in row]
        assert expected in values and not any(str(v).startswith("enc") for v in values if v)


def test_reports_and_logs_at_verbose_hold_no_personal_value(tmp_path: Path) -> None:
    home, db, _ = _imported(tmp_path, "-v")
    pdf = tmp_path / "dossier.pdf"
    code = sqlite3.connect(db).execute("SELECT code FROM customer").fetchone()[0]
    made = tools.run(home, "-v", "--db", str(db), "report", "dossier", code, "--out", str(pdf))
    assert made.returncode == 0, made.stderr
    assert "DEBUG" in made.stderr and "parameter(s), not logged" in made.stderr  # -v shows SQL, not values
    assert [v for v in SECRET_VALUES if v in made.stderr] == []
    assert tools.leaks([pdf, *tools.files_under(home / "logs")], SECRET_VALUES) == []
    text = tools.readable_bytes(pdf).decode("utf-8", "ignore")
    assert "139****9468" in text and "wx****6" in text  # the mobile and the WeChat ID masked in the dossier


def test_a_report_never_creates_a_key_nor_changes_the_file(tmp_path: Path, demo_db_template: Path) -> None:
    """A read on a database without a key (an old, clear file) leaves it exactly as it was."""
    import shutil

    home, db = tmp_path / "home", tmp_path / "old.db"
    shutil.copy(demo_db_template, db)
    before = tools.sha(db)
    result = tools.run(home, "--db", str(db), "report", "health", "--out", str(tmp_path / "h.pdf"))
    assert result.returncode == 0, result.stderr
    assert "recovery code" not in result.stderr
    assert tools.sha(db) == before and not (home / "keyring.json").exists()
    # … and a writer then repairs it: the key is created and the clear values are encrypted
    check = tools.run(home, "--db", str(db), "check")
    assert check.returncode == 1 and "FAIL  加密" in check.stdout
    repaired = tools.run(home, "--db", str(db), "import", str(tools.marker_ledger(tmp_path / "l.xlsx")))
    assert repaired.returncode == 0 and "recovery code" in repaired.stderr
    assert tools.run(home, "--db", str(db), "check").returncode == 0


def test_clear_values_planted_in_an_encrypted_database_fail_the_check_and_are_repaired_and_logged(
        tmp_path: Path) -> None:
    home, db, _ = _imported(tmp_path)
    conn = sqlite3.connect(db)  # a script (or an older program) writes around CRMDesk
    conn.execute("UPDATE contact SET wechat = ?, email = ?", [MARKERS["wechat"], MARKERS["email"]])
    conn.commit()
    conn.close()
    check = tools.run(home, "--db", str(db), "check")
    assert check.returncode == 1 and "明文" in check.stdout
    assert tools.run(home, "--db", str(db), "report", "health", "--out", str(tmp_path / "h.pdf")).returncode == 0
    assert tools.leaks([db], [MARKERS["wechat"]])  # a read does not rewrite them …
    assert tools.run(home, "--db", str(db), "import", str(tools.marker_ledger(tmp_path / "l.xlsx"))).returncode == 0
    assert tools.leaks(tools.files_under(db), SECRET_VALUES) == []  # … the next writer does, and logs it
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'repair_clear'").fetchone()[0] == 1
    conn.close()
    assert tools.run(home, "--db", str(db), "check").returncode == 0


def test_a_killed_key_creation_never_leaves_data_without_its_key(tmp_path: Path) -> None:
    """The key reaches the key store before its record is committed, with the cost asked of new wraps."""
    home, db, _result = _imported(tmp_path, command=tools.cli)  # a real process: the real scrypt cost
    conn = sqlite3.connect(db)
    record = json.loads(json.loads(conn.execute("SELECT value FROM setting WHERE key = 'encryption'").fetchone()[0]))
    conn.close()
    assert record["recovery"]["n"] >= 2**17  # scrypt N=2^17 for new wraps
    stored = json.loads((home / "keyring.json").read_text())
    assert f"CRMDesk/db-{record['database_id']}" in stored


def test_the_passphrase_minimum_is_the_same_for_the_environment(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "crm.db"
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "CRMDESK_PASSPHRASE": "short7!"}
    result = tools.cli(home, "--db", str(db), "import", str(tools.marker_ledger(tmp_path / "l.xlsx")),
                       extra_env=env)
    assert result.returncode == 1 and "CRMDESK_PASSPHRASE 至少需要 8 个字符" in result.stderr
    assert not db.exists()  # nothing was created


def test_demo_data_is_encrypted_when_the_file_appears(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "demo.db"
    made = tools.cli(home, "--db", str(db), "demo", "--customers", "60", "--seed", "3")
    assert made.returncode == 0, made.stderr
    from crmdesk.core.safety import secrets
    from crmdesk.core.session import open_session

    os.environ["CRMDESK_HOME"] = str(home)
    with open_session(db, write=False, key="later") as session:
        session.unlock(secret=tools.recovery_code(made.stderr))
        values = [secrets.reveal("contact", column, value) for row in
                  session.database.execute_sql("SELECT mobile, email, wechat FROM contact LIMIT 40")
                  for column, value in zip(("mobile", "email", "wechat"), row) if value]
    assert len(values) > 40
    assert tools.leaks(tools.files_under(db, home), values) == []


def test_window_saves_erasure_and_wechat(tmp_path: Path, db) -> None:
    """The services the window calls: a saved contact (WeChat too) is sealed; an erasure leaves no
    trace of the name in the file, its WAL or the search index's old segments — nor any byte of the
    customer's files (an identity card scanned onto a machine, a photo on a ticket) or site addresses."""
    from crmdesk.core.attachments import store as attachments
    from crmdesk.core.customers import dossier, lifecycle, registry
    from crmdesk.core.customers import service as customers
    from crmdesk.core.customers.registry import RegistryQuery
    from crmdesk.core.customers.service import ContactInput, CustomerInput
    from crmdesk.core.equipment import service as equipment
    from crmdesk.core.equipment.service import EquipmentInput
    from crmdesk.core.store.models import database_proxy
    from crmdesk.core.tickets import service as tickets

    person = "甄士隐"
    cid = customers.save(CustomerInput(name=person, type="customer", address=MARKERS["address"], contacts=[
        ContactInput(name=person, title="本人", mobile=MARKERS["mobile"], wechat=tools.WECHAT_IS_MOBILE,
                     email=MARKERS["email"], is_primary=True)])).customer_id
    site = "姑苏区阊门外十里街仁清巷9527号"
    machine = equipment.save(EquipmentInput(customer_id=cid, model="缝纫机", serial="ZSY-1", site_address=site)).equipment_id
    scan = tmp_path / f"{person}身份证.jpg"
    scan.write_bytes(b"IDCARD-PROBE-" * 30000)  # two pieces
    for owner in (attachments.owner_of(equipment_id=machine),
                  attachments.owner_of(ticket_id=tickets.create(cid, "上门维修").ticket_id)):
        attachments.add(scan, owner)
    for i in range(30):  # more index segments
        customers.save(CustomerInput(name=f"填充客户{i}有限公司", contacts=[ContactInput(name=f"人{i}", title="经理",
                                                                                        mobile=f"1370000{i:04d}")]))
    path = tmp_path / "test.db"
    database_proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert tools.leaks(tools.files_under(path), SECRET_VALUES) == []
    contact_row = dossier.load(cid).contacts[0]
    assert tools.WECHAT_IS_MOBILE not in contact_row and "139****9468" in contact_row  # WeChat = mobile: masked
    assert registry.customer_ids(RegistryQuery(text="甄士")) == [cid]
    assert tools.leaks(tools.files_under(path), [person])  # the name is searchable: it is in the index
    sealed = [bytes(d) for (d,) in database_proxy.execute_sql("SELECT data FROM attachment_chunk")]
    assert sealed and tools.leaks(tools.files_under(path), [site, "IDCARD-PROBE-"]) == []  # sealed at rest
    lifecycle.erase_personal_data(cid, None, "本人申请删除")
    assert registry.customer_ids(RegistryQuery(text="甄士")) == []
    assert tools.leaks(tools.files_under(path), [person, *SECRET_VALUES]) == []
    on_disk = b"".join(p.read_bytes() for p in tools.files_under(path))
    assert [piece for piece in sealed if piece[13:77] in on_disk] == []  # not one byte of the files is left
    assert attachments.listing(customer_id=cid) == [] and equipment.site_address(machine) == ""


def test_a_restored_keyless_backup_is_encrypted_by_the_restore(tmp_path: Path, demo_db_template: Path) -> None:
    import shutil

    home, db = tmp_path / "home", tmp_path / "crm.db"
    assert tools.run(home, "--db", str(db), "import", str(tools.marker_ledger(tmp_path / "l.xlsx"))).returncode == 0
    old = tmp_path / "old-backup.db"
    shutil.copy(demo_db_template, old)  # a backup from before encryption: clear values
    conn = sqlite3.connect(old)
    mobile = conn.execute("SELECT mobile FROM contact WHERE mobile != '' LIMIT 1").fetchone()[0]
    conn.close()
    restored = tools.run(home, "--db", str(db), "restore", str(old))
    assert restored.returncode == 0, restored.stderr
    assert tools.leaks(tools.files_under(db), [mobile]) == []
    assert tools.run(home, "--db", str(db), "check").returncode == 0


def test_a_dossier_printed_for_a_visit_is_private_and_the_plain_one_masks_wechat(db, tmp_path: Path) -> None:
    from crmdesk.core.customers import service as customers
    from crmdesk.core.customers.service import ContactInput, CustomerInput
    from crmdesk.io.pdf.dossier import write_dossier

    cid = customers.save(CustomerInput(name="探针测试贸易有限公司", address=MARKERS["address"], contacts=[
        ContactInput(name="钱探针", title="经理", mobile=MARKERS["mobile"], wechat=MARKERS["wechat"],
                     is_primary=True)])).customer_id
    plain = write_dossier(cid, tmp_path / "plain.pdf")
    visit = write_dossier(cid, tmp_path / "visit.pdf", reveal=True)
    assert tools.leaks([plain], SECRET_VALUES) == []
    assert "微信" in tools.readable_bytes(plain).decode("utf-8", "ignore")  # the note names what is hidden
    assert tools.leaks([visit], [MARKERS["mobile"], MARKERS["wechat"]])  # a visit needs the numbers …
    assert stat.S_IMODE(visit.stat().st_mode) == 0o600  # … and keeps them private

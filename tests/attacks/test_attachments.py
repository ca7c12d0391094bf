"""Equipment and attachments on every path (docs/spec.md §7, §11): a machine's site address and a file's content
never reach the disk in clear — the database, its WAL, a backup — and a backup restored on another PC with
the recovery code brings the files back whole.

PC A imports a ledger (which makes the key and prints the recovery code), the clerk registers a machine
with its site address and attaches a photo and a scanned contract through the core services the window
calls, and a backup goes to a USB folder. PC B has CRMDesk but not the key: it restores the backup, opens
it with the recovery code and gets every file back byte for byte, with its thumbnail; without the code the
files stay closed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.attacks import tools

SITE = "苏州市吴中区甲乙丙丁路7421号3号厂房"
CONTENT = b"ATTACHMENT-LEAK-PROBE-4711"


def _files(folder: Path) -> tuple[Path, Path]:
    from PIL import Image

    photo = folder / "身份证复印件.jpg"
    Image.new("RGB", (640, 480), (20, 120, 200)).save(photo, "JPEG")
    with open(photo, "ab") as handle:
        handle.write(CONTENT * 3)  # a marker in the picture's own bytes (after the JPEG end: still a picture)
    contract = folder / "维保合同.pdf"
    contract.write_bytes(b"%PDF-1.4\n" + CONTENT * 20000)  # several pieces
    return photo, contract


def _clerk_attaches(db: Path, photo: Path, contract: Path) -> tuple[int, int]:
    """The window's services: a machine with its site address, a photo on it, a contract on the customer."""
    from crmdesk.core.attachments import store
    from crmdesk.core.equipment import service as equipment
    from crmdesk.core.equipment.service import EquipmentInput
    from crmdesk.core.session import open_session
    from crmdesk.core.store.models import Customer

    with open_session(db, write=True):
        cid = Customer.select().first().id
        machine = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="LC-4711",
                                                site_address=SITE, warranty_end="2025-01-01")).equipment_id
        first = store.add(photo, store.owner_of(equipment_id=machine)).attachment_id
        store.add(contract, store.owner_of(customer_id=cid))
    return machine, first


def test_files_and_site_addresses_stay_sealed_and_a_backup_restored_on_another_pc_brings_them_back(
        tmp_path: Path) -> None:
    home_a, db_a = tmp_path / "pc-a", tmp_path / "pc-a" / "crm.db"
    imported = tools.run(home_a, "--db", str(db_a), "import", str(tools.marker_ledger(tmp_path / "台账.xlsx")))
    assert imported.returncode == 0, imported.stderr
    code = tools.recovery_code(imported.stderr)
    photo, contract = _files(tmp_path)
    with tools.on_pc(home_a):
        machine, photo_id = _clerk_attaches(db_a, photo, contract)
    usb = tmp_path / "usb"
    made = tools.run(home_a, "--db", str(db_a), "backup", "--to", str(usb))
    assert made.returncode == 0, made.stderr
    backup = next(usb.glob("crm-*.db"))
    secrets = [CONTENT.decode(), SITE, *tools.MARKERS.values()]
    assert tools.leaks([*tools.files_under(db_a, home_a), backup], secrets) == []  # a copied file shows nothing
    check = tools.run(home_a, "--db", str(db_a), "check")
    assert check.returncode == 0 and "FAIL" not in check.stdout

    home_b, db_b = tmp_path / "pc-b", tmp_path / "pc-b" / "crm.db"
    home_b.mkdir()
    restored = tools.run(home_b, "--db", str(db_b), "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    from crmdesk.core.attachments import store
    from crmdesk.core.equipment import service as equipment
    from crmdesk.core.safety.secrets import KeyMissing
    from crmdesk.core.session import open_session

    with tools.on_pc(home_b):
        with pytest.raises(KeyMissing):  # another PC: without the recovery code the files stay closed
            open_session(db_b, write=False)
        with open_session(db_b, write=False, key="later") as session:
            session.unlock(secret=code)
            lines = store.listing(customer_id=equipment.get(machine).customer_id)
            assert sorted(line.name for line in lines) == ["维保合同.pdf", "身份证复印件.jpg"]
            assert b"".join(store.content(photo_id)) == photo.read_bytes()
            other = next(line.id for line in lines if line.name == "维保合同.pdf")
            assert b"".join(store.content(other)) == contract.read_bytes()
            assert store.thumbnail(photo_id)[:2] == b"\xff\xd8"  # the thumbnail came along (a JPEG)
            assert equipment.site_address(machine) == SITE
        reopened = tools.run(home_b, "--db", str(db_b), "check")  # the key is now in PC B's store
        assert reopened.returncode == 0, reopened.stdout


def test_an_equipment_ledger_and_its_export_keep_the_site_address_private(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "crm.db"
    assert tools.run(home, "--db", str(db), "import", str(tools.marker_ledger(tmp_path / "台账.xlsx"))).returncode == 0
    ledger = tools.ledger(tmp_path / "设备台账.xlsx", [["探针测试贸易有限公司", "激光切割机 3015", "LC-9", "2024-01-05",
                                                        SITE, "2026-01-04"]],
                          header=["客户名称", "产品型号", "序列号", "安装日期", "安装地址", "保修期至"])
    result = tools.run(home, "--db", str(db), "import", str(ledger), "--kind", "equipment", "--json")
    assert result.returncode == 0, result.stderr
    masked = tmp_path / "masked.xlsx"
    assert tools.run(home, "--db", str(db), "export", "equipment", str(masked), "--mask").returncode == 0
    assert tools.leaks([*tools.files_under(db, home), masked], [SITE]) == []
    plain = tmp_path / "plain.xlsx"
    assert tools.run(home, "--db", str(db), "export", "equipment", str(plain)).returncode == 0
    assert tools.leaks([plain], [SITE])  # decrypted for an unmasked export (audited, owner-only)

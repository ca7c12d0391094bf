"""Leak scan of the owner's custom fields (issue #17 part 2, docs/spec.md §7): with encryption on, a
value of a field marked sensitive is never in clear on disk — not in the database with its WAL,
the search index, the change log, a ticket's history, the backups, a masked export, the dossier
PDF or the log — and a field turned sensitive later leaves no clear copy of what it held.

Values come in as a user's ledger brings them (``crmdesk import``); the fields are added and
edited through the core services the window calls, in a writing session on the same data folder.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.attacks import tools

# Values that appear nowhere else (see tools.MARKERS)
ID_CARD = "330106197907139527"  # customer · 法人身份证号 (sensitive text)
PRIVATE_WECHAT = "wx_cf_probe_864213"  # contact · 私人微信号 (sensitive text)
DOOR_CODE = "门禁密码探针五八六"  # ticket · 门禁密码 (sensitive text)
MACHINE_CODE = "开机密码探针七六"  # equipment · 设备开机密码 (sensitive text)
HOBBY = "收藏青铜器探针甲"  # customer · 爱好 (plain text, turned sensitive later)
CF_MARKERS = [ID_CARD, PRIVATE_WECHAT, DOOR_CODE, MACHINE_CODE]


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, Path, str]:
    """A database with a key, sensitive fields on customers, contacts, tickets and equipment, and a
    customer, a ticket and a machine imported with a marker in each; returns (home, db, the customer's code)."""
    home, db = tmp_path / "home", tmp_path / "crm.db"
    first = tools.run(home, "--db", str(db), "import", str(tools.marker_ledger(tmp_path / "first.xlsx")))
    assert first.returncode == 0, first.stderr  # the database and its key
    from crmdesk.core.customfields import admin

    with tools.session(home, db):
        admin.add("customer", "法人身份证号", "text", sensitive=True)
        admin.add("customer", "爱好", "text")
        admin.add("contact", "私人微信号", "text", sensitive=True)
        admin.add("ticket", "门禁密码", "text", sensitive=True)
        admin.add("equipment", "设备开机密码", "text", sensitive=True)
    ledger = tools.sheet(tmp_path / "台账.xlsx", ["客户名称", "联系人", "联系人职务", "联系人手机", "法人身份证号", "爱好",
                                            "私人微信号"],
                    [["甲探针机械有限公司", "周探针", "厂长", "13700001111", ID_CARD, HOBBY, PRIVATE_WECHAT]])
    result = tools.run(home, "--db", str(db), "import", str(ledger), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["created"] == 1, result.stdout + result.stderr
    tickets = tools.sheet(tmp_path / "工单.xlsx", ["工单编号", "客户名称", "问题描述", "分级类型", "受理时间", "门禁密码"],
                     [["GD20240105-009", "甲探针机械有限公司", "主轴异响", "一般", "2024-01-05 09:00", DOOR_CODE]])
    result = tools.run(home, "--db", str(db), "import", str(tickets), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["created"] == 1, result.stdout + result.stderr
    machines = tools.sheet(tmp_path / "设备台账.xlsx", ["客户名称", "产品型号", "序列号", "设备开机密码"],
                           [["甲探针机械有限公司", "激光切割机 3015", "LC-PROBE-1", MACHINE_CODE]])
    result = tools.run(home, "--db", str(db), "import", str(machines), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["created"] == 1, result.stdout + result.stderr
    code = sqlite3.connect(db).execute("SELECT code FROM customer WHERE name = '甲探针机械有限公司'").fetchone()[0]
    return home, db, code


def _cells(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return json.dumps([list(r) for ws in book.worksheets for r in ws.iter_rows(values_only=True)],
                      ensure_ascii=False, default=str)


def test_imported_sensitive_values_are_sealed_everywhere_and_open_only_where_asked(imported, tmp_path: Path
                                                                                   ) -> None:
    home, db, code = imported
    assert tools.leaks(tools.files_under(db, home), CF_MARKERS) == []
    assert tools.run(home, "--db", str(db), "check").returncode == 0  # no personal value in clear
    assert tools.run(home, "--db", str(db), "backup").returncode == 0
    assert tools.leaks(tools.files_under(home), CF_MARKERS) == []
    # exports: masked ones hold no value, plain ones open them (and stay private)
    for kind in ("customers", "tickets", "equipment"):
        masked, plain = tmp_path / f"{kind}-m.xlsx", tmp_path / f"{kind}-p.xlsx"
        assert tools.run(home, "--db", str(db), "export", kind, str(masked), "--mask").returncode == 0
        assert tools.run(home, "--db", str(db), "export", kind, str(plain)).returncode == 0
        assert tools.leaks([masked], CF_MARKERS) == []
        assert "enc1:" not in _cells(masked) and "enc1:" not in _cells(plain)
    assert ID_CARD in _cells(tmp_path / "customers-p.xlsx") and PRIVATE_WECHAT in _cells(tmp_path / "customers-p.xlsx")
    assert DOOR_CODE in _cells(tmp_path / "tickets-p.xlsx")
    assert MACHINE_CODE in _cells(tmp_path / "equipment-p.xlsx")
    # the dossier PDF and a verbose command's log
    pdf = tmp_path / "dossier.pdf"
    made = tools.run(home, "-v", "--db", str(db), "report", "dossier", code, "--out", str(pdf))
    assert made.returncode == 0, made.stderr
    assert tools.leaks([pdf, *tools.files_under(home / "logs")], CF_MARKERS) == []
    assert [m for m in CF_MARKERS if m in made.stderr] == []
    assert "法人身份证号" in tools.readable_bytes(pdf).decode("utf-8", "ignore")  # the field is listed, hidden


def test_edits_erasure_and_the_search_box_never_hold_a_sensitive_value(imported) -> None:
    home, db, _code = imported
    from crmdesk.core.customers import lifecycle, registry
    from crmdesk.core.customers import service as customers
    from crmdesk.core.customers.registry import RegistryQuery
    from crmdesk.core.customfields import fields
    from crmdesk.core.store.models import database_proxy

    second = "330106198812240036"
    with tools.session(home, db):
        cid = registry.customer_ids(RegistryQuery(text="甲探针机械"))[0]
        assert registry.customer_ids(RegistryQuery(text=ID_CARD[-8:])) == []  # not searchable
        id_card = next(f for f in fields.fields("customer") if f.label == "法人身份证号")
        data = customers.load(cid)
        assert data.custom[id_card.id] == ID_CARD
        data.custom[id_card.id] = second
        customers.save(data, customer_id=cid, reason="更正身份证号")
        logged = database_proxy.execute_sql("SELECT old_value, new_value FROM change_log WHERE field = ?",
                                            ["法人身份证号"]).fetchall()
        assert logged and all(ID_CARD not in v and second not in v for row in logged for v in row)
        database_proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert tools.leaks(tools.files_under(db), [*CF_MARKERS, second]) == []
    with tools.session(home, db):
        lifecycle.erase_personal_data(cid, None, "本人申请删除")
        assert customers.load(cid).custom.get(id_card.id) in (None, "")
    assert tools.leaks(tools.files_under(db, home), [*CF_MARKERS, second]) == []


def test_a_field_turned_sensitive_leaves_no_clear_copy(imported, tmp_path: Path) -> None:
    """爱好 held a clear, searchable value (in the search index and the change log); once marked
    sensitive, the file holds it nowhere in clear."""
    home, db, _code = imported
    from crmdesk.core.customers import registry
    from crmdesk.core.customers import service as customers
    from crmdesk.core.customers.registry import RegistryQuery
    from crmdesk.core.customfields import admin, fields
    from crmdesk.core.tickets import service as tickets

    later = "收藏紫砂壶探针乙"
    door = "门禁备用码探针丙"
    with tools.session(home, db):
        hobby = next(f for f in fields.fields("customer") if f.label == "爱好")
        cid = registry.customer_ids(RegistryQuery(text=HOBBY[:4]))[0]  # searchable while plain
        data = customers.load(cid)
        data.custom[hobby.id] = later
        customers.save(data, customer_id=cid)
        assert registry.customer_ids(RegistryQuery(text=later[:4])) == [cid]
        admin.update(hobby.id, label="个人爱好")  # a rename between the edit and the change
        # a ticket field in clear first: its change goes to the ticket's history
        gate = admin.add("ticket", "备用门禁码", "text")[0]
        ticket_id = tickets.create(cid, "门禁故障", custom={gate.id: "0000"}).ticket_id
        tickets.update(ticket_id, custom={gate.id: door})
        admin.update(hobby.id, sensitive=True)
        admin.update(gate.id, sensitive=True)
        assert registry.customer_ids(RegistryQuery(text=later[:4])) == []
        assert customers.load(cid).custom[hobby.id] == later  # the value itself is kept, sealed
    assert tools.leaks(tools.files_under(db), [HOBBY, later, door]) == []


def test_a_clear_value_planted_in_a_sensitive_field_fails_the_check_and_the_next_writer_seals_it(imported
                                                                                                 ) -> None:
    home, db, _code = imported
    conn = sqlite3.connect(db)  # a script writes around CRMDesk
    conn.execute("UPDATE custom_value SET value = ? WHERE field_id = (SELECT id FROM custom_field "
                 "WHERE label = '法人身份证号')", [ID_CARD])
    conn.commit()
    conn.close()
    check = tools.run(home, "--db", str(db), "check")
    assert check.returncode == 1 and "明文" in check.stdout, check.stdout
    assert tools.run(home, "--db", str(db), "import", str(tools.marker_ledger(db.parent / "l.xlsx"))).returncode == 0
    assert tools.leaks(tools.files_under(db), CF_MARKERS) == []
    assert tools.run(home, "--db", str(db), "check").returncode == 0

"""The command line and the owner's custom fields and saved views: template and export columns,
``crmdesk export customers --view NAME`` (an addition to docs/spec.md §8)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from crmdesk.cli import main


@pytest.fixture
def demo_file(tmp_path: Path, demo_db_template: Path) -> Path:
    """A copy of the demo database with 经销商 and 验收日期 on customers and the view 我的战略客户."""
    from crmdesk.core import saved_views
    from crmdesk.core.customers import registry
    from crmdesk.core.customers.registry import RegistryQuery
    from crmdesk.core.customfields import admin, values
    from crmdesk.core.customfields.filters import CustomFilter
    from crmdesk.core.session import open_session
    from crmdesk.core.store.models import Customer, database_proxy

    path = tmp_path / "cli-demo.db"
    shutil.copy(demo_db_template, path)
    with open_session(path, write=True):
        dealer = admin.add("customer", "经销商", "choice", choices=["华东一部", "华南二部"])[0]
        admin.add("customer", "验收日期", "date")
        with database_proxy.atomic():
            for index, customer in enumerate(Customer.select().order_by(Customer.id).limit(40)):
                values.write("customer", customer.id, {dealer.id: "华东一部" if index % 4 == 0 else "华南二部"})
        query = RegistryQuery(type="customer", sort_key="name", custom=(CustomFilter(dealer.id, "is", "华东一部"),))
        saved_views.save("customers", "我的战略客户", registry.query_state(query))
        expected = [Customer.get_by_id(cid).code for cid in registry.customer_ids(query)]
    (tmp_path / "expected.txt").write_text("\n".join(expected), encoding="utf-8")
    return path


def test_the_template_of_a_database_carries_its_custom_fields(demo_file: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "登记表.xlsx"
    assert main(["--db", str(demo_file), "template", "registration", str(out)]) == 0
    header = [c.value for c in openpyxl.load_workbook(out).worksheets[0][1]]
    assert header[-2:] == ["经销商", "验收日期"]
    assert "2 列是" in capsys.readouterr().out
    plain = tmp_path / "plain.xlsx"  # no database: the template of docs/spec.md §6 as it is
    assert main(["--db", str(tmp_path / "none.db"), "template", "registration", str(plain)]) == 0
    assert len(list(openpyxl.load_workbook(plain).worksheets[0][1])) == 20
    assert not (tmp_path / "none.db").exists()


def test_export_with_a_saved_view_exports_the_list_it_shows(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.xlsx"
    assert main(["--db", str(demo_file), "export", "customers", str(out), "--view", "我的战略客户", "--mask"]) == 0
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    expected = (tmp_path / "expected.txt").read_text(encoding="utf-8").split("\n")
    assert [row[0] for row in body] == expected and expected  # the view's filter and its order (by name)
    assert {row[header.index("经销商")] for row in body} == {"华东一部"}


def test_export_with_an_unknown_view_or_of_another_list_is_wrong_usage(demo_file: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["--db", str(demo_file), "export", "customers", str(out), "--view", "不存在"]) == 2
    assert "我的战略客户" in capsys.readouterr().err  # the message lists the views there are
    assert main(["--db", str(demo_file), "export", "tickets", str(out), "--view", "我的战略客户"]) == 2  # a registry view
    assert main(["--db", str(demo_file), "export", "surveys", str(out), "--view", "我的战略客户"]) == 2
    assert not out.exists()


def test_export_of_tickets_with_a_board_view_exports_the_cards_it_shows(demo_file: Path, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk.core import saved_views
    from crmdesk.core.customfields import admin
    from crmdesk.core.customfields.filters import CustomFilter
    from crmdesk.core.session import open_session
    from crmdesk.core.store.models import Ticket
    from crmdesk.core.tickets import service as tickets

    with open_session(demo_file, write=True):
        model = admin.add("ticket", "设备型号", "text")[0]
        live = list(Ticket.select().where(Ticket.deleted_at.is_null() & (Ticket.stage != "archived"))
                    .order_by(Ticket.id).limit(3))
        for ticket in live[:2]:
            tickets.update(ticket.id, custom={model.id: "KM-300"})
        saved_views.save("tickets", "KM-300 工单", {"custom": [CustomFilter(model.id, "is", "KM-300").to_state(),
                                                                CustomFilter(999, "filled").to_state()]})
        numbers = sorted(t.number for t in live[:2])
    out = tmp_path / "工单.xlsx"
    capsys.readouterr()
    assert main(["--db", str(demo_file), "export", "tickets", str(out), "--view", "KM-300 工单", "--mask"]) == 0
    assert "已删除的字段" in capsys.readouterr().err  # the condition on a field that is gone is said, not applied
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    assert sorted(row[header.index("工单编号")] for row in rows[1:]) == numbers
    assert {row[header.index("设备型号")] for row in rows[1:]} == {"KM-300"}


def test_backup_then_restore_on_another_pc_brings_back_custom_values_and_views(tmp_path: Path, memory_keyring,
                                                                            capsys: pytest.CaptureFixture[str]
                                                                            ) -> None:
    """End to end: the owner's fields and values, a sensitive one sealed, backed up by the command line,
    restored on a PC without the key, opened with the recovery code."""
    from crmdesk.core import saved_views
    from crmdesk.core.customers import registry
    from crmdesk.core.customers import service as customers
    from crmdesk.core.customers.registry import RegistryQuery
    from crmdesk.core.customers.service import ContactInput, CustomerInput
    from crmdesk.core.customfields import admin, fields
    from crmdesk.core.customfields.filters import CustomFilter
    from crmdesk.core.session import KEY_LATER, open_session

    first = tmp_path / "pc1" / "crmdesk.db"
    with open_session(first, write=True) as session:
        code = session.unlock_result.recovery_code
        dealer = admin.add("customer", "经销商", "choice", choices=["华东一部", "华南二部"])[0]
        accepted = admin.add("customer", "验收日期", "date")[0]
        id_card = admin.add("customer", "法人身份证号", "text", sensitive=True)[0]
        cid = customers.save(CustomerInput(name="杭州科美模具有限公司", type="customer", custom={
            dealer.id: "华东一部", accepted.id: "2024-05-01", id_card.id: "330106198001011234"},
            contacts=[ContactInput(name="张伟", title="经理", mobile="13812345678", is_primary=True)])).customer_id
        saved_views.save("customers", "华东客户", registry.query_state(
            RegistryQuery(custom=(CustomFilter(dealer.id, "is", "华东一部"),))))
    assert code
    assert main(["--db", str(first), "backup", "--to", str(tmp_path / "usb")]) == 0
    backup_file = next((tmp_path / "usb").glob("*.db"))
    assert b"330106198001011234" not in backup_file.read_bytes()  # sealed in the copy too

    memory_keyring.passwords.clear()  # another PC: no key in its key store
    second = tmp_path / "pc2" / "crmdesk.db"
    second.parent.mkdir()
    capsys.readouterr()
    assert main(["--db", str(second), "restore", str(backup_file)]) == 0
    assert "恢复码" in capsys.readouterr().out  # the restore says the recovery code opens it
    with open_session(second, write=True, key=KEY_LATER) as session:
        session.unlock(secret=code)
        by_label = {f.label: f for f in fields.fields("customer")}
        assert customers.load(cid).custom == {by_label["经销商"].id: "华东一部", by_label["验收日期"].id: "2024-05-01",
                                              by_label["法人身份证号"].id: "330106198001011234"}
        view = saved_views.get("customers", "华东客户")
        assert registry.customer_ids(registry.query_from_state(view.state).query) == [cid]


def test_crmdesk_import_maps_a_column_named_like_a_field(demo_file: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from crmdesk.core.customfields import fields, values
    from crmdesk.core.session import open_session
    from crmdesk.core.store.models import Customer

    ledger = tmp_path / "台账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["客户名称", "联系人", "联系人职务", "联系人手机", "经销商", "验收日期"])
    book.active.append(["温州瓯海精工有限公司", "林峰", "厂长", "13857712345", "华南二部", "2025/3/8"])
    book.save(ledger)
    capsys.readouterr()
    assert main(["--db", str(demo_file), "import", str(ledger), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1
    with open_session(demo_file, write=False):
        cid = Customer.get(Customer.name == "温州瓯海精工有限公司").id
        by_label = {f.label: f.id for f in fields.fields("customer")}
        assert values.load("customer", [cid])[cid] == {by_label["经销商"]: "华南二部", by_label["验收日期"]: "2025-03-08"}

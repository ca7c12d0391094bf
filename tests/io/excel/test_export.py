"""Export of every list in its template layout (docs/spec.md §6), on the demo database."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.customers import service as customers
from crmdesk.core.store import db
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.store.models import (
    CUSTOMER_TYPES,
    TICKET_STAGES,
    TIERS,
    AuditLog,
    Contact,
    Customer,
    Staff,
    Ticket,
)
from crmdesk.core.validation import mask_mobile
from crmdesk.io.excel import masking
from crmdesk.io.excel.export import KINDS, export
from tests.helpers.excel import EXPECTED

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{2,}@")
COUNTS = {
    "customers": "SELECT count(*) FROM customer WHERE deleted_at IS NULL AND merged_into_id IS NULL",
    "tickets": "SELECT count(*) FROM ticket WHERE deleted_at IS NULL",
    "interactions": "SELECT count(*) FROM interaction",
    "tiers": "SELECT count(*) FROM customer WHERE deleted_at IS NULL AND merged_into_id IS NULL",
    "changes": "SELECT count(*) FROM change_log",
    "surveys": "SELECT count(*) FROM survey",
    "complaints": "SELECT count(*) FROM ticket WHERE deleted_at IS NULL AND category = 'complaint'",
    "equipment": "SELECT count(*) FROM equipment WHERE deleted_at IS NULL",
}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exported files."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _sql(query: str, *params: object) -> list[tuple]:
    return db.sql(query, params).fetchall()  # ? placeholders on either engine


def _sheet(path: Path):
    return openpyxl.load_workbook(path).worksheets[0]


def _rows_by_code(ws) -> dict[str, tuple]:
    return {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("kind", list(KINDS))
def test_rows_and_header_match_the_database(demo_db, out: Path, kind: str) -> None:
    progress: list[tuple[int, int]] = []
    result = export(kind, out / f"{kind}.xlsx", mask=True, progress=lambda d, t: progress.append((d, t)))
    expected_rows = _sql(COUNTS[kind])[0][0]
    assert expected_rows > 0
    assert result.rows == expected_rows
    ws = _sheet(result.path)
    assert ws.title == EXPECTED[KINDS[kind]][0]
    assert [c.value for c in ws[1]] == EXPECTED[KINDS[kind]][1]
    assert ws.max_row == expected_rows + 1
    assert ws.freeze_panes == "A2"
    assert progress and progress[-1] == (expected_rows, expected_rows)
    assert sorted(p.name for p in out.iterdir()) == [f"{kind}.xlsx"]


def _customer_with_everything() -> tuple[Customer, Contact]:
    for contact in Contact.select().where(Contact.is_primary & (Contact.email != "") & (Contact.mobile != "")):
        customer = Customer.get_by_id(contact.customer_id)
        if customer.coop_start is not None and customer.address:
            return customer, contact
    raise AssertionError("the demo data has no complete customer")


def test_customer_values_round_trip_masked_and_unmasked(demo_db, tmp_path: Path) -> None:
    customer, contact = _customer_with_everything()
    plain = _rows_by_code(_sheet(export("customers", tmp_path / "plain.xlsx").path))[customer.code]
    masked = _rows_by_code(_sheet(export("customers", tmp_path / "masked.xlsx", mask=True).path))[customer.code]
    for row in (plain, masked):
        assert row[1] == customer.name
        assert row[2] == CUSTOMER_TYPES[customer.type]
        assert row[3] == customer.importance
        assert row[9] == contact.name
        assert row[10] == (contact.title or None)
        assert row[18] == dt.datetime.combine(customer.coop_start, dt.time())
        assert row[16] == ("、".join(sorted(customers.tags_of(customer.id))) or None)
    assert plain[11] == contact.mobile
    assert plain[12] == contact.email
    assert plain[7] == customer.address
    assert masked[11] == mask_mobile(contact.mobile) and "****" in masked[11]
    assert masked[12] == contact.email[0] + "***" + contact.email[contact.email.index("@"):]
    assert masked[7].endswith("****") and masked[7] != customer.address


def test_dates_are_real_date_cells(demo_db, tmp_path: Path) -> None:
    ws = _sheet(export("tickets", tmp_path / "t.xlsx").path)
    ticket = Ticket.select().where(Ticket.deleted_at.is_null()).order_by(Ticket.created_at, Ticket.id).first()
    cell = ws["J2"]  # 受理时间 of the first ticket
    assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm"
    assert abs(cell.value - ticket.created_at) < dt.timedelta(seconds=1)
    row = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[0] == ticket.number
    assert row[14] == TICKET_STAGES[ticket.stage]
    assert row[8] in ("紧急", "重要", "一般")


def test_formula_like_text_is_written_as_text(demo_db, tmp_path: Path) -> None:
    customer, _contact = _customer_with_everything()
    risky = {"name": '=HYPERLINK("http://evil.example","点我")', "industry": "+86 138", "size": "-5",
             "region": "@sum(A1)", "notes": "第一行\n=1+1\x07"}
    Customer.update(**risky).where(Customer.id == customer.id).execute()
    path = export("customers", tmp_path / "risky.xlsx").path
    ws = _sheet(path)
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == customer.code)
    for cell, expected in ((row[1], risky["name"]), (row[4], "+86 138"), (row[5], "-5"), (row[6], "@sum(A1)")):
        assert cell.data_type == "s" and cell.value == expected
        assert cell.quotePrefix  # stays text when edited in Excel / WPS
    assert row[19].value == "第一行\n=1+1"  # control character dropped, the rest kept
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere in the file


def test_masked_exports_hold_no_mobile_or_email(demo_db, tmp_path: Path) -> None:
    customer, contact = _customer_with_everything()
    data = customers.load(customer.id)
    data.contacts[0].email = "newmail@hx.cn"
    data.address = "北京市朝阳区建国路88号"
    customers.save(data, customer_id=customer.id, reason="换邮箱")  # the change log now holds them
    for kind in ("customers", "tickets", "changes"):
        path = export(kind, tmp_path / f"{kind}.xlsx", mask=True).path
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for value in row:
                    assert not MOBILE.search(str(value)), (kind, value)
                    assert not EMAIL.search(str(value)), (kind, value)
    plain = export("changes", tmp_path / "changes-plain.xlsx").path
    fields = [row[2] for row in _sheet(plain).iter_rows(values_only=True) if row[0] == customer.code]
    assert f"联系人{contact.name}·联系人邮箱" in fields and "详细地址" in fields


def test_unmasked_export_of_personal_data_is_audited(demo_db, tmp_path: Path) -> None:
    operator = Staff.select().first()
    before = AuditLog.select().count()
    export("customers", tmp_path / "m.xlsx", mask=True, operator=operator)
    export("interactions", tmp_path / "i.xlsx", operator=operator)  # no personal data in it
    assert AuditLog.select().count() == before
    path = export("customers", tmp_path / "u.xlsx", operator=operator).path
    log = AuditLog.select().order_by(AuditLog.id.desc()).first()
    assert AuditLog.select().count() == before + 1
    assert (log.action, log.operator_id) == ("export_unmasked", operator.id)
    assert "customers" in log.detail and str(path) in log.detail


def test_cancel_leaves_no_file_and_no_audit(demo_db, out: Path) -> None:
    before = AuditLog.select().count()
    with pytest.raises(OperationCancelled):
        export("customers", out / "c.xlsx", cancelled=lambda: True)
    calls = iter([False, True])
    with pytest.raises(OperationCancelled):  # after the first batch of rows
        export("customers", out / "c.xlsx", cancelled=lambda: next(calls))
    assert list(out.iterdir()) == []
    assert AuditLog.select().count() == before


def test_tiers_values(demo_db, tmp_path: Path) -> None:
    today = dt.date(2026, 11, 20)
    ws = _sheet(export("tiers", tmp_path / "t.xlsx", today=today).path)
    rows = _rows_by_code(ws)
    checked = 0
    for customer in Customer.select().where(Customer.coop_start.is_null(False), Customer.total_order_fen > 0):
        row = rows[customer.code]
        start = customer.coop_start
        months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
        assert row[4] == max(0, months)
        assert row[5] == pytest.approx(round(customer.total_order_fen / 1_000_000, 2))
        assert row[7] == TIERS[customer.tier]
        scores = [s for (s,) in _sql("SELECT overall FROM survey WHERE customer_id = ? AND overall IS NOT NULL",
                                     customer.id)]
        assert row[6] == (pytest.approx(sum(scores) / len(scores), abs=0.006) if scores else None)
        checked += 1
    assert checked > 10


def test_unwritable_target_and_unknown_kind(demo_db, tmp_path: Path) -> None:
    with pytest.raises(KnownError) as info:
        export("customers", tmp_path / "no" / "such" / "x.xlsx")
    assert "x.xlsx" in info.value.message
    with pytest.raises(KnownError):
        export("orders", tmp_path / "x.xlsx")


def test_existing_file_is_replaced(demo_db, out: Path) -> None:
    target = out / "s.xlsx"
    target.write_text("not a workbook")
    export("surveys", target)
    assert _sheet(target).title == "客户满意度调查表"
    assert [p.name for p in out.iterdir()] == ["s.xlsx"]


@pytest.mark.parametrize("value", ["13812345678", "+86 138-1234-5678", "１３８１２３４５６７８", "010-12345678",
                                   "12345", "", None, "abcdefghijk"])
def test_fast_mobile_mask_equals_the_core_rule(value) -> None:
    assert masking.mask_mobile_fast(value) == (mask_mobile(value) if value else value)


def test_other_masks() -> None:
    assert masking.mask_email("zhang@hx.cn") == "z***@hx.cn"
    assert masking.mask_email("nonsense") == "***"
    assert masking.mask_address("浙江省杭州市西湖区高新路152号") == "浙江省杭州市西湖区****"
    assert masking.mask_address("北京市朝阳区建国路88号") == "北京市朝阳区****"
    assert masking.mask_address("广东省东莞市松山湖民营路368号") == "广东省东莞市****"
    assert masking.mask_change_value("联系人张伟·联系人手机", "13812345678") == "138****5678"
    assert masking.mask_change_value("客户类型", "成交客户") == "成交客户"


def test_encrypted_personal_data_is_exported_in_clear_or_masked(demo_db, out: Path) -> None:
    secrets = pytest.importorskip("crmdesk.core.safety.secrets")
    customer, contact = _customer_with_everything()
    secrets.activate(secrets.Cipher(bytes(range(32))))
    try:
        sealed = secrets.seal("contact", {"mobile": contact.mobile, "email": contact.email})
        Contact.update(**sealed).where(Contact.id == contact.id).execute()
        assert Contact.get_by_id(contact.id).mobile.startswith(secrets.PREFIX)
        plain = _rows_by_code(_sheet(export("customers", out / "p.xlsx").path))[customer.code]
        masked = _rows_by_code(_sheet(export("customers", out / "m.xlsx", mask=True).path))[customer.code]
    finally:
        secrets.activate(secrets.PlainCipher())
    assert (plain[11], plain[12]) == (contact.mobile, contact.email)
    assert masked[11] == mask_mobile(contact.mobile)


def test_export_of_the_filtered_registry_keeps_its_rows_and_order(demo_db, out: Path) -> None:
    """File → export "the list as filtered": the registry's own filter and sort decide the rows."""
    from crmdesk.core.customers import registry

    query = registry.RegistryQuery(type="customer", sort_key="name", descending=True)
    expected = registry.customer_ids(query)
    assert 0 < len(expected) < Customer.select().count()
    codes = [Customer.get_by_id(i).code for i in expected]
    result = export("customers", out / "filtered.xlsx", only=query)
    assert result.rows == len(expected)
    ws = _sheet(result.path)
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == codes
    tiers = export("tiers", out / "tiers.xlsx", only=query)
    assert [row[0] for row in _sheet(tiers.path).iter_rows(min_row=2, values_only=True)] == codes


def test_export_of_listed_ticket_ids_in_list_order(demo_db, out: Path) -> None:
    ids = [t.id for t in Ticket.select().where(Ticket.deleted_at.is_null()).order_by(Ticket.id.desc()).limit(7)]
    numbers = [Ticket.get_by_id(i).number for i in ids]
    result = export("tickets", out / "t.xlsx", only=ids, mask=True)
    assert result.rows == 7
    assert [row[0] for row in _sheet(result.path).iter_rows(min_row=2, values_only=True)] == numbers


def test_a_registry_filter_cannot_select_other_lists(demo_db, out: Path) -> None:
    from crmdesk.core.customers import registry

    with pytest.raises(KnownError):
        export("tickets", out / "x.xlsx", only=registry.RegistryQuery())
    with pytest.raises(KnownError):
        export("interactions", out / "y.xlsx", only=[1, 2])
    assert not list(out.iterdir())

"""Leaving another CRM (issue #20, docs/spec.md §13): 悟空CRM, CordysCRM and Odoo files import without hand mapping.

Each test writes a file exactly as the other program lays it out (the header lists and value
formats, with where each comes from, are in ``tests.io.crm_exports``), imports it into an
empty database and checks the round trip: every customer created, every contact attached to
its customer, every value in the right field, no rejected row; the next contact planned, the
last follow-up logged, the account managers made staff.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crmdesk.core.followups.service import on_working_day
from crmdesk.core.safety import secrets
from crmdesk.core.store.models import Contact, Customer, FollowUp, ImportBatch, Interaction, Staff
from crmdesk.io.importing.formats import SWITCHBOARD, UNNAMED
from crmdesk.io.importing.service import commit, preview, undo_batch
from crmdesk.io.importing.sources import detect
from tests.helpers import crm_exports as x

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

COUNT = 200
OURS = {"搜索引擎": "线上咨询", "线上注册": "线上咨询", "线上询价": "线上咨询", "邮件咨询": "线上咨询", "转介绍": "老客户转介绍",
        "线上": "线上咨询"}


def _clear(contact: Contact, column: str) -> str:
    return secrets.reveal("contact", column, getattr(contact, column))


def _import(path: Path, label: str, rows: int):
    result = preview(path)  # no kind, no mapping: all from the headers
    assert result.kind == "customers" and result.source_label == label
    assert result.counts["error"] == 0 and not result.warning_rows and not result.unmapped
    outcome = commit(result)
    assert (outcome.rows, outcome.errors) == (rows, 0)
    return result, outcome


def _customers() -> dict[str, Customer]:
    return {c.name: c for c in Customer.select()}


def _check_staff_and_history(data: list[x.Firm], by_name: dict[str, Customer], *, history_by: bool,
                             last_followup: bool = True, next_contact: bool = True) -> None:
    """Owners became staff and account managers; next contacts ahead are planned; last follow-ups logged."""
    staff = {s.id: s.name for s in Staff.select()}
    owners = Customer.select().where(Customer.account_manager.is_null(False)).exists()
    assert set(staff.values()) == (set(x.OWNERS) if owners else set())  # 悟空 9's template has no 负责人
    for f in data:
        customer = by_name[f.name]
        assert staff.get(customer.account_manager_id) == (f.owner if owners else None)
        planned = list(FollowUp.select().where(FollowUp.customer == customer.id))
        if next_contact and f.next_contact is not None and f.next_contact > x.NOW:
            assert [(p.due_at, p.assignee_id, p.status) for p in planned] == [
                (on_working_day(f.next_contact), customer.account_manager_id, "planned")]
            assert planned[0].purpose == "下次联系（从悟空CRM导入）"
        else:
            assert planned == []
            assert ("导入时已过，未生成跟进" in customer.notes) == next_contact  # a past next contact is kept in the notes
        logged = list(Interaction.select().where(Interaction.customer == customer.id))
        if last_followup and f.last_at is not None:
            assert [(i.at, i.staff_name if history_by else "") for i in logged] == [
                (f.last_at, f.last_by if history_by else "")]
            assert customer.last_contact_at == f.last_at
            if history_by:
                assert staff[logged[0].staff_id] == f.last_by
        else:
            assert logged == []


def _check_company_numbers(f: x.Firm, customer: Customer, i: int, *, mobile_blank: bool) -> None:
    """The numbers of a customer-level export: a landline (400 numbers too) and a mobile on a named contact."""
    contacts = {c.name: c for c in customer.contacts}
    mobile = "" if mobile_blank else f.mobile
    if not mobile and not f.landline:
        assert contacts == {}
        return
    person = contacts[UNNAMED if mobile else SWITCHBOARD]
    assert (_clear(person, "mobile"), _clear(person, "phone"), person.is_primary) == (mobile, f.landline, True)


@pytest.mark.parametrize("builder, label", [
    (x.wukong11_customer_export, "悟空CRM 11 客户导出"), (x.wukong11_customer_template, "悟空CRM 11 客户导入模板"),
    (x.wukong9_customer_export, "悟空CRM 9 客户导出"), (x.wukong9_customer_template, "悟空CRM 9 客户导入模板")])
def test_wukong_customer_files(db, tmp_path: Path, builder, label: str) -> None:
    data = x.firms(COUNT)
    result, outcome = _import(builder(tmp_path / "客户.xlsx", data), label, COUNT)
    assert outcome.created == COUNT
    export = "导出" in label
    if builder is x.wukong11_customer_export:
        assert [result.headers[c] for c in result.ignored] == ["锁定状态", "距进入公海天数", "相关团队", "所属部门", "更新时间",
                                                              "创建时间", "创建人"]
    by_name = _customers()
    assert len(by_name) == COUNT
    for i, f in enumerate(data):
        c = by_name[f.name]
        assert c.importance == f.level  # A（重点客户） → A …
        assert c.industry == f.industry and c.source_channel == OURS.get(f.source, f.source)
        if export:  # 成交状态 gives the type
            assert (c.type, c.defaulted) == ("customer" if f.deal else "prospect", "")
        else:
            assert (c.type, c.defaulted) == ("prospect", "type")  # a visible default, counted in the health report
        province, city, district = x.wukong_region(f, i)
        has_region = builder is not x.wukong9_customer_export  # 悟空 9 exports no region
        assert c.region == (("".join(dict.fromkeys([province, city, district]))) if has_region else "")
        assert _clear_address(c) == (f.address if builder in (x.wukong11_customer_export,
                                                             x.wukong11_customer_template) else "")
        assert f"网址：{f.website}" in c.notes and f"备注{i}" in c.notes
        _check_company_numbers(f, c, i, mobile_blank=builder is x.wukong11_customer_export and i % 9 == 0)
    _check_staff_and_history(data, by_name, history_by=False, last_followup=export)
    # nothing is imported twice
    again = commit(preview(tmp_path / "客户.xlsx"))
    assert (again.created, again.updated, again.errors) == (0, 0, 0)
    assert FollowUp.select().count() == sum(1 for f in data if f.next_contact and f.next_contact > x.NOW)


def _clear_address(customer: Customer) -> str:
    return secrets.reveal("customer", "address", customer.address) if customer.address else ""


def test_a_wukong_export_as_legacy_xls(db, tmp_path: Path) -> None:
    """悟空CRM writes .xls: the same layout read from a legacy workbook (a small one, see ``write_xls``)."""
    data = x.firms(6)
    _result, outcome = _import(x.wukong9_customer_export(tmp_path / "客户.xls", data), "悟空CRM 9 客户导出", 6)
    assert outcome.created == 6 and {c.importance for c in Customer.select()} == {"A", "B", "C"}


@pytest.mark.parametrize("customers, contacts, label", [
    (x.wukong11_customer_export, x.wukong11_contact_export, "悟空CRM 11 联系人导出"),
    (x.wukong11_customer_template, x.wukong11_contact_template, "悟空CRM 11 联系人导入模板"),
    (x.wukong9_customer_export, x.wukong9_contact_export, "悟空CRM 9 联系人导出")])
def test_wukong_contact_files_attach_every_contact_to_its_customer(db, tmp_path: Path, customers, contacts,
                                                                   label: str) -> None:
    data = x.firms(COUNT)
    commit(preview(customers(tmp_path / "客户.xlsx", data)))
    people = sum(len(f.people) for f in data)
    _result, outcome = _import(contacts(tmp_path / "联系人.xlsx", data), label, people)
    assert outcome.created == 0 and Customer.select().count() == COUNT
    by_name = _customers()
    for f in data:
        customer = by_name[f.name]
        mine = {c.name: c for c in customer.contacts}
        for j, p in enumerate(f.people):
            contact = mine[p.name]
            assert (_clear(contact, "mobile"), _clear(contact, "email"), contact.title) == (p.mobile, p.email, p.title)
            assert f"{p.name}的性别：{'男' if j % 2 else '女'}" in customer.notes
        # 是否关键决策人 makes the primary contact, in place of the one the customer file had to name
        chief = [p.name for p in f.people if p.chief]
        primary = [c.name for c in customer.contacts if c.is_primary]
        if chief:
            assert primary == chief and customer.primary_contact == chief[0]
        else:
            assert len(primary) <= 1
    assert Contact.select().where(Contact.title == "").count() >= sum(
        1 for f in data for p in f.people if not p.title)  # imported without 职务, all the same


@pytest.mark.parametrize("builder, label", [(x.cordys_customer_export, "CordysCRM 客户导出"),
                                            (x.cordys_customer_template, "CordysCRM 客户导入模板")])
def test_cordys_customer_files(db, tmp_path: Path, builder, label: str) -> None:
    data = x.firms(COUNT)
    result, outcome = _import(builder(tmp_path / "客户.xlsx", data), label, COUNT)
    assert outcome.created == COUNT
    export = builder is x.cordys_customer_export
    if export:
        assert [result.headers[c] for c in result.ignored] == ["部门", "领取时间", "回收公海", "剩余归属", "创建人", "创建时间",
                                                              "更新人", "更新时间"]
    by_name = _customers()
    for i, f in enumerate(data):
        c = by_name[f.name]
        # 重要客户 → A, 一般客户 → B, 战略客户 → A and of type 战略客户
        assert c.importance == ("A" if f.strategic or f.level == "A" else "B")
        assert c.type == ("strategic" if f.strategic else "prospect")
        tags = sorted(t.tag.name for t in c.tag_links)
        assert tags == sorted([*f.tags, *([f.kind_tag] if f.kind_tag else [])])  # 代理商, 最终客户 as tags
        province, city, district = x.wukong_region(f, i)
        assert c.region == "".join(dict.fromkeys([province, city, district]))
        assert _clear_address(c) == f.address  # the street after 中国-省-市-区
        assert c.source_channel == OURS.get(x.CORDYS_SOURCES[i % 6], x.CORDYS_SOURCES[i % 6])
        if export and i % 6 == 0:
            assert "线上来源详情：400电话" in c.notes
    _check_staff_and_history(data, by_name, history_by=True, last_followup=export, next_contact=False)


@pytest.mark.parametrize("builder, label", [(x.cordys_contact_export, "CordysCRM 联系人导出"),
                                            (x.cordys_contact_template, "CordysCRM 联系人导入模板")])
def test_cordys_contact_files(db, tmp_path: Path, builder, label: str) -> None:
    data = x.firms(COUNT)
    commit(preview(x.cordys_customer_export(tmp_path / "客户.xlsx", data)))
    people = sum(len(f.people) for f in data)
    _result, outcome = _import(builder(tmp_path / "联系人.xlsx", data), label, people)
    assert outcome.created == 0
    by_name = _customers()
    export = builder is x.cordys_contact_export
    for f in data:
        mine = {c.name: c for c in by_name[f.name].contacts}
        assert set(mine) == {p.name for p in f.people}
        for p in f.people:
            contact = mine[p.name]
            assert (_clear(contact, "mobile"), _clear(contact, "email")) == (p.mobile, p.email)
            assert contact.has_left == (export and p.left)  # 状态 禁用 → left the company
            assert contact.title == ""  # Cordys has no 职务: imported without, reported by the health report
        if export and any(p.left for p in f.people):
            assert "已离职" in by_name[f.name].notes  # 停用原因 kept


@pytest.mark.parametrize("english", [False, True])
def test_odoo_partners_one_table_of_companies_and_people(db, tmp_path: Path, english: bool) -> None:
    data = x.firms(COUNT)
    rows = COUNT + sum(len(f.people) for f in data)
    label = "Odoo 联系人（英文表头）" if english else "Odoo 联系人导出"
    result, outcome = _import(x.odoo_partner_export(tmp_path / "联系人.xlsx", data, english=english), label, rows)
    assert outcome.created == COUNT and Customer.select().count() == COUNT
    assert [result.headers[c] for c in result.ignored] == (  # 公司 (yes/no) beside 公司类别
        ["Language", "Is a Company", "Active"] if english else ["语言", "公司", "有效"])
    by_name = _customers()
    for i, f in enumerate(data):
        c = by_name[f.name]
        assert c.code == f"KH{i:04d}"  # 内部参照
        province, city, _district = x.wukong_region(f, i)
        state, town = province.rstrip("省"), city.rstrip("市")  # 状态 「广东 (CN)」 + 城市
        assert c.region == (state if town in state else state + town)  # 北京市 + 北京 is 北京市
        assert _clear_address(c) == f.address
        assert sorted(t.tag.name for t in c.tag_links) == sorted(f.tags)
        zip_code, site = ("Zip", "Website") if english else ("邮政编码", "网站")
        assert f"{zip_code}：518000" in c.notes and f"{site}：{f.website}" in c.notes
        mine = {contact.name: contact for contact in c.contacts}
        for p in f.people:  # a 个人 row is a contact of the company in 关联公司
            assert (_clear(mine[p.name], "mobile"), mine[p.name].title) == (p.mobile, p.title)
            assert f"{p.name}的{'Title' if english else '称谓'}：先生" in c.notes
        assert len(mine) == len(f.people) + (1 if f.landline else 0)  # + 总机 for the company's own number
    staff = {s.id: s.name for s in Staff.select()}
    assert all(staff[by_name[f.name].account_manager_id] == f.owner for f in data)  # 销售员


def test_new_staff_are_listed_and_the_user_decides(db, tmp_path: Path) -> None:
    """The people named become staff unless the user leaves them out (the name stays in the notes)
    or maps them to an existing person; an undo removes the staff it added."""
    kept = Staff.create(name="王老板")
    data = x.firms(10)
    path = x.wukong11_customer_export(tmp_path / "客户.xlsx", data)
    result = preview(path)
    named = dict.fromkeys(x.OWNERS, 0)
    for f in data:  # the 负责人 of each customer, and who followed up last (when the file says)
        named[f.owner] += 1
    assert result.new_staff == dict(named.items())
    assert any("还不是系统中的员工" in notice for notice in result.notices)
    plan = {"王建国": kept.id, "李秀英": None}
    outcome = commit(result, staff_plan=plan)
    assert {s.name for s in Staff.select()} == {"王老板", "张伟", "刘洋", "陈静"}
    by_name = _customers()
    for f in data:
        c = by_name[f.name]
        if f.owner == "王建国":
            assert c.account_manager_id == kept.id
        elif f.owner == "李秀英":
            assert c.account_manager_id is None and "客户经理：李秀英（未设为员工）" in c.notes
        else:
            assert Staff.get_by_id(c.account_manager_id).name == f.owner
    undo_batch(outcome.batch)
    assert {s.name for s in Staff.select()} == {"王老板"} and Customer.select().count() == 0
    assert FollowUp.select().count() == 0 and Interaction.select().count() == 0
    assert ImportBatch.get_by_id(outcome.batch).status == "undone"


def test_detection_names_the_layout_and_leaves_own_ledgers_alone() -> None:
    assert detect(x.WUKONG11_CUSTOMER_EXPORT).label == "悟空CRM 11 客户导出"
    assert detect(x.WUKONG9_CUSTOMER_EXPORT).label == "悟空CRM 9 客户导出"
    assert detect(x.WUKONG11_CUSTOMER_TEMPLATE).label == "悟空CRM 11 客户导入模板"
    assert detect(x.WUKONG9_CUSTOMER_TEMPLATE).label == "悟空CRM 9 客户导入模板"
    assert detect(x.CORDYS_CUSTOMER_EXPORT).label == "CordysCRM 客户导出"
    assert detect(x.CORDYS_CONTACT_EXPORT).label == "CordysCRM 联系人导出"
    assert detect(x.ODOO_PARTNER_EXPORT).label == "Odoo 联系人导出"
    assert detect(["客户名称", "联系人", "手机", "备注"]) is None
    assert detect(["客户编号", "客户名称*", "客户类型*", "重要等级*", "所属行业"]) is None
    assert detect(x.WUKONG11_CUSTOMER_EXPORT, "tickets") is None


def test_value_formats() -> None:
    from crmdesk.core.validation import normalize_phone
    from crmdesk.io.importing.formats import level, split_region, tags

    convert = level("客户级别")
    assert [convert(v) for v in ("A（重点客户）", "B（普通客户）", "C（非优先客户）", "重要客户", "一般客户", "b")] == [
        "A", "B", "C", "A", "B", "B"]
    assert split_region("中国-广东省-深圳市-南山区-科技园路1-3号") == ("广东省深圳市南山区", "科技园路1-3号")
    assert split_region("广东省,深圳市,南山区") == ("广东省深圳市南山区", "")
    assert split_region("北京市-北京市-朝阳区-建国路88号") == ("北京市朝阳区", "建国路88号")
    assert split_region("深圳") == ("深圳", "")
    assert tags("客户标签")("[标签1，标签2]") == "标签1、标签2"
    assert [normalize_phone(v) for v in ("4008001234", "400-800-1234", "800 810 5888")] == [
        "400-800-1234", "400-800-1234", "800-810-5888"]
    assert dt.datetime(2025, 8, 6, 20, 23, 59) == preview_moment("2025/8/6 20:23:59")


def preview_moment(text: str) -> dt.datetime:
    from crmdesk.io.importing.cells import moment

    return moment("最后跟进时间")(text)  # type: ignore[return-value]


def test_the_command_line_names_the_layout_and_the_new_staff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk.cli import main

    path = x.cordys_customer_export(tmp_path / "客户.xlsx", x.firms(12))
    assert main(["import", str(path), "--db", str(tmp_path / "crm.db")]) == 0
    out = capsys.readouterr().out
    assert "识别为：CordysCRM 客户导出" in out and "还不是系统中的员工" in out
    assert "读取 12 行，新增 12，更新 0，跳过重复 0，拒绝 0" in out

"""No silent defaults (issue #14, item 3; docs/spec.md §6): a value the ledger did not hold is set to a
visible default that the import names in its preview and the data-health report counts as
未填（默认）; imported contacts without a 职务 are imported and counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from crmdesk.core.reports import quality as kpi_quality
from crmdesk.core.store.models import Contact, Customer
from crmdesk.io.importing.service import commit, preview
from crmdesk.io.pdf.health import ledger_gaps, write_health_report
from tests.helpers.workbooks import write_xlsx

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def test_defaults_are_visible_and_counted_as_not_filled_in(db, tmp_path: Path) -> None:
    """Hand-counted: four customers; 客户类型 defaulted for 甲, 乙 (no column) and 丁 (empty cell),
    重要等级 for 甲 and 乙; after 乙's type is set by hand, 2 of 4 (50 %) still hold the imported
    default for each. Contacts without 职务: 张三, 李四 (no column) and 赵六 (empty) = 3."""
    a = write_xlsx(tmp_path / "a.xlsx", ["客户名称", "联系人", "手机"],
               [["甲公司", "张三", "13812345678"], ["乙公司", "李四", "13912345678"]])
    first = preview(a, "customers")
    assert first.notices == [
        "客户类型：2 位新客户台账中没有这一列，按默认值“潜在客户”导入；现状诊断报告中计为“未填（默认）”，请日后补录。",
        "重要等级：2 位新客户台账中没有这一列，按默认值“C”导入；现状诊断报告中计为“未填（默认）”，请日后补录。"]
    commit(first)
    b = write_xlsx(tmp_path / "b.xlsx", ["客户名称", "客户类型", "重要等级", "联系人", "职务"],
               [["丙公司", "成交客户", "A", "王五", "经理"], ["丁公司", "", "B", "赵六", ""]])
    second = preview(b, "customers")
    assert second.notices == ["客户类型：1 位新客户台账中这一栏为空，按默认值“潜在客户”导入；现状诊断报告中计为"
                              "“未填（默认）”，请日后补录。"]
    commit(second)

    stored = {c.name: (c.type, c.importance, c.defaulted) for c in Customer.select()}
    assert stored == {"甲公司": ("prospect", "C", "type,importance"), "乙公司": ("prospect", "C", "type,importance"),
                      "丙公司": ("customer", "A", ""), "丁公司": ("prospect", "B", "type")}
    assert Contact.select().where(Contact.title == "").count() == 3  # imported all the same

    gaps = ledger_gaps()
    assert (gaps.customers, gaps.defaulted, gaps.contacts_without_title) == (4, {"type": 3, "importance": 2}, 3)
    Customer.update(type="customer").where(Customer.name == "乙公司").execute()  # set by hand since
    gaps = ledger_gaps()
    assert gaps.defaulted == {"type": 2, "importance": 2} and gaps.share("type") == 0.5

    # the missing-field rate stays what is empty; the defaults are reported beside it, never as filled in
    missing = {m.key: m.missing for m in kpi_quality.missing_fields()}
    assert (missing["type"], missing["importance"]) == (0, 0)
    out = write_health_report(tmp_path / "health.pdf", as_of=dt.datetime(2025, 1, 2, 9))
    text = "".join(page.extract_text() for page in PdfReader(out).pages).replace("\n", "")
    assert "未填（默认）" in text
    assert text.count("2（50.0%）") >= 2  # 客户类型 and 重要等级
    assert "2 位客户（50.0%）的客户类型在原台账中未填，导入时按默认值“潜在客户”记录" in text
    assert "导入的联系人中有 3 位在原台账中没有职务" in text

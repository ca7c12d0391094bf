"""《售后服务流程规范》 and 《客户资料管理制度》: printed from the settings, in step with them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from crmdesk.core.firm import settings
from crmdesk.core.org import departments, policy, raci
from crmdesk.core.reports.kpi import Period
from crmdesk.io.pdf.monthly import write_monthly_report
from crmdesk.io.pdf.policy import write_policy
from tests.helpers.org import make_firm, seed_rules
from tests.helpers.pdf import pdf_text

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_policy_prints_the_settings(db, tmp_path: Path) -> None:
    firm = make_firm()
    seed_rules(firm)
    settings.put("firm_name", "杭州测试机电有限公司")
    settings.put("callback_max_tries", 2)
    out = write_policy(tmp_path / "policy.pdf")
    text = pdf_text(out)
    flat = _flat(text)
    for expected in ("《售后服务流程规范》", "《客户资料管理制度》", "杭州测试机电有限公司", "服务流程", "职责矩阵（RACI表）",
                     "需求接收", "满意度回访", "工单分派规则", "投诉·产品质量", "3个工作日内解决", "最多2次",
                     "严重投诉", "战略客户", "月度拜访", "个人信息保护", "手机", "保留最近30份日备份"):
        assert expected in flat, expected
    for dept in ("客服部", "技术部", "产品部", "销售部"):
        assert dept in text
    assert "王磊（工程师）" in flat and "钱芳（客户经理）" in flat
    assert len(PdfReader(out).pages) >= 4
    assert not list(tmp_path.glob(".report-*"))


def test_the_raci_table_follows_the_owners_matrix(db, tmp_path: Path) -> None:
    firm = make_firm()
    sales = str(firm.departments["销售部"])
    assert raci.matrix().cells["callback"][sales] == "C"  # suggested: account managers are consulted
    raci.save({"callback": {sales: "r a"}, "received": {raci.OWNER: "I"}})
    content = policy.gather()
    assert content.matrix.cell("callback", sales) == "R/A" and content.matrix.cell("received", raci.OWNER) == "I"
    text = _flat(pdf_text(write_policy(tmp_path / "p.pdf")))
    # the 满意度回访 row: 客服部 R/A, 技术部 I, 产品部 I, 销售部 R/A (the owner's choice), owner empty
    assert "满意度回访（回访）R/AIIR/A" in text
    departments.set_active(firm.departments["销售部"], False)
    assert "销售部" not in [c.name for c in raci.matrix().columns]


def test_a_firm_without_departments_still_gets_its_policy(db, tmp_path: Path) -> None:
    text = _flat(pdf_text(write_policy(tmp_path / "p.pdf")))
    assert "尚未设置部门" in text and "尚未设置分派规则" in text


def test_the_monthly_report_can_append_it(db, tmp_path: Path) -> None:
    make_firm()
    plain = write_monthly_report(Period.month(2026, 10), tmp_path / "m.pdf")
    both = write_monthly_report(Period.month(2026, 10), tmp_path / "mp.pdf", with_policy=True)
    assert "售后服务流程规范" not in pdf_text(plain)
    assert "《售后服务流程规范》" in _flat(pdf_text(both)) and "《客户资料管理制度》" in _flat(pdf_text(both))

"""Departments: names kept, heads and default persons among the members, roles, order, switching off."""

from __future__ import annotations

import pytest

from crmdesk.core.firm import staff
from crmdesk.core.org import departments
from crmdesk.core.org.rules import RuleRow, save_table
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Department, Staff
from tests.helpers.org import make_firm


def test_the_firm_of_the_seeds(db) -> None:
    firm = make_firm()
    found = {d.name: d for d in departments.departments()}
    assert list(found) == ["客服部", "技术部", "产品部", "销售部"]
    assert found["技术部"].head == "王磊" and found["技术部"].default_person == "赵强"
    assert [m.name for m in found["销售部"].active_members("account_manager")] == ["冯军", "钱芳"]
    assert departments.role_label("account_manager") == "客户经理"
    assert [o.name for o in departments.owners()] == ["张总", "郑丽"]
    assert Staff.get_by_id(firm.people["张总"]).department_id is None


def test_names_are_unique_and_checked(db) -> None:
    departments.add("客服部")
    with pytest.raises(ValidationError, match="已有名为“客服部”的部门"):
        departments.add(" 客服部 ")
    with pytest.raises(ValidationError, match="部门：必填"):
        departments.add("  ")
    other, _changes = departments.add("技术部")
    with pytest.raises(ValidationError):
        departments.rename(other, "客服部")
    departments.rename(other, "技术服务部")
    assert departments.by_name("技术服务部").id == other


def test_head_and_default_person_must_be_active_members(db) -> None:
    firm = make_firm()
    with pytest.raises(ValidationError, match="王磊 不是产品部的成员"):
        departments.set_head(firm.departments["产品部"], firm.people["王磊"])
    staff.set_active(firm.people["吴刚"], False)
    with pytest.raises(ValidationError, match="吴刚 已停用"):
        departments.set_default_person(firm.departments["产品部"], firm.people["吴刚"])


def test_leaving_a_department_gives_up_its_head_role(db) -> None:
    firm = make_firm()
    departments.set_membership(firm.people["王磊"], firm.departments["产品部"], "engineer")
    tech = Department.get_by_id(firm.departments["技术部"])
    assert tech.head_id is None and Staff.get_by_id(firm.people["王磊"]).department_id == firm.departments["产品部"]
    with pytest.raises(ValidationError, match="未知角色"):
        departments.set_membership(firm.people["王磊"], None, "boss")


def test_a_department_named_by_active_rules_stays_on_and_history_keeps_it(db) -> None:
    firm = make_firm()
    save_table([RuleRow(None, department_id=firm.departments["销售部"])])
    with pytest.raises(KnownError, match="仍被 1 条启用的分派规则使用"):
        departments.set_active(firm.departments["销售部"], False)
    departments.set_active(firm.departments["客服部"], False)
    assert [d.name for d in departments.departments(include_inactive=False)] == ["技术部", "产品部", "销售部"]
    assert departments.departments()[-1].name == "客服部"  # kept, listed last


def test_order_moves(db) -> None:
    firm = make_firm()
    departments.move(firm.departments["销售部"], -3)
    assert [d.name for d in departments.departments()] == ["销售部", "客服部", "技术部", "产品部"]

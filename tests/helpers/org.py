"""A firm organised as docs/spec.md §13 describes it: 客服部, 技术部, 产品部, 销售部 with people (shared by the
routing, workload, KPI, policy and end-to-end tests)."""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.core.firm import staff
from crmdesk.core.org import departments
from crmdesk.core.org.rules import RuleRow, save_table


@dataclass
class Firm:
    """Ids of the departments and people ``make_firm`` created, by name."""

    departments: dict[str, int]
    people: dict[str, int]


# (department, [(name, role)], head, default person)
LAYOUT = [
    ("客服部", [("陈静", "clerk"), ("刘洋", "clerk")], "陈静", "刘洋"),
    ("技术部", [("王磊", "engineer"), ("赵强", "engineer"), ("孙涛", "engineer")], "王磊", "赵强"),
    ("产品部", [("周敏", "engineer"), ("吴刚", "engineer"), ("郑丽", "owner")], "郑丽", ""),
    ("销售部", [("钱芳", "account_manager"), ("冯军", "account_manager")], "钱芳", ""),
]


def make_firm(*, boss: str = "张总") -> Firm:
    """The four departments with their people, heads and default persons, plus the owner outside them."""
    people: dict[str, int] = {}
    ids: dict[str, int] = {}
    for name, members, head, default in LAYOUT:
        dept_id, _changes = departments.add(name)
        ids[name] = dept_id
        for person, role in members:
            people[person] = staff.add(person, role, department_id=dept_id).id
        departments.set_head(dept_id, people[head])
        if default:
            departments.set_default_person(dept_id, people[default])
    people[boss] = staff.add(boss, "owner").id
    return Firm(ids, people)


def seed_rules(firm: Firm) -> None:
    """The rules of the issue: 产品质量 complaints and 需求建议 to 产品部 (需求建议 answered within 3 working
    days), 服务态度 complaints to 客服部, faults to 技术部 in turn, everything else to 客服部."""
    save_table([
        RuleRow(None, category="complaint", complaint_type="产品质量", department_id=firm.departments["产品部"],
                pick="least_open", role="engineer"),
        RuleRow(None, category="suggestion", department_id=firm.departments["产品部"], pick="least_open",
                role="engineer", resolution_amount=3, resolution_unit="working_days", note="需求可行性反馈"),
        RuleRow(None, category="complaint", complaint_type="服务态度", department_id=firm.departments["客服部"],
                pick="default"),
        RuleRow(None, category="fault", department_id=firm.departments["技术部"], pick="round_robin"),
        RuleRow(None, department_id=firm.departments["客服部"], pick="default"),
    ])

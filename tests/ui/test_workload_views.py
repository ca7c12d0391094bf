"""Workload where the clerk and the heads look: the board's picker and 部门工单, 今日's workload group,
and the reports tab's per-person and per-department KPIs of last month beside the month before."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.firm import staff
from crmdesk.core.reports.kpi import Period
from crmdesk.core.tickets import service as tickets
from crmdesk.ui.reports.team import TeamPanel
from crmdesk.ui.tickets.tab import TicketsTab
from crmdesk.ui.today.tab import TodayTab
from tests.helpers.factories import make_customer
from tests.helpers.org import make_firm, seed_rules

NOW = dt.datetime(2026, 11, 20, 10, 30)


@pytest.fixture
def firm(db):
    firm = make_firm()
    seed_rules(firm)
    customer = make_customer("华强电子")
    # routed: 产品质量 complaints to 产品部 (least open work), faults to 技术部 in turn
    firm.quality = [tickets.create(customer, f"外壳开裂 {i}", category="complaint", complaint_type="产品质量",
                                   at=NOW - dt.timedelta(hours=3)).ticket_id for i in range(3)]
    firm.fault = tickets.create(customer, "无法开机", category="fault", assignee_id=firm.people["王磊"],
                                at=NOW - dt.timedelta(hours=2)).ticket_id
    return firm


def test_the_board_picker_shows_open_work_and_a_head_sees_the_department(zh, qtbot, firm, sync_ops) -> None:
    staff.set_current_operator(firm.people["郑丽"])  # head of 产品部
    tab = TicketsTab(clock=lambda: NOW)
    qtbot.addWidget(tab)
    tab.refresh()
    combo = tab.assignee_combo
    texts = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert texts[firm.people["周敏"]].startswith("周敏　在办 ") and texts[firm.people["陈静"]] == "陈静　在办 0"
    assert texts[firm.people["王磊"]] == "王磊　在办 1"
    assert tab.department_check.isEnabled() and tab.department_check.text() == "部门工单"
    tab.department_check.setChecked(True)
    shown = {card.id for stage in tab.loaded.cards.values() for card in stage}
    assert shown == set(firm.quality)  # 产品部's tickets, not 技术部's fault
    tab.show_assignee(firm.people["王磊"])
    assert not tab.department_check.isChecked()
    assert {card.id for stage in tab.loaded.cards.values() for card in stage} == {firm.fault}


def test_today_lists_everyone_s_open_work_and_opens_their_tickets(zh, qtbot, firm, sync_ops) -> None:
    tab = TodayTab()
    tab.clock = lambda: NOW
    qtbot.addWidget(tab)
    tab.refresh()
    row = tab.rows[("person", firm.people["王磊"])]
    assert (row.text(0), row.text(1), row.text(2)) == ("技术部", "王磊", "在办 1")
    assert "工作量" in row.parent().text(0) and "11 人中 3 人有在办工单" in row.parent().text(0)
    asked: list[int] = []
    tab.person_requested.connect(asked.append)
    tab.activate("person", firm.people["王磊"], 4)
    assert asked == [firm.people["王磊"]]


def test_the_team_kpis_of_last_month_with_the_month_before(zh, qtbot, firm, sync_ops) -> None:
    panel = TeamPanel()
    qtbot.addWidget(panel)
    panel.load(Period.month(2026, 11))
    people = {panel.table.item(r, 0).text(): r for r in range(panel.table.rowCount())}
    assert panel.table.item(people["王磊"], 1).text() == "技术部"
    assert panel.table.item(people["王磊"], 2).text() == "1（0）"  # received: 1 in November, 0 in October
    assert "2026年10月" in panel.note_label.text() or "2026-10" in panel.note_label.text()
    panel.departments_button.setChecked(True)
    depts = {panel.table.item(r, 0).text(): r for r in range(panel.table.rowCount())}
    assert panel.table.item(depts["产品部"], 2).text() == "3（0）"
    assert panel.table.isColumnHidden(1) and panel.table.horizontalHeaderItem(0).text() == "部门"

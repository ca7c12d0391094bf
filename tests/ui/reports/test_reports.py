"""The reports tab on the demo data: period picker, cards, charts, lists, improvement editing, PDFs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from crmdesk.core.reports import kpi, surveys
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.changes import Changes
from tests.helpers.pdf import pdf_text

TODAY = dt.date(2026, 11, 20)
OCTOBER = Period.month(2026, 10)


@pytest.fixture
def tab(qtbot, demo_db, sync_ops):
    from crmdesk.ui.reports.tab import ReportsTab

    widget = ReportsTab(today=TODAY)
    qtbot.addWidget(widget)
    widget.month_edit.setDate(QDate(2026, 10, 1))
    widget.refresh(None)
    return widget


@pytest.fixture
def low_survey(demo_db):
    """A low-score survey in October for a demo customer: (survey id, customer id)."""
    from crmdesk.core.store.models import Customer

    customer = Customer.select().where(Customer.deleted_at.is_null()).first()
    recorded = surveys.record(customer.id, {"quality": 2, "overall": 3}, method="visit", date=dt.date(2026, 10, 15),
                              comment="安装延误", today=TODAY)
    return recorded.survey_id, customer.id


def test_cards_charts_and_table_show_the_kpi_service(tab) -> None:
    from crmdesk.ui.reports.cards import format_value

    assert tab.current_period() == OCTOBER
    k = kpi.compute(OCTOBER, tab.kpis.as_of, trend_months=12)
    for item in k.kpis:
        card = tab.cards[item.key]
        assert card.value_label.text() == format_value(item.definition.unit, item.value), item.key
    assert k.value("received") > 0
    assert "2026年10月" in tab.period_label.text() and "2026年9月" in tab.period_label.text()
    assert tab.table.rowCount() == 12
    assert tab.table.item(0, 0).text() == "2026-10" and tab.table.item(0, 1).text() == str(int(k.value("received")))
    assert tab.csat_chart.series[0][1] == [v.values["csat"] for v in k.trend]
    assert tab.csat_chart.labels[-1] == "10" and tab.csat_chart.target == 4.5
    assert tab.category_chart.series[0][1] == [k.by_category[c] for c in k.by_category]
    assert tab.tier_chart.series[0][1] == list(k.by_tier.values())
    one_time = tab.cards["one_time_rate"]
    assert ("met" in one_time.target_label.text()) == bool(k.get("one_time_rate").met)
    for chart in (tab.csat_chart, tab.hours_chart, tab.sla_chart, tab.category_chart, tab.tier_chart,
                  tab.dimension_chart):
        chart.resize(420, 220)
        assert not chart.grab().isNull()  # paints without error


def test_period_picker(tab) -> None:
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("quarter"))
    tab.year_spin.setValue(2026)
    tab.quarter_combo.setCurrentIndex(2)
    assert tab.current_period() == Period.quarter(2026, 3)
    assert tab.month_edit.isHidden() and not tab.quarter_combo.isHidden()
    tab.refresh_button.click()
    assert tab.kpis.period == Period.quarter(2026, 3) and tab.kpis.previous_period == Period.quarter(2026, 2)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("custom"))
    tab.from_edit.setDate(QDate(2026, 10, 5))
    tab.to_edit.setDate(QDate(2026, 10, 14))
    tab.refresh_button.click()
    assert tab.kpis.period == Period.custom(dt.date(2026, 10, 5), dt.date(2026, 10, 14))
    tab.to_edit.setDate(QDate(2026, 10, 1))  # ends before it starts: refused, the last numbers stay
    tab.refresh_button.click()
    assert tab.kpis.period == Period.custom(dt.date(2026, 10, 5), dt.date(2026, 10, 14))


def test_the_tab_opens_on_the_last_complete_month_and_offers_the_month_to_date(qtbot, demo_db, sync_ops) -> None:
    """#14: opened on 2026-11-20 the tab shows October (complete), not November's first 20 days; the
    current month is 本月至今（截至 11-20）, compared with 1–20 October."""
    from crmdesk.ui.reports.tab import ReportsTab

    widget = ReportsTab(today=TODAY)
    qtbot.addWidget(widget)
    assert widget.current_period() == OCTOBER
    index = widget.kind_combo.findData("mtd")
    assert widget.kind_combo.itemText(index).endswith("11-20)") or "11-20" in widget.kind_combo.itemText(index)
    widget.kind_combo.setCurrentIndex(index)
    widget.refresh_button.click()
    assert widget.kpis.period == Period(dt.date(2026, 11, 1), dt.date(2026, 11, 21), "mtd")
    assert widget.kpis.previous_period == Period(dt.date(2026, 10, 1), dt.date(2026, 10, 21), "mtd")
    assert "2026年11月1日至20日" in widget.period_label.text() and "2026年10月1日至20日" in widget.period_label.text()
    assert widget.kpis.trend[-1].period == OCTOBER  # the trend ends with the last complete month


def test_every_card_and_chart_point_opens_the_items_behind_it(qtbot, tab) -> None:
    from PySide6.QtCore import QPoint, Qt

    from crmdesk.core.store.models import Ticket
    from crmdesk.ui.reports.detail_dialog import KpiDetailDialog

    k = tab.kpis
    qtbot.mouseClick(tab.cards["received"], Qt.MouseButton.LeftButton)
    dialog = tab.detail_dialog
    assert isinstance(dialog, KpiDetailDialog) and dialog.table.rowCount() == int(k.value("received"))
    assert "2026年10月" in dialog.windowTitle() and "受理工单" in dialog.windowTitle()
    opened = dialog.open_item(0)
    assert type(opened).__name__ == "TicketDialog"
    assert opened.ticket_id == Ticket.get(Ticket.number == dialog.table.item(0, 0).text()).id
    opened.done(0)
    dialog.done(0)
    tab.cards["resolution_rate"].activated.emit("resolution_rate")
    rate = tab.detail_dialog.detail
    assert rate.counted / rate.total == pytest.approx(k.value("resolution_rate"))
    tab.detail_dialog.done(0)
    # a point of the CSAT trend: the surveys of that month
    tab.pages.setCurrentIndex(1)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.csat_chart.grab()  # painted: the points are where they are drawn
    centre = tab.csat_chart.centre_of(0, 11)  # October, the last of the 12 months
    qtbot.mouseClick(tab.csat_chart, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y())))
    surveys_dialog = tab.detail_dialog
    assert "2026年10月" in surveys_dialog.windowTitle() and surveys_dialog.detail.rows[0].kind == "survey"
    scores = [int(r.cells[7]) for r in surveys_dialog.detail.rows]  # the overall score column
    assert sum(scores) / len(scores) == pytest.approx(k.value("csat"))
    surveys_dialog.done(0)
    tab.category_chart.point_activated.emit(0, 0)  # 故障报修 this period
    assert tab.detail_dialog.detail.total == k.by_category["fault"]
    tab.detail_dialog.done(0)
    tab.tier_chart.point_activated.emit(0, 3)  # 休眠
    assert tab.detail_dialog.detail.total == k.by_tier["dormant"] and tab.detail_dialog.detail.rows[0].kind == "customer"
    tab.detail_dialog.done(0)


def test_no_scroll_area_inside_the_tab(tab) -> None:
    from PySide6.QtWidgets import QScrollArea

    assert tab.findChildren(QScrollArea) == []  # pages instead: cards, charts, table, lists
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())] == [
        "Key figures", "Trends and breakdowns", "Last 12 months", "Low scores and improvements", "Equipment",
        "People and departments"]


def test_refresh_only_for_changes_that_move_the_numbers(tab, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Period] = []
    real = kpi.compute

    def counting(period, *args, **kwargs):
        calls.append(period)
        return real(period, *args, **kwargs)

    monkeypatch.setattr(kpi, "compute", counting)
    tab.refresh(Changes(staff=True))
    tab.refresh(Changes(contacts=True))
    assert calls == []
    tab.refresh(Changes(surveys=True))
    tab.refresh(Changes(tickets=True))
    assert calls == [OCTOBER, OCTOBER]


def test_low_score_gets_an_improvement_action(qtbot, tab, low_survey) -> None:
    from crmdesk.core.store.models import ImprovementItem, Staff

    survey_id, _customer = low_survey
    owner = Staff.select().where(Staff.active == True).first()  # noqa: E712 - peewee expression
    tab.refresh(Changes(surveys=True))
    lists = tab.lists
    row = next(r for r in range(lists.low_table.rowCount())
               if lists.low_table.item(r, 0).data(256) == survey_id)
    assert "安装延误" in lists.low_table.item(row, 4).text()
    lists.low_table.selectRow(row)
    lists.add_action_button.click()
    dialog = lists.dialog
    assert dialog.item_edit.text() == "产品质量 2分、总体满意度 3分：安装延误"
    dialog.action_edit.setPlainText("安排工程师回访检查安装质量")
    dialog.owner_combo.setCurrentIndex(dialog.owner_combo.findData(owner.id))
    dialog.due_check.setChecked(True)
    dialog.due_edit.setDate(QDate(2026, 10, 31))
    dialog._on_accepted()
    item = ImprovementItem.get(ImprovementItem.survey == survey_id)
    assert (item.action, item.owner_id, item.due, item.done) == ("安排工程师回访检查安装质量", owner.id,
                                                                 dt.date(2026, 10, 31), False)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    texts = [lists.items_table.item(r, 2).text() for r in range(lists.items_table.rowCount())]
    assert "安排工程师回访检查安装质量" in texts
    assert "安排工程师回访检查安装质量" in lists.low_table.item(row, 5).text()

    # mark it done, then edit it
    lists.items_table.selectRow(texts.index("安排工程师回访检查安装质量"))
    lists.done_button.click()
    assert ImprovementItem.get_by_id(item.id).done
    lists.items_table.selectRow([lists.items_table.item(r, 0).data(256)
                                 for r in range(lists.items_table.rowCount())].index(item.id))
    lists.edit_button.click()
    lists.dialog.due_check.setChecked(False)
    lists.dialog.action_edit.setPlainText("更换安装团队")
    lists.dialog._on_accepted()
    item = ImprovementItem.get_by_id(item.id)
    assert (item.action, item.due, item.done) == ("更换安装团队", None, True)


def test_improvement_refusal_keeps_the_dialog_open(qtbot, tab) -> None:
    from crmdesk.core.store.models import ImprovementItem

    before = ImprovementItem.select().count()
    tab.lists.add_button.click()
    dialog = tab.lists.dialog
    dialog._on_accepted()
    assert not dialog.error_label.isHidden() and ImprovementItem.select().count() == before
    dialog.item_edit.setText("回访电话接通率低")
    dialog.owner_combo.addItem("已删除的员工", 99999)  # an owner that no longer exists: refused by the service
    dialog.owner_combo.setCurrentIndex(dialog.owner_combo.count() - 1)
    dialog._on_accepted()
    assert "员工" in dialog.error_label.text()
    assert dialog.result() != dialog.DialogCode.Accepted and ImprovementItem.select().count() == before


def test_record_a_survey_from_the_tab(qtbot, tab) -> None:
    from crmdesk.core.store.models import Customer, Survey
    from crmdesk.ui.operations.runner import get_broadcaster

    get_broadcaster().changed.connect(tab.refresh)  # what the main window does
    customer = Customer.select().where((Customer.tier == "core") & Customer.deleted_at.is_null()).first()
    tab.month_edit.setDate(QDate(2026, 11, 1))
    tab.survey_button.click()
    dialog = tab.survey_dialog
    dialog.search_edit.setText(customer.code)
    assert dialog.customer_combo.currentData() == customer.id
    # the core tier asks quality, response and the overall score (tier policy table)
    assert [k for k, spin in dialog.score_spins.items() if not spin.isHidden()] == ["quality", "response", "overall"]
    dialog.score_spins["quality"].setValue(4)
    dialog.score_spins["overall"].setValue(3)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("email"))
    dialog.comment_edit.setPlainText("响应还可以更快")
    before = Survey.select().count()
    dialog._on_accepted()
    survey = Survey.select().order_by(Survey.id.desc()).first()
    assert Survey.select().count() == before + 1
    assert (survey.customer_id, survey.quality, survey.response, survey.overall, survey.method, survey.date) == (
        customer.id, 4, None, 3, "email", dt.date.today())
    assert dialog.result() == dialog.DialogCode.Accepted
    get_broadcaster().changed.disconnect(tab.refresh)


def test_pdf_buttons_build_and_preview(qtbot, tab, isolated_home) -> None:
    tab.monthly_button.click()
    preview = tab.preview
    assert preview.path.parent == isolated_home / "reports"
    assert preview.path.name == "月度服务报告-2026-10.pdf"
    assert preview.page_count() >= 4 and preview.windowTitle() == "月度服务报告 2026年10月"
    freed: list[bool] = []
    preview.destroyed.connect(lambda *_: freed.append(True))
    preview.reject()
    qtbot.waitUntil(lambda: freed == [True])  # closed previews are freed, not kept per report built
    pages = preview.page_count()
    tab.policy_check.setChecked(True)  # the firm's written rules appended (售后服务流程规范, 客户资料管理制度)
    tab.monthly_button.click()
    assert tab.preview.page_count() > pages
    text = "".join(pdf_text(tab.preview.path).split())
    assert "《售后服务流程规范》" in text and "《客户资料管理制度》" in text
    tab.preview.destroyed.connect(lambda *_: freed.append(True))
    tab.preview.reject()
    qtbot.waitUntil(lambda: freed == [True, True])
    freed.clear()
    tab.health_button.click()
    assert tab.preview.path.name.startswith("现状诊断报告-") and tab.preview.page_count() >= 1
    tab.preview.destroyed.connect(lambda *_: freed.append(True))
    tab.preview.reject()
    qtbot.waitUntil(lambda: freed == [True])


def test_nice_axis_ranges() -> None:
    from crmdesk.ui.reports.charts import nice_range

    assert nice_range([4.2, 4.9], ceiling=5) == pytest.approx((4.0, 5.0, 0.2))  # 10 % margin below 4.2
    assert nice_range([0, 31, 22], floor=0) == (0, 40, 10)
    low, high, _step = nice_range([None, None])
    assert low < high


def test_ok_cannot_record_twice_while_the_first_save_runs(qtbot) -> None:
    from crmdesk.ui.reports.dialogs import ImprovementDialog

    dialog = ImprovementDialog("服务响应 2 分")
    qtbot.addWidget(dialog)
    emitted: list[object] = []
    dialog.accepted_values.connect(emitted.append)
    dialog.ok_button.click()
    dialog.ok_button.click()  # a second click while the background save runs
    assert len(emitted) == 1 and not dialog.ok_button.isEnabled()
    dialog.show_error("负责人不存在")  # the save was refused: the user can correct and retry
    assert dialog.ok_button.isEnabled()


def test_cancel_while_a_report_is_built_opens_no_preview(qtbot, tab) -> None:
    from crmdesk.ui.operations import runner as operations

    previous = tab.preview

    class CancellingRunner(operations.SyncRunner):
        def submit(self, op: operations.Op) -> None:
            op.context.cancel()  # the user pressed Cancel on the progress dialog
            super().submit(op)

    operations.set_runner(CancellingRunner())
    try:
        tab.monthly_button.click()
        tab.health_button.click()
    finally:
        operations.set_runner(operations.SyncRunner())
    assert tab.preview is previous  # nothing opened

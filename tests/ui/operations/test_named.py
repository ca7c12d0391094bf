"""The named operations on a real database: reads on the reader thread beside a busy writer, and a
write that records who made it."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from crmdesk.core.firm import staff
from crmdesk.core.reports import kpi
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.models import Staff, Ticket, TicketEvent
from crmdesk.ui.operations import reports as reports_ops
from crmdesk.ui.operations import tickets as tickets_ops
from crmdesk.ui.operations.runner import Op

pytestmark = pytest.mark.gui
AS_OF = dt.datetime(2026, 11, 20, 10, 30)


def test_kpis_are_read_on_the_reader_thread_while_the_writer_is_busy(qtbot, demo_db, thread_runner) -> None:
    period = Period.month(2026, 10)
    expected = kpi.compute(period, AS_OF, trend_months=3)
    gate = threading.Event()
    Op(None, lambda _ctx: gate.wait(10)).run()  # a long save holds the writer thread
    results: list[kpi.KpiSet] = []
    reports_ops.compute_kpis(None, period, AS_OF, trend_months=3).success(results.append).run()
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)  # not queued behind the save
    gate.set()
    assert [(k.key, k.value) for k in results[0].kpis] == [(k.key, k.value) for k in expected.kpis]
    assert len(results[0].trend) == 3


def test_a_named_write_records_the_current_user_as_its_operator(qtbot, demo_db, sync_ops) -> None:
    clerk = Staff.get(Staff.name == "李晓梅")
    staff.set_current_operator(clerk.id)
    ticket = Ticket.select().where((Ticket.stage == "dispatched") & Ticket.deleted_at.is_null()).first()
    op = tickets_ops.move_ticket(None, ticket.id, "in_progress")
    staff.set_current_operator(None)  # read when the operation was built, on the GUI thread
    op.run()
    last = TicketEvent.select().where(TicketEvent.ticket == ticket.id).order_by(TicketEvent.id.desc()).first()
    assert (last.to_stage, last.operator_name) == ("in_progress", "李晓梅")


def test_an_import_checked_on_the_reader_thread_is_written_on_the_writer(qtbot, db, thread_runner, tmp_path) -> None:
    """The check reads on the reader thread (its connection closed afterwards); the write opens its own."""
    import openpyxl

    from crmdesk.core.store.models import Customer
    from crmdesk.ui.operations import excel as excel_ops

    path = tmp_path / "客户.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["客户名称*", "客户类型*", "重要等级*", "联系人*", "联系人职务*", "联系人手机*"])
    book.active.append(["南京金陵机械有限公司", "成交客户", "A", "钱进", "设备主管", "13851235678"])
    book.active.append(["深圳鸿丰百货有限公司", "潜在客户", "B", "赵莉", "店长", "17800005678"])
    book.save(path)
    checked: list[object] = []
    excel_ops.check_import(None, path, kind="customers").success(checked.append).run()
    qtbot.waitUntil(lambda: bool(checked), timeout=20_000)
    preview, _staff = checked[0]
    assert preview.counts["new"] == 2, [r.reasons for r in preview.rows]
    written: list[object] = []
    excel_ops.run_import(None, preview, error_path=tmp_path / "errors.xlsx", staff_plan={}) \
        .success(written.append).run()
    qtbot.waitUntil(lambda: bool(written), timeout=20_000)
    assert written[0] is not None
    assert sorted(c.name for c in Customer.select()) == ["南京金陵机械有限公司", "深圳鸿丰百货有限公司"]

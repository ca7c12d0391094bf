"""The ticket service: numbers, stages, dues, pauses, callbacks, queries, board and knowledge base.

Working time is 09:00–12:00 and 13:30–18:00 (7.5 h a day); Fri 2025-11-14 and Mon 2025-11-17 …
Fri 2025-11-21 are ordinary working days (see test_workcal/test_sla for the arithmetic).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from crmdesk.core import overview
from crmdesk.core.firm import settings, staff
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import (
    Contact,
    Customer,
    FollowUp,
    Interaction,
    KnowledgeArticle,
    Survey,
    Ticket,
    TicketEvent,
    database_proxy,
)
from crmdesk.core.tickets import alerts as ticket_alerts
from crmdesk.core.tickets import board as ticket_board
from crmdesk.core.tickets import callbacks, knowledge
from crmdesk.core.tickets import service as tickets
from tests.helpers.statements import recorded_statements

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

T = dt.datetime.fromisoformat
H = 3600


@pytest.fixture
def desk(db) -> SimpleNamespace:
    """Two customers (one with an account manager), a clerk, two engineers and an owner."""
    clerk = staff.add("王客服", "clerk")
    zhang = staff.add("张工", "engineer")
    li = staff.add("李工", "engineer")
    boss = staff.add("陈总", "owner")
    acme = Customer.create(code="C2025001", name="苏州精工机械有限公司", name_norm="苏州精工机械", tier="ordinary")
    contact = Contact.create(customer=acme, name="刘经理", title="设备主管", is_primary=True)
    managed = Customer.create(code="C2025002", name="杭州智造科技有限公司", name_norm="杭州智造科技", tier="strategic",
                              account_manager=boss)
    return SimpleNamespace(clerk=clerk, zhang=zhang, li=li, boss=boss, acme=acme, contact=contact, managed=managed)


def _new(desk: SimpleNamespace, at: str = "2025-11-17 09:00", **kwargs: object) -> tickets.Created:
    kwargs.setdefault("description", "激光切割机开机报警E05，无法正常运行")
    return tickets.create(kwargs.pop("customer_id", desk.acme.id), operator=desk.clerk, at=T(at), **kwargs)


def _ticket(created: tickets.Created) -> Ticket:
    return Ticket.get_by_id(created.ticket_id)


def _to_resolved(desk: SimpleNamespace, created: tickets.Created, at: str = "2025-11-17 15:00") -> None:
    tickets.dispatch(created.ticket_id, desk.zhang.id, operator=desk.clerk, at=T(at) - dt.timedelta(hours=2))
    tickets.start(created.ticket_id, operator=desk.zhang, at=T(at) - dt.timedelta(hours=1))
    tickets.resolve(created.ticket_id, "检查急停回路，复位后恢复", operator=desk.zhang, at=T(at))


def _callback(ticket_id: int) -> FollowUp:
    return FollowUp.get((FollowUp.ticket == ticket_id) & (FollowUp.status == "planned"))


# --------------------------------------------------------------------------- numbers


def test_numbers_count_per_day_and_are_never_reused(desk) -> None:
    first = _new(desk, "2025-11-14 09:00")
    second = _new(desk, "2025-11-14 10:00")
    assert (first.number, second.number) == ("GD20251114-001", "GD20251114-002")
    assert _new(desk, "2025-11-15 08:00").number == "GD20251115-001"  # a new day starts at 001
    # deleting the last ticket for good does not give its number back
    Ticket.delete_by_id(second.ticket_id)
    assert _new(desk, "2025-11-14 11:00").number == "GD20251114-003"
    assert database_proxy.execute_sql("SELECT last FROM ticket_counter WHERE day = '20251114'").fetchone()[0] == 3


def test_a_number_taken_by_an_imported_ticket_is_skipped(desk) -> None:
    Ticket.create(number="GD20251116-001", customer=desk.acme, description="旧台账导入")  # the counter knows nothing
    assert _new(desk, "2025-11-16 10:00").number == "GD20251116-002"


def test_a_refused_ticket_uses_no_number(desk) -> None:
    other = Contact.create(customer=desk.managed, name="周工")
    with pytest.raises(ValidationError) as info:
        _new(desk, "2025-11-18 09:00", contact_id=other.id)
    assert info.value.field == "contact"
    with pytest.raises(ValidationError) as info:
        _new(desk, "2025-11-18 09:00", description="  ")
    assert "问题描述" in info.value.message
    with pytest.raises(ValidationError):
        _new(desk, "2025-11-18 09:00", priority="asap")
    assert _new(desk, "2025-11-18 09:00").number == "GD20251118-001"
    assert Ticket.select().count() == 1


def test_more_than_999_tickets_a_day_keep_counting(desk) -> None:
    database_proxy.execute_sql("INSERT INTO ticket_counter (day, last) VALUES ('20251119', 999)")
    assert _new(desk, "2025-11-19 09:00").number == "GD20251119-1000"


# --------------------------------------------------------------------------- creation and dues


def test_create_sets_the_dues_and_the_first_history_line(desk) -> None:
    created = _new(desk, "2025-11-14 17:30", priority="important", contact_id=desk.contact.id, channel="wechat")
    ticket = _ticket(created)
    # important, Friday 17:30: response 4 working hours → Mon 14:00; resolution 2 working days → Tue 17:30
    assert (ticket.response_due, ticket.resolution_due) == (T("2025-11-17 14:00"), T("2025-11-18 17:30"))
    assert (ticket.stage, ticket.channel, ticket.contact_id) == ("received", "wechat", desk.contact.id)
    assert ticket.first_response_at is None
    assert created.changes.tickets and created.changes.customer_ids == {desk.acme.id}
    [line] = tickets.history(created.ticket_id)
    assert (line.kind, line.from_stage, line.to_stage, line.operator, line.at) == (
        "transition", "", "received", "王客服", T("2025-11-14 17:30"))


def test_a_priority_or_severity_change_recomputes_the_dues(desk) -> None:
    created = _new(desk, "2025-11-14 17:30", priority="important")
    tickets.update(created.ticket_id, priority="urgent", operator=desk.clerk, at=T("2025-11-14 17:40"))
    ticket = _ticket(created)
    # urgent counts calendar hours: +2 h and +24 h
    assert (ticket.response_due, ticket.resolution_due) == (T("2025-11-14 19:30"), T("2025-11-15 17:30"))
    tickets.update(created.ticket_id, priority="important", category="complaint", severity="serious",
                   operator=desk.clerk, at=T("2025-11-14 17:50"))
    ticket = _ticket(created)
    # 严重 complaint filed Friday 17:30: 2 working days → Tue 17:30; response (important) Mon 14:00
    assert (ticket.response_due, ticket.resolution_due) == (T("2025-11-17 14:00"), T("2025-11-18 17:30"))
    tickets.update(created.ticket_id, severity="minor", at=T("2025-11-14 17:55"))
    # 一般 complaint: 1 working day = Fri 0.5 h + Mon 7 h → Mon 17:30
    assert _ticket(created).resolution_due == T("2025-11-17 17:30")
    notes = [line.note for line in tickets.history(created.ticket_id) if line.kind == "change"]
    assert notes == ["分级：重要 → 紧急", "分级：紧急 → 重要", "问题类型：故障报修 → 投诉", "投诉等级：— → 严重",
                     "投诉等级：严重 → 一般"]
    # leaving the complaint category clears the severity
    tickets.update(created.ticket_id, category="usage", at=T("2025-11-14 18:00"))
    assert _ticket(created).severity == ""


def test_a_critical_complaint_is_escalated_at_once(desk) -> None:
    created = _new(desk, "2025-11-14 17:30", category="complaint", severity="critical", priority="urgent",
                   description="工程师上门迟到三小时，客户要求赔偿")
    assert _ticket(created).resolution_due == T("2025-11-15 17:30")  # 1 calendar day
    assert [line.note for line in tickets.history(created.ticket_id) if line.kind == "escalation"] == [
        "重大投诉，已上报主管。"]
    _new(desk, "2025-11-14 17:40", category="complaint", severity="serious", description="服务态度差")
    [line] = ticket_alerts.critical_complaints()
    assert (line.number, line.customer, line.stage) == (created.number, "苏州精工机械有限公司", "received")
    # a complaint raised to 重大 later is escalated too
    other = _new(desk, "2025-11-17 09:00", category="complaint", severity="minor", description="发票开错")
    tickets.update(other.ticket_id, severity="critical", at=T("2025-11-17 09:30"))
    assert [c.number for c in ticket_alerts.critical_complaints()] == [created.number, other.number]
    tickets.dispatch(created.ticket_id, desk.zhang.id, at=T("2025-11-14 17:45"))
    tickets.resolve(created.ticket_id, "当面致歉并补偿一次免费保养", root_cause="派工未考虑路程时间",
                    operator=desk.zhang, at=T("2025-11-15 10:00"))
    assert [c.number for c in ticket_alerts.critical_complaints()] == [other.number]
    assert len(ticket_alerts.critical_complaints(include_resolved=True)) == 2


# --------------------------------------------------------------------------- stages


def test_allowed_targets_document_the_moves() -> None:
    assert tickets.allowed_targets("received") == ["classified", "dispatched", "resolved"]
    assert tickets.allowed_targets("classified") == ["dispatched", "resolved"]
    assert tickets.allowed_targets("dispatched") == ["dispatched", "in_progress", "resolved"]  # re-dispatch
    assert tickets.allowed_targets("in_progress") == ["dispatched", "resolved"]
    assert tickets.allowed_targets("resolved") == ["in_progress", "callback", "archived"]  # reopen
    assert tickets.allowed_targets("callback") == ["in_progress", "archived"]
    assert tickets.allowed_targets("archived") == []


def test_the_full_path_with_its_history(desk) -> None:
    created = _new(desk, "2025-11-17 09:00")
    tid = created.ticket_id
    changes = tickets.classify(tid, priority="important", operator=desk.clerk, note="客户产线停机",
                               at=T("2025-11-17 09:05"))
    assert changes.tickets and changes.customer_ids == {desk.acme.id}
    assert _ticket(created).first_response_at == T("2025-11-17 09:05")  # the first move out of received
    # the priority changed on classification: important from 09:00, 4 working hours → 3 h + 13:30–14:30
    assert _ticket(created).response_due == T("2025-11-17 14:30")
    tickets.dispatch(tid, desk.zhang.id, operator=desk.clerk, at=T("2025-11-17 09:10"))
    tickets.start(tid, operator=desk.zhang, at=T("2025-11-17 10:00"))
    changes = tickets.resolve(tid, "更换急停开关", operator=desk.zhang, at=T("2025-11-17 15:00"))
    assert changes.tickets and changes.followups
    ticket = _ticket(created)
    assert (ticket.stage, ticket.resolved_at, ticket.solution, ticket.one_time_resolved) == (
        "resolved", T("2025-11-17 15:00"), "更换急停开关", True)
    assert ticket.first_response_at == T("2025-11-17 09:05")  # not moved by later steps
    callbacks.record_callback(_callback(tid).id, {"overall": 5}, "", True, desk.clerk, at=T("2025-11-18 10:00"))
    changes = tickets.archive(tid, operator=desk.clerk, at=T("2025-11-20 10:00"))
    assert changes.tickets
    ticket = _ticket(created)
    assert (ticket.stage, ticket.archived_at) == ("archived", T("2025-11-20 10:00"))
    lines = [(h.from_stage, h.to_stage, h.operator) for h in tickets.history(tid) if h.kind == "transition"]
    assert lines == [("", "received", "王客服"), ("received", "classified", "王客服"),
                     ("classified", "dispatched", "王客服"), ("dispatched", "in_progress", "张工"),
                     ("in_progress", "resolved", "张工"), ("resolved", "callback", "王客服"),
                     ("callback", "archived", "王客服")]
    assert [(h.kind, h.note) for h in tickets.history(tid)[1:3]] == [("change", "分级：一般 → 重要"),
                                                                      ("transition", "客户产线停机")]
    with pytest.raises(KnownError, match="已归档"):
        tickets.update(tid, priority="urgent")
    with pytest.raises(KnownError, match="已归档"):
        tickets.reopen(tid)


def test_refused_moves_name_the_stages(desk) -> None:
    tid = _new(desk).ticket_id
    with pytest.raises(KnownError) as info:
        tickets.start(tid)
    assert info.value.message == f"工单 {Ticket.get_by_id(tid).number} 处于“接收”阶段，不能转到“处理”。"
    with pytest.raises(KnownError, match="不能转到“归档”"):
        tickets.archive(tid)
    with pytest.raises(KnownError, match="不能转到“处理”"):
        tickets.move(tid, "in_progress")
    with pytest.raises(KnownError, match="不能转到“处理”"):
        tickets.reopen(tid)


def test_a_target_stage_names_the_missing_field(desk) -> None:
    tid = _new(desk).ticket_id
    with pytest.raises(ValidationError) as info:
        tickets.dispatch(tid)
    assert (info.value.field, info.value.message) == ("assignee", "处理人：分派工单时必须指定处理人")
    with pytest.raises(ValidationError) as info:
        tickets.resolve(tid, "  ", operator=desk.zhang)
    assert (info.value.field, info.value.label) == ("solution", "解决方案")
    staff.set_active(desk.li.id, False)
    with pytest.raises(ValidationError, match="李工 已停用"):
        tickets.dispatch(tid, desk.li.id)
    complaint = _new(desk, category="complaint", description="维修后同一故障再次出现").ticket_id
    with pytest.raises(ValidationError) as info:
        tickets.classify(complaint)
    assert (info.value.field, info.value.label) == ("severity", "投诉等级")
    with pytest.raises(ValidationError, match="投诉等级"):
        tickets.dispatch(complaint, desk.zhang.id)
    tickets.classify(complaint, severity="serious", at=T("2025-11-17 09:30"))
    tickets.dispatch(complaint, desk.zhang.id, at=T("2025-11-17 09:40"))
    with pytest.raises(ValidationError) as info:
        tickets.resolve(complaint, "由高级工程师复查并更换主板", operator=desk.zhang)
    assert (info.value.field, info.value.message) == ("root_cause", "根本原因：投诉工单反馈时必须填写根本原因")
    assert Ticket.get_by_id(complaint).stage == "dispatched"  # nothing half-saved
    tickets.resolve(complaint, "由高级工程师复查并更换主板", root_cause="首次维修未更换老化部件", operator=desk.zhang,
                    at=T("2025-11-17 16:00"))
    assert Ticket.get_by_id(complaint).root_cause == "首次维修未更换老化部件"


def test_skips_that_make_sense(desk) -> None:
    # received → dispatched: classified while dispatching
    first = _new(desk).ticket_id
    tickets.move(first, "dispatched", assignee_id=desk.zhang.id, at=T("2025-11-17 09:02"))
    assert Ticket.get_by_id(first).first_response_at == T("2025-11-17 09:02")
    # received → resolved: a 使用咨询 answered during the call; whoever answered is the assignee
    call = _new(desk, category="usage", description="如何导出月度产量报表").ticket_id
    tickets.move(call, "resolved", solution="报表菜单选择月份后点击导出Excel", operator=desk.clerk,
                 at=T("2025-11-17 09:06"))
    ticket = Ticket.get_by_id(call)
    assert (ticket.stage, ticket.assignee_id, ticket.first_response_at) == ("resolved", desk.clerk.id,
                                                                            T("2025-11-17 09:06"))
    # without an operator nobody can be the assignee
    anonymous = _new(desk, category="usage", description="保养周期").ticket_id
    with pytest.raises(ValidationError, match="处理人"):
        tickets.resolve(anonymous, "每500小时二级保养")
    # resolved → callback only by recording the callback
    with pytest.raises(KnownError, match="登记回访结果"):
        tickets.move(call, "callback")


def test_a_pre_assigned_ticket_dispatches_to_its_assignee(desk) -> None:
    tid = _new(desk, assignee_id=desk.li.id).ticket_id
    tickets.dispatch(tid, at=T("2025-11-17 09:03"))
    ticket = Ticket.get_by_id(tid)
    assert (ticket.stage, ticket.assignee_id, ticket.redispatch_count) == ("dispatched", desk.li.id, 0)


def test_redispatch_is_counted(desk) -> None:
    tid = _new(desk).ticket_id
    tickets.dispatch(tid, desk.zhang.id, at=T("2025-11-17 09:10"))
    tickets.start(tid, operator=desk.zhang, at=T("2025-11-17 09:30"))
    with pytest.raises(ValidationError, match="另一位处理人"):
        tickets.dispatch(tid, desk.zhang.id)
    tickets.dispatch(tid, desk.li.id, operator=desk.clerk, note="需要电气工程师", at=T("2025-11-17 10:00"))
    ticket = Ticket.get_by_id(tid)
    assert (ticket.stage, ticket.assignee_id, ticket.redispatch_count) == ("dispatched", desk.li.id, 1)
    line = tickets.history(tid)[-1]
    assert (line.kind, line.from_stage, line.to_stage, line.note) == (
        "redispatch", "in_progress", "dispatched", "改派：张工 → 李工；需要电气工程师")
    tickets.start(tid, operator=desk.li, at=T("2025-11-17 10:10"))
    tickets.resolve(tid, "更换伺服驱动器", operator=desk.li, at=T("2025-11-17 14:00"))
    assert Ticket.get_by_id(tid).one_time_resolved is False  # re-dispatched


def test_reopen_is_counted_and_closes_the_open_callback(desk) -> None:
    created = _new(desk)
    _to_resolved(desk, created, "2025-11-17 15:00")
    first_callback = _callback(created.ticket_id)
    changes = tickets.reopen(created.ticket_id, operator=desk.clerk, note="客户反馈问题复发", at=T("2025-11-18 09:00"))
    assert changes.tickets and changes.followups
    ticket = _ticket(created)
    assert (ticket.stage, ticket.reopen_count, ticket.resolved_at, ticket.one_time_resolved) == (
        "in_progress", 1, None, None)
    closed = FollowUp.get_by_id(first_callback.id)
    assert (closed.status, closed.skip_reason) == ("skipped", "工单已重新打开")
    line = tickets.history(created.ticket_id)[-1]
    assert (line.kind, line.from_stage, line.to_stage) == ("reopen", "resolved", "in_progress")
    assert line.note == "客户反馈问题复发；工单重新打开，待办回访已关闭。"
    tickets.resolve(created.ticket_id, "更换急停按钮", operator=desk.zhang, at=T("2025-11-18 11:00"))
    assert _ticket(created).one_time_resolved is False
    callbacks.record_callback(_callback(created.ticket_id).id, {"overall": 3}, "", True, desk.clerk,
                              at=T("2025-11-18 15:00"))
    tickets.move(created.ticket_id, "in_progress", operator=desk.clerk, at=T("2025-11-19 09:00"))  # from 回访
    assert _ticket(created).reopen_count == 2
    # the explicit flag wins (e.g. the owner judges the reopen was a different problem)
    tickets.resolve(created.ticket_id, "重新校准", operator=desk.zhang, one_time_resolved=True,
                    at=T("2025-11-19 11:00"))
    assert _ticket(created).one_time_resolved is True


# --------------------------------------------------------------------------- pauses


def test_pause_and_resume_move_the_resolution_due(desk) -> None:
    created = _new(desk, "2025-11-14 17:30", priority="important")  # resolution due Tue 17:30
    tid = created.ticket_id
    tickets.dispatch(tid, desk.zhang.id, at=T("2025-11-17 09:00"))
    tickets.start(tid, operator=desk.zhang, at=T("2025-11-17 09:10"))
    tickets.pause(tid, "parts", operator=desk.zhang, note="等待伺服电机到货", at=T("2025-11-17 10:00"))
    ticket = _ticket(created)
    assert (ticket.paused, ticket.pause_reason, ticket.paused_at) == (True, "parts", T("2025-11-17 10:00"))
    with pytest.raises(KnownError, match="已处于挂起"):
        tickets.pause(tid, "customer")
    # the board freezes the clock at Mon 10:00: Mon 10:00–18:00 6.5 h + Tue 7 h = 13.5 h left
    [card] = ticket_board.board(now=T("2025-11-19 12:00"))["in_progress"]
    assert (card.paused, card.pause_reason, card.seconds_left, card.state) == (True, "parts", int(13.5 * H), "ok")
    # paused Mon 10:00 → Tue 10:00 took 7.5 working hours; the due moves from Tue 17:30 to Wed 17:30
    tickets.resume(tid, operator=desk.zhang, at=T("2025-11-18 10:00"))
    ticket = _ticket(created)
    assert (ticket.paused, ticket.paused_at, ticket.paused_seconds) == (False, None, int(7.5 * H))
    assert ticket.resolution_due == T("2025-11-19 17:30")
    with pytest.raises(KnownError, match="未挂起"):
        tickets.resume(tid)
    kinds = [(h.kind, h.note) for h in tickets.history(tid)][-2:]
    assert kinds == [("pause", "挂起：等待备件；等待伺服电机到货"), ("resume", "恢复处理（时钟暂停 7.5 小时）")]
    # a second pause, over the weekend: Fri 21 Nov 17:00 → Mon 24 Nov 10:00 = 1 + 1 = 2 working hours;
    # the due had already passed (Wed 17:30), so it stays: an exhausted clock stays breached
    tickets.pause(tid, "customer", at=T("2025-11-21 17:00"))
    tickets.resume(tid, at=T("2025-11-24 10:00"))
    ticket = _ticket(created)
    assert (ticket.resolution_due, ticket.paused_seconds) == (T("2025-11-19 17:30"), int(9.5 * H))
    # a priority change replays both pauses on the new dues. Normal: 37.5 h from Fri 14 Nov 17:30
    # = 0.5 + 4 × 7.5 + 7 → Fri 21 Nov 17:30. Pause 1 (Mon 10:00 → Tue 10:00): 36 h were left at Mon 10:00
    # (6.5 + 22.5 + 7), counted from Tue 10:00: 6.5 + 7.5 × 3 = 29, Mon 24 Nov 7 h → Mon 24 Nov 17:30.
    # Pause 2 (Fri 21 17:00 → Mon 24 10:00) began before that due: 1 h (Fri) + 7 h (Mon) = 8 h were left,
    # counted from Mon 10:00: 6.5 h on Monday, 1.5 h on Tuesday → Tue 25 Nov 10:30.
    tickets.update(tid, priority="normal", at=T("2025-11-24 10:05"))
    ticket = _ticket(created)
    assert (ticket.resolution_due, ticket.paused_seconds) == (T("2025-11-25 10:30"), int(9.5 * H))


def test_resolving_a_paused_ticket_resumes_it_first(desk) -> None:
    tid = _new(desk, "2025-11-17 09:00").ticket_id  # normal: resolution due Fri 21 Nov 18:00
    tickets.dispatch(tid, desk.zhang.id, at=T("2025-11-17 09:05"))
    tickets.pause(tid, "customer", at=T("2025-11-17 10:00"))
    tickets.resolve(tid, "客户确认参数后恢复", operator=desk.zhang, at=T("2025-11-17 16:00"))
    ticket = Ticket.get_by_id(tid)
    # 10:00–16:00 is 2 + 2.5 = 4.5 working hours
    assert (ticket.paused, ticket.paused_seconds, ticket.stage) == (False, int(4.5 * H), "resolved")
    assert [h.kind for h in tickets.history(tid)][-2:] == ["resume", "transition"]
    with pytest.raises(KnownError, match="只有未解决的工单可以挂起"):
        tickets.pause(tid, "customer")
    with pytest.raises(ValidationError, match="挂起原因"):
        tickets.pause(_new(desk).ticket_id, "holiday")


# --------------------------------------------------------------------------- callbacks


def test_resolve_plans_the_callback_within_24_hours(desk) -> None:
    created = _new(desk, contact_id=desk.contact.id)
    _to_resolved(desk, created, "2025-11-17 15:00")
    followup = _callback(created.ticket_id)
    assert (followup.kind, followup.due_at, followup.method, followup.contact_id, followup.customer_id) == (
        "callback", T("2025-11-18 15:00"), "phone", desk.contact.id, desk.acme.id)
    assert followup.purpose == f"工单回访：{created.number}"
    # no account manager: whoever registered the ticket calls back
    assert followup.assignee_id == desk.clerk.id
    # resolved on a Friday afternoon: the weekend does not count, so Monday at the same time
    managed = _new(desk, "2025-11-14 09:00", customer_id=desk.managed.id)
    _to_resolved(desk, managed, "2025-11-14 16:00")
    followup = _callback(managed.ticket_id)
    assert followup.due_at == T("2025-11-17 16:00")
    assert followup.assignee_id == desk.boss.id  # the account manager


def test_a_reached_callback_records_the_survey(desk) -> None:
    created = _new(desk)
    _to_resolved(desk, created)
    followup = _callback(created.ticket_id)
    scores = {"quality": 4, "response": 5, "communication": 5, "professionalism": 4, "overall": 5}
    changes = callbacks.record_callback(followup.id, scores, "工程师很专业", True, desk.clerk, at=T("2025-11-18 10:00"))
    assert changes.tickets and changes.followups and changes.surveys and changes.interactions
    assert changes.customer_ids == {desk.acme.id}
    ticket = _ticket(created)
    assert (ticket.stage, ticket.satisfaction, ticket.callback_at) == ("callback", 5, T("2025-11-18 10:00"))
    survey = Survey.get(Survey.ticket == created.ticket_id)
    assert (survey.quality, survey.response, survey.communication, survey.professionalism, survey.overall) == (
        4, 5, 5, 4, 5)
    assert (survey.date, survey.comment, survey.staff_name, survey.customer_id) == (
        dt.date(2025, 11, 18), "工程师很专业", "王客服", desk.acme.id)
    done = FollowUp.get_by_id(followup.id)
    assert (done.status, done.attempts, done.done_at) == ("done", 1, T("2025-11-18 10:00"))
    interaction = Interaction.get_by_id(done.interaction_id)
    assert (interaction.ticket_id, interaction.feedback, interaction.summary) == (
        created.ticket_id, "工程师很专业", f"工单回访：{created.number}")
    assert Customer.get_by_id(desk.acme.id).last_contact_at == T("2025-11-18 10:00")
    assert tickets.history(created.ticket_id)[-1].note == "满意度 5 分；工程师很专业"
    with pytest.raises(KnownError, match="已关闭"):
        callbacks.record_callback(followup.id, scores, "", True, desk.clerk)


def test_scores_are_checked(desk) -> None:
    created = _new(desk)
    _to_resolved(desk, created)
    followup = _callback(created.ticket_id)
    with pytest.raises(ValidationError) as info:
        callbacks.record_callback(followup.id, {"quality": 6, "overall": 5}, "", True, desk.clerk)
    assert info.value.message == "产品质量：应为1到5分"
    with pytest.raises(ValidationError, match="总体满意度：联系上客户时必须填写"):
        callbacks.record_callback(followup.id, {"quality": 4}, "", True, desk.clerk)
    with pytest.raises(ValidationError):
        callbacks.record_callback(followup.id, {"overall": 0}, "", True, desk.clerk)
    assert FollowUp.get_by_id(followup.id).attempts == 0
    assert _ticket(created).stage == "resolved"


def test_an_unreached_customer_is_retried_then_closed_as_unreachable(desk) -> None:
    created = _new(desk, "2025-11-13 09:00")
    _to_resolved(desk, created, "2025-11-13 16:00")  # a Thursday; callback due Fri 16:00
    followup = _callback(created.ticket_id)
    assert followup.due_at == T("2025-11-14 16:00")
    # try 1, Friday 16:00: retried on the next working day (Monday) at the same time
    changes = callbacks.record_callback(followup.id, None, "无人接听", False, desk.clerk, at=T("2025-11-14 16:00"))
    assert changes.followups and changes.tickets and not changes.surveys
    again = FollowUp.get_by_id(followup.id)
    assert (again.status, again.attempts, again.due_at) == ("planned", 1, T("2025-11-17 16:00"))
    assert tickets.history(created.ticket_id)[-1].note == "回访未联系上（第1次，共3次），下次回访 2025-11-17 16:00；无人接听"
    with pytest.raises(KnownError, match="待办回访"):
        tickets.archive(created.ticket_id)  # the callback is still to do
    # try 2 after hours (Monday 19:00): Tuesday at the opening
    callbacks.record_callback(followup.id, {}, "", False, desk.clerk, at=T("2025-11-17 19:00"))
    assert FollowUp.get_by_id(followup.id).due_at == T("2025-11-18 09:00")
    # try 3: the last one; closed as 未联系上
    callbacks.record_callback(followup.id, {}, "关机", False, desk.clerk, at=T("2025-11-18 09:30"))
    closed = FollowUp.get_by_id(followup.id)
    assert (closed.status, closed.skip_reason, closed.attempts, closed.done_at) == (
        "skipped", "未联系上", 3, T("2025-11-18 09:30"))
    ticket = _ticket(created)
    assert (ticket.stage, ticket.satisfaction) == ("resolved", None)
    assert not Survey.select().where(Survey.ticket == created.ticket_id).exists()
    tickets.archive(created.ticket_id, operator=desk.clerk, at=T("2025-11-18 10:00"))  # it can still be archived
    assert _ticket(created).stage == "archived"


def test_retry_settings_are_honoured(desk) -> None:
    settings.put("callback_retry_working_days", 2)
    settings.put("callback_max_tries", 2)
    created = _new(desk, "2025-11-13 09:00")
    _to_resolved(desk, created, "2025-11-13 16:00")
    followup = _callback(created.ticket_id)
    callbacks.record_callback(followup.id, None, "", False, desk.clerk, at=T("2025-11-14 10:00"))
    assert FollowUp.get_by_id(followup.id).due_at == T("2025-11-18 10:00")  # Fri + 2 working days = Tue
    callbacks.record_callback(followup.id, None, "", False, desk.clerk, at=T("2025-11-18 10:00"))
    assert FollowUp.get_by_id(followup.id).status == "skipped"


def test_one_survey_per_ticket(desk) -> None:
    created = _new(desk)
    _to_resolved(desk, created)
    callbacks.record_callback(_callback(created.ticket_id).id, {"overall": 2}, "问题没解决", True, desk.clerk,
                              at=T("2025-11-18 10:00"))
    tickets.reopen(created.ticket_id, at=T("2025-11-18 11:00"))
    tickets.resolve(created.ticket_id, "更换主板", operator=desk.zhang, at=T("2025-11-18 16:00"))
    callbacks.record_callback(_callback(created.ticket_id).id, {"overall": 5, "quality": 5}, "", True, desk.clerk,
                              at=T("2025-11-19 10:00"))
    [survey] = Survey.select().where(Survey.ticket == created.ticket_id)
    assert (survey.overall, survey.quality, survey.date) == (5, 5, dt.date(2025, 11, 19))
    assert _ticket(created).satisfaction == 5


# --------------------------------------------------------------------------- Today lists and the board


def test_overdue_and_near_due(desk) -> None:
    # normal at Mon 09:00: response due Tue 09:30, resolution due Fri 18:00
    late = _new(desk, "2025-11-17 09:00").ticket_id
    # urgent at Tue 08:00: response due 10:00, resolution due Wed 08:00
    urgent = _new(desk, "2025-11-18 08:00", priority="urgent").ticket_id
    answered = _new(desk, "2025-11-17 09:00").ticket_id
    tickets.dispatch(answered, desk.zhang.id, at=T("2025-11-17 09:20"))  # responded in time
    paused = _new(desk, "2025-11-17 09:00").ticket_id
    tickets.pause(paused, "customer", at=T("2025-11-17 09:30"))
    solved = _new(desk, "2025-11-17 09:00").ticket_id
    tickets.resolve(solved, "电话指导解决", operator=desk.clerk, at=T("2025-11-17 09:40"))

    now = T("2025-11-18 09:45")
    assert [(line.id, line.due_kind, line.overdue) for line in ticket_alerts.overdue(now)] == [
        (late, "response", True)]
    near = ticket_alerts.near_due(now, hours=1)
    assert [(line.id, line.due_kind, line.due) for line in near] == [(urgent, "response", T("2025-11-18 10:00"))]
    later = T("2025-11-19 09:00")
    assert [(line.id, line.due_kind) for line in ticket_alerts.overdue(later)] == [
        (late, "response"), (urgent, "response"), (urgent, "resolution")]
    assert {line.id for line in ticket_alerts.near_due(T("2025-11-21 15:00"), hours=4)} == {late, answered}
    # Today's count of both lists together: each ticket once, the paused and the solved not at all
    assert ticket_alerts.due_counts(now, hours=1) == (2, 1)  # late (past), urgent (within the hour)
    # a due in the current second is past as overdue() lists it (stored times have whole seconds)
    assert ticket_alerts.due_counts(T("2025-11-18 10:00") + dt.timedelta(microseconds=500), hours=1) == (2, 2)
    assert ticket_alerts.due_counts(later) == (2, 2)  # urgent past both dues: counted once
    assert ticket_alerts.due_counts(T("2025-11-21 15:00")) == (3, 2)  # answered: resolution due Fri 18:00
    complaint = tickets.create(desk.acme.id, "设备冒烟", category="complaint", severity="critical",
                               at=T("2025-11-17 09:00")).ticket_id
    assert ticket_alerts.due_counts(later) == (2, 2)  # an open 重大 complaint is Today's own group
    assert complaint in {line.id for line in ticket_alerts.overdue(later)}
    other = tickets.create(desk.acme.id, "再次冒烟", category="complaint", severity="critical",
                           at=T("2025-11-17 10:00")).ticket_id
    # Today's lines agree with that count when its complaints list stops at its limit (1 here): the
    # 重大 complaint beyond it is not listed again among the due tickets
    items = overview.today_items(later, limit=1)
    assert [i.id for i in items if i.kind == "complaint"] == [complaint]
    assert other not in {i.id for i in items if i.kind == "ticket"}
    assert {i.id for i in overview.today_items(later) if i.kind == "ticket"} == {late, urgent}
    assert {i.id for i in overview.due_ticket_items(later)} == {late, urgent}


def test_board_cards_and_states(desk) -> None:
    now = T("2025-11-21 10:00")
    # fresh: normal created Fri 09:00, response due Mon 24 Nov 09:30 → 6.5 + 0.5 = 7 h of 8 h → ok
    fresh = _new(desk, "2025-11-21 09:00", contact_id=desk.contact.id)
    # amber: normal created Mon 17 09:00, classified (responded) → resolution due Fri 21 18:00:
    # 10:00–12:00 2 h + 4.5 h = 6.5 h left of 37.5 h, under 25 % (9.375 h)
    amber = _new(desk, "2025-11-17 09:00")
    tickets.classify(amber.ticket_id, at=T("2025-11-17 09:10"))
    # red: urgent created Thu 20 09:00: response due 11:00 (calendar) was met; resolution due Fri 09:00
    red = _new(desk, "2025-11-20 09:00", priority="urgent", customer_id=desk.managed.id)
    tickets.dispatch(red.ticket_id, desk.zhang.id, at=T("2025-11-20 09:30"))
    done = _new(desk, "2025-11-17 09:00")
    _to_resolved(desk, done, "2025-11-18 15:00")
    callbacks.record_callback(_callback(done.ticket_id).id, {"overall": 5}, "", True, desk.clerk,
                              at=T("2025-11-19 10:00"))
    tickets.archive(done.ticket_id, at=T("2025-11-19 11:00"))

    cards = ticket_board.board(now=now)
    assert list(cards) == ["received", "classified", "dispatched", "in_progress", "resolved", "callback"]
    [card] = cards["received"]
    assert (card.number, card.customer, card.category, card.priority, card.assignee) == (
        fresh.number, "苏州精工机械有限公司", "fault", "normal", "")
    assert (card.due, card.due_kind, card.seconds_left, card.allowance_seconds, card.state, card.calendar) == (
        T("2025-11-24 09:30"), "response", 7 * H, 8 * H, "ok", False)
    [card] = cards["classified"]
    assert (card.number, card.due_kind, card.seconds_left, card.state) == (
        amber.number, "resolution", int(6.5 * H), "amber")
    [card] = cards["dispatched"]
    assert (card.number, card.assignee, card.due, card.seconds_left, card.state, card.calendar) == (
        red.number, "张工", T("2025-11-21 09:00"), -H, "red", True)
    assert cards["callback"] == [] and cards["resolved"] == []
    # archived only when asked
    everything = ticket_board.board(ticket_board.BoardFilter(include_archived=True), now=now)
    [card] = everything["archived"]
    # frozen at the resolution, Tue 15:00: 3 h on Tuesday + Wed, Thu, Fri 22.5 h = 25.5 h before Fri 18:00
    assert (card.number, card.state, card.seconds_left) == (done.number, "ok", int(25.5 * H))
    # filters
    by_state = ticket_board.board(ticket_board.BoardFilter(states=frozenset({"amber", "red"})), now=now)
    assert sorted(c.number for cs in by_state.values() for c in cs) == sorted([amber.number, red.number])
    mine = ticket_board.board(ticket_board.BoardFilter(assignee_id=desk.zhang.id), now=now)
    assert [c.number for cs in mine.values() for c in cs] == [red.number]
    by_name = ticket_board.board(ticket_board.BoardFilter(text="智造"), now=now)
    assert [c.number for cs in by_name.values() for c in cs] == [red.number]
    by_number = ticket_board.board(ticket_board.BoardFilter(text=fresh.number.lower()), now=now)
    assert [c.number for cs in by_number.values() for c in cs] == [fresh.number]
    only = ticket_board.board(ticket_board.BoardFilter(stages=("received", "dispatched")), now=now)
    assert list(only) == ["received", "dispatched"]


def test_board_is_one_query_and_orders_by_urgency(desk) -> None:
    numbers = [_new(desk, f"2025-11-17 {hour:02d}:00").number for hour in (11, 9, 10)]
    ticket_board.board(now=T("2025-11-17 12:00"))  # warm the policy and calendar caches
    with recorded_statements() as statements:
        cards = ticket_board.board(now=T("2025-11-17 12:00"))
    assert sum("FROM ticket t" in s for s in statements) == 1
    assert [c.number for c in cards["received"]] == [numbers[1], numbers[2], numbers[0]]  # earliest due first
    top = ticket_board.board(ticket_board.BoardFilter(limit_per_stage=2), now=T("2025-11-17 12:00"))
    assert [c.number for c in top["received"]] == [numbers[1], numbers[2]]


def test_board_columns_of_finished_tickets_show_the_newest_first(desk) -> None:
    first, second, third = (_new(desk, f"2025-11-17 0{hour}:00") for hour in (7, 8, 9))
    _to_resolved(desk, first, "2025-11-17 16:00")
    _to_resolved(desk, second, "2025-11-17 17:00")
    _to_resolved(desk, third, "2025-11-17 15:00")
    columns = ticket_board.board(ticket_board.BoardFilter(stages=("resolved",)), now=T("2025-11-18 09:00"))
    assert [c.number for c in columns["resolved"]] == [second.number, first.number, third.number]
    top = ticket_board.board(ticket_board.BoardFilter(stages=("resolved",), limit_per_stage=1),
                             now=T("2025-11-18 09:00"))
    assert [c.number for c in top["resolved"]] == [second.number]
    assert ticket_board.stage_counts() == {"received": 0, "classified": 0, "dispatched": 0, "in_progress": 0,
                                           "resolved": 3, "callback": 0}
    assert ticket_board.stage_counts(ticket_board.BoardFilter(include_archived=True))["archived"] == 0


def test_a_state_filter_applies_before_the_limit(desk) -> None:
    # three normal tickets filed Monday at 09:00, 10:00 and 11:00 (responses due Tue 09:30, 10:30, 11:30);
    # at Tue 09:15 they have 15 min (amber), 1 h 15 min (amber) and 2 h 15 min (ok: amber is under 2 h) left
    numbers = [_new(desk, f"2025-11-17 {hour:02d}:00").number for hour in (9, 10, 11)]
    amber = ticket_board.BoardFilter(states=frozenset({"amber"}), limit_per_stage=1)
    assert [c.number for c in ticket_board.board(amber, now=T("2025-11-18 09:15"))["received"]] == [numbers[0]]
    amber.limit_per_stage = None
    assert [c.number for c in ticket_board.board(amber, now=T("2025-11-18 09:15"))["received"]] == numbers[:2]


def test_board_leaves_out_deleted_tickets_and_customers(desk) -> None:
    kept = _new(desk)
    other = _new(desk, customer_id=desk.managed.id)
    Customer.update(deleted_at=T("2025-11-17 10:00")).where(Customer.id == desk.managed.id).execute()
    assert [c.number for c in ticket_board.board(now=T("2025-11-17 12:00"))["received"]] == [kept.number]
    assert other.number


def test_delete_and_restore_through_the_recycle_bin(desk) -> None:
    from crmdesk.core.store import recycle_bin

    kind = recycle_bin.KINDS["ticket"]  # the ticket service registers its kind itself
    assert (kind.model, kind.label, kind.after_delete, kind.after_restore) == (
        Ticket, tickets.bin_label, tickets.after_delete, tickets.after_restore)
    created = _new(desk)
    _to_resolved(desk, created)
    followup = _callback(created.ticket_id)
    changes = tickets.delete(created.ticket_id, desk.clerk)
    assert changes.tickets and changes.followups and changes.customer_ids == {desk.acme.id}
    assert FollowUp.get_by_id(followup.id).deleted_at is not None
    assert ticket_board.board(now=T("2025-11-18 12:00"))["resolved"] == []
    with pytest.raises(KnownError, match="找不到该工单"):
        tickets.reopen(created.ticket_id)
    [item] = recycle_bin.recycle_bin("ticket")
    assert item.label == f"工单 {created.number}（C2025001 苏州精工机械有限公司）"
    recycle_bin.restore_from_bin(item.id, desk.clerk)
    assert FollowUp.get_by_id(followup.id).deleted_at is None
    assert [c.number for c in ticket_board.board(now=T("2025-11-18 12:00"))["resolved"]] == [created.number]
    # purged for good: the number stays used
    tickets.delete(created.ticket_id, desk.clerk)
    recycle_bin.purge_expired(dt.date.today() + dt.timedelta(days=31))
    assert Ticket.get_or_none(Ticket.id == created.ticket_id) is None
    assert _new(desk).number == "GD20251117-002"


def test_log_response_and_notes(desk) -> None:
    created = _new(desk)
    tickets.log_response(created.ticket_id, operator=desk.clerk, note="已电话回复客户", at=T("2025-11-17 09:15"))
    tickets.log_response(created.ticket_id, operator=desk.clerk, at=T("2025-11-17 09:45"))
    assert _ticket(created).first_response_at == T("2025-11-17 09:15")
    assert _ticket(created).stage == "received"
    tickets.add_note(created.ticket_id, "客户要求周三上门", operator=desk.clerk, at=T("2025-11-17 10:00"))
    assert [h.kind for h in tickets.history(created.ticket_id)] == ["transition", "response", "response", "note"]
    with pytest.raises(ValidationError, match="备注"):
        tickets.add_note(created.ticket_id, " ")
    # the response clock stops: the card now shows the resolution due
    [card] = ticket_board.board(now=T("2025-11-17 10:00"))["received"]
    assert card.due_kind == "resolution"
    assert TicketEvent.select().where(TicketEvent.ticket == created.ticket_id).count() == 4


# --------------------------------------------------------------------------- knowledge base


def test_terms() -> None:
    assert knowledge.terms("激光切割机报警E05") == ["E05", "激光", "光切", "切割", "割机", "机报", "报警"]
    # filler bigrams (无法, 正常) are dropped; single digits are no terms
    assert knowledge.terms("无法正常运行，PLC 2 故障") == ["PLC", "法正", "常运", "运行", "故障"]
    assert knowledge.terms("") == []


def test_suggest_articles_and_similar_solved_tickets(desk) -> None:
    article = knowledge.create_article("开机报警E05", "设备开机即报警E05，无法运行", "检查急停回路与安全门开关，复位后重新上电",
                                       keywords="E05 报警 急停", category="fault").article_id
    knowledge.create_article("触摸屏黑屏", "HMI触摸屏无显示", "检查24V电源与背光", category="fault")
    solved = _new(desk, description="数控车床开机报警E05")
    _to_resolved(desk, solved)
    same = _new(desk, "2025-11-17 10:00", description="数控车床开机报警E05")  # same problem, same fix
    _to_resolved(desk, same, "2025-11-17 16:00")
    open_one = _new(desk, description="数控车床开机报警E05")  # not solved: never suggested
    found = knowledge.suggest("车床报警 e05", exclude_ticket_id=open_one.ticket_id)
    assert [a.id for a in found.articles] == [article]
    assert [t.number for t in found.tickets] == [same.number]  # one line per distinct description and solution
    assert found.tickets[0].solution == "检查急停回路，复位后恢复"
    assert knowledge.suggest("客户来电咨询发票").articles == []
    assert knowledge.suggest("   ") == knowledge.Suggestions([], [])
    knowledge.delete_article(article)
    assert knowledge.suggest("报警E05").articles == []
    knowledge.restore_article(article)
    assert [a.id for a in knowledge.suggest("报警E05").articles] == [article]


def test_article_crud_and_from_ticket(desk) -> None:
    with pytest.raises(ValidationError, match="标题"):
        knowledge.create_article(" ", "问题", "方案")
    with pytest.raises(ValidationError, match="解决方案"):
        knowledge.create_article("标题", "问题", "")
    with pytest.raises(ValidationError, match="问题类型"):
        knowledge.create_article("标题", "问题", "方案", category="misc")
    saved = knowledge.create_article("保养周期", "设备的定期保养周期", "日检、周检、每500小时二级保养", keywords="保养，周期")
    assert saved.changes.tickets
    assert knowledge.get_article(saved.article_id).keywords == "保养 周期"
    knowledge.update_article(saved.article_id, solution="详见保养手册第3章")
    assert knowledge.get_article(saved.article_id).solution == "详见保养手册第3章"
    assert [a.id for a in knowledge.list_articles("保养")] == [saved.article_id]
    knowledge.delete_article(saved.article_id)
    with pytest.raises(KnownError, match="找不到该知识库文章"):
        knowledge.get_article(saved.article_id)
    assert knowledge.list_articles() == []

    unsolved = _new(desk)
    with pytest.raises(KnownError, match="还没有解决方案"):
        knowledge.create_article_from_ticket(unsolved.ticket_id)
    complaint = _new(desk, category="complaint", severity="minor", description="维修后同一故障再次出现\n第二次报修")
    tickets.dispatch(complaint.ticket_id, desk.zhang.id, at=T("2025-11-17 10:00"))
    tickets.resolve(complaint.ticket_id, "升级为重要工单，由高级工程师复查根因", root_cause="首次维修未更换老化部件",
                    operator=desk.zhang, at=T("2025-11-17 15:00"))
    made = knowledge.create_article_from_ticket(complaint.ticket_id)
    article = KnowledgeArticle.get_by_id(made.article_id)
    assert (article.title, article.category, article.source_ticket_id) == (
        "维修后同一故障再次出现", "complaint", complaint.ticket_id)
    assert article.problem == "维修后同一故障再次出现\n第二次报修\n根本原因：首次维修未更换老化部件"
    assert article.solution == "升级为重要工单，由高级工程师复查根因"
    with pytest.raises(KnownError, match="已收入知识库"):
        knowledge.create_article_from_ticket(complaint.ticket_id)


@pytest.mark.parametrize(("resolved", "due"), [
    # Tuesday 16:00 + 24 h = Wednesday 16:00, inside business hours: exactly 24 h
    (dt.datetime(2026, 11, 17, 16, 0), dt.datetime(2026, 11, 18, 16, 0)),
    # defect 7 of #14: resolved 07:00 → 07:00 the next day is before opening; back to 18:00 the same
    # day (11 h), not 09:00 the next day (26 h)
    (dt.datetime(2026, 11, 17, 7, 0), dt.datetime(2026, 11, 17, 18, 0)),
    (dt.datetime(2026, 11, 17, 3, 0), dt.datetime(2026, 11, 17, 18, 0)),  # urgent, solved at night: 15 h
    (dt.datetime(2026, 11, 17, 22, 30), dt.datetime(2026, 11, 18, 18, 0)),  # 22:30 the next day → closing, 19.5 h
    (dt.datetime(2026, 11, 17, 12, 45), dt.datetime(2026, 11, 18, 12, 0)),  # lunch break → end of the morning
    # Friday 10:00: Saturday and Sunday do not count, so Monday 10:00 (72 calendar hours, 24 on working days)
    (dt.datetime(2026, 11, 20, 10, 0), dt.datetime(2026, 11, 23, 10, 0)),
    # resolved on Saturday: counting starts Monday 00:00 → Tuesday 00:00 → back to Monday 18:00
    (dt.datetime(2026, 11, 21, 10, 0), dt.datetime(2026, 11, 23, 18, 0)),
    # Wednesday 30 September 15:00: 9 hours of that day, 国庆 1–7 October not counted, 15 h of 8 October
    (dt.datetime(2026, 9, 30, 15, 0), dt.datetime(2026, 10, 8, 15, 0)),
])
def test_callback_due_within_24_hours_in_business_hours(db, resolved: dt.datetime, due: dt.datetime) -> None:
    from crmdesk.core.firm import workcal
    from crmdesk.core.tickets import callbacks

    assert callbacks.callback_due(resolved, workcal.current()) == due

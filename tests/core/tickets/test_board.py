"""The board's queries beyond the cards: the overdue filter, the live clock, counts, search, columns.

Working time is 09:00–12:00 and 13:30–18:00 (7.5 h a day); Mon 2025-11-17 … Fri 2025-11-21 and
Mon 2025-11-24 are ordinary working days (see test_workcal / test_sla for the arithmetic).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from crmdesk.core.customers import lifecycle
from crmdesk.core.firm import staff
from crmdesk.core.store.models import Customer, Ticket
from crmdesk.core.tickets import board as ticket_board
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets import sla
from crmdesk.core.tickets.board import BoardFilter

T = dt.datetime.fromisoformat
H = 3600


@pytest.fixture
def desk(db) -> SimpleNamespace:
    """Two customers, a clerk and an engineer."""
    clerk = staff.add("赵客服", "clerk")
    engineer = staff.add("孙工", "engineer")
    works = Customer.create(code="C2025101", name="宁波精工模具有限公司", name_norm="宁波精工模具", tier="ordinary")
    shop = Customer.create(code="C2025102", name="合肥光明百货有限公司", name_norm="合肥光明百货", tier="ordinary")
    return SimpleNamespace(clerk=clerk, engineer=engineer, works=works, shop=shop)


def _ticket(desk: SimpleNamespace, at: str, customer: Customer | None = None, **kwargs: object) -> int:
    kwargs.setdefault("description", "注塑机液压站漏油")
    return tickets.create((customer or desk.works).id, operator=desk.clerk, at=T(at), **kwargs).ticket_id


def _ids(columns: dict[str, list[ticket_board.Card]]) -> set[int]:
    return {card.id for cards in columns.values() for card in cards}


@pytest.fixture
def mixed(desk) -> SimpleNamespace:
    """At Tue 18 Nov 10:00: a late response, a fresh ticket, a paused one, a late resolution in progress,
    one resolved late and one resolved in time."""
    late_response = _ticket(desk, "2025-11-17 09:00")  # response due Tue 09:30
    fresh = _ticket(desk, "2025-11-18 09:00", customer=desk.shop)  # response due Wed 09:30
    paused = _ticket(desk, "2025-11-17 09:00")
    tickets.classify(paused, at=T("2025-11-17 09:10"))  # resolution due Fri 21 18:00
    tickets.pause(paused, "parts", at=T("2025-11-17 10:00"))
    urgent = _ticket(desk, "2025-11-17 08:00", priority="urgent")  # 24 calendar hours: due Tue 08:00
    tickets.dispatch(urgent, desk.engineer.id, at=T("2025-11-17 08:30"))
    resolved_late = _ticket(desk, "2025-11-17 07:00", priority="urgent")  # due Tue 07:00
    tickets.resolve(resolved_late, "更换密封圈", operator=desk.engineer, at=T("2025-11-18 09:00"))
    resolved_in_time = _ticket(desk, "2025-11-17 09:00", customer=desk.shop)
    tickets.resolve(resolved_in_time, "电话指导复位", operator=desk.clerk, at=T("2025-11-17 09:30"))
    return SimpleNamespace(late_response=late_response, fresh=fresh, paused=paused, urgent=urgent,
                           resolved_late=resolved_late, resolved_in_time=resolved_in_time, now=T("2025-11-18 10:00"))


def test_the_overdue_filter_finds_the_red_cards_in_sql(mixed) -> None:
    everything = ticket_board.board(now=mixed.now)
    red = {card.id for cards in everything.values() for card in cards if card.state == "red"}
    assert red == {mixed.late_response, mixed.urgent, mixed.resolved_late}
    overdue = BoardFilter(overdue=True)
    found = ticket_board.board(overdue, now=mixed.now)
    assert _ids(found) == red
    assert {card.state for cards in found.values() for card in cards} == {"red"}
    assert ticket_board.stage_counts(overdue, now=mixed.now) == {
        "received": 1, "classified": 0, "dispatched": 1, "in_progress": 0, "resolved": 1, "callback": 0}
    # a week later the paused ticket is still frozen before its due; the fresh one has gone red
    later = T("2025-11-25 10:00")
    assert _ids(ticket_board.board(overdue, now=later)) == red | {mixed.fresh}
    # no assignee: the selective filter drives the query in every column
    unassigned = BoardFilter(unassigned=True, limit_per_stage=1, all_open=True)
    assert _ids(ticket_board.board(unassigned, now=mixed.now)) == {mixed.late_response, mixed.fresh, mixed.paused}


def test_cards_say_where_their_clock_stands_still_and_when_they_were_created(mixed) -> None:
    cards = {card.id: card for cs in ticket_board.board(now=mixed.now).values() for card in cs}
    assert cards[mixed.paused].stopped_at == T("2025-11-17 10:00")
    assert cards[mixed.resolved_late].stopped_at == T("2025-11-18 09:00")
    assert cards[mixed.late_response].stopped_at is None
    assert cards[mixed.fresh].created_at == T("2025-11-18 09:00")


@pytest.mark.parametrize("later", ["2025-11-18 11:30", "2025-11-18 12:45", "2025-11-18 19:00",
                                   "2025-11-19 09:40", "2025-11-22 15:00", "2025-11-24 16:20"])
def test_retime_moves_the_live_cards_as_a_fresh_read_would(mixed, later: str) -> None:
    before = ticket_board.board(now=mixed.now)
    cal = sla.policy().cal
    fresh = {card.id: card for cs in ticket_board.board(now=T(later)).values() for card in cs}
    moved = [card for stage in before for card in ticket_board.retime(before[stage], mixed.now, T(later), cal)]
    assert len(moved) == len(fresh) == 6
    for card in moved:
        expected = fresh[card.id]
        assert (card.state, card.due) == (expected.state, expected.due), card.number
        assert abs(card.seconds_left - expected.seconds_left) <= 1, card.number
    by_id = {card.id: card for card in moved}
    old = {card.id: card for cs in before.values() for card in cs}
    assert by_id[mixed.paused] == old[mixed.paused]  # frozen while paused
    assert by_id[mixed.resolved_in_time] == old[mixed.resolved_in_time]


def test_retime_turns_a_card_amber_then_red(mixed) -> None:
    cal = sla.policy().cal
    [card] = ticket_board.board(BoardFilter(stages=("received",), customer_id=Customer.get(code="C2025102").id),
                                now=mixed.now)["received"]
    assert card.id == mixed.fresh and (card.seconds_left, card.state) == (7 * H, "ok")  # due Wed 09:30
    # Tue 16:30: 1.5 h today + 0.5 h Wednesday = 2 h < 25 % of 8 h? no: exactly 2 h is not under it
    assert ticket_board.retime([card], mixed.now, T("2025-11-18 16:30"), cal)[0].state == "ok"
    amber = ticket_board.retime([card], mixed.now, T("2025-11-18 17:00"), cal)[0]
    assert (amber.seconds_left, amber.state) == (int(1.5 * H), "amber")
    red = ticket_board.retime([card], mixed.now, T("2025-11-19 09:31"), cal)[0]
    assert (red.seconds_left, red.state) == (-60, "red")


def test_a_paused_ticket_keeps_its_time_left_and_its_due_moves_by_the_paused_working_time(desk) -> None:
    tid = _ticket(desk, "2025-11-17 09:00")
    tickets.classify(tid, at=T("2025-11-17 09:10"))

    def card(now: str) -> ticket_board.Card:
        return ticket_board.board(BoardFilter(stages=("classified",)), now=T(now))["classified"][0]

    running = card("2025-11-17 10:00")
    assert (running.due, running.seconds_left, running.stopped_at) == (T("2025-11-21 18:00"), int(36.5 * H), None)
    tickets.pause(tid, "customer", at=T("2025-11-17 10:00"))
    paused = card("2025-11-18 10:00")
    assert (paused.paused, paused.pause_reason, paused.seconds_left) == (True, "customer", int(36.5 * H))
    assert ticket_board.retime([paused], T("2025-11-18 10:00"), T("2025-11-20 10:00"), sla.policy().cal) == [paused]
    tickets.resume(tid, at=T("2025-11-18 10:00"))  # the pause took Mon 10:00 → Tue 10:00 = 7.5 working hours
    resumed = card("2025-11-18 10:00")
    assert resumed.due == T("2025-11-24 18:00")
    assert sla.policy().cal.working_seconds_between(running.due, resumed.due) == int(7.5 * H)
    assert Ticket.get_by_id(tid).paused_seconds == int(7.5 * H)
    assert (resumed.seconds_left, resumed.stopped_at, resumed.paused) == (int(36.5 * H), None, False)


def test_plain_counts_leave_out_the_recycle_bin_and_deleted_customers(desk) -> None:
    kept = [_ticket(desk, f"2025-11-17 {hour:02d}:00") for hour in (9, 10, 11)]
    tickets.delete(kept[0])
    _ticket(desk, "2025-11-17 09:30", customer=desk.shop)
    lifecycle.delete_customer(desk.shop.id)
    old = _ticket(desk, "2025-11-14 09:00")
    gone = _ticket(desk, "2025-11-14 10:00")
    Ticket.update(stage="archived").where(Ticket.id.in_([old, gone])).execute()  # history, as imported
    tickets.delete(gone)
    everything = BoardFilter(include_archived=True)
    counts = ticket_board.stage_counts(everything)
    assert (counts["received"], counts["archived"], counts["callback"]) == (2, 1, 0)
    # the same through the filtered path (a filter every ticket passes)
    assert ticket_board.stage_counts(BoardFilter(include_archived=True, created_from=T("2025-01-01 00:00"))) \
        == counts
    assert [c.id for c in ticket_board.board(now=T("2025-11-17 12:00"))["received"]] == kept[1:]
    assert [c.id for c in ticket_board.board(everything, now=T("2025-11-17 12:00"))["archived"]] == [old]


def test_columns_count_complete_columns_by_their_cards_and_full_ones_on_the_stage_index(desk) -> None:
    for hour in (9, 10, 11):
        _ticket(desk, f"2025-11-17 {hour:02d}:00")
    for hour in (9, 10):
        tickets.resolve(_ticket(desk, f"2025-11-18 {hour:02d}:00"), "已处理", operator=desk.clerk,
                        at=T(f"2025-11-18 {hour:02d}:30"))
    f = BoardFilter(limit_per_stage=1, all_open=True)
    loaded = ticket_board.columns(f, T("2025-11-18 12:00"), also_count=("archived",))
    assert [len(loaded.cards[s]) for s in ("received", "resolved", "callback")] == [3, 1, 0]
    assert (loaded.counts["received"], loaded.counts["resolved"], loaded.counts["archived"]) == (3, 2, 0)
    assert "archived" not in loaded.cards and loaded.more == frozenset()
    assert loaded.now == T("2025-11-18 12:00") and loaded.cal is sla.policy().cal
    # filtered, a full column is only known to hold more; a folded one is not counted at all
    filtered = ticket_board.columns(BoardFilter(limit_per_stage=1, all_open=True, priority="normal"),
                                    T("2025-11-18 12:00"), also_count=("archived",))
    assert (filtered.counts["received"], filtered.counts["resolved"], filtered.more) == (3, 1, {"resolved"})
    assert "archived" not in filtered.counts
    assert ticket_board.stage_counts(BoardFilter(priority="normal"))["resolved"] == 2


def test_a_finished_column_walks_its_newest_tickets_then_reads_the_stage_for_older_matches(
        desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ticket_board, "_WINDOW", 2)  # the walk covers the 2 newest resolved tickets
    ids = []
    for day in (10, 11, 12, 13, 14):  # resolved Mon 10 … Fri 14 Nov, the newest last
        tid = _ticket(desk, f"2025-11-{day} 09:00", priority="important" if day <= 11 else "normal")
        tickets.resolve(tid, "已处理", operator=desk.clerk, at=T(f"2025-11-{day} 10:00"))
        ids.append(tid)
    Ticket.update(stage="callback").where(Ticket.id.in_(ids)).execute()  # their callbacks done
    now = T("2025-11-17 12:00")

    def column(**kwargs: object) -> list[int]:
        return [c.id for c in ticket_board.board(BoardFilter(stages=("callback",), **kwargs), now=now)["callback"]]

    assert column(limit_per_stage=3) == [ids[4], ids[3], ids[2]]
    assert column(limit_per_stage=3, priority="normal") == [ids[4], ids[3], ids[2]]
    assert column(limit_per_stage=3, priority="important") == [ids[1], ids[0]]  # both past the window
    assert column(limit_per_stage=1, priority="important") == [ids[1]]


@pytest.mark.parametrize("few", [True, False])
def test_search_by_part_of_the_number_or_of_the_name(desk, monkeypatch: pytest.MonkeyPatch, few: bool) -> None:
    if not few:  # every match counts as "many": each row is checked instead of the ids driving the query
        monkeypatch.setattr(ticket_board, "_FEW", 0)
    works = [_ticket(desk, "2025-11-17 09:00"), _ticket(desk, "2025-11-18 09:00")]
    shop = _ticket(desk, "2025-11-18 10:00", customer=desk.shop)
    tickets.resolve(works[0], "已处理", operator=desk.clerk, at=T("2025-11-18 11:00"))
    now = T("2025-11-18 12:00")

    def found(text: str) -> set[int]:
        f = BoardFilter(text=text)
        cards = ticket_board.board(f, now=now)
        assert sum(ticket_board.stage_counts(f).values()) == len(_ids(cards))
        return _ids(cards)

    assert found("精工") == set(works)
    assert found("光明百货") == {shop}
    number = Ticket.get_by_id(shop).number  # GD20251118-002
    assert found(number.lower()) == {shop}
    assert found("20251118") == {works[1], shop}
    assert found("1118-00") == {works[1], shop}
    assert found("GD2025") == set(works) | {shop}
    assert found("不存在的客户") == set()

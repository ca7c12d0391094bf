"""The system tray: due items raise one notification each while the app runs; the tray's menu
brings the window back on 今日; closing hides to the tray only where a tray exists."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from crmdesk.core.store.models import FollowUp
from crmdesk.core.tickets import service as tickets
from crmdesk.ui.tray import TrayIcon
from tests.helpers.factories import make_customer


@pytest.fixture
def window(qtbot) -> QMainWindow:
    main = QMainWindow()
    main.tabs = QTabWidget()
    main.tabs.addTab(QLabel("today"), "今日")
    main.tabs.addTab(QLabel("calendar"), "跟进日历")
    main.setCentralWidget(main.tabs)
    qtbot.addWidget(main)
    return main


def _due(cid: int, at: dt.datetime, purpose: str) -> int:
    return FollowUp.create(customer=cid, due_at=at, method="phone", purpose=purpose).id


def test_due_follow_ups_are_announced_once(qtbot, db, window) -> None:
    tray = TrayIcon(window, interval_ms=3_600_000)
    start = dt.datetime.now().replace(microsecond=0)
    cid = make_customer("华强电子")
    _due(cid, start - dt.timedelta(days=1), "昨天的跟进")
    with qtbot.waitSignal(tray.notified) as first:
        assert tray.check_due(start) == []  # on start: the totals only
    assert "1" in first.args[1]
    fid = _due(cid, start + dt.timedelta(seconds=30), "报价跟进")
    with qtbot.waitSignal(tray.notified) as blocker:
        fresh = tray.check_due(start + dt.timedelta(minutes=1))
    assert [item.id for item in fresh] == [fid]
    assert "华强电子" in blocker.args[1] and "报价跟进" in blocker.args[1]
    with qtbot.assertNotEmitted(tray.notified):
        assert tray.check_due(start + dt.timedelta(minutes=2)) == []
    # "remind me later": the same follow-up moved to a later time is announced again then
    FollowUp.update(due_at=start + dt.timedelta(minutes=2, seconds=30)).where(FollowUp.id == fid).execute()
    with qtbot.waitSignal(tray.notified):
        assert [item.id for item in tray.check_due(start + dt.timedelta(minutes=3))] == [fid]


def test_many_new_items_become_one_summary_and_tickets_count(qtbot, db, window) -> None:
    tray = TrayIcon(window, interval_ms=3_600_000)
    start = dt.datetime.now().replace(microsecond=0)
    tray.check_due(start)
    cid = make_customer("华强电子")
    for n in range(5):
        _due(cid, start + dt.timedelta(seconds=10 + n), f"跟进{n}")
    complaint = tickets.create(cid, "设备冒烟", category="complaint", severity="critical")
    with qtbot.waitSignal(tray.notified) as blocker:
        fresh = tray.check_due(start + dt.timedelta(minutes=1))
    assert len(fresh) == 6 and "6" in blocker.args[0]
    assert ("complaint", complaint.ticket_id) in {(item.kind, item.id) for item in fresh}
    assert blocker.args[1].count("\n") == 3  # three lines and an ellipsis


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform's note
def test_the_menu_brings_the_window_up_on_today(qtbot, db, window) -> None:
    tray = TrayIcon(window, interval_ms=3_600_000)
    window.tabs.setCurrentIndex(1)
    window.hide()
    tray.today_action.trigger()
    assert window.isVisible() and window.tabs.currentIndex() == 0
    assert [a.text() for a in tray.icon.contextMenu().actions() if a.text()][-1] == tray.quit_action.text()


def test_without_a_tray_closing_the_window_closes_it(qtbot, db, window) -> None:
    tray = TrayIcon(window, interval_ms=3_600_000)
    window.show()
    event = QCloseEvent()
    if TrayIcon.available():  # a desktop with a tray: the window hides and keeps running
        assert tray.intercept_close(event) and not event.isAccepted() and not window.isVisible()
    else:
        assert not tray.intercept_close(event) and event.isAccepted() and window.isVisible()
    tray.quitting = True
    assert not tray.intercept_close(QCloseEvent())

"""The main window on a demo database: five tabs with real data, counts, geometry, lazy pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from crmdesk.core.store.models import Customer
from crmdesk.ui.main_window import LazyTab, MainWindow


@pytest.fixture
def window(qtbot, demo_db, sync_ops, tmp_path):
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    main = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(main)
    main.refresh_all()
    return main


def test_every_tab_shows_data_from_the_database(window) -> None:
    assert [window.tabs.tabText(i) for i in range(5)] == [
        "Today", "Customers", "Ticket board", "Follow-up calendar", "Satisfaction & reports"]
    assert window.today_tab.rows
    assert not window._pages["customers"].built  # built when first shown
    window.tabs.setCurrentIndex(1)
    active = Customer.select().where((Customer.status == "active") & Customer.deleted_at.is_null()
                                     & Customer.merged_into.is_null()).count()
    assert window.customers_tab.model.rowCount() == active
    window.tabs.setCurrentIndex(2)
    assert window.tickets_tab.board.card_count() > 0
    window.tabs.setCurrentIndex(3)
    assert window.calendar_tab.day_label.text()
    window.tabs.setCurrentIndex(4)
    assert window.reports_tab.table.rowCount() == 12
    assert f"{active}" in window.counts_label.text()
    assert str(window.db_path) in window.db_label.text()


def test_hidden_tabs_reload_when_shown_after_a_change(window) -> None:
    from crmdesk.core.store.changes import Changes

    window.tabs.setCurrentIndex(1)
    before = window.customers_tab.model.rowCount()
    window.tabs.setCurrentIndex(0)
    Customer.update(status="archived").where(Customer.id == Customer.select().first().id).execute()
    window._on_broadcaster_changed(Changes(customers=True))
    assert window.customers_tab.model.rowCount() == before  # not reloaded while hidden
    window.tabs.setCurrentIndex(1)
    assert window.customers_tab.model.rowCount() == before - 1


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note on show()
def test_window_geometry_is_remembered(qtbot, demo_db, sync_ops, tmp_path) -> None:
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    first = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(700, 500)  # within the offscreen screen (800×600)
    qtbot.waitUntil(lambda: first.width() == 700)
    first.close()  # saves the geometry
    second = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_first_painted_comes_once_after_the_first_paint(window, qtbot) -> None:
    # what waits for it at start: the threads' work, the tray icon, the application's event filters
    seen: list[bool] = []
    window.first_painted.connect(lambda: seen.append(window._painted))
    window.show_on_start()
    qtbot.waitUntil(lambda: seen == [True], timeout=5000)
    window.update()
    qtbot.wait(1200)  # later paints, and the fallback for a window started minimised, add nothing
    assert seen == [True] and window._tray is not None


def test_first_painted_comes_a_second_after_showing_a_window_never_painted(window, qtbot, monkeypatch) -> None:
    # a window started minimised is painted only when restored: the start's waiting work goes on anyway
    monkeypatch.setattr(window, "paintEvent", lambda event: None)
    monkeypatch.setattr("crmdesk.ui.main_window.screen_fit.fit_main_window", lambda *args: None)  # never shown
    with qtbot.waitSignal(window.first_painted, timeout=3000):
        window.show_on_start()


def test_the_first_paint_loads_only_what_it_shows() -> None:
    """docs/spec.md §9 start-up: what the first paint does not need loads after it (or on first use)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys, crmdesk.app, crmdesk.ui.main_window\n"
            "print(' '.join(m for m in ('psycopg', 'crmdesk.core.domains', 'crmdesk.ui.form_dialog', "
            "'crmdesk.ui.followups.actions', 'crmdesk.ui.operations.followups', 'crmdesk.ui.operations.jobs', "
            "'crmdesk.ui.customers.tab', 'keyring', 'cryptography', 'openpyxl', 'reportlab') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_domains_register_after_the_first_paint_before_the_threads_work(window, qtbot, monkeypatch) -> None:
    import crmdesk.ui.main_window as main_window

    order: list[str] = []
    monkeypatch.setattr(main_window, "load_domains", lambda: order.append("domains"))
    shown = MainWindow(window.db_path, window.settings)
    qtbot.addWidget(shown)
    shown.first_painted.connect(lambda: order.append("released"))  # as crmdesk.app connects runner.release
    with qtbot.waitSignal(shown.first_painted, timeout=5000):
        shown.show_on_start()
    assert order == ["domains", "released"]


def test_lazy_tab_builds_its_page_once(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    made: list[QLabel] = []

    def factory() -> QLabel:
        made.append(QLabel("页面"))
        return made[-1]

    tab = LazyTab(factory)
    qtbot.addWidget(tab)
    assert not tab.built and made == []
    assert tab.ensure() is tab.ensure() is made[0]
    assert len(made) == 1 and tab.built


def test_tickets_menu_opens_a_new_ticket_and_the_knowledge_base(window, monkeypatch) -> None:
    from crmdesk.ui.tickets.knowledge_dialog import KnowledgeDialog
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    opened = []
    monkeypatch.setattr(TicketDialog, "exec", lambda self: opened.append(self) or 0)
    monkeypatch.setattr(KnowledgeDialog, "exec", lambda self: opened.append(self) or 0)
    assert [a.text() for a in window.tickets_menu.actions()] == ["&New ticket…", "&Knowledge base…"]
    window.new_ticket_action.trigger()
    window.knowledge_action.trigger()
    assert [type(d) for d in opened] == [TicketDialog, KnowledgeDialog]
    assert opened[0].ticket_id is None and opened[0].parent() is window
    assert opened[1].table.rowCount() > 0  # the demo database's articles are listed


def test_a_new_day_runs_the_daily_jobs_and_reloads_today(window, monkeypatch) -> None:
    """Left open in the tray overnight, the app does at midnight what a start does once a day."""
    import datetime as dt

    jobs, reloads = [], []
    monkeypatch.setattr(window, "run_start_up_jobs", lambda: jobs.append(True))
    monkeypatch.setattr(window.today_tab, "refresh", lambda changes=None: reloads.append(changes))
    today = dt.date.today()
    assert window.day_timer.isActive()
    assert not window.check_new_day(today) and jobs == [] and reloads == []
    assert window.check_new_day(today + dt.timedelta(days=1))
    assert jobs == [True] and len(reloads) == 1
    assert not window.check_new_day(today + dt.timedelta(days=1))  # once per day


def test_the_window_runs_the_daily_jobs_of_the_core(window, monkeypatch) -> None:
    """The start-up and new-day jobs are core.jobs' (as `crmdesk daily`): one report, its changes broadcast."""
    import datetime as dt

    from crmdesk.core import jobs
    from crmdesk.core.firm import settings
    from crmdesk.ui.operations.runner import get_broadcaster

    reports, broadcast = [], []
    real = jobs.finish_daily
    monkeypatch.setattr(jobs, "finish_daily", lambda prepared: reports.append(real(prepared)) or reports[-1])
    get_broadcaster().changed.connect(broadcast.append)
    window.run_start_up_jobs()
    [report] = reports
    assert [r.name for r in report.results] == ["backup", "purge", "tiers", "cadence", "reminders", "feed"] and report.ok
    assert settings.get("last_tier_recompute") == dt.date.today().isoformat()
    assert broadcast and broadcast[-1].followups  # the cadence's follow-ups reach the views
    assert "demo-" in window.statusBar().currentMessage()  # the daily backup, in the status bar

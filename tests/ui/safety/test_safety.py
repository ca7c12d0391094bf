"""Back up now, the restore dialog and the data check, driven like a user (operations run inline)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from crmdesk.core import overview
from crmdesk.core.safety import backup
from crmdesk.core.store import paths
from crmdesk.core.store.db import SCHEMA_VERSION
from crmdesk.core.store.models import Customer, database_proxy
from crmdesk.ui import widgets
from crmdesk.ui.operations import runner
from crmdesk.ui.operations import runner as operations
from crmdesk.ui.safety import actions
from crmdesk.ui.safety import restore_dialog as restore_module
from crmdesk.ui.safety.check_dialog import CheckDialog
from crmdesk.ui.safety.restore_dialog import RestoreDialog

# Showing a window on the offscreen platform logs this harmless warning.
shows_windows = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, demo_db, sync_ops, tmp_path: Path):
    from crmdesk.core.safety import secrets
    from crmdesk.ui.main_window import MainWindow

    secrets.unlock()  # the app's window always runs with the key active (created here, data encrypted)
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    main = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(main)  # the main window installs the safety actions itself
    main.refresh_all()
    yield main
    if database_proxy.obj is not None:
        database_proxy.obj.close()  # the database reopened by a restore


def active_customers() -> int:
    return overview.counts().customers


def test_install_enables_backup_and_restore_and_adds_the_data_check(window) -> None:
    assert window.backup_action.isEnabled() and window.restore_action.isEnabled()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and window.about_action in a.menu().actions())
    texts = [a.text() for a in help_menu.actions()]
    assert texts.index("&Data check…") < texts.index(window.about_action.text())


def test_back_up_now_saves_a_verified_backup_and_says_where(window) -> None:
    window.backup_action.trigger()
    made = backup.list_backups()
    assert len(made) == 1 and made[0].kind == "manual" and made[0].database == "demo"
    assert str(made[0].path) in window.statusBar().currentMessage()
    shown = window.last_result  # the outcome stays in a dialog, the whole path readable
    assert shown.isVisible() and str(made[0].path) in shown.details_label.text()
    assert shown.folder == made[0].path.parent


def test_the_daily_backup_after_start_runs_once(window) -> None:
    window.run_start_up_jobs()  # the daily jobs (core.jobs): the backup is the first
    assert "demo-" in window.statusBar().currentMessage()
    window.run_start_up_jobs()
    assert sorted(b.kind for b in backup.list_backups()) == ["daily", "monthly"]


@shows_windows
def test_restore_dialog_restores_a_backup_and_the_window_refreshes(qtbot, window, monkeypatch) -> None:
    made = backup.make_backup(window.db_path)
    before = active_customers()
    archived = Customer.update(status="archived").where(Customer.id <= 40, Customer.status == "active").execute()
    window.refresh_all()
    assert archived > 30 and active_customers() == before - archived
    assert f"{before - archived}" in window.counts_label.text()

    dialog = actions.open_restore_dialog(window)
    assert dialog.isVisible() and dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "300"
    # the newest backup is chosen and checked at once: Restore is ready without another click
    assert dialog.table.selectionModel().isRowSelected(0) and dialog.restore_button.isEnabled()
    assert dialog.values["customer"].text() == "300" and dialog.values["date"].text() == f"{made.created:%Y-%m-%d %H:%M}"
    assert dialog.values["schema"].text() == str(SCHEMA_VERSION) and dialog.restore_button.isEnabled()
    assert dialog.values["integrity"].text().startswith("OK")

    questions: list[str] = []
    monkeypatch.setattr(widgets, "confirm", lambda parent, title, text: questions.append(text) or True)
    with qtbot.waitSignal(dialog.restored) as restored:
        dialog.restore_button.click()
    result = restored.args[0]
    assert questions and f"{made.created:%Y-%m-%d %H:%M}" in questions[0]
    assert result.kept is not None and result.kept.parent == paths.backups_dir() and result.kept.exists()
    assert active_customers() == before and f"{before}" in window.counts_label.text()
    assert "Restored from" in window.statusBar().currentMessage()
    assert window.last_result.isVisible() and str(result.kept) in window.last_result.details_label.text()
    assert not dialog.isVisible()
    kept = sqlite3.connect(result.kept)
    assert kept.execute("SELECT count(*) FROM customer WHERE status = 'active'").fetchone()[0] == before - archived
    kept.close()


def test_restore_dialog_explains_why_a_file_is_refused(qtbot, window, monkeypatch, tmp_path: Path) -> None:
    foreign = tmp_path / "别的软件.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    dialog = RestoreDialog(window.db_path, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and "no backups" in dialog.status_label.text()
    monkeypatch.setattr(restore_module, "ask_open_file", lambda parent, folder: foreign)
    dialog.other_button.click()
    assert dialog.values["file"].text() == str(foreign)
    assert dialog.values["integrity"].text() == "Cannot be restored"
    assert "不是客户服务台的数据库" in dialog.status_label.text()
    assert not dialog.restore_button.isEnabled()


def test_a_refused_restore_keeps_the_dialog_open_with_the_reason(qtbot, window, monkeypatch) -> None:
    made = backup.make_backup(window.db_path)
    dialog = RestoreDialog(window.db_path, window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    made.path.write_bytes(b"overwritten after it was checked")
    monkeypatch.setattr(widgets, "confirm", lambda parent, title, text: True)
    dialog.restore_button.click()
    assert "不是 SQLite 数据库文件" in dialog.status_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.restore_button.isEnabled()
    assert active_customers() > 0  # the app's database works again (reconnected)


def test_check_dialog_shows_every_check_in_colour(qtbot, window) -> None:
    dialog = CheckDialog(window.db_path, window)
    qtbot.addWidget(dialog)
    assert dialog.report is not None and dialog.report.all_ok
    assert dialog.table.rowCount() == len(dialog.report) == 7
    results = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert results == ["OK", "OK", "OK", "OK", "OK", "Warning", "OK"]  # no backup yet; encrypted, key here
    # never "all checks passed" above a warning
    assert dialog.summary_label.text() == "No check failed, but 1 warning(s) need a look (the yellow lines)."
    assert dialog.table.item(0, 0).foreground().color().name() == "#1e8449"


@shows_windows
def test_check_dialog_shows_a_broken_reference_in_red(qtbot, window) -> None:
    conn = sqlite3.connect(window.db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO customer_order (customer_id, date, product, amount_fen, contract_no, created_at) "
                 "VALUES (99999, '2026-01-01', '轴承', 100, '', '2026-01-01')")
    conn.close()
    dialog = actions.open_check_dialog(window)
    failed = [row for row in range(dialog.table.rowCount()) if dialog.table.item(row, 0).text() == "Failed"]
    assert len(failed) == 1 and "customer_order" in dialog.table.item(failed[0], 2).text()
    assert dialog.table.item(failed[0], 0).foreground().color().name() == widgets.OVERDUE.name()
    assert "1 check(s) failed" in dialog.summary_label.text()
    dialog.close()


def test_read_operations_run_off_the_writer_thread(qtbot) -> None:
    operations.set_runner(operations.ThreadRunner())
    try:
        seen: list[str] = []
        op = runner.ReadOp(None, lambda ctx: threading.current_thread() is threading.main_thread())
        op.success(lambda on_main: seen.append("main" if on_main else "reader")).run()
        qtbot.waitUntil(lambda: seen == ["reader"], timeout=5000)
    finally:
        runner.stop_reader()
        operations.get_runner().shutdown()
        operations.set_runner(None)

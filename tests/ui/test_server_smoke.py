"""The GUI smoke test on PostgreSQL (issue #19): the window on a demo database moved to a server.

A demo file is moved with ``crmdesk move-to-server`` (the product's command), then ``crmdesk --db
postgresql://…`` starts the window on it in its own process — no lock file, the real threads —
and, on a session opened the way the app opens it, every tab is shown, a dossier and a ticket are opened and a
ticket is moved on the board; nothing is logged as an error. Skipped with the reason without the
server ``CRMDESK_TEST_PG`` names (``.ci/pg.sh``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from crmdesk.cli import main
from crmdesk.core import session
from crmdesk.core.firm import staff
from crmdesk.core.store.models import Customer, Staff, Ticket, TicketEvent
from tests.helpers import postgres
from tests.helpers.board import drop_card


@pytest.fixture
def demo_code(demo_db, tmp_path: Path) -> tuple[Path, str]:
    """The demo database as a file with its key on this PC, and its recovery code."""
    demo_db.close()
    path = tmp_path / "demo.db"
    with session.open_session(path, write=True) as opened:  # as on the PC that moves it
        assert opened.unlock_result is not None and opened.unlock_result.recovery_code
        code = opened.unlock_result.recovery_code
    return path, code


@pytest.fixture
def moved(demo_code, capsys):
    """The demo database moved to an empty server database with ``crmdesk move-to-server``; its URL."""
    url = postgres.empty("crm_gui")
    try:
        assert main(["move-to-server", url, "--db", str(demo_code[0])]) == 0
        capsys.readouterr()
        yield url
    finally:
        postgres.drop(url)


def test_crmdesk_opens_the_window_on_the_server_without_a_lock_file(moved, demo_code, tmp_path) -> None:
    """``crmdesk --db postgresql://…`` as a user starts it, in its own process (a finished app.exec()
    would end every later event loop of the test process): another PC, enrolled with the recovery
    code, no key store; the window paints, the key is found, the day's jobs run under the server's lock."""
    home = tmp_path / "pc2"
    env = {**os.environ, "CRMDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "CRMDESK_RECOVERY_CODE": demo_code[1]}
    result = subprocess.run([sys.executable, "-m", "crmdesk", "--db", moved, "--no-err-windows", "--exit-after", "6"],
                            env=env, cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True,
                            timeout=180)
    log = (home / "logs" / "crmdesk.log").read_text(encoding="utf-8")
    assert result.returncode == 0, result.stderr + log
    assert result.stdout.startswith("ready"), result.stdout
    assert "Traceback" not in result.stderr + log
    assert not [line for line in log.splitlines() if " ERROR " in line or " WARNING " in line], log
    assert "main window shown" in log and "unlocked" in log
    assert "daily job reminders" in log  # the day's jobs ran on the server, under its lock
    # other PCs' changes are listened to, from after the first paint
    feed = [line for line in log.splitlines() if "server_feed: change feed of" in line]
    assert feed and feed[0].rstrip().endswith(": connected") and log.index("main window shown") < log.index(feed[0])
    assert not list(home.rglob("*.lock"))  # a server has no lock file: other PCs are normal


@pytest.fixture
def window(moved, qtbot, sync_ops, tmp_path):
    from crmdesk.ui.main_window import MainWindow

    opened = session.open_session(moved, write=True, key=session.KEY_LATER)  # as the app opens it
    opened.finish_opening()  # the key from this PC's key store (the move left it there)
    staff.set_current_operator(Staff.get(Staff.name == "李晓梅").id)
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    main = MainWindow(opened.location, state)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.refresh_all()
    yield main
    main.close()
    opened.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_every_tab_a_dossier_a_ticket_and_a_move_on_the_board(window, qtbot, caplog) -> None:
    caplog.set_level(logging.WARNING)
    window.show()
    assert window.today_tab.rows
    window.tabs.setCurrentIndex(1)
    active = Customer.select().where((Customer.status == "active") & Customer.deleted_at.is_null()
                                     & Customer.merged_into.is_null()).count()
    assert window.customers_tab.model.rowCount() == active > 0
    window.tabs.setCurrentIndex(2)
    board = window.tickets_tab
    assert board.board.card_count() > 0
    window.tabs.setCurrentIndex(3)
    assert window.calendar_tab.day_label.text()
    window.tabs.setCurrentIndex(4)
    assert window.reports_tab.table.rowCount() == 12
    assert f"{active}" in window.counts_label.text()

    from crmdesk.ui.customers.dossier import DossierDialog
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    customer = Customer.select().where(Customer.deleted_at.is_null()).order_by(Customer.id).first()
    dossier = DossierDialog(customer.id, window)
    qtbot.addWidget(dossier)
    dossier.show()
    assert customer.name in dossier.windowTitle()
    ticket = Ticket.get(Ticket.number == "GD20261119-004")  # dispatched, as in tests/ui/tickets/test_board.py
    dialog = TicketDialog(ticket_id=ticket.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert ticket.number in dialog.windowTitle()

    window.tabs.setCurrentIndex(2)
    board.mine_check.setChecked(False)
    board.load()
    drop_card(qtbot, board, ticket.id, "in_progress")  # a card dragged onto 处理
    qtbot.waitUntil(lambda: Ticket.get_by_id(ticket.id).stage == "in_progress")
    last = TicketEvent.select().where(TicketEvent.ticket == ticket.id).order_by(TicketEvent.id.desc()).first()
    assert (last.kind, last.from_stage, last.to_stage) == ("transition", "dispatched", "in_progress")
    assert ticket.id in {card.id for card in board.board.cards("in_progress")}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_backup_restore_and_check_in_the_window_point_to_the_command_line(window) -> None:
    from crmdesk.ui.safety import actions

    for action in (actions.backup_now, actions.open_restore_dialog, actions.open_check_dialog):
        window.last_result = None
        assert action(window) is None  # no file dialog, no backup of a "file" named like the URL
        assert window.last_result is not None
        assert f"crmdesk backup --db {window.db_path}" in window.last_result.details_label.text()
        window.last_result.close()
    window.last_result.grab().save("/tmp/19w-server-safety.png")

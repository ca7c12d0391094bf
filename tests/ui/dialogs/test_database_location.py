"""设置 → 数据库: this PC's database location (本机文件 / 公司服务器), 测试连接, the server's password.

The choice is kept in this PC's file and used at the next start; a password asked for goes to the
key store (the suite's in-memory one) and never into a file or the database; 测试连接 says plainly
what is wrong, quickly, without a traceback — against the real test server when ``CRMDESK_TEST_PG``
is set.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.core import server_probe
from crmdesk.core.firm import workstation
from crmdesk.core.store import server
from crmdesk.core.store.models import Setting
from crmdesk.ui.dialogs import database_location, settings_dialog
from crmdesk.ui.dialogs.settings_dialog import SettingsDialog
from tests.helpers import postgres

SECRET = "s3cret-密码"


@pytest.fixture
def restarts(monkeypatch) -> list[str]:
    """The restart offered after a change (recorded, not done: the test process stays)."""
    offered: list[str] = []
    monkeypatch.setattr(settings_dialog, "offer_restart", lambda parent, chosen: offered.append(chosen))
    return offered


@pytest.fixture
def dialog(qtbot, zh, db, sync_ops, tmp_path) -> SettingsDialog:
    widget = SettingsDialog(QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(widget)
    widget.ui.tabs.setCurrentWidget(widget.location_page)
    return widget


def _save(dialog: SettingsDialog) -> None:
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()


def _fill(page: database_location.DatabaseLocationPage, target: server.ServerTarget) -> None:
    page.server_radio.setChecked(True)
    page.host_edit.setText(target.host)
    page.port_spin.setValue(target.port)
    page.dbname_edit.setText(target.dbname)
    page.user_edit.setText(target.user)


def test_the_server_choice_is_kept_on_this_pc_and_its_password_only_in_the_key_store(
        dialog, db, restarts, memory_keyring, monkeypatch, tmp_path) -> None:
    page = dialog.location_page
    assert page.file_radio.isChecked() and not page.server_box.isEnabled()  # a file is open: 本机文件
    tried: list[str | None] = []

    def probe(target, *, secret=None, timeout=3):
        tried.append(secret)
        if secret != SECRET:
            return server_probe.Probe(server_probe.PASSWORD, f"{target} 需要密码。")
        return server_probe.Probe(server_probe.OK, "已连接：PostgreSQL 15.18，客户服务台数据库（结构版本 13）。")

    asked: list[str] = []
    monkeypatch.setattr(server_probe, "probe", probe)
    monkeypatch.setattr(database_location, "ask_password",
                        lambda target, reason, parent: asked.append(reason) or SECRET)
    _fill(page, server.ServerTarget("crm", "192.168.1.10", 5432, "crmdesk"))
    page.test_button.click()
    assert tried == [None, SECRET] and "需要密码" in asked[0]  # the key store had none: asked, then tried
    assert "已连接" in page.result_line.text() and page.result_line.isVisibleTo(page)
    assert memory_keyring.passwords[(server.KEYRING_SERVICE, "crm@192.168.1.10:5432/crmdesk")] == SECRET

    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert workstation.chosen_database() == "postgresql://crm@192.168.1.10:5432/crmdesk"  # the next start's
    assert restarts == ["postgresql://crm@192.168.1.10:5432/crmdesk"]  # a change: restart offered
    secret = SECRET.encode("utf-8")
    dialog.ui_state.sync()
    for written in (workstation.file_path(), tmp_path / "state.ini", Path(db.database)):
        assert written.exists() and secret not in written.read_bytes(), written
    assert not [row for row in Setting.select() if SECRET in row.value or "192.168.1.10" in row.value]

    again = SettingsDialog(QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    page = again.location_page  # the saved choice is shown again
    assert page.server_radio.isChecked() and page.host_edit.text() == "192.168.1.10" and page.user_edit.text() == "crm"
    again.deleteLater()


def test_a_file_chosen_is_kept_and_the_same_file_asks_no_restart(dialog, db, restarts, tmp_path) -> None:
    page = dialog.location_page
    assert Path(page.file_edit.text()) == Path(db.database)  # never saved: what is open now
    _save(dialog)
    assert restarts == []  # nothing changed
    other = tmp_path / "branch.db"
    again = SettingsDialog(QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    again.location_page.file_edit.setText(str(other))
    again.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert workstation.chosen_database() == str(other) and restarts == [str(other.resolve())]
    again.deleteLater()


def test_a_server_without_a_name_is_refused_on_its_page_and_nothing_is_kept(dialog, restarts) -> None:
    page = dialog.location_page
    dialog.ui.tabs.setCurrentIndex(0)
    page.server_radio.setChecked(True)
    page.host_edit.setText("192.168.1.10")
    page.user_edit.clear()
    _save(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.ui.tabs.currentWidget() is page
    assert "用户：请填写" in page.result_line.text()
    assert workstation.chosen_database() is None and restarts == []


def test_an_unreachable_server_is_said_plainly_in_seconds(dialog) -> None:
    page = dialog.location_page
    _fill(page, server.ServerTarget("crm", "127.0.0.1", 1, "crmdesk"))
    started = time.monotonic()
    page.test_button.click()
    assert time.monotonic() - started < 5
    assert "端口 1 上没有响应" in page.result_line.text() and page.result_line.isVisibleTo(page)
    assert "Traceback" not in page.result_line.text() and not page.advice_widget.isVisibleTo(page)
    assert page.test_button.isEnabled()


def test_test_connection_on_the_real_server(dialog) -> None:
    """An empty database offers the ``server init`` command; a CRMDesk database connects."""
    page = dialog.location_page
    empty = postgres.empty("crm_settings")
    try:
        _fill(page, server.ServerTarget.parse(empty))
        page.test_button.click()
        assert "是空的" in page.result_line.text() and page.advice_widget.isVisibleTo(page)
        assert page.advice_edit.text() == f"crmdesk server init {server.ServerTarget.parse(empty).url}"
    finally:
        postgres.drop(empty)
    ready = postgres.clone()
    try:
        _fill(page, server.ServerTarget.parse(ready))
        page.test_button.click()
        assert page.result_line.text().startswith("已连接：PostgreSQL") and not page.advice_widget.isVisibleTo(page)
    finally:
        postgres.drop(ready)


def test_the_password_dialog_says_whose_password_and_where_it_goes(qtbot, zh) -> None:
    from crmdesk.ui.dialogs.server_password import ServerPasswordDialog

    dialog = ServerPasswordDialog(server.ServerTarget("crm", "192.168.1.10", 5432, "crmdesk"),
                                  "postgresql://crm@192.168.1.10:5432/crmdesk 拒绝了密码。")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.password_edit.setText(" two words ")
    assert dialog.ok_button.isEnabled() and dialog.password() == " two words "  # kept exactly as typed
    assert "密钥库" in "".join(w.text() for w in dialog.findChildren(type(dialog.reason_label)))


def test_restart_starts_the_same_program_without_db() -> None:
    program, arguments = database_location.restart_command(
        ["crmdesk", "--db", "old.db", "--lang", "en", "--db=x.db", "--demo", "--no-err-windows"])
    assert arguments[-3:] == ["--lang", "en", "--no-err-windows"] and "--db" not in arguments and program


def test_the_window_opens_the_server_chosen_in_the_settings_without_db(memory_keyring, isolated_home) -> None:
    """The next start without ``--db`` opens this PC's choice: ``crmdesk`` in its own process (another PC
    enrolled with the recovery code, no key store), on a server prepared by ``server init``."""
    import os
    import subprocess
    import sys

    from crmdesk.core import server_init

    url = postgres.empty("crm_choice")
    try:
        target = server.ServerTarget.parse(url)
        code = server_init.initialise(target).unlock.recovery_code
        workstation.remember_database(workstation.SERVER, server=target.url)
        env = {**os.environ, "CRMDESK_HOME": str(isolated_home), "QT_QPA_PLATFORM": "offscreen",
               "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "CRMDESK_RECOVERY_CODE": code}
        result = subprocess.run([sys.executable, "-m", "crmdesk", "--no-err-windows", "--exit-after", "1"], env=env,
                                cwd=Path(__file__).resolve().parents[3], capture_output=True, text=True, timeout=180)
        log = (isolated_home / "logs" / "crmdesk.log").read_text(encoding="utf-8")
        assert result.returncode == 0 and result.stdout.startswith("ready"), result.stderr + log
        assert "main window shown" in log and f"({target.url})" in log and "unlocked" in log
        assert not (isolated_home / "crmdesk.db").exists()  # the default file was not created
    finally:
        postgres.drop(url)


def test_at_start_a_refused_password_is_asked_tried_and_kept_in_the_key_store(
        qapp, memory_keyring, monkeypatch) -> None:
    import argparse

    from crmdesk import app
    from crmdesk.core.store.errors import PasswordRefused
    from crmdesk.ui.dialogs import server_password

    monkeypatch.delenv(server.PASSWORD_ENV, raising=False)
    monkeypatch.setattr(server, "_typed", {})
    address = "postgresql://crm@192.168.1.10/crmdesk"
    tried: list[str | None] = []

    def open_session(location, **_kwargs):
        tried.append(server.password(server.ServerTarget.parse(location)))
        if tried[-1] != SECRET:
            raise PasswordRefused(f"{location} 拒绝了密码。", needed=False)
        return "opened"

    answers = [SECRET]
    monkeypatch.setattr(app, "open_session", open_session)
    monkeypatch.setattr(app, "_run_window", lambda *args: 0)
    monkeypatch.setattr(server_password, "ask_password", lambda target, reason, parent=None: answers.pop(0))
    assert app._run_on_server(argparse.Namespace(db=address), qapp, None, 0.0, 0.0, True) == 0
    assert tried == [None, SECRET]
    assert memory_keyring.passwords[(server.KEYRING_SERVICE, "crm@192.168.1.10:5432/crmdesk")] == SECRET

    memory_keyring.passwords.clear()
    monkeypatch.setattr(server, "_typed", {})
    answers.append(None)  # cancelled: the window does not open, nothing is kept
    assert app._run_on_server(argparse.Namespace(db=address), qapp, None, 0.0, 0.0, True) == 1
    assert memory_keyring.passwords == {}


def test_restart_now_quits_through_the_tray_and_starts_again_once_quit(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    started: list[tuple[str, list[str]]] = []
    quits: list[bool] = []
    on_quit: list = []

    class App:  # the application's quit signal, recorded (the test session's own must stay untouched)
        class aboutToQuit:  # noqa: N801 - Qt's name
            @staticmethod
            def connect(slot, kind) -> None:
                on_quit.append((slot, kind))

    monkeypatch.setattr(database_location.QProcess, "startDetached",
                        lambda program, arguments: started.append((program, arguments)) or True)
    window = QWidget()
    qtbot.addWidget(window)
    window.tray = type("Tray", (), {"quit": lambda self: quits.append(True)})()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No)
    assert not database_location.offer_restart(window, "postgresql://crm@192.168.1.10:5432/crmdesk", app=App())
    assert quits == [] and on_quit == []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    assert database_location.offer_restart(window, "postgresql://crm@192.168.1.10:5432/crmdesk", app=App())
    assert quits == [True] and started == []  # not before the database is closed
    (slot, kind), = on_quit
    assert kind == Qt.ConnectionType.SingleShotConnection
    slot()  # the application quits
    assert len(started) == 1 and "--db" not in started[0][1]

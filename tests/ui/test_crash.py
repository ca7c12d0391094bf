"""Crash handling: the log is written first, then the dialog; --no-err-windows logs only."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from crmdesk.core.store.errors import KnownError
from crmdesk.logsetup import setup_logging, teardown_logging
from crmdesk.ui import crash, crash_dialog


def _raise_and_handle() -> None:
    try:
        raise RuntimeError("数据库连接意外断开")
    except RuntimeError:
        crash.handle_exception(*sys.exc_info())


def test_crash_writes_the_log_before_showing_the_dialog(qtbot, tmp_path, monkeypatch) -> None:
    log_path = tmp_path / "logs" / "crmdesk.log"
    setup_logging(log_path)
    crash.configure(show_windows=True, log_path=log_path)
    shown: list[str] = []

    def fake_exec(dialog) -> int:
        # When the dialog appears, the traceback must already be on disk.
        shown.append(log_path.read_text(encoding="utf-8"))
        assert str(log_path) in dialog.summary.text()
        dialog._on_copy_button_clicked()
        return 0

    monkeypatch.setattr(crash_dialog.CrashDialog, "exec", fake_exec)
    try:
        _raise_and_handle()
    finally:
        crash.configure(show_windows=False, log_path=None)
        teardown_logging()
    assert len(shown) == 1
    assert "数据库连接意外断开" in shown[0]
    assert "RuntimeError" in QApplication.clipboard().text()


def test_no_err_windows_only_logs(qtbot, tmp_path, monkeypatch) -> None:
    log_path = tmp_path / "crmdesk.log"
    setup_logging(log_path)
    crash.configure(show_windows=False, log_path=log_path)
    monkeypatch.setattr(crash_dialog.CrashDialog, "exec", lambda self: pytest.fail("dialog shown"))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail("message box shown"))
    try:
        _raise_and_handle()
        crash.handle_exception(KnownError, KnownError("磁盘已满"), None)
    finally:
        teardown_logging()
    text = log_path.read_text(encoding="utf-8")
    assert "数据库连接意外断开" in text and "磁盘已满" in text


def test_known_errors_show_a_plain_message(qtbot, monkeypatch) -> None:
    crash.configure(show_windows=True, log_path=None)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    monkeypatch.setattr(crash_dialog.CrashDialog, "exec", lambda self: pytest.fail("crash dialog for a known error"))
    try:
        crash.handle_exception(KnownError, KnownError("数据库文件是只读的"), None)
    finally:
        crash.configure(show_windows=False, log_path=None)
    assert messages == ["数据库文件是只读的"]


def test_a_cut_server_connection_is_a_plain_message_not_a_crash(qtbot, monkeypatch) -> None:
    """A read on the GUI thread meeting a connection the server or the network cut (psycopg's OperationalError
    without a SQLSTATE): the "cannot reach the server" message, never the crash dialog with a traceback."""
    import psycopg

    crash.configure(show_windows=True, log_path=None)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    monkeypatch.setattr(crash_dialog.CrashDialog, "exec", lambda self: pytest.fail("crash dialog for a lost connection"))
    try:
        cut = psycopg.OperationalError("server closed the connection unexpectedly")
        crash.handle_exception(type(cut), cut, None)
    finally:
        crash.configure(show_windows=False, log_path=None)
    assert len(messages) == 1 and "server closed the connection unexpectedly" in messages[0]

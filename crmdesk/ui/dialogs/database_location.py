"""数据库位置 (the settings' "Database" tab): this PC's database — a file here, or the company server.

The choice is this PC's (``core.firm.workstation``), used when the window starts without
``--db``; a change asks to restart, since the open database is the whole window's. 测试连接 tries
the server off the GUI thread (``core.server_probe``) and says plainly what is wrong; when the
server wants a password, or refuses the stored one, it is asked (``server_password``), tried, and
kept in the OS key store under the server and user — never in a file or the database.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import server_probe
from crmdesk.core.firm import workstation
from crmdesk.core.store import paths, server
from crmdesk.core.store.errors import KnownError
from crmdesk.ui.dialogs.server_password import ask_password
from crmdesk.ui.operations import firm as firm_ops
from crmdesk.ui.widgets import ErrorLine

log = logging.getLogger(__name__)


class DatabaseLocationPage(QWidget):
    """本机文件 (path, browse) or 公司服务器 (server, port, database, user, 测试连接)."""

    def __init__(self, current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current  # the database open now (a path or an address), to tell a change
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Where this PC's data is. The choice belongs to this PC only; other PCs keep theirs."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.file_radio = QRadioButton(self.tr("A file on this PC"))
        self.server_radio = QRadioButton(self.tr("The company server (several PCs share one database)"))
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.file_radio)
        self.choice.addButton(self.server_radio)

        layout.addWidget(self.file_radio)
        self.file_box = QGroupBox()
        file_form = QFormLayout(self.file_box)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(str(paths.default_db_path()))
        self.browse_button = QToolButton()
        self.browse_button.setText("…")
        self.browse_button.setToolTip(self.tr("Choose a database file"))
        row = QHBoxLayout()
        row.addWidget(self.file_edit)
        row.addWidget(self.browse_button)
        file_form.addRow(self.tr("Database file"), row)
        layout.addWidget(self.file_box)

        layout.addWidget(self.server_radio)
        self.server_box = QGroupBox()
        server_form = QFormLayout(self.server_box)
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText(self.tr("name or address, like 192.168.1.10"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.port_spin.setMaximumWidth(120)
        self.dbname_edit = QLineEdit("crmdesk")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("the user the administrator created, like crm01"))
        server_form.addRow(self.tr("Server"), self.host_edit)
        server_form.addRow(self.tr("Port"), self.port_spin)
        server_form.addRow(self.tr("Database"), self.dbname_edit)
        server_form.addRow(self.tr("User"), self.user_edit)
        self.test_button = QPushButton(self.tr("Test connection"))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        server_form.addRow(test_row)
        self.result_line = ErrorLine()
        server_form.addRow(self.result_line)
        self.advice_edit = QLineEdit()  # the command to run on an empty database: selectable, copyable
        self.advice_edit.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("Copy"))
        advice_row = QHBoxLayout()
        advice_row.addWidget(self.advice_edit)
        advice_row.addWidget(self.copy_button)
        self.advice_widget = QWidget()
        self.advice_widget.setLayout(advice_row)
        advice_row.setContentsMargins(0, 0, 0, 0)
        self.advice_widget.hide()
        server_form.addRow(self.advice_widget)
        layout.addWidget(self.server_box)

        self.note_label = QLabel(self.tr("Open now: %1. A new choice opens when CRMDesk starts again.")
                                 .replace("%1", current or "?"))
        self.note_label.setWordWrap(True)
        layout.addWidget(self.note_label)
        layout.addStretch(1)

        self.load()
        self.file_radio.toggled.connect(self._update_enabled)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(self.advice_edit.text()))
        for edit in (self.host_edit, self.dbname_edit, self.user_edit):
            edit.textEdited.connect(self._forget_result)
        self.port_spin.valueChanged.connect(self._forget_result)

    # -- load
    def load(self) -> None:
        """Show this PC's saved choice (or, never saved, what is open now)."""
        choice = workstation.database_choice()
        saved = workstation.chosen_database() is not None
        kind = choice["kind"] if saved else (workstation.SERVER if self.current and server.is_server(self.current)
                                             else workstation.FILE)
        file_text = choice["file"] or ("" if saved or not self.current or server.is_server(self.current)
                                       else self.current)
        self.file_edit.setText(file_text)
        address = choice["server"] or (self.current if self.current and server.is_server(self.current) else "")
        if address:
            try:
                target = server.ServerTarget.parse(address)
            except KnownError:
                log.warning("ignoring the unreadable server address %s", address)
            else:
                self.host_edit.setText(target.host)
                self.port_spin.setValue(target.port)
                self.dbname_edit.setText(target.dbname)
                self.user_edit.setText(target.user)
        (self.server_radio if kind == workstation.SERVER else self.file_radio).setChecked(True)
        self._update_enabled()

    def _update_enabled(self) -> None:
        on_file = self.file_radio.isChecked()
        self.file_box.setEnabled(on_file)
        self.server_box.setEnabled(not on_file)

    def _forget_result(self) -> None:
        self.result_line.clear()
        self.advice_widget.hide()

    # -- the server
    def target(self) -> server.ServerTarget:
        """The server address of the fields; a :class:`KnownError` naming the field that is missing."""
        for edit, name in ((self.host_edit, self.tr("Server")), (self.dbname_edit, self.tr("Database")),
                           (self.user_edit, self.tr("User"))):
            if not edit.text().strip():
                edit.setFocus()
                raise KnownError(self.tr("%1: please fill it in.").replace("%1", name))
        host, dbname = self.host_edit.text().strip(), self.dbname_edit.text().strip()
        if "/" in dbname or (("/" in host or "@" in host) and not host.startswith("/")):
            raise KnownError(self.tr("Server and database: a name or address only, like 192.168.1.10 and crmdesk."))
        return server.ServerTarget(self.user_edit.text().strip(), host, self.port_spin.value(), dbname)

    def _on_test_button_clicked(self) -> None:
        try:
            target = self.target()
        except KnownError as error:
            self.result_line.show_error(error)
            return
        self._test(target, None)

    def _test(self, target: server.ServerTarget, secret: str | None) -> None:
        self.test_button.setEnabled(False)
        self.result_line.show_ok(self.tr("Connecting to %1 …").replace("%1", target.host))
        self.advice_widget.hide()
        firm_ops.probe_server(self, target, secret).success(lambda found: self._show_probe(target, secret, found)) \
            .failure(self.result_line.show_error).finally_(lambda: self.test_button.setEnabled(True)).run()

    def _show_probe(self, target: server.ServerTarget, secret: str | None, found: server_probe.Probe) -> None:
        if found.status == server_probe.PASSWORD and secret is None:
            typed = ask_password(target, found.message, self)
            if typed is not None:
                self._test(target, typed)
                return
        if found.ok:
            self.result_line.show_ok(found.message)
        else:
            self.result_line.show_error(found.message)
        if secret is not None and found.status not in (server_probe.PASSWORD, server_probe.UNREACHABLE,
                                                       server_probe.REFUSED):
            # the server let the user in with it: this PC keeps it (in the key store only)
            firm_ops.store_server_password(self, target, secret).failure(self.result_line.show_error).run()
        self.advice_edit.setText(found.advice)
        self.advice_widget.setVisible(bool(found.advice))

    def _on_browse_button_clicked(self) -> None:
        start = self.file_edit.text() or str(paths.default_db_path())
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Database file"), start, self.tr("CRMDesk database (*.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)  # an existing database is the usual answer
        if path:
            self.file_edit.setText(path)

    # -- save
    def location(self) -> str:
        """The chosen database as ``--db`` takes it (a path or a server address)."""
        if self.server_radio.isChecked():
            return self.target().url
        return str(paths.resolve_db_path(self.file_edit.text().strip() or None))

    def save(self) -> str | None:
        """Keep the choice on this PC; the new location when it differs from the open one, else ``None``.
        A :class:`KnownError` when a field is missing (nothing is kept then)."""
        kind = workstation.SERVER if self.server_radio.isChecked() else workstation.FILE
        chosen = self.location()
        try:  # the other half is kept too, so switching back finds it filled in
            address = self.target().url
        except KnownError:
            if kind == workstation.SERVER:
                raise
            address = ""
        workstation.remember_database(kind, file=self.file_edit.text().strip(), server=address)
        return None if _same(chosen, self.current) else chosen


def _same(chosen: str, current: str | None) -> bool:
    if current is None:
        return False
    if server.is_server(chosen) or server.is_server(current):
        try:
            return server.ServerTarget.parse(chosen) == server.ServerTarget.parse(current)
        except KnownError:
            return False
    return os.path.normcase(str(Path(chosen).resolve())) == os.path.normcase(str(Path(current).resolve()))


def offer_restart(parent: QWidget | None, chosen: str, *, app: Any = None) -> bool:
    """Ask to restart on ``chosen`` now; on yes, start CRMDesk again once this one has quit, and quit.
    ``app``: the application (tests give their own, so the session's quit signal stays untouched)."""
    answer = QMessageBox.question(
        parent, QApplication.translate("DatabaseLocationPage", "Database location"),
        QApplication.translate("DatabaseLocationPage", "This PC now opens %1. Restart CRMDesk now to open it?")
        .replace("%1", chosen))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    app = app or QApplication.instance()
    if app is None:
        return False
    program, arguments = restart_command(sys.argv)
    app.aboutToQuit.connect(lambda: QProcess.startDetached(program, arguments), Qt.ConnectionType.SingleShotConnection)
    window = parent.window() if parent is not None else None
    tray = getattr(window, "tray", None)
    if tray is not None:
        tray.quit()  # the window closes for real (not to the tray), the database is closed
    else:
        app.quit()
    return True


def restart_command(argv: list[str]) -> tuple[str, list[str]]:
    """The program and arguments that start this CRMDesk again without ``--db``/``--demo`` (the new
    choice is this PC's default now)."""
    kept: list[str] = []
    skip = False
    for argument in argv[1:]:
        if skip:
            skip = False
            continue
        if argument == "--db":
            skip = True
            continue
        if argument.startswith("--db=") or argument == "--demo":
            continue
        kept.append(argument)
    if getattr(sys, "frozen", False):  # the packaged program: the executable itself
        return sys.executable, kept
    return sys.executable, ["-m", "crmdesk", *kept]

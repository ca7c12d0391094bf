"""Starting CRMDesk again brings the running window forward instead of refusing.

The app hides to the tray when its window is closed, so a user who double-clicks the desktop
icon again would otherwise meet "the database is in use by process 1234". The running app
listens on a local socket named after its database (and the user); a second start that finds
the database locked asks it to show itself and exits quietly. A CRMDesk on another PC (a
shared folder) has no such socket here, and the second start reports the lock as before.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MESSAGE = b"show\n"


def server_name(db_path: Path) -> str:
    """A socket name per user and database file (short: some platforms limit its length)."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name (some services): the path alone still separates
        user = ""
    key = f"{user}\n{Path(db_path).resolve()}".encode()
    return "crmdesk-" + hashlib.sha256(key).hexdigest()[:24]


class ActivationServer(QObject):
    """Listens for a second start on the same database; ``activate`` asks to show the window."""

    activate = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_server_new_connection)
        if not self.server.listen(self.name):
            # a socket left by a crashed run (Unix): we hold the database lock, so it is stale
            QLocalServer.removeServer(self.name)
            if not self.server.listen(self.name):
                log.warning("single-instance socket %s: %s", self.name, self.server.errorString())

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _on_server_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_socket_ready_read(socket)

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(MESSAGE.strip()):
            self.activate.emit()

    def close(self) -> None:
        self.server.close()


def ask_running_instance(db_path: Path, timeout_ms: int = 1500) -> bool:
    """Ask the CRMDesk that has ``db_path`` open on this PC to show itself; True when it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(MESSAGE)
    written = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return written

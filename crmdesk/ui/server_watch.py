"""The window on a server: other PCs' changes refresh its views, and it shows the connection's state.

:class:`ServerWatch` runs the change feed's listener (``core.server_feed.FeedListener``) in a thread
of its own, started after the first paint, and hands what it hears to the GUI thread: other PCs'
changes go out through the same broadcast as this PC's own saves (``Broadcaster.changed``), so the
registry, the board, the calendar, Today and an open dossier refresh exactly as after a local write;
its state goes to :class:`ConnectionBanner`, a line above the tabs (connected: hidden, with a
quiet note in the status bar; 连接中断，正在重试… in red; 维护中 in amber). A write made while the
connection is down fails with "cannot reach the database server" (a message, never a traceback) and
nothing is half-written: the server rolls back what it did not commit.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from crmdesk.core.server_feed import CONNECTED, LOST, MAINTENANCE, FeedListener
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.server import ServerTarget
from crmdesk.ui import theme
from crmdesk.ui.operations.runner import get_broadcaster


class ConnectionBanner(QLabel):
    """The line above the tabs that says the shared database cannot be reached, or is under maintenance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state = ""
        self.hide()

    def show_state(self, state: str, detail: str = "") -> None:
        """Show ``state`` (``core.server_feed``: connected, lost, maintenance); ``detail`` in the tooltip."""
        self.state = state
        if state == LOST:
            text, colour, fill, border = (self.tr("Connection to the server lost, retrying…"), theme.ALERT_TEXT,
                                          theme.ERROR_FILL, theme.ALERT_BORDER)
        elif state == MAINTENANCE:
            text, colour, fill, border = (self.tr("Under maintenance: another PC is restoring or upgrading the "
                                                  "shared database. CRMDesk reconnects by itself when it is done."),
                                          theme.NOTICE_TEXT, theme.NOTICE_FILL, theme.NOTICE_BORDER)
        else:
            self.hide()
            return
        self.setText(text)
        self.setToolTip(detail)
        self.setStyleSheet(f"QLabel {{ color: {colour}; background: {fill}; border: 1px solid {border}; "
                           "padding: 6px; font-weight: bold; }")
        self.show()


class ServerWatch(QObject):
    """The change feed's listener thread of one window; :meth:`stop` ends it (on close)."""

    changes_heard = Signal(object)  # Changes of other PCs (emitted on the listener's thread)
    state_changed = Signal(str, str)  # state, detail (emitted on the listener's thread)
    state_shown = Signal(str, str)  # a new state, on the GUI thread (the banner and the status bar follow it)

    def __init__(self, target: ServerTarget, parent: QObject | None = None, *, start: int | None = None) -> None:
        super().__init__(parent)
        self.state = ""
        self.banner: ConnectionBanner | None = None
        self.status: ServerStatus | None = None
        self.listener = FeedListener(target, self.changes_heard.emit, self.state_changed.emit, start=start)
        # queued: the slots run on the GUI thread, where the views live
        self.changes_heard.connect(self._on_changes_heard, Qt.ConnectionType.QueuedConnection)
        self.state_changed.connect(self._on_state_changed, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self.listener.run, name="crmdesk-feed", daemon=True)

    def start(self) -> None:
        """Start listening (after the first paint: nothing of it is needed to show the window)."""
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and wait for the thread (it notices within a second)."""
        self.listener.stop()
        if self._thread.is_alive():
            self._thread.join(5)

    @Slot(object)
    def _on_changes_heard(self, changes: Changes) -> None:
        get_broadcaster().changed.emit(changes)

    @Slot(str, str)
    def _on_state_changed(self, state: str, detail: str) -> None:
        if state == self.state:
            return
        was, self.state = self.state, state
        self.state_shown.emit(state, detail)
        if state == CONNECTED and was in (LOST, MAINTENANCE):
            get_broadcaster().message.emit(self.tr("Connected to the server again."))


class ServerStatus(QLabel):
    """The status bar's note of the connection: 已连接服务器 / 连接中断 / 维护中."""

    def show_state(self, state: str, _detail: str = "") -> None:
        texts = {CONNECTED: (self.tr("Server: connected"), theme.OK), LOST: (self.tr("Server: disconnected"), theme.ERROR),
                 MAINTENANCE: (self.tr("Server: under maintenance"), theme.WARNING)}
        text, colour = texts.get(state, (self.tr("Server: connecting…"), theme.MUTED))
        self.setText(text)
        self.setStyleSheet(theme.text_style(colour))


def install(window: QMainWindow, target: ServerTarget, *, start: int | None = None) -> ServerWatch:
    """Put the banner above ``window``'s tabs and the note in its status bar, and start listening from the
    feed's position ``start`` (``core.server_feed.last_id`` before the views loaded; None: from now)."""
    banner = ConnectionBanner()
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(window.takeCentralWidget())  # the tabs, kept (setCentralWidget would delete them)
    window.setCentralWidget(page)
    status = ServerStatus()
    status.show_state("")
    window.statusBar().addPermanentWidget(status)
    watch = ServerWatch(target, window, start=start)
    watch.banner, watch.status = banner, status
    watch.state_shown.connect(banner.show_state)
    watch.state_shown.connect(status.show_state)
    # an older line ("connected again") must not stand beside a banner that says otherwise
    watch.state_shown.connect(lambda state, _detail: state != CONNECTED and window.statusBar().clearMessage())
    watch.start()
    return watch

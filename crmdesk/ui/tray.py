"""The system tray (docs/spec.md §4): the app can live in the tray, and due items raise a desktop
notification while it runs.

``TrayIcon(window)`` adds the icon with its menu (show, 今日待办, quit) and checks every
minute what has come due since the last check: planned follow-ups and callbacks whose time has
come, tickets that just passed a due time and new 重大 complaints. Each item is announced
once; many at once become one summary message. The first check after start announces only
the totals (the Today tab lists them anyway).

Closing the window hides it to the tray when the tray exists (``intercept_close``, called from
the main window's ``closeEvent``); 退出 in the tray menu or the File menu quits for real.
Where no tray is available (some Linux desktops, the offscreen platform) nothing is shown and
the window closes normally; ``notified`` is emitted either way (tests listen to it).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSystemTrayIcon

from crmdesk.core import overview
from crmdesk.core.store import db
from crmdesk.core.tickets import alerts as ticket_alerts
from crmdesk.ui.data import app_icon

CHECK_INTERVAL_MS = 60_000
MAX_LISTED = 3  # more new items than this become one summary line


class TrayIcon(QObject):
    """The tray icon of ``window`` and the due-item notifications."""

    notified = Signal(str, str)  # title, text

    def __init__(self, window: QMainWindow, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.quitting = False
        self._hint_shown = False
        self.seen: set[tuple] = set()  # (kind, id, due) or ("complaint", id): see _key
        self.last_check: dt.datetime | None = None
        self.icon = QSystemTrayIcon(self._app_icon(), window)
        self.icon.setToolTip(self.tr("CRMDesk Service Desk"))
        menu = QMenu(window)
        self.show_action = menu.addAction(self.tr("Show CRMDesk"), self.show_window)
        self.today_action = menu.addAction(self.tr("Today's to-dos"), self.show_today)
        menu.addSeparator()
        self.quit_action = menu.addAction(self.tr("Quit"), self.quit)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._on_icon_activated)
        self.icon.messageClicked.connect(self.show_today)
        if self.available():
            self.icon.show()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_due)
        self.timer.start()

    @staticmethod
    def _app_icon() -> QIcon:
        icon = QApplication.windowIcon()
        return icon if not icon.isNull() else app_icon()

    @staticmethod
    def available() -> bool:
        """Whether the desktop has a system tray."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    # -- the window
    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def show_today(self) -> None:
        """Bring the window up on the 今日 tab."""
        self.show_window()
        tabs = getattr(self.window, "tabs", None)
        if tabs is not None:
            tabs.setCurrentIndex(0)

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            if self.window.isVisible() and not self.window.isMinimized():
                self.window.hide()
            else:
                self.show_window()

    def intercept_close(self, event: QCloseEvent) -> bool:
        """From ``closeEvent``: hide to the tray instead of quitting (True when the close was taken)."""
        if self.quitting or not self.icon.isVisible():
            return False
        event.ignore()
        self.window.hide()
        if not self._hint_shown:
            self._hint_shown = True
            self.notify(self.tr("CRMDesk is still running"),
                        self.tr("Reminders keep coming from the tray. Choose Quit in its menu to exit."))
        return True

    def quit(self) -> None:
        """Close the window for real and leave."""
        self.quitting = True
        self.icon.hide()
        self.window.close()
        QApplication.quit()

    # -- notifications
    def notify(self, title: str, text: str) -> None:
        """A desktop message (when a tray exists) and the ``notified`` signal."""
        self.notified.emit(title, text)
        if self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def check_due(self, now: dt.datetime | None = None) -> list[overview.AgendaItem]:
        """Announce what has come due since the last check; returns the newly announced items."""
        if not db.is_bound():
            return []
        now = now or dt.datetime.now()
        since = self.last_check
        self.last_check = now
        if since is None:  # just started: the totals only
            due_today, overdue = overview.followup_counts(now)
            tickets = len(ticket_alerts.overdue(now, 10_000))
            complaints = ticket_alerts.critical_complaints(limit=10_000)
            self.seen.update(("complaint", c.id) for c in complaints)
            if due_today or overdue or tickets or complaints:
                self.notify(self.tr("Today's to-dos"),
                            self.tr("%1 follow-ups due today, %2 overdue; %3 overdue ticket dues; "
                                    "%4 critical complaints").replace("%1", str(due_today))
                            .replace("%2", str(overdue)).replace("%3", str(tickets))
                            .replace("%4", str(len(complaints))))
            return []
        fresh = overview.followups_between(since, now + dt.timedelta(seconds=1), now=now, planned_only=True,
                                           limit=500)
        hours = max((now - since).total_seconds() / 3600, 1 / 3600)
        fresh += [overview.AgendaItem("ticket", t.id, t.due, t.customer_id, t.customer, t.number,
                                      f"{t.priority}|{t.stage}", True)
                  for t in ticket_alerts.near_due(since, hours, 500) if t.due <= now]
        fresh += [overview.AgendaItem("complaint", c.id, c.created_at, c.customer_id, c.customer, c.number, "", False)
                  for c in ticket_alerts.critical_complaints(limit=500)]
        fresh = [item for item in fresh if self._key(item) not in self.seen]
        self.seen.update(self._key(item) for item in fresh)
        if not fresh:
            return []
        if len(fresh) > MAX_LISTED:
            self.notify(self.tr("%1 new items due").replace("%1", str(len(fresh))),
                        "\n".join(self._line(item) for item in fresh[:MAX_LISTED]) + "\n…")
        else:
            self.notify(self.tr("Due now"), "\n".join(self._line(item) for item in fresh))
        return fresh

    @staticmethod
    def _key(item: overview.AgendaItem) -> tuple:
        """What has been announced: a follow-up moved to a later time, or a ticket's second due,
        is news again; a 重大 complaint is announced once."""
        return ("complaint", item.id) if item.kind == "complaint" else (item.kind, item.id, item.when)

    def _line(self, item: overview.AgendaItem) -> str:
        when = item.when.strftime("%H:%M") if item.when else ""
        if item.kind == "complaint":
            return self.tr("Critical complaint %1 — %2").replace("%1", item.title).replace("%2", item.customer)
        if item.kind == "ticket":
            return self.tr("Ticket %1 is overdue — %2").replace("%1", item.title).replace("%2", item.customer)
        return f"{when} {item.customer} · {item.title}"

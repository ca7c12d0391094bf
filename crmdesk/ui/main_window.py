"""The main window: lays out the tabs, menus and status bar, and wires signals. Nothing more."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, QSize, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from crmdesk import __version__
from crmdesk.core import overview
from crmdesk.core.firm import staff
from crmdesk.core.store.changes import ALL, Changes
from crmdesk.ui import crash, screen_fit
from crmdesk.ui.excel import actions as excel_actions
from crmdesk.ui.excel import import_actions
from crmdesk.ui.operations import overview as overview_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.safety import actions as safety_actions
from crmdesk.ui.today.tab import TodayTab
from crmdesk.ui.widgets import dialog_action

if TYPE_CHECKING:
    from crmdesk.core import jobs
    from crmdesk.ui.tray import TrayIcon

log = logging.getLogger(__name__)


def load_domains() -> None:
    """Every domain's registrations: daily jobs, recycle-bin kinds, tier-change listeners (``core.domains``).

    Loaded after the first paint (nothing the first paint shows needs them; ~20 ms of imports),
    before the threads' first job: the app releases them in a later slot of ``first_painted``.
    """
    import crmdesk.core.domains  # noqa: F401  # start-up: see the docstring


# The tabs but Today, and the dialogs of the menus, are built when first used: their modules load then.
def _customers_tab() -> QWidget:
    from crmdesk.ui.customers.tab import CustomersTab  # start-up: loads when first shown

    return CustomersTab()


def _tickets_tab() -> QWidget:
    from crmdesk.ui.tickets.tab import TicketsTab  # start-up: loads when first shown

    return TicketsTab()


def _calendar_tab() -> QWidget:
    from crmdesk.ui.calendar.tab import CalendarTab  # start-up: loads when first shown

    return CalendarTab()


def _reports_tab() -> QWidget:
    from crmdesk.ui.reports.tab import ReportsTab  # start-up: loads when first shown

    return ReportsTab()


def _calendar_dialog(parent: QWidget) -> QWidget:
    from crmdesk.ui.workcal.calendar_dialog import WorkCalendarDialog  # start-up: loads when first opened

    return WorkCalendarDialog(parent)


def _org_dialog(parent: QWidget) -> QWidget:
    from crmdesk.ui.dialogs.org_dialog import OrgDialog  # start-up: built when first opened

    return OrgDialog(parent)


def _capacity_dialog(parent: QWidget) -> QWidget:
    from crmdesk.ui.planning.capacity_dialog import CapacityDialog  # start-up: loads when first opened

    return CapacityDialog(parent)


def _custom_fields_dialog(parent: QWidget) -> QWidget:
    from crmdesk.ui.customfields.dialog import CustomFieldsDialog  # start-up: loads when first opened

    return CustomFieldsDialog(parent)


class LazyTab(QWidget):
    """A tab page whose real widget is created the first time it is needed."""

    def __init__(self, factory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.widget: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self.widget is not None

    def ensure(self) -> QWidget:
        """Build the page now if it was not built yet."""
        if self.widget is None:
            self.widget = self._factory()
            self._layout.addWidget(self.widget)
        return self.widget

    def refresh(self, changes: Changes | None) -> None:
        """Refresh the page if it exists (a page built later loads fresh anyway)."""
        if self.widget is not None:
            self.widget.refresh(changes)


class MainWindow(QMainWindow):
    """Tabs 今日 · 客户档案 · 工单看板 · 跟进日历 · 满意度报表.

    ``first_painted`` is emitted once, in the event-loop turn after the window's first paint (or a
    second after ``show_on_start`` if it was not painted, e.g. started minimised): what the first
    paint does not need (the tray icon, the application-wide event filters, the threads' work)
    waits for it, so the window shows its data sooner (docs/spec.md §9 start-up).
    """

    first_painted = Signal()

    def __init__(self, db_path: Path | str, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path  # a file, or the shared database's address (str: postgresql://…)
        self.settings = settings
        shown = db_path if isinstance(db_path, str) else db_path.name
        self.setWindowTitle(self.tr("CRMDesk Service Desk") + f" — {shown}")
        self.tabs = QTabWidget()
        self.today_tab = TodayTab()
        self.today_tab.person_requested.connect(self._show_person_tickets)
        self.today_tab.defer_rest = True  # the first paint makes a screenful of its lines (docs/spec.md §9)
        self.tabs.addTab(self.today_tab, self.tr("Today"))
        # The other tabs are built when first shown: the app opens on 今日 (docs/spec.md §4).
        self._pages: dict[str, LazyTab] = {}
        for name, factory, title in (("customers", _customers_tab, self.tr("Customers")),
                                     ("tickets", _tickets_tab, self.tr("Ticket board")),
                                     ("calendar", _calendar_tab, self.tr("Follow-up calendar")),
                                     ("reports", _reports_tab, self.tr("Satisfaction & reports"))):
            self._pages[name] = LazyTab(factory)
            self.tabs.addTab(self._pages[name], title)
        self.setCentralWidget(self.tabs)
        self._stale_tabs: set[QWidget] = set()
        self.last_result: QWidget | None = None  # the outcome dialog of the last backup or restore
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._build_menus()
        self.db_label = QLabel()
        self.counts_label = QLabel()
        self.operator_combo = QComboBox()
        self.operator_combo.setToolTip(self.tr("Who is working at this PC: recorded as the operator of every change"))
        self.operator_combo.activated.connect(self._on_operator_combo_activated)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(QLabel(self.tr("Current user:")))
        self.statusBar().addPermanentWidget(self.operator_combo)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.db_label.setText(self.tr("Database: %1").replace("%1", str(db_path)))
        broadcaster = get_broadcaster()
        broadcaster.changed.connect(self._on_broadcaster_changed)
        broadcaster.message.connect(self._on_broadcaster_message)
        self._restore_geometry()
        # lives in the tray; due items raise desktop notifications. Made after the first paint
        # (or when first asked for): the first paint does not need it.
        self._tray: TrayIcon | None = None
        self._painted = False
        self.first_painted_at: tuple[float, float, float] | None = None
        self.first_painted.connect(load_domains)  # before any write (see there)
        self.first_painted.connect(self._ensure_tray)
        self.first_painted.connect(self.today_tab.fill_rest)
        # The app may run for days in the tray: at the first minute of a new day it does what a
        # start does once a day (backup, tiers, cadence, reminders) and Today shows the new day.
        self.day = dt.date.today()
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(60_000)
        self.day_timer.timeout.connect(self.check_new_day)
        self.day_timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._announce_painted()

    def _announce_painted(self) -> None:
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._emit_first_painted)

    def _emit_first_painted(self) -> None:
        # the moment the turn after the first paint began, before the slots' work: the wall clock,
        # the process's and the GUI thread's CPU seconds (crmdesk --exit-after prints them: bench/run.py)
        self.first_painted_at = (time.time(), time.process_time(), time.thread_time())
        self.first_painted.emit()

    @property
    def tray(self) -> TrayIcon:
        """The tray icon (made on first use, at the latest right after the first paint)."""
        return self._ensure_tray()

    def _ensure_tray(self) -> TrayIcon:
        if self._tray is None:
            from crmdesk.ui.tray import TrayIcon  # start-up: made after the first paint (see __init__)

            self._tray = TrayIcon(self)
        return self._tray

    # -- menus
    def _build_menus(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = file_menu.addAction(self.tr("&Import from Excel…"))
        self.export_action = file_menu.addAction(self.tr("&Export to Excel…"))
        file_menu.addSeparator()
        self.backup_action = file_menu.addAction(self.tr("&Back up now"))
        self.restore_action = file_menu.addAction(self.tr("&Restore from backup…"))
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("E&xit"))
        # setShortcuts: setShortcut's overloads build Qt's namespace of enums (~15 ms) before the first paint
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self._on_quit_action_triggered)

        tickets_menu = self.tickets_menu = self.menuBar().addMenu(self.tr("&Tickets"))
        self.new_ticket_action = tickets_menu.addAction(self.tr("&New ticket…"))
        self.new_ticket_action.setShortcuts([QKeySequence("Ctrl+T")])
        self.new_ticket_action.triggered.connect(self._on_new_ticket_action_triggered)
        self.knowledge_action = tickets_menu.addAction(self.tr("&Knowledge base…"))
        self.knowledge_action.triggered.connect(self._on_knowledge_action_triggered)

        settings_menu = self.settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.settings_action = settings_menu.addAction(self.tr("&Preferences…"))
        self.settings_action.triggered.connect(self._on_settings_action_triggered)
        self.calendar_action = dialog_action(self, settings_menu, self.tr("&Working calendar…"), _calendar_dialog,
                                             "calendar_dialog")
        self.capacity_action = dialog_action(self, settings_menu, self.tr("Follow-up &capacity…"), _capacity_dialog,
                                             "capacity_dialog")
        self.custom_fields_action = dialog_action(self, settings_menu, self.tr("Custom &fields…"),
                                                  _custom_fields_dialog, "custom_fields_dialog")
        self.org_action = dialog_action(self, settings_menu, self.tr("&Departments and routing…"), _org_dialog,
                                        "org_dialog")
        self.policy_action = settings_menu.addAction(self.tr("Export service &policy…"))
        self.policy_action.triggered.connect(self._on_policy_action_triggered)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = help_menu.addAction(self.tr("&About CRMDesk"))
        self.about_action.triggered.connect(self._on_about_action_triggered)
        self.check_action = safety_actions.install(self)  # File → Back up now / Restore…, Help → Data check…
        excel_actions.install(self)  # File → Export to Excel…, New Excel template ▸
        import_actions.install(self)  # File → Import from Excel… (wizard), Import history… (undo)

    # -- data
    def refresh_all(self) -> None:
        """Load every tab (on start and after a restore)."""
        self._on_broadcaster_changed(ALL)

    @property
    def customers_tab(self):
        """The registry tab (built on first use)."""
        return self._pages["customers"].ensure()

    @property
    def tickets_tab(self):
        """The ticket board tab (built on first use)."""
        return self._pages["tickets"].ensure()

    @property
    def calendar_tab(self):
        """The follow-up calendar tab (built on first use)."""
        return self._pages["calendar"].ensure()

    @property
    def reports_tab(self):
        """The reports tab (built on first use)."""
        return self._pages["reports"].ensure()

    def _show_person_tickets(self, staff_id: int) -> None:
        """The board on one person's tickets (a workload line of 今日)."""
        self.tickets_tab.show_assignee(staff_id)
        self.tabs.setCurrentWidget(self._pages["tickets"])

    @Slot(object)
    def _on_broadcaster_changed(self, changes: Changes) -> None:
        # Only the visible tab reloads now; the others are marked and reload when shown,
        # so start-up and every save stay quick on 100,000 customers.
        current = self.tabs.currentWidget()
        for tab in (self.today_tab, *self._pages.values()):
            if tab is current:
                tab.refresh(changes)
            else:
                self._stale_tabs.add(tab)
        if changes.touches("staff", "settings"):
            self._load_operators()
        self.update_counts()

    def _on_tabs_current_changed(self, _index: int) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, LazyTab) and not tab.built:
            tab.ensure()
            self._stale_tabs.discard(tab)
            tab.refresh(None)
        elif tab in self._stale_tabs:
            self._stale_tabs.discard(tab)
            tab.refresh(None)

    def _load_operators(self) -> None:
        current = staff.current_operator()
        self.operator_combo.blockSignals(True)
        self.operator_combo.clear()
        if current is None:  # only until 我是… is answered (or with --no-err-windows)
            self.operator_combo.addItem(self.tr("(choose)"), None)
        for member in staff.active_staff():
            self.operator_combo.addItem(member.name, member.id)
        index = self.operator_combo.findData(current.id if current else None)
        self.operator_combo.setCurrentIndex(max(0, index))
        self.operator_combo.blockSignals(False)

    def _on_operator_combo_activated(self, _index: int) -> None:
        staff_id = self.operator_combo.currentData()
        if staff_id is None:
            return
        from crmdesk.ui.operations import firm as firm_ops  # start-up: loads when first used

        firm_ops.choose_operator(self, staff_id).run()

    def ask_operator_if_needed(self) -> bool:
        """On start: 我是… when this PC has no current user for this database. False when the clerk
        chose to quit instead (the app records no action without an operator)."""
        if staff.current_operator() is not None:
            return True
        if not crash.shows_windows():  # --no-err-windows: no dialog may wait for an answer
            log.info("no current user chosen on this PC for %s", self.db_path)
            return True
        from crmdesk.ui.dialogs.operator_dialog import OperatorDialog  # start-up: loads when first opened

        self.operator_dialog = OperatorDialog(self.db_path, self, at_start=True)
        return self.operator_dialog.exec() == OperatorDialog.DialogCode.Accepted

    def run_start_up_jobs(self) -> None:
        """The daily jobs (``core.jobs``), as ``crmdesk daily`` runs them: their reading steps (the backup's
        verified copy, up to 25 s) on the reader thread, so the writer stays free for the user's saves; then
        their writing steps, in order, on the writer thread. Each job is once a day by itself."""
        # start-up: the jobs' registrations and operations load after the first paint
        from crmdesk.ui.operations import jobs as jobs_ops

        load_domains()
        db_path, today = self.db_path, dt.date.today()
        if isinstance(db_path, str):  # a server: one PC runs the day's jobs, under the server's lock
            jobs_ops.run_daily_on_server(self, db_path, today).success(self._on_daily_jobs_done) \
                .failure(lambda error: self.statusBar().showMessage(error.message)).run()
            return
        jobs_ops.prepare_daily(self, db_path, today).success(self._on_daily_jobs_prepared).run()

    def _on_daily_jobs_prepared(self, prepared: jobs.Prepared) -> None:
        from crmdesk.ui.operations import jobs as jobs_ops  # start-up: loaded by run_start_up_jobs

        jobs_ops.finish_daily(self, prepared).success(self._on_daily_jobs_done).run()

    def _on_daily_jobs_done(self, report: jobs.DailyReport) -> None:
        """A status-bar line, never a dialog at start: the backup made, or the jobs that failed (the log has
        them too; Help → Data check warns when the last backup is too old)."""
        translate = QCoreApplication.translate
        failed = [result for result in report.results if result.error]
        backup = report.result("backup")
        if backup is not None and backup.error:
            text = translate("SafetyActions", "The daily backup failed: %1").replace("%1", backup.error)
        elif failed:
            text = "；".join(result.line() for result in failed)
        elif backup is not None and backup.done:
            text = translate("SafetyActions", "Daily backup saved: %1").replace("%1", backup.counts["path"])
            if backup.counts.get("second_copy_error"):
                text += f"  {backup.counts['second_copy_error']}"
        else:
            return
        self.statusBar().showMessage(text, 60000 if failed else 15000)

    def check_new_day(self, today: dt.date | None = None) -> bool:
        """Run the daily jobs and reload the tabs when the date has changed; True if it had."""
        today = today or dt.date.today()
        if today == self.day:
            return False
        self.day = today
        self.refresh_all()
        self.run_start_up_jobs()
        return True

    @Slot(str)
    def _on_broadcaster_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def update_counts(self) -> None:
        """The customer / ticket / follow-up numbers in the status bar (counted on the reader thread:
        three scans of the reference data that the first paint need not wait for)."""
        overview_ops.status_counts(self).success(self._show_counts).run()

    def _show_counts(self, counts: overview.Counts) -> None:
        self.counts_label.setText(
            self.tr("Customers: %1").replace("%1", str(counts.customers)) + "   "
            + self.tr("Open tickets: %1").replace("%1", str(counts.open_tickets)) + "   "
            + self.tr("Follow-ups due: %1").replace("%1", str(counts.due_followups)))

    # -- dialogs
    def _on_new_ticket_action_triggered(self) -> None:
        from crmdesk.ui.tickets.ticket_dialog import TicketDialog  # start-up: loads when first opened

        TicketDialog(self).exec()

    def _on_knowledge_action_triggered(self) -> None:
        from crmdesk.ui.tickets.knowledge_dialog import KnowledgeDialog  # start-up: loads when first opened

        KnowledgeDialog(self).exec()

    def _on_policy_action_triggered(self) -> None:
        from crmdesk.ui.dialogs.raci_editor import export_policy  # start-up: built when first used

        export_policy(self)

    def _on_settings_action_triggered(self) -> None:
        from crmdesk.ui.dialogs.settings_dialog import SettingsDialog  # start-up: loads when first opened

        SettingsDialog(self.settings, self).exec()

    def _on_about_action_triggered(self) -> None:
        from crmdesk.ui.dialogs.about import AboutDialog  # start-up: loads when first opened

        AboutDialog(self.db_path, self).exec()

    # -- window state
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        # no geometry yet: the first start on this PC opens maximised (show_on_start)
        self.first_start = geometry is None or not self.restoreGeometry(geometry)
        if self.first_start:
            self.resize(screen_fit.largest_size(self).boundedTo(QSize(1280, 800)))
        state = self.settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)

    def show_on_start(self) -> None:
        """Show the window: maximised on the first start, else as it was left, inside the work area."""
        screen_fit.fit_main_window(self, self.first_start)
        # a window started minimised is not painted until it is restored: what waits for the first
        # paint (the key look-up and the daily jobs behind it, the tray icon) starts a second later anyway
        QTimer.singleShot(1000, self, self._announce_painted)

    def save_geometry(self) -> None:
        """Remember size and position for the next start."""
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("main_window/state", self.saveState())
        self.settings.sync()

    def _on_quit_action_triggered(self) -> None:
        self.tray.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray.intercept_close(event):  # closing the window may only hide it to the tray
            return
        self.save_geometry()
        super().closeEvent(event)



__all__ = ["MainWindow", "__version__"]

"""Start-up of the desktop app: paths, logging, lock, database, translators, main window."""

from __future__ import annotations

import argparse
import datetime
import gc
import logging
import sys
import time
from pathlib import Path

# isort: off
# first: PySide6 loaded without its per-import source scan, before the modules below are imported (see there)
from crmdesk.ui import qt_import  # noqa: F401
# isort: on
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from crmdesk import __version__
from crmdesk.core import today
from crmdesk.core.firm import staff, workstation
from crmdesk.core.i18n import set_language
from crmdesk.core.safety import secrets
from crmdesk.core.session import KEY_LATER, open_session
from crmdesk.core.store import db as dbmod
from crmdesk.core.store import paths
from crmdesk.core.store.db import DamagedDatabaseError
from crmdesk.core.store.errors import DatabaseInUseError, KnownError, PasswordRefused
from crmdesk.core.store.lock import DatabaseLock
from crmdesk.core.store.models import database_proxy
from crmdesk.logsetup import setup_logging
from crmdesk.ui import crash, screen_fit
from crmdesk.ui.data import app_icon
from crmdesk.ui.i18n import install_translators
from crmdesk.ui.operations import runner as operations

log = logging.getLogger("crmdesk")

DEMO_CUSTOMERS = 1000


def _show_fatal(message: str, show_windows: bool) -> None:
    print(message, file=sys.stderr)
    if show_windows:
        _install_app_filters()
        from PySide6.QtWidgets import QMessageBox  # start-up: its class and enums only for a fatal message

        QMessageBox.critical(None, QApplication.translate("app", "CRMDesk"), message)


def _check_icon() -> None:
    """Log a window icon that does not render: the package data or Qt's SVG plugin is missing (a broken bundle)."""
    if QApplication.windowIcon().pixmap(32).isNull():
        log.warning("the window icon could not be loaded")


def _install_app_filters() -> None:
    """The application-wide event filters: dialogs fitted to the screen, Tab in multi-line fields.

    Every Qt event passes through them as a Python call that wraps its object for Python (and
    wrapping an object of a new class builds that class's enums), and building and showing the
    main window sends thousands of events: about a fifth of the start-up's instructions. So they
    are installed once the window is painted, before the user can open any dialog; a fatal
    message or a key dialog before that installs them first (idempotent).
    """
    app = QApplication.instance()
    if app is not None:
        # start-up: the forms' module (and the widget classes it names) loads after the first paint
        from crmdesk.ui import form_dialog

        screen_fit.install(app)  # every dialog opens inside the screen's work area
        form_dialog.install_text_keys(app)  # Tab leaves multi-line fields, Ctrl+Tab types a tab


def ensure_demo_database(path: Path, lock: object) -> object | None:
    """Create the demo database on first use of ``--demo`` (kill-safe, encrypted; see ``core.demo.writer``).

    Returns the unlock result when a key was created (its recovery code is shown once), else None.
    The caller holds the writer lock.
    """
    from crmdesk.core.demo import writer as demo  # start-up: the demo generator loads only for --demo

    info = dbmod.inspect_file(path) if path.exists() else None
    if info is not None and info.user_version > 0:
        return None
    log.info("creating demo database %s", path)
    _counts, result = demo.build_database(path, DEMO_CUSTOMERS, seed=1, lock=lock)
    return result


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window on the chosen database; returns the process exit code."""
    started, started_at = time.perf_counter(), time.time()
    show_windows = not args.no_err_windows
    setup_logging(paths.log_file(), verbose=args.verbose, to_stderr=not show_windows)
    crash.configure(show_windows=show_windows, log_path=paths.log_file())
    crash.install()
    qsettings = QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    language = args.lang or str(qsettings.value("language", "zh_CN"))
    set_language(language)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CRMDesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CRMDesk")
    install_translators(app, language)
    app.setWindowIcon(app_icon())  # checked after the first paint (_check_icon: rendering it loads Qt's SVG plugin)

    if not args.db and not args.demo:  # 数据库位置 of this PC's settings (core.firm.workstation), else the default file
        args.db = workstation.chosen_database()
    if args.db and paths.is_server(args.db):
        return _run_on_server(args, app, qsettings, started, started_at, show_windows)
    db_path = paths.demo_db_path() if args.demo else paths.resolve_db_path(args.db)
    lock = DatabaseLock(db_path)
    demo_key = None
    try:
        lock.acquire()
        if args.demo:
            demo_key = ensure_demo_database(db_path, lock)
        # The one way to open a database for work (core.session): lock held, hot journal rolled
        # back, schema checked; the quick check (seconds of reading on the reference data) and
        # the key follow after the first paint.
        session = open_session(db_path, write=True, lock=lock, key=KEY_LATER, check_later=True)
    except KnownError as error:
        if isinstance(error, DatabaseInUseError):
            from crmdesk.ui.single_instance import ask_running_instance  # start-up: QtNetwork only when needed

            if ask_running_instance(db_path):  # our own window, hidden in the tray: bring it up
                log.info("%s is open in a running CRMDesk; asked it to show its window", db_path)
                return 0
        log.error("%s", error.message)
        _show_fatal(error.message, show_windows)
        lock.release()
        return error.exit_code
    return _run_window(args, app, qsettings, session, db_path, demo_key, started, started_at, show_windows)


def _run_on_server(args: argparse.Namespace, app: QApplication, qsettings: QSettings, started: float,
                   started_at: float, show_windows: bool) -> int:
    """The window on the shared company database: no lock file (other PCs are normal), the
    session holds the server's maintenance lock shared; the password from this PC's key store."""
    from crmdesk.core.store import server  # start-up: a file's window does not load the server's module
    typed = None
    while True:
        try:
            session = open_session(args.db, write=True, key=KEY_LATER)
            break
        except PasswordRefused as error:  # no password in the key store, or a changed one: asked, tried, kept
            if not show_windows:
                return _fail(error, show_windows)
            from crmdesk.ui.dialogs.server_password import ask_password  # start-up: only when a password is asked

            _install_app_filters()  # the dialog fitted to the screen like every other
            target = server.ServerTarget.parse(args.db)
            typed = ask_password(target, error.message)
            if typed is None:
                return 1
            server.use_password(target, typed)
        except KnownError as error:
            return _fail(error, show_windows)
    if typed is not None:
        try:
            server.remember_password(server.ServerTarget.parse(args.db), typed)
        except KnownError as error:  # no usable key store: asked again at the next start
            log.warning("%s", error.message)
    return _run_window(args, app, qsettings, session, args.db, None, started, started_at, show_windows)


def _feed_position() -> int | None:
    from crmdesk.core import server_feed  # start-up: a server's window only (small; the driver is loaded anyway)

    return server_feed.last_id()


def _watch_server(window, target, start: int | None) -> None:
    from crmdesk.ui import server_watch  # start-up: a server's window only, after the first paint

    window.server_watch = server_watch.install(window, target, start=start)


def _fail(error: KnownError, show_windows: bool) -> int:
    log.error("%s", error.message)
    _show_fatal(error.message, show_windows)
    return error.exit_code


def _choose_operator(name: str) -> None:
    """The window's ``--operator NAME``: that active staff member becomes this PC's current user for the
    database (remembered, as 我是… would); an unknown name is a :class:`KnownError` naming it."""
    staff.use_operator_name(name)
    member = staff.current_operator()  # raises UnknownOperator for a name nobody active has
    if member is not None:
        staff.set_current_operator(member.id)


def _run_window(args: argparse.Namespace, app: QApplication, qsettings: QSettings, session, db_path, demo_key,
                started: float, started_at: float, show_windows: bool) -> int:
    """The main window on an opened session until it closes; the process exit code."""
    on_server = isinstance(db_path, str)
    database = session.database
    if getattr(args, "operator", None):  # --operator NAME: the window starts as that person, as if chosen in 我是…
        try:
            _choose_operator(args.operator)
        except KnownError as error:
            session.close()  # releases the writer lock too
            return _fail(error, show_windows)
    # on a server: the change feed's position before the views load (one statement), heard from after the paint
    feed_start = _feed_position() if on_server else None
    # 今日's data: on a server read on a thread of its own while the window's modules load (its waits
    # are the network's, and the driver fetches rows in bulk); on a file by the tab itself, on this
    # thread. SQLite's driver lets go of the interpreter's lock for every row it steps and must win it
    # back from this thread's imports each time: on the reference data the thread made the first paint
    # ~17 ms later (CPU and wall alike, 2026-12-05), not earlier (docs/spec.md §9)
    today_data = today.Prefetch(datetime.datetime.now()) if on_server else None

    # start-up: the window's modules load after the crash handler is installed, so that a failure
    # while loading them is logged and shown
    from crmdesk.ui.main_window import MainWindow

    operations.set_runner(operations.ThreadRunner())
    operations.get_broadcaster().error.connect(crash.handle_error_object)
    operations.hold()  # the threads' work waits for the first paint (see there)
    window = MainWindow(db_path, qsettings)
    window.today_tab.prefetched = today_data
    window.refresh_all()
    window.first_painted.connect(session.check_in_background)  # before the writes that wait for its verdict
    window.first_painted.connect(operations.release)
    window.first_painted.connect(_install_app_filters)  # after the first paint (see there)
    window.first_painted.connect(gc.enable)  # paused while the modules loaded (crmdesk.__main__)
    window.first_painted.connect(_check_icon)
    if on_server:  # other PCs' changes refresh the views; the connection's state above the tabs
        window.first_painted.connect(lambda: _watch_server(window, session.target, feed_start))
    window.show_on_start()
    log.info("main window shown in %.3f s (%s)", time.perf_counter() - started, db_path)

    def _give_up(code: int) -> None:
        window.close()
        app.exit(code)

    def _ask(_error: BaseException | None = None) -> None:
        # No key store, or no key in it: the passphrase / recovery-code dialogs, on this thread.
        _install_app_filters()  # if the window was not painted yet (e.g. minimised): before any dialog
        from crmdesk.ui.dialogs.key_dialogs import unlock_interactively  # start-up: only when a key is asked for

        try:
            unlocked = unlock_interactively(db_path, show_windows=show_windows, parent=window, unlock=session.unlock)
        except KnownError as error:
            log.error("%s", error.message)
            _show_fatal(error.message, show_windows)
            _give_up(error.exit_code)
            return
        if not unlocked:
            _give_up(1)
            return
        _unlocked(None)

    def _unlocked(result: object) -> None:
        from crmdesk.ui.single_instance import ActivationServer  # start-up: QtNetwork after the first paint

        _install_app_filters()  # if the window was not painted yet (e.g. minimised): before any dialog
        # from now on a second start shows this window instead (QtNetwork: not before the first paint)
        window.activation = ActivationServer(db_path, window)
        window.activation.activate.connect(window.tray.show_window)
        shown = result if result is not None and getattr(result, "created", False) else demo_key
        if shown is not None:
            from crmdesk.ui.dialogs.key_dialogs import show_recovery_code  # start-up: only when a key was created

            show_recovery_code(shown, db_path, show_windows=show_windows, parent=window)
        if not window.ask_operator_if_needed():  # 我是… (nobody chosen on this PC yet): quit instead
            _give_up(0)
            return
        # The quick check's verdict before any write: queued first on the writer thread, so every
        # write the user starts waits for it (it runs in a thread since opening). Once-a-day
        # work (backup, tiers, recycle bin) follows a sound verdict, off the UI thread.
        operations.Op(window, lambda _ctx: session.verify()).success(
            lambda _none: QTimer.singleShot(1500, window.run_start_up_jobs)).failure(_key_lookup_failed).run()

    def _key_lookup(_ctx: object) -> object:
        # the key (created under the writer lock if missing, after the quick check), stray clear values encrypted
        return session.finish_opening()  # on failure the pending cipher stays until a dialog unlocks

    def _damaged(error: DamagedDatabaseError) -> None:
        # Nothing may be written into the file: the window stays open read-only, so the user
        # can still look things up and restore a backup from the File menu.
        session.read_only_after_damage()
        _install_app_filters()
        log.error("%s", error.message)
        _show_fatal(error.message, show_windows)
        window.refresh_all()
        if show_windows:
            from crmdesk.ui.safety.actions import open_restore_dialog  # start-up: with the window's modules

            open_restore_dialog(window)

    def _key_lookup_failed(error: BaseException) -> None:
        if isinstance(error, DamagedDatabaseError):
            _damaged(error)
        elif isinstance(error, (secrets.KeyStoreUnavailable, secrets.KeyMissing)):
            _ask(error)
        elif isinstance(error, KnownError):
            log.error("%s", error.message)
            _show_fatal(error.message, show_windows)
            _give_up(error.exit_code)
        else:
            operations.get_broadcaster().error.emit(error)

    # The key is looked up after the first paint (the runner holds it until then), on the writer
    # thread: nothing the window shows at start is encrypted, and the key store (keyring and
    # cryptography imports, the look-up itself: ~0.25 s) is the slowest part of a start. Writes
    # queue behind it, and behind the quick check's verdict (see _unlocked).
    operations.Op(window, _key_lookup).success(_unlocked).failure(_key_lookup_failed).run()
    if args.exit_after is not None:
        def _quit() -> None:
            # bench/run.py: the wall clock when the turn after the first paint began ("at", compared
            # with its own clock at launch) and the CPU seconds of the process (all threads) by then
            at, cpu, gui = window.first_painted_at or (time.time(), time.process_time(), time.thread_time())
            print(f"ready {at - started_at:.3f} cpu {cpu:.3f} gui-thread {gui:.3f} at {at:.6f}", flush=True)
            window.close()
            app.quit()

        # counted from the first paint (bench/run.py: --exit-after 0 is "painted, with its data")
        window.first_painted.connect(lambda: QTimer.singleShot(int(args.exit_after * 1000), _quit))
    try:
        code = app.exec()
    finally:
        watch = getattr(window, "server_watch", None)
        if watch is not None:
            watch.stop()
        operations.get_runner().shutdown()
        operations.set_runner(None)
        current = database_proxy.obj or database  # after a restore the database is a new object
        if not on_server and not getattr(current, "read_only", False):
            try:
                current.execute_sql("PRAGMA optimize")  # keep the planner's statistics fresh (SQLite's advice)
            except Exception:
                log.warning("PRAGMA optimize failed", exc_info=True)
        session.database = current
        session.close()  # closes the connection, forgets the key, releases the writer lock
    return code

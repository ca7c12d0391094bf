"""Render the real app's screens to PNG (README and review): python docs/make_screenshots.py [OUT_DIR]

Builds a demo database in a temporary folder and opens the main window in Chinese on Qt's
offscreen platform with the screen of the users' most common laptop, 1366×768 (the window
maximised, as on a first start; dialogs placed and sized by the app's own screen fitting).
Saves every tab and the main dialogs. Needs a CJK font (Debian: fonts-wqy-microhei).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCREEN = (1366, 768)


def _offscreen_screen(folder: Path) -> list[str]:
    """QApplication arguments for an offscreen screen of SCREEN's size."""
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": SCREEN[0],
                                               "height": SCREEN[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    return ["-platform", f"offscreen:configfile={config}"]


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    tmp = Path(tempfile.mkdtemp(prefix="crmdesk-shots-"))
    os.environ["CRMDESK_HOME"] = str(tmp)
    os.environ.setdefault("CRMDESK_PASSPHRASE", "screenshots only")  # no key store on a build machine
    app = QApplication([sys.argv[0], *_offscreen_screen(tmp)])
    from crmdesk.core.demo import writer as demo
    from crmdesk.core.firm import settings, staff
    from crmdesk.core.safety import secrets
    from crmdesk.core.store import db as dbmod
    from crmdesk.core.store.models import Customer, FollowUp, Staff, Ticket
    from crmdesk.ui import form_dialog, screen_fit
    from crmdesk.ui.i18n import install_translators
    from crmdesk.ui.operations import runner as operations

    install_translators(app, "zh_CN")
    screen_fit.install(app)
    form_dialog.install_text_keys(app)
    path = tmp / "demo.db"
    demo.generate(path, 400, seed=1, today=dt.date.today())
    database = dbmod.open_database(path, backups=tmp / "backups")
    settings.ensure_tier_policy()
    secrets.unlock()
    staff.set_current_operator(Staff.get(Staff.name == "李晓梅").id)
    operations.set_runner(operations.SyncRunner())

    from crmdesk.core.safety import backup
    from crmdesk.core.tickets import callbacks
    from crmdesk.ui.customers.dialog import CustomerDialog
    from crmdesk.ui.customers.dossier import DossierDialog
    from crmdesk.ui.dialogs.operator_dialog import OperatorDialog
    from crmdesk.ui.dialogs.settings_dialog import SettingsDialog
    from crmdesk.ui.followups import actions
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.safety.check_dialog import CheckDialog
    from crmdesk.ui.safety.restore_dialog import RestoreDialog
    from crmdesk.ui.tickets.callback_dialog import CallbackDialog
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    out.mkdir(parents=True, exist_ok=True)
    state = QSettings(str(tmp / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(path, state)
    window.refresh_all()
    window.show_on_start()  # a first start: maximised on the 1366×768 screen
    for index, name in enumerate(["today", "customers", "tickets", "calendar", "reports"]):
        window.tabs.setCurrentIndex(index)
        for _ in range(3):  # the page is built on first show, then laid out
            app.processEvents()
        window.grab().save(str(out / f"main-{name}.png"))
    window.tabs.setCurrentIndex(1)

    rich = (Customer.select().where(Customer.at_risk == True).first()  # noqa: E712 - peewee expression
            or Customer.select().first())
    working = Ticket.select().where(Ticket.stage == "in_progress").order_by(Ticket.id.desc()).first()
    resolved = next(t for t in Ticket.select().where(Ticket.stage == "resolved").order_by(Ticket.id.desc())
                    if callbacks.open_callback(t.id) is not None)
    planned = FollowUp.select().where((FollowUp.status == "planned") & (FollowUp.kind != "callback")
                                      & FollowUp.contact.is_null(False)).first()
    backup.make_backup(path, kind="manual")
    settings_dialog = SettingsDialog(state, window)
    settings_dialog.ui.tabs.setCurrentIndex(2)  # 客户等级策略
    settings_dialog.tier_editor.setCurrentIndex(1)
    dialogs = {
        "dossier": DossierDialog(rich.id, window),
        "customer-dialog": CustomerDialog(rich.id, window),
        "ticket-dialog": TicketDialog(window, ticket_id=working.id),
        "ticket-new": TicketDialog(window, customer_id=rich.id),
        "callback-dialog": CallbackDialog(callbacks.open_callback(resolved.id), window),
        "followup-complete": actions.complete(window, planned.id),
        "settings-tiers": settings_dialog,
        "operator-dialog": OperatorDialog(path, window, at_start=True),
        "restore-dialog": RestoreDialog(path, window),
        "check-dialog": CheckDialog(path, window),
    }
    for name, dialog in dialogs.items():
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / f"{name}.png"))
        dialog.done(0)
    window.close()
    database.close()
    shutil.rmtree(tmp, ignore_errors=True)  # the demo database and its state: nothing to keep
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")

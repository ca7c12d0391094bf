"""Render the real app's screens to PNG (README and review): python docs/make_screenshots.py [OUT_DIR]

Builds a demo database in a temporary folder, opens the main window in Chinese on
Qt's offscreen platform and saves each tab and the main dialogs. Needs a CJK font
(Debian: fonts-wqy-microhei).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    tmp = Path(tempfile.mkdtemp(prefix="crmdesk-shots-"))
    os.environ["CRMDESK_HOME"] = str(tmp)
    app = QApplication(sys.argv[:1])
    from crmdesk.core import db as dbmod
    from crmdesk.core import demo, settings, staff
    from crmdesk.core.models import Customer
    from crmdesk.ui import operations
    from crmdesk.ui.i18n import install_translators

    install_translators(app, "zh_CN")
    path = tmp / "demo.db"
    demo.generate(path, 400, seed=1, today=dt.date.today())
    dbmod.open_database(path)
    settings.ensure_tier_policy()
    staff.set_current_operator(staff.active_staff()[0].id)
    operations.set_runner(operations.SyncRunner())

    from crmdesk.ui.customers.dialog import CustomerDialog
    from crmdesk.ui.customers.dossier import DossierDialog
    from crmdesk.ui.dialogs.settings_dialog import SettingsDialog
    from crmdesk.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    state = QSettings(str(tmp / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(path, state)
    window.resize(1280, 780)
    window.refresh_all()
    window.show()
    names = ["today", "customers", "tickets", "calendar", "reports"]
    for index, name in enumerate(names):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        window.grab().save(str(out / f"main-{name}.png"))
    rich = (Customer.select().where(Customer.at_risk == True).first()  # noqa: E712
            or Customer.select().first())
    for name, widget in (("dossier", DossierDialog(rich.id)), ("customer-dialog", CustomerDialog(rich.id)),
                         ("settings", SettingsDialog(state))):
        widget.resize(max(widget.width(), 900), max(widget.height(), 620))
        widget.show()
        app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))
        widget.close()
    window.tabs.setCurrentIndex(1)
    window.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")

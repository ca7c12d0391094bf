"""The attachments panel: the limit told before choosing, a refused file named, add, open with the PC's
program (a private copy), save as, delete to the recycle bin; the dossier lists every file of the customer."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from crmdesk.core.attachments import store
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.store import recycle_bin
from crmdesk.ui.attachments.panel import AttachmentsPanel
from tests.helpers.factories import make_customer


def test_add_open_save_and_delete(qtbot, db, sync_ops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = make_customer("杭州科美模具有限公司")
    panel = AttachmentsPanel()
    qtbot.addWidget(panel)
    panel.set_owner(store.Owner(cid))
    assert "20 MB" in panel.hint_label.text()
    chosen: list[str] = []
    monkeypatch.setattr("crmdesk.ui.attachments.panel.QFileDialog.getOpenFileNames",
                        lambda parent, title: (chosen.append(title) or [str(source)], ""))
    source = tmp_path / "合同.pdf"
    source.write_bytes(b"%PDF-1.4 contract " * 500)
    big = tmp_path / "录像.mp4"
    with open(big, "wb") as handle:
        handle.truncate(store.max_bytes() + 5 * 1024 * 1024)
    panel.add_button.click()
    assert "20 MB" in chosen[0]  # the limit is in the file dialog's title, before a file is chosen
    assert panel.list.count() == 1 and panel.list.item(0).text().startswith("合同.pdf")
    panel.add_paths([big])
    assert panel.error_label.isVisibleTo(panel) and "录像.mp4" in panel.error_label.text()
    assert "20 MB 的上限" in panel.error_label.text() and panel.list.count() == 1

    panel.list.setCurrentRow(0)
    opened: list[str] = []
    monkeypatch.setattr("crmdesk.ui.operations.attachments.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    panel.open_button.click()
    copy = Path(opened[0])
    assert copy.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) & 0o077 == 0 if os.name == "posix" else True  # this user only
    target = tmp_path / "另存.pdf"
    monkeypatch.setattr("crmdesk.ui.attachments.panel.QFileDialog.getSaveFileName",
                        lambda parent, title, name: (str(target), ""))
    panel.save_button.click()
    assert target.read_bytes() == source.read_bytes()
    panel.delete_button.click()
    assert panel.list.count() == 0
    assert [e.entity for e in recycle_bin.recycle_bin()] == ["attachment"]


def test_the_dossier_view_lists_the_files_of_its_machines_and_tickets_and_pending_files_wait(
        qtbot, db, sync_ops, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    eid = equipment.save(EquipmentInput(customer_id=cid, model="X1", serial="S-1")).equipment_id
    photo = tmp_path / "铭牌.png"
    from PIL import Image

    Image.new("RGB", (300, 200), (0, 90, 160)).save(photo)
    store.add(photo, store.owner_of(equipment_id=eid))
    dossier_view = AttachmentsPanel(show_where=True)
    qtbot.addWidget(dossier_view)
    dossier_view.set_owner(store.Owner(cid))
    assert dossier_view.list.count() == 1 and "设备 X1（S-1）" in dossier_view.list.item(0).toolTip()
    assert not dossier_view.list.item(0).icon().isNull()

    pending = AttachmentsPanel()
    qtbot.addWidget(pending)
    pending.set_owner(None)
    pending.add_paths([photo])
    assert pending.pending_paths() == [photo] and store.listing(customer_id=cid)[0].name == "铭牌.png"
    pending.list.setCurrentRow(0)
    assert not pending.open_button.isEnabled()  # nothing stored yet to open
    pending.delete_button.click()
    assert pending.pending_paths() == []

"""Attachments (附件): sealed in pieces inside the database, listed without reading content, size limit,
thumbnails, recycle bin and change log, merge, erasure, and a plain database refusing them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from crmdesk.core.attachments import store as attachments
from crmdesk.core.customers import lifecycle, merge
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.safety import secrets
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import Attachment, ChangeLog, database_proxy
from crmdesk.core.tickets import service as tickets
from tests.helpers.factories import make_customer

MARKER = b"ATTACHMENT-CONTENT-MARKER-7f3a"


def photo(path: Path, size: tuple[int, int] = (1200, 900)) -> Path:
    """A real JPEG picture."""
    from PIL import Image

    Image.new("RGB", size, (200, 40, 40)).save(path, "JPEG")
    return path


def blob(path: Path, size: int) -> Path:
    """A file of ``size`` bytes holding the marker, spread over several pieces."""
    block = (MARKER + os.urandom(64)) * 1000
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            piece = block[: size - written]
            handle.write(piece)
            written += len(piece)
    return path


def test_a_file_is_stored_sealed_in_pieces_and_comes_back_whole(db, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    source = blob(tmp_path / "合同扫描.pdf", 3 * attachments.CHUNK + 1234)
    added = attachments.add(source, attachments.owner_of(customer_id=cid))
    row = Attachment.get_by_id(added.attachment_id)
    assert (row.size, row.chunks, row.mime) == (source.stat().st_size, 4, "application/pdf")
    stored = [bytes(data) for (data,) in database_proxy.execute_sql(
        "SELECT data FROM attachment_chunk WHERE attachment_id = ? ORDER BY seq", [row.id])]
    assert all(piece[:1] == secrets.BLOB_SEALED and MARKER not in piece for piece in stored)
    out = attachments.save_as(row.id, tmp_path / "out.pdf")
    assert out.read_bytes() == source.read_bytes()
    assert max(len(p) for p in attachments.content(row.id)) == attachments.CHUNK  # never whole in memory
    line = attachments.listing(customer_id=cid)[0]
    assert (line.name, line.where, line.has_thumbnail) == ("合同扫描.pdf", "客户档案", False)
    assert ChangeLog.select().where(ChangeLog.entity == "attachment").get().new_value.startswith("合同扫描.pdf（")


def test_a_piece_moved_to_another_row_is_refused(db, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    a = attachments.add(blob(tmp_path / "a.bin", 100), attachments.owner_of(customer_id=cid)).attachment_id
    b = attachments.add(blob(tmp_path / "b.bin", 100), attachments.owner_of(customer_id=cid)).attachment_id
    conn = database_proxy.connection()
    data_a = conn.execute("SELECT data FROM attachment_chunk WHERE attachment_id = ?", [a]).fetchone()[0]
    conn.execute("UPDATE attachment_chunk SET data = ? WHERE attachment_id = ?", [data_a, b])
    with pytest.raises(KnownError, match="无法解密"):
        list(attachments.content(b))


def test_the_size_limit_is_told_and_kept(db, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    assert attachments.limit_text() == "每个文件不超过 20 MB"
    big = tmp_path / "现场录像.mp4"
    with open(big, "wb") as handle:
        handle.truncate(attachments.max_bytes() + 3 * 1024 * 1024)
    with pytest.raises(KnownError) as info:
        attachments.add(big, attachments.owner_of(customer_id=cid))
    assert "现场录像.mp4 大小为 23 MB" in info.value.message and "20 MB 的上限" in info.value.message
    with open(big, "wb") as handle:
        handle.truncate(attachments.max_bytes() + 1)
    with pytest.raises(KnownError, match=r"大小为 20.00 MB"):
        attachments.add(big, attachments.owner_of(customer_id=cid))
    for bad, reason in ((tmp_path / "nothing.jpg", "找不到"), (tmp_path, "文件夹")):
        with pytest.raises(KnownError, match=reason):
            attachments.add(bad, attachments.owner_of(customer_id=cid))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(KnownError, match="空的"):
        attachments.add(empty, attachments.owner_of(customer_id=cid))
    assert Attachment.select().count() == 0


def test_a_picture_gets_a_sealed_thumbnail_and_the_owner_is_its_ticket(db, tmp_path: Path) -> None:
    from PIL import Image

    cid = make_customer("杭州科美模具有限公司")
    ticket = tickets.create(cid, "主轴异响")
    added = attachments.add(photo(tmp_path / "故障照片.jpg"), attachments.owner_of(ticket_id=ticket.ticket_id))
    line = attachments.listing(ticket_id=ticket.ticket_id)[0]
    assert line.has_thumbnail and line.is_image and line.where == f"工单 {ticket.number}"
    assert attachments.listing(customer_id=cid)[0].id == added.attachment_id  # the dossier lists it too
    import io

    thumb = Image.open(io.BytesIO(attachments.thumbnail(added.attachment_id)))
    assert max(thumb.size) <= attachments.THUMB_PIXELS
    with pytest.raises(KnownError):
        attachments.owner_of(customer_id=make_customer("宁波海天机械有限公司"), ticket_id=ticket.ticket_id)


def test_a_database_without_a_key_keeps_no_attachment(tmp_path: Path) -> None:
    from crmdesk.core.firm import settings
    from crmdesk.core.store import db as dbmod

    database = dbmod.open_database(tmp_path / "plain.db")
    try:
        settings.ensure_tier_policy()
        secrets.activate(secrets.PlainCipher())
        cid = make_customer("杭州科美模具有限公司")
        with pytest.raises(KnownError, match="加密"):
            attachments.add(blob(tmp_path / "a.bin", 10), attachments.owner_of(customer_id=cid))
        assert Attachment.select().count() == 0
    finally:
        database.close()


def test_deleting_goes_to_the_recycle_bin_and_the_change_log(db, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    aid = attachments.add(blob(tmp_path / "签字工单.png", 10), attachments.owner_of(customer_id=cid)).attachment_id
    recycle_bin.move_to_bin("attachment", aid)
    assert attachments.listing(customer_id=cid) == []
    entry = next(e for e in recycle_bin.recycle_bin() if e.entity == "attachment")
    assert "签字工单.png" in entry.label
    logged = ChangeLog.select().where((ChangeLog.entity == "attachment") & (ChangeLog.field == "删除")).get()
    assert "签字工单.png" in logged.old_value
    recycle_bin.restore_from_bin(entry.id)
    assert [a.id for a in attachments.listing(customer_id=cid)] == [aid]


def test_merge_keeps_the_files_of_both_and_undo_puts_them_back(db, tmp_path: Path) -> None:
    kept, merged = make_customer("杭州科美模具有限公司"), make_customer("杭州科美模具")
    mine = attachments.add(blob(tmp_path / "a.bin", 10), attachments.owner_of(customer_id=kept)).attachment_id
    eid = equipment.save(EquipmentInput(customer_id=merged, model="X1", serial="S-1")).equipment_id
    theirs = attachments.add(blob(tmp_path / "b.bin", 10), attachments.owner_of(equipment_id=eid)).attachment_id
    result = merge.merge(kept, merged)
    assert {a.id for a in attachments.listing(customer_id=kept)} == {mine, theirs}
    merge.undo_merge(result.merge_id)
    assert [a.id for a in attachments.listing(customer_id=merged)] == [theirs]


def test_erasure_removes_every_file_of_the_customer_and_leaves_no_byte(db, tmp_path: Path) -> None:
    cid = make_customer("甄士隐")
    keep = make_customer("宁波海天机械有限公司")
    ticket = tickets.create(cid, "主轴异响").ticket_id
    eid = equipment.save(EquipmentInput(customer_id=cid, model="X1", serial="S-1",
                                        site_address="苏州市姑苏区阊门外十里街仁清巷")).equipment_id
    owners = [attachments.owner_of(customer_id=cid), attachments.owner_of(ticket_id=ticket),
              attachments.owner_of(equipment_id=eid)]
    ids = [attachments.add(blob(tmp_path / f"身份证{i}.jpg", attachments.CHUNK + 10), owner).attachment_id
           for i, owner in enumerate(owners)]
    recycle_bin.move_to_bin("attachment", ids[0])  # one already in the recycle bin
    other = attachments.add(blob(tmp_path / "其他.bin", 100), attachments.owner_of(customer_id=keep)).attachment_id
    stored = [bytes(d) for (d,) in database_proxy.execute_sql(
        "SELECT data FROM attachment_chunk WHERE attachment_id IN (?, ?, ?)", ids)]
    sealed_address = equipment.Equipment.get_by_id(eid).site_address
    lifecycle.erase_personal_data(cid, None, "本人申请删除")
    assert Attachment.select().where(Attachment.customer == cid).count() == 0
    assert [a.id for a in attachments.listing(customer_id=keep)] == [other]
    assert equipment.load(eid).site_address == ""
    assert not [e for e in recycle_bin.recycle_bin() if e.entity == "attachment"]
    names = database_proxy.execute_sql("SELECT count(*) FROM change_log WHERE old_value LIKE '%身份证%' "
                                       "OR new_value LIKE '%身份证%'").fetchone()[0]
    assert names == 0
    raw = b"".join(Path(f"{tmp_path / 'test.db'}{suffix}").read_bytes() for suffix in ("", "-wal")
                   if Path(f"{tmp_path / 'test.db'}{suffix}").exists())
    assert not [piece for piece in stored if piece[13:77] in raw]  # not one sealed piece left in the file
    assert sealed_address.encode() not in raw
    conn = sqlite3.connect(tmp_path / "test.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_piece_planted_in_clear_fails_the_data_check(db, tmp_path: Path) -> None:
    from crmdesk.core.safety import integrity

    cid = make_customer("杭州科美模具有限公司")
    aid = attachments.add(blob(tmp_path / "a.bin", 100), attachments.owner_of(customer_id=cid)).attachment_id
    conn = database_proxy.connection()
    assert integrity._clear_rows(conn) == 0
    conn.execute("UPDATE attachment_chunk SET data = ? WHERE attachment_id = ?", [b"plain text of a scan", aid])
    assert integrity._clear_rows(conn) == 1  # crmdesk check fails on it (a script wrote around CRMDesk)


def test_under_english_the_list_says_where_in_english_the_records_stay_chinese(db, tmp_path: Path) -> None:
    from crmdesk.core.equipment import service as equipment
    from crmdesk.core.equipment.service import EquipmentInput
    from crmdesk.core.i18n import set_language
    from crmdesk.core.store import recycle_bin

    cid = make_customer("杭州科美模具有限公司")
    eid = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="SN-1")).equipment_id
    set_language("en")
    try:
        added = attachments.add(blob(tmp_path / "铭牌.jpg", 100), attachments.owner_of(equipment_id=eid))
        line = attachments.listing(equipment_id=eid)[0]
        assert line.where == "machine 激光切割机 3015 (SN-1)"
        assert attachments.disk_name("..") == "attachment"
        recycle_bin.move_to_bin(attachments.BIN, added.attachment_id)
    finally:
        set_language("zh_CN")
    logged = ChangeLog.select().where(ChangeLog.entity == "attachment").order_by(ChangeLog.id).first()
    assert (logged.field, logged.new_value, logged.reason) == ("附件", "铭牌.jpg（1 KB）", "添加到设备 激光切割机 3015（SN-1）"), \
        (logged.field, logged.new_value, logged.reason)
    assert recycle_bin.recycle_bin()[0].label.startswith("附件 铭牌.jpg（C")
    assert attachments.disk_name("..") == "附件"

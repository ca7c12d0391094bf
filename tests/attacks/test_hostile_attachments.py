"""Attachments as hostile files (docs/spec.md §7, §11): a file attached to a customer comes from anywhere — a
photo from a stranger's WeChat, a scan of unknown make — so each odd or crafted file is either kept whole
and harmless or refused by name with its reason, and a refusal stores nothing.

- a picture that claims 9,400 × 9,400 pixels in 250 KB (a decompression bomb for the thumbnail) is kept
  without a thumbnail, in bounded memory (a child process measures its own peak);
- pictures that are not pictures (truncated, random bytes, a PDF named .jpg) are kept without a thumbnail;
- a name with a right-to-left override (``发票\\u202efdp.exe`` shows as ``发票exe.pdf``), control characters,
  ``..``, path separators or a Windows device name is stored cleaned and written to disk safely; a program
  or script is never handed to the PC's program to open (that would run it), only saved elsewhere;
- a folder, a FIFO, a device, an empty or unreadable file is refused by name, and nothing is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from crmdesk.core.attachments import store
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import Attachment, database_proxy
from tests.helpers.factories import make_customer

ROOT = Path(__file__).resolve().parents[2]


def png_bomb(path: Path, side: int = 9400) -> Path:
    """A valid PNG of ``side`` × ``side`` black pixels: about 250 KB on disk, 265 MB decoded."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\0" * (1 + side * 3)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def _rows() -> tuple[int, int]:
    conn = database_proxy.connection()
    return (conn.execute("SELECT count(*) FROM attachment").fetchone()[0],
            conn.execute("SELECT count(*) FROM attachment_chunk").fetchone()[0])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the peak is read from /proc (Linux)")
def test_a_picture_bomb_is_kept_without_a_thumbnail_in_bounded_memory(db, tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "现场照片.png")
    assert bomb.stat().st_size < 400 * 1024
    probe = textwrap.dedent(f"""
        from pathlib import Path
        from crmdesk.core.attachments.store import _thumbnail
        made = _thumbnail(Path({str(bomb)!r}))
        # this process's own peak (VmHWM: ru_maxrss would carry over the forking test process's peak)
        status = Path("/proc/self/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        print(made is None, peak // 1024)
    """)
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-3000:]
    none, peak_mb = out.stdout.split()[-2:]
    assert none == "True", out.stdout
    assert int(peak_mb) < 150, f"the thumbnail of a 250 KB picture took {peak_mb} MB"  # decoded whole: ~700 MB

    cid = make_customer("东莞市长安五金制品厂")
    added = store.add(bomb, store.owner_of(customer_id=cid))
    line = store.listing(customer_id=cid)[0]
    assert (line.name, line.is_image, line.has_thumbnail) == ("现场照片.png", True, False)
    assert b"".join(store.content(added.attachment_id)) == bomb.read_bytes()  # the file itself is kept whole


@pytest.mark.parametrize("name, make", [
    ("截断.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50)),
    ("随机.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))),
    ("其实是PDF.jpg", lambda p: p.write_bytes(b"%PDF-1.4\n" + b"0" * 3000)),
    ("坏的.gif", lambda p: p.write_bytes(b"GIF89a\xff\xff\xff\xff" + os.urandom(200))),
    ("坏的.tiff", lambda p: p.write_bytes(b"II*\x00\xff\xff\xff\x7f" + os.urandom(300))),
])
def test_pictures_that_are_not_pictures_are_kept_without_a_thumbnail(db, tmp_path: Path, name: str, make) -> None:
    path = tmp_path / name
    make(path)
    cid = make_customer("苏州工业园区精工设备有限公司")
    added = store.add(path, store.owner_of(customer_id=cid))
    assert store.thumbnail(added.attachment_id) is None
    assert store.listing(customer_id=cid)[0].has_thumbnail is False
    assert b"".join(store.content(added.attachment_id)) == path.read_bytes()


def test_a_disguised_program_is_named_as_it_is_and_never_opened(db, tmp_path: Path) -> None:
    disguised = tmp_path / "发票\u202efdp.exe"  # shown by Windows as 发票exe.pdf
    disguised.write_bytes(b"MZ\x90\x00" + b"\x00" * 2000)
    cid = make_customer("宁波北仑港机配件有限公司")
    added = store.add(disguised, store.owner_of(customer_id=cid))
    assert added.name == "发票fdp.exe" and Attachment.get_by_id(added.attachment_id).name == "发票fdp.exe"
    opened = tmp_path / "opened"
    with pytest.raises(KnownError) as refused:
        store.open_copy(added.attachment_id, opened)
    assert "发票fdp.exe" in refused.value.message and ".exe" in refused.value.message
    assert "另存为" in refused.value.message
    assert not opened.exists() or not any(opened.rglob("*"))  # no copy was written for a program to run
    assert [store.disk_name(n, "附件7") for n in ("..", ".", "\u202e", "NUL", "com3.txt", "a/b:c*.pdf")] == [
        "附件7", "附件7", "附件7", "_NUL", "_com3.txt", "a_b_c_.pdf"]
    for name in ("安装.BAT", "readme.txt.js", "快捷方式.lnk", "合同.pdf.scr", "update.ps1", "x.hta"):
        assert store.runs_as_program(name), name
    for name in ("照片.jpg", "合同.pdf", "报价.xlsx", "exe说明.txt"):
        assert not store.runs_as_program(name), name
    saved = store.save_as(added.attachment_id, tmp_path / "saved.bin")  # saving it elsewhere stays possible
    assert saved.read_bytes() == disguised.read_bytes()


@pytest.mark.parametrize("given, stored, on_disk", [
    ("../../../etc/passwd.pdf", "../../../etc/passwd.pdf", ".._.._.._etc_passwd.pdf"),
    ("..", "source.bin", "source.bin"),  # nothing left of the name given: the file's own
    ("CON.pdf", "CON.pdf", "_CON.pdf"),
    ("a\x00b\x1b[31m.txt", "ab[31m.txt", "ab[31m.txt"),
    ("报价单.pdf. . ", "报价单.pdf", "报价单.pdf"),
    ("名\n称.png", "名 称.png", "名 称.png"),
])
def test_hostile_names_are_stored_cleaned_and_written_inside_the_private_folder(
        db, tmp_path: Path, given: str, stored: str, on_disk: str) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(b"content of a hostile name")
    cid = make_customer("广州番禺精密模具有限公司")
    added = store.add(source, store.owner_of(customer_id=cid), name=given)
    assert added.name == stored
    folder = tmp_path / "private"
    copy = store.open_copy(added.attachment_id, folder)
    assert copy.name == on_disk
    assert copy.resolve().parent == (folder / str(added.attachment_id)).resolve()  # never outside it
    assert copy.read_bytes() == source.read_bytes()


@pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and modes are POSIX here")
def test_folders_fifos_devices_empty_and_unreadable_files_are_refused_by_name_and_store_nothing(
        db, tmp_path: Path) -> None:
    cid = make_customer("天津滨海新区重工机械有限公司")
    owner = store.owner_of(customer_id=cid)
    folder = tmp_path / "扫描件"
    folder.mkdir()
    fifo = tmp_path / "管道.jpg"
    os.mkfifo(fifo)
    empty = tmp_path / "空白.pdf"
    empty.write_bytes(b"")
    locked = tmp_path / "加密的.pdf"
    locked.write_bytes(b"%PDF" * 100)
    locked.chmod(0)
    cases = [(folder, "文件夹"), (fifo, "空的"), (Path("/dev/zero"), "空的"), (empty, "空的"),
             (tmp_path / "不存在.jpg", "找不到")]
    if os.geteuid() != 0:  # root reads any file
        cases.append((locked, "无法读取"))
    before = _rows()
    for path, reason in cases:
        with pytest.raises(KnownError) as refused:
            store.add(path, owner)
        assert refused.value.message.startswith(path.name) and reason in refused.value.message, refused.value.message
    assert _rows() == before


def test_a_file_that_grows_past_the_limit_while_read_is_refused_and_nothing_is_kept(
        db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = make_customer("重庆两江新区机电设备有限公司")
    path = tmp_path / "录像.mp4"
    path.write_bytes(os.urandom(store.CHUNK * 3))
    monkeypatch.setattr(store, "check_file", lambda _path: 1000)  # it was small when chosen …
    monkeypatch.setattr(store, "max_bytes", lambda: store.CHUNK * 2)  # … and is over the limit when read
    before = _rows()
    with pytest.raises(KnownError) as refused:
        store.add(path, store.owner_of(customer_id=cid))
    assert refused.value.message.startswith("录像.mp4") and "上限" in refused.value.message
    assert _rows() == before  # the pieces written before it grew are rolled back

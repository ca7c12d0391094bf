"""Attachments (附件): files kept with a customer, a ticket or a machine, inside the database.

Why inside the database: a backup is one SQLite online copy and a restore one file, so both carry
the attachments with nothing to keep in step; a transaction adds a file with its change-log line
or not at all; erasure, merge and the recycle bin reach them with the rows they belong to.

How: a file is read and written in pieces of ``CHUNK`` bytes (``attachment_chunk`` rows), each
sealed with the database's data key (AES-GCM, bound to its row id, ``core.safety.secrets``), so a
20 MB file never sits whole in memory and a copied database shows nothing of it. A picture gets a
small JPEG thumbnail (piece -1), sealed too. Lists read the ``attachment`` rows only — name, type,
size, who added it and when — never the content. The file name is kept in clear, like a contact's
name; an erasure removes the rows. ``max_bytes`` (setting ``attachment_max_mb``, 20 MB) bounds
each file and is told before choosing one.
"""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from crmdesk.core.firm import settings
from crmdesk.core.i18n import _, data_text
from crmdesk.core.safety import secrets
from crmdesk.core.store import db, recycle_bin
from crmdesk.core.store.change_log import log_change
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.store.models import Attachment, Customer, Equipment, Staff, Ticket, database_proxy, now

CHUNK = 256 * 1024
THUMBNAIL = -1  # the piece that holds a picture's thumbnail
THUMB_PIXELS = 160
#: The largest picture decoded for a thumbnail, in pixels after the JPEG reduction: a 24-megapixel photo
#: decodes at 1/8 of its side, a 4K screenshot (8.3 MP) whole; a 250 KB PNG claiming 9,400 × 9,400 would
#: take 700 MB and seconds, so it is kept without a thumbnail
MAX_DECODED_PIXELS = 16_000_000
MAX_NAME = 255
#: Types Windows runs rather than shows when opened: such a file is never handed to the PC's program by
#: CRMDesk (a "photo" sent by a stranger may be one), only saved elsewhere
PROGRAM_SUFFIXES = frozenset(
    [
        ".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".cpl", ".msi", ".msp", ".mst", ".vbs", ".vbe", ".js",
        ".jse", ".wsf", ".wsh", ".ps1", ".psm1", ".psd1", ".hta", ".lnk", ".url", ".reg", ".inf", ".scf", ".jar",
        ".msc", ".chm", ".appref-ms", ".application", ".gadget", ".sh", ".command", ".desktop", ".appimage"
    ])
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
_IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff"}

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


def max_bytes() -> int:
    """The largest file that can be attached (setting ``attachment_max_mb``)."""
    try:
        megabytes = int(settings.get("attachment_max_mb"))
    except (TypeError, ValueError):
        megabytes = 20
    return max(1, megabytes) * 1024 * 1024


def size_text(size: int) -> str:
    """A size as people read it: ``850 KB``, ``12.5 MB``."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def limit_text() -> str:
    """每个文件不超过 20 MB: said beside every way of choosing a file."""
    return _("Files up to {limit} each", limit=size_text(max_bytes()))


def check_file(path: Path | str) -> int:
    """The size of a file that may be attached; a ``KnownError`` names the file and the reason otherwise."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KnownError(_("{file}: the file was not found.", file=path.name)) from None
    except OSError as exc:
        raise KnownError(_("{file}: the file cannot be read ({reason}).", file=path.name,
                           reason=exc.strerror or str(exc))) from None
    if path.is_dir():
        raise KnownError(_("{file}: this is a folder, not a file.", file=path.name))
    if info.st_size == 0:
        raise KnownError(_("{file}: the file is empty.", file=path.name))
    if info.st_size > max_bytes():
        raise KnownError(_too_big(path.name, info.st_size))
    return info.st_size


def _too_big(name: str, size: int) -> str:
    shown = size_text(size)
    if shown == size_text(max_bytes()):  # just over the limit: do not say "20 MB is over 20 MB"
        shown = f"{size / (1024 * 1024):.2f} MB"
    return _("{file} is {size}: larger than the limit of {limit} per file. Make it smaller (a photo at a lower "
             "resolution, a PDF scanned in black and white) or keep it elsewhere.",
             file=name, size=shown, limit=size_text(max_bytes()))


def _context(chunk_id: int) -> str:
    return f"attachment_chunk.data:{chunk_id}"


@dataclass(frozen=True)
class Owner:
    """What an attachment belongs to: a customer, and perhaps one of its tickets or machines."""

    customer_id: int
    ticket_id: int | None = None
    equipment_id: int | None = None


def owner_of(*, customer_id: int | None = None, ticket_id: int | None = None,
             equipment_id: int | None = None) -> Owner:
    """The full owner of a ticket's or a machine's files (their customer found), checked."""
    if ticket_id is not None:
        ticket = Ticket.get_or_none(Ticket.id == ticket_id)
        found = ticket.customer_id if ticket is not None else None
    elif equipment_id is not None:
        machine = Equipment.get_or_none(Equipment.id == equipment_id)
        found = machine.customer_id if machine is not None else None
    else:
        found = customer_id
    if found is None or (customer_id is not None and found != customer_id):
        raise KnownError(_("The ticket or machine does not belong to this customer."))
    return Owner(int(found), ticket_id, equipment_id)


@dataclass(frozen=True)
class Added:
    """What ``add`` stored."""

    attachment_id: int
    name: str
    size: int
    changes: Changes


def _thumbnail(path: Path) -> bytes | None:
    """A small JPEG of a picture (``None`` for anything Pillow does not read as one, or a picture
    so large it could be a decompression bomb)."""
    import warnings

    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                opened.draft("RGB", (THUMB_PIXELS * 2, THUMB_PIXELS * 2))  # JPEG: decode at a fraction of the size
                if opened.width * opened.height > MAX_DECODED_PIXELS:  # read from the header: nothing decoded yet
                    return None
                image = ImageOps.exif_transpose(opened)  # a phone photo taken upright stays upright
                image.thumbnail((THUMB_PIXELS, THUMB_PIXELS))
                out = io.BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=82)
                return out.getvalue()
    except Exception:  # noqa: BLE001 - a thumbnail is a nicety: a picture Pillow chokes on (in whatever way a
        return None    # crafted file makes it) is kept without one


def clean_name(name: str) -> str:
    """A file name as stored and shown: without control and invisible format characters (a right-to-left
    override makes ``照片\u202egpj.exe`` look like ``照片exe.jpg``), spaces folded, no trailing dots or
    spaces (Windows drops them), at most ``MAX_NAME`` characters; '' when nothing is left."""
    import unicodedata

    kept = "".join(" " if unicodedata.category(ch) in ("Zl", "Zp") or ch in "\t\r\n" else ch for ch in name
                   if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\r\n")
    return " ".join(kept.split()).rstrip(". ")[:MAX_NAME].rstrip(". ")


def disk_name(name: str, fallback: str | None = None) -> str:
    """``name`` as a file name any Windows or Unix folder takes: no path separators or characters
    Windows refuses, not ``.``/``..``, not a device name (``CON``, ``NUL.txt``, ``COM1``); ``fallback``
    (default: "attachment" in the interface's language) when nothing is left."""
    safe = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in clean_name(name))
    if not safe.strip("._ ") or safe in (".", ".."):
        return fallback if fallback is not None else _("attachment")
    if safe.split(".", 1)[0].strip().upper() in _RESERVED:
        safe = "_" + safe
    return safe


def runs_as_program(name: str) -> str:
    """The suffix (``.exe``) when opening a file of this name would run it; '' otherwise."""
    suffix = Path(clean_name(name)).suffix.lower()
    return suffix if suffix in PROGRAM_SUFFIXES else ""


def mime_of(name: str) -> str:
    """The file type from the name (``image/jpeg``, ``application/pdf``, …; '' when unknown)."""
    return mimetypes.guess_type(name)[0] or ""


def add(path: Path | str, owner: Owner, *, operator: Staff | None = None, name: str | None = None,
        progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Added:
    """Store the file at ``path`` for ``owner`` in one transaction, sealed piece by piece."""
    path = Path(path)
    size = check_file(path)
    name = clean_name(name or path.name) or clean_name(path.name) or data_text("attachment")
    mime = mime_of(name)
    cipher = secrets.current()
    if not cipher.encrypted:
        cipher.seal_bytes(b"", "")  # the plain cipher refuses with the reason: no key, no attachment
    thumb = _thumbnail(path) if mime in _IMAGE_TYPES else None
    total = (size + CHUNK - 1) // CHUNK
    conn = database_proxy.connection()
    with database_proxy.atomic():
        row = Attachment.create(customer=owner.customer_id, ticket=owner.ticket_id, equipment=owner.equipment_id,
                                name=name, mime=mime, size=size, chunks=0, operator=operator, created_at=now())
        next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM attachment_chunk").fetchone()[0]
        written, seq = 0, 0
        try:
            handle = open(path, "rb")  # noqa: SIM115 - the with below, once a refusal is not due
        except OSError as exc:
            raise KnownError(_("{file}: the file cannot be read ({reason}).", file=path.name,
                               reason=exc.strerror or str(exc))) from None
        with handle:
            while piece := handle.read(CHUNK):
                written += len(piece)
                if written > max_bytes():  # it grew since it was chosen
                    raise KnownError(_too_big(path.name, written))
                conn.execute("INSERT INTO attachment_chunk (id, attachment_id, seq, data) VALUES (?, ?, ?, ?)",
                             (next_id, row.id, seq, cipher.seal_bytes(piece, _context(next_id))))
                next_id, seq = next_id + 1, seq + 1
                if cancelled is not None and cancelled():
                    raise OperationCancelled()
                if progress is not None:
                    progress(seq, max(total, seq))
        if written == 0:
            raise KnownError(_("{file}: the file is empty.", file=path.name))
        if thumb is not None:
            conn.execute("INSERT INTO attachment_chunk (id, attachment_id, seq, data) VALUES (?, ?, ?, ?)",
                         (next_id, row.id, THUMBNAIL, cipher.seal_bytes(thumb, _context(next_id))))
        Attachment.update(size=written, chunks=seq).where(Attachment.id == row.id).execute()
        log_change(owner.customer_id, "attachment", row.id, "attachment", "",
                   data_text("{name} ({size})", name=name, size=size_text(written)), _where(owner), operator,
                   data_text("Attachment"))
    return Added(row.id, name, written, changes_of(owner.customer_id))


def _where(owner: Owner) -> str:
    """Where a file was attached, for the change log (the records' language): 添加到工单 GD… / 设备 … / 客户档案."""
    if owner.ticket_id is not None:
        number = Ticket.get_by_id(owner.ticket_id).number
        return data_text("added to ticket {number}", number=number)
    if owner.equipment_id is not None:
        machine = Equipment.get_by_id(owner.equipment_id)
        return data_text("added to machine {machine}", machine=data_text("{model} ({serial})", model=machine.model,
                                                                           serial=machine.serial))
    return data_text("added to the customer dossier")


def changes_of(customer_id: int) -> Changes:
    """What adding or removing a customer's file changes."""
    return Changes(attachments=True, customers=True, customer_ids={customer_id})


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class FileLine:
    """One attachment as a list shows it (its content is never read for this)."""

    id: int
    customer_id: int
    ticket_id: int | None
    equipment_id: int | None
    name: str
    mime: str
    size: int
    created_at: dt.datetime
    operator: str
    where: str  # 客户档案 / 工单 GD… / 设备 型号（序列号）
    has_thumbnail: bool

    @property
    def is_image(self) -> bool:
        return self.mime in _IMAGE_TYPES

    @property
    def size_text(self) -> str:
        return size_text(self.size)


def listing(*, customer_id: int | None = None, ticket_id: int | None = None, equipment_id: int | None = None,
            ) -> list[FileLine]:
    """The live attachments of a customer (all of its files, its tickets' and machines' included), of
    one ticket or of one machine, newest first. Reads no content (a thumbnail's presence comes from
    the pieces' index)."""
    value: int | None
    if ticket_id is not None:
        condition, value = "a.ticket_id = ?", ticket_id
    elif equipment_id is not None:
        condition, value = "a.equipment_id = ?", equipment_id
    else:
        condition, value = "a.customer_id = ?", customer_id
    rows = db.sql(
        "SELECT a.id, a.customer_id, a.ticket_id, a.equipment_id, a.name, a.mime, a.size, a.created_at, "
        "COALESCE(s.name, ''), t.number, e.model, e.serial, "
        f"EXISTS (SELECT 1 FROM attachment_chunk k WHERE k.attachment_id = a.id AND k.seq = {THUMBNAIL}) "
        "FROM attachment a LEFT JOIN staff s ON s.id = a.operator_id LEFT JOIN ticket t ON t.id = a.ticket_id "
        f"LEFT JOIN equipment e ON e.id = a.equipment_id WHERE {condition} AND a.deleted_at IS NULL "
        "ORDER BY a.created_at DESC, a.id DESC", [value])
    lines = []
    for aid, cid, tid, eid, name, mime, size, at, operator, number, model, serial, thumb in rows:
        where = (_("ticket {number}", number=number) if tid
                 else _("machine {machine}", machine=_("{model} ({serial})", model=model, serial=serial)) if eid
                 else _("customer dossier"))
        lines.append(FileLine(aid, cid, tid, eid, name, mime, size, dt.datetime.fromisoformat(str(at)), operator,
                              where, bool(thumb)))
    return lines


def count(*, customer_id: int | None = None, ticket_id: int | None = None) -> int:
    """How many live attachments a customer (all of them) or a ticket has."""
    column, value = ("ticket_id", ticket_id) if ticket_id is not None else ("customer_id", customer_id)
    return db.sql(f"SELECT count(*) FROM attachment WHERE {column} = ? AND deleted_at IS NULL",
                                      [value]).fetchone()[0]


def _live(attachment_id: int) -> Attachment:
    row = Attachment.get_or_none((Attachment.id == attachment_id) & Attachment.deleted_at.is_null())
    if row is None:
        raise KnownError(_("Attachment not found (it may have been deleted)."))
    return row


def thumbnail(attachment_id: int) -> bytes | None:
    """The JPEG thumbnail of a picture, in clear (``None`` when it has none)."""
    row = db.sql("SELECT id, data FROM attachment_chunk WHERE attachment_id = ? AND seq = ?",
                                     [attachment_id, THUMBNAIL]).fetchone()
    return None if row is None else secrets.current().open_bytes(row[1], _context(row[0]))


def content(attachment_id: int) -> Iterator[bytes]:
    """The file's content in clear, one piece at a time (never whole in memory)."""
    row = _live(attachment_id)
    cipher = secrets.current()
    conn = database_proxy.connection()
    for seq in range(row.chunks):
        found = conn.execute("SELECT id, data FROM attachment_chunk WHERE attachment_id = ? AND seq = ?",
                             (attachment_id, seq)).fetchone()
        if found is None:
            raise KnownError(_("Attachment {name} is damaged: piece {piece} is missing.", name=row.name, piece=seq + 1))
        yield cipher.open_bytes(found[1], _context(found[0]))


def save_as(attachment_id: int, target: Path | str, *, private: bool = False) -> Path:
    """Write the file to ``target`` atomically (a temporary name, then renamed); ``private``: owner-only."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        fd = os.open(temporary, flags, 0o600 if private else 0o666)
        with os.fdopen(fd, "wb") as handle:
            for piece in content(attachment_id):
                handle.write(piece)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise KnownError(_("{path}: the file cannot be written ({reason}).", path=str(target),
                           reason=exc.strerror or str(exc))) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def open_copy(attachment_id: int, folder: Path | str) -> Path:
    """A clear copy in ``folder`` (a private temporary folder of the app) for the PC's own program to open;
    a program or script is refused (opening would run it)."""
    row = _live(attachment_id)
    suffix = runs_as_program(row.name)
    if suffix:
        raise KnownError(_("{file} is a program or script ({suffix}): opening it would run it on this PC. Use "
                           "“Save as” and have it checked first.", file=row.name, suffix=suffix))
    folder = Path(folder) / str(attachment_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return save_as(attachment_id, folder / disk_name(row.name, _("attachment {number}", number=attachment_id)),
                   private=True)


def bin_label(row: Attachment) -> str:
    """The recycle bin's line of an attachment."""
    owner = Customer.get_by_id(row.customer_id)
    return data_text("Attachment {name} ({code} {customer})", name=row.name, code=owner.code, customer=owner.name)


BIN = "attachment"  # its entity name in the recycle bin
recycle_bin.register(BIN, recycle_bin.BinKind(Attachment, bin_label, lambda a: a.customer_id, "attachments"))


__all__ = ["CHUNK", "Added", "FileLine", "Owner", "add", "bin_label", "check_file", "clean_name", "content", "count",
           "disk_name", "limit_text", "listing", "max_bytes", "open_copy", "owner_of", "runs_as_program", "save_as",
           "size_text", "thumbnail"]

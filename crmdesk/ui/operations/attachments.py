"""Named operations on attachments (附件): add files, delete one, save one elsewhere, open one.

Each function returns an operation that is not yet running (the widget adds what it does with the outcome
and runs it); the current user is read when it is built. Adding runs on the writer thread with a progress dialog (a 20 MB file is sealed piece by piece),
one file after the other, each in its own transaction: a refused file (too large, unreadable) is
reported by name and does not keep the others out. Saving and opening only read, on the reader
thread. Opening writes a clear copy into a private temporary folder of this run (owner-only,
removed when the app quits) and hands it to the PC's own program, which needs a real file.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from crmdesk.core.attachments import store
from crmdesk.core.firm import staff
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.ui.operations.runner import Op, ReadOp

translate = QCoreApplication.translate  # lupdate reads translate("attachments", "…")
_open_folder: Path | None = None


@dataclass
class AddedFiles:
    """What adding several files did: the names stored, the files refused with their reasons."""

    added: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)


def add_files(parent: QWidget | None, paths: Sequence[Path], owner: store.Owner) -> Op:
    """Attach ``paths`` to ``owner`` in the background; the result is an ``AddedFiles`` (added and refused)."""
    paths = list(paths)
    operator = staff.current_operator()

    def work(ctx) -> AddedFiles:
        outcome = AddedFiles()
        for index, path in enumerate(paths):
            if ctx.cancelled():
                break
            try:
                added = store.add(path, owner, operator=operator, cancelled=ctx.cancelled)
            except KnownError as error:
                outcome.refused.append(error.message)
                continue
            outcome.added.append(added.name)
            outcome.changes |= added.changes
            ctx.progress(index + 1, len(paths))
        return outcome

    return Op(parent, work).with_progress(translate("attachments", "Attaching files…"))


def delete(parent: QWidget | None, attachment_id: int) -> Op:
    """Move an attachment to the recycle bin (and the change log)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: recycle_bin.move_to_bin(store.BIN, attachment_id, operator))


def save_as(parent: QWidget | None, attachment_id: int, target: Path) -> ReadOp:
    """Write a copy of the file to ``target`` (chosen by the user); the result is the path written."""
    return ReadOp(parent, lambda _ctx: store.save_as(attachment_id, target))


def _folder() -> Path:
    """This run's private folder for copies opened with the PC's programs (removed at exit)."""
    global _open_folder
    if _open_folder is None:
        _open_folder = Path(tempfile.mkdtemp(prefix="crmdesk-files-"))  # 0700: this user only
        atexit.register(shutil.rmtree, _open_folder, True)
    return _open_folder


def open_with_system(parent: QWidget | None, attachment_id: int) -> ReadOp:
    """Open the file with the program the PC uses for its type (the copy is written on the reader thread,
    handed to the program on the GUI thread)."""
    folder = _folder()
    return ReadOp(parent, lambda _ctx: store.open_copy(attachment_id, folder)).success(
        lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))

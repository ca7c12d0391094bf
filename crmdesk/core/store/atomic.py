"""Writing a file so that it is either complete or absent: the one atomic writer of every layer.

A file is written under a hidden temporary name beside its target (``.<name>.<random>.<pid>.part``)
and renamed over the target only when it is complete (``os.replace``: atomic within a folder), so a
crash, a full disk or a cancel never leaves half a workbook, PDF, calendar or backup under the real
name. The process id in the temporary name lets ``sqlite_files.remove_leftovers`` clear what a
killed writer left behind, without touching the file of a writer still at work.

Permissions are the caller's promise, set on the temporary file before anything is written:
``PRIVATE`` (0600, the default: exports, the workbook of rejected rows, the visit dossier, the
recovery sheet, backups — personal data) or ``SHARED`` (0644: reports, the ticket sheet and ``.ics``
calendars, made to be read, printed and shared).

Every file-system failure becomes one ``KnownError`` that names the file (:func:`write_error`): the
folder is missing, permission is denied (on Windows: the file is open in Excel or WPS), the disk is
full or read-only, or the system's own reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from crmdesk.core.i18n import _
from crmdesk.core.store.errors import KnownError

PRIVATE = 0o600
SHARED = 0o644
TEMP_SUFFIX = ".part"


def write_error(path: Path, error: OSError) -> KnownError:
    """The message for ``path`` that could not be written because of ``error``."""
    path = Path(path)
    if isinstance(error, FileNotFoundError) and not path.parent.is_dir():
        return KnownError(_("Cannot write {path}: the folder {folder} does not exist.", path=str(path),
                            folder=str(path.parent)))
    if isinstance(error, PermissionError):
        return KnownError(_("Cannot write {path}: permission denied. If the file is open in Excel or WPS, close "
                            "it and try again.", path=str(path)))
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return KnownError(_("Cannot write {path}: the disk is full. Free some space and try again.",
                            path=str(path)))
    if error.errno == errno.EROFS:
        return KnownError(_("Cannot write {path}: the disk is read-only.", path=str(path)))
    return KnownError(_("Cannot write {path}: {reason}", path=str(path), reason=error.strerror or str(error)))


def ensure_folder(path: str | os.PathLike[str]) -> None:
    """Create the folder ``path`` goes into (a path given on the command line may name a new one)."""
    target = Path(path).expanduser().absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(target, error) from error


def fsync(path: Path) -> None:
    """Flush a file's content to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Flush a rename in ``folder`` to the disk (POSIX; NTFS journals renames itself)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fsync(folder)


class AtomicFile:
    """A temporary file beside ``path``, created empty with ``mode``; :meth:`commit` renames it to ``path``.

    ``durable``: flush the content and the rename to the disk (backups and database copies, which
    must survive a power cut right after they are reported done).
    """

    def __init__(self, path: str | os.PathLike[str], *, mode: int = PRIVATE, durable: bool = False) -> None:
        self.path = Path(path).expanduser().absolute()
        self.durable = durable
        self.committed = False
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=f".{os.getpid()}{TEMP_SUFFIX}",
                                        dir=self.path.parent)
        except OSError as error:
            raise write_error(self.path, error) from error
        self.temp = Path(name)
        try:
            if mode != PRIVATE:  # mkstemp makes the file 0600
                os.fchmod(fd, mode) if hasattr(os, "fchmod") else os.chmod(name, mode)
        finally:
            os.close(fd)

    def commit(self) -> Path:
        """Move the finished temporary file over the real name; returns the real name."""
        try:
            if self.durable:
                fsync(self.temp)
            os.replace(self.temp, self.path)
        except OSError as error:
            raise write_error(self.path, error) from error
        self.committed = True
        if self.durable:
            fsync_dir(self.path.parent)
        return self.path

    def discard(self) -> None:
        """Remove the temporary file (after a failure or a cancel); nothing when committed."""
        if not self.committed:
            with contextlib.suppress(OSError):
                self.temp.unlink()


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, mode: int = PRIVATE, durable: bool = False) -> Iterator[AtomicFile]:
    """Yield an :class:`AtomicFile` to write at ``.temp``; unless the block calls ``commit()`` it is removed.

    For writers that commit at a moment of their choosing (an export moves its file into place in
    the transaction that records it). ``OSError`` raised in the block becomes the ``KnownError``
    naming the file; any other exception passes unchanged.
    """
    target = AtomicFile(path, mode=mode, durable=durable)
    try:
        yield target
    except OSError as error:
        raise write_error(target.path, error) from error
    finally:
        target.discard()


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, mode: int = PRIVATE, durable: bool = False) -> Iterator[Path]:
    """Yield the temporary path to write; when the block ends without an error it becomes ``path``."""
    with atomic_file(path, mode=mode, durable=durable) as target:
        yield target.temp
        target.commit()


def write_bytes(path: str | os.PathLike[str], data: bytes, *, mode: int = PRIVATE, durable: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; returns the real name."""
    with atomic_write(path, mode=mode, durable=durable) as temp:
        temp.write_bytes(data)
    return Path(path).expanduser().absolute()

"""One writer per database: an OS file lock beside the database file.

The lock is held by the operating system (``fcntl.flock`` / ``msvcrt.locking``), so a
crashed process never leaves a stale lock behind; the lock file also records who
holds it (pid, host, since) so a second start can say which process that is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from pathlib import Path

from crmdesk.core.i18n import _
from crmdesk.core.store.errors import DatabaseInUseError, KnownError


class DatabaseLockError(KnownError):
    """The lock file cannot be created (read-only folder, full disk)."""


def lock_path_for(db_path: Path) -> Path:
    """The lock file that guards ``db_path``."""
    return db_path.with_name(db_path.name + ".lock")


class DatabaseLock:
    """Holds the writer lock of one database until :meth:`release`."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self._fd: int | None = None

    def acquire(self) -> DatabaseLock:
        """Take the lock or raise :class:`DatabaseInUseError` naming the holder."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # a read-only folder (a CD, a share without write access) or a full disk
            raise DatabaseLockError(_(
                "The database {path} cannot be opened for writing: its lock file {lock} cannot be created "
                "({reason}). Copy the database to a folder you can write to, or open it from there.",
                path=str(self.db_path), lock=str(self.path), reason=exc.strerror or str(exc))) from exc
        try:
            _lock_fd(fd)
        except OSError:
            holder = _read_holder(fd)
            os.close(fd)
            raise DatabaseInUseError(_(
                "The database {path} is in use by another CRMDesk (process {pid} on {host}, since {since}). "
                "Close that window first.",
                path=str(self.db_path), pid=holder.get("pid", "?"), host=holder.get("host", "?"),
                since=holder.get("since", "?"))) from None
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                           "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")})
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        # On Windows the locked first byte cannot be rewritten by others; we own it here.
        os.write(fd, info.encode("utf-8").ljust(256))
        os.fsync(fd)
        self._fd = fd
        return self

    def release(self) -> None:
        """Give the lock up (also done by the OS when the process ends)."""
        if self._fd is None:
            return
        try:
            _unlock_fd(self._fd)
        finally:
            # The file stays: deleting it would race with a process opening it right now.
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> dict[str, object]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 1024).decode("utf-8", "replace").strip()
        return json.loads(data) if data else {}
    except (OSError, ValueError):
        return {}


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        os.lseek(fd, 1024, os.SEEK_SET)  # lock a byte past the holder text so it stays readable
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 1024, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

"""Work that only one PC may do at a time on the shared database: the server's advisory locks.

On a file the writer lock (``core.store.lock``) already lets one program write at a time. On a
server many PCs write at once, so the few pieces of work that must not run twice take a
PostgreSQL *advisory lock* (docs/spec.md §12, issue #19):

==========  =========================================  ==========================================
key         lock                                        held by
==========  =========================================  ==========================================
CRMD        maintenance (``server.MaintenanceLock``)    every open session *shared*; restore,
                                                        move-to-server and ``server init``
                                                        *exclusive*
CRMD + 1    migration                                   the PC that builds or upgrades the schema
CRMD + 2    daily jobs                                  the PC running today's daily jobs
CRMD + 3    bulk import                                 an import's commit or undo
==========  =========================================  ==========================================

The locks are session-level locks on the connection that does the work, so a PC that crashes,
is killed or loses the network takes its lock with it (the server ends the session when the
socket closes, or after its keepalives for a PC that vanished): there is no stale lock to clear by
hand. A refusal names who holds the lock and since when, read from ``pg_locks`` and the holder's
``application_name`` (``CRMDesk/<version> <PC> op<staff id>``).

On a database file every function here does nothing: :func:`exclusive` yields at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from crmdesk.core.i18n import N_, _
from crmdesk.core.store import models
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.server import MAINTENANCE_LOCK, MIGRATION_LOCK, ServerDatabase

DAILY_JOBS_LOCK = MAINTENANCE_LOCK + 2
IMPORT_LOCK = MAINTENANCE_LOCK + 3
_NAMES = {MAINTENANCE_LOCK: N_("maintenance"), MIGRATION_LOCK: N_("an upgrade"), DAILY_JOBS_LOCK: N_("daily jobs"),
          IMPORT_LOCK: N_("an import")}
P = ParamSpec("P")
R = TypeVar("R")


class LockBusy(KnownError):
    """Another PC holds the lock this work needs; the message says who and since when."""


@dataclass(frozen=True)
class Holder:
    """A session holding an advisory lock: its PC, the staff member (when known), since when."""

    pc: str
    operator: str
    since: str  # HH:MM of the server's clock
    mode: str  # "exclusive" or "shared"

    def describe(self) -> str:
        """``前台-1，李晓梅，10:42 起`` in the user's language."""
        who = ", ".join(part for part in (self.pc, self.operator) if part)
        return _("{who}, since {since}", who=who or "?", since=self.since)


def holders(database: ServerDatabase, key: int) -> list[Holder]:
    """Who holds the advisory lock ``key`` (a one-number key: ``classid`` the high, ``objid`` the low half)."""
    rows = database.execute_sql(
        "SELECT a.application_name, to_char(a.backend_start, 'HH24:MI'), l.mode FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND ((l.classid::bigint << 32) | l.objid::bigint) = %s AND a.pid <> pg_backend_pid() ORDER BY 2",
        (key,)).fetchall()
    return [Holder(_pc(name), _operator(database, name), since or "", "exclusive" if "Exclusive" in mode else "shared")
            for name, since, mode in rows]


def _pc(application_name: str | None) -> str:
    parts = (application_name or "").split()
    return parts[1] if len(parts) > 1 and parts[0].startswith("CRMDesk/") else (application_name or "")


def _operator(database: ServerDatabase, application_name: str | None) -> str:
    match = re.search(r"\bop(\d+)$", application_name or "")
    if match is None:
        return ""
    row = database.execute_sql("SELECT name FROM staff WHERE id = %s", (int(match[1]),)).fetchone()
    return str(row[0]) if row else ""


def try_lock(database: ServerDatabase, key: int, *, shared: bool = False) -> bool:
    """Take the session-level lock ``key`` on ``database``'s connection if nobody else holds it."""
    call = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    return bool(database.execute_sql(f"SELECT {call}(%s)", (key,)).fetchone()[0])


def unlock(database: ServerDatabase, key: int, *, shared: bool = False) -> None:
    """Release the lock ``key`` taken by :func:`try_lock` on the same connection."""
    call = "pg_advisory_unlock_shared" if shared else "pg_advisory_unlock"
    database.execute_sql(f"SELECT {call}(%s)", (key,))


def busy_message(key: int, found: list[Holder]) -> str:
    """Why work under ``key`` cannot start now, naming the holders."""
    who = "; ".join(h.describe() for h in found) or _("a PC that is closing")
    if key == IMPORT_LOCK:
        return _("Another PC is importing ({who}); please try again when it has finished.", who=who)
    if key == DAILY_JOBS_LOCK:
        return _("Another PC is running today's daily jobs ({who}).", who=who)
    return _("The shared database is busy with {what} on another PC ({who}); please try again later.",
             what=_(_NAMES[key]) if key in _NAMES else str(key), who=who)


def bound_server() -> ServerDatabase | None:
    """The server the models are bound to, or ``None`` on a database file."""
    database = models.database_proxy.obj
    return database if isinstance(database, ServerDatabase) else None


@contextmanager
def exclusive(key: int) -> Iterator[None]:
    """Hold the lock ``key`` for the block on the bound server's connection; raise :class:`LockBusy`
    when another PC holds it. On a file: nothing to do (the writer lock already excludes others)."""
    database = bound_server()
    if database is None:
        yield
        return
    if not try_lock(database, key):
        raise LockBusy(busy_message(key, holders(database, key)))
    try:
        yield
    finally:
        if not database.is_closed():
            unlock(database, key)


def one_at_a_time(key: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A function that runs under :func:`exclusive` ``(key)`` (an import's commit and undo: ``IMPORT_LOCK``)."""
    def wrap(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with exclusive(key):
                return function(*args, **kwargs)
        return run
    return wrap

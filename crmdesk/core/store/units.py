"""Units of work: a service's writes in one transaction, run again when a server asks (issue #19).

On a shared PostgreSQL database two PCs' transactions can wait for each other (each holds a row the other
wants: two merges of the same pair in opposite directions, a tier recompute against a save that locks
the customer then its contacts); the server ends one of them with a deadlock (SQLSTATE 40P01), or a
serialization failure (40001) under a stricter isolation. Nothing of the ended transaction was written,
so running the whole unit again is safe and almost always succeeds: :func:`unit_of_work` runs the
decorated service in one transaction and runs it again, up to :data:`ATTEMPTS` times, after a short
pause drawn at random (so the two PCs do not collide again in step). A unit called inside another unit
(or a caller's transaction) is part of it: only the outermost one retries.

A connection lost in the middle (the server restarted, the network dropped) cannot be retried blindly:
the server rolls the open transaction back by itself, so nothing is half-written, and the unit raises
:class:`~crmdesk.core.store.errors.ConnectionLostError` with a message naming the server instead of a
driver's traceback; the thread's dead connection is closed, so the next unit connects anew. Any other
server failure the user can cause (busy, disk full, read-only) becomes its ``KnownError`` the same way.

SQLite has one writer at a time (the writer lock, then SQLite's busy timeout) and never asks for a
retry: there a unit is the service's own transaction, unchanged.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from crmdesk.core.store import db, models
from crmdesk.core.store.errors import ConnectionLostError, RetryableError, classify_server_error

log = logging.getLogger(__name__)

ATTEMPTS = 4  # the first run and three more
PAUSE = 0.05  # seconds before the second run; doubled before each further one, times a random 0.5–1.5

P = ParamSpec("P")
T = TypeVar("T")


def run_unit(work: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """Run ``work`` as one unit of work (see the module doc) and return what it returns."""
    database = models.database_proxy.obj
    if database is None or db.dialect().name == "sqlite" or database.in_transaction():
        return work()
    for attempt in range(1, attempts + 1):
        try:
            with models.database_proxy.atomic():
                return work()
        except Exception as exc:
            known = classify_server_error(exc, str(getattr(database, "target", "")))
            if isinstance(known, RetryableError) and attempt < attempts:
                pause = PAUSE * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
                log.info("unit of work %s ended by the server (%s); running it again in %.0f ms (attempt %s of %s)",
                         getattr(work, "__qualname__", "?"), type(_cause(exc)).__name__, pause * 1000, attempt + 1,
                         attempts)
                time.sleep(pause)
                continue
            if isinstance(known, ConnectionLostError):
                _drop_connection()
            if known is None or known is exc:
                raise
            raise known from exc
    raise AssertionError("unreachable: the last attempt returns or raises")


def unit_of_work(service: Callable[P, T]) -> Callable[P, T]:
    """Decorate a service that writes: it runs as one unit of work (:func:`run_unit`)."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        return run_unit(lambda: service(*args, **kwargs))

    return run


def _cause(exc: BaseException) -> BaseException:
    return exc.__cause__ or exc.__context__ or exc


def _drop_connection() -> None:
    """Close this thread's dead connection (its close may fail too: the socket is gone)."""
    try:
        db.close_thread_connection()
    except Exception:
        log.debug("closing a lost server connection failed", exc_info=True)

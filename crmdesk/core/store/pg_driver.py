"""psycopg, the PostgreSQL driver, loaded only for a database on a server (docs/spec.md §9 start-up).

peewee imports psycopg when peewee itself is imported, whatever the database: with psycopg's
own imports (asyncio, ssl, email, ctypes, zoneinfo …) that is about 85 ms of CPU at every
start of the window and of every command, on a file database too. :func:`defer` (called by
the ``crmdesk`` package, before any of its modules imports peewee) makes that one import
fail, so peewee loads as it does where psycopg is not installed; :func:`load` (called by
``core.store.server`` when it opens a ``postgresql://`` database) imports psycopg then and
hands peewee the names its own import would have set. Anything else that imports psycopg
(the tests' server helpers) gets the real module: only the import made while peewee itself
is being imported is refused.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


def _peewee_is_loading() -> bool:
    spec = getattr(sys.modules.get("peewee"), "__spec__", None)
    return bool(getattr(spec, "_initializing", False))  # importlib's mark while the module body runs


class _NoDriverForPeewee(MetaPathFinder):
    """Refuses ``import psycopg`` while peewee is being imported (and only then)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname == "psycopg" and _peewee_is_loading():
            raise ModuleNotFoundError("psycopg is loaded when a server database is opened", name=fullname)
        return None


def defer() -> None:
    """Keep peewee's import from importing psycopg (idempotent; too late once peewee is imported)."""
    if not any(isinstance(finder, _NoDriverForPeewee) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NoDriverForPeewee())


def load() -> None:
    """Import psycopg and give peewee what its own import of psycopg gives it (idempotent)."""
    import peewee

    orm: Any = peewee  # the names below are peewee's module globals, not in its type stubs
    if orm.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    # the names of peewee's "try: import psycopg …" block, and the class attributes it sets from them
    orm.psycopg = psycopg
    orm.TransactionStatus = TransactionStatus
    orm.Json_pg3, orm.Jsonb_pg3 = Json, Jsonb
    adapter = orm.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN

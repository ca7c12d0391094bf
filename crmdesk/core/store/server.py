"""The shared company database: CRMDesk on a PostgreSQL server (docs/spec.md §12, issue #19).

A firm that outgrows one PC points every PC at one PostgreSQL database with a
``postgresql://user@server[:port]/dbname`` target instead of a file path; ``core.session``
opens it through the same function as a file, so encryption (the key stays on the PCs),
locking and the change log hold there too. This module is the PostgreSQL engine:

- :class:`ServerTarget`: the parsed target. A password in the URL is refused (it would land
  in shell history and settings files); the password comes from one typed into the window for
  this run (:func:`use_password`), ``CRMDESK_DB_PASSWORD`` or the OS key store (service
  ``CRMDesk server``, one entry per ``user@host:port/dbname``) and is never written to the
  database or a plain file.
- :class:`ServerDatabase`: peewee's PostgreSQL database on psycopg 3 with the PostgreSQL
  spelling of raw SQL (``core.store.dialect``). Every connection says who it is in
  ``application_name`` — the PC and the staff member working at it (:func:`identify`; ASCII
  only: the server turns other characters into ``?``, so the staff member is ``op<id>``) —, prepares
  nothing automatically (a generic plan for a search word is planned for an "average" word),
  and asks the server to drop a vanished PC within about two minutes (keepalives) so its locks
  are released.
- :func:`prepare`: the schema. ``schema_migration`` replaces ``PRAGMA user_version``; an empty
  database gets the frozen baseline (``migrations/postgresql``), then the numbered steps after it
  (``0012_…sql``, the same version numbers as the SQLite migrations), each in one transaction under
  a migration lock, so two PCs starting at once do not both apply it; a database of another program
  or a newer schema is refused untouched, with the same messages as a file. :func:`upgrade` runs the
  later steps of an older schema under the exclusive maintenance lock when a session opens it.
- :class:`MaintenanceLock`: each session holds the maintenance lock *shared* for its lifetime;
  ``server init`` and migrations take it *exclusive*. Advisory locks die with the connection,
  so a PC that crashed leaves no stale lock.

Error classification by SQLSTATE (never message text) is ``core.store.errors.classify_server_error``.
"""

from __future__ import annotations

import functools
import getpass
import logging
import os
import platform
import re
import secrets
import time
import unicodedata
import weakref
from importlib import resources
from typing import Any, NamedTuple
from urllib.parse import parse_qs, quote, unquote, urlsplit

from peewee import PostgresqlDatabase

from crmdesk import __version__
from crmdesk.core.i18n import _
from crmdesk.core.store import pg_driver
from crmdesk.core.store.db import SCHEMA_VERSION
from crmdesk.core.store.dialect import POSTGRESQL, Dialect
from crmdesk.core.store.errors import KnownError, NotACrmDatabaseError, SchemaTooNewError, classify_server_error
from crmdesk.core.store.paths import is_server

log = logging.getLogger(__name__)
KEYRING_SERVICE = "CRMDesk server"
PASSWORD_ENV = "CRMDESK_DB_PASSWORD"
BASELINE_VERSION = 11  # the PostgreSQL history starts at schema 11 (SQLite's 1–11 are files only)
MAINTENANCE_LOCK = 0x43524D44  # advisory lock keys ("CRMD"), shared with the later stages' locks
MIGRATION_LOCK = MAINTENANCE_LOCK + 1
CONNECT_TIMEOUT = 5  # seconds before an unreachable server is reported
_typed: dict[str, str] = {}  # passwords typed into the window for this run, by account (never written here)
_identity: dict[str, int | None] = {"operator": None}  # the staff member named in application_name


class ServerTarget(NamedTuple):
    """A PostgreSQL database named by a ``postgresql://`` URL (no password in it)."""

    user: str
    host: str  # a name, an address, or a Unix socket folder (``?host=/path``)
    port: int
    dbname: str

    @classmethod
    def parse(cls, text: str) -> ServerTarget:
        """Read ``postgresql://user@host[:port]/dbname`` (also ``postgres://``, ``?host=<socket folder>``)."""
        if not is_server(text):
            raise KnownError(_("{location} is not a server address (postgresql://user@server/crmdesk).",
                               location=text))
        parts = urlsplit(text)
        try:
            port = parts.port or 5432
        except ValueError:
            port = 0
        if parts.password is not None:
            raise KnownError(_("Do not write the password into the server address: CRMDesk asks for it once and "
                               "keeps it in this PC's key store. Use postgresql://{user}@{host}/{dbname}.",
                               user=unquote(parts.username or ""), host=parts.hostname or "server",
                               dbname=parts.path.lstrip("/") or "crmdesk"))
        host = parse_qs(parts.query).get("host", [parts.hostname or ""])[0]
        dbname = unquote(parts.path.lstrip("/"))
        if not host or not dbname or not port or "/" in dbname:
            raise KnownError(_("{location}: a server address needs a server and a database name, like "
                               "postgresql://crm@192.168.1.10/crmdesk.", location=_without_password(text)))
        return cls(unquote(parts.username or "") or getpass.getuser(), host, port, dbname)

    @property
    def account(self) -> str:
        """``user@host:port/dbname``: the key-store entry of this database's password, and its name in messages."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def url(self) -> str:
        """The address as ``--db`` takes it back (a Unix socket folder as ``?host=``)."""
        user = quote(self.user, safe="")
        if self.host.startswith("/"):
            port = "" if self.port == 5432 else f":{self.port}"
            return f"postgresql://{user}@{port}/{quote(self.dbname, safe='')}?host={quote(self.host, safe='/')}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{user}@{host}:{self.port}/{quote(self.dbname, safe='')}"

    def __str__(self) -> str:
        return f"postgresql://{self.account}"


def _without_password(text: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1@", text)


def password(target: ServerTarget) -> str | None:
    """The password of ``target``: typed in the window, else ``CRMDESK_DB_PASSWORD``, else this PC's key store, else none
    (the server may trust the socket, or the administrator's ``.pgpass`` may hold it)."""
    given = _typed.get(target.account) or os.environ.get(PASSWORD_ENV)  # typed now: the newest word
    if given:
        return given
    import keyring  # keyring finds its backends (slow) only when a server is opened

    try:
        return keyring.get_password(KEYRING_SERVICE, target.account)
    except Exception:  # noqa: BLE001 - no usable key store: connect without, the server says if it needs one
        return None


def use_password(target: ServerTarget, secret: str) -> None:
    """Use ``secret`` for ``target`` in this process (typed into the window; kept in memory only)."""
    _typed[target.account] = secret


def remember_password(target: ServerTarget, secret: str) -> None:
    """Keep a password that worked in this PC's key store (never in a file or the database); a
    :class:`KnownError` when this PC has no usable key store (the password is then asked at each start)."""
    import keyring  # as in password()

    try:
        keyring.set_password(KEYRING_SERVICE, target.account, secret)
    except Exception as exc:  # keyring's errors (no backend, a locked store) have no common base
        raise KnownError(_("The password of {location} could not be kept in this PC's key store ({reason}): "
                           "CRMDesk will ask for it at each start.", location=str(target),
                           reason=str(exc) or type(exc).__name__)) from exc


def identify(operator_id: int | None) -> None:
    """Name the staff member working at this PC in ``application_name``: of the connections opened from
    now on, of the open ones before their next statement, and of the maintenance lock's connections
    (``pg_stat_activity`` and the "busy" messages of ``server_locks`` show who is connected)."""
    _identity["operator"] = operator_id
    name = application_name()
    for lock in list(_held_locks):
        lock.rename(name)


def application_name(operator_id: int | None = None) -> str:
    """``CRMDesk/<version> <PC> op<staff id>``, ASCII only and at most 63 bytes (the server's limit).

    ``operator_id``: by default the staff member named by :func:`identify`."""
    return _application_name(platform.node(), operator_id if operator_id is not None else _identity["operator"])


@functools.lru_cache(maxsize=8)
def _application_name(node: str, operator_id: int | None) -> str:  # asked before every statement: computed once
    folded = unicodedata.normalize("NFKD", node or "PC").encode("ascii", "ignore").decode()
    host = re.sub(r"[^A-Za-z0-9._-]", "", folded)[:24] or "PC"
    name = f"CRMDesk/{__version__} {host}" + (f" op{operator_id}" if operator_id else "")
    return name[:63]


# Session settings a user may set without any server configuration: a vanished PC is dropped
# (and its locks released) within ~2 minutes; a forgotten transaction is ended after 5 minutes;
# every statement is planned for its own values; a lock wait becomes "busy" after 5 s.
_OPTIONS = ("-c tcp_keepalives_idle=60 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=6 "
            "-c idle_in_transaction_session_timeout=300000 -c plan_cache_mode=force_custom_plan "
            "-c lock_timeout=5000")


_client: str | None = None


def client_id() -> str:
    """This process among the server's clients (a forked child gets its own): the change feed notes it with
    every change (``change_feed.client``), so a window skips its own changes — its views refreshed at once
    from its own broadcast — and refreshes from every other PC's (``core.server_feed``)."""
    global _client
    if _client is None or not _client.startswith(f"{os.getpid()}-"):
        _client = f"{os.getpid()}-{secrets.token_hex(4)}"
    return _client


def connect_params(target: ServerTarget, *, read_only: bool = False, secret: str | None = None,
                   timeout: int = CONNECT_TIMEOUT) -> dict[str, Any]:
    """The keywords psycopg connects with (the password looked up, never stored; ``secret``: this one)."""
    params: dict[str, Any] = {
        "host": target.host, "port": target.port, "user": target.user,
        "application_name": application_name(), "connect_timeout": timeout, "prepare_threshold": None,
        "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3,
        "options": _OPTIONS + f" -c crmdesk.client={client_id()}"
                   + (" -c default_transaction_read_only=on" if read_only else ""),
    }
    secret = secret or password(target)
    if secret:
        params["password"] = secret
    return params


class ServerDatabase(PostgresqlDatabase):
    """peewee's PostgreSQL database for one :class:`ServerTarget` (psycopg 3, PostgreSQL spelling).

    ``read_only``: every transaction is read-only (a reading session cannot write). ``secret`` and
    ``timeout``: a password to try instead of the stored one, seconds before giving up on the server.
    """

    dialect: Dialect = POSTGRESQL
    _state: Any  # peewee's thread-local connection state (set by peewee, not in its type stubs)

    def __init__(self, target: ServerTarget, *, read_only: bool = False, secret: str | None = None,
                 timeout: int = CONNECT_TIMEOUT) -> None:
        self.target = target
        self.read_only = read_only
        pg_driver.load()  # peewee was imported without psycopg (start-up of the file databases)
        # the name goes as dbname=…: peewee takes a string that is not a postgresql:// URL as the name
        super().__init__(target.dbname, prefer_psycopg3=True,
                         **connect_params(target, read_only=read_only, secret=secret, timeout=timeout))

    def _connect(self) -> Any:
        self.connect_params["application_name"] = application_name()  # who works at this PC now
        return super()._connect()  # type: ignore[misc]  # peewee's hook, missing from its stubs

    def _initialize_connection(self, conn: Any) -> None:
        super()._initialize_connection(conn)  # type: ignore[misc]  # peewee's hook, missing from its stubs
        self._thread_state().app_name = self.connect_params["application_name"]

    def cursor(self, named_cursor: Any = None) -> Any:
        # another staff member chose 我是… since this thread's connection opened: say so before the
        # next statement, outside a transaction (a rolled-back transaction would undo the setting)
        wanted = application_name()
        state = self._thread_state()
        if not state.closed and getattr(state, "app_name", wanted) != wanted and not self.in_transaction():
            from psycopg.pq import TransactionStatus  # loaded with the server (pg_driver.load)

            if state.conn.info.transaction_status == TransactionStatus.IDLE:
                state.conn.execute("SELECT set_config('application_name', %s, false)", (wanted,))
                state.app_name = wanted
        return super().cursor(named_cursor)

    def _thread_state(self) -> Any:
        return self.__dict__["_state"]  # peewee's per-thread connection state (missing from its stubs)

    def identify(self, operator_id: int | None) -> None:
        """See the module function :func:`identify` (``core.firm.staff`` calls it through the bound database)."""
        identify(operator_id)

    def is_closed(self) -> bool:
        """Closed — also when the server or the network cut this thread's connection outside a transaction:
        it is forgotten, so the next statement connects anew instead of failing on it for good (the
        statement that met the cut failed with "cannot reach the server", a message, never a traceback)."""
        state = self._state
        if not state.closed and state.conn is not None and state.conn.closed and not state.transactions:
            state.reset()
        return bool(state.closed)


def connect(target: ServerTarget, *, read_only: bool = False, secret: str | None = None,
            timeout: int = CONNECT_TIMEOUT) -> ServerDatabase:
    """A connected :class:`ServerDatabase`; a failure is a :class:`KnownError` naming the server."""
    database = ServerDatabase(target, read_only=read_only, secret=secret, timeout=timeout)
    try:
        database.connect()
    except Exception as exc:
        known = classify_server_error(exc, str(target))
        if known is None:
            raise
        raise known from exc
    return database


# --------------------------------------------------------------------------- schema


def schema_version(database: ServerDatabase) -> int | None:
    """The schema of a CRMDesk database, 0 for an empty one; ``None`` for another program's tables."""
    ours = database.execute_sql("SELECT to_regclass('public.schema_migration') IS NOT NULL").fetchone()[0]
    if ours:
        return int(database.execute_sql("SELECT coalesce(max(version), 0) FROM schema_migration").fetchone()[0])
    tables = database.execute_sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    return 0 if tables == 0 else None


def check_compatible(database: ServerDatabase) -> int:
    """Refuse another program's database or a newer schema, untouched; return the schema (0: empty)."""
    version = schema_version(database)
    if version is None:
        raise NotACrmDatabaseError(_("{location} holds tables of another program: it is not a CRMDesk database.",
                                     location=str(database.target)))
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(_(
            "The database {path} was written by a newer version of CRMDesk (schema {found}, this version "
            "understands up to {supported}). Please update CRMDesk; the file was left untouched.",
            path=str(database.target), found=version, supported=SCHEMA_VERSION))
    return version


def prepare(database: ServerDatabase) -> list[int]:
    """Bring the schema to this version under the migration lock; the versions applied.

    An empty database gets the frozen baseline, then every later step; a database at an older
    schema gets the steps after its version. Each step is one transaction (DDL is transactional on
    PostgreSQL) that takes the transaction-scoped migration lock, re-reads the version and records
    itself in ``schema_migration``: a second PC starting at the same moment waits, then finds the step
    applied and does nothing.
    """
    applied: list[int] = []
    if check_compatible(database) < BASELINE_VERSION:
        with database.atomic():
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            if check_compatible(database) < BASELINE_VERSION:
                database.execute_sql(
                    "CREATE TABLE schema_migration (version integer PRIMARY KEY, application text NOT NULL DEFAULT "
                    "'CRMDesk', applied_at timestamp NOT NULL DEFAULT localtimestamp, applied_by text NOT NULL "
                    "DEFAULT current_user)")
                database.execute_sql(_script(f"{BASELINE_VERSION:04d}_baseline.sql"))  # one batch, no parameters
                database.execute_sql("INSERT INTO schema_migration (version) VALUES (%s)", (BASELINE_VERSION,))
                applied.append(BASELINE_VERSION)
    for version, name in steps():
        if check_compatible(database) >= version:
            continue
        with database.atomic():
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            if check_compatible(database) >= version:
                continue
            database.execute_sql(_script(name))
            database.execute_sql("INSERT INTO schema_migration (version) VALUES (%s)", (version,))
        applied.append(version)
        log.info("server database %s migrated to schema %s", database.target, version)
    return applied


def needs_migration(database: ServerDatabase) -> bool:
    """Whether the schema is a CRMDesk schema older than this version (``prepare`` would change it)."""
    return 0 < check_compatible(database) < SCHEMA_VERSION


def upgrade(target: ServerTarget) -> list[int]:
    """Migrate an older schema on ``target`` alone: under the *exclusive* maintenance lock (refused with
    "维护中" while other PCs have the database open, so no older app works on a newer schema)."""
    with MaintenanceLock(target, exclusive=True):
        database = connect(target)
        try:
            return prepare(database) if needs_migration(database) else []
        finally:
            database.close()


def steps() -> list[tuple[int, str]]:
    """The PostgreSQL scripts after the baseline, ``(version, file name)`` in order: one per SQLite
    migration after it, numbered alike (``0012_…sql`` on both engines means the same tables)."""
    found = []
    for item in _folder().iterdir():
        match = re.fullmatch(r"(\d{4})_(?!baseline)\w+\.sql", item.name)
        if match and int(match.group(1)) > BASELINE_VERSION:
            found.append((int(match.group(1)), item.name))
    return sorted(found)


def _folder() -> Any:
    return resources.files("crmdesk.core.store.migrations").joinpath("postgresql")


def _script(name: str) -> str:
    return str(_folder().joinpath(name).read_text(encoding="utf-8"))


LOCK_GRACE_SECONDS = 2.0  # how long a refused maintenance lock is asked for again
_held_locks: weakref.WeakSet[MaintenanceLock] = weakref.WeakSet()


class MaintenanceLock:
    """The server's maintenance lock on a connection of its own: shared by every open session,
    exclusive for ``server init`` and migrations (a session-level advisory lock, released when the
    holder disconnects or dies)."""

    def __init__(self, target: ServerTarget, *, exclusive: bool = False) -> None:
        self.target = target
        self.exclusive = exclusive
        self._database: ServerDatabase | None = None
        self._connection: Any = None

    def acquire(self) -> MaintenanceLock:
        database = connect(self.target)
        call = "pg_try_advisory_lock" if self.exclusive else "pg_try_advisory_lock_shared"
        # a PC that has just closed the database may still hold its lock for a moment: the server ends
        # its backend, and with it the lock, only after the disconnection arrives — so ask again briefly
        deadline = time.monotonic() + LOCK_GRACE_SECONDS
        while not database.execute_sql(f"SELECT {call}(%s)", (MAINTENANCE_LOCK,)).fetchone()[0]:
            if time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            database.close()
            raise KnownError(_("{location} is under maintenance: another PC is preparing or upgrading it, "
                               "or — for maintenance — other PCs still have it open. Try again in a minute.",
                               location=str(self.target)))
        self._database = database
        self._connection = database.connection()  # psycopg's connection (thread-safe): renamed by identify()
        _held_locks.add(self)
        return self

    def rename(self, name: str) -> None:
        """Set ``application_name`` of the lock's connection (idle while the lock is held)."""
        if self._database is not None and self._connection is not None:
            try:
                self._connection.execute("SELECT set_config('application_name', %s, false)", (name,))
            except Exception:  # a lost connection: the lock is gone with it, the name does not matter
                log.warning("could not rename the maintenance lock's connection", exc_info=True)

    def release(self) -> None:
        _held_locks.discard(self)
        if self._database is not None:
            self._database.close()  # the lock goes with the connection
            self._database = None
            self._connection = None

    def __enter__(self) -> MaintenanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

"""The PostgreSQL half of the tests: a fresh database per test, cloned from a template built once.

The server is the one ``CRMDESK_TEST_PG`` names (``.ci/pg.sh`` starts a throwaway cluster and sets
it); without it, or when it does not answer, the PostgreSQL half is skipped with the reason —
unless ``CRMDESK_REQUIRE_PG=1`` (CI), which turns that into a failure so CI cannot pass by skipping.

The template ``crm_tpl_<hash of the baseline>`` holds the schema and the default rows, built by
the real code (``core.store.server.prepare``) once per server and baseline; two xdist workers
building it at once take turns under an advisory lock. Each test gets ``CREATE DATABASE … TEMPLATE``
(about 50 ms with the CI cluster's settings) and drops it afterwards.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

URL_ENV = "CRMDESK_TEST_PG"
REQUIRE_ENV = "CRMDESK_REQUIRE_PG"
_TEMPLATE_LOCK = 0x43524D54  # "CRMT"
_numbers = itertools.count(1)


def with_dbname(url: str, dbname: str) -> str:
    """``url`` naming the database ``dbname`` on the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, ""))


@cache
def unavailable() -> str:
    """Why the PostgreSQL half cannot run here ('' when it can)."""
    url = os.environ.get(URL_ENV, "")
    if not url:
        return f"PostgreSQL half skipped: {URL_ENV} is not set (start a server with: source .ci/pg.sh; pg_start)"
    try:
        import psycopg
    except ImportError:
        return "PostgreSQL half skipped: psycopg is not installed"
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"PostgreSQL half skipped: {url} does not answer ({str(exc).strip().splitlines()[0]})"
    return ""


def require_server() -> str:
    """The server's URL, or skip (fail under ``CRMDESK_REQUIRE_PG=1``) with the reason."""
    reason = unavailable()
    if reason:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{reason}, and {REQUIRE_ENV}=1")
        pytest.skip(reason)
    return os.environ[URL_ENV]


def _admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


@cache
def template() -> str:
    """The name of the migrated template database (built on first use)."""
    from importlib import resources

    from crmdesk.core.firm import settings
    from crmdesk.core.store import models, server

    url = require_server()
    baseline = resources.files("crmdesk.core.store.migrations").joinpath("postgresql")
    digest = hashlib.sha256()
    for item in sorted(baseline.iterdir(), key=lambda p: p.name):
        digest.update(item.read_bytes())
    name = f"crm_tpl_{digest.hexdigest()[:12]}"
    with _admin(url) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", (_TEMPLATE_LOCK,))
        try:
            if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                admin.execute(f'CREATE DATABASE "{name}"')
                previous = models.database_proxy.obj
                database = server.connect(server.ServerTarget.parse(with_dbname(url, name)))
                try:
                    server.prepare(database)
                    models.database_proxy.initialize(database)
                    settings.ensure_tier_policy()
                finally:
                    database.close()
                    models.database_proxy.initialize(previous)
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", (_TEMPLATE_LOCK,))
    return name


def _converter(field: Any) -> Callable[[Any], Any]:
    """How a value read from a SQLite file is written into the server's column of ``field``."""
    from peewee import BooleanField

    if isinstance(field, BooleanField):
        return lambda value: None if value is None else bool(value)
    if field.model._meta.table_name == "custom_value" and field.column_name == "value":
        return lambda value: None if value is None else str(value)  # untyped on SQLite, text on the server
    return lambda value: value


def copy_file(source: Path, url: str) -> None:
    """Every model's rows of the CRMDesk file ``source`` into the (migrated) database at ``url``,
    replacing its default rows, with the sequences moved on and the search index built.

    A test fixture, not the product's move-to-server: the demo data the SQLite tests read, on a
    server (constraints and triggers off while copying: the file's rows are consistent already).
    """
    import sqlite3

    import psycopg

    from crmdesk.core.customers import search
    from crmdesk.core.store import models, server

    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with psycopg.connect(url) as dst:
            dst.execute("SET session_replication_role = replica")
            tables = [model._meta.table_name for model in models.ALL_MODELS]
            dst.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
            for model in models.ALL_MODELS:
                table, fields = model._meta.table_name, model._meta.sorted_fields
                columns = ", ".join(f'"{f.column_name}"' for f in fields)
                convert = [_converter(f) for f in fields]
                rows = [tuple(c(v) for c, v in zip(convert, row))
                        for row in src.execute(f'SELECT {columns} FROM "{table}"')]
                if rows:
                    with dst.cursor() as cursor:
                        cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES '
                                           f'({", ".join(["%s"] * len(fields))})', rows)
                if rows and "id" in model._meta.fields and model._meta.primary_key.name == "id":
                    dst.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), max(id)) FROM \"{table}\"")
    finally:
        src.close()
    previous = models.database_proxy.obj
    database = server.connect(server.ServerTarget.parse(url))
    try:
        models.database_proxy.initialize(database)
        with database.atomic():
            search.reindex(database.connection())
    finally:
        database.close()
        models.database_proxy.initialize(previous)


def file_template(source: Path) -> str:
    """A template database holding the rows of the file ``source`` (built once per test session and
    worker: the file is the session's own, e.g. the demo database)."""
    url = require_server()
    name = unique_name("crm_file")
    with _admin(url) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template()}"')
    copy_file(source, with_dbname(url, name))
    return name


def unique_name(prefix: str) -> str:
    """A database name no other test (or xdist worker) uses."""
    return f"{prefix}_{os.environ.get('PYTEST_XDIST_WORKER', 'gw')}_{os.getpid()}_{next(_numbers)}"


def clone(source: str = "") -> str:
    """A new database cloned from the template (or the template database ``source``); its ``postgresql://`` URL."""
    url = require_server()
    source = source or template()
    name = unique_name("crm_t")
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return with_dbname(url, name)


def clone_url(database) -> str:
    """The ``postgresql://`` URL of a bound test database (what ``--db`` takes)."""
    return with_dbname(os.environ[URL_ENV], database.database)


def drop(clone_url: str) -> None:
    """Drop a cloned database (its connections closed first by the caller; stray ones are ended)."""
    url = os.environ[URL_ENV]
    name = urlsplit(clone_url).path.lstrip("/")
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty(prefix: str = "crm_empty") -> str:
    """A new, empty database (no schema), UTF8 under the C.UTF-8 locale; its URL (drop it with :func:`drop`)."""
    url = require_server()
    name = unique_name(prefix)
    with _admin(url) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                      "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    return with_dbname(url, name)


@contextmanager
def bound_clone() -> Iterator[tuple[str, str]]:
    """A prepared database cloned from the template and bound in this process, its new key on this PC (as
    after ``crmdesk server init``): ``(URL, recovery code)`` — the code enrols other processes ("PCs")."""
    from crmdesk.core.safety import secrets
    from crmdesk.core.store import models, server

    url = clone()
    database = server.connect(server.ServerTarget.parse(url))
    previous = models.database_proxy.obj
    models.database_proxy.initialize(database)
    try:
        yield url, secrets.unlock().recovery_code or ""
    finally:
        secrets.activate(secrets.PlainCipher())
        database.close()
        models.database_proxy.initialize(previous)
        drop(url)

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
from functools import cache
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


def unique_name(prefix: str) -> str:
    """A database name no other test (or xdist worker) uses."""
    return f"{prefix}_{os.environ.get('PYTEST_XDIST_WORKER', 'gw')}_{os.getpid()}_{next(_numbers)}"


def clone() -> str:
    """A new database cloned from the template; its ``postgresql://`` URL."""
    url = require_server()
    source = template()
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

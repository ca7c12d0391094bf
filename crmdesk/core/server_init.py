"""``crmdesk server init URL``: check an empty PostgreSQL database, then make it a CRMDesk database.

Every check says what it found, and a refusal says what to do (the server guide repeats it):

- the server's version is 14 or newer (older ones are out of support);
- the database's encoding is UTF8;
- trigram search works for Chinese under the database's character classification (LC_CTYPE):
  ``show_trgm('客户服务')`` must return trigrams. Under the ``C`` locale it returns none — every
  search of three or more characters would scan the whole customer table — so such a database is
  refused, with how to create it again. Tested, not guessed from the locale's name (Windows names
  its locales differently, 'Chinese (Simplified)_China.936');
- the pg_trgm extension can be created (a trusted extension: the database's owner may);
- the database is empty, or already a CRMDesk database (then nothing is done again);
- ``max_connections`` leaves room for the office (about three connections per PC): a warning only.

Then, under the maintenance lock held exclusively (no PC may be connected): the baseline schema,
the default rows, and the encryption key, whose recovery code is shown once — the server holds
only the wrapped key record, each PC enrols with that code.
"""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.core.firm import settings
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.store import models, server

MIN_VERSION = 140000
PCS = 20  # the largest office the guide plans for: about three connections a PC


@dataclass(frozen=True)
class Check:
    """One check of ``server init``: its name, whether it passed, what was found and, if not, what to do."""

    name: str
    ok: bool
    found: str
    advice: str = ""
    warning: bool = False  # a failed warning does not refuse the database

    def as_json(self) -> dict[str, object]:
        return {"check": self.name, "ok": self.ok, "found": self.found, "advice": "" if self.ok else self.advice,
                "warning": self.warning}


@dataclass
class InitResult:
    """What ``server init`` found and did."""

    checks: list[Check]
    initialised: bool = False  # the schema was built now (False: refused, or already a CRMDesk database)
    schema: int = 0
    unlock: secrets.UnlockResult | None = None

    @property
    def accepted(self) -> bool:
        return all(c.ok or c.warning for c in self.checks)


def trigrams(database: server.ServerDatabase) -> int:
    """How many trigrams pg_trgm finds in a Chinese word under the database's locale (0 under ``C``)."""
    return int(database.execute_sql("SELECT coalesce(array_length(show_trgm('客户服务'), 1), 0)").fetchone()[0])


def checks(database: server.ServerDatabase) -> list[Check]:
    """Look at the server and the database without changing anything."""
    out: list[Check] = []
    version = database.server_version
    out.append(Check(_("server version"), version >= MIN_VERSION, f"{version // 10000}.{version % 10000}",
                     _("Install PostgreSQL 14 or newer.")))
    encoding, ctype = database.execute_sql(
        "SELECT pg_encoding_to_char(encoding), datctype FROM pg_database WHERE datname = current_database()").fetchone()
    out.append(Check(_("encoding"), encoding == "UTF8", encoding,
                     _("Create the database again with ENCODING 'UTF8' (see the server guide).")))
    with database.atomic() as probe:  # created for real with the schema; here only tried, then rolled back
        try:
            database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            grams = trigrams(database)
            out.append(Check(_("pg_trgm extension"), True, _("can be created")))
            out.append(Check(_("trigram search for Chinese"), grams > 0,
                             _("locale {ctype}: {n} trigrams for 客户服务", ctype=ctype, n=grams),
                             _("Under the locale {ctype} PostgreSQL cannot index Chinese text for search (every search "
                               "would read the whole customer table). Create the database again with a UTF-8 locale, "
                               "e.g. CREATE DATABASE crmdesk TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                               "LC_CTYPE 'C.UTF-8' (see the server guide).", ctype=ctype)))
        except Exception as exc:  # noqa: BLE001 - reported as a failed check, with the server's words
            out.append(Check(_("pg_trgm extension"), False, str(exc).strip().splitlines()[0],
                             _("Ask the administrator to create the extension: CREATE EXTENSION pg_trgm;")))
        probe.rollback()
    version_found = server.schema_version(database)
    if version_found is None:
        out.append(Check(_("contents"), False, _("tables of another program"),
                         _("Use an empty database of its own for CRMDesk.")))
    else:
        found = _("empty") if version_found == 0 else _("already a CRMDesk database, schema {n}", n=version_found)
        out.append(Check(_("contents"), True, found))
    limit = int(database.execute_sql("SHOW max_connections").fetchone()[0])
    out.append(Check(_("max_connections"), limit >= 3 * PCS + 10, str(limit),
                     _("{n} PCs need about {m} connections: raise max_connections in postgresql.conf.",
                       n=PCS, m=3 * PCS + 10), warning=True))
    return out


def initialise(target: server.ServerTarget, *, new_passphrase: str | None = None, create_key: bool = True) -> InitResult:
    """Check ``target``; when every check passes, build the schema and create the key (see the module).

    ``create_key`` False: no key (``move-to-server`` brings the file's key record with its rows).
    """
    with server.MaintenanceLock(target, exclusive=True):
        database = server.connect(target)
        try:
            result = InitResult(checks(database))
            if not result.accepted:
                return result
            # the key must have a home before anything is built (the OS key store, or a passphrase)
            if create_key:
                secrets.ensure_key_can_be_stored(new_passphrase)
            database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            result.initialised = bool(server.prepare(database))
            result.schema = server.check_compatible(database)
            previous = models.database_proxy.obj
            models.database_proxy.initialize(database)
            try:
                settings.ensure_tier_policy()
                if create_key and (result.initialised or secrets.load_record() is None):
                    result.unlock = secrets.unlock(create=True, repair=True, new_passphrase=new_passphrase)
            finally:
                secrets.activate(secrets.PlainCipher())
                models.database_proxy.initialize(previous)
        finally:
            database.close()
    return result

"""测试连接: what the settings' 公司服务器 choice finds at a server address, said plainly (issue #19).

The window's settings try an address before a PC is pointed at it. :func:`probe` goes step by
step and stops at the first thing that is wrong, so the message names it:

1. the server is reachable — the name resolves, something answers on the port (or the Unix
   socket exists) — within a few seconds, never the minutes of a hanging connection;
2. it lets this user in — with the password given, else the one in this PC's key store; a
   server that wants a password or refuses the one given says so (``status`` ``password``), so
   the settings can ask for it;
3. the database is a CRMDesk database this version can open — an empty one gets the
   ``crmdesk server init`` command to run, another program's tables or a newer schema are refused
   as ``crmdesk server check`` and the window itself would refuse them.

Read-only: nothing is written to the server, the key store or this PC's settings. Qt-free.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from crmdesk.core.i18n import _
from crmdesk.core.store import server
from crmdesk.core.store.db import SCHEMA_VERSION
from crmdesk.core.store.errors import KnownError, PasswordRefused, server_says

PROBE_TIMEOUT = 3  # seconds for each of the reachability check and the connection

OK, UNREACHABLE, PASSWORD, REFUSED, EMPTY, FOREIGN, NEWER = (
    "ok", "unreachable", "password", "refused", "empty", "foreign", "newer")


@dataclass(frozen=True)
class Probe:
    """What a probe found: ``status`` (one of the constants above), a message, and for an empty
    database the command that prepares it (``advice``)."""

    status: str
    message: str
    advice: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK


def probe(target: server.ServerTarget, *, secret: str | None = None, timeout: int = PROBE_TIMEOUT) -> Probe:
    """Try ``target`` (with the password ``secret``, else the stored one); see the module documentation."""
    unreachable = _reach(target, timeout)
    if unreachable:
        return Probe(UNREACHABLE, unreachable)
    try:
        database = server.connect(target, read_only=True, secret=secret, timeout=timeout)
    except PasswordRefused as error:
        return Probe(PASSWORD, error.message)
    except KnownError as error:  # the server's own words: a user or database that does not exist, no access…
        cause = str(error.__cause__ or "").strip()
        reason = server_says(cause.splitlines()[0]) if cause else error.message
        return Probe(REFUSED, _("The server answered but did not let {user} in: {reason}",
                                user=target.user, reason=reason))
    try:
        version = database.execute_sql("SELECT current_setting('server_version')").fetchone()[0]
        schema = server.schema_version(database)
    finally:
        database.close()
    if schema is None:
        return Probe(FOREIGN, _("{location} holds tables of another program: it is not a CRMDesk database. "
                                "Choose another database name.", location=target.url))
    if schema == 0:
        command = f"crmdesk server init {target.url}"
        return Probe(EMPTY, _("{location} is empty: prepare it once, on any PC, with the command below; then "
                              "every PC can open it.", location=target.url), advice=command)
    if schema > SCHEMA_VERSION:
        return Probe(NEWER, _("{location} was written by a newer version of CRMDesk (schema {found}, this version "
                              "understands up to {supported}): update CRMDesk on this PC first.",
                              location=target.url, found=schema, supported=SCHEMA_VERSION))
    if schema < SCHEMA_VERSION:
        return Probe(OK, _("Connected: PostgreSQL {version}, a CRMDesk database of an older version (schema "
                           "{found}); it is brought up to date when CRMDesk opens it.", version=version,
                           found=schema))
    return Probe(OK, _("Connected: PostgreSQL {version}, a CRMDesk database (schema {found}).",
                       version=version, found=schema))


def _reach(target: server.ServerTarget, timeout: int) -> str:
    """'' when something answers at the address, else what is wrong (in the user's words)."""
    if target.host.startswith("/"):  # a Unix socket folder (the server on this machine)
        if (Path(target.host) / f".s.PGSQL.{target.port}").exists():
            return ""
        return _("No database server is running at {host} on this PC.", host=target.host)
    try:
        with socket.create_connection((target.host, target.port), timeout=timeout):
            return ""
    except socket.gaierror:
        return _("The server name {host} is not known on this network: check the name or use its address "
                 "(like 192.168.1.10).", host=target.host)
    except TimeoutError:
        return _("The server {host} does not answer (waited {seconds} s): is that PC on and in this network, and "
                 "does its firewall let port {port} through?", host=target.host, seconds=timeout, port=target.port)
    except ConnectionRefusedError:
        return _("Nothing answers on port {port} of {host}: is PostgreSQL installed and running there, and does "
                 "it accept connections from the network?", host=target.host, port=target.port)
    except OSError as error:
        return _("The server {host} cannot be reached: {reason}", host=target.host,
                 reason=error.strerror or str(error))

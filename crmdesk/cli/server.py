"""``crmdesk server init URL``: prepare an empty PostgreSQL database as the company's shared database.

Checks the server first and prints each check with what it found (``core.server_init``): the
server's version, the UTF8 encoding, a locale under which trigram search works for Chinese
(``C`` does not: refused, with how to create the database again), the pg_trgm extension, an empty
database (or one CRMDesk prepared already: nothing is done again), and a warning when
``max_connections`` is low. Then builds the schema and creates the encryption key: its recovery
code is printed once on stderr — every PC enrols with it (the server never sees the key).

The password is never part of the URL: ``CRMDESK_DB_PASSWORD`` or this PC's key store (where a
password given through the variable is kept once the server accepted it). ``--json`` prints one
object ``{"target", "accepted", "initialised", "schema", "checks": [{"check", "ok", "found",
"advice", "warning"}]}``. Exit status: 0 prepared (or already prepared), 1 refused or the server
could not be reached, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys

from crmdesk.cli.common import print_recovery_code, remember_server_password
from crmdesk.core.i18n import _


def run_init(args: argparse.Namespace) -> int:
    """Check the database at ``args.url``; build it when every check passes."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core import server_init
    from crmdesk.core.store import server

    target = server.ServerTarget.parse(args.url)
    result = server_init.initialise(target)
    remember_server_password(args.url)  # it worked: this PC need not be told the password again
    if args.json:
        print(json.dumps({"target": str(target), "accepted": result.accepted, "initialised": result.initialised,
                          "schema": result.schema, "checks": [c.as_json() for c in result.checks]},
                         ensure_ascii=False))
    else:
        for check in result.checks:
            mark = "ok  " if check.ok else ("warn" if check.warning else "FAIL")
            print(f"{mark} {check.name}: {check.found}")
            if not check.ok and check.advice:
                print(f"     {check.advice}")
    if not result.accepted:
        print(_("{target} was not changed: see the checks above.", target=str(target)), file=sys.stderr)
        return 1
    if not args.json:
        print(_("{target} is ready (schema {schema}).", target=str(target), schema=result.schema)
              if result.initialised else
              _("{target} is already a CRMDesk database (schema {schema}); nothing was changed.",
                target=str(target), schema=result.schema))
    print_recovery_code(str(target), result.unlock)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``server`` commands."""
    parser = sub.add_parser("server", help="公司服务器（PostgreSQL）上的共享数据库")
    commands = parser.add_subparsers(dest="server_command", required=True, metavar="COMMAND")
    init = commands.add_parser("init", help="检查并初始化一个空的 PostgreSQL 数据库（postgresql://用户@服务器/数据库）")
    init.add_argument("url", metavar="URL", help="postgresql://用户@服务器[:端口]/数据库（不要写密码）")
    init.add_argument("--json", action="store_true", help="以一个 JSON 对象输出检查结果")
    init.set_defaults(func=run_init)

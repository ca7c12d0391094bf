"""``crmdesk move-to-server URL [--db FILE] [--json]``: a single-PC database onto the company's server.

Copies every row of the database file (``--db``, else this PC's default database) to the
PostgreSQL database at ``URL`` (``core.server_transfer``): an empty database is first prepared as
``crmdesk server init`` would, without a key of its own — the file's key record travels with the
rows, so this PC's key and the file's recovery code keep opening the data, and every other PC
enrols with that recovery code. The copy runs in one transaction under the server's maintenance
lock (no other PC may be connected) and is verified before it is kept: the rows of every table
counted on both sides, a sample of decrypted values compared. The file is left as it is (keep it
as the last single-PC copy). A server that already holds records is refused, untouched.

Prints one line per table on stderr while it copies, then a summary. ``--json`` prints one
object ``{"target", "source", "initialised", "rows", "tables": {table: rows}, "decrypted_sample",
"key_replaced", "seconds"}``. Exit status: 0 moved, 1 refused or failed (nothing kept on the
server), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys

from crmdesk.cli.common import remember_server_password
from crmdesk.core.i18n import _


def run(args: argparse.Namespace) -> int:
    """Move the file onto the server and say what was copied."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core import domains, server_transfer  # noqa: F401 - domains: the steps after a copy (search index)
    from crmdesk.core.store import server

    target = server.ServerTarget.parse(args.url)

    def table_done(table: str, rows: int) -> None:
        print(_("  {table}: {rows} rows", table=table, rows=rows), file=sys.stderr)

    result = server_transfer.move_to_server(args.db, target, progress=table_done)
    remember_server_password(args.url)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return 0
    print(_("{source} → {target}: {rows} rows in {tables} tables copied and counted on both sides, {values} "
            "decrypted values compared ({seconds:.1f} s). The file was not changed.",
            source=str(result.source), target=str(target), rows=sum(result.counts.values()),
            tables=len(result.counts), values=result.compared, seconds=result.seconds))
    if result.key_replaced:
        print(_("The key created by crmdesk server init was replaced by the file's: the recovery code of {source} "
                "opens the data now, the one server init showed no longer does.", source=str(result.source)))
    print(_("Point every PC at {target} and enrol it once with the recovery code (see docs/server-guide.zh.md).",
            target=str(target)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``move-to-server`` command."""
    parser = sub.add_parser("move-to-server", help=_("copy this PC's database file to the company's PostgreSQL server"))
    parser.add_argument("url", metavar="URL", help=_("postgresql://user@server[:port]/database (no password in it)"))
    parser.add_argument("--json", action="store_true", help=_("print the result as one JSON object"))
    parser.set_defaults(func=run)

"""The registry reads of docs/spec.md §9 that the benchmarks time: shared by bench/run.py (SQLite) and
bench/server_speed.py (the same reads on the file and on the server, side by side).

Each case is what the registry's table model does on a keystroke, a sort or a filter: the id query
into the view table (``registry.materialize``) and the first visible block of rows.
"""

from __future__ import annotations

from typing import Any

from crmdesk.core.customers import registry

FIRST_BLOCK = 100  # the registry table model's block (crmdesk/ui/customers/table_model.py BLOCK)


def first_screen(query: registry.RegistryQuery) -> int:
    """The id query plus the first block of rows, as the table model does it; the customers in the list."""
    found = registry.materialize(query)
    registry.fetch_rows(registry.view_ids(0, FIRST_BLOCK))
    return found


def search_terms(conn: Any) -> list[tuple[str, str]]:
    """(label, text) per kind of keystroke, picked from the data of the SQLite connection ``conn`` (the key
    unlocked): 3 characters of a trade name, 2 CJK characters, a mobile's last 4 digits, a whole mobile.
    One character is not searched: the list waits for the second (docs/spec.md §2: two are enough)."""
    from crmdesk.core.safety import secrets

    name = conn.execute("SELECT name FROM customer WHERE id = (SELECT max(id) / 2 FROM customer)").fetchone()[0]
    trade = name.removesuffix("有限公司").removesuffix("股份").removesuffix("科技")
    fragment = trade[-5:-2] if len(trade) >= 5 else trade[:3]  # 3 characters of the trade name
    two = fragment[:2]  # 2 CJK characters
    mobile = secrets.reveal("contact", "mobile", conn.execute(
        "SELECT mobile FROM contact WHERE mobile != '' LIMIT 1 OFFSET 5000").fetchone()[0])
    tail = mobile[-4:]
    return [(f"search: name fragment '{fragment}'", fragment), (f"search: 2 characters '{two}'", two),
            (f"search: phone tail '{tail}'", tail), (f"search: full mobile {mobile[:3]}…", mobile)]


def sort_filter_cases() -> list[tuple[str, registry.RegistryQuery]]:
    """Re-sorting or filtering the whole registry."""
    return [("sort: name", registry.RegistryQuery(sort_key="name")),
            ("sort: last contact, descending", registry.RegistryQuery(sort_key="last_contact", descending=True)),
            ("sort: tier", registry.RegistryQuery(sort_key="tier")),
            ("sort: account manager", registry.RegistryQuery(sort_key="manager")),
            ("sort: primary contact", registry.RegistryQuery(sort_key="contact")),
            ("filter: tier = core", registry.RegistryQuery(tier="core")),
            ("filter: industry + at risk", registry.RegistryQuery(industry="电子", at_risk=True)),
            ("filter: include archived", registry.RegistryQuery(include_archived=True))]

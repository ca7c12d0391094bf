"""How raw SQL is spelled on each engine: one object chosen when the database opens.

Core and io write raw SQL once, with ``?`` placeholders and spellings valid on SQLite and
PostgreSQL alike (``TRUE``/``FALSE`` for booleans, ``count(*) FILTER (WHERE …)``,
``ON CONFLICT``, ``RETURNING``, an alias on every subquery). Where no common spelling exists
— date arithmetic, ``group_concat``, the two-argument ``max``/``min``, substring tests,
case-insensitive ``LIKE``, the order of NULLs, SQLite's planner hints — they ask the dialect
of the bound database (``core.store.db.dialect()``) for the piece of SQL. A dialect only
spells: it holds no connection, and every method is a pure function of its arguments, so a
test can run what it returns on each engine.

The SQLite spelling is today's SQL, so on SQLite nothing changes. The PostgreSQL spelling
(:class:`PostgresDialect`) is what issue #19's server engine binds; `db.sql` turns the ``?``
placeholders into the driver's ``%s`` through :meth:`Dialect.sql`.
"""

from __future__ import annotations

import functools


class Dialect:
    """SQLite's spelling (the default engine, a file on this PC)."""

    name = "sqlite"
    param = "?"
    #: SQLite's planner hints and per-connection PRAGMA tuning apply (PostgreSQL plans by statistics)
    tuning = True

    def sql(self, text: str) -> str:
        """Raw SQL written with ``?`` placeholders, in this engine's parameter style."""
        return text

    # -- dates and times (ISO text on SQLite, timestamp/date columns on PostgreSQL)

    def hours_between(self, later: str, earlier: str) -> str:
        """Hours from ``earlier`` to ``later`` (SQL expressions), as a floating-point number."""
        return f"((julianday({later}) - julianday({earlier})) * 24)"

    def day(self, column: str) -> str:
        """The ``YYYY-MM-DD`` text of a date or time expression."""
        return f"substr({column}, 1, 10)"

    def date_of(self, column: str) -> str:
        """The day of a time expression, comparable with a date column (ISO text on SQLite)."""
        return f"substr({column}, 1, 10)"

    def month(self, column: str) -> str:
        """The ``YYYY-MM`` text of a date or time expression."""
        return f"substr({column}, 1, 7)"

    def next_month(self, column: str) -> str:
        """The first day of the month after the one of a date or time expression (``YYYY-MM-DD`` on SQLite)."""
        return f"date({column}, 'start of month', '+1 month')"

    def months_between(self, later: str, earlier: str) -> str:
        """Whole calendar months from the date ``earlier`` to the date ``later``, never negative."""
        return (f"max(0, (CAST(substr({later}, 1, 4) AS INTEGER) - CAST(substr({earlier}, 1, 4) AS INTEGER)) * 12"
                f" + CAST(substr({later}, 6, 2) AS INTEGER) - CAST(substr({earlier}, 6, 2) AS INTEGER)"
                f" - (substr({later}, 9, 2) < substr({earlier}, 9, 2)))")

    def excel_serial(self, column: str) -> str:
        """A date or time expression as an Excel serial number (days since 1899-12-30); NULL for
        none (an empty text too: imported custom values)."""
        return f"(julianday(NULLIF({column}, '')) - {_EXCEL_EPOCH_JULIAN})"

    # -- aggregates and scalars

    def group_concat(self, expr: str, sep: str = ",", *, distinct: bool = False, order_by: str = "") -> str:
        """The values of ``expr`` joined by ``sep`` as text. Without ``order_by`` the order is
        undefined on both engines; with it, SQLite takes the order of its input rows (the caller
        feeds it an ordered subquery) and PostgreSQL sorts by ``order_by``."""
        if distinct:  # SQLite takes no separator with DISTINCT; the comma is its own
            if sep != ",":
                raise ValueError("group_concat(DISTINCT …) joins with ',' only")
            return f"group_concat(DISTINCT {expr})"
        return f"group_concat({expr}, {_literal(sep)})"

    def greatest(self, *values: str) -> str:
        """The largest of two or more values (SQLite's many-argument ``max``)."""
        return f"max({', '.join(values)})"

    def least(self, *values: str) -> str:
        """The smallest of two or more values (SQLite's many-argument ``min``)."""
        return f"min({', '.join(values)})"

    def contains(self, haystack: str) -> str:
        """Whether ``haystack`` holds the text of one ``?`` parameter (case-sensitive)."""
        return f"instr({haystack}, ?) > 0"

    def like_ci(self, column: str) -> str:
        """``column LIKE ?`` ignoring the case of Latin letters (SQLite's ``LIKE`` already does)."""
        return f"{column} LIKE ?"

    def order_by(self, column: str, desc: bool = False) -> str:
        """A sort key in SQLite's NULL order on both engines: NULLs first ascending, last descending."""
        return f"{column} {'DESC' if desc else 'ASC'}"

    def not_true(self, condition: str) -> str:
        """``condition`` is false or NULL (SQLite compares with 1, which its planner knows)."""
        return f"({condition}) IS NOT 1"

    def custom_value(self, column: str, kind: str) -> str:
        """A custom value (``custom_value.value``) of a field of ``kind`` as it compares and sorts:
        numbers and amounts by number, yes/no as 1/0, dates as ISO text, text as text. SQLite keeps
        the value typed (the column has no affinity), so the column is the answer there."""
        return column

    def secure_delete(self) -> str:
        """The statement that makes deleted values' bytes be overwritten, or ``""`` where none exists
        (PostgreSQL keeps dead row versions until VACUUM reuses the space)."""
        return "PRAGMA secure_delete = ON"

    def schema_objects(self) -> str:
        """A query of the names of the schema's tables or triggers, as one ``?`` parameter says
        (``'table'`` or ``'trigger'``): SQLite's ``sqlite_master``, PostgreSQL's catalogue of the
        current schema."""
        return "SELECT name FROM sqlite_master WHERE type = ?"

    # -- planner hints: SQLite plans without statistics and needs them; PostgreSQL plans by statistics

    def indexed_by(self, index: str) -> str:
        """`` INDEXED BY index`` after a table name (nothing on PostgreSQL)."""
        return f" INDEXED BY {index}"

    def not_indexed(self) -> str:
        """`` NOT INDEXED`` after a table name (nothing on PostgreSQL)."""
        return " NOT INDEXED"

    def no_index(self, column: str) -> str:
        """A column the planner must not drive the query by (SQLite's unary ``+``)."""
        return f"+{column}"


class PostgresDialect(Dialect):
    """PostgreSQL's spelling (14 and newer)."""

    name = "postgresql"
    param = "%s"
    tuning = False

    def sql(self, text: str) -> str:
        return _pg_sql(text)

    def hours_between(self, later: str, earlier: str) -> str:
        return f"(extract(epoch FROM ({later}) - ({earlier})) / 3600.0)"

    def day(self, column: str) -> str:
        return f"to_char({column}, 'YYYY-MM-DD')"

    def date_of(self, column: str) -> str:
        return f"CAST({column} AS date)"

    def month(self, column: str) -> str:
        return f"to_char({column}, 'YYYY-MM')"

    def next_month(self, column: str) -> str:
        return f"(date_trunc('month', {column}) + interval '1 month')"

    def months_between(self, later: str, earlier: str) -> str:
        age = f"age(CAST({later} AS date), CAST({earlier} AS date))"
        return f"greatest(0, CAST(extract(year FROM {age}) * 12 + extract(month FROM {age}) AS integer))"

    def excel_serial(self, column: str) -> str:
        # through text, so a timestamp, a date and a custom value's text all read the same way
        moment = f"CAST(NULLIF(CAST({column} AS text), '') AS timestamp)"
        return f"CAST(extract(epoch FROM {moment}) / 86400.0 + {_EXCEL_UNIX_EPOCH} AS double precision)"

    def group_concat(self, expr: str, sep: str = ",", *, distinct: bool = False, order_by: str = "") -> str:
        inner = f"DISTINCT CAST({expr} AS text)" if distinct else f"CAST({expr} AS text)"
        order = f" ORDER BY {order_by}" if order_by else ""
        return f"string_agg({inner}, {_literal(sep)}{order})"

    def greatest(self, *values: str) -> str:
        return f"greatest({', '.join(values)})"

    def least(self, *values: str) -> str:
        return f"least({', '.join(values)})"

    def contains(self, haystack: str) -> str:
        return f"strpos({haystack}, ?) > 0"

    def like_ci(self, column: str) -> str:
        return f"{column} ILIKE ?"

    def order_by(self, column: str, desc: bool = False) -> str:
        # PostgreSQL sorts NULLs last ascending; SQLite's order is what the views were built on
        return f"{column} DESC NULLS LAST" if desc else f"{column} ASC NULLS FIRST"

    def not_true(self, condition: str) -> str:
        return f"({condition}) IS NOT TRUE"

    def custom_value(self, column: str, kind: str) -> str:
        if kind not in _NUMERIC_KINDS:
            return column
        # the column is text; a CASE guards the cast, since PostgreSQL may test a row of another field
        # (a text or a sealed value) before its field_id (the order of a WHERE's terms is not defined)
        return f"(CASE WHEN {column} ~ '{_NUMBER_TEXT}' THEN CAST({column} AS numeric) END)"

    def secure_delete(self) -> str:
        return ""

    def schema_objects(self) -> str:
        return ("SELECT name FROM (SELECT c.relname AS name, 'table' AS type FROM pg_class c "
                "WHERE c.relkind IN ('r', 'p') AND c.relnamespace = CAST(current_schema() AS regnamespace) "
                "UNION ALL SELECT t.tgname, 'trigger' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = CAST(current_schema() AS regnamespace)) AS objects "
                "WHERE type = ?")

    def indexed_by(self, index: str) -> str:
        return ""

    def not_indexed(self) -> str:
        return ""

    def no_index(self, column: str) -> str:
        return column


_EXCEL_EPOCH_JULIAN = 2415018.5  # julianday('1899-12-30'): Excel serial = julianday(x) - this
_EXCEL_UNIX_EPOCH = 25569  # the Excel serial of 1970-01-01
_NUMERIC_KINDS = frozenset({"number", "amount", "yes_no"})  # custom fields' kinds stored as numbers
# a number as a custom value's text holds it (Python's int and float, as PostgreSQL writes them)
_NUMBER_TEXT = r"^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$"

SQLITE = Dialect()
POSTGRESQL = PostgresDialect()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@functools.lru_cache(maxsize=4096)
def _pg_sql(text: str) -> str:
    """``?`` → ``%s`` outside quotes, and every literal ``%`` doubled: psycopg scans the whole
    statement, quoted text included (``LIKE 'GD%'`` with parameters is an error otherwise)."""
    out: list[str] = []
    quote = ""
    for char in text:
        if char == "%":
            out.append("%%")
            continue
        if quote:
            quote = "" if char == quote else quote  # a doubled quote re-enters on the next character
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append(char)
    return "".join(out)

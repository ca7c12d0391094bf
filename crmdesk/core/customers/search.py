"""The customer search index and the one-box search of docs/spec.md §2.

One box finds a customer by code, any part of the name or of a contact's name
(two Chinese characters are enough), a full phone number or its last 4 digits
(尾号), tags, the searchable custom fields (text and choices), and a machine's serial number or its
start (3+ characters with a digit, through the indexed ``equipment.serial_key``, folded as the machine
form folds it). Text of 3+ characters goes to a trigram FTS5 table; 2 characters
go to a table of bigrams filled here (the trigram tokenizer needs 3); a single
character falls back to a ``LIKE`` scan. Phone numbers are matched through the
indexed ``contact.mobile_key`` / ``contact.mobile_tail`` columns (keyed hashes
once personal data is encrypted, see ``core.safety.secrets``).

On a PostgreSQL server (issue #19, DESIGN §9.1) the same document goes into one row of
``customer_search`` per customer: ``doc`` answers 3+ characters by ``LIKE`` through its pg_trgm
index, ``grams`` (its distinct bigrams) answers 2 characters by array containment. The rows are
written here, in the transaction that changes the customer, as the FTS rows are on SQLite. A word
with few hits is looked up first and handed to the outer statement as ids (``= ANY(?)``): the
planner misjudges trigram selectivity and would otherwise probe every customer in sort order.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from crmdesk.core.safety import secrets
from crmdesk.core.store import db
from crmdesk.core.validation import compact_key

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def without_controls(text: str) -> str:
    """``text`` without control and format characters (NUL, zero-width spaces, BOMs, bidi marks).

    Nobody types them on purpose; pasted from a web page or a hostile file they would reach
    SQLite's LIKE and FTS5 parsers (a NUL there raised ``OperationalError``). Every search
    goes through :func:`fold`, which applies this.
    """
    if text.isprintable() or not text:
        return text
    return "".join(" " if ch in "\t\n\r" else ch for ch in text
                   if ch in "\t\n\r" or unicodedata.category(ch)[0] != "C")


def fold(text: str) -> str:
    """Half-width, lower-case, single-spaced text without control characters, as stored in and
    searched against the index."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", without_controls(text or "")).lower()).strip()


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE … ESCAPE '\\'``: a typed ``%`` or ``_`` matches itself, not everything."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def bigrams(text: str) -> str:
    """Every 2-character window of each word, space separated (``"华强电子" → "华强 强电 电子"``).

    Punctuation splits words so a query never matches across it; a one-character
    word is kept as it is.
    """
    grams: list[str] = []
    for word in re.split(r"[\s\W_]+", fold(text)):
        if len(word) == 1:
            grams.append(word)
        grams.extend(word[i:i + 2] for i in range(len(word) - 1))
    return " ".join(grams)


def document(code: str, name: str, contact_names: Iterable[str], tags: Iterable[str],
             custom: Iterable[str] = ()) -> str:
    """The indexed text of one customer (``custom``: its searchable custom values, see ``core.customfields``)."""
    return fold(" ".join([code, name, *contact_names, *tags, *custom]))


class _Bound:
    """A server database seen as a connection (``execute`` with ``?``), for the readers shared with a
    SQLite connection: the bound one through ``db.sql``, or ``database`` (a copy into a server that
    the models are not bound to: move-to-server, restore)."""

    server = True

    def __init__(self, database: Any = None) -> None:
        self.database = database

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        if self.database is None:
            return db.sql(statement, params)
        return self.database.execute_sql(self.database.dialect.sql(statement), params)

    def executemany(self, statement: str, rows: list[Any]) -> None:
        if self.database is None:
            db.sql(statement, rows, many=True)
            return
        with self.database.cursor() as cursor:
            cursor.executemany(self.database.dialect.sql(statement), rows)


def _on_server(conn: object) -> bool:
    return not isinstance(conn, sqlite3.Connection)


def _documents(conn: Any, ids: list[int] | None) -> Iterable[tuple[int, str]]:
    where = "" if ids is None else f" WHERE c.id IN ({','.join('?' * len(ids))})"
    params = [] if ids is None else ids
    contacts: dict[int, list[str]] = {}
    tags: dict[int, list[str]] = {}
    for cid, name in conn.execute(
            f"SELECT ct.customer_id, ct.name FROM contact ct JOIN customer c ON c.id = ct.customer_id{where}"
            + (" AND" if where else " WHERE") + " ct.deleted_at IS NULL", params):
        contacts.setdefault(cid, []).append(name)
    for cid, name in conn.execute(
            f"SELECT l.customer_id, t.name FROM customer_tag l JOIN tag t ON t.id = l.tag_id "
            f"JOIN customer c ON c.id = l.customer_id{where}", params):
        tags.setdefault(cid, []).append(name)
    # start-up: the custom fields' module (three dataclasses, ~3 ms) loads when an index is built, not with the session
    from crmdesk.core.customfields import values as custom_values

    custom = custom_values.search_texts(conn, ids)
    for cid, code, name in conn.execute(f"SELECT c.id, c.code, c.name FROM customer c{where}", params):
        yield cid, document(code, name, contacts.get(cid, ()), tags.get(cid, ()), custom.get(cid, ()))


def reindex(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> int:
    """Rebuild the index rows of the given customers (all when ``ids`` is None).

    Call inside the transaction that changed the customers, so the index never
    disagrees with the data. Returns the number of customers indexed.
    """
    id_list = None if ids is None else sorted(set(ids))
    if id_list is not None and not id_list:
        return 0
    if _on_server(conn):
        return _reindex_server(id_list)
    if id_list is None:
        conn.execute("DELETE FROM customer_fts")
        conn.execute("DELETE FROM customer_bigram")
        chunks: Iterable[list[int] | None] = [None]
    else:
        chunks = [id_list[i:i + 500] for i in range(0, len(id_list), 500)]
    count = 0
    for chunk in chunks:
        if chunk is not None:
            marks = ",".join("?" * len(chunk))
            conn.execute(f"DELETE FROM customer_fts WHERE rowid IN ({marks})", chunk)
            conn.execute(f"DELETE FROM customer_bigram WHERE rowid IN ({marks})", chunk)
        rows = list(_documents(conn, chunk))
        conn.executemany("INSERT INTO customer_fts(rowid, text) VALUES (?, ?)", rows)
        conn.executemany("INSERT INTO customer_bigram(rowid, grams) VALUES (?, ?)",
                         [(cid, bigrams(text)) for cid, text in rows])
        count += len(rows)
    return count


def _reindex_server(id_list: list[int] | None, bound: _Bound | None = None) -> int:
    """``reindex`` on a server: one ``customer_search`` row per customer (the document and its bigrams)."""
    bound = bound or _Bound()
    if id_list is None:
        bound.execute("DELETE FROM customer_search")
    chunks: Iterable[list[int] | None] = [None] if id_list is None else [
        id_list[i:i + 500] for i in range(0, len(id_list), 500)]
    count = 0
    for chunk in chunks:
        if chunk is not None:
            bound.execute("DELETE FROM customer_search WHERE customer_id = ANY(?)", [chunk])
        rows = [(cid, text, sorted(set(bigrams(text).split()))) for cid, text in _documents(bound, chunk)]
        if rows:
            bound.executemany("INSERT INTO customer_search (customer_id, doc, grams) VALUES (?, ?, ?)", rows)
        count += len(rows)
    return count


def rebuild_on(database: Any) -> None:
    """Index every customer of a server database the models are not bound to, in its open transaction
    (its rows were just copied in: ``core.server_transfer`` runs this after the copy)."""
    _reindex_server(None, _Bound(database))


def forget(customer_id: int) -> None:
    """Remove a purged customer's index rows (on a server the row goes with the customer: ON DELETE CASCADE)."""
    if db.dialect().name == "sqlite":
        db.sql("DELETE FROM customer_fts WHERE rowid = ?", [customer_id])
        db.sql("DELETE FROM customer_bigram WHERE rowid = ?", [customer_id])


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_clause(query: str, *, phone_keys: tuple[str, str] | None = None,
                 serials: bool = True) -> tuple[str, list[object]] | None:
    """An SQL condition on ``customer.id`` for the search box text, or ``None`` for no filter.

    ``phone_keys`` is ``(full_key, tail_key)`` to compare with the contact columns when
    the query looks like a phone number or tail; by default the digits themselves.
    ``serials=False`` leaves out the machines' serial numbers (a caller that looks them up itself).
    Every word of the query must match (AND).
    """
    folded = fold(query)
    compact = re.sub(r"[\s\-()]", "", folded)
    # A phone number typed with spaces or dashes ("138 1234 5678") is one word, not three.
    words = [compact] if re.fullmatch(r"\+?\d{4,}", compact) else folded.split()
    if not words:
        return None
    parts: list[str] = []
    params: list[object] = []
    server = db.dialect().name != "sqlite"
    for word in words:
        # Where a word's customers can come from, each a statement of customer ids: one ``IN`` over
        # their union (an ``OR`` of several ``IN`` made PostgreSQL test each of the 100,000 customers
        # against every list, 20-50 ms a phone-number keystroke; the union is read first, then the few
        # customers it names, about 1 ms on either engine).
        sources: list[str] = []
        word_params: list[object] = []
        digits = "".join(_DIGITS.findall(word))
        if digits and len(digits) == len(word.replace("-", "").replace("+", "")):
            full_key, tail_key = phone_keys or phone_index_keys(digits)
            if len(digits) == 4:
                sources.append("SELECT customer_id FROM contact WHERE mobile_tail = ? AND deleted_at IS NULL")
                word_params.append(tail_key)
            elif len(digits) >= 7:
                sources.append("SELECT customer_id FROM contact WHERE mobile_key = ? AND deleted_at IS NULL")
                word_params.append(full_key)
        serial = compact_key(word)
        if serials and len(serial) >= 3 and any(ch.isdigit() for ch in serial):  # a machine's serial, or its start
            sources.append("SELECT customer_id FROM equipment WHERE serial_key >= ? AND serial_key < ? "
                           "AND deleted_at IS NULL")
            word_params.extend([serial, serial + "\uffff"])
        if len(word) >= 2 and server:
            sources.append(_server_words(word, word_params))
        elif len(word) >= 3:
            sources.append("SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?")
            word_params.append(_fts_phrase(word))
        elif len(word) == 2:
            sources.append("SELECT rowid FROM customer_bigram WHERE customer_bigram MATCH ?")
            word_params.append(_fts_phrase(word))
        if sources:
            parts.append("id IN (" + " UNION ALL ".join(sources) + ")")
        else:  # a single character: a letter matches either case on both engines
            d = db.dialect()
            parts.append(f"({d.like_ci('name')} ESCAPE '\\' OR {d.like_ci('code')} ESCAPE '\\')")
            word_params.extend([like_pattern(word), like_pattern(word)])
        params.extend(word_params)
    return " AND ".join(parts), params


# Up to this many hits a word's customers go into the statement as ids (DESIGN §9.2: sorting a few
# thousand ids by their index entries takes milliseconds; past it the hits are dense and the sort
# index's walk stops early).
FEW_HITS = 2000


def _server_words(word: str, params: list[object]) -> str:
    """The customer ids of a word of 2+ characters on a server, as a statement: its hits' ids when few,
    else the search table's own statement."""
    value: object
    if len(word) >= 3:
        where, value = "doc LIKE ? ESCAPE '\\'", like_pattern(word)
    else:
        grams = bigrams(word).split()
        if not grams:  # punctuation only: FTS5 finds nothing for it either
            return "SELECT customer_id FROM customer_search WHERE FALSE"
        where, value = "grams @> CAST(? AS text[])", grams
    hits = [row[0] for row in db.sql(f"SELECT customer_id FROM customer_search WHERE {where} LIMIT ?",
                                     [value, FEW_HITS + 1])]
    if len(hits) <= FEW_HITS:
        params.append(hits)
        return "SELECT unnest(CAST(? AS integer[]))"
    params.append(value)
    return f"SELECT customer_id FROM customer_search WHERE {where}"


def phone_index_keys(number: str) -> tuple[str, str]:
    """The values stored in ``contact.mobile_key`` / ``mobile_tail`` for a normalised number
    (keyed hashes once the database is encrypted, see ``core.safety.secrets``)."""
    return secrets.index_keys(number)


db.register_data_step(2, reindex)  # migration 2 created the index tables: fill them

"""Search-index rows for the customers an import creates (docs/spec.md §2 search, §9 speed).

``core.customers.search.reindex`` rebuilds index rows from the database; for 100,000 customers
just created that would read them all back and run the general bigram splitter, about
as long as the rest of the import. The importer already holds each new customer's
code, name, contact names and tags, so it writes the very same index text directly:
``search.document`` for the trigram table, and for the bigram table the 2-character
windows of each word — the output of ``search.bigrams``, computed faster for plain text
(see :func:`bigrams`). The rows go in blocks, each one ``INSERT … SELECT`` over a JSON
array (:func:`json_blocks`, :func:`insert_json`), so FTS5 tokenizes without the GIL while
the commit's helper thread makes the next block and writes the error workbook.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from operator import add

from crmdesk.core.customers import search
from crmdesk.io.importing.server_conn import on_server
from crmdesk.io.importing.sql import chunks

BLOCK = 5_000  # customers per block of index rows (about 1.5 MB of JSON)
_PLAIN_WORDS = re.compile(r"[^\W_]{2,}(?: [^\W_]{2,})*")


def bigrams(document: str) -> str:
    """``search.bigrams(document)`` for a text made by ``search.document`` (already folded).

    The common text — words of two or more letters separated by single spaces — is
    split here, pairing each word's characters with ``map``; anything else (punctuation,
    one-letter words, text that folding would still change) goes to ``search.bigrams``.
    """
    if not _PLAIN_WORDS.fullmatch(document) or not unicodedata.is_normalized("NFKC", document):
        return search.bigrams(document)
    return " ".join([" ".join(map(add, word[:-1], word[1:])) for word in document.split(" ")])


DocParts = tuple[int, str, str, Sequence[str], Sequence[str]]  # id, code, name, contact names, tags


def json_blocks(parts: Sequence[DocParts], size: int | None = None) -> Iterator[tuple[int, str, str]]:
    """For each block of new customers: how many, and the JSON arrays of their ``(id, text)`` and
    ``(id, bigrams)`` rows.

    Pure Python (the commit's helper thread makes them while SQLite rebuilds indexes and
    fills the index); :func:`insert_json` writes them.
    """
    document = search.document
    for part in chunks(parts, size or BLOCK):
        docs = [(cid, document(code, name, names, tags)) for cid, code, name, names, tags in part]
        grams = [(cid, bigrams(text)) for cid, text in docs]
        yield len(docs), json.dumps(docs, ensure_ascii=False), json.dumps(grams, ensure_ascii=False)


def insert_json(conn: sqlite3.Connection, trigram_rows: str, bigram_rows: str) -> None:
    """Insert one block of :func:`json_blocks` into both index tables.

    One bound parameter and one statement per table instead of one step per row:
    sqlite3 releases the GIL for the whole statement, so the helper thread works meanwhile.
    On a server the block becomes ``customer_search`` rows (the document and its distinct bigrams,
    as ``core.customers.search`` writes them).
    """
    if on_server(conn):  # held until the customers are written (the server's rows reference them)
        grams = dict(json.loads(bigram_rows))
        conn.search_rows.extend((cid, text, sorted(set(grams[cid].split())))  # type: ignore[attr-defined]
                                for cid, text in json.loads(trigram_rows))
        return
    for table, column, rows in (("customer_fts", "text", trigram_rows), ("customer_bigram", "grams", bigram_rows)):
        conn.execute(f"INSERT INTO {table}(rowid, {column}) SELECT json_extract(value, '$[0]'), "
                     f"json_extract(value, '$[1]') FROM json_each(?) ORDER BY key", (rows,))


def flush(conn: sqlite3.Connection) -> None:
    """Write the search rows a server's :func:`insert_json` held back (nothing on a file)."""
    if on_server(conn):
        for part in chunks(conn.search_rows, BLOCK):  # type: ignore[attr-defined]
            conn.executemany("INSERT INTO customer_search (customer_id, doc, grams) VALUES (?, ?, ?)", part)
        conn.search_rows.clear()  # type: ignore[attr-defined]


def reindex(conn: sqlite3.Connection, ids: set[int] | list[int]) -> None:
    """``search.reindex`` for existing customers, in chunks."""
    ordered = sorted(ids)
    for part in chunks(ordered, 5000):
        search.reindex(conn, part)

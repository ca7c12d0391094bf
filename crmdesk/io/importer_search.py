"""Search-index rows for the customers an import creates (SPEC §2 search, §9 speed).

``core.search.reindex`` rebuilds index rows from the database; for 100,000 customers
just created that would read them all back and run the general bigram splitter, about
as long as the rest of the import. The importer already holds each new customer's
code, name, contact names and tags, so it writes the very same index text directly:
``search.document`` for the trigram table, and for the bigram table the 2-character
windows of each word — the output of ``search.bigrams``, computed faster for plain text
(see :func:`bigrams`).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from operator import add

from crmdesk.core import search
from crmdesk.io.importer_sql import CHUNK, chunks

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


def index_new(conn: sqlite3.Connection, docs: list[tuple[int, str]] | list[tuple[int, str, str]]) -> None:
    """Insert the index rows of customers that have none yet (ids new in this transaction).

    ``docs`` holds ``(id, text)`` or ``(id, text, bigrams(text))``.
    """
    for part in chunks(docs, CHUNK):
        conn.executemany("INSERT INTO customer_fts(rowid, text) VALUES (?, ?)", [d[:2] for d in part])
        conn.executemany("INSERT INTO customer_bigram(rowid, grams) VALUES (?, ?)",
                         [(d[0], d[2] if len(d) > 2 else bigrams(d[1])) for d in part])


def reindex(conn: sqlite3.Connection, ids: set[int] | list[int]) -> None:
    """``search.reindex`` for existing customers, in chunks."""
    ordered = sorted(ids)
    for part in chunks(ordered, 5000):
        search.reindex(conn, part)

"""Privacy actions that must leave a trace, or must leave none (个人信息保护法, docs/spec.md §2, §7).

- :func:`record_reveal`: revealing a customer's masked personal data is logged;
  :func:`dialable` gives the numbers the person who must call is shown (a reveal for that
  purpose, recorded by whoever shows them).
- :func:`audit_entry`: an audit-log row written together with the work it records (an
  unmasked export), also from a reading session, whose models are bound read-only: the row
  then goes through a short connection of its own, and a database that cannot take it (a
  read-only file) refuses the work with a message naming the file.
- :func:`purge_traces`: after an erasure on request, nothing of the erased values is left in
  the search indexes' old segments or in free pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import DatabaseError

from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.store import db
from crmdesk.core.store.errors import KnownError, classify_sqlite_error
from crmdesk.core.store.models import AuditLog, Contact, Customer, Staff, database_proxy
from crmdesk.core.validation import mask_mobile

log = logging.getLogger(__name__)

_PHONE_LIKE = re.compile(r"\+?[\d\s\-()]{7,}")


def record_reveal(customer_id: int, operator: Staff | None, what: str = "联系人手机等个人信息") -> None:
    """Log that ``operator`` revealed a customer's masked personal data."""
    customer = Customer.get_by_id(customer_id)
    AuditLog.create(operator=operator, action="reveal", entity="customer", entity_id=customer_id,
                    detail=f"{customer.code} {customer.name}：查看{what}")


@dataclass(frozen=True)
class Dialable:
    """A contact of a customer with the numbers to dial, unmasked."""

    contact_id: int
    name: str
    title: str
    mobile: str
    phone: str
    is_primary: bool


def dialable(customer_id: int) -> list[Dialable]:
    """The contacts to call a customer on, still with the firm and primary first, with full numbers.

    Showing them is a reveal of personal data: whoever shows one records it with ``record_reveal``.
    """
    query = (Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null()
                                    & (Contact.has_left == False))  # noqa: E712 - peewee expression
             .order_by(Contact.is_primary.desc(), Contact.id))
    return [Dialable(c.id, c.name, c.title, secrets.reveal("contact", "mobile", c.mobile),
                     secrets.reveal("contact", "phone", c.phone), bool(c.is_primary)) for c in query]


def mask_wechat(value: str | None) -> str:
    """A WeChat ID as lists and the dossier show it: ``"li****x"``; one that is a mobile number
    (many are) is masked like the mobile (``"138****5678"``), so it cannot undo the mobile's mask."""
    text = (value or "").strip()
    if not text:
        return ""
    if _PHONE_LIKE.fullmatch(text):  # a phone number, perhaps with +86, spaces or dashes
        return mask_mobile(text)
    if len(text) <= 3:
        return text[0] + "**"
    return text[:2] + "****" + text[-1]


@contextmanager
def audit_entry(operator: Staff | None, action: str, entity: str, detail: str) -> Iterator[None]:
    """Write an audit-log row in the same transaction as the block (the block's work is not
    done without its row, nor the row without the work). Raises a ``KnownError`` naming the
    database when the row cannot be written."""
    database = database_proxy.obj
    path = getattr(database, "path", None)
    if not getattr(database, "read_only", False):
        try:
            with database_proxy.atomic():
                AuditLog.create(operator=operator, action=action, entity=entity, detail=detail)
                yield
        except sqlite3.Error as exc:
            raise _refused(path, exc) from exc
        except Exception as exc:  # peewee wraps sqlite3's errors
            known = classify_sqlite_error(exc, str(path or ""))
            if known is None or isinstance(exc, KnownError):
                raise
            raise _refused(path, exc) from exc
        return
    # a reading session: its own short connection, since the models' one is mode=ro
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
    except sqlite3.Error as exc:
        raise _refused(path, exc) from exc
    try:
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO audit_log (at, operator_id, action, entity, entity_id, detail) "
                         "VALUES (?, ?, ?, ?, NULL, ?)",
                         [dt.datetime.now().replace(microsecond=0).isoformat(" "),
                          operator.id if operator is not None else None, action, entity, detail])
        except sqlite3.Error as exc:
            raise _refused(path, exc) from exc
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _refused(path, exc) from exc
    finally:
        conn.close()


def _refused(path: object, exc: BaseException) -> KnownError:
    known = classify_sqlite_error(exc, str(path or ""))
    reason = known.message if known is not None else str(exc)
    return KnownError(_("{path}: the audit log cannot be written ({reason}), so nothing was exported: an export "
                        "of unmasked personal data is always recorded.", path=str(path or "?"), reason=reason))


def purge_traces() -> None:
    """Leave nothing of erased values in the search indexes or in free pages.

    FTS5 keeps a deleted row's terms in its older index segments until they are merged:
    ``optimize`` rewrites each index as one segment without them. With ``secure_delete`` on,
    the pages this frees are overwritten with zeros. Call inside the erasure's transaction,
    with ``secure_delete`` already on for its updates (:func:`secure_erasure`).
    """
    if db.dialect().name != "sqlite":  # a server's search rows are plain rows: VACUUM reuses their space (DESIGN §15)
        return
    for table in ("customer_fts", "customer_bigram"):
        db.sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")


@contextmanager
def secure_erasure() -> Iterator[None]:
    """The transaction of an erasure: old bytes overwritten, indexes purged, the WAL emptied.

    After the commit the write-ahead log still holds the pages as they were before (with
    the erased values) until a checkpoint copies the new ones into the file: the checkpoint
    runs at once and truncates the log (when no reader holds an old snapshot, which in the
    app's single window is the normal case).
    """
    if statement := db.dialect().secure_delete():
        db.sql(statement)
    with database_proxy.atomic():
        yield
        purge_traces()
    if db.dialect().name != "sqlite":  # a server has no write-ahead log of ours to empty (DESIGN §15)
        return
    try:
        busy, _frames, _done = db.sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            log.warning("erasure: a reader kept the write-ahead log from being emptied; the next checkpoint does")
    except (sqlite3.Error, DatabaseError):  # peewee's name for the engine's errors
        log.warning("erasure: the write-ahead log could not be emptied now", exc_info=True)

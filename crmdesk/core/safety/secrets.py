"""Encryption at rest of personal data (docs/spec.md §7, 个人信息保护法).

Key hierarchy:
- one random 256-bit data key per database encrypts the sensitive fields with AES-GCM
  (``cryptography``), each value with its own nonce and the column name as associated
  data, stored as ``enc1:<base64>``;
- the data key lives in the operating system's key store (``core.safety.keystore``), under the
  database's random id — never next to the database;
- the database keeps only *wrapped* copies of the data key: one under a key derived
  (scrypt) from the recovery code shown once on first run, and optionally one under a
  passphrase for PCs without a usable key store. With the code a backup opens on a new PC.
- phone search uses keyed hashes (HMAC-SHA256 with a key derived from the data key) of
  the full normalised number and of its last 4 digits, so the clear numbers are never
  stored.

The rest of the core calls :func:`current` for the active cipher. ``PlainCipher`` (no
encryption) is active until a database is unlocked; it keeps the Qt-free services
usable in isolation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import secrets as pysecrets
import uuid
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from crmdesk.core.firm import settings
from crmdesk.core.i18n import _
from crmdesk.core.safety import keystore
from crmdesk.core.store import db
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import AuditLog, database_proxy

log = logging.getLogger(__name__)
PREFIX = "enc1:"
PASSPHRASE_ENV = "CRMDESK_PASSPHRASE"
RECOVERY_ENV = "CRMDESK_RECOVERY_CODE"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
# scrypt cost of NEW wraps: N = 2^17 (128 MB, about 0.3–1 s per try). Older wraps keep the
# cost they were made with (it is stored beside them) and still open.
SCRYPT_COST = 2**17
_SCRYPT_MAXMEM = 256 * 1024 * 1024  # 128·r·N bytes, with room for scrypt's own overhead
MIN_PASSPHRASE = 8  # the same minimum for the dialog and CRMDESK_PASSPHRASE

# Sensitive columns (docs/spec.md §2): table -> columns. WeChat IDs are often the mobile number itself; a
# machine's site address (安装地址) is where a person may live.
SENSITIVE = {
    "contact": ("mobile", "phone", "email", "wechat", "birthday"),
    "customer": ("address", "confidential_notes"),
    "equipment": ("site_address",),
}
# Binary columns sealed whole: the content of attachments (their thumbnails included; their file
# names are kept in clear like the names of contacts, and wiped by an erasure). A sealed
# blob starts with BLOB_SEALED and is bound to its table, column and row id, so no piece can be
# moved to another row. Only a database with a key stores them (``seal_bytes`` of the plain
# cipher refuses), so they are never in clear and need no repair; ``crmdesk check`` still looks.
SENSITIVE_BLOBS = {"attachment_chunk": ("data",)}
BLOB_SEALED = b"\x01"


class KeyStoreUnavailable(KnownError):
    """No OS key store: the caller offers a passphrase."""


class KeyMissing(KnownError):
    """The key store does not hold this database's key: ask for the recovery code."""


class WrongKey(KnownError):
    """A code, passphrase or stored key does not open this database."""


class PlainCipher:
    """No encryption (before a database is unlocked, and for the raw index keys)."""

    encrypted = False

    def encrypt(self, value: str, column: str) -> str:
        return value or ""

    def encrypt_many(self, values: Sequence[str], column: str) -> list[str]:
        """:meth:`encrypt` for a column of values (an import seals 100,000 at a time); empty ones stay
        empty. Through :meth:`encrypt`, so a cipher that refuses to encrypt refuses here too."""
        encrypt = self.encrypt
        return [encrypt(value, column) if value else "" for value in values]

    def decrypt(self, value: str, column: str) -> str:
        if value and value.startswith(PREFIX):
            raise KnownError(_("A value could not be decrypted (wrong key or damaged data)."))
        return value or ""

    def index_keys(self, digits: str) -> tuple[str, str]:
        if not (digits and digits.isascii() and digits.isdigit()):  # a normalised number needs no filtering
            digits = "".join(ch for ch in digits or "" if ch.isdigit())
        return (digits[-11:], digits[-4:]) if digits else ("", "")

    def tail_key(self, tail: str) -> str:
        return tail

    def seal_bytes(self, data: bytes, context: str) -> bytes:
        raise KnownError(_("Attachments are kept only in an encrypted database; open the database in CRMDesk first."))

    def open_bytes(self, blob: bytes, context: str) -> bytes:
        raise KnownError(_("A value could not be decrypted (wrong key or damaged data)."))


class PendingCipher(PlainCipher):
    """While the app looks the key up after its first paint: personal fields can be neither
    read nor written (nothing is stored in clear by a save made in that moment)."""

    def _refuse(self, *_args: object) -> str:
        raise KnownError(_("The database is still being unlocked; try again in a moment."))

    # one refusal stands in for each
    encrypt = decrypt = tail_key = seal_bytes = open_bytes = _refuse  # type: ignore[assignment]

    def index_keys(self, digits: str) -> tuple[str, str]:
        self._refuse()
        return ("", "")


class Cipher(PlainCipher):
    """AES-GCM for values, HMAC-SHA256 for the phone index."""

    encrypted = True

    def __init__(self, data_key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(data_key) != 32:
            raise ValueError("data key must be 32 bytes")
        self._aead = AESGCM(data_key)
        index_key = hmac.new(data_key, b"crmdesk phone index v1", hashlib.sha256).digest()
        # HMAC-SHA256 (RFC 2104) under the index key with its two padded-key blocks hashed once:
        # each value then costs two copies and two short updates, not an HMAC set up from the key
        # (OpenSSL's one-shot HMAC looks the digest up and keys it again on every call; the import
        # asks for 100,000 keys). The keys equal ``hmac.new(index_key, text, sha256)``'s.
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in index_key.ljust(64, b"\0")))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in index_key.ljust(64, b"\0")))
        self.check = hmac.new(data_key, b"crmdesk key check v1", hashlib.sha256).hexdigest()[:32]
        self._tails: dict[str, str] = {}  # the 10,000 possible last-4-digit keys, made once each

    def encrypt(self, value: str, column: str) -> str:
        if not value:
            return ""
        if value.startswith(PREFIX) and self._sealed_here(value, column):
            return value  # already sealed by this key for this column (idempotent)
        # anything else is clear text, even typed text that merely starts like a sealed value
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), column.encode("ascii"))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def encrypt_many(self, values: Sequence[str], column: str) -> list[str]:
        """:meth:`encrypt` for a column of values: empty ones stay empty, the random nonces of
        all the others come from one ``os.urandom`` call (the same random source, one system
        call instead of one per value)."""
        out = [value or "" for value in values]
        todo = [i for i, value in enumerate(out) if value]
        if not todo:
            return out
        nonces = os.urandom(12 * len(todo))
        aad = column.encode("ascii")
        seal = self._aead.encrypt
        b64 = binascii.b2a_base64
        for n, i in enumerate(todo):
            value = out[i]
            if value.startswith(PREFIX):  # rare: sealed already, or clear text that looks so
                out[i] = self.encrypt(value, column)
                continue
            nonce = nonces[12 * n:12 * n + 12]
            out[i] = PREFIX + b64(nonce + seal(nonce, value.encode("utf-8"), aad), newline=False).decode("ascii")
        return out

    def decrypt(self, value: str, column: str) -> str:
        if not value or not value.startswith(PREFIX):
            return value or ""  # an old plaintext value (encrypted when a writer next opens the file)
        clear = self._open(value, column)
        if clear is None:
            raise KnownError(_("A value could not be decrypted (wrong key or damaged data)."))
        return clear

    def _open(self, value: str, column: str) -> str | None:
        from cryptography.exceptions import InvalidTag

        try:
            raw = base64.b64decode(value[len(PREFIX):], validate=True)
            return self._aead.decrypt(raw[:12], raw[12:], column.encode("ascii")).decode("utf-8")
        except (InvalidTag, ValueError):  # binascii.Error and UnicodeDecodeError are ValueErrors
            return None

    def _sealed_here(self, value: str, column: str) -> bool:
        return self._open(value, column) is not None

    def _mac(self, text: str) -> str:
        inner = self._inner.copy()
        inner.update(text.encode("ascii"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()[:16].hex()

    def index_keys(self, digits: str) -> tuple[str, str]:
        full, tail = PlainCipher.index_keys(self, digits)
        return (self._mac("f" + full), self.tail_key(tail)) if full else ("", "")

    def tail_key(self, tail: str) -> str:
        key = self._tails.get(tail)
        if key is None:
            key = self._mac("t" + tail)
            if len(tail) <= 4:  # bounded: at most 11,111 tails of up to 4 digits
                self._tails[tail] = key
        return key

    def seal_bytes(self, data: bytes, context: str) -> bytes:
        """``data`` sealed for ``context`` (``"attachment_chunk.data:<row id>"``): marker, nonce, ciphertext."""
        nonce = os.urandom(12)
        return BLOB_SEALED + nonce + self._aead.encrypt(nonce, bytes(data), context.encode("ascii"))

    def open_bytes(self, blob: bytes, context: str) -> bytes:
        """The clear bytes of a blob sealed for ``context``; a wrong key or a moved piece is refused."""
        from cryptography.exceptions import InvalidTag

        blob = bytes(blob)
        if blob[:1] != BLOB_SEALED or len(blob) < 29:
            raise KnownError(_("A value could not be decrypted (wrong key or damaged data)."))
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], context.encode("ascii"))
        except InvalidTag:
            raise KnownError(_("A value could not be decrypted (wrong key or damaged data).")) from None


_active: PlainCipher = PlainCipher()


def current() -> PlainCipher:
    """The cipher of the open database."""
    return _active


def activate(cipher: PlainCipher) -> None:
    """Make ``cipher`` the one the services use (on open, and back to plain on close)."""
    global _active
    _active = cipher


# -- key material -------------------------------------------------------------------------------


def new_recovery_code() -> str:
    """24 characters in 6 groups, e.g. ``K7QF-2M9X-…`` (120 bits)."""
    chars = "".join(pysecrets.choice(_CODE_ALPHABET) for _ in range(24))
    return "-".join(chars[i:i + 4] for i in range(0, 24, 4))


def normalise_code(code: str) -> str:
    """Upper-case, without separators or spaces (the code is typed back in from paper)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _kek(secret: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=params["n"], r=params["r"], p=params["p"],
                          maxmem=_SCRYPT_MAXMEM, dklen=32)


def check_new_passphrase(passphrase: str, *, variable: str | None = None) -> None:
    """Refuse a passphrase shorter than :data:`MIN_PASSPHRASE` for a NEW wrap (dialog or environment)."""
    if len(passphrase) >= MIN_PASSPHRASE:
        return
    if variable:
        raise KnownError(_("{variable} needs at least {count} characters.", variable=variable, count=MIN_PASSPHRASE))
    raise KnownError(_("A passphrase needs at least {count} characters.", count=MIN_PASSPHRASE))


def wrap(data_key: bytes, secret: str) -> dict[str, object]:
    """The data key sealed under a key derived from ``secret`` (stored in the database)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = {"n": SCRYPT_COST, "r": 8, "p": 1}
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_kek(secret, salt, params)).encrypt(nonce, data_key, b"crmdesk data key")
    return {"salt": salt.hex(), "nonce": nonce.hex(), "sealed": base64.b64encode(sealed).decode(), **params}


def unwrap(wrapped: dict[str, object], secret: str) -> bytes | None:
    """The data key, or None when ``secret`` is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        params = {k: int(str(wrapped[k])) for k in ("n", "r", "p")}
        salt, nonce = bytes.fromhex(str(wrapped["salt"])), bytes.fromhex(str(wrapped["nonce"]))
        sealed = base64.b64decode(str(wrapped["sealed"]), validate=True)
    except (KeyError, TypeError, ValueError):
        return None  # a damaged or forged record opens nothing
    # A forged record could ask for gigabytes of scrypt memory or hours of work: refuse it.
    if not (2 <= params["n"] <= 2**20 and 1 <= params["r"] <= 16 and 1 <= params["p"] <= 4):
        return None
    try:
        return AESGCM(_kek(secret, salt, params)).decrypt(nonce, sealed, b"crmdesk data key")
    except (InvalidTag, ValueError):
        return None


keystore_available = keystore.available  # where the key can be kept (the dialogs ask before a passphrase)


# -- the database's key record ------------------------------------------------------------------


class KeyRecord(NamedTuple):
    """What the database stores about its key (never the key itself)."""

    database_id: str
    check: str
    recovery: dict[str, object]
    passphrase: dict[str, object] | None = None

    def to_json(self) -> str:
        return json.dumps({"database_id": self.database_id, "check": self.check, "recovery": self.recovery,
                           "passphrase": self.passphrase})

    @classmethod
    def from_json(cls, text: str) -> KeyRecord:
        """The record stored in the database; a damaged one raises :class:`WrongKey`."""
        try:
            data = json.loads(text)
            recovery, passphrase = data["recovery"], data.get("passphrase")
            record = cls(str(data["database_id"]), str(data["check"]), recovery, passphrase)
        except (KeyError, TypeError, ValueError):
            raise WrongKey(_("The key record of this database is damaged; restore a backup.")) from None
        if not isinstance(recovery, dict) or not (passphrase is None or isinstance(passphrase, dict)):
            raise WrongKey(_("The key record of this database is damaged; restore a backup."))
        return record


def create_key(passphrase: str | None = None) -> tuple[KeyRecord, bytes, str]:
    """A new data key, its record and the recovery code to show once."""
    data_key = os.urandom(32)
    code = new_recovery_code()
    record = KeyRecord(uuid.uuid4().hex, Cipher(data_key).check, wrap(data_key, normalise_code(code)),
                       wrap(data_key, passphrase) if passphrase else None)
    return record, data_key, code


def key_from_secret(record: KeyRecord, secret: str, *, passphrase_first: bool = False) -> bytes:
    """The data key from a recovery code or passphrase; raises :class:`WrongKey`.

    Each try costs one scrypt (~0.1 s), so the likelier one goes first.
    """
    tries = [(record.recovery, normalise_code(secret)), (record.passphrase, secret)]
    if passphrase_first:
        tries.reverse()
    for wrapped, text in tries:
        if wrapped:
            key = unwrap(wrapped, text)
            if key is not None and Cipher(key).check == record.check:
                return key
    raise WrongKey(_("The recovery code or passphrase does not match this database."))


def key_from_store(record: KeyRecord) -> bytes:
    """The data key from the OS key store or ``CRMDESK_PASSPHRASE``/``CRMDESK_RECOVERY_CODE``."""
    if keystore.available():
        key = keystore.get(record.database_id)
        if key is not None:
            if Cipher(key).check != record.check:
                raise WrongKey(_("The key in the key store does not match this database."))
            return key
    for env, passphrase in ((PASSPHRASE_ENV, True), (RECOVERY_ENV, False)):
        if os.environ.get(env):
            key = key_from_secret(record, os.environ[env], passphrase_first=passphrase)
            remember(record, key)
            return key
    if not keystore.available() and record.passphrase is not None:
        raise KeyStoreUnavailable(_(
            "No usable key store was found on this computer (Windows Credential Manager, macOS Keychain or the "
            "Secret Service on Linux). CRMDesk does not store the encryption key next to the database; choose "
            "a passphrase instead, or set CRMDESK_PASSPHRASE for scheduled tasks."))
    raise KeyMissing(_("The encryption key of this database is not on this computer. Enter the recovery code (or the "
                       "passphrase) to open it."))


def remember(record: KeyRecord, data_key: bytes) -> bool:
    """Put the key into the OS key store when there is one; returns whether it did."""
    if not keystore.available():
        return False
    keystore.put(record.database_id, data_key)
    return True


# -- rows ---------------------------------------------------------------------------------------


def seal_column(table: str, column: str, values: Sequence[str]) -> list[str]:
    """One sensitive column's values encrypted (empty ones stay empty): ``seal`` for many rows."""
    return current().encrypt_many(values, f"{table}.{column}")


def seal(table: str, values: dict[str, object]) -> dict[str, object]:
    """``values`` with the table's sensitive columns encrypted (others untouched)."""
    cipher = current()
    out = dict(values)
    for column in SENSITIVE.get(table, ()):
        value = out.get(column)
        if isinstance(value, str):
            out[column] = cipher.encrypt(value, f"{table}.{column}")
    return out


def reveal(table: str, column: str, value: str) -> str:
    """One sensitive value in clear."""
    return current().decrypt(value or "", f"{table}.{column}")


def index_keys(number: str) -> tuple[str, str]:
    """``contact.mobile_key`` / ``mobile_tail`` for a number (keyed hashes once encrypted)."""
    return current().index_keys(number)


# -- unlocking a database -----------------------------------------------------------------------


class UnlockResult(NamedTuple):
    """How the database was opened; ``recovery_code`` is set only when a key was just created.

    ``migrated_rows``: rows whose clear personal values were encrypted now (all of them when
    the key was just created for an older file; stray ones, logged, otherwise).
    ``keyless``: a read of a database that has no key yet (nothing was created).
    """

    created: bool
    recovery_code: str | None = None
    in_keystore: bool = True
    migrated_rows: int = 0
    keyless: bool = False


def ensure_key_can_be_stored(new_passphrase: str | None = None) -> None:
    """Raise :class:`KeyStoreUnavailable` now if a new key would have nowhere to go (check before long work)."""
    if not keystore.available() and not (new_passphrase or os.environ.get(PASSPHRASE_ENV)):
        raise KeyStoreUnavailable(_(
            "No usable key store was found on this computer (Windows Credential Manager, macOS Keychain or the "
            "Secret Service on Linux). CRMDesk does not store the encryption key next to the database; choose "
            "a passphrase instead, or set CRMDESK_PASSPHRASE for scheduled tasks."))


def load_record() -> KeyRecord | None:
    """The database's key record, if encryption was set up."""
    text = settings.get("encryption")
    return KeyRecord.from_json(text) if text else None


def unlock(*, create: bool = True, repair: bool = True, new_passphrase: str | None = None,
           secret: str | None = None, before_write: Callable[[], None] | None = None) -> UnlockResult:
    """Make the open database's key active; for a writer, create it on first use.

    - no key yet and ``create`` (a writing session): a new key, stored in the key store, or —
      without one — wrapped under ``new_passphrase`` (or ``CRMDESK_PASSPHRASE``, at least
      :data:`MIN_PASSPHRASE` characters); raises :class:`KeyStoreUnavailable` when neither is
      possible. The key reaches the key store BEFORE its record is committed, so a kill in
      between never leaves data nobody can open. Existing clear values are encrypted.
    - no key yet and not ``create`` (a read): nothing is written; the plain cipher stays.
    - later: the key from the key store (or the environment); with ``secret`` (a recovery
      code or passphrase typed by the user) it is unwrapped and remembered. With ``repair``
      (a writing session) personal values found in clear are encrypted and the repair logged.

    ``before_write`` runs before anything is written (the session's quick check verdict).
    """
    record = load_record()
    if record is None:
        if not create:
            activate(PlainCipher())
            return UnlockResult(False, None, keystore.available(), 0, keyless=True)
        if new_passphrase:
            check_new_passphrase(new_passphrase)
            passphrase: str | None = new_passphrase
        else:
            passphrase = os.environ.get(PASSPHRASE_ENV) or None
            if passphrase:
                check_new_passphrase(passphrase, variable=PASSPHRASE_ENV)
        ensure_key_can_be_stored(passphrase)
        if before_write is not None:
            before_write()
        record, data_key, code = create_key(passphrase)
        stored = remember(record, data_key)
        with database_proxy.atomic():
            settings.put("encryption", record.to_json())
            activate(Cipher(data_key))
            migrated = encrypt_plaintext()
        log.info("encryption key created for database %s (%s): %s rows encrypted", record.database_id,
                 "in the OS key store" if stored else "under a passphrase", migrated)
        return UnlockResult(True, code, stored, migrated)
    data_key = key_from_secret(record, secret) if secret else key_from_store(record)
    if secret:
        remember(record, data_key)
    activate(Cipher(data_key))
    log.info("database %s unlocked (%s)", record.database_id,
             "recovery code or passphrase typed" if secret else "key from the key store or the environment")
    migrated = repair_clear_values(before_write) if repair else 0
    return UnlockResult(False, None, keystore.available(), migrated)


def repair_clear_values(before_write: Callable[[], None] | None = None) -> int:
    """Encrypt personal values found in clear in an encrypted database, and log that it happened.

    Such values come from a writer that did not hold the key (an older CRMDesk, a script,
    a restored keyless backup merged in); they are never silently accepted.
    """
    if not any(db.sql(f"SELECT 1 FROM {table} WHERE {clear_condition(table)} LIMIT 1").fetchone()
               for table in SENSITIVE) and not clear_custom_values(limit=1):
        return 0  # the usual case: nothing to write
    if before_write is not None:
        before_write()
    with database_proxy.atomic():
        changed = encrypt_plaintext()
        if changed:
            message = _("Personal data stored in clear in {count} row(s) was encrypted.", count=changed)
            AuditLog.create(action="repair_clear", entity="database", detail=message)
    if changed:
        log.warning("personal data in clear found in %s row(s) and encrypted", changed)
    return changed


def clear_blob_condition(table: str) -> str:
    """SQL that selects the rows of ``table`` holding a blob of ``SENSITIVE_BLOBS`` that is not sealed."""
    return " OR ".join(f"(length({c}) > 0 AND substr({c}, 1, 1) != x'01')" for c in SENSITIVE_BLOBS[table])


def clear_condition(table: str) -> str:
    """SQL that selects the rows of ``table`` holding a personal value in clear.

    For contacts this includes a phone index in clear (the digits themselves instead of
    32-hex-digit keyed hashes), since the full number is the index key then.
    """
    parts = [f"({c} != '' AND {c} NOT LIKE '{PREFIX}%')" for c in SENSITIVE[table]]
    if table == "contact":
        parts.append("(mobile_key != '' AND length(mobile_key) != 32)")
        parts.append("(mobile_tail != '' AND length(mobile_tail) != 32)")
    return " OR ".join(parts)


def encrypt_plaintext() -> int:
    """Encrypt sensitive values still stored in clear and re-key the phone index (idempotent).

    Returns the number of rows changed. The connection's ``secure_delete`` stays on, so the
    clear values' old bytes are overwritten with zeros instead of lingering in free space.
    """
    cipher = current()
    if not cipher.encrypted:
        return 0
    changed = 0
    if statement := db.dialect().secure_delete():
        db.sql(statement)
    with database_proxy.atomic():
        for table, columns in SENSITIVE.items():
            extra_columns = ("mobile_key", "mobile_tail") if table == "contact" else ()
            rows = db.sql(f"SELECT id, {', '.join(columns)} FROM {table} WHERE {clear_condition(table)}"
                          ).fetchall()
            if not rows:
                continue
            updates = []
            for row in rows:
                stored = dict(zip(columns, row[1:]))
                values = [v if not v or v.startswith(PREFIX) else cipher.encrypt(v, f"{table}.{c}")
                          for c, v in stored.items()]
                if extra_columns:
                    mobile = stored["mobile"] or ""
                    number = cipher.decrypt(mobile, "contact.mobile") if mobile.startswith(PREFIX) else mobile
                    values.extend(cipher.index_keys(number))
                updates.append((*values, row[0]))
            sets = ", ".join(f"{c} = ?" for c in (*columns, *extra_columns))
            db.sql(f"UPDATE {table} SET {sets} WHERE id = ?", updates, many=True)
            changed += len(updates)
        custom = [(cipher.encrypt(str(value), f"custom_value.{field_id}"), row_id)
                  for row_id, field_id, value in clear_custom_values()]
        db.sql("UPDATE custom_value SET value = ? WHERE id = ?", custom, many=True)
        changed += len(custom)
    return changed


def clear_custom_values(conn: Any = None, limit: int = -1) -> list[tuple[int, int, object]]:
    """Values of sensitive custom fields (``core.customfields``) still stored in clear: (id, field id, value).

    A sensitive field's values are sealed as text bound to ``custom_value.<field id>``; a number
    or a date saved while no key existed is sealed as its text (the field's kind reads it back).
    ``conn``: a file's own ``sqlite3`` connection (the data check); by default the bound database.
    """
    run = conn.execute if conn is not None else db.sql
    sqlite = conn is not None or db.dialect().name == "sqlite"  # a server's schema is always current (#19)
    if sqlite and run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'custom_value'").fetchone() is None:
        return []  # an older schema, before its migration
    # on a server the column is text (custom_value.value has no type on SQLite only)
    sealed = f"typeof(v.value) = 'text' AND v.value LIKE '{PREFIX}%'" if sqlite else f"v.value LIKE '{PREFIX}%'"
    return run(
        "SELECT v.id, v.field_id, v.value FROM custom_value v JOIN custom_field f ON f.id = v.field_id "
        f"WHERE f.sensitive = TRUE AND NOT ({sealed})" + (" LIMIT ?" if limit >= 0 else ""),
        (limit,) if limit >= 0 else ()).fetchall()


def key_matches() -> bool | None:
    """Whether the active key opens this database (None when encryption is not set up)."""
    record = load_record()
    if record is None:
        return None
    cipher = current()
    return cipher.encrypted and getattr(cipher, "check", None) == record.check

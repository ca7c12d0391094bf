"""Encryption at rest: nothing sensitive in the file, phone search through keyed hashes, recovery."""

from __future__ import annotations

import base64
import shutil
import sqlite3
from pathlib import Path

import keyring
import pytest

from crmdesk.core.customers import registry
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.safety import secrets
from crmdesk.core.store import db as dbmod
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import Contact, Customer, database_proxy

SENSITIVE_VALUES = ["13812345678", "0755-86001234", "wang.jianguo@huaqiang.cn", "福田区华强北路1001号",
                    "年底前报价可以让到八折", "1980-05-17"]


def _customer() -> int:
    return customers.save(CustomerInput(
        name="深圳市华强电子有限公司", type="customer", address="福田区华强北路1001号",
        confidential_notes="年底前报价可以让到八折",
        contacts=[ContactInput(name="王建国", title="采购经理", mobile="13812345678", phone="0755 8600 1234",
                               email="wang.jianguo@huaqiang.cn", birthday="1980-05-17", is_primary=True)],
    )).customer_id


def _raw_bytes(path: Path) -> bytes:
    database_proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    wal = Path(str(path) + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_the_database_file_holds_no_sensitive_value_in_clear(db, tmp_path) -> None:
    cid = _customer()
    data = customers.load(cid)
    data.contacts[0].mobile = "13912345678"  # an edit goes through the change log too
    customers.save(data, customer_id=cid, reason="换号")
    raw = _raw_bytes(tmp_path / "test.db")
    for value in [*SENSITIVE_VALUES, "13912345678"]:
        assert value.encode("utf-8") not in raw, value
    # …while the app reads them back
    loaded = customers.load(cid)
    assert (loaded.address, loaded.contacts[0].email, loaded.contacts[0].birthday) == (
        "福田区华强北路1001号", "wang.jianguo@huaqiang.cn", "1980-05-17")


def test_phone_search_works_through_keyed_hashes(db) -> None:
    cid = _customer()
    contact = Contact.get()
    assert contact.mobile_key not in ("13812345678", "") and contact.mobile_tail != "5678"
    for text in ("5678", "13812345678", "+86 138-1234-5678"):
        assert registry.customer_ids(RegistryQuery(text=text)) == [cid]
    assert registry.fetch_rows([cid])[cid].mobile_masked == "138****5678"


def test_a_plaintext_database_is_encrypted_on_unlock(tmp_path) -> None:
    path = tmp_path / "old.db"
    dbmod.open_database(path)  # no key yet: the old app stored values in clear
    cid = _customer()
    assert Contact.get().mobile == "13812345678"
    result = secrets.unlock()
    assert result.created and result.migrated_rows == 2  # one customer row, one contact row
    assert Contact.get().mobile.startswith(secrets.PREFIX)
    assert Customer.get_by_id(cid).address.startswith(secrets.PREFIX)
    assert registry.customer_ids(RegistryQuery(text="5678")) == [cid]
    raw = _raw_bytes(path)
    assert not any(value.encode() in raw for value in ("13812345678", "福田区华强北路1001号"))
    database_proxy.obj.close()


def test_a_backup_opens_on_a_new_pc_with_the_recovery_code(tmp_path, memory_keyring) -> None:
    path = tmp_path / "pc1.db"
    dbmod.open_database(path)
    result = secrets.unlock()  # first run: the code is shown once
    code = result.recovery_code
    assert result.created and code and len(secrets.normalise_code(code)) == 24
    cid = _customer()
    copy = tmp_path / "backup-copy.db"
    database_proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, copy)
    database_proxy.obj.close()

    memory_keyring.passwords.clear()  # a new PC: empty key store
    secrets.activate(secrets.PlainCipher())
    dbmod.open_database(copy)
    with pytest.raises(secrets.KeyMissing):
        secrets.unlock()
    with pytest.raises(secrets.WrongKey):
        secrets.unlock(secret="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    secrets.unlock(secret=code.lower().replace("-", " "))  # typed back from paper, any spacing
    assert customers.load(cid).contacts[0].mobile == "13812345678"
    assert memory_keyring.passwords  # remembered in the key store for next time
    secrets.activate(secrets.PlainCipher())
    secrets.unlock()  # now from the key store
    assert secrets.key_matches()
    database_proxy.obj.close()


def test_without_a_key_store_a_passphrase_is_used_and_nothing_is_stored_beside_the_db(tmp_path) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    path = tmp_path / "nokeystore.db"
    dbmod.open_database(path)
    assert not secrets.keystore_available()
    with pytest.raises(secrets.KeyStoreUnavailable) as info:
        secrets.unlock()
    assert "口令" in info.value.message
    result = secrets.unlock(new_passphrase="我们公司的口令2026")
    assert result.created and not result.in_keystore
    cid = _customer()
    raw_key = secrets.current()  # the data key must not be written in any form but wrapped
    record = secrets.load_record()
    assert record.passphrase is not None
    files = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    key_bytes = raw_key._aead._key if hasattr(raw_key._aead, "_key") else None
    if key_bytes:
        assert base64.b64encode(key_bytes) not in files and key_bytes not in files
    secrets.activate(secrets.PlainCipher())
    with pytest.raises(secrets.KeyStoreUnavailable):
        secrets.unlock()
    secrets.unlock(secret="我们公司的口令2026")
    assert customers.load(cid).contacts[0].mobile == "13812345678"
    database_proxy.obj.close()


def test_passphrase_from_the_environment_for_scheduled_tasks(tmp_path, monkeypatch) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv(secrets.PASSPHRASE_ENV, "计划任务口令")  # 6 characters: the dialog's minimum is 8
    dbmod.open_database(tmp_path / "env.db")
    with pytest.raises(KnownError, match="CRMDESK_PASSPHRASE 至少需要 8 个字符"):
        secrets.unlock()
    assert secrets.load_record() is None
    monkeypatch.setenv(secrets.PASSPHRASE_ENV, "计划任务口令2026")
    assert secrets.unlock().created
    cid = _customer()
    secrets.activate(secrets.PlainCipher())
    secrets.unlock()
    assert customers.load(cid).contacts[0].mobile == "13812345678"
    database_proxy.obj.close()


def test_values_are_bound_to_their_column() -> None:
    cipher = secrets.Cipher(b"k" * 32)
    token = cipher.encrypt("13812345678", "contact.mobile")
    assert cipher.decrypt(token, "contact.mobile") == "13812345678"
    with pytest.raises(KnownError, match="解密"):
        cipher.decrypt(token, "contact.email")  # moved to another column: refused
    assert cipher.encrypt("13812345678", "contact.mobile") != token  # a fresh nonce every time
    assert sqlite3.sqlite_version


def test_a_column_sealed_at_once_reads_back_like_values_sealed_one_by_one() -> None:
    """The import's ``encrypt_many``: empty values stay empty, every other gets its own nonce and
    opens with ``decrypt`` under its column only; text that looks sealed is sealed too."""
    cipher = secrets.Cipher(b"k" * 32)
    values = ["13812345678", "", "13812345678", "enc1:typed", None]
    sealed = cipher.encrypt_many(values, "contact.mobile")  # type: ignore[arg-type]
    assert sealed[1] == sealed[4] == ""
    assert sealed[0] != sealed[2] and len({s[:30] for s in sealed[:3:2]}) == 2  # fresh nonces
    assert [cipher.decrypt(s, "contact.mobile") for s in sealed] == ["13812345678", "", "13812345678",
                                                                     "enc1:typed", ""]
    with pytest.raises(KnownError):
        cipher.decrypt(sealed[0], "contact.email")
    assert secrets.PlainCipher().encrypt_many(["a", "", None], "contact.mobile") == ["a", "", ""]  # type: ignore[list-item]


def test_phone_index_keys_are_hmac_sha256_of_the_digits() -> None:
    """The precomputed-pad HMAC gives the keys ``hmac.new`` gives (existing databases' keys hold)."""
    import hashlib
    import hmac

    data_key = bytes(range(32))
    cipher = secrets.Cipher(data_key)
    index_key = hmac.new(data_key, b"crmdesk phone index v1", hashlib.sha256).digest()

    def expected(text: str) -> str:
        return hmac.new(index_key, text.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    assert cipher.index_keys("138-1234-5678") == (expected("f13812345678"), expected("t5678"))
    assert cipher.index_keys("13812345678") == cipher.index_keys("138 1234 5678")
    assert cipher.tail_key("5678") == expected("t5678") == cipher.tail_key("5678")  # cached, same key
    assert cipher.tail_key("345678") == expected("t345678")
    assert cipher.index_keys("") == ("", "")


def test_pending_cipher_refuses_personal_fields_until_the_key_is_found(db) -> None:
    """Between the app's first paint and the key lookup nothing personal is read or stored in clear."""
    from crmdesk.core.store.errors import KnownError

    before = secrets.current()
    secrets.activate(secrets.PendingCipher())
    try:
        for call in (lambda: secrets.seal("contact", {"mobile": "13812345678"}),
                     lambda: secrets.seal_column("customer", "address", ["", "福田区华强北路1001号"]),
                     lambda: secrets.current().index_keys("13812345678"),
                     lambda: secrets.current().decrypt("x", "contact.mobile")):
            with pytest.raises(KnownError, match="正在解锁"):
                call()
    finally:
        secrets.activate(before)


def test_typed_text_that_looks_sealed_is_sealed_too(db) -> None:
    """A value typed as "enc1:…" was stored in clear and crashed every reader of it; now it is sealed."""
    cipher = secrets.current()
    for typed in ("enc1:hello", "enc1:", "enc1:!!not base64!!"):
        sealed = cipher.encrypt(typed, "contact.wechat")
        assert sealed != typed and cipher.decrypt(sealed, "contact.wechat") == typed
    assert cipher.encrypt(sealed, "contact.wechat") == sealed  # already sealed by this key: left alone
    with pytest.raises(KnownError):  # a damaged value is a message, not a binascii traceback
        cipher.decrypt("enc1:!!not base64!!", "contact.wechat")


def test_a_forged_key_record_opens_nothing_and_costs_nothing(db) -> None:
    import json
    import time

    from crmdesk.core.firm import settings

    record = json.loads(settings.get("encryption"))
    record["recovery"]["n"] = 2**40  # would ask scrypt for terabytes
    settings.put("encryption", json.dumps(record))
    started = time.perf_counter()
    with pytest.raises(secrets.WrongKey):
        secrets.key_from_secret(secrets.load_record(), "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    assert time.perf_counter() - started < 1
    settings.put("encryption", "{not json")
    with pytest.raises(secrets.WrongKey, match="密钥记录已损坏"):
        secrets.load_record()


def test_old_wraps_still_open_whatever_the_cost_of_new_ones(monkeypatch) -> None:
    """New wraps use SCRYPT_COST (2^17 in the app: tests/attacks reads it from a record a command made);
    a wrap keeps the cost it was made with, so an older, cheaper one still opens."""
    monkeypatch.setattr(secrets, "SCRYPT_COST", 2**12)
    old = secrets.wrap(b"k" * 32, "旧口令12345678")  # as an older CRMDesk made it
    monkeypatch.setattr(secrets, "SCRYPT_COST", 2**14)
    assert old["n"] == 2**12 and secrets.unwrap(old, "旧口令12345678") == b"k" * 32
    assert secrets.wrap(b"k" * 32, "新口令12345678")["n"] == 2**14

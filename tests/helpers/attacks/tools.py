"""Shared tools of the attack suite: commands run as a user would, marker values, raw-byte scans.

Every command runs as a real subprocess (``python -m crmdesk``) with its data folder under the
test's ``tmp_path``, its key store in a JSON file (:mod:`tests.helpers.attacks.keystore`) and, where the
promise is bounded memory, an address-space limit. Every promise is checked on the bytes the
app left on disk: the database with its ``-wal``/``-shm``, backups, exports (unzipped), logs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import resource
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from tests.helpers.attacks import keystore

ROOT = Path(__file__).resolve().parents[3]

# Values that appear nowhere else: if their bytes are found in a file, that file leaks them.
MARKERS = {
    "mobile": "13957219468",
    "phone": "0571-86975312",
    "email": "marker.leak@qz-probe.cn",
    "wechat": "wx_probe_579246",
    "address": "杭州市西湖区甲乙丙丁路9527号",
    "birthday": "1979-07-13",
    "confidential_notes": "机密标记七号探针",
}
# a WeChat ID that is the mobile number itself (a quarter of the demo contacts): the mask must hold
WECHAT_IS_MOBILE = "13957219468"


def env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a command: data in ``home``, keys in ``home/keyring.json``."""
    values = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRMDESK_HOME=str(home),
                  PYTHON_KEYRING_BACKEND=keystore.BACKEND, **{keystore.ENV: str(home / "keyring.json")})
    values.pop("CRMDESK_PASSPHRASE", None)
    values.pop("CRMDESK_RECOVERY_CODE", None)
    values.update(extra)
    return values


def _limits(memory: int | None, file_size: int | None):  # type: ignore[no-untyped-def]
    def apply() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    return apply


def cli(home: Path, *args: str, timeout: float = 180, memory: int | None = None, file_size: int | None = None,
        extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``crmdesk ARGS`` to the end."""
    return subprocess.run([sys.executable, "-m", "crmdesk", *args], cwd=ROOT, env=env(home, **(extra_env or {})),
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limits(memory, file_size) if memory or file_size else None)


@contextlib.contextmanager
def on_pc(home: Path) -> Iterator[None]:
    """The code of this process runs as on the PC whose data folder and key store are in ``home``
    (what a subprocess of :func:`cli` gets from its environment)."""
    import keyring

    saved = {name: os.environ.get(name) for name in ("CRMDESK_HOME", keystore.ENV)}
    os.environ["CRMDESK_HOME"], os.environ[keystore.ENV] = str(home), str(home / "keyring.json")
    previous = keyring.get_keyring()
    keyring.set_keyring(keystore.FileKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``crmdesk ARGS`` in this process (the same code, ten times faster than a subprocess),
    with the data folder and the key store a subprocess of :func:`cli` would use."""
    import io

    from crmdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with on_pc(home), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["crmdesk", *args], code, out.getvalue(), err.getvalue())


def start(home: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start ``crmdesk ARGS`` (to be killed)."""
    return subprocess.Popen([sys.executable, "-m", "crmdesk", *args], cwd=ROOT, env=env(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sha(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recovery_code(stderr: str) -> str:
    """The recovery code a command printed when it created a key."""
    found = re.search(r"recovery code of .+?: ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){5})", stderr)
    assert found, stderr
    return found.group(1)


# --------------------------------------------------------------------------- reading what is on disk


def files_under(*roots: Path) -> list[Path]:
    """Every file below the roots (or the roots themselves), with a database's -wal/-shm/-journal."""
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(p for p in root.rglob("*") if p.is_file())
        else:
            found.extend(p for p in (root, *(Path(f"{root}{s}") for s in ("-wal", "-shm", "-journal")))
                         if p.is_file())
    return sorted(set(found))


def readable_bytes(path: Path) -> bytes:
    """A file as a reader would see it: raw bytes, zip members inflated, PDF text extracted."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(path) as archive:
            return data + b"".join(archive.read(name) for name in archive.namelist())
    if data.startswith(b"%PDF"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
        return data + text
    return data


def leaks(paths: Iterable[Path], values: Sequence[str]) -> list[tuple[str, str]]:
    """``(file, value)`` for each marker value whose UTF-8 (or UTF-16) bytes a file holds."""
    found = []
    for path in paths:
        data = readable_bytes(path)
        for value in values:
            if value.encode("utf-8") in data or value.encode("utf-16-le") in data:
                found.append((path.name, value))
    return found


def ledger(path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] | None = None) -> Path:
    """An .xlsx ledger with the registration template's main columns (and WeChat, birthday)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header or ["客户名称", "客户类型", "重要等级", "联系人", "联系人职务", "联系人手机", "联系电话",
                                 "联系人邮箱", "微信", "生日", "详细地址", "所属行业"]))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def marker_ledger(path: Path, name: str = "探针测试贸易有限公司") -> Path:
    """One customer carrying every marker value."""
    m = MARKERS
    return ledger(path, [[name, "成交客户", "A", "钱探针", "经理", m["mobile"], m["phone"], m["email"], m["wechat"],
                          m["birthday"], m["address"], "零售"]])


# --------------------------------------------------------------------------- in-process sessions


@contextlib.contextmanager
def session(home: Path, db: Path) -> Iterator[None]:
    """A writing session in this process on the data folder and key store the commands use."""
    from crmdesk.core.session import open_session

    with on_pc(home), open_session(db, write=True):
        yield


def sheet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """An .xlsx with this header and these rows."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module", name="database")
def keyed_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``(home, db)``: a database with a key and one customer, made by a real import, shared by a module's
    tests (they never change it). A test module takes it as the ``database`` fixture by importing it."""
    folder = tmp_path_factory.mktemp("hostile")
    home, db = folder / "home", folder / "crm.db"
    made = cli(home, "--db", str(db), "import", str(marker_ledger(folder / "first.xlsx")), "--json")
    assert made.returncode == 0, made.stderr
    return home, db

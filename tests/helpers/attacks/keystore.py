"""A key store for the commands the attack tests run as subprocesses (keyring's backend interface).

A bare subprocess has no OS key store on a headless test machine; the commands find this one
through ``PYTHON_KEYRING_BACKEND=tests.helpers.attacks.keystore.FileKeyring`` and keep their keys in
the JSON file named by ``CRMDESK_TEST_KEYRING``. Test data only: the file holds keys in clear.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend

ENV = "CRMDESK_TEST_KEYRING"
BACKEND = "tests.helpers.attacks.keystore.FileKeyring"


class FileKeyring(keyring.backend.KeyringBackend):
    """Passwords in a JSON file (tests only)."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ[ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def _save(self, data: dict[str, str]) -> None:
        """Replace the file whole, as an OS key store commits an entry: the kill tests kill commands
        at random moments, and a file truncated mid-write would read as an empty key store (a flaky
        JSONDecodeError in the next command, not anything the product did)."""
        path = self._path()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(data), encoding="utf-8")
        os.replace(partial, path)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._save(data)

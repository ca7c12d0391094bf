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

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._path().parent.mkdir(parents=True, exist_ok=True)
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(data), encoding="utf-8")

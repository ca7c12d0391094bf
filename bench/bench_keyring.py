"""A key store for benchmark runs only: the OS key store path, without one on a headless machine.

The reference database's key is kept in bench/.cache/keyring.json (plain text: benchmark data
only). Start-up is then timed as a real PC with Windows Credential Manager or the Secret
Service would run it — a key-store lookup, not a passphrase's scrypt.
"""

from __future__ import annotations

import json
from pathlib import Path

from keyring.backend import KeyringBackend

STORE = Path(__file__).resolve().parent / ".cache" / "keyring.json"


class FileKeyring(KeyringBackend):
    """Passwords in one JSON file."""

    priority = 1

    def _load(self) -> dict[str, str]:
        return json.loads(STORE.read_text()) if STORE.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        STORE.parent.mkdir(parents=True, exist_ok=True)
        STORE.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        STORE.write_text(json.dumps(data))

"""The operating system's key store (keyring) that keeps each database's data key (docs/spec.md §7).

Windows Credential Manager, macOS Keychain or the Secret Service on Linux, chosen directly
(keyring's own discovery scans every installed package's entry points, ~0.2 s of each start);
``PYTHON_KEYRING_BACKEND`` or a keyringrc file still choose another backend. Keys are stored
under ``CRMDesk`` / ``db-<database id>``; nothing else of CRMDesk lives there.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

SERVICE = "CRMDesk"

_keystore_backend: object | None = None
_keystore_ok = False

# keyring's own discovery scans every installed package's entry points (~0.2 s of each start);
# the platform's key store is known, so it is tried directly. PYTHON_KEYRING_BACKEND or a
# keyringrc file still choose another backend through keyring's normal discovery.
_PLATFORM_BACKENDS = {
    "win32": ["keyring.backends.Windows:WinVaultKeyring"],
    "darwin": ["keyring.backends.macOS:Keyring"],
}
_LINUX_BACKENDS = ["keyring.backends.SecretService:Keyring", "keyring.backends.libsecret:Keyring",
                   "keyring.backends.kwallet:DBusKeyring"]


def _choose_backend() -> None:
    import importlib
    import sys

    import keyring.core

    # keyring's private "backend already chosen" (its stubs say never None; it is None until one is chosen)
    if getattr(keyring.core, "_keyring_backend", None) is not None or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return
    try:
        from keyring.util import platform_ as keyring_platform

        if (Path(keyring_platform.config_root()) / "keyringrc.cfg").exists():
            return
    except Exception:  # noqa: BLE001 - fall back to keyring's discovery
        return
    for spec in _PLATFORM_BACKENDS.get(sys.platform, _LINUX_BACKENDS):
        module_name, class_name = spec.split(":")
        try:
            backend_class = getattr(importlib.import_module(module_name), class_name)
            if backend_class.priority > 0:  # raises or is <= 0 when the store cannot be used
                keyring.set_keyring(backend_class())
                return
        except Exception:  # noqa: BLE001 - not usable here: try the next
            continue
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())


def available() -> bool:
    """Whether keyring has a real backend (not the 'fail' or 'null' one); checked once per backend."""
    global _keystore_backend, _keystore_ok
    import keyring

    _choose_backend()
    backend = keyring.get_keyring()
    if backend is _keystore_backend:
        return _keystore_ok
    _keystore_backend = backend
    name = type(backend).__module__ + "." + type(backend).__name__
    _keystore_ok = getattr(backend, "priority", 0) > 0 and not name.startswith(("keyring.backends.fail",
                                                                                 "keyring.backends.null"))
    return _keystore_ok


def get(database_id: str) -> bytes | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(SERVICE, f"db-{database_id}")
    except KeyringError:
        return None
    return base64.b64decode(value) if value else None


def put(database_id: str, data_key: bytes) -> None:
    import keyring

    keyring.set_password(SERVICE, f"db-{database_id}", base64.b64encode(data_key).decode())

"""PySide6's look at every imported module, made cheap (docs/spec.md §9 start-up and idle memory).

For its ``__feature__`` switches PySide6 asks, for each module imported after its own, whether
the module uses PySide6: it reads the module's whole source with ``inspect.getsource``, which
splits the file into lines and keeps them in ``linecache`` for the life of the process. The
window imports some 130 modules before its first paint: about 18 ms of the start-up, and 2.5 MB
of source text kept (9 MB once every tab was opened). :func:`install` answers the same question —
does the file contain ``PySide6`` — from the file's bytes, keeping nothing. Modules without a
``.py`` file, and any PySide6 that no longer has this hook, are left to PySide6 itself.
"""

from __future__ import annotations

import sys
from types import ModuleType


def install() -> None:
    """Replace PySide6's per-import source scan (idempotent; the command line does it before it
    imports the window's modules)."""
    import PySide6  # noqa: F401 - loads shiboken's support modules, the hook among them

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "crmdesk", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.crmdesk = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]  # noqa: SLF001 - PySide6's own hook

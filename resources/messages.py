"""The gettext catalogue of the Qt-free layers (core, io, cli), extracted and compiled with Babel.

    python resources/build.py update   # also: sources -> crmdesk/locale/zh_CN/LC_MESSAGES/crmdesk.po
    python resources/build.py          # also: .po -> crmdesk.mo (package data, read by core.i18n)
    python resources/build.py --check  # also: the .mo is up to date and the .po complete

The Chinese is written by hand in the ``.po`` (``msgstr``), as in the Qt ``.ts``. The markers
``_``, ``N_``, ``data_text`` and ``C_`` (a label with its context) are those of ``crmdesk/core/i18n.py``; the
widgets of ``crmdesk/ui`` use Qt's ``tr()`` and the ``.ts`` instead. Obsolete entries are dropped,
and the file keeps no source locations, so an edit elsewhere in a module does not touch it.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "crmdesk"
LOCALE = PACKAGE / "locale"
LANGUAGE = "zh_CN"
PO = LOCALE / LANGUAGE / "LC_MESSAGES" / "crmdesk.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "data_text": None, "in_language": (2,), "C_": ((1, "c"), 2)}
HEADER = """\
# Chinese (Simplified) messages of CRMDesk's core, io and command line.
# Written by hand: fill each empty msgstr, then run python resources/build.py.
#"""


def _skipped(path: Path) -> bool:
    """The widgets translate with Qt."""
    return path.relative_to(PACKAGE).as_posix().startswith(("ui/", "locale/"))


def extract():
    """A catalogue template with every marked message of the sources."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    template = Catalog(project="CRMDesk", charset="utf-8")
    for path in sources():
        # Babel warns of every f-string among a call's arguments, also of the values given to the
        # placeholders; an f-string as the message itself is refused by fstring_messages() instead.
        with contextlib.redirect_stderr(io.StringIO()):
            found = list(extract_from_file("python", str(path), keywords=KEYWORDS))
        for _lineno, message, comments, context in found:
            template.add(message, None, [], auto_comments=comments, context=context)
    return template


def sources() -> list[Path]:
    """The modules whose messages go into the catalogue."""
    return [path for path in sorted(PACKAGE.rglob("*.py")) if not _skipped(path)]


def fstring_messages() -> list[str]:
    """``_(f"...")``: a message that cannot be looked up, because its text changes with its values."""
    pattern = re.compile(r'(?<![\w.])(?:_|N_)\(\s*f["\']')
    return [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
            for path in sources() for text in [path.read_text(encoding="utf-8")]
            for match in pattern.finditer(text)]


def read():
    """The catalogue as committed."""
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return read_po(handle, locale=LANGUAGE, domain="crmdesk")


def _po_bytes(catalog) -> bytes:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, ignore_obsolete=True, sort_output=True)
    return buffer.getvalue()


def _mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def updated():
    """The committed catalogue brought up to the sources: new messages empty, vanished ones out."""
    catalog = read()
    catalog.update(extract(), update_creation_date=False)
    return catalog


def update() -> None:
    """Extract into the ``.po``, keeping every translation already there."""
    PO.write_bytes(_po_bytes(updated()))


def build(out: Path | None = None) -> Path:
    """Compile the ``.po`` to the ``.mo`` (to ``out`` for checks)."""
    target = out or MO
    target.write_bytes(_mo_bytes(read()))
    return target


def untranslated() -> list[str]:
    """Messages of the sources without a Chinese translation (empty or fuzzy), or missing from the ``.po``."""
    catalog = updated()
    return [f"{m.context + ': ' if m.context else ''}{m.id}" for m in catalog
            if m.id and (not m.string or m.fuzzy)]


def check() -> list[str]:
    """What is out of date: the ``.po`` against the sources, the ``.mo`` against the ``.po``."""
    stale = []
    if _po_bytes(updated()) != PO.read_bytes():
        stale.append(str(PO.relative_to(ROOT)))
    if not MO.is_file() or _mo_bytes(read()) != MO.read_bytes():
        stale.append(str(MO.relative_to(ROOT)))
    return stale

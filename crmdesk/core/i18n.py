"""Translation of the messages and labels of the Qt-free layers (core, io and the command line).

The core and io layers cannot use Qt's ``tr()``. They write their messages in English inside
``_()``, with ``{name}`` placeholders, and look them up in the gettext catalogue of the chosen
language: ``crmdesk/locale/zh_CN/LC_MESSAGES/crmdesk.po``, edited by hand like the Qt ``.ts``,
compiled to ``crmdesk.mo`` and shipped as package data. The application and the command line
choose the language once at start (Simplified Chinese by default, ``--lang en``).

``python resources/build.py update`` extracts the messages with Babel into the ``.po`` (new ones
with an empty translation, vanished ones dropped); ``python resources/build.py`` compiles the
``.mo``; a test fails on a message without its Chinese or a stale ``.mo`` (see ``resources/messages.py``).

The markers the extraction knows:

- ``_(message, **params)``: the message in the current language, placeholders filled;
- ``N_(message)``: a message kept in a table and translated where it is shown, ``_(TABLE[key])``;
- ``C_(context, message)``: an enumeration label (:class:`Label`), translated in its context so that
  the stage 归档 and the customer status 已归档 may both be "Archived" in English
  (``core.store.enums`` holds every enumeration);
- ``data_text(message, **params)``: the message in the language of the firm's records, Chinese
  whatever the interface shows: what is stored and read back as data (the change log, the
  recycle bin's labels) and the firm's Excel files (templates, exports);
- ``in_language(language, message, **params)``: the message in any fixed language.
"""

from __future__ import annotations

import functools
import gettext
import io
import logging
from collections.abc import Iterable
from importlib import resources
from typing import NamedTuple

DOMAIN = "crmdesk"
LANGUAGES = ("zh_CN", "en")  # English is the language of the sources: it needs no catalogue
DATA_LANGUAGE = "zh_CN"  # of the firm's records and files: a change log row must not change with --lang

log = logging.getLogger(__name__)
_language = "zh_CN"


def set_language(language: str) -> None:
    """Choose the language of core messages: ``"zh_CN"`` (default) or ``"en"``."""
    global _language
    _language = "en" if language.lower().startswith("en") else "zh_CN"


def current_language() -> str:
    """The language chosen with :func:`set_language`."""
    return _language


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language``, read from the package data once."""
    if language == "en":
        return gettext.NullTranslations()
    compiled = resources.files("crmdesk") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        return gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    except OSError as error:  # a broken install: English rather than no start at all
        log.warning("no %s catalogue (%s): core messages stay in English", language, error)
        return gettext.NullTranslations()


def _fill(text: str, params: dict[str, object]) -> str:
    return text.format(**params) if params else text


def _(message: str, **params: object) -> str:
    """Translate an English core message and fill its ``{placeholders}``."""
    return _fill(catalogue(_language).gettext(message), params)


def in_language(language: str, message: str, **params: object) -> str:
    """``message`` in ``language`` whatever the current one is (file formats that are Chinese)."""
    return _fill(catalogue(language).gettext(message), params)


def listing(items: Iterable[object]) -> str:
    """Items named in a sentence: 甲、乙 in Chinese, "a, b" in English."""
    return _(", ").join(str(item) for item in items)


def data_text(message: str, **params: object) -> str:
    """``message`` in the language of the firm's records (:data:`DATA_LANGUAGE`)."""
    return in_language(DATA_LANGUAGE, message, **params)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for the marker
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


class Label(NamedTuple):
    """An enumeration label: English text and the context that tells its translation apart."""

    context: str
    message: str

    def text(self, language: str | None = None) -> str:
        """The label in ``language`` (default: the current one)."""
        return catalogue(language or _language).pgettext(self.context, self.message)


def C_(context: str, message: str) -> Label:  # noqa: N802 - gettext-style marker
    """An enumeration label in ``context`` (``pgettext`` when shown)."""
    return Label(context, message)

"""Hostile and odd files, refused before a reader can be taken down by them (docs/spec.md §6, §7).

``crmdesk import`` and the import wizard share ``io.importing.reader``, which calls these checks
before python-calamine sees a file; each refusal is an :class:`ImportFileError` naming the
file and the reason, and nothing is read into memory beyond a few megabytes at a time.

- *Zip workbooks* (bombs, sheets spanning billions of cells, .xlsb/.ods): ``io.importing.zip_guard``.
- *Web pages saved as .xls* (common from Chinese web systems): recognised whether they
  start with ``<html>``, ``<meta>``, ``<!-- -->``, ``<style>``, ``<head>`` or a table, in
  UTF-8, GBK or UTF-16 with a BOM.
- *Text files*: a CSV mixing GBK and UTF-8 lines is named as such, with the first line in
  the other encoding; a NUL byte anywhere refuses the file with its line number.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from crmdesk.core.i18n import _
from crmdesk.core.store.errors import KnownError


class ImportFileError(KnownError):
    """The file could not be read at all (missing, not a spreadsheet, damaged, encrypted, empty, too big)."""


# --------------------------------------------------------------------------- web pages


_HTML_TAGS = (b"<html", b"<!doctype", b"<head", b"<meta", b"<style", b"<table", b"<body", b"<title", b"<tr",
              b"<td", b"<div", b"<script", b"<link", b"<?xml", b"<o:", b"<x:")


def looks_like_web_page(head: bytes) -> bool:
    """An HTML (or MHT, or XML spreadsheet) page, whatever it starts with and however encoded."""
    text = head
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    elif len(head) > 8 and head[1:8:2] == b"\x00\x00\x00\x00" and head[0:1] == b"<":  # UTF-16 without BOM
        text = head.decode("utf-16-le", "ignore").encode("utf-8", "ignore")
    text = text.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"mime-version"):
        return True
    if not text.startswith(b"<"):
        return False
    return any(tag in text for tag in _HTML_TAGS)


# --------------------------------------------------------------------------- text files


_NAMES = {"utf-8": "UTF-8", "gbk": "GBK"}


def _line_encoding(line: bytes) -> str | None:
    """``"ascii"``, ``"utf-8"``, ``"gbk"`` (GB18030), ``"either"`` or ``None`` when it is neither.

    A short line can be valid in both (GBK bytes that happen to form UTF-8): ``"either"``
    then, so a GBK file is never called mixed because of one such line. A line is taken as
    UTF-8 when GB18030 cannot read it, or when it holds three or more UTF-8 characters.
    """
    if line.isascii():
        return "ascii"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    try:
        line.decode("gb18030")
        gbk = True
    except UnicodeDecodeError:
        gbk = False
    if text is not None:
        return "utf-8" if not gbk or sum(1 for ch in text if ord(ch) > 127) >= 3 else "either"
    return "gbk" if gbk else None


def mixed_encoding_error(path: Path) -> ImportFileError | None:
    """When the lines of a text file are partly UTF-8 and partly GBK: the error naming the first odd line.

    Also names a line that is neither. ``None`` when the file is consistently one of them
    (or not line-based text at all: then the caller's own message applies).
    """
    first: str | None = None
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            kind = _line_encoding(line)
            if kind in ("ascii", "either"):
                continue
            if kind is None:
                if first is None:
                    return None  # no text in either encoding before it: "not a spreadsheet" says it better
                return ImportFileError(_("{file}: line {line} is neither UTF-8 nor GBK text.", file=path.name,
                                         line=number))
            if first is None:
                first = kind
            elif kind != first:
                return ImportFileError(_(
                    "{file}: the file mixes two text encodings: line {line} is {found}, the lines before it {first}. "
                    "Open it in Notepad, WPS or Excel, save it as UTF-8 (or as one encoding), and import again.",
                    file=path.name, line=number, found=_NAMES[kind], first=_NAMES[first]))
    return None


def without_nul(handle: IO[str], path: Path) -> Iterator[str]:
    """The lines of a text file, refusing one that holds a NUL character (it would end up inside names)."""
    for number, line in enumerate(handle, start=1):
        if "\x00" in line:
            raise ImportFileError(_("{file}: line {line} contains NUL characters (binary data): the file is "
                                    "damaged or is not a text file.", file=path.name, line=number))
        yield line

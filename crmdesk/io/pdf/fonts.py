"""A Chinese font for reportlab: an embedded TrueType CJK font found on the machine.

Embedded TrueType text shows in every viewer and can be selected and searched. The
search order: ``CRMDESK_PDF_FONT`` (a file named by the user), then the ``fonts``
folder of the desktop bundle (installer/ ships WenQuanYi Micro Hei there, so PDFs
look the same on every PC), then Windows (Microsoft YaHei, SimHei, SimSun), macOS and
Debian/Ubuntu (WenQuanYi Micro Hei, Noto Sans CJK). Without any, reportlab's built-in
CID font STSong-Light is used (not embedded: some viewers need their own CJK fonts to
show it).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "CRMDeskCJK"
FALLBACK_CID = "STSong-Light"
BUNDLE_FONTS = "fonts"


def bundle_fonts_dir() -> Path | None:
    """The ``fonts`` folder of a PyInstaller bundle (``None`` when running from source)."""
    base = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or not base:
        return None
    return Path(base) / BUNDLE_FONTS


def _bundle_candidates() -> list[tuple[Path, int]]:
    folder = bundle_fonts_dir()
    if folder is None or not folder.is_dir():
        return []
    return [(path, 0) for path in sorted(folder.iterdir()) if path.suffix.lower() in (".ttf", ".ttc")]


def _candidates() -> list[tuple[Path, int]]:
    env = os.environ.get("CRMDESK_PDF_FONT")
    found: list[tuple[Path, int]] = [(Path(env), 0)] if env else []
    found += _bundle_candidates()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        found += [(windir / "msyh.ttc", 0), (windir / "simhei.ttf", 0), (windir / "simsun.ttc", 0),
                  (windir / "msyh.ttf", 0)]
    elif sys.platform == "darwin":
        found += [(Path("/Library/Fonts/Arial Unicode.ttf"), 0),
                  (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0)]
    found += [(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
              (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
              (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
              (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2)]
    return found


def embeddable_font() -> TTFont | None:
    """The first candidate reportlab can embed, loaded as a ``TTFont`` (``None`` when there is none)."""
    from reportlab.pdfbase.ttfonts import TTFont

    for path, index in _candidates():
        if not path.is_file():
            continue
        try:
            return TTFont(FONT_NAME, str(path), subfontIndex=index)
        except Exception:  # noqa: BLE001 - a font reportlab cannot embed (e.g. CFF outlines): try the next
            continue
    return None


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and return the name of the font to draw Chinese text with."""
    from reportlab.pdfbase import pdfmetrics

    font = embeddable_font()
    if font is not None:
        pdfmetrics.registerFont(font)
        return FONT_NAME
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
    return FALLBACK_CID

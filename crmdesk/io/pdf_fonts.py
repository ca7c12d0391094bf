"""A Chinese font for reportlab: an embedded TrueType CJK font found on the machine.

Embedded TrueType text shows in every viewer and can be selected and searched. The
search covers Windows (Microsoft YaHei, SimHei, SimSun), macOS and Debian/Ubuntu
(WenQuanYi Micro Hei, Noto Sans CJK); ``CRMDESK_PDF_FONT`` may name another file.
Without any, reportlab's built-in CID font STSong-Light is used (not embedded: some
viewers need their own CJK fonts to show it).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

FONT_NAME = "CRMDeskCJK"
FALLBACK_CID = "STSong-Light"


def _candidates() -> list[tuple[Path, int]]:
    env = os.environ.get("CRMDESK_PDF_FONT")
    found: list[tuple[Path, int]] = [(Path(env), 0)] if env else []
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


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and return the name of the font to draw Chinese text with."""
    from reportlab.pdfbase import pdfmetrics

    for path, index in _candidates():
        if not path.is_file():
            continue
        try:
            from reportlab.pdfbase.ttfonts import TTFont

            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=index))
            return FONT_NAME
        except Exception:  # noqa: BLE001 - a font reportlab cannot embed (e.g. CFF outlines): try the next
            continue
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
    return FALLBACK_CID

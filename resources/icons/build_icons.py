"""Render the app icon into the files Windows and Linux need.

    python resources/icons/build_icons.py          # write crmdesk.ico and png/crmdesk-<size>.png
    python resources/icons/build_icons.py --check  # exit 1 if the committed files differ from a fresh render

``crmdesk/ui/data/icons/crmdesk.svg`` is the drawing (package data: the window loads it too);
``crmdesk-small.svg`` is the same picture with fewer, bolder shapes for 16-32 px, where the full
drawing would blur into a smudge (hand-tuned small sizes are what makes an icon readable in the task
bar and a file list).

Outputs (committed, so building the bundle needs no extra tools):
- ``crmdesk.ico``: 16, 24, 32, 48, 64, 128 and 256 px for the executables, the setup file and
  the shortcuts. Sizes below 256 are 32-bit BMP images (every Windows icon reader and Inno
  Setup understand them), 256 is PNG-compressed as Windows expects.
- ``png/crmdesk-<size>.png`` for 16 to 512 px: Linux desktop files (hicolor theme sizes) and
  the bundle.

Only Qt is needed (QtSvg is part of PySide6-Essentials); the .ico is written here byte by byte
because Qt's own ICO writer stores a single image.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE.parents[1] / "crmdesk" / "ui" / "data" / "icons" / "crmdesk.svg"
SMALL_SVG = HERE / "crmdesk-small.svg"
ICO = HERE / "crmdesk.ico"
PNG_DIR = HERE / "png"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMALL_UP_TO = 32
# Colour difference per channel tolerated by --check: another Qt build may anti-alias an edge
# one step differently; a changed drawing differs by far more.
TOLERANCE = 8


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([])


def render(size: int):
    """The icon at ``size`` pixels as a straight-alpha ARGB32 ``QImage``."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app()
    source = SMALL_SVG if size <= SMALL_UP_TO and SMALL_SVG.exists() else SVG
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise RuntimeError(f"cannot read {source}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _bgra_rows(image) -> list[bytes]:
    """Top-down rows of B, G, R, A bytes (ARGB32 is stored that way on little-endian machines)."""
    width, height = image.width(), image.height()
    data = bytes(image.constBits())
    stride = image.bytesPerLine()
    rows = [data[y * stride: y * stride + width * 4] for y in range(height)]
    if sys.byteorder == "big":
        rows = [b"".join(row[i:i + 4][::-1] for i in range(0, len(row), 4)) for row in rows]
    return rows


def _dib(image) -> bytes:
    """One ICO entry as a 32-bit bitmap: header, colour rows bottom-up, then the 1-bit AND mask."""
    size = image.width()
    rows = _bgra_rows(image)
    mask_stride = ((size + 31) // 32) * 4
    mask_rows = []
    for row in rows:
        bits = bytearray(mask_stride)
        for x in range(size):
            if row[x * 4 + 3] == 0:  # fully transparent: masked out for readers that ignore alpha
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    pixels = b"".join(reversed(rows))
    mask = b"".join(reversed(mask_rows))
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def _png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A Windows .ico holding every size of ``sizes``."""
    images = [_png_bytes(render(size)) if size >= 256 else _dib(render(size)) for size in sizes]
    offset = 6 + 16 * len(sizes)
    directory = struct.pack("<HHH", 0, 1, len(sizes))
    for size, blob in zip(sizes, images):
        side = 0 if size >= 256 else size  # 0 stands for 256 in the one-byte fields
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return directory + b"".join(images)


def build() -> list[Path]:
    """Write the .ico and the PNGs; returns the files written."""
    PNG_DIR.mkdir(exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = PNG_DIR / f"crmdesk-{size}.png"
        path.write_bytes(_png_bytes(render(size)))
        written.append(path)
    ICO.write_bytes(ico_bytes())
    written.append(ICO)
    return written


def _differs(committed, fresh) -> bool:
    from PySide6.QtGui import QImage

    if committed.isNull() or committed.size() != fresh.size():
        return True
    a = _bgra_rows(committed.convertToFormat(QImage.Format.Format_ARGB32))
    b = _bgra_rows(fresh)
    return any(abs(x - y) > TOLERANCE for row_a, row_b in zip(a, b) for x, y in zip(row_a, row_b))


def check() -> list[str]:
    """Names of committed icon files that are missing or differ from a fresh render."""
    from PySide6.QtGui import QImage, QImageReader

    _app()
    stale = []
    for size in PNG_SIZES:
        path = PNG_DIR / f"crmdesk-{size}.png"
        if _differs(QImage(str(path)), render(size)):
            stale.append(str(path.relative_to(HERE)))
    reader = QImageReader(str(ICO))
    found = {}
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        found[image.width()] = image
    if sorted(found) != sorted(ICO_SIZES) or any(_differs(found[s], render(s)) for s in ICO_SIZES):
        stale.append(ICO.name)
    return stale


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        out = check()
        if out:
            print("out of date (run python resources/icons/build_icons.py):", *out)
            sys.exit(1)
    else:
        for written in build():
            print(written.relative_to(HERE.parent.parent))

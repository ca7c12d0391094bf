"""The desktop bundle (installer/): icons, the bundle's PDF font, the launcher, the smoke checks,
and — with CRMDESK_BUILD_BUNDLE=1 — a real PyInstaller build that must pass its smoke test."""

from __future__ import annotations

import importlib.util
import os
import runpy
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest

from crmdesk import APP_NAME

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
ICONS = ROOT / "resources" / "icons"
SYSTEM_CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_icons() -> ModuleType:
    return load(ICONS / "build_icons.py", "crmdesk_build_icons")


@pytest.fixture(scope="module")
def smoke() -> ModuleType:
    return load(INSTALLER / "smoke.py", "crmdesk_installer_smoke")


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return load(INSTALLER / "build.py", "crmdesk_installer_build")


# -- the icon ---------------------------------------------------------------------------


def test_committed_icons_match_the_drawing(qapp, build_icons: ModuleType) -> None:
    assert build_icons.check() == [], "run python resources/icons/build_icons.py"


def test_png_sizes_for_linux_are_square_with_transparent_corners(qapp, build_icons: ModuleType) -> None:
    from PySide6.QtGui import QImage

    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ICONS / "png" / f"crmdesk-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(0, 0).alpha() == 0  # rounded tile: the corner is see-through
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_ico_holds_every_windows_size_as_bitmap_or_png() -> None:
    data = (ICONS / "crmdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        size = width or 256
        sizes.append(size)
        assert width == height and bits == 32 and planes == 1
        blob = data[offset:offset + length]
        assert len(blob) == length
        if size == 256:
            assert blob.startswith(b"\x89PNG")  # what Windows expects for the large size
        else:
            header_size, dib_width, dib_height, _, dib_bits = struct.unpack_from("<IiiHH", blob)
            # a 32-bit image plus its AND mask: height counts both
            assert (header_size, dib_width, dib_height, dib_bits) == (40, size, 2 * size, 32)
            mask_row = ((size + 31) // 32) * 4
            assert length == 40 + size * size * 4 + mask_row * size
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


# -- the bundle's PDF font -------------------------------------------------------------


@pytest.fixture
def frozen_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to run inside a PyInstaller bundle whose data folder is ``tmp_path``."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("CRMDESK_PDF_FONT", raising=False)
    (tmp_path / "fonts").mkdir()
    return tmp_path


def test_the_bundle_font_is_tried_before_the_machine_fonts(frozen_bundle: Path, monkeypatch) -> None:
    from crmdesk.io.pdf import fonts as pdf_fonts

    font = frozen_bundle / "fonts" / "shipped.ttc"
    font.write_bytes(b"")
    (frozen_bundle / "fonts" / "shipped-LICENSE.txt").write_text("licence", encoding="utf-8")
    assert pdf_fonts.bundle_fonts_dir() == frozen_bundle / "fonts"
    candidates = [path for path, _ in pdf_fonts._candidates()]
    assert candidates[0] == font and frozen_bundle / "fonts" / "shipped-LICENSE.txt" not in candidates
    # A font the user names still comes first.
    monkeypatch.setenv("CRMDESK_PDF_FONT", "/fonts/mine.ttf")
    assert [path for path, _ in pdf_fonts._candidates()][:2] == [Path("/fonts/mine.ttf"), font]


def test_from_source_there_is_no_bundle_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from crmdesk.io.pdf import fonts as pdf_fonts

    monkeypatch.delattr(sys, "frozen", raising=False)
    assert pdf_fonts.bundle_fonts_dir() is None


@pytest.mark.skipif(not SYSTEM_CJK_FONT.is_file(), reason="needs fonts-wqy-microhei")
def test_pdfs_embed_the_font_from_the_bundle(frozen_bundle: Path) -> None:
    from crmdesk.io.pdf import fonts as pdf_fonts

    shipped = frozen_bundle / "fonts" / "wqy-microhei.ttc"
    shipped.symlink_to(SYSTEM_CJK_FONT)
    font = pdf_fonts.embeddable_font()  # loaded by reportlab, so it can really be embedded
    assert font is not None and Path(font.face.filename) == shipped
    assert font.face.name.startswith(b"WenQuanYi")


# -- launcher, build and smoke helpers ---------------------------------------------------


@pytest.mark.parametrize(("executable", "expected"), [("crmdesk-gui", "gui_main"), ("crmdesk", "cli_main"),
                                                      ("crmdesk-gui.exe", "gui_main")])
def test_the_launcher_picks_the_entry_point_by_executable_name(executable, expected, monkeypatch) -> None:
    import crmdesk.app
    import crmdesk.cli

    called = []
    monkeypatch.setattr(crmdesk.cli, "gui_main", lambda: called.append("gui_main"))
    monkeypatch.setattr(crmdesk.cli, "main", lambda: called.append("cli_main"))
    monkeypatch.setattr(sys, "executable", f"/opt/CRMDesk/{executable}")
    runpy.run_path(str(INSTALLER / "launch.py"))
    assert called == [expected]


def test_smoke_accepts_only_the_known_harmless_stderr_lines(smoke: ModuleType) -> None:
    text = ("recovery code of smoke.db (write it down, it is shown only once): ABCD-EFGH\n"
            "This plugin does not support propagateSizeHints()\n\n"
            "WARNING: translation crmdesk_zh_CN not found (/opt/CRMDesk/crmdesk_zh_CN.qm)\n"
            "Traceback (most recent call last):\n")
    assert smoke.unexpected_stderr(text) == [
        "WARNING: translation crmdesk_zh_CN not found (/opt/CRMDesk/crmdesk_zh_CN.qm)",
        "Traceback (most recent call last):"]


def test_smoke_refuses_a_folder_without_a_bundle(smoke: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        smoke.smoke(tmp_path)


def test_build_reports_modules_of_the_package_pyinstaller_missed(builder: ModuleType, tmp_path: Path) -> None:
    warn = tmp_path / "crmdesk" / "warn-crmdesk.txt"
    warn.parent.mkdir()
    warn.write_text(
        "missing module named msvcrt - imported by subprocess (optional), crmdesk.core.store.lock (conditional)\n"
        "missing module named 'crmdesk.cli.report' - imported by crmdesk.cli (delayed)\n"
        "missing module named crmdesk.io.pdf.health - imported by crmdesk.cli.report (top-level)\n",
        encoding="utf-8")
    assert builder.missing_own_modules(tmp_path) == ["crmdesk.cli.report", "crmdesk.io.pdf.health"]


def test_the_setup_script_installs_what_the_spec_builds() -> None:
    raw = (INSTALLER / "crmdesk.iss").read_bytes()
    # Without the byte-order mark Inno Setup reads the script as ANSI and garbles the Chinese names.
    assert raw.startswith(b"\xef\xbb\xbf")
    iss = raw.decode("utf-8-sig")
    spec = (INSTALLER / "crmdesk.spec").read_text(encoding="utf-8")
    assert 'name="crmdesk-gui", console=False' in spec
    assert '#define GuiExe "crmdesk-gui.exe"' in iss
    assert f'#define Bundle "dist\\{APP_NAME}"' in iss and "name=NAME" in spec
    assert "PrivilegesRequired=lowest" in iss  # per user, no administrator rights
    icon = iss.split("SetupIconFile=")[1].splitlines()[0]
    assert (INSTALLER / icon.replace("\\", "/")).resolve() == (ICONS / "crmdesk.ico").resolve()


# -- the real build (minutes): CRMDESK_BUILD_BUNDLE=1 ----------------------------------------


@pytest.mark.installer
@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("CRMDESK_BUILD_BUNDLE") != "1", reason="set CRMDESK_BUILD_BUNDLE=1 to build")
def test_the_bundle_builds_and_passes_its_smoke_test(builder: ModuleType, smoke: ModuleType) -> None:
    result = builder.build()
    exe = ".exe" if sys.platform == "win32" else ""
    assert (result.bundle / f"crmdesk{exe}").is_file() and (result.bundle / f"crmdesk-gui{exe}").is_file()
    assert 50_000_000 < result.size < 500_000_000
    steps = smoke.smoke(result.bundle)
    failed = [f"{step.name}: {step.detail}" for step in steps if not step.ok]
    assert not failed
    assert {step.name for step in steps if not step.skipped} >= {"version", "demo", "check", "template", "gui"}

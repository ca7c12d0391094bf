"""The window's package data (crmdesk/ui/data): translations and icon load from plain files, and a wheel
or the bundle carries them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from crmdesk.ui import data

ROOT = Path(__file__).resolve().parents[2]


def test_the_translators_load_from_the_package(qapp) -> None:
    from crmdesk.ui import i18n

    try:
        assert i18n.install_translators(qapp, "zh_CN")
        ours = {Path(t.filePath()) for t in i18n._installed} - {Path(i18n.qt_translations_dir())}
        assert {data.translation_file("crmdesk_zh_CN"), data.translation_file("qtbase_app_zh_CN")} <= ours
        assert all(path.is_relative_to(ROOT / "crmdesk" / "ui" / "data") for path in ours
                   if path.name != "qtbase_zh_CN.qm")
    finally:
        i18n.install_translators(qapp, "en")


def test_a_missing_translation_is_logged_not_fatal(qapp, monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    from crmdesk.ui import i18n

    monkeypatch.setattr(i18n, "translation_file", lambda name: tmp_path / f"{name}.qm")
    try:
        assert not i18n.install_translators(qapp, "zh_CN")
    finally:
        i18n.install_translators(qapp, "en")
    assert "translation crmdesk_zh_CN not found" in caplog.text


def test_the_icon_loads(qapp) -> None:
    icon = data.app_icon()
    assert not icon.isNull() and not icon.pixmap(32).isNull()


def test_pyproject_ships_every_data_file() -> None:
    """Each file in crmdesk/ui/data (and the migrations) matches a package-data pattern, so a wheel has it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["crmdesk"]
    package = ROOT / "crmdesk"
    files = [path for path in (package / "ui" / "data").rglob("*") if path.is_file() and path.suffix != ".py"
             and "__pycache__" not in path.parts]
    assert {path.suffix for path in files} == {".qm", ".svg"}
    unshipped = [str(path.relative_to(package)) for path in files
                 if not any(path.relative_to(package).match(pattern) for pattern in patterns)]
    assert unshipped == []

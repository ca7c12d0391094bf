"""Portable mode: ``portable.txt`` beside the executable moves the data folder beside it."""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import pytest

from crmdesk.core.store import paths

HOOK = Path(__file__).resolve().parents[3] / "installer" / "hooks" / "rthook_portable.py"


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundle folder on a "USB stick", with no CRMDESK_HOME set by the caller."""
    folder = tmp_path / "stick" / "CRMDesk"
    folder.mkdir(parents=True)
    (folder / "crmdesk-gui").write_bytes(b"")
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    return folder


def test_an_installed_copy_is_not_portable(stick: Path) -> None:
    assert paths.portable_home(stick / "crmdesk-gui") is None
    assert paths.enable_portable_mode(stick / "crmdesk-gui") is None
    assert paths.HOME_ENV not in os.environ


def test_an_empty_marker_puts_every_file_in_data_beside_the_executable(stick: Path) -> None:
    (stick / "portable.txt").write_text("", encoding="utf-8")
    home = paths.enable_portable_mode(stick / "crmdesk-gui")
    assert home == (stick / "data").resolve()
    assert paths.data_dir() == home and home.is_dir()
    assert paths.default_db_path() == home / "crmdesk.db"
    assert paths.logs_dir() == home / "logs"
    assert paths.backups_dir() == home / "backups"
    assert paths.settings_file().parent == home


def test_the_marker_may_name_the_folder_relative_to_the_executable(stick: Path) -> None:
    # Notepad saves with a byte-order mark; comments and blank lines are skipped.
    (stick / "portable.txt").write_text("\ufeff# data apart from the program\n\n../CRMDesk-data\n", encoding="utf-8")
    assert paths.portable_home(stick / "crmdesk-gui") == (stick.parent / "CRMDesk-data").resolve()


def test_the_marker_may_name_an_absolute_folder(stick: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    (stick / "portable.txt").write_text(f"{target}\n", encoding="utf-8")
    assert paths.portable_home(stick / "crmdesk-gui") == target.resolve()


def test_an_explicit_crmdesk_home_wins(stick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (stick / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "chosen"))
    assert paths.enable_portable_mode(stick / "crmdesk-gui") is None
    assert paths.data_dir() == tmp_path / "chosen"


def test_the_bundle_runtime_hook_turns_portable_mode_on(stick: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (stick / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(stick / "crmdesk-gui"))
    runpy.run_path(str(HOOK))
    assert paths.data_dir() == (stick / "data").resolve()


def test_the_runtime_hook_leaves_an_installed_copy_alone(stick: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(stick / "crmdesk-gui"))
    runpy.run_path(str(HOOK))
    assert paths.HOME_ENV not in os.environ

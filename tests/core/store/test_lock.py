"""One writer per database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crmdesk.core.store.errors import DatabaseInUseError
from crmdesk.core.store.lock import DatabaseLock


def test_second_lock_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    with DatabaseLock(path), pytest.raises(DatabaseInUseError) as info:
        DatabaseLock(path).acquire()
    assert str(os.getpid()) in info.value.message
    assert str(path) in info.value.message


def test_lock_is_free_again_after_release(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    first = DatabaseLock(path).acquire()
    first.release()
    second = DatabaseLock(path).acquire()
    assert second.held
    second.release()


def test_locks_of_different_databases_do_not_interfere(tmp_path: Path) -> None:
    with DatabaseLock(tmp_path / "a.db"), DatabaseLock(tmp_path / "b.db") as other:
        assert other.held

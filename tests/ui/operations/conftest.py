"""Fixtures of the operations tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def thread_runner(qtbot):
    """The real writer thread (and the reader thread, when a read starts it), stopped afterwards."""
    from crmdesk.ui.operations import runner as operations

    runner = operations.ThreadRunner()
    operations.set_runner(runner)
    yield runner
    runner.shutdown()
    operations.stop_reader()
    operations.set_runner(None)

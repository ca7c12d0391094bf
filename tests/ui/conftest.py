"""GUI test helpers: operations run inline, Chinese translators installed."""

from __future__ import annotations

import pytest


@pytest.fixture
def sync_ops():
    """Operations run synchronously on the test thread."""
    from crmdesk.ui.operations import runner as operations

    operations.set_runner(operations.SyncRunner())
    yield
    operations.set_runner(None)
    if operations.broadcaster is not None:
        pass  # dropped below; Qt frees it with its Python wrapper
    operations.broadcaster = None


@pytest.fixture
def zh(qapp):
    """The Chinese translators (ours and Qt's), removed afterwards."""
    from crmdesk.ui.i18n import install_translators

    assert install_translators(qapp, "zh_CN")
    yield
    install_translators(qapp, "en")


@pytest.fixture(autouse=True)
def dialogs_fit_the_screen(request):
    """As in the app: every dialog opens inside the screen's work area (``crmdesk.ui.screen_fit``) and
    Tab leaves multi-line fields (``crmdesk.ui.form_dialog``)."""
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        from crmdesk.ui import form_dialog, screen_fit

        screen_fit.install(request.getfixturevalue("qapp"))
        form_dialog.install_text_keys(request.getfixturevalue("qapp"))
    yield


@pytest.fixture(autouse=True)
def no_modal_error_windows():
    """As ``--no-err-windows``: errors and first-run notices go to the log, never a blocking dialog."""
    from crmdesk.ui import crash

    crash.configure(show_windows=False, log_path=None)
    yield
    crash.configure(show_windows=False, log_path=None)

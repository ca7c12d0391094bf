"""The recovery code dialog, unlocking with the code, and a passphrase on a PC without key store."""

from __future__ import annotations

import subprocess

import keyring
from PySide6.QtWidgets import QDialogButtonBox

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.safety import secrets
from crmdesk.core.store import db as dbmod
from crmdesk.core.store.models import database_proxy
from crmdesk.ui.dialogs import key_dialogs
from crmdesk.ui.dialogs.key_dialogs import NewPassphraseDialog, RecoveryCodeDialog, UnlockDialog


def test_recovery_code_dialog_needs_confirmation_and_prints_a_sheet(qtbot, tmp_path) -> None:
    dialog = RecoveryCodeDialog("K7QF-2M9X-ABCD-EFGH-JKLM-NPQR", tmp_path / "crm.db", "深圳市示例有限公司")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.confirm_check.setChecked(True)
    assert ok.isEnabled()
    pdf = dialog.save_sheet(tmp_path / "恢复码.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "K7QF-2M9X-ABCD-EFGH-JKLM-NPQR" in text and "深圳市示例有限公司" in text


def test_unlock_dialog_accepts_only_the_right_code(qtbot, tmp_path, memory_keyring) -> None:
    dbmod.open_database(tmp_path / "a.db")
    code = secrets.unlock().recovery_code
    cid = customers.save(CustomerInput(name="杭州测试有限公司", contacts=[
        ContactInput(name="李四", title="经理", mobile="13700001111", is_primary=True)])).customer_id
    memory_keyring.passwords.clear()
    secrets.activate(secrets.PlainCipher())
    dialog = UnlockDialog("请输入恢复码")
    qtbot.addWidget(dialog)
    dialog.secret_edit.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    dialog._on_accepted()
    assert not dialog.error_label.isHidden() and dialog.result() == 0
    dialog.secret_edit.setText(code)
    dialog._on_accepted()
    assert dialog.result() == 1
    assert customers.load(cid).contacts[0].mobile == "13700001111"
    database_proxy.obj.close()


def test_first_start_without_key_store_asks_for_a_passphrase(qtbot, tmp_path, monkeypatch) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    dbmod.open_database(tmp_path / "b.db")
    shown: list[str] = []

    def fake_exec(self) -> int:
        if isinstance(self, NewPassphraseDialog):
            self.first_edit.setText("短")
            self.second_edit.setText("短")
            self._on_accepted()
            assert "8" in self.error_label.text()
            self.first_edit.setText("公司口令abc123")
            self.second_edit.setText("公司口令abc123")
            self._on_accepted()
            return self.result()
        shown.append(self.code)  # the recovery code dialog
        return 1

    monkeypatch.setattr(NewPassphraseDialog, "exec", fake_exec)
    monkeypatch.setattr(RecoveryCodeDialog, "exec", fake_exec)
    assert key_dialogs.unlock_interactively(tmp_path / "b.db", show_windows=True)
    assert len(shown) == 1 and secrets.load_record().passphrase is not None
    assert secrets.key_matches()
    database_proxy.obj.close()


def test_typed_codes_and_passphrases_are_hidden_until_shown(qtbot, zh) -> None:
    from PySide6.QtWidgets import QLineEdit

    unlock = UnlockDialog("请输入恢复码", unlock=lambda **_kw: None)
    qtbot.addWidget(unlock)
    assert unlock.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    unlock.show_check.setChecked(True)
    assert unlock.secret_edit.echoMode() == QLineEdit.EchoMode.Normal
    choose = NewPassphraseDialog("没有密钥存储", unlock=lambda **_kw: None)
    qtbot.addWidget(choose)
    assert {choose.first_edit.echoMode(), choose.second_edit.echoMode()} == {QLineEdit.EchoMode.Password}
    choose.first_edit.setText("1234567")  # 7 characters: one short of the minimum CRMDESK_PASSPHRASE also has
    choose.second_edit.setText("1234567")
    choose._on_accepted()
    assert choose.result_value is None and f"{secrets.MIN_PASSPHRASE} 个字符" in choose.error_label.text()


def test_the_recovery_dialog_and_sheet_say_where_the_key_really_is(qtbot, zh, tmp_path) -> None:
    from PySide6.QtWidgets import QLabel

    def intro(dialog: RecoveryCodeDialog) -> str:
        return dialog.findChildren(QLabel)[0].text()

    stored = RecoveryCodeDialog("K7QF-2M9X-ABCD-EFGH-JKLM-NPQR", tmp_path / "a.db", in_keystore=True)
    passphrase = RecoveryCodeDialog("K7QF-2M9X-ABCD-EFGH-JKLM-NPQR", tmp_path / "a.db", in_keystore=False)
    for dialog in (stored, passphrase):
        qtbot.addWidget(dialog)
    assert "系统密钥库中" in intro(stored) and "微信号" in intro(stored)
    assert "没有系统密钥库" in intro(passphrase) and "口令" in intro(passphrase)
    text = subprocess.run(["pdftotext", str(passphrase.save_sheet(tmp_path / "s.pdf")), "-"], capture_output=True,
                          text=True).stdout
    assert "没有系统密钥库" in text and "工单描述" in text  # where the key is, and what is not encrypted


def test_cancelling_the_first_passphrase_says_what_happens_and_how_to_continue(qtbot, zh, tmp_path,
                                                                             monkeypatch) -> None:
    from keyring.backends import fail
    from PySide6.QtWidgets import QMessageBox

    keyring.set_keyring(fail.Keyring())
    dbmod.open_database(tmp_path / "c.db")
    told: list[str] = []
    monkeypatch.setattr(NewPassphraseDialog, "exec", lambda self: 0)  # Cancel
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    assert not key_dialogs.unlock_interactively(tmp_path / "c.db", show_windows=True)
    assert len(told) == 1 and "现在将关闭" in told[0] and "重新启动" in told[0] and "CRMDESK_PASSPHRASE" in told[0]
    assert secrets.load_record() is None  # nothing was stored
    database_proxy.obj.close()

"""设置: the tier policy is edited as a form per tier, and this PC's current user is chosen there too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.core.firm import staff, tier_policy, workstation
from crmdesk.ui.dialogs.settings_dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot, db, sync_ops, tmp_path) -> SettingsDialog:
    staff.add("李晓梅", "clerk")
    widget = SettingsDialog(QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(widget)
    return widget


def _save(dialog: SettingsDialog) -> None:
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_each_tier_is_a_form_with_thresholds_hours_cadence_rows_and_questions(zh, dialog) -> None:
    editor = dialog.tier_editor
    assert [editor.tabText(i) for i in range(editor.count())] == ["战略", "核心", "普通", "休眠"]
    core = editor.pages["core"]
    assert core.amount_check.isChecked() and core.amount_spin.value() == 10.0  # 10万元
    assert core.months_check.isChecked() and core.months_spin.value() == 12
    lines = [(core.cadence_table.cellWidget(r, 0).text(), core.cadence_table.cellWidget(r, 1).currentText(),
              core.cadence_table.cellWidget(r, 2).value()) for r in range(core.cadence_table.rowCount())]
    assert lines == [("双周电话回访", "电话", 14), ("月度需求调研", "电话", 30)]  # rows, not 双周电话回访/电话/14天；…
    asked = [core.questions_list.item(i).text() for i in range(core.questions_list.count())
             if core.questions_list.item(i).checkState() == Qt.CheckState.Checked]
    assert asked == ["产品质量", "服务响应", "总体满意度"]

    core.amount_spin.setValue(20)
    core.response_spins["important"].setValue(3)
    core.resolution_spins["normal"].setValue(30)
    row = core.add_cadence("季度上门拜访", "visit", 91)
    core.questions_list.item(0).setCheckState(Qt.CheckState.Unchecked)  # no more 产品质量
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = {r.tier: r for r in tier_policy.policy()}["core"]
    assert saved.min_annual_fen == 20_0000_00 and saved.min_coop_months == 12
    assert saved.response_hours == {"important": 3} and saved.resolution_hours == {"normal": 30}
    assert saved.cadence[-1] == {"purpose": "季度上门拜访", "method": "visit", "every_days": 91} and row == 2
    assert saved.questionnaire == ["response", "overall"]


def test_a_cadence_line_without_a_purpose_is_refused_on_its_page(zh, dialog, monkeypatch) -> None:
    from crmdesk.ui import crash

    shown: list[str] = []
    monkeypatch.setattr(crash, "show_known_error", lambda error, parent=None: shown.append(error.message))
    editor = dialog.tier_editor
    editor.setCurrentIndex(0)
    editor.pages["dormant"].add_cadence("", "phone", 30)
    _save(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert editor.currentIndex() == 3 and "休眠" in shown[0] and "第 2 行" in shown[0]
    assert {r.tier: r for r in tier_policy.policy()}["dormant"].cadence == [
        {"method": "phone", "purpose": "季度优惠推送", "every_days": 91}]  # nothing half-saved


def test_the_current_user_chosen_in_the_settings_belongs_to_this_pc(dialog, db) -> None:
    combo = dialog.ui.operator_combo
    me = staff.Staff.get(staff.Staff.name == "李晓梅")
    combo.setCurrentIndex(combo.findData(me.id))
    _save(dialog)
    assert staff.current_operator() == me and workstation.operator_for(db.database) == me.id


def test_business_hours_in_another_form_are_refused_and_nothing_is_saved(zh, dialog, monkeypatch) -> None:
    from crmdesk.core.firm import settings
    from crmdesk.ui import crash

    shown: list[str] = []
    monkeypatch.setattr(crash, "show_known_error", lambda error, parent=None: shown.append(error.message))
    dialog.ui.firm_name_edit.setText("金陵服务部")
    dialog.ui.hours_edit.setText("9点到12点")
    _save(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert shown == ["营业时间：每个时段应写成 HH:MM–HH:MM，按时间先后且不重叠"]
    assert settings.get("firm_name") == ""  # nothing saved
    dialog.ui.hours_edit.setText("08:30-12:00，13:00－17:30")
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get("business_hours") == [["08:30", "12:00"], ["13:00", "17:30"]]
    assert settings.get("firm_name") == "金陵服务部"

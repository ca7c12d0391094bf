"""Tests of the compiled Designer forms (docs/architecture.md, pattern 5).

The committed ``crmdesk/ui/forms/ui_*.py`` must be exactly what ``forms/build.py`` produces
from ``forms/*.ui``, and every object name the dialogs rely on must exist after ``setupUi``.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib
import importlib.util
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORMS_DIR = ROOT / "forms"
PACKAGE_DIR = ROOT / "crmdesk" / "ui" / "forms"


def _load_build_module():
    spec = importlib.util.spec_from_file_location("crmdesk_forms_build", FORMS_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build_module = _load_build_module()


# ------------------------------------------------------------------ regeneration
def test_committed_forms_match_a_fresh_build(tmp_path):
    produced = build_module.build(out_dir=tmp_path)
    names = sorted(p.name for p in produced)
    expected = [*sorted(f"ui_{ui.stem}.py" for ui in FORMS_DIR.glob("*.ui")), "__init__.py"]
    assert sorted(names) == sorted(expected)

    differing = []
    for path in produced:
        committed = PACKAGE_DIR / path.name
        if not committed.is_file() or committed.read_bytes() != path.read_bytes():
            differing.append(path.name)
    stale = sorted(
        p.name for p in PACKAGE_DIR.glob("ui_*.py") if p.name not in set(names)
    )
    assert not differing, f"out of date: {differing}; run python forms/build.py"
    assert not stale, f"no .ui file for {stale}; run python forms/build.py"


def test_generated_modules_are_stable_and_absolute():
    for path in PACKAGE_DIR.glob("ui_*.py"):
        text = path.read_bytes().decode("utf-8")
        assert "Qt User Interface Compiler version" not in text, path.name
        assert "\r" not in text, path.name
        assert "from PySide6.QtWidgets import" in text, path.name
        assert "from ." not in text, path.name


def test_init_says_generated():
    text = (PACKAGE_DIR / "__init__.py").read_text(encoding="utf-8")
    assert "forms/build.py" in text and "never edited" in text


# ------------------------------------------------------------------ object names
FORMS = {
    "customer_dialog": {
        "duplicate_label": "QLabel",
        "tabs": "QTabWidget",
        "basic_page": "QWidget",
        "code_edit": "QLineEdit",
        "name_edit": "QLineEdit",
        "type_combo": "QComboBox",
        "importance_combo": "QComboBox",
        "tier_combo": "QComboBox",
        "tier_pinned_check": "QCheckBox",
        "industry_combo": "QComboBox",
        "size_combo": "QComboBox",
        "region_edit": "QLineEdit",
        "address_edit": "QLineEdit",
        "source_combo": "QComboBox",
        "manager_combo": "QComboBox",
        "coop_start_edit": "QLineEdit",
        "tags_edit": "QLineEdit",
        "status_label": "QLabel",
        "contacts_page": "QWidget",
        "contacts_table": "QTableWidget",
        "add_contact_button": "QPushButton",
        "edit_contact_button": "QPushButton",
        "remove_contact_button": "QPushButton",
        "primary_contact_button": "QPushButton",
        "orders_page": "QWidget",
        "orders_table": "QTableWidget",
        "add_order_button": "QPushButton",
        "remove_order_button": "QPushButton",
        "orders_total_label": "QLabel",
        "needs_page": "QWidget",
        "purchase_intent_edit": "QPlainTextEdit",
        "product_preference_edit": "QPlainTextEdit",
        "budget_edit": "QLineEdit",
        "notes_edit": "QPlainTextEdit",
        "confidential_notes_edit": "QPlainTextEdit",
        "reason_edit": "QLineEdit",
        "error_label": "ErrorLine",
        "button_box": "QDialogButtonBox",
    },
    "contact_dialog": {
        "name_edit": "QLineEdit",
        "title_edit": "QLineEdit",
        "mobile_edit": "QLineEdit",
        "phone_edit": "QLineEdit",
        "email_edit": "QLineEdit",
        "wechat_edit": "QLineEdit",
        "birthday_edit": "QLineEdit",
        "birthday_lunar_check": "QCheckBox",
        "primary_check": "QCheckBox",
        "left_check": "QCheckBox",
        "error_label": "ErrorLine",
        "button_box": "QDialogButtonBox",
    },
    "settings_dialog": {
        "tabs": "QTabWidget",
        "general_page": "QWidget",
        "firm_name_edit": "QLineEdit",
        "operator_combo": "QComboBox",
        "backup_folder_edit": "QLineEdit",
        "backup_folder_button": "QToolButton",
        "archive_days_spin": "QSpinBox",
        "recycle_days_spin": "QSpinBox",
        "callback_retry_spin": "QSpinBox",
        "callback_tries_spin": "QSpinBox",
        "language_combo": "QComboBox",
        "staff_page": "QWidget",
        "staff_table": "QTableWidget",
        "add_staff_button": "QPushButton",
        "rename_staff_button": "QPushButton",
        "toggle_staff_button": "QPushButton",
        "tiers_page": "QWidget",
        "tiers_hint_label": "QLabel",
        "tier_policy_container": "QWidget",
        "sla_page": "QWidget",
        "sla_urgent_response_spin": "QSpinBox",
        "sla_important_response_spin": "QSpinBox",
        "sla_normal_response_spin": "QSpinBox",
        "sla_urgent_resolution_spin": "QSpinBox",
        "sla_important_resolution_spin": "QSpinBox",
        "sla_normal_resolution_spin": "QSpinBox",
        "hours_edit": "QLineEdit",
        "button_box": "QDialogButtonBox",
    },
    "staff_dialog": {
        "name_edit": "QLineEdit",
        "role_combo": "QComboBox",
        "phone_edit": "QLineEdit",
        "error_label": "ErrorLine",
        "button_box": "QDialogButtonBox",
    },
    "ticket_dialog": {
        "number_label": "QLabel",
        "stage_label": "QLabel",
        "paused_label": "QLabel",
        "print_button": "QPushButton",
        "dues_label": "QLabel",
        "caller_group": "QGroupBox",
        "customer_search_edit": "QLineEdit",
        "customer_results_list": "QListWidget",
        "customer_value_label": "QLabel",
        "contact_combo": "QComboBox",
        "channel_combo": "QComboBox",
        "equipment_combo": "QComboBox",
        "warranty_label": "QLabel",
        "problem_group": "QGroupBox",
        "category_combo": "QComboBox",
        "priority_combo": "QComboBox",
        "severity_combo": "QComboBox",
        "description_edit": "QPlainTextEdit",
        "suggestions_group": "QGroupBox",
        "suggestions_list": "QListWidget",
        "handling_group": "QGroupBox",
        "assignee_combo": "QComboBox",
        "solution_edit": "QPlainTextEdit",
        "root_cause_edit": "QLineEdit",
        "complaint_result_edit": "QLineEdit",
        "one_time_check": "QCheckBox",
        "stage_group": "QGroupBox",
        "note_edit": "QLineEdit",
        "classify_button": "QPushButton",
        "dispatch_button": "QPushButton",
        "start_button": "QPushButton",
        "resolve_button": "QPushButton",
        "reopen_button": "QPushButton",
        "callback_button": "QPushButton",
        "archive_button": "QPushButton",
        "pause_reason_combo": "QComboBox",
        "pause_button": "QPushButton",
        "resume_button": "QPushButton",
        "knowledge_button": "QPushButton",
        "callback_status_label": "QLabel",
        "record_tabs": "QTabWidget",
        "history_table": "QTableWidget",
        "attachments_page": "QWidget",
        "error_label": "ErrorLine",
        "button_box": "QDialogButtonBox",
    },
    "followup_dialog": {"customer_search_edit": "QLineEdit", "customer_combo": "QComboBox", "contact_combo": "QComboBox",
                        "due_edit": "QDateTimeEdit", "method_combo": "QComboBox", "purpose_combo": "QComboBox",
                        "assignee_combo": "QComboBox", "info_label": "QLabel", "error_label": "ErrorLine",
                        "button_box": "QDialogButtonBox"},
}

TABLE_COLUMNS = {
    ("ticket_dialog", "history_table"): 4,
    ("customer_dialog", "contacts_table"): 7,
    ("customer_dialog", "orders_table"): 4,
    ("settings_dialog", "staff_table"): 4,
}


def _ui_class_name(module) -> str:
    """The form's class without its ``Ui_`` prefix (uic names it after the top widget)."""
    names = [name[3:] for name in vars(module) if name.startswith("Ui_")]
    assert len(names) == 1, names
    return names[0]


def test_every_ui_file_is_covered():
    assert sorted(FORMS) == sorted(ui.stem for ui in FORMS_DIR.glob("*.ui"))


@pytest.mark.parametrize("form", sorted(FORMS))
def test_object_names_exist_after_setup(qtbot, form):
    from PySide6 import QtWidgets

    from crmdesk.ui.widgets import ErrorLine

    module = importlib.import_module(f"crmdesk.ui.forms.ui_{form}")
    class_name = _ui_class_name(module)
    dialog = QtWidgets.QDialog()
    qtbot.addWidget(dialog)
    ui = getattr(module, f"Ui_{class_name}")()
    ui.setupUi(dialog)

    assert dialog.objectName() == class_name
    assert dialog.windowTitle()
    missing = [name for name in FORMS[form] if not hasattr(ui, name)]
    assert not missing, f"{form}: missing {missing}"
    for name, qt_class in FORMS[form].items():
        widget = getattr(ui, name)
        expected = ErrorLine if qt_class == "ErrorLine" else getattr(QtWidgets, qt_class)  # a promoted QLabel
        assert type(widget) is expected, f"{form}.{name}"
        assert widget.objectName() == name
        assert dialog.findChild(QtWidgets.QWidget, name) is widget
    for (owner, table), columns in TABLE_COLUMNS.items():
        if owner == form:
            assert getattr(ui, table).columnCount() == columns


@pytest.mark.parametrize("form", sorted(FORMS))
def test_labels_have_buddies(qtbot, form):
    """Every label of an input field names it as buddy (keyboard access, screen readers)."""
    from PySide6 import QtWidgets

    module = importlib.import_module(f"crmdesk.ui.forms.ui_{form}")
    class_name = _ui_class_name(module)
    dialog = QtWidgets.QDialog()
    qtbot.addWidget(dialog)
    getattr(module, f"Ui_{class_name}")().setupUi(dialog)

    for layout in dialog.findChildren(QtWidgets.QFormLayout):
        for row in range(layout.rowCount()):
            label_item = layout.itemAt(row, QtWidgets.QFormLayout.ItemRole.LabelRole)
            field_item = layout.itemAt(row, QtWidgets.QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None or label_item.widget() is None:
                continue
            field = field_item.widget()
            if isinstance(field, QtWidgets.QLabel):
                continue  # a read-only value: nothing to focus
            label = label_item.widget()
            assert label.buddy() is not None, f"{form}: {label.objectName()} has no buddy"

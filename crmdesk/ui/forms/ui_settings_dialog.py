# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QSpinBox, QTabWidget,
    QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout,
    QWidget)

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(860, 660)
        self.main_layout = QVBoxLayout(SettingsDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.tabs = QTabWidget(SettingsDialog)
        self.tabs.setObjectName(u"tabs")
        self.general_page = QWidget()
        self.general_page.setObjectName(u"general_page")
        self.general_layout = QFormLayout(self.general_page)
        self.general_layout.setObjectName(u"general_layout")
        self.general_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.firm_name_label = QLabel(self.general_page)
        self.firm_name_label.setObjectName(u"firm_name_label")

        self.general_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.firm_name_label)

        self.firm_name_edit = QLineEdit(self.general_page)
        self.firm_name_edit.setObjectName(u"firm_name_edit")

        self.general_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.firm_name_edit)

        self.operator_label = QLabel(self.general_page)
        self.operator_label.setObjectName(u"operator_label")

        self.general_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.operator_label)

        self.operator_combo = QComboBox(self.general_page)
        self.operator_combo.setObjectName(u"operator_combo")

        self.general_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.operator_combo)

        self.backup_folder_label = QLabel(self.general_page)
        self.backup_folder_label.setObjectName(u"backup_folder_label")

        self.general_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.backup_folder_label)

        self.backup_folder_layout = QHBoxLayout()
        self.backup_folder_layout.setObjectName(u"backup_folder_layout")
        self.backup_folder_edit = QLineEdit(self.general_page)
        self.backup_folder_edit.setObjectName(u"backup_folder_edit")

        self.backup_folder_layout.addWidget(self.backup_folder_edit)

        self.backup_folder_button = QToolButton(self.general_page)
        self.backup_folder_button.setObjectName(u"backup_folder_button")

        self.backup_folder_layout.addWidget(self.backup_folder_button)


        self.general_layout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.backup_folder_layout)

        self.archive_days_label = QLabel(self.general_page)
        self.archive_days_label.setObjectName(u"archive_days_label")

        self.general_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.archive_days_label)

        self.archive_days_spin = QSpinBox(self.general_page)
        self.archive_days_spin.setObjectName(u"archive_days_spin")
        self.archive_days_spin.setMinimum(30)
        self.archive_days_spin.setMaximum(3650)
        self.archive_days_spin.setValue(365)

        self.general_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.archive_days_spin)

        self.recycle_days_label = QLabel(self.general_page)
        self.recycle_days_label.setObjectName(u"recycle_days_label")

        self.general_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.recycle_days_label)

        self.recycle_days_spin = QSpinBox(self.general_page)
        self.recycle_days_spin.setObjectName(u"recycle_days_spin")
        self.recycle_days_spin.setMinimum(1)
        self.recycle_days_spin.setMaximum(365)
        self.recycle_days_spin.setValue(30)

        self.general_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.recycle_days_spin)

        self.callback_retry_label = QLabel(self.general_page)
        self.callback_retry_label.setObjectName(u"callback_retry_label")

        self.general_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.callback_retry_label)

        self.callback_retry_spin = QSpinBox(self.general_page)
        self.callback_retry_spin.setObjectName(u"callback_retry_spin")
        self.callback_retry_spin.setMinimum(1)
        self.callback_retry_spin.setMaximum(10)
        self.callback_retry_spin.setValue(1)

        self.general_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.callback_retry_spin)

        self.callback_tries_label = QLabel(self.general_page)
        self.callback_tries_label.setObjectName(u"callback_tries_label")

        self.general_layout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.callback_tries_label)

        self.callback_tries_spin = QSpinBox(self.general_page)
        self.callback_tries_spin.setObjectName(u"callback_tries_spin")
        self.callback_tries_spin.setMinimum(1)
        self.callback_tries_spin.setMaximum(10)
        self.callback_tries_spin.setValue(3)

        self.general_layout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.callback_tries_spin)

        self.language_label = QLabel(self.general_page)
        self.language_label.setObjectName(u"language_label")

        self.general_layout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.language_label)

        self.language_combo = QComboBox(self.general_page)
        self.language_combo.setObjectName(u"language_combo")

        self.general_layout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.language_combo)

        self.tabs.addTab(self.general_page, "")
        self.staff_page = QWidget()
        self.staff_page.setObjectName(u"staff_page")
        self.staff_layout = QHBoxLayout(self.staff_page)
        self.staff_layout.setObjectName(u"staff_layout")
        self.staff_table = QTableWidget(self.staff_page)
        if (self.staff_table.columnCount() < 4):
            self.staff_table.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.staff_table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.staff_table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.staff_table.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.staff_table.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.staff_table.setObjectName(u"staff_table")
        self.staff_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.staff_table.setAlternatingRowColors(True)
        self.staff_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.staff_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff_table.horizontalHeader().setStretchLastSection(True)
        self.staff_table.verticalHeader().setVisible(False)

        self.staff_layout.addWidget(self.staff_table)

        self.staff_buttons_layout = QVBoxLayout()
        self.staff_buttons_layout.setObjectName(u"staff_buttons_layout")
        self.add_staff_button = QPushButton(self.staff_page)
        self.add_staff_button.setObjectName(u"add_staff_button")

        self.staff_buttons_layout.addWidget(self.add_staff_button)

        self.rename_staff_button = QPushButton(self.staff_page)
        self.rename_staff_button.setObjectName(u"rename_staff_button")

        self.staff_buttons_layout.addWidget(self.rename_staff_button)

        self.toggle_staff_button = QPushButton(self.staff_page)
        self.toggle_staff_button.setObjectName(u"toggle_staff_button")

        self.staff_buttons_layout.addWidget(self.toggle_staff_button)

        self.staff_buttons_spacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.staff_buttons_layout.addItem(self.staff_buttons_spacer)


        self.staff_layout.addLayout(self.staff_buttons_layout)

        self.tabs.addTab(self.staff_page, "")
        self.tiers_page = QWidget()
        self.tiers_page.setObjectName(u"tiers_page")
        self.tiers_layout = QVBoxLayout(self.tiers_page)
        self.tiers_layout.setObjectName(u"tiers_layout")
        self.tiers_hint_label = QLabel(self.tiers_page)
        self.tiers_hint_label.setObjectName(u"tiers_hint_label")
        self.tiers_hint_label.setWordWrap(True)

        self.tiers_layout.addWidget(self.tiers_hint_label)

        self.tier_policy_container = QWidget(self.tiers_page)
        self.tier_policy_container.setObjectName(u"tier_policy_container")

        self.tiers_layout.addWidget(self.tier_policy_container)

        self.tabs.addTab(self.tiers_page, "")
        self.sla_page = QWidget()
        self.sla_page.setObjectName(u"sla_page")
        self.sla_layout = QFormLayout(self.sla_page)
        self.sla_layout.setObjectName(u"sla_layout")
        self.sla_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.sla_response_label = QLabel(self.sla_page)
        self.sla_response_label.setObjectName(u"sla_response_label")

        self.sla_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.sla_response_label)

        self.sla_response_layout = QHBoxLayout()
        self.sla_response_layout.setObjectName(u"sla_response_layout")
        self.sla_urgent_response_spin = QSpinBox(self.sla_page)
        self.sla_urgent_response_spin.setObjectName(u"sla_urgent_response_spin")
        self.sla_urgent_response_spin.setMinimum(1)
        self.sla_urgent_response_spin.setMaximum(240)
        self.sla_urgent_response_spin.setValue(2)

        self.sla_response_layout.addWidget(self.sla_urgent_response_spin)

        self.sla_important_response_spin = QSpinBox(self.sla_page)
        self.sla_important_response_spin.setObjectName(u"sla_important_response_spin")
        self.sla_important_response_spin.setMinimum(1)
        self.sla_important_response_spin.setMaximum(240)
        self.sla_important_response_spin.setValue(4)

        self.sla_response_layout.addWidget(self.sla_important_response_spin)

        self.sla_normal_response_spin = QSpinBox(self.sla_page)
        self.sla_normal_response_spin.setObjectName(u"sla_normal_response_spin")
        self.sla_normal_response_spin.setMinimum(1)
        self.sla_normal_response_spin.setMaximum(240)
        self.sla_normal_response_spin.setValue(8)

        self.sla_response_layout.addWidget(self.sla_normal_response_spin)

        self.sla_response_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sla_response_layout.addItem(self.sla_response_spacer)


        self.sla_layout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.sla_response_layout)

        self.sla_urgent_resolution_label = QLabel(self.sla_page)
        self.sla_urgent_resolution_label.setObjectName(u"sla_urgent_resolution_label")

        self.sla_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.sla_urgent_resolution_label)

        self.sla_urgent_resolution_layout = QHBoxLayout()
        self.sla_urgent_resolution_layout.setObjectName(u"sla_urgent_resolution_layout")
        self.sla_urgent_resolution_spin = QSpinBox(self.sla_page)
        self.sla_urgent_resolution_spin.setObjectName(u"sla_urgent_resolution_spin")
        self.sla_urgent_resolution_spin.setMinimum(1)
        self.sla_urgent_resolution_spin.setMaximum(720)
        self.sla_urgent_resolution_spin.setValue(24)

        self.sla_urgent_resolution_layout.addWidget(self.sla_urgent_resolution_spin)

        self.sla_urgent_resolution_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sla_urgent_resolution_layout.addItem(self.sla_urgent_resolution_spacer)


        self.sla_layout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.sla_urgent_resolution_layout)

        self.sla_resolution_label = QLabel(self.sla_page)
        self.sla_resolution_label.setObjectName(u"sla_resolution_label")

        self.sla_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.sla_resolution_label)

        self.sla_resolution_layout = QHBoxLayout()
        self.sla_resolution_layout.setObjectName(u"sla_resolution_layout")
        self.sla_important_resolution_spin = QSpinBox(self.sla_page)
        self.sla_important_resolution_spin.setObjectName(u"sla_important_resolution_spin")
        self.sla_important_resolution_spin.setMinimum(1)
        self.sla_important_resolution_spin.setMaximum(60)
        self.sla_important_resolution_spin.setValue(2)

        self.sla_resolution_layout.addWidget(self.sla_important_resolution_spin)

        self.sla_normal_resolution_spin = QSpinBox(self.sla_page)
        self.sla_normal_resolution_spin.setObjectName(u"sla_normal_resolution_spin")
        self.sla_normal_resolution_spin.setMinimum(1)
        self.sla_normal_resolution_spin.setMaximum(60)
        self.sla_normal_resolution_spin.setValue(5)

        self.sla_resolution_layout.addWidget(self.sla_normal_resolution_spin)

        self.sla_resolution_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sla_resolution_layout.addItem(self.sla_resolution_spacer)


        self.sla_layout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.sla_resolution_layout)

        self.hours_label = QLabel(self.sla_page)
        self.hours_label.setObjectName(u"hours_label")

        self.sla_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.hours_label)

        self.hours_edit = QLineEdit(self.sla_page)
        self.hours_edit.setObjectName(u"hours_edit")

        self.sla_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.hours_edit)

        self.tabs.addTab(self.sla_page, "")

        self.main_layout.addWidget(self.tabs)

        self.button_box = QDialogButtonBox(SettingsDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setOrientation(Qt.Orientation.Horizontal)
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.firm_name_label.setBuddy(self.firm_name_edit)
        self.operator_label.setBuddy(self.operator_combo)
        self.backup_folder_label.setBuddy(self.backup_folder_edit)
        self.archive_days_label.setBuddy(self.archive_days_spin)
        self.recycle_days_label.setBuddy(self.recycle_days_spin)
        self.callback_retry_label.setBuddy(self.callback_retry_spin)
        self.callback_tries_label.setBuddy(self.callback_tries_spin)
        self.language_label.setBuddy(self.language_combo)
        self.sla_response_label.setBuddy(self.sla_urgent_response_spin)
        self.sla_urgent_resolution_label.setBuddy(self.sla_urgent_resolution_spin)
        self.sla_resolution_label.setBuddy(self.sla_important_resolution_spin)
        self.hours_label.setBuddy(self.hours_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.firm_name_edit)
        QWidget.setTabOrder(self.firm_name_edit, self.operator_combo)
        QWidget.setTabOrder(self.operator_combo, self.backup_folder_edit)
        QWidget.setTabOrder(self.backup_folder_edit, self.backup_folder_button)
        QWidget.setTabOrder(self.backup_folder_button, self.archive_days_spin)
        QWidget.setTabOrder(self.archive_days_spin, self.recycle_days_spin)
        QWidget.setTabOrder(self.recycle_days_spin, self.callback_retry_spin)
        QWidget.setTabOrder(self.callback_retry_spin, self.callback_tries_spin)
        QWidget.setTabOrder(self.callback_tries_spin, self.language_combo)
        QWidget.setTabOrder(self.language_combo, self.staff_table)
        QWidget.setTabOrder(self.staff_table, self.add_staff_button)
        QWidget.setTabOrder(self.add_staff_button, self.rename_staff_button)
        QWidget.setTabOrder(self.rename_staff_button, self.toggle_staff_button)
        QWidget.setTabOrder(self.toggle_staff_button, self.sla_urgent_response_spin)
        QWidget.setTabOrder(self.sla_urgent_response_spin, self.sla_important_response_spin)
        QWidget.setTabOrder(self.sla_important_response_spin, self.sla_normal_response_spin)
        QWidget.setTabOrder(self.sla_normal_response_spin, self.sla_urgent_resolution_spin)
        QWidget.setTabOrder(self.sla_urgent_resolution_spin, self.sla_important_resolution_spin)
        QWidget.setTabOrder(self.sla_important_resolution_spin, self.sla_normal_resolution_spin)
        QWidget.setTabOrder(self.sla_normal_resolution_spin, self.hours_edit)
        QWidget.setTabOrder(self.hours_edit, self.button_box)

        self.retranslateUi(SettingsDialog)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"Settings", None))
        self.firm_name_label.setText(QCoreApplication.translate("SettingsDialog", u"Firm name", None))
        self.operator_label.setText(QCoreApplication.translate("SettingsDialog", u"Current user (this PC)", None))
        self.backup_folder_label.setText(QCoreApplication.translate("SettingsDialog", u"Second backup folder", None))
        self.backup_folder_button.setText(QCoreApplication.translate("SettingsDialog", u"\u2026", None))
        self.archive_days_label.setText(QCoreApplication.translate("SettingsDialog", u"Propose archive after", None))
        self.archive_days_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" days", None))
        self.recycle_days_label.setText(QCoreApplication.translate("SettingsDialog", u"Keep deleted items", None))
        self.recycle_days_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" days", None))
        self.callback_retry_label.setText(QCoreApplication.translate("SettingsDialog", u"Callback retry after (working days)", None))
        self.callback_tries_label.setText(QCoreApplication.translate("SettingsDialog", u"Callback tries", None))
        self.language_label.setText(QCoreApplication.translate("SettingsDialog", u"Language (after restart)", None))
        self.tabs.setTabText(self.tabs.indexOf(self.general_page), QCoreApplication.translate("SettingsDialog", u"General", None))
        ___qtablewidgetitem = self.staff_table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("SettingsDialog", u"Name", None))
        ___qtablewidgetitem1 = self.staff_table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("SettingsDialog", u"Role", None))
        ___qtablewidgetitem2 = self.staff_table.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("SettingsDialog", u"Phone", None))
        ___qtablewidgetitem3 = self.staff_table.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("SettingsDialog", u"Active", None))
        self.add_staff_button.setText(QCoreApplication.translate("SettingsDialog", u"Add\u2026", None))
        self.rename_staff_button.setText(QCoreApplication.translate("SettingsDialog", u"Rename\u2026", None))
        self.toggle_staff_button.setText(QCoreApplication.translate("SettingsDialog", u"Deactivate", None))
        self.tabs.setTabText(self.tabs.indexOf(self.staff_page), QCoreApplication.translate("SettingsDialog", u"Staff", None))
        self.tiers_hint_label.setText(QCoreApplication.translate("SettingsDialog", u"One page per tier: how a customer earns it, the service times it is promised, its follow-up cadence and the questions of its callback.", None))
        self.tabs.setTabText(self.tabs.indexOf(self.tiers_page), QCoreApplication.translate("SettingsDialog", u"Tier policy", None))
        self.sla_response_label.setText(QCoreApplication.translate("SettingsDialog", u"Response: urgent/important/normal", None))
        self.sla_urgent_response_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" h", None))
        self.sla_important_response_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" h", None))
        self.sla_normal_response_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" h", None))
        self.sla_urgent_resolution_label.setText(QCoreApplication.translate("SettingsDialog", u"Resolution: urgent (calendar hours)", None))
        self.sla_urgent_resolution_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" h", None))
        self.sla_resolution_label.setText(QCoreApplication.translate("SettingsDialog", u"Resolution: important / normal", None))
        self.sla_important_resolution_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" working days", None))
        self.sla_normal_resolution_spin.setSuffix(QCoreApplication.translate("SettingsDialog", u" working days", None))
        self.hours_label.setText(QCoreApplication.translate("SettingsDialog", u"Business hours", None))
        self.hours_edit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"09:00-12:00, 13:30-18:00", None))
        self.tabs.setTabText(self.tabs.indexOf(self.sla_page), QCoreApplication.translate("SettingsDialog", u"Service times", None))
    # retranslateUi

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'ticket_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCheckBox,
    QComboBox, QDialog, QDialogButtonBox, QFormLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QPushButton, QSizePolicy, QSpacerItem, QTabWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from crmdesk.ui.widgets import ErrorLine

class Ui_TicketDialog(object):
    def setupUi(self, TicketDialog):
        if not TicketDialog.objectName():
            TicketDialog.setObjectName(u"TicketDialog")
        TicketDialog.resize(1060, 660)
        self.main_layout = QVBoxLayout(TicketDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.header_layout = QHBoxLayout()
        self.header_layout.setObjectName(u"header_layout")
        self.number_label = QLabel(TicketDialog)
        self.number_label.setObjectName(u"number_label")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.header_layout.addWidget(self.number_label)

        self.stage_label = QLabel(TicketDialog)
        self.stage_label.setObjectName(u"stage_label")

        self.header_layout.addWidget(self.stage_label)

        self.paused_label = QLabel(TicketDialog)
        self.paused_label.setObjectName(u"paused_label")

        self.header_layout.addWidget(self.paused_label)

        self.header_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.header_layout.addItem(self.header_spacer)

        self.print_button = QPushButton(TicketDialog)
        self.print_button.setObjectName(u"print_button")

        self.header_layout.addWidget(self.print_button)


        self.main_layout.addLayout(self.header_layout)

        self.dues_label = QLabel(TicketDialog)
        self.dues_label.setObjectName(u"dues_label")
        self.dues_label.setWordWrap(True)

        self.main_layout.addWidget(self.dues_label)

        self.body_layout = QHBoxLayout()
        self.body_layout.setObjectName(u"body_layout")
        self.left_layout = QVBoxLayout()
        self.left_layout.setObjectName(u"left_layout")
        self.caller_group = QGroupBox(TicketDialog)
        self.caller_group.setObjectName(u"caller_group")
        self.caller_form = QFormLayout(self.caller_group)
        self.caller_form.setObjectName(u"caller_form")
        self.caller_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.customer_label = QLabel(self.caller_group)
        self.customer_label.setObjectName(u"customer_label")

        self.caller_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.customer_label)

        self.customer_layout = QVBoxLayout()
        self.customer_layout.setObjectName(u"customer_layout")
        self.customer_search_edit = QLineEdit(self.caller_group)
        self.customer_search_edit.setObjectName(u"customer_search_edit")
        self.customer_search_edit.setClearButtonEnabled(True)

        self.customer_layout.addWidget(self.customer_search_edit)

        self.customer_results_list = QListWidget(self.caller_group)
        self.customer_results_list.setObjectName(u"customer_results_list")
        self.customer_results_list.setMaximumSize(QSize(16777215, 120))

        self.customer_layout.addWidget(self.customer_results_list)

        self.customer_value_label = QLabel(self.caller_group)
        self.customer_value_label.setObjectName(u"customer_value_label")
        self.customer_value_label.setWordWrap(True)

        self.customer_layout.addWidget(self.customer_value_label)


        self.caller_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.customer_layout)

        self.contact_label = QLabel(self.caller_group)
        self.contact_label.setObjectName(u"contact_label")

        self.caller_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.contact_label)

        self.contact_combo = QComboBox(self.caller_group)
        self.contact_combo.setObjectName(u"contact_combo")

        self.caller_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.contact_combo)

        self.channel_label = QLabel(self.caller_group)
        self.channel_label.setObjectName(u"channel_label")

        self.caller_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.channel_label)

        self.channel_combo = QComboBox(self.caller_group)
        self.channel_combo.setObjectName(u"channel_combo")

        self.caller_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.channel_combo)

        self.equipment_label = QLabel(self.caller_group)
        self.equipment_label.setObjectName(u"equipment_label")

        self.caller_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.equipment_label)

        self.equipment_layout = QVBoxLayout()
        self.equipment_layout.setObjectName(u"equipment_layout")
        self.equipment_combo = QComboBox(self.caller_group)
        self.equipment_combo.setObjectName(u"equipment_combo")

        self.equipment_layout.addWidget(self.equipment_combo)

        self.warranty_label = QLabel(self.caller_group)
        self.warranty_label.setObjectName(u"warranty_label")
        self.warranty_label.setWordWrap(True)

        self.equipment_layout.addWidget(self.warranty_label)


        self.caller_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.equipment_layout)


        self.left_layout.addWidget(self.caller_group)

        self.problem_group = QGroupBox(TicketDialog)
        self.problem_group.setObjectName(u"problem_group")
        self.problem_form = QFormLayout(self.problem_group)
        self.problem_form.setObjectName(u"problem_form")
        self.problem_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.category_label = QLabel(self.problem_group)
        self.category_label.setObjectName(u"category_label")

        self.problem_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.category_label)

        self.category_combo = QComboBox(self.problem_group)
        self.category_combo.setObjectName(u"category_combo")

        self.problem_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.category_combo)

        self.priority_label = QLabel(self.problem_group)
        self.priority_label.setObjectName(u"priority_label")

        self.problem_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.priority_label)

        self.priority_combo = QComboBox(self.problem_group)
        self.priority_combo.setObjectName(u"priority_combo")

        self.problem_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.priority_combo)

        self.severity_label = QLabel(self.problem_group)
        self.severity_label.setObjectName(u"severity_label")

        self.problem_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.severity_label)

        self.severity_combo = QComboBox(self.problem_group)
        self.severity_combo.setObjectName(u"severity_combo")

        self.problem_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.severity_combo)

        self.description_label = QLabel(self.problem_group)
        self.description_label.setObjectName(u"description_label")

        self.problem_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.description_label)

        self.description_edit = QPlainTextEdit(self.problem_group)
        self.description_edit.setObjectName(u"description_edit")
        self.description_edit.setMaximumSize(QSize(16777215, 130))

        self.problem_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.description_edit)


        self.left_layout.addWidget(self.problem_group)

        self.suggestions_group = QGroupBox(TicketDialog)
        self.suggestions_group.setObjectName(u"suggestions_group")
        self.suggestions_layout = QVBoxLayout(self.suggestions_group)
        self.suggestions_layout.setObjectName(u"suggestions_layout")
        self.suggestions_hint_label = QLabel(self.suggestions_group)
        self.suggestions_hint_label.setObjectName(u"suggestions_hint_label")
        self.suggestions_hint_label.setWordWrap(True)

        self.suggestions_layout.addWidget(self.suggestions_hint_label)

        self.suggestions_list = QListWidget(self.suggestions_group)
        self.suggestions_list.setObjectName(u"suggestions_list")
        self.suggestions_list.setAlternatingRowColors(True)
        self.suggestions_list.setWordWrap(True)

        self.suggestions_layout.addWidget(self.suggestions_list)


        self.left_layout.addWidget(self.suggestions_group)

        self.left_layout.setStretch(2, 1)

        self.body_layout.addLayout(self.left_layout)

        self.right_layout = QVBoxLayout()
        self.right_layout.setObjectName(u"right_layout")
        self.handling_group = QGroupBox(TicketDialog)
        self.handling_group.setObjectName(u"handling_group")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.handling_group.sizePolicy().hasHeightForWidth())
        self.handling_group.setSizePolicy(sizePolicy)
        self.handling_form = QFormLayout(self.handling_group)
        self.handling_form.setObjectName(u"handling_form")
        self.handling_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.assignee_label = QLabel(self.handling_group)
        self.assignee_label.setObjectName(u"assignee_label")

        self.handling_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.assignee_label)

        self.assignee_combo = QComboBox(self.handling_group)
        self.assignee_combo.setObjectName(u"assignee_combo")

        self.handling_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.assignee_combo)

        self.solution_label = QLabel(self.handling_group)
        self.solution_label.setObjectName(u"solution_label")

        self.handling_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.solution_label)

        self.solution_edit = QPlainTextEdit(self.handling_group)
        self.solution_edit.setObjectName(u"solution_edit")
        self.solution_edit.setMaximumSize(QSize(16777215, 120))

        self.handling_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.solution_edit)

        self.root_cause_label = QLabel(self.handling_group)
        self.root_cause_label.setObjectName(u"root_cause_label")

        self.handling_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.root_cause_label)

        self.root_cause_edit = QLineEdit(self.handling_group)
        self.root_cause_edit.setObjectName(u"root_cause_edit")

        self.handling_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.root_cause_edit)

        self.complaint_result_label = QLabel(self.handling_group)
        self.complaint_result_label.setObjectName(u"complaint_result_label")

        self.handling_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.complaint_result_label)

        self.complaint_result_edit = QLineEdit(self.handling_group)
        self.complaint_result_edit.setObjectName(u"complaint_result_edit")

        self.handling_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.complaint_result_edit)

        self.one_time_check = QCheckBox(self.handling_group)
        self.one_time_check.setObjectName(u"one_time_check")

        self.handling_form.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.one_time_check)


        self.right_layout.addWidget(self.handling_group)

        self.stage_group = QGroupBox(TicketDialog)
        self.stage_group.setObjectName(u"stage_group")
        sizePolicy.setHeightForWidth(self.stage_group.sizePolicy().hasHeightForWidth())
        self.stage_group.setSizePolicy(sizePolicy)
        self.stage_layout = QVBoxLayout(self.stage_group)
        self.stage_layout.setObjectName(u"stage_layout")
        self.note_form = QFormLayout()
        self.note_form.setObjectName(u"note_form")
        self.note_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.note_label = QLabel(self.stage_group)
        self.note_label.setObjectName(u"note_label")

        self.note_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.note_label)

        self.note_edit = QLineEdit(self.stage_group)
        self.note_edit.setObjectName(u"note_edit")

        self.note_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.note_edit)


        self.stage_layout.addLayout(self.note_form)

        self.actions_layout = QHBoxLayout()
        self.actions_layout.setObjectName(u"actions_layout")
        self.classify_button = QPushButton(self.stage_group)
        self.classify_button.setObjectName(u"classify_button")

        self.actions_layout.addWidget(self.classify_button)

        self.dispatch_button = QPushButton(self.stage_group)
        self.dispatch_button.setObjectName(u"dispatch_button")

        self.actions_layout.addWidget(self.dispatch_button)

        self.start_button = QPushButton(self.stage_group)
        self.start_button.setObjectName(u"start_button")

        self.actions_layout.addWidget(self.start_button)

        self.resolve_button = QPushButton(self.stage_group)
        self.resolve_button.setObjectName(u"resolve_button")

        self.actions_layout.addWidget(self.resolve_button)

        self.reopen_button = QPushButton(self.stage_group)
        self.reopen_button.setObjectName(u"reopen_button")

        self.actions_layout.addWidget(self.reopen_button)

        self.callback_button = QPushButton(self.stage_group)
        self.callback_button.setObjectName(u"callback_button")

        self.actions_layout.addWidget(self.callback_button)

        self.archive_button = QPushButton(self.stage_group)
        self.archive_button.setObjectName(u"archive_button")

        self.actions_layout.addWidget(self.archive_button)

        self.actions_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actions_layout.addItem(self.actions_spacer)


        self.stage_layout.addLayout(self.actions_layout)

        self.pause_layout = QHBoxLayout()
        self.pause_layout.setObjectName(u"pause_layout")
        self.pause_reason_combo = QComboBox(self.stage_group)
        self.pause_reason_combo.setObjectName(u"pause_reason_combo")

        self.pause_layout.addWidget(self.pause_reason_combo)

        self.pause_button = QPushButton(self.stage_group)
        self.pause_button.setObjectName(u"pause_button")

        self.pause_layout.addWidget(self.pause_button)

        self.resume_button = QPushButton(self.stage_group)
        self.resume_button.setObjectName(u"resume_button")

        self.pause_layout.addWidget(self.resume_button)

        self.pause_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.pause_layout.addItem(self.pause_spacer)

        self.knowledge_button = QPushButton(self.stage_group)
        self.knowledge_button.setObjectName(u"knowledge_button")

        self.pause_layout.addWidget(self.knowledge_button)


        self.stage_layout.addLayout(self.pause_layout)

        self.callback_status_label = QLabel(self.stage_group)
        self.callback_status_label.setObjectName(u"callback_status_label")
        self.callback_status_label.setWordWrap(True)

        self.stage_layout.addWidget(self.callback_status_label)


        self.right_layout.addWidget(self.stage_group)

        self.record_tabs = QTabWidget(TicketDialog)
        self.record_tabs.setObjectName(u"record_tabs")
        self.history_page = QWidget()
        self.history_page.setObjectName(u"history_page")
        self.history_layout = QVBoxLayout(self.history_page)
        self.history_layout.setObjectName(u"history_layout")
        self.history_table = QTableWidget(self.history_page)
        if (self.history_table.columnCount() < 4):
            self.history_table.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.history_table.setObjectName(u"history_table")
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setAlternatingRowColors(True)
        self.history_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setWordWrap(True)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.verticalHeader().setVisible(False)

        self.history_layout.addWidget(self.history_table)

        self.record_tabs.addTab(self.history_page, "")
        self.attachments_page = QWidget()
        self.attachments_page.setObjectName(u"attachments_page")
        self.attachments_layout = QVBoxLayout(self.attachments_page)
        self.attachments_layout.setObjectName(u"attachments_layout")
        self.record_tabs.addTab(self.attachments_page, "")

        self.right_layout.addWidget(self.record_tabs)

        self.right_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.right_layout.addItem(self.right_spacer)

        self.right_layout.setStretch(2, 1)

        self.body_layout.addLayout(self.right_layout)

        self.body_layout.setStretch(0, 1)
        self.body_layout.setStretch(1, 1)

        self.main_layout.addLayout(self.body_layout)

        self.error_label = ErrorLine(TicketDialog)
        self.error_label.setObjectName(u"error_label")

        self.main_layout.addWidget(self.error_label)

        self.button_box = QDialogButtonBox(TicketDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setOrientation(Qt.Orientation.Horizontal)
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.customer_label.setBuddy(self.customer_search_edit)
        self.contact_label.setBuddy(self.contact_combo)
        self.channel_label.setBuddy(self.channel_combo)
        self.equipment_label.setBuddy(self.equipment_combo)
        self.category_label.setBuddy(self.category_combo)
        self.priority_label.setBuddy(self.priority_combo)
        self.severity_label.setBuddy(self.severity_combo)
        self.description_label.setBuddy(self.description_edit)
        self.assignee_label.setBuddy(self.assignee_combo)
        self.solution_label.setBuddy(self.solution_edit)
        self.root_cause_label.setBuddy(self.root_cause_edit)
        self.complaint_result_label.setBuddy(self.complaint_result_edit)
        self.note_label.setBuddy(self.note_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.customer_search_edit, self.customer_results_list)
        QWidget.setTabOrder(self.customer_results_list, self.contact_combo)
        QWidget.setTabOrder(self.contact_combo, self.channel_combo)
        QWidget.setTabOrder(self.channel_combo, self.equipment_combo)
        QWidget.setTabOrder(self.equipment_combo, self.category_combo)
        QWidget.setTabOrder(self.category_combo, self.priority_combo)
        QWidget.setTabOrder(self.priority_combo, self.severity_combo)
        QWidget.setTabOrder(self.severity_combo, self.description_edit)
        QWidget.setTabOrder(self.description_edit, self.suggestions_list)
        QWidget.setTabOrder(self.suggestions_list, self.assignee_combo)
        QWidget.setTabOrder(self.assignee_combo, self.solution_edit)
        QWidget.setTabOrder(self.solution_edit, self.root_cause_edit)
        QWidget.setTabOrder(self.root_cause_edit, self.complaint_result_edit)
        QWidget.setTabOrder(self.complaint_result_edit, self.one_time_check)
        QWidget.setTabOrder(self.one_time_check, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.classify_button)
        QWidget.setTabOrder(self.classify_button, self.dispatch_button)
        QWidget.setTabOrder(self.dispatch_button, self.start_button)
        QWidget.setTabOrder(self.start_button, self.resolve_button)
        QWidget.setTabOrder(self.resolve_button, self.reopen_button)
        QWidget.setTabOrder(self.reopen_button, self.callback_button)
        QWidget.setTabOrder(self.callback_button, self.archive_button)
        QWidget.setTabOrder(self.archive_button, self.pause_reason_combo)
        QWidget.setTabOrder(self.pause_reason_combo, self.pause_button)
        QWidget.setTabOrder(self.pause_button, self.resume_button)
        QWidget.setTabOrder(self.resume_button, self.knowledge_button)
        QWidget.setTabOrder(self.knowledge_button, self.history_table)
        QWidget.setTabOrder(self.history_table, self.print_button)
        QWidget.setTabOrder(self.print_button, self.button_box)

        self.retranslateUi(TicketDialog)

        self.record_tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(TicketDialog)
    # setupUi

    def retranslateUi(self, TicketDialog):
        TicketDialog.setWindowTitle(QCoreApplication.translate("TicketDialog", u"Ticket", None))
        self.number_label.setText(QCoreApplication.translate("TicketDialog", u"New ticket", None))
        self.stage_label.setText("")
        self.paused_label.setText("")
        self.print_button.setText(QCoreApplication.translate("TicketDialog", u"Print ticket sheet", None))
        self.dues_label.setText("")
        self.caller_group.setTitle(QCoreApplication.translate("TicketDialog", u"Caller", None))
        self.customer_label.setText(QCoreApplication.translate("TicketDialog", u"Customer *", None))
        self.customer_search_edit.setPlaceholderText(QCoreApplication.translate("TicketDialog", u"Name, code, the last 4+ digits of a mobile, or a serial number", None))
        self.customer_value_label.setText("")
        self.contact_label.setText(QCoreApplication.translate("TicketDialog", u"Contact", None))
        self.channel_label.setText(QCoreApplication.translate("TicketDialog", u"Channel", None))
        self.equipment_label.setText(QCoreApplication.translate("TicketDialog", u"Machine", None))
        self.warranty_label.setText("")
        self.problem_group.setTitle(QCoreApplication.translate("TicketDialog", u"Problem", None))
        self.category_label.setText(QCoreApplication.translate("TicketDialog", u"Category", None))
        self.priority_label.setText(QCoreApplication.translate("TicketDialog", u"Priority", None))
        self.severity_label.setText(QCoreApplication.translate("TicketDialog", u"Complaint severity", None))
        self.description_label.setText(QCoreApplication.translate("TicketDialog", u"Description *", None))
        self.description_edit.setPlaceholderText(QCoreApplication.translate("TicketDialog", u"What the customer reports, in their words", None))
        self.suggestions_group.setTitle(QCoreApplication.translate("TicketDialog", u"Knowledge base and similar solved tickets", None))
        self.suggestions_hint_label.setText(QCoreApplication.translate("TicketDialog", u"Click a line to copy its solution.", None))
        self.handling_group.setTitle(QCoreApplication.translate("TicketDialog", u"Handling", None))
        self.assignee_label.setText(QCoreApplication.translate("TicketDialog", u"Assignee", None))
        self.solution_label.setText(QCoreApplication.translate("TicketDialog", u"Solution", None))
        self.solution_edit.setPlaceholderText(QCoreApplication.translate("TicketDialog", u"What was done, as told to the customer", None))
        self.root_cause_label.setText(QCoreApplication.translate("TicketDialog", u"Root cause", None))
        self.complaint_result_label.setText(QCoreApplication.translate("TicketDialog", u"Complaint outcome", None))
        self.one_time_check.setText(QCoreApplication.translate("TicketDialog", u"Resolved at the first attempt", None))
        self.stage_group.setTitle(QCoreApplication.translate("TicketDialog", u"Next step", None))
        self.note_label.setText(QCoreApplication.translate("TicketDialog", u"Note", None))
        self.note_edit.setPlaceholderText(QCoreApplication.translate("TicketDialog", u"Written into the history with the next step", None))
        self.classify_button.setText(QCoreApplication.translate("TicketDialog", u"Classify", None))
        self.dispatch_button.setText(QCoreApplication.translate("TicketDialog", u"Dispatch", None))
        self.start_button.setText(QCoreApplication.translate("TicketDialog", u"Start work", None))
        self.resolve_button.setText(QCoreApplication.translate("TicketDialog", u"Resolve", None))
        self.reopen_button.setText(QCoreApplication.translate("TicketDialog", u"Reopen", None))
        self.callback_button.setText(QCoreApplication.translate("TicketDialog", u"Callback\u2026", None))
        self.archive_button.setText(QCoreApplication.translate("TicketDialog", u"Archive", None))
        self.pause_button.setText(QCoreApplication.translate("TicketDialog", u"Pause", None))
        self.resume_button.setText(QCoreApplication.translate("TicketDialog", u"Resume", None))
        self.knowledge_button.setText(QCoreApplication.translate("TicketDialog", u"Add to knowledge base", None))
        self.callback_status_label.setText("")
        ___qtablewidgetitem = self.history_table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("TicketDialog", u"Time", None))
        ___qtablewidgetitem1 = self.history_table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("TicketDialog", u"Operator", None))
        ___qtablewidgetitem2 = self.history_table.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("TicketDialog", u"Step", None))
        ___qtablewidgetitem3 = self.history_table.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("TicketDialog", u"Note", None))
        self.record_tabs.setTabText(self.record_tabs.indexOf(self.history_page), QCoreApplication.translate("TicketDialog", u"History", None))
        self.record_tabs.setTabText(self.record_tabs.indexOf(self.attachments_page), QCoreApplication.translate("TicketDialog", u"Attachments", None))
    # retranslateUi

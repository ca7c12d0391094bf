# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'customer_dialog.ui'
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
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem,
    QTabWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

from crmdesk.ui.widgets import ErrorLine

class Ui_CustomerDialog(object):
    def setupUi(self, CustomerDialog):
        if not CustomerDialog.objectName():
            CustomerDialog.setObjectName(u"CustomerDialog")
        CustomerDialog.resize(760, 600)
        self.main_layout = QVBoxLayout(CustomerDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.duplicate_label = QLabel(CustomerDialog)
        self.duplicate_label.setObjectName(u"duplicate_label")
        self.duplicate_label.setTextFormat(Qt.TextFormat.RichText)
        self.duplicate_label.setWordWrap(True)

        self.main_layout.addWidget(self.duplicate_label)

        self.tabs = QTabWidget(CustomerDialog)
        self.tabs.setObjectName(u"tabs")
        self.basic_page = QWidget()
        self.basic_page.setObjectName(u"basic_page")
        self.basic_layout = QFormLayout(self.basic_page)
        self.basic_layout.setObjectName(u"basic_layout")
        self.basic_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.code_label = QLabel(self.basic_page)
        self.code_label.setObjectName(u"code_label")

        self.basic_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.code_label)

        self.code_edit = QLineEdit(self.basic_page)
        self.code_edit.setObjectName(u"code_edit")

        self.basic_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.code_edit)

        self.name_label = QLabel(self.basic_page)
        self.name_label.setObjectName(u"name_label")

        self.basic_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_edit = QLineEdit(self.basic_page)
        self.name_edit.setObjectName(u"name_edit")

        self.basic_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.type_label = QLabel(self.basic_page)
        self.type_label.setObjectName(u"type_label")

        self.basic_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.type_label)

        self.type_combo = QComboBox(self.basic_page)
        self.type_combo.setObjectName(u"type_combo")

        self.basic_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.type_combo)

        self.importance_label = QLabel(self.basic_page)
        self.importance_label.setObjectName(u"importance_label")

        self.basic_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.importance_label)

        self.importance_combo = QComboBox(self.basic_page)
        self.importance_combo.setObjectName(u"importance_combo")

        self.basic_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.importance_combo)

        self.tier_label = QLabel(self.basic_page)
        self.tier_label.setObjectName(u"tier_label")

        self.basic_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.tier_label)

        self.tier_layout = QHBoxLayout()
        self.tier_layout.setObjectName(u"tier_layout")
        self.tier_combo = QComboBox(self.basic_page)
        self.tier_combo.setObjectName(u"tier_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.tier_combo.sizePolicy().hasHeightForWidth())
        self.tier_combo.setSizePolicy(sizePolicy)

        self.tier_layout.addWidget(self.tier_combo)

        self.tier_pinned_check = QCheckBox(self.basic_page)
        self.tier_pinned_check.setObjectName(u"tier_pinned_check")

        self.tier_layout.addWidget(self.tier_pinned_check)


        self.basic_layout.setLayout(4, QFormLayout.ItemRole.FieldRole, self.tier_layout)

        self.industry_label = QLabel(self.basic_page)
        self.industry_label.setObjectName(u"industry_label")

        self.basic_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.industry_label)

        self.industry_combo = QComboBox(self.basic_page)
        self.industry_combo.setObjectName(u"industry_combo")
        self.industry_combo.setEditable(True)

        self.basic_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.industry_combo)

        self.size_label = QLabel(self.basic_page)
        self.size_label.setObjectName(u"size_label")

        self.basic_layout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.size_label)

        self.size_combo = QComboBox(self.basic_page)
        self.size_combo.setObjectName(u"size_combo")
        self.size_combo.setEditable(True)

        self.basic_layout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.size_combo)

        self.region_label = QLabel(self.basic_page)
        self.region_label.setObjectName(u"region_label")

        self.basic_layout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.region_label)

        self.region_edit = QLineEdit(self.basic_page)
        self.region_edit.setObjectName(u"region_edit")

        self.basic_layout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.region_edit)

        self.address_label = QLabel(self.basic_page)
        self.address_label.setObjectName(u"address_label")

        self.basic_layout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.address_label)

        self.address_edit = QLineEdit(self.basic_page)
        self.address_edit.setObjectName(u"address_edit")

        self.basic_layout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.address_edit)

        self.source_label = QLabel(self.basic_page)
        self.source_label.setObjectName(u"source_label")

        self.basic_layout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.source_label)

        self.source_combo = QComboBox(self.basic_page)
        self.source_combo.setObjectName(u"source_combo")

        self.basic_layout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.source_combo)

        self.manager_label = QLabel(self.basic_page)
        self.manager_label.setObjectName(u"manager_label")

        self.basic_layout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.manager_label)

        self.manager_combo = QComboBox(self.basic_page)
        self.manager_combo.setObjectName(u"manager_combo")

        self.basic_layout.setWidget(10, QFormLayout.ItemRole.FieldRole, self.manager_combo)

        self.coop_start_label = QLabel(self.basic_page)
        self.coop_start_label.setObjectName(u"coop_start_label")

        self.basic_layout.setWidget(11, QFormLayout.ItemRole.LabelRole, self.coop_start_label)

        self.coop_start_edit = QLineEdit(self.basic_page)
        self.coop_start_edit.setObjectName(u"coop_start_edit")

        self.basic_layout.setWidget(11, QFormLayout.ItemRole.FieldRole, self.coop_start_edit)

        self.tags_label = QLabel(self.basic_page)
        self.tags_label.setObjectName(u"tags_label")

        self.basic_layout.setWidget(12, QFormLayout.ItemRole.LabelRole, self.tags_label)

        self.tags_edit = QLineEdit(self.basic_page)
        self.tags_edit.setObjectName(u"tags_edit")

        self.basic_layout.setWidget(12, QFormLayout.ItemRole.FieldRole, self.tags_edit)

        self.status_title_label = QLabel(self.basic_page)
        self.status_title_label.setObjectName(u"status_title_label")

        self.basic_layout.setWidget(13, QFormLayout.ItemRole.LabelRole, self.status_title_label)

        self.status_label = QLabel(self.basic_page)
        self.status_label.setObjectName(u"status_label")
        self.status_label.setWordWrap(True)

        self.basic_layout.setWidget(13, QFormLayout.ItemRole.FieldRole, self.status_label)

        self.tabs.addTab(self.basic_page, "")
        self.contacts_page = QWidget()
        self.contacts_page.setObjectName(u"contacts_page")
        self.contacts_layout = QHBoxLayout(self.contacts_page)
        self.contacts_layout.setObjectName(u"contacts_layout")
        self.contacts_table = QTableWidget(self.contacts_page)
        if (self.contacts_table.columnCount() < 7):
            self.contacts_table.setColumnCount(7)
        __qtablewidgetitem = QTableWidgetItem()
        self.contacts_table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.contacts_table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.contacts_table.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.contacts_table.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.contacts_table.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.contacts_table.setHorizontalHeaderItem(5, __qtablewidgetitem5)
        __qtablewidgetitem6 = QTableWidgetItem()
        self.contacts_table.setHorizontalHeaderItem(6, __qtablewidgetitem6)
        self.contacts_table.setObjectName(u"contacts_table")
        self.contacts_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contacts_table.setAlternatingRowColors(True)
        self.contacts_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts_table.horizontalHeader().setStretchLastSection(True)
        self.contacts_table.verticalHeader().setVisible(False)

        self.contacts_layout.addWidget(self.contacts_table)

        self.contact_buttons_layout = QVBoxLayout()
        self.contact_buttons_layout.setObjectName(u"contact_buttons_layout")
        self.add_contact_button = QPushButton(self.contacts_page)
        self.add_contact_button.setObjectName(u"add_contact_button")

        self.contact_buttons_layout.addWidget(self.add_contact_button)

        self.edit_contact_button = QPushButton(self.contacts_page)
        self.edit_contact_button.setObjectName(u"edit_contact_button")

        self.contact_buttons_layout.addWidget(self.edit_contact_button)

        self.remove_contact_button = QPushButton(self.contacts_page)
        self.remove_contact_button.setObjectName(u"remove_contact_button")

        self.contact_buttons_layout.addWidget(self.remove_contact_button)

        self.primary_contact_button = QPushButton(self.contacts_page)
        self.primary_contact_button.setObjectName(u"primary_contact_button")

        self.contact_buttons_layout.addWidget(self.primary_contact_button)

        self.contact_buttons_spacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.contact_buttons_layout.addItem(self.contact_buttons_spacer)


        self.contacts_layout.addLayout(self.contact_buttons_layout)

        self.tabs.addTab(self.contacts_page, "")
        self.orders_page = QWidget()
        self.orders_page.setObjectName(u"orders_page")
        self.orders_layout = QVBoxLayout(self.orders_page)
        self.orders_layout.setObjectName(u"orders_layout")
        self.orders_table_layout = QHBoxLayout()
        self.orders_table_layout.setObjectName(u"orders_table_layout")
        self.orders_table = QTableWidget(self.orders_page)
        if (self.orders_table.columnCount() < 4):
            self.orders_table.setColumnCount(4)
        __qtablewidgetitem7 = QTableWidgetItem()
        self.orders_table.setHorizontalHeaderItem(0, __qtablewidgetitem7)
        __qtablewidgetitem8 = QTableWidgetItem()
        self.orders_table.setHorizontalHeaderItem(1, __qtablewidgetitem8)
        __qtablewidgetitem9 = QTableWidgetItem()
        self.orders_table.setHorizontalHeaderItem(2, __qtablewidgetitem9)
        __qtablewidgetitem10 = QTableWidgetItem()
        self.orders_table.setHorizontalHeaderItem(3, __qtablewidgetitem10)
        self.orders_table.setObjectName(u"orders_table")
        self.orders_table.setAlternatingRowColors(True)
        self.orders_table.horizontalHeader().setStretchLastSection(True)
        self.orders_table.verticalHeader().setVisible(False)

        self.orders_table_layout.addWidget(self.orders_table)

        self.order_buttons_layout = QVBoxLayout()
        self.order_buttons_layout.setObjectName(u"order_buttons_layout")
        self.add_order_button = QPushButton(self.orders_page)
        self.add_order_button.setObjectName(u"add_order_button")

        self.order_buttons_layout.addWidget(self.add_order_button)

        self.remove_order_button = QPushButton(self.orders_page)
        self.remove_order_button.setObjectName(u"remove_order_button")

        self.order_buttons_layout.addWidget(self.remove_order_button)

        self.order_buttons_spacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.order_buttons_layout.addItem(self.order_buttons_spacer)


        self.orders_table_layout.addLayout(self.order_buttons_layout)


        self.orders_layout.addLayout(self.orders_table_layout)

        self.orders_total_label = QLabel(self.orders_page)
        self.orders_total_label.setObjectName(u"orders_total_label")

        self.orders_layout.addWidget(self.orders_total_label)

        self.tabs.addTab(self.orders_page, "")
        self.needs_page = QWidget()
        self.needs_page.setObjectName(u"needs_page")
        self.needs_layout = QFormLayout(self.needs_page)
        self.needs_layout.setObjectName(u"needs_layout")
        self.needs_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.purchase_intent_label = QLabel(self.needs_page)
        self.purchase_intent_label.setObjectName(u"purchase_intent_label")

        self.needs_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.purchase_intent_label)

        self.purchase_intent_edit = QPlainTextEdit(self.needs_page)
        self.purchase_intent_edit.setObjectName(u"purchase_intent_edit")
        self.purchase_intent_edit.setTabChangesFocus(True)

        self.needs_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.purchase_intent_edit)

        self.product_preference_label = QLabel(self.needs_page)
        self.product_preference_label.setObjectName(u"product_preference_label")

        self.needs_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.product_preference_label)

        self.product_preference_edit = QPlainTextEdit(self.needs_page)
        self.product_preference_edit.setObjectName(u"product_preference_edit")
        self.product_preference_edit.setTabChangesFocus(True)

        self.needs_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.product_preference_edit)

        self.budget_label = QLabel(self.needs_page)
        self.budget_label.setObjectName(u"budget_label")

        self.needs_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.budget_label)

        self.budget_edit = QLineEdit(self.needs_page)
        self.budget_edit.setObjectName(u"budget_edit")

        self.needs_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.budget_edit)

        self.notes_label = QLabel(self.needs_page)
        self.notes_label.setObjectName(u"notes_label")

        self.needs_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.notes_label)

        self.notes_edit = QPlainTextEdit(self.needs_page)
        self.notes_edit.setObjectName(u"notes_edit")
        self.notes_edit.setTabChangesFocus(True)

        self.needs_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.notes_edit)

        self.confidential_notes_label = QLabel(self.needs_page)
        self.confidential_notes_label.setObjectName(u"confidential_notes_label")

        self.needs_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.confidential_notes_label)

        self.confidential_notes_edit = QPlainTextEdit(self.needs_page)
        self.confidential_notes_edit.setObjectName(u"confidential_notes_edit")
        self.confidential_notes_edit.setTabChangesFocus(True)

        self.needs_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.confidential_notes_edit)

        self.tabs.addTab(self.needs_page, "")

        self.main_layout.addWidget(self.tabs)

        self.reason_layout = QHBoxLayout()
        self.reason_layout.setObjectName(u"reason_layout")
        self.reason_label = QLabel(CustomerDialog)
        self.reason_label.setObjectName(u"reason_label")

        self.reason_layout.addWidget(self.reason_label)

        self.reason_edit = QLineEdit(CustomerDialog)
        self.reason_edit.setObjectName(u"reason_edit")

        self.reason_layout.addWidget(self.reason_edit)


        self.main_layout.addLayout(self.reason_layout)

        self.error_label = ErrorLine(CustomerDialog)
        self.error_label.setObjectName(u"error_label")

        self.main_layout.addWidget(self.error_label)

        self.button_box = QDialogButtonBox(CustomerDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setOrientation(Qt.Orientation.Horizontal)
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.code_label.setBuddy(self.code_edit)
        self.name_label.setBuddy(self.name_edit)
        self.type_label.setBuddy(self.type_combo)
        self.importance_label.setBuddy(self.importance_combo)
        self.tier_label.setBuddy(self.tier_combo)
        self.industry_label.setBuddy(self.industry_combo)
        self.size_label.setBuddy(self.size_combo)
        self.region_label.setBuddy(self.region_edit)
        self.address_label.setBuddy(self.address_edit)
        self.source_label.setBuddy(self.source_combo)
        self.manager_label.setBuddy(self.manager_combo)
        self.coop_start_label.setBuddy(self.coop_start_edit)
        self.tags_label.setBuddy(self.tags_edit)
        self.purchase_intent_label.setBuddy(self.purchase_intent_edit)
        self.product_preference_label.setBuddy(self.product_preference_edit)
        self.budget_label.setBuddy(self.budget_edit)
        self.notes_label.setBuddy(self.notes_edit)
        self.confidential_notes_label.setBuddy(self.confidential_notes_edit)
        self.reason_label.setBuddy(self.reason_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.code_edit)
        QWidget.setTabOrder(self.code_edit, self.name_edit)
        QWidget.setTabOrder(self.name_edit, self.type_combo)
        QWidget.setTabOrder(self.type_combo, self.importance_combo)
        QWidget.setTabOrder(self.importance_combo, self.tier_combo)
        QWidget.setTabOrder(self.tier_combo, self.tier_pinned_check)
        QWidget.setTabOrder(self.tier_pinned_check, self.industry_combo)
        QWidget.setTabOrder(self.industry_combo, self.size_combo)
        QWidget.setTabOrder(self.size_combo, self.region_edit)
        QWidget.setTabOrder(self.region_edit, self.address_edit)
        QWidget.setTabOrder(self.address_edit, self.source_combo)
        QWidget.setTabOrder(self.source_combo, self.manager_combo)
        QWidget.setTabOrder(self.manager_combo, self.coop_start_edit)
        QWidget.setTabOrder(self.coop_start_edit, self.tags_edit)
        QWidget.setTabOrder(self.tags_edit, self.contacts_table)
        QWidget.setTabOrder(self.contacts_table, self.add_contact_button)
        QWidget.setTabOrder(self.add_contact_button, self.edit_contact_button)
        QWidget.setTabOrder(self.edit_contact_button, self.remove_contact_button)
        QWidget.setTabOrder(self.remove_contact_button, self.primary_contact_button)
        QWidget.setTabOrder(self.primary_contact_button, self.orders_table)
        QWidget.setTabOrder(self.orders_table, self.add_order_button)
        QWidget.setTabOrder(self.add_order_button, self.remove_order_button)
        QWidget.setTabOrder(self.remove_order_button, self.purchase_intent_edit)
        QWidget.setTabOrder(self.purchase_intent_edit, self.product_preference_edit)
        QWidget.setTabOrder(self.product_preference_edit, self.budget_edit)
        QWidget.setTabOrder(self.budget_edit, self.notes_edit)
        QWidget.setTabOrder(self.notes_edit, self.confidential_notes_edit)
        QWidget.setTabOrder(self.confidential_notes_edit, self.reason_edit)
        QWidget.setTabOrder(self.reason_edit, self.button_box)

        self.retranslateUi(CustomerDialog)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(CustomerDialog)
    # setupUi

    def retranslateUi(self, CustomerDialog):
        CustomerDialog.setWindowTitle(QCoreApplication.translate("CustomerDialog", u"Customer", None))
        self.code_label.setText(QCoreApplication.translate("CustomerDialog", u"Code", None))
        self.code_edit.setPlaceholderText(QCoreApplication.translate("CustomerDialog", u"Assigned automatically", None))
        self.name_label.setText(QCoreApplication.translate("CustomerDialog", u"Name *", None))
        self.type_label.setText(QCoreApplication.translate("CustomerDialog", u"Type *", None))
        self.importance_label.setText(QCoreApplication.translate("CustomerDialog", u"Importance *", None))
        self.tier_label.setText(QCoreApplication.translate("CustomerDialog", u"Tier", None))
        self.tier_pinned_check.setText(QCoreApplication.translate("CustomerDialog", u"Pin tier", None))
        self.industry_label.setText(QCoreApplication.translate("CustomerDialog", u"Industry", None))
        self.size_label.setText(QCoreApplication.translate("CustomerDialog", u"Size", None))
        self.region_label.setText(QCoreApplication.translate("CustomerDialog", u"Region", None))
        self.address_label.setText(QCoreApplication.translate("CustomerDialog", u"Address", None))
        self.source_label.setText(QCoreApplication.translate("CustomerDialog", u"Source", None))
        self.manager_label.setText(QCoreApplication.translate("CustomerDialog", u"Account manager", None))
        self.coop_start_label.setText(QCoreApplication.translate("CustomerDialog", u"Cooperating since", None))
        self.coop_start_edit.setPlaceholderText(QCoreApplication.translate("CustomerDialog", u"YYYY-MM-DD", None))
        self.tags_label.setText(QCoreApplication.translate("CustomerDialog", u"Tags", None))
        self.tags_edit.setPlaceholderText(QCoreApplication.translate("CustomerDialog", u"Separate tags with commas", None))
        self.status_title_label.setText(QCoreApplication.translate("CustomerDialog", u"Status", None))
        self.tabs.setTabText(self.tabs.indexOf(self.basic_page), QCoreApplication.translate("CustomerDialog", u"Basics", None))
        ___qtablewidgetitem = self.contacts_table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("CustomerDialog", u"Name", None))
        ___qtablewidgetitem1 = self.contacts_table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("CustomerDialog", u"Title", None))
        ___qtablewidgetitem2 = self.contacts_table.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("CustomerDialog", u"Mobile", None))
        ___qtablewidgetitem3 = self.contacts_table.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("CustomerDialog", u"Phone", None))
        ___qtablewidgetitem4 = self.contacts_table.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("CustomerDialog", u"E-mail", None))
        ___qtablewidgetitem5 = self.contacts_table.horizontalHeaderItem(5)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("CustomerDialog", u"Birthday", None))
        ___qtablewidgetitem6 = self.contacts_table.horizontalHeaderItem(6)
        ___qtablewidgetitem6.setText(QCoreApplication.translate("CustomerDialog", u"Status", None))
        self.add_contact_button.setText(QCoreApplication.translate("CustomerDialog", u"Add\u2026", None))
        self.edit_contact_button.setText(QCoreApplication.translate("CustomerDialog", u"Edit\u2026", None))
        self.remove_contact_button.setText(QCoreApplication.translate("CustomerDialog", u"Remove", None))
        self.primary_contact_button.setText(QCoreApplication.translate("CustomerDialog", u"Make primary", None))
        self.tabs.setTabText(self.tabs.indexOf(self.contacts_page), QCoreApplication.translate("CustomerDialog", u"Contacts", None))
        ___qtablewidgetitem7 = self.orders_table.horizontalHeaderItem(0)
        ___qtablewidgetitem7.setText(QCoreApplication.translate("CustomerDialog", u"Date", None))
        ___qtablewidgetitem8 = self.orders_table.horizontalHeaderItem(1)
        ___qtablewidgetitem8.setText(QCoreApplication.translate("CustomerDialog", u"Product", None))
        ___qtablewidgetitem9 = self.orders_table.horizontalHeaderItem(2)
        ___qtablewidgetitem9.setText(QCoreApplication.translate("CustomerDialog", u"Amount (yuan)", None))
        ___qtablewidgetitem10 = self.orders_table.horizontalHeaderItem(3)
        ___qtablewidgetitem10.setText(QCoreApplication.translate("CustomerDialog", u"Contract no.", None))
        self.add_order_button.setText(QCoreApplication.translate("CustomerDialog", u"Add", None))
        self.remove_order_button.setText(QCoreApplication.translate("CustomerDialog", u"Remove", None))
        self.tabs.setTabText(self.tabs.indexOf(self.orders_page), QCoreApplication.translate("CustomerDialog", u"Orders", None))
        self.purchase_intent_label.setText(QCoreApplication.translate("CustomerDialog", u"Purchase intent", None))
        self.product_preference_label.setText(QCoreApplication.translate("CustomerDialog", u"Product preference", None))
        self.budget_label.setText(QCoreApplication.translate("CustomerDialog", u"Budget range", None))
        self.notes_label.setText(QCoreApplication.translate("CustomerDialog", u"Notes", None))
        self.confidential_notes_label.setText(QCoreApplication.translate("CustomerDialog", u"Confidential notes", None))
        self.tabs.setTabText(self.tabs.indexOf(self.needs_page), QCoreApplication.translate("CustomerDialog", u"Needs and notes", None))
        self.reason_label.setText(QCoreApplication.translate("CustomerDialog", u"Reason for the change", None))
        self.reason_edit.setPlaceholderText(QCoreApplication.translate("CustomerDialog", u"Optional, kept in the change log", None))
    # retranslateUi

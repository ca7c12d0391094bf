# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'followup_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateTimeEdit,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

from crmdesk.ui.widgets import ErrorLine

class Ui_FollowUpDialog(object):
    def setupUi(self, FollowUpDialog):
        if not FollowUpDialog.objectName():
            FollowUpDialog.setObjectName(u"FollowUpDialog")
        FollowUpDialog.resize(460, 340)
        self.main_layout = QVBoxLayout(FollowUpDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.customer_label = QLabel(FollowUpDialog)
        self.customer_label.setObjectName(u"customer_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.customer_label)

        self.customer_layout = QVBoxLayout()
        self.customer_layout.setSpacing(4)
        self.customer_layout.setObjectName(u"customer_layout")
        self.customer_search_edit = QLineEdit(FollowUpDialog)
        self.customer_search_edit.setObjectName(u"customer_search_edit")
        self.customer_search_edit.setClearButtonEnabled(True)

        self.customer_layout.addWidget(self.customer_search_edit)

        self.customer_combo = QComboBox(FollowUpDialog)
        self.customer_combo.setObjectName(u"customer_combo")

        self.customer_layout.addWidget(self.customer_combo)


        self.form_layout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.customer_layout)

        self.contact_label = QLabel(FollowUpDialog)
        self.contact_label.setObjectName(u"contact_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.contact_label)

        self.contact_combo = QComboBox(FollowUpDialog)
        self.contact_combo.setObjectName(u"contact_combo")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.contact_combo)

        self.due_label = QLabel(FollowUpDialog)
        self.due_label.setObjectName(u"due_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.due_label)

        self.due_edit = QDateTimeEdit(FollowUpDialog)
        self.due_edit.setObjectName(u"due_edit")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat(u"yyyy-MM-dd HH:mm")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.due_edit)

        self.method_label = QLabel(FollowUpDialog)
        self.method_label.setObjectName(u"method_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.method_label)

        self.method_combo = QComboBox(FollowUpDialog)
        self.method_combo.setObjectName(u"method_combo")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.method_combo)

        self.purpose_label = QLabel(FollowUpDialog)
        self.purpose_label.setObjectName(u"purpose_label")

        self.form_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.purpose_label)

        self.purpose_combo = QComboBox(FollowUpDialog)
        self.purpose_combo.setObjectName(u"purpose_combo")
        self.purpose_combo.setEditable(True)
        self.purpose_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.form_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.purpose_combo)

        self.assignee_label = QLabel(FollowUpDialog)
        self.assignee_label.setObjectName(u"assignee_label")

        self.form_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.assignee_label)

        self.assignee_combo = QComboBox(FollowUpDialog)
        self.assignee_combo.setObjectName(u"assignee_combo")

        self.form_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.assignee_combo)


        self.main_layout.addLayout(self.form_layout)

        self.info_label = QLabel(FollowUpDialog)
        self.info_label.setObjectName(u"info_label")
        self.info_label.setWordWrap(True)

        self.main_layout.addWidget(self.info_label)

        self.main_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.main_spacer)

        self.error_label = ErrorLine(FollowUpDialog)
        self.error_label.setObjectName(u"error_label")

        self.main_layout.addWidget(self.error_label)

        self.button_box = QDialogButtonBox(FollowUpDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setOrientation(Qt.Orientation.Horizontal)
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.customer_label.setBuddy(self.customer_search_edit)
        self.contact_label.setBuddy(self.contact_combo)
        self.due_label.setBuddy(self.due_edit)
        self.method_label.setBuddy(self.method_combo)
        self.purpose_label.setBuddy(self.purpose_combo)
        self.assignee_label.setBuddy(self.assignee_combo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.customer_search_edit, self.customer_combo)
        QWidget.setTabOrder(self.customer_combo, self.contact_combo)
        QWidget.setTabOrder(self.contact_combo, self.due_edit)
        QWidget.setTabOrder(self.due_edit, self.method_combo)
        QWidget.setTabOrder(self.method_combo, self.purpose_combo)
        QWidget.setTabOrder(self.purpose_combo, self.assignee_combo)
        QWidget.setTabOrder(self.assignee_combo, self.button_box)

        self.retranslateUi(FollowUpDialog)

        QMetaObject.connectSlotsByName(FollowUpDialog)
    # setupUi

    def retranslateUi(self, FollowUpDialog):
        FollowUpDialog.setWindowTitle(QCoreApplication.translate("FollowUpDialog", u"Follow-up", None))
        self.customer_label.setText(QCoreApplication.translate("FollowUpDialog", u"Customer *", None))
        self.customer_search_edit.setPlaceholderText(QCoreApplication.translate("FollowUpDialog", u"Code, name, contact or the last 4 digits of a phone", None))
        self.contact_label.setText(QCoreApplication.translate("FollowUpDialog", u"Contact", None))
        self.due_label.setText(QCoreApplication.translate("FollowUpDialog", u"Date and time *", None))
        self.method_label.setText(QCoreApplication.translate("FollowUpDialog", u"Method", None))
        self.purpose_label.setText(QCoreApplication.translate("FollowUpDialog", u"Purpose *", None))
        self.assignee_label.setText(QCoreApplication.translate("FollowUpDialog", u"Assignee", None))
    # retranslateUi

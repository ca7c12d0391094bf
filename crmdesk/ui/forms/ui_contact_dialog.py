# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'contact_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

from crmdesk.ui.widgets import ErrorLine

class Ui_ContactDialog(object):
    def setupUi(self, ContactDialog):
        if not ContactDialog.objectName():
            ContactDialog.setObjectName(u"ContactDialog")
        ContactDialog.resize(420, 360)
        self.main_layout = QVBoxLayout(ContactDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = QLabel(ContactDialog)
        self.name_label.setObjectName(u"name_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_edit = QLineEdit(ContactDialog)
        self.name_edit.setObjectName(u"name_edit")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.title_label = QLabel(ContactDialog)
        self.title_label.setObjectName(u"title_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.title_label)

        self.title_edit = QLineEdit(ContactDialog)
        self.title_edit.setObjectName(u"title_edit")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.title_edit)

        self.mobile_label = QLabel(ContactDialog)
        self.mobile_label.setObjectName(u"mobile_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.mobile_label)

        self.mobile_edit = QLineEdit(ContactDialog)
        self.mobile_edit.setObjectName(u"mobile_edit")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.mobile_edit)

        self.phone_label = QLabel(ContactDialog)
        self.phone_label.setObjectName(u"phone_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone_edit = QLineEdit(ContactDialog)
        self.phone_edit.setObjectName(u"phone_edit")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.phone_edit)

        self.email_label = QLabel(ContactDialog)
        self.email_label.setObjectName(u"email_label")

        self.form_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.email_label)

        self.email_edit = QLineEdit(ContactDialog)
        self.email_edit.setObjectName(u"email_edit")

        self.form_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.email_edit)

        self.wechat_label = QLabel(ContactDialog)
        self.wechat_label.setObjectName(u"wechat_label")

        self.form_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.wechat_label)

        self.wechat_edit = QLineEdit(ContactDialog)
        self.wechat_edit.setObjectName(u"wechat_edit")

        self.form_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.wechat_edit)

        self.birthday_label = QLabel(ContactDialog)
        self.birthday_label.setObjectName(u"birthday_label")

        self.form_layout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.birthday_label)

        self.birthday_layout = QHBoxLayout()
        self.birthday_layout.setObjectName(u"birthday_layout")
        self.birthday_edit = QLineEdit(ContactDialog)
        self.birthday_edit.setObjectName(u"birthday_edit")

        self.birthday_layout.addWidget(self.birthday_edit)

        self.birthday_lunar_check = QCheckBox(ContactDialog)
        self.birthday_lunar_check.setObjectName(u"birthday_lunar_check")

        self.birthday_layout.addWidget(self.birthday_lunar_check)


        self.form_layout.setLayout(6, QFormLayout.ItemRole.FieldRole, self.birthday_layout)

        self.primary_check = QCheckBox(ContactDialog)
        self.primary_check.setObjectName(u"primary_check")

        self.form_layout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.primary_check)

        self.left_check = QCheckBox(ContactDialog)
        self.left_check.setObjectName(u"left_check")

        self.form_layout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.left_check)


        self.main_layout.addLayout(self.form_layout)

        self.main_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.main_spacer)

        self.error_label = ErrorLine(ContactDialog)
        self.error_label.setObjectName(u"error_label")

        self.main_layout.addWidget(self.error_label)

        self.button_box = QDialogButtonBox(ContactDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setOrientation(Qt.Orientation.Horizontal)
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.name_label.setBuddy(self.name_edit)
        self.title_label.setBuddy(self.title_edit)
        self.mobile_label.setBuddy(self.mobile_edit)
        self.phone_label.setBuddy(self.phone_edit)
        self.email_label.setBuddy(self.email_edit)
        self.wechat_label.setBuddy(self.wechat_edit)
        self.birthday_label.setBuddy(self.birthday_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name_edit, self.title_edit)
        QWidget.setTabOrder(self.title_edit, self.mobile_edit)
        QWidget.setTabOrder(self.mobile_edit, self.phone_edit)
        QWidget.setTabOrder(self.phone_edit, self.email_edit)
        QWidget.setTabOrder(self.email_edit, self.wechat_edit)
        QWidget.setTabOrder(self.wechat_edit, self.birthday_edit)
        QWidget.setTabOrder(self.birthday_edit, self.birthday_lunar_check)
        QWidget.setTabOrder(self.birthday_lunar_check, self.primary_check)
        QWidget.setTabOrder(self.primary_check, self.left_check)
        QWidget.setTabOrder(self.left_check, self.button_box)

        self.retranslateUi(ContactDialog)

        QMetaObject.connectSlotsByName(ContactDialog)
    # setupUi

    def retranslateUi(self, ContactDialog):
        ContactDialog.setWindowTitle(QCoreApplication.translate("ContactDialog", u"Contact", None))
        self.name_label.setText(QCoreApplication.translate("ContactDialog", u"Name *", None))
        self.title_label.setText(QCoreApplication.translate("ContactDialog", u"Title *", None))
        self.mobile_label.setText(QCoreApplication.translate("ContactDialog", u"Mobile", None))
        self.mobile_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"138 1234 5678", None))
        self.phone_label.setText(QCoreApplication.translate("ContactDialog", u"Phone", None))
        self.phone_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"0755-12345678", None))
        self.email_label.setText(QCoreApplication.translate("ContactDialog", u"E-mail", None))
        self.wechat_label.setText(QCoreApplication.translate("ContactDialog", u"WeChat", None))
        self.birthday_label.setText(QCoreApplication.translate("ContactDialog", u"Birthday", None))
        self.birthday_edit.setPlaceholderText(QCoreApplication.translate("ContactDialog", u"YYYY-MM-DD", None))
        self.birthday_lunar_check.setText(QCoreApplication.translate("ContactDialog", u"Lunar calendar", None))
        self.primary_check.setText(QCoreApplication.translate("ContactDialog", u"Primary contact", None))
        self.left_check.setText(QCoreApplication.translate("ContactDialog", u"Has left the company", None))
    # retranslateUi

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout,
    QWidget)

from crmdesk.ui.widgets import ErrorLine

class Ui_StaffDialog(object):
    def setupUi(self, StaffDialog):
        if not StaffDialog.objectName():
            StaffDialog.setObjectName(u"StaffDialog")
        StaffDialog.resize(380, 210)
        self.main_layout = QVBoxLayout(StaffDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = QLabel(StaffDialog)
        self.name_label.setObjectName(u"name_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_edit = QLineEdit(StaffDialog)
        self.name_edit.setObjectName(u"name_edit")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.role_label = QLabel(StaffDialog)
        self.role_label.setObjectName(u"role_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role_combo = QComboBox(StaffDialog)
        self.role_combo.setObjectName(u"role_combo")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.role_combo)

        self.phone_label = QLabel(StaffDialog)
        self.phone_label.setObjectName(u"phone_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone_edit = QLineEdit(StaffDialog)
        self.phone_edit.setObjectName(u"phone_edit")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.phone_edit)

        self.capacity_label = QLabel(StaffDialog)
        self.capacity_label.setObjectName(u"capacity_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.capacity_label)

        self.capacity_spin = QSpinBox(StaffDialog)
        self.capacity_spin.setObjectName(u"capacity_spin")
        self.capacity_spin.setMinimum(-1)
        self.capacity_spin.setMaximum(500)
        self.capacity_spin.setValue(-1)

        self.form_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.capacity_spin)


        self.main_layout.addLayout(self.form_layout)

        self.main_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.main_spacer)

        self.error_label = ErrorLine(StaffDialog)
        self.error_label.setObjectName(u"error_label")

        self.main_layout.addWidget(self.error_label)

        self.button_box = QDialogButtonBox(StaffDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setOrientation(Qt.Orientation.Horizontal)
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.name_label.setBuddy(self.name_edit)
        self.role_label.setBuddy(self.role_combo)
        self.phone_label.setBuddy(self.phone_edit)
        self.capacity_label.setBuddy(self.capacity_spin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name_edit, self.role_combo)
        QWidget.setTabOrder(self.role_combo, self.phone_edit)
        QWidget.setTabOrder(self.phone_edit, self.capacity_spin)
        QWidget.setTabOrder(self.capacity_spin, self.button_box)

        self.retranslateUi(StaffDialog)

        QMetaObject.connectSlotsByName(StaffDialog)
    # setupUi

    def retranslateUi(self, StaffDialog):
        StaffDialog.setWindowTitle(QCoreApplication.translate("StaffDialog", u"Staff member", None))
        self.name_label.setText(QCoreApplication.translate("StaffDialog", u"Name *", None))
        self.role_label.setText(QCoreApplication.translate("StaffDialog", u"Role", None))
        self.phone_label.setText(QCoreApplication.translate("StaffDialog", u"Phone", None))
        self.capacity_label.setText(QCoreApplication.translate("StaffDialog", u"Follow-ups a working day", None))
#if QT_CONFIG(tooltip)
        self.capacity_spin.setToolTip(QCoreApplication.translate("StaffDialog", u"How many planned follow-ups this person can make on a working day; the lowest entry follows the firm-wide default (Settings \u2192 Follow-up capacity)", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

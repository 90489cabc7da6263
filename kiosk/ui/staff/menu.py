"""The staff menu after sign-in: discharge sheet for everyone; admin console and exit kiosk for admins only; and
the member's own screen language (saved with their account, kiosk.app.Staff.set_language)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, _, language_name, next_language
from kiosk.ui.staff.common import action_button, label, set_message, staff_screen


ROLE_NAMES = {"nurse": N_("nurse"), "admin": N_("admin")}


class StaffMenu(QWidget):
    language = Signal(str)  # the language code the member switched to
    discharge = Signal()
    admin = Signal()
    exit_kiosk = Signal()
    sign_out = Signal()

    def __init__(self, member, parent: QWidget | None = None):
        super().__init__(parent)
        staff_screen(self, "StaffMenu")
        self.member = member
        is_admin = member.role == "admin"
        self.discharge_btn = action_button(_("Discharge sheet"), "staff_menu")
        self.discharge_btn.clicked.connect(self.discharge)
        self.admin_btn = action_button(_("Admin console"), "staff_menu")
        self.admin_btn.clicked.connect(self.admin)
        self.exit_btn = action_button(_("Exit kiosk"), "staff_menu")
        self.exit_btn.clicked.connect(self.exit_kiosk)
        self.sign_out_btn = action_button(_("Sign out"))
        self.sign_out_btn.clicked.connect(self.sign_out)
        # In the language it switches to, as on the patient screens.
        other = next_language(member.language)
        self.language_btn = action_button(language_name(other))
        self.language_btn.setAccessibleName(_("Language: {name}").format(name=language_name(other)))
        self.language_btn.clicked.connect(lambda: self.language.emit(other))
        self.message = label("", "staff_message")
        self.message.setWordWrap(True)
        set_message(self.message, "")
        # Not merely hidden: a nurse's menu has no admin buttons at all, so no shortcut or focus chain reaches them.
        if not is_admin:
            for btn in (self.admin_btn, self.exit_btn):
                btn.setParent(None)
                btn.deleteLater()
            self.admin_btn = self.exit_btn = None

        top = QHBoxLayout()
        signed_in = label(_("Signed in: {name} ({role})").format(
            name=member.name, role=_(ROLE_NAMES.get(member.role, member.role))), "staff_title")
        signed_in.setWordWrap(True)  # a long name or translation wraps instead of widening the screen
        top.addWidget(signed_in, 1)
        top.addWidget(self.language_btn)
        top.addWidget(self.sign_out_btn)
        column = QVBoxLayout()
        column.setSpacing(18)
        column.addWidget(self.discharge_btn)
        for btn in (self.admin_btn, self.exit_btn):
            if btn is not None:
                column.addWidget(btn)
        column.addWidget(self.message)
        column.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(column, 2)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.setSpacing(28)
        outer.addLayout(top)
        outer.addLayout(centred, 1)

    def say(self, text: str, state: str = "info") -> None:
        set_message(self.message, text, state)

"""First start with no staff: create the first admin (there is no default PIN, ever).

Name on the app's keyboard, then a PIN twice on the app's keypad. Offered only at start, before any patient
screen, on a database that was never set up (kiosk.app.Staff.first_setup_allowed; never from the patients' logo
gesture), and checked again at the moment of saving (kiosk.app.Staff.create_first_admin), so it can never add a
second admin behind the real one's back.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.core.pins import MIN_PIN_DIGITS, PinPolicyError, check_policy
from kiosk.app import StoreError, as_app
from kiosk.ui.staff.common import action_button, label, set_message, staff_screen
from kiosk.ui.staff.keypad import Keypad
from kiosk.ui.widgets.keyboard import OnScreenKeyboard


class FirstAdminScreen(QWidget):
    signed_in = Signal(object)  # the new admin, signed in
    cancelled = Signal()

    def __init__(self, app, parent: QWidget | None = None):
        super().__init__(parent)
        staff_screen(self, "FirstAdminScreen")
        self.app = as_app(app)
        self._first_pin = ""
        self.name = QLineEdit()
        self.name.setProperty("role", "staff_field")
        self.name.setPlaceholderText(_("Your name"))
        self.name.setMaxLength(80)
        self.name.returnPressed.connect(lambda: self.keypad.setFocus())
        self.keyboard = OnScreenKeyboard()
        self.keyboard.set_target(self.name)
        self.keypad = Keypad()
        self.keypad.submitted.connect(self.next_step)
        self.keypad.cancelled.connect(self.cancelled)
        self.keypad.changed.connect(lambda n: self.next_btn.setEnabled(n >= MIN_PIN_DIGITS))
        self.step = label("", "staff_heading")
        self.message = label("", "staff_message")
        self.message.setWordWrap(True)
        self.next_btn = action_button(_("Next"), "primary")
        self.next_btn.clicked.connect(self.next_step)
        self.cancel_btn = action_button(_("Cancel"))
        self.cancel_btn.clicked.connect(self.cancelled)

        left = QVBoxLayout()
        left.addWidget(label(_("Your name"), "staff_heading"))
        left.addWidget(self.name)
        left.addWidget(self.keyboard, 1)
        right = QVBoxLayout()
        right.addWidget(self.step)
        right.addWidget(self.keypad, 1)
        right.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.next_btn, 1)
        right.addLayout(buttons)
        body = QHBoxLayout()
        body.setSpacing(40)
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.addWidget(label(_("Create the first admin"), "staff_title"))
        intro = label(_("There is no staff account yet. The first account is an admin: it can add nurses, change "
                      "the clinic settings and leave kiosk mode."), "staff_lead")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addLayout(body, 1)
        self._ask_first()

    def _ask_first(self) -> None:
        self._first_pin = ""
        self.step.setText(_("Choose a PIN of at least {min_pin_digits} digits").format(min_pin_digits=MIN_PIN_DIGITS))
        self.next_btn.setText(_("Next"))
        self.keypad.clear()

    def next_step(self) -> None:
        if self.keypad.count() < MIN_PIN_DIGITS:
            set_message(self.message, _("A PIN needs at least {min_pin_digits} digits.").format(min_pin_digits=MIN_PIN_DIGITS), "error")
            return
        if not self._first_pin:
            if not self.name.text().strip():
                set_message(self.message, _("Enter your name first."), "error")
                self.name.setFocus()
                return
            pin = self.keypad.take()
            try:
                check_policy(pin)
            except PinPolicyError as exc:
                set_message(self.message, str(exc), "error")
                return
            self._first_pin = pin
            self.step.setText(_("Enter the same PIN again"))
            self.next_btn.setText(_("Create admin"))
            set_message(self.message, "", "info")
            return
        pin, first = self.keypad.take(), self._first_pin
        if pin != first:
            set_message(self.message, _("The two PINs differ. Choose your PIN again."), "error")
            self._ask_first()
            return
        self.create(self.name.text(), pin)

    def create(self, name: str, pin: str) -> None:
        try:
            member = self.app.staff.create_first_admin(name, pin)
        except (StoreError, PinPolicyError) as exc:  # StaffError, and a full, busy or read-only database
            set_message(self.message, str(exc), "error")
            self._ask_first()
            return
        self._first_pin = ""
        self.signed_in.emit(member)

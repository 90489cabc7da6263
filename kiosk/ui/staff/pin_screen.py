"""Staff sign-in: tap your name, enter your PIN on the app's keypad.

Wrong PINs and lockouts are decided by the store (the counters live in the database, so closing the app does not
reset them); this screen only says what happened and, while an account is locked, counts down the wait.
"""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.core.pins import MIN_PIN_DIGITS
from kiosk.app import LockedOut, StoreError, WrongPin, as_app
from kiosk.ui.staff.common import action_button, label, set_message, staff_screen, touch_scroll
from kiosk.ui.widgets.buttons import TouchButton


class PinScreen(QWidget):
    signed_in = Signal(object)  # StaffMember
    cancelled = Signal()

    def __init__(self, app, parent: QWidget | None = None):
        super().__init__(parent)
        staff_screen(self, "PinScreen")
        self.app = as_app(app)
        self.selected: str = ""
        self._locked_until = 0.0
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self._show_lock)

        self.names = QButtonGroup(self)
        self.names.setExclusive(True)
        name_box = QWidget()
        name_box.setProperty("role", "scroll_content")
        names_layout = QVBoxLayout(name_box)
        names_layout.setSpacing(10)
        self.name_buttons: dict[str, TouchButton] = {}
        for name in self.app.staff.names_for_sign_in():
            btn = TouchButton(name, role="staff_name")
            btn.setCheckable(True)
            btn.clicked.connect(lambda _=False, n=name: self.select(n))
            self.names.addButton(btn)
            self.name_buttons[name] = btn
            names_layout.addWidget(btn)
        names_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(name_box)
        touch_scroll(scroll)

        from kiosk.ui.staff.keypad import Keypad

        self.keypad = Keypad()
        self.keypad.changed.connect(self._digits_changed)
        self.keypad.submitted.connect(self.submit)
        self.keypad.cancelled.connect(self.cancel)
        self.message = label("", "staff_message")
        self.message.setWordWrap(True)
        self.sign_in = action_button(_("Sign in"), "primary")
        self.sign_in.clicked.connect(self.submit)
        self.cancel_btn = action_button(_("Cancel"))
        self.cancel_btn.clicked.connect(self.cancel)

        left = QVBoxLayout()
        left.addWidget(label(_("Who are you?"), "staff_heading"))
        left.addWidget(scroll, 1)
        right = QVBoxLayout()
        self.prompt = label(_("Enter your PIN"), "staff_heading")
        right.addWidget(self.prompt)
        right.addWidget(self.keypad, 1)
        right.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.sign_in, 1)
        right.addLayout(buttons)
        body = QHBoxLayout()
        body.setSpacing(40)
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.setSpacing(20)
        outer.addWidget(label(_("Staff sign-in"), "staff_title"))
        outer.addLayout(body, 1)

        if len(self.name_buttons) == 1:
            self.select(next(iter(self.name_buttons)))
        elif not self.name_buttons:
            self.keypad.setEnabled(False)
            set_message(self.message, _("Every staff account is disabled. An admin can enable one from a terminal: "
                        "kiosk staff enable NAME --as ADMIN."), "error")
        else:
            self.keypad.setEnabled(False)
            set_message(self.message, _("Tap your name, then enter your PIN."), "info")
        self._digits_changed(0)

    def unavailable(self, reason: str) -> None:
        """Nobody can sign in here (no staff, or the database is lost): say why, keep only Cancel."""
        self.keypad.setEnabled(False)
        self.sign_in.setEnabled(False)
        set_message(self.message, reason, "error")

    # ---- choosing a name ----------------------------------------------------------------------------------
    def select(self, name: str) -> None:
        self.selected = name
        if name in self.name_buttons:
            self.name_buttons[name].setChecked(True)
        # the core caps a lock and times it by the monotonic clock: a wall clock moved by a year moves nothing here
        self._locked_until = time.monotonic() + self.app.staff.lock_remaining(name)
        self.keypad.clear()
        if self._locked():
            self._show_lock()
        else:
            self._unlock()
            set_message(self.message, _("Hello {name}. Enter your PIN.").format(name=name), "info")

    def _locked(self) -> bool:
        return self._locked_until > time.monotonic()

    def _show_lock(self) -> None:
        if not self._locked():
            self._unlock()
            set_message(self.message, _("You can try your PIN again now."), "info")
            return
        self.keypad.setEnabled(False)
        self.sign_in.setEnabled(False)
        set_message(self.message, str(LockedOut(self._locked_until - time.monotonic())), "error")
        if not self._countdown.isActive():
            self._countdown.start()

    def _unlock(self) -> None:
        self._countdown.stop()
        self.keypad.setEnabled(bool(self.selected))
        self.keypad.setFocus()
        self._digits_changed(self.keypad.count())

    def _digits_changed(self, n: int) -> None:
        self.sign_in.setEnabled(bool(self.selected) and n >= MIN_PIN_DIGITS and not self._locked())

    # ---- signing in ---------------------------------------------------------------------------------------
    def submit(self) -> None:
        if not self.selected or self._locked():
            return
        if self.keypad.count() < MIN_PIN_DIGITS:
            set_message(self.message, _("A PIN has at least {min_pin_digits} digits.").format(min_pin_digits=MIN_PIN_DIGITS), "error")
            return
        pin = self.keypad.take()
        try:
            member = self.app.staff.sign_in(self.selected, pin)
        except LockedOut as exc:
            self._locked_until = time.monotonic() + exc.seconds
            self._show_lock()
            return
        except WrongPin as exc:
            set_message(self.message, str(exc), "error")
            return
        except StoreError as exc:  # StaffError, and a full, busy or read-only database
            set_message(self.message, str(exc), "error")
            return
        finally:
            del pin
        self._countdown.stop()
        self.signed_in.emit(member)

    def cancel(self) -> None:
        self.keypad.clear()
        self._countdown.stop()
        self.cancelled.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - digits typed anywhere on the screen go to the keypad
        if self.keypad.isEnabled():
            self.keypad.keyPressEvent(event)
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)


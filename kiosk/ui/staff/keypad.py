"""The app's own PIN keypad: ten digits, Clear and Delete, a row of dots. No system keyboard, no QLineEdit.

The digits live in a private string (no undo stack, no clipboard, never in any widget's text); the display shows
one dot per digit. A hardware keyboard works too: digits, Backspace, Enter (submit) and Escape (cancel).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.ui.widgets.buttons import TouchButton, set_prop

MAX_DIGITS = 12


class Keypad(QWidget):
    changed = Signal(int)  # number of digits
    submitted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("role", "keypad")
        self._digits = ""
        self.dots = QLabel()
        self.dots.setProperty("role", "pin_dots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setAccessibleName(_("PIN digits entered"))
        grid = QGridLayout()
        grid.setSpacing(10)
        self.keys: dict[str, TouchButton] = {}
        layout = ["123", "456", "789", "C0<"]
        for row, chars in enumerate(layout):
            for col, ch in enumerate(chars):
                label = {"C": _("Clear"), "<": "⌫"}.get(ch, ch)
                key = TouchButton(label, role="pin_key")
                key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                key.setMinimumSize(88, 72)
                if ch == "<":
                    key.setAccessibleName(_("Delete"))
                key.clicked.connect(lambda _=False, c=ch: self.press(c))
                self.keys[ch] = key
                grid.addWidget(key, row, col)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(14)
        box.addWidget(self.dots)
        box.addLayout(grid)
        self._show()

    # ---- the digits ------------------------------------------------------------------------------------
    def take(self) -> str:
        """The PIN entered, and forget it."""
        pin, self._digits = self._digits, ""
        self._show()
        return pin

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def count(self) -> int:
        return len(self._digits)

    def press(self, ch: str) -> None:
        if not self.isEnabled():
            return
        if ch == "C":
            self._digits = ""
        elif ch == "<":
            self._digits = self._digits[:-1]
        elif ch.isdigit() and len(self._digits) < MAX_DIGITS:
            self._digits += ch
        self._show()

    def _show(self) -> None:
        n = len(self._digits)
        self.dots.setText("●" * n if n else "")
        set_prop(self.dots, "empty", "true" if n == 0 else "false")
        self.changed.emit(n)

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt's name
        super().setEnabled(enabled)
        if not enabled:
            self.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, text = event.key(), event.text()
        if text and text.isdigit() and text.isascii():
            self.press(text)
        elif key == Qt.Key.Key_Backspace:
            self.press("<")
        elif key == Qt.Key.Key_Delete:
            self.press("C")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        elif key == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

"""The kiosk's own on-screen keyboard (no GPL virtual-keyboard module): drawn from plain buttons.

    kb = OnScreenKeyboard()
    kb.set_target(line_edit)          # keys type into this QLineEdit
    kb.set_labels(space="Space", delete="Delete", clear="Clear")
    kb.set_extra_keys("ñ")            # Spanish adds ñ to the middle row

Keys never take focus, so the field keeps its cursor; Delete repeats while held.

`OnScreenKeyboard(full=True)` is the staff and admin layout of the same keyboard: a row of digits, Shift for a
capital (one letter; on by itself at the start of an empty field), punctuation for names, phones, addresses and
web addresses, Enter (a new line in a many-line field, the next field in a one-line field) and Hide. Its target
may be a QLineEdit or a QPlainTextEdit. kiosk.ui.widgets.touch_keyboard shows it over staff screens.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.core.i18n import _
from kiosk.ui.widgets.buttons import TouchButton, set_prop

ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
GAP = 8
KEY_HEIGHT = 64  # the project's touch target; SHORT_KEY_HEIGHT where a landscape screen has no room
SHORT_KEY_HEIGHT = 48
DIGITS = "1234567890"
FULL_KEY_HEIGHT = SHORT_KEY_HEIGHT  # the staff layout has five rows; 48 px is still a comfortable fingertip
FULL_KEY_MAX = 72


class OnScreenKeyboard(QWidget):
    typed = Signal(str)  # the text after each key
    hide_requested = Signal()  # the full layout's Hide key

    def __init__(self, parent: QWidget | None = None, full: bool = False):
        super().__init__(parent)
        self.full = full
        self._key_height = FULL_KEY_HEIGHT if full else KEY_HEIGHT  # (the QSS minimum follows: `short`)
        self._target: QLineEdit | QPlainTextEdit | None = None
        self._shift = False
        self.keys: dict[str, TouchButton] = {}
        self._labels: dict[TouchButton, tuple[str, str]] = {}  # wide key: (full label, short label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(GAP)
        self._rows: list[QHBoxLayout] = []
        # stretch units: a letter key is 2, so rows line up like a real keyboard (the middle row indented)
        for n, letters in enumerate(ROWS):
            row = QHBoxLayout()
            row.setSpacing(GAP)
            if n == 1:
                row.addStretch(1)
            for ch in letters:
                row.addWidget(self._key(ch, ch), 2)
            if n == 1:
                row.addStretch(1)
            outer.addLayout(row)
            self._rows.append(row)
        self._extra: list[TouchButton] = []
        self.delete = self._key("\b", "⌫", wide=True)
        self.delete.setAutoRepeat(True)
        self.delete.setAutoRepeatDelay(450)
        self.delete.installEventFilter(self)
        self._rows[2].addWidget(self.delete, 6)
        bottom = QHBoxLayout()
        bottom.setSpacing(GAP)
        self.clear = self._key("clear", "Clear", wide=True)
        self.space = self._key(" ", "Space", wide=True)
        bottom.addWidget(self.space, 14)
        bottom.addWidget(self.clear, 6)
        outer.addLayout(bottom)
        outer.addStretch(0)
        if full:
            self._make_full(outer, bottom)

    def _key(self, value: str, label: str, wide: bool = False) -> TouchButton:
        key = TouchButton(label, role="key")
        if wide:
            key.setProperty("wide", "true")
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setMinimumSize(48, self._key_height)
        key.setProperty("short", "true" if self._key_height < KEY_HEIGHT else "false")
        key.setMaximumHeight(120)
        key.clicked.connect(lambda _=False, v=value: self.press(v))
        self.keys[value] = key
        return key

    def _make_full(self, outer: QVBoxLayout, bottom: QHBoxLayout) -> None:
        """Digits above the letters, Shift and , . around the bottom letters, punctuation, Enter and Hide
        in place of Clear (one stray touch must not wipe a nurse's notes)."""
        outer.takeAt(outer.count() - 1)  # no stretch under the keys: the panel is sized to them
        digits = QHBoxLayout()
        digits.setSpacing(GAP)
        for ch in DIGITS:
            digits.addWidget(self._key(ch, ch), 2)
        outer.insertLayout(0, digits)
        self.shift = self._key("shift", _("⇧ Shift"), wide=True)
        self.shift.setCheckable(True)
        self.shift.setAccessibleName(_("Shift"))
        self._rows[2].insertWidget(0, self.shift, 4)
        for ch in ",.":
            self._rows[2].insertWidget(self._rows[2].indexOf(self.delete), self._key(ch, ch), 2)
        self.clear.hide()
        bottom.removeWidget(self.clear)
        self.hide_key = self._key("hide", _("Hide"), wide=True)
        self.hide_key.setAccessibleName(_("Hide the keyboard"))
        bottom.insertWidget(0, self.hide_key, 5)
        for ch in "-'/@":
            bottom.insertWidget(bottom.indexOf(self.space), self._key(ch, ch), 2)
        for ch in ":#":
            bottom.addWidget(self._key(ch, ch), 2)
        self.enter = self._key("\n", _("Enter ↵"), wide=True)
        bottom.addWidget(self.enter, 6)
        for key in self.keys.values():
            key.setMinimumHeight(FULL_KEY_HEIGHT)
            key.setMaximumHeight(FULL_KEY_MAX)

    def set_short(self, short: bool) -> None:
        """Keys 48 px tall on a short landscape screen (800 x 480 has no room for four 64 px rows under
        the search field), else the project's 64 px, portrait included."""
        height = SHORT_KEY_HEIGHT if short else KEY_HEIGHT
        if height != self._key_height:
            self._key_height = height
            for key in self.keys.values():
                set_prop(key, "short", "true" if short else "false")  # the QSS sets the minimum

    def key_height(self) -> int:
        return self._key_height

    def set_target(self, line_edit: QLineEdit | QPlainTextEdit | None) -> None:
        if line_edit is not None and not self.full:
            line_edit.setProperty("own_keyboard", True)  # the staff keyboard leaves this field to us
        self._target = line_edit
        if self.full:
            self.enter.setText(_("Enter ↵") if isinstance(line_edit, QPlainTextEdit) else _("Next ⇥"))
            self.enter.setAccessibleName(_("New line") if isinstance(line_edit, QPlainTextEdit) else _("Next field"))
            self._auto_shift()

    def target(self) -> QLineEdit | QPlainTextEdit | None:
        return self._target

    def set_shift(self, on: bool) -> None:
        """Capitals for the next letter (the full layout only)."""
        self._shift = on and self.full
        if self.full:
            self.shift.setChecked(self._shift)
        for value, key in self.keys.items():
            if len(value) == 1 and value.isalpha():
                key.setText(value.upper() if self._shift else value)

    def _auto_shift(self) -> None:
        field = self._target
        if field is None or not self.full:
            return
        hints = Qt.InputMethodHint
        if field.inputMethodHints() & (hints.ImhNoAutoUppercase | hints.ImhDigitsOnly | hints.ImhPreferNumbers
                                       | hints.ImhDialableCharactersOnly | hints.ImhUrlCharactersOnly):
            self.set_shift(False)
            return
        text = _text(field)
        self.set_shift(not text.strip() or text.endswith((". ", "\n")))

    def set_labels(self, space: str, delete: str, clear: str) -> None:
        self.space.setText(space)
        self.delete.setAccessibleName(delete)
        self._labels[self.delete] = ("⌫ " + delete, "⌫")
        self._fit(self.delete)
        self.clear.setText(clear)

    def _fit(self, key: TouchButton) -> None:
        """A wide key too narrow for its words shows its symbol only (the words stay its accessible
        name and tooltip), rather than clipping them."""
        full, short = self._labels[key]
        extra = key.sizeHint().width() - key.fontMetrics().horizontalAdvance(key.text())
        fits = key.fontMetrics().horizontalAdvance(full) + extra <= key.width()
        text = full if fits else short
        if key.text() != text:
            key.setText(text)
        key.setToolTip("" if text == full else key.accessibleName())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj in self._labels and event.type() in (QEvent.Type.Resize, QEvent.Type.StyleChange,
                                                    QEvent.Type.FontChange):
            self._fit(obj)
        return False

    def set_extra_keys(self, letters: str) -> None:
        """Letters added at the end of the middle row (ñ for Spanish); the row's indent makes room."""
        row = self._rows[1]
        for key in self._extra:
            row.removeWidget(key)
            self.keys.pop(key.property("value"), None)
            key.deleteLater()
        self._extra = []
        if row.itemAt(row.count() - 1).spacerItem() is not None:
            row.takeAt(row.count() - 1)
        first = row.itemAt(0).spacerItem()
        if letters:
            if first is not None:
                row.takeAt(0)
            for ch in letters:
                key = self._key(ch, ch)
                key.setProperty("value", ch)
                row.addWidget(key, 2)
                key.setVisible(self.isVisible() or not self.isHidden())
                self._extra.append(key)
        else:
            if first is None:
                row.insertStretch(0, 1)
            row.addStretch(1)

    def press(self, value: str) -> None:
        field = self._target
        if field is None or not isValid(field):  # a field deleted meanwhile (a sign-out) takes no key
            return
        if isinstance(field, QPlainTextEdit) or self.full:
            self._press_full(field, value)
            return
        if value == "\b":
            field.backspace()
        elif value == "clear":
            field.clear()
        elif value == " ":
            if field.text() and not field.text().endswith(" "):
                field.insert(" ")
        else:
            field.insert(value)
        self.typed.emit(field.text())

    def _press_full(self, field: QLineEdit | QPlainTextEdit, value: str) -> None:
        """The full layout, for a one-line or a many-line field: typed at the cursor."""
        many = isinstance(field, QPlainTextEdit)
        if value == "shift":
            self.set_shift(not self._shift)
            return
        if value == "hide":
            self.hide_requested.emit()
            return
        if value == "\b" and many:
            cursor = field.textCursor()
            cursor.deletePreviousChar()
            field.setTextCursor(cursor)
        elif value == "\b":
            field.backspace()
        elif value == "clear":
            field.clear()
        elif value == "\n":
            if not many:
                field.focusNextChild()
                return
            field.insertPlainText("\n")
            self._auto_shift()
        else:
            if len(value) == 1 and value.isalpha() and self._shift:
                value = value.upper()
            if value == " " and not _before_cursor(field).strip(" "):
                value = ""  # no space at the start of a field or after a space
            if value:
                field.insertPlainText(value) if many else field.insert(value)
        if value in ("\b", "clear", " ") or self._shift:
            self._auto_shift()  # a capital after a capital is one tap of Shift away; a new sentence gets one
        self.typed.emit(_text(field))


def _text(field) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()


def _before_cursor(field) -> str:
    """The character just before the cursor ("" at the start)."""
    if isinstance(field, QPlainTextEdit):
        cursor = field.textCursor()
        block = cursor.block().text()
        pos = cursor.positionInBlock()
        return block[pos - 1:pos] if pos else ""
    pos = field.cursorPosition()
    return field.text()[pos - 1:pos] if pos else ""

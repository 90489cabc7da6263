"""The kiosk's own on-screen keyboard (no GPL virtual-keyboard module): drawn from plain buttons.

    kb = OnScreenKeyboard()
    kb.set_target(line_edit)          # keys type into this QLineEdit
    kb.set_labels(space="Space", delete="Delete", clear="Clear")
    kb.set_extra_keys("ñ")            # Spanish adds ñ to the middle row

Keys never take focus, so the field keeps its cursor; Delete repeats while held.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.widgets.buttons import TouchButton, set_prop

ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
GAP = 8
KEY_HEIGHT = 64  # the project's touch target; SHORT_KEY_HEIGHT where a landscape screen has no room
SHORT_KEY_HEIGHT = 48


class OnScreenKeyboard(QWidget):
    typed = Signal(str)  # the text after each key

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._key_height = KEY_HEIGHT
        self._target: QLineEdit | None = None
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

    def set_target(self, line_edit: QLineEdit) -> None:
        self._target = line_edit

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
        if field is None:
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

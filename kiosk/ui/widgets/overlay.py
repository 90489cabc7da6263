"""Layers drawn over the whole window: a dimming `Overlay` holding a centred card, and a `Toast`.

An overlay follows its parent's size, swallows touches meant for the screen beneath, and is closed
by `close_overlay()` (the patient reset closes every open one).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget


class Overlay(QWidget):
    closed = Signal()

    def __init__(self, parent: QWidget, close_on_outside: bool = False):
        super().__init__(parent)
        self.setProperty("role", "scrim")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.close_on_outside = close_on_outside
        self.max_card_width = 960
        self.card = QFrame(self)
        self.card.setProperty("role", "dialog")
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(40, 36, 40, 36)
        self.card_layout.setSpacing(24)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        row = QHBoxLayout()  # stretches, not alignment flags: an aligned item loses height-for-width
        row.addStretch(1)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.card.setFixedWidth(max(200, min(self.max_card_width, event.size().width() - 48)))

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def mousePressEvent(self, event) -> None:
        event.accept()
        if self.close_on_outside and not self.card.geometry().contains(event.position().toPoint()):
            self.close_overlay()

    def mouseReleaseEvent(self, event) -> None:
        event.accept()


class Toast(QLabel):
    """A short notice at the bottom of the window; hides itself after `seconds`."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setProperty("role", "toast")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self, singleShot=True, timeout=self.hide)
        self.hide()

    def show_text(self, text: str, seconds: float = 8.0) -> None:
        self.setText(text)
        parent = self.parentWidget()
        width = min(parent.width() - 48, 900)
        height = self.heightForWidth(width)
        self.setGeometry((parent.width() - width) // 2, parent.height() - height - 40, width, height)
        self.show()
        self.raise_()
        self._timer.start(int(seconds * 1000))

"""'Are you still there?': counts down (at least 20 s, WCAG 2.2.1) with a large 'I'm still here'
button; when the count reaches zero, `timed_out` fires and the window resets for the next patient."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.patient.session import PatientSession
from kiosk.ui.patient.strings import tr
from kiosk.ui.widgets.buttons import TouchButton
from kiosk.ui.widgets.overlay import Overlay


TICK_MS = 1000  # one countdown step; tests shorten it


class IdleOverlay(Overlay):
    timed_out = Signal()
    kept = Signal()

    def __init__(self, parent: QWidget, session: PatientSession):
        super().__init__(parent)
        self.session = session
        self.seconds_left = 0
        self.title = QLabel()
        self.title.setProperty("role", "display")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setProperty("role", "lead")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.count = QLabel()
        self.count.setProperty("role", "countdown")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setWordWrap(True)
        self.button = TouchButton(role="start")
        self.button.clicked.connect(self.keep)
        for w in (self.title, self.body, self.count):
            self.card_layout.addWidget(w)
        self.card_layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._tick = QTimer(self, timeout=self._step)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        short = event.size().height() < 700  # e.g. 1080p at QT_SCALE_FACTOR 2
        self.card_layout.setContentsMargins(*((32, 16, 32, 16) if short else (40, 36, 40, 36)))
        self.card_layout.setSpacing(8 if short else 24)
        if self.button.property("compact") != ("true" if short else "false"):
            self.button.setProperty("compact", "true" if short else "false")
            self.button.style().unpolish(self.button)
            self.button.style().polish(self.button)

    def start(self, seconds: int) -> None:
        self.seconds_left = max(1, int(seconds))
        self.retranslate()
        self.open()
        self._tick.start(TICK_MS)

    def _step(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self._tick.stop()
            self.hide()
            self.timed_out.emit()
        else:
            self._show_count()

    def mousePressEvent(self, event) -> None:
        # Any touch on the warning (the dimmed screen, the card, its words) answers it, not only the
        # button: a patient who taps the screen is still there. Children ignore presses, so they arrive here.
        event.accept()
        if self.isVisible():
            self.keep()

    def keyPressEvent(self, event) -> None:
        event.accept()
        if self.isVisible():
            self.keep()

    def keep(self) -> None:
        self._tick.stop()
        self.close_overlay()
        self.kept.emit()

    def close_overlay(self) -> None:
        self._tick.stop()
        super().close_overlay()

    def _show_count(self) -> None:
        self.count.setText(tr("idle_seconds", self.session.language, n=self.seconds_left))

    def retranslate(self) -> None:
        lang = self.session.language
        self.title.setText(tr("idle_title", lang))
        self.body.setText(tr("idle_body", lang))
        self.button.setText(tr("still_here", lang))
        self._show_count()

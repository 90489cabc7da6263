"""The welcome (attract) screen: clinic name and logo, a large "Touch to start", a calm rotating line.

A touch anywhere starts; the logo, held for 3 s, asks for staff access instead.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.patient.session import PatientSession
from kiosk.ui.patient.strings import ROTATING, tr
from kiosk.ui.widgets.buttons import HoldLogo, TouchButton

ROTATE_MS = 7000
READ_ALOUD_LINE = "rotating_4"


class WelcomeScreen(QWidget):
    start = Signal()
    first_shown = Signal()

    def __init__(self, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setProperty("role", "welcome")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._painted = False
        self._line = 0
        self._can_speak: bool | None = None  # an engine is installed (asked once, on the first rotation)
        self.col = col = QVBoxLayout(self)
        col.setContentsMargins(48, 32, 48, 32)
        col.setSpacing(24)
        col.addStretch(2)
        self.logo = HoldLogo(112)
        self.logo.tapped.connect(self.start)
        col.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignHCenter)
        self.clinic = QLabel()
        self.clinic.setProperty("role", "display")
        self.clinic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clinic.setWordWrap(True)
        col.addWidget(self.clinic)
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "lead")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        col.addWidget(self.subtitle)
        col.addStretch(1)
        self.start_button = TouchButton(role="start")
        self.start_button.clicked.connect(self.start)
        col.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addStretch(1)
        self.rotating = QLabel()
        self.rotating.setProperty("role", "rotating")
        self.rotating.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rotating.setWordWrap(True)
        col.addWidget(self.rotating)
        col.addStretch(1)
        self.bottom = bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.language_button = TouchButton(role="", icon="globe")
        self.language_button.clicked.connect(session.switch_language)
        bottom.addWidget(self.language_button)
        col.addLayout(bottom)
        # On a short window the logo, the clinic name and the language button share one row.
        self.top = QHBoxLayout()
        self.top.setSpacing(16)
        self._short = False
        self._rotate_timer = QTimer(self, interval=ROTATE_MS, timeout=self.next_line)
        session.language_changed.connect(self.retranslate)
        self.retranslate(session.language)

    def set_clinic(self, name: str, logo_path: str = "") -> None:
        self.clinic.setText(name)
        self.logo.set_logo_path(logo_path)
        if name:
            self.logo.setAccessibleName(name)  # the clinic's name reads the same in every language

    def _keys(self) -> tuple[str, ...]:
        """The lines to rotate; "have it read aloud" only where there is a voice that has not failed in
        this session (a broken engine must not be promised). Asked on the first rotation, not at start-up:
        finding the speech engines loads QtMultimedia."""
        from kiosk.ui.patient import speech

        if self._can_speak is None:
            self._can_speak = speech.available()
        speaks = self._can_speak and speech.working()
        return tuple(k for k in ROTATING if k != READ_ALOUD_LINE or speaks)

    def lines(self) -> list[str]:
        return [tr(k, self.session.language) for k in self._keys()]

    def next_line(self) -> None:
        keys = self._keys()
        self._line = (self._line + 1) % len(keys)
        self.rotating.setText(tr(keys[self._line], self.session.language))

    def retranslate(self, lang: str) -> None:
        self.subtitle.setText(tr("welcome_subtitle", lang))
        self.start_button.setText(tr("touch_to_start", lang))
        self.language_button.setText(tr("switch_language", lang))
        keys = ROTATING if self._can_speak is None else self._keys()
        self.rotating.setText(tr(keys[self._line % len(keys)], lang))

    def reset(self) -> None:
        self._line = 0
        self.rotating.setText(tr(ROTATING[0], self.session.language))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._can_speak is not None:  # reading aloud may have failed since this line was chosen
            self.retranslate(self.session.language)
        self._rotate_timer.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        short = event.size().height() < 700  # e.g. 1080p at QT_SCALE_FACTOR 2
        self.col.setContentsMargins(*((32, 16, 32, 16) if short else (48, 32, 48, 32)))
        self.col.setSpacing(12 if short else 24)
        self.logo.set_side(80 if short else 112)
        self.start_button.setProperty("compact", "true" if short else "false")
        self.start_button.style().polish(self.start_button)
        self._set_short(short)

    def _set_short(self, short: bool) -> None:
        if short == self._short:
            return
        self._short = short
        col, top = self.col, self.top
        for w in (self.logo, self.clinic, self.language_button):
            for layout in (col, top, self.bottom):
                layout.removeWidget(w)
        if short:
            top.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
            top.addWidget(self.clinic, 1)
            top.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignVCenter)
            col.insertLayout(1, top)
        else:
            col.removeItem(top)
            col.insertWidget(1, self.logo, 0, Qt.AlignmentFlag.AlignHCenter)
            col.insertWidget(2, self.clinic)
            self.bottom.addWidget(self.language_button)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.start.emit()

    def hideEvent(self, event) -> None:
        self._rotate_timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.first_shown.emit)

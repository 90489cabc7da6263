"""Staff idle sign-out: one application-wide event filter that restarts the clock on any input.

It never consumes an event (always returns False). `warning(seconds_left)` fires each second of the last
WARN_SECONDS so the screen can say "Signing out in 12 s"; `expired` fires at the end. `pause()` holds the clock
while a print is being followed, so a slow printer never signs the nurse out mid-job.
"""
from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

WARN_SECONDS = 15
_INPUT = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
}


class StaffIdle(QObject):
    warning = Signal(int)  # whole seconds left
    activity = Signal()  # input arrived after a warning
    expired = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None):
        super().__init__(parent)
        self._deadline = 0.0
        self._paused = False
        self._warned = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self.set_seconds(seconds)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart()
        self._timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT:
            self.restart()
        return False

    def set_seconds(self, seconds: float) -> None:
        """The idle period (the admin setting; tests shorten it). Restarts the clock."""
        self.seconds = float(seconds)
        self._timer.setInterval(int(min(1000, max(50, self.seconds * 250))))
        self.restart()

    def restart(self) -> None:
        if self._paused:
            return
        self._deadline = time.monotonic() + self.seconds
        if self._warned:
            self._warned = False
            self.activity.emit()

    def seconds_left(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def _tick(self) -> None:
        if self._paused:
            return
        left = self.seconds_left()
        if left <= 0:
            self.stop()
            self.expired.emit()
        elif left <= WARN_SECONDS and left < self.seconds:
            self._warned = True
            self.warning.emit(math.ceil(left))

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False
        self.restart()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

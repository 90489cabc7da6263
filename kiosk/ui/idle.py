"""Idle detection: one application-wide event filter that restarts a timer on any touch, press, move,
key or wheel, and always lets the event through.

    watcher = IdleWatcher(app, timeout_ms=90_000)
    watcher.idle.connect(show_are_you_still_there)
    watcher.set_enabled(False)    # staff mode: no patient reset
"""
from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Wheel, QEvent.Type.TabletPress,
    QEvent.Type.TabletMove,
})


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, app: QObject, timeout_ms: int = 90_000, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.idle)
        self._timer.setInterval(max(1, int(timeout_ms)))
        self._enabled = True
        app.installEventFilter(self)
        self._timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._enabled and event.type() in _INPUT:
            self._timer.start()
        return False

    def poke(self) -> None:
        """Count as activity (e.g. while reading aloud: listening is using the kiosk)."""
        if self._enabled:
            self._timer.start()

    def set_timeout(self, ms: int) -> None:
        self._timer.setInterval(max(1, int(ms)))
        if self._enabled:
            self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        if enabled:
            self._timer.start()
        else:
            self._timer.stop()

    def enabled(self) -> bool:
        return self._enabled

    @contextmanager
    def paused(self):
        """Take the filter off while restyling: thousands of polish events need not cross into Python.
        Counts as activity (someone just chose a text size or theme)."""
        self._app.removeEventFilter(self)
        try:
            yield
        finally:
            self._app.installEventFilter(self)
            self.poke()

    def remove(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)

"""Idle detection: one event filter that restarts a timer on any touch, press, move, key or wheel, and
always lets the event through.

    watcher = IdleWatcher(app, timeout_ms=90_000)
    watcher.idle.connect(show_are_you_still_there)
    watcher.set_enabled(False)    # staff mode: no patient reset

Input from the screen reaches a top-level QWindow before Qt hands it to the widget under the finger,
so the filter sits on the application's windows (each new one as it appears) rather than on the
application itself: an application-wide Python filter is also handed every paint, layout and polish
event of every widget, which cost ~3 ms per key press and a third of every restyle.
Code that acts for the patient without an input event (tests, navigation) calls `poke()`.
"""
from __future__ import annotations

from contextlib import contextmanager

from shiboken6 import isValid
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow

_INPUT = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Wheel, QEvent.Type.TabletPress,
    QEvent.Type.TabletMove,
})


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, app: QGuiApplication, timeout_ms: int = 90_000, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.idle)
        self._timer.setInterval(max(1, int(timeout_ms)))
        self._enabled = True
        self._watched: list[QWindow] = []
        self._paused = False
        self.watch_windows()
        app.focusWindowChanged.connect(self.watch_windows)  # dialogs and other new windows
        self._timer.start()

    def watch_windows(self, *_) -> None:
        """Put the filter on every top-level window that does not have it yet."""
        if self._paused:
            return
        self._watched = [w for w in self._watched if w in self._app.topLevelWindows()]
        for window in self._app.topLevelWindows():
            if window not in self._watched:
                window.installEventFilter(self)
                self._watched.append(window)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._enabled and event.type() in _INPUT:
            self._timer.start()
        return False

    def poke(self) -> None:
        """Count as activity (reading aloud, navigating: the kiosk is in use)."""
        if self._enabled:
            self._timer.start()

    @contextmanager
    def paused(self):
        """Kept for callers that restyle in bulk; with window filters there is nothing to take off."""
        try:
            yield
        finally:
            self.poke()

    def quiet_ms(self) -> int:
        """Milliseconds since the last touch, press, key or poke(); a very large number when the idle reset is off
        or has already fired, or the window is gone (nobody is using the patient screens)."""
        if not self._enabled or not isValid(self._timer) or not self._timer.isActive():
            return 1 << 30
        return max(0, self._timer.interval() - self._timer.remainingTime())

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

    def remove(self) -> None:
        self._timer.stop()
        try:
            self._app.focusWindowChanged.disconnect(self.watch_windows)
        except (RuntimeError, TypeError):
            pass
        for window in self._watched:
            if isValid(window):  # a dialog's window (a file dialog, a message box) is gone once it closed
                window.removeEventFilter(self)
        self._watched = []

"""Kiosk mode's hold on the screen: the window takes fullscreen and focus back within a second, whatever a
window manager, a key binding or another program did to it (issue 13; patient-kiosk review defect 5).

Iconify from the window menu, Super+D, a desktop switch, an external unmap and map, "restore" to a small
window: each shows as a state, activation, hide or show event on the window, which asks for a check a moment
later (a short single-shot timer, so a burst of events gives one check); a check once a second catches what
sends no event at all. A check puts back fullscreen, shows and raises the window and gives it the focus unless
another window of the kiosk's own (a confirmation, the admin's file dialog) is in front. If the platform window
stays unexposed (destroyed under the app: `xdotool windowclose`) for LOST_CHECKS checks in a row although the
window was shown again, `window_lost` is emitted: `kiosk run` then exits with EXIT_WINDOW_LOST, a non-zero code,
so the watchdog (the systemd unit) restarts the kiosk instead of a process running with no window.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

EXIT_WINDOW_LOST = 75  # EX_TEMPFAIL: "try again", which is what a restart does
SOON_MS = 150
CHECK_MS = 1000
LOST_CHECKS = 5
_NO_STACKING = {"offscreen", "minimal"}  # platforms with one window layer (and a warning for raise())

_WATCHED = {
    QEvent.Type.WindowStateChange, QEvent.Type.ActivationChange, QEvent.Type.WindowDeactivate, QEvent.Type.Hide,
    QEvent.Type.Show, QEvent.Type.Expose,
}


class KioskGuard(QObject):
    window_lost = Signal()

    def __init__(self, window: QWidget, allowed_to_leave):
        """ALLOWED_TO_LEAVE() -> bool: True once an admin chose Exit kiosk (the guard then lets go)."""
        super().__init__(window)
        self.window = window
        self._allowed_to_leave = allowed_to_leave
        self.reclaims = 0  # how many times something had to be put back (tests and logs read it)
        self._unexposed = 0
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SOON_MS)
        self._soon.timeout.connect(self.check)
        self._every = QTimer(self)
        self._every.setInterval(CHECK_MS)
        self._every.timeout.connect(lambda: self.check(periodic=True))
        window.installEventFilter(self)
        self._every.start()

    def stop(self) -> None:
        self._soon.stop()
        self._every.stop()
        self.window.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() in _WATCHED and not self._soon.isActive():
            self._soon.start()
        return False

    def _our_other_window_in_front(self) -> bool:
        active = QApplication.activeWindow()
        return (active is not None and active is not self.window) or QApplication.activeModalWidget() is not None \
            or QApplication.activePopupWidget() is not None

    def check(self, periodic: bool = False) -> None:
        """Put the window back to fullscreen, shown, raised and focused, if anything moved it. Whether the
        platform window is still mapped is judged by the once-a-second checks only (a slow first expose at
        start is not a lost window): unexposed at two in a row, it is mapped again; at LOST_CHECKS, lost."""
        if self._allowed_to_leave():
            self.stop()
            return
        w = self.window
        state = w.windowState()
        if not w.isVisible() or state & Qt.WindowState.WindowMinimized or not state & Qt.WindowState.WindowFullScreen:
            self.reclaims += 1
            w.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowFullScreen)
            w.showFullScreen()
        handle = w.windowHandle()
        if handle is not None and not handle.isExposed():
            if periodic:
                self._unexposed += 1
                if self._unexposed >= 2:
                    self.reclaims += 1
                    w.hide()  # unmapped by someone else: map it again
                    w.showFullScreen()
                if self._unexposed >= LOST_CHECKS:
                    self.window_lost.emit()
        else:
            self._unexposed = 0
        if not self._our_other_window_in_front() and not w.isActiveWindow():
            if QGuiApplication.platformName() not in _NO_STACKING:
                w.raise_()
            w.activateWindow()

"""The kiosk's one window: a stack of screens, kiosk mode, idle reset and the staff gesture."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QStackedWidget, QVBoxLayout, QWidget

from kiosk.app import as_app
from kiosk.ui.bridge import MessageBridge
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.patient.flow import PATIENT_SCREENS, PatientFlow
from kiosk.ui.patient.idle_overlay import IdleOverlay
from kiosk.ui.patient.session import PatientSession
from kiosk.ui.widgets.overlay import Overlay, Toast

# WCAG 2.2.1: the "Are you still there?" warning gives at least this long, whatever the settings say.
MIN_COUNTDOWN_SECONDS = 20


class _KioskKeys(QObject):
    """In kiosk mode: Escape, Alt+F4, Ctrl+Q and Ctrl+W do nothing, anywhere."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease):
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_Escape:
                return True
            if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
                return True
            if key in (Qt.Key.Key_Q, Qt.Key.Key_W) and mods & Qt.KeyboardModifier.ControlModifier:
                return True
        return False


class MainWindow(QWidget):
    """The kiosk window. The contract other screens (staff, admin) build on:

    - ``MainWindow(app, kiosk_mode)`` (an App, or an open Store it wraps): ``kiosk_mode=True`` is fullscreen and frameless (see
      ``show_kiosk()``); Escape, Alt+F4, Ctrl+Q, Ctrl+W and window close requests are ignored.
    - ``app``, ``kiosk_mode``, ``session`` (the patient's language, text size, theme),
      ``stack`` (the QStackedWidget holding every screen), ``settings`` (ClinicSettings, re-read at
      each reset).
    - ``add_screen(name, widget)`` adds a screen; ``show_screen(name)`` shows it;
      ``remove_screen(name)`` takes it out of the stack and deletes it later (showing the welcome
      screen if it was on show); ``current_screen()`` names the screen on show; ``screen(name)``.
      Patient screens are "welcome", "home", "search" and "procedure".
    - ``reset_to_welcome()``: the full patient reset: dialogs and overlays closed, reading aloud
      stopped, search cleared, scroll positions reset, language, text size and theme back to the
      clinic defaults, welcome screen shown; then ``patient_reset`` is emitted.
    - ``set_patient_idle_enabled(bool)``: staff mode turns the patient idle reset off (and back on).
    - ``allow_exit()`` then ``close()`` is the only way out in kiosk mode.
    - Signals: ``staff_requested`` (press and hold the clinic logo 3 s on the welcome or home
      screen), ``screen_changed(str)``, ``patient_reset``.
    - At construction ``kiosk.ui.staff.install(window)`` is called when that package exists.
    """

    staff_requested = Signal()
    screen_changed = Signal(str)
    patient_reset = Signal()

    def __init__(self, app, kiosk_mode: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.app = as_app(app)
        self.kiosk_mode = bool(kiosk_mode)
        self._exit_allowed = not self.kiosk_mode
        self._closed = False
        self.settings = self.app.settings.get()
        self.setObjectName("MainWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(self.settings.name or "Patient handouts")
        self.session = PatientSession(self.settings, self)
        self.session.apply()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The window's size is the screen's: never push a minimum size to the platform window
        # (and the offscreen platform warns when one is pushed). Tests check that content fits.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)
        self._screens: dict[str, QWidget] = {}

        app = QApplication.instance()
        self.idle = IdleWatcher(app, int(self.settings.idle_seconds * 1000), self)
        self.idle.idle.connect(self._on_idle)
        self.session.around_apply = self.idle.paused
        self.patient = PatientFlow(self)
        self.idle_overlay = IdleOverlay(self, self.session)
        self.idle_overlay.timed_out.connect(self.reset_to_welcome)
        self.idle_overlay.kept.connect(self.idle.poke)
        self.toast = Toast(self)
        self.bridge = MessageBridge(self)
        self.bridge.shown.connect(lambda m: self.toast.show_text(m.text))
        self._keys = None
        if self.kiosk_mode:
            self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                                | Qt.WindowType.WindowStaysOnTopHint)
            self._keys = _KioskKeys(self)
            app.installEventFilter(self._keys)
        self.show_screen("welcome")
        self._install_staff()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.idle.watch_windows()  # the window's QWindow exists from the first show

    def _install_staff(self) -> None:
        try:
            import kiosk.ui.staff as staff
        except ModuleNotFoundError as exc:
            if exc.name != "kiosk.ui.staff":
                raise
            return
        staff.install(self)

    # ---- screens -------------------------------------------------------------------------------------
    def add_screen(self, name: str, widget: QWidget) -> None:
        if name in self._screens:
            raise ValueError(f"a screen named {name!r} already exists")
        self._screens[name] = widget
        self.stack.addWidget(widget)

    def screen(self, name: str) -> QWidget:
        if name in PATIENT_SCREENS:
            return self.patient.screen(name)
        return self._screens[name]

    def show_screen(self, name: str) -> None:
        widget = self.screen(name)
        if self.stack.currentWidget() is not widget:
            self.stack.setCurrentWidget(widget)
            self.screen_changed.emit(name)

    def remove_screen(self, name: str) -> None:
        if name in PATIENT_SCREENS:
            raise ValueError(f"the patient screen {name!r} cannot be removed")
        widget = self._screens.pop(name)
        showing = self.stack.currentWidget() is widget
        self.stack.removeWidget(widget)
        widget.deleteLater()
        if showing:
            self.show_screen("welcome")

    def current_screen(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, w in self._screens.items() if w is current), "")

    def screens(self) -> list[str]:
        return list(self._screens)

    # ---- reset and idle ------------------------------------------------------------------------------
    def reset_to_welcome(self) -> None:
        self.idle_overlay.close_overlay()
        for overlay in self.findChildren(Overlay):
            overlay.close_overlay()
        for w in QApplication.topLevelWidgets():
            if w is not self and w.isVisible():
                if isinstance(w, QDialog):
                    w.reject()
                elif isinstance(w, QMenu):
                    w.close()
        self.settings = self.app.settings.get()
        self.patient.reset()
        self.session.reset(self.settings)
        self.idle.set_timeout(int(self.settings.idle_seconds * 1000))
        self.show_screen("welcome")
        self.patient_reset.emit()

    def countdown_seconds(self) -> int:
        return max(MIN_COUNTDOWN_SECONDS, int(self.settings.idle_countdown_seconds))

    def _on_idle(self) -> None:
        if not self.idle.enabled() or self.idle_overlay.isVisible():
            return
        if self.current_screen() == "welcome" and self.session.at_defaults():
            self.patient.welcome.reset()
            self.idle.poke()
            return
        self.idle_overlay.start(self.countdown_seconds())

    def set_patient_idle_enabled(self, enabled: bool) -> None:
        self.idle.set_enabled(enabled)
        if not enabled:
            self.idle_overlay.close_overlay()

    # ---- kiosk mode ----------------------------------------------------------------------------------
    def show_kiosk(self, size=(1280, 800)) -> None:
        """Fullscreen in kiosk mode; a normal window (default 1280 × 800) with --windowed."""
        if self.kiosk_mode:
            self.showFullScreen()
        else:
            self.resize(*size)
            self.show()

    def allow_exit(self) -> None:
        self._exit_allowed = True

    def closeEvent(self, event) -> None:
        if not self._exit_allowed:
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the speech thread, the idle filter and the key guard (also run by closeEvent)."""
        if self._closed:
            return
        self._closed = True
        if self.patient.reader is not None:
            self.patient.reader.speaker.shutdown()
        self.idle.remove()
        if self._keys is not None:
            QApplication.instance().removeEventFilter(self._keys)
        self.bridge.close()

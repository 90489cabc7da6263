"""The mouse wheel never changes a value the person is not editing.

Qt lets the wheel change any combo box, spin box or date field under the pointer, focused or not: scrolling a
form with a mouse switched a discharge sheet's language to Spanish with one notch. `watch(screen)` puts one
application-wide filter in place while any watched screen (the discharge screen, the admin console) exists, and
takes it out when the last is destroyed, so the patient screens pay nothing per event: a wheel event aimed at such a control (or at a part of it, like a
spin box's line edit) that does not have keyboard focus is refused by the control and handed on to its parents,
so the form under it scrolls instead. A control the person has tapped into (it has focus) still takes the wheel.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)  # QDateEdit and QDoubleSpinBox are QAbstractSpinBoxes


def guarded_control(obj: QObject) -> QWidget | None:
    """The combo box, spin box or date field that OBJ is or belongs to (its line edit, its view), or None."""
    w = obj if isinstance(obj, QWidget) else None
    for _ in range(3):  # the control itself, or a part of it one or two levels down
        if w is None:
            return None
        if isinstance(w, GUARDED):
            return w
        w = w.parentWidget()
    return None


class WheelGuard(QObject):
    """The filter; `refused` counts the wheel events it kept from a control (for tests and the curious)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.refused = 0
        self._screens: set[int] = set()
        self.active = False

    def watch(self, screen: QWidget) -> None:
        """Guard the wheel while SCREEN exists."""
        key = id(screen)
        if key in self._screens:
            return
        self._screens.add(key)
        screen.destroyed.connect(lambda *_: self._gone(key))
        if not self.active:
            app = QApplication.instance()
            app.installEventFilter(self)
            self.active = True
            for w in app.allWidgets():  # controls polished before the guard was there
                if isinstance(w, GUARDED) and w.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                    w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _gone(self, key: int) -> None:
        self._screens.discard(key)
        if not self._screens and self.active:
            QApplication.instance().removeEventFilter(self)
            self.active = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, GUARDED):
            # Qt gives a wheel-focus control focus before any filter sees the wheel; take the wheel out of
            # how these controls get focus (a tap or Tab still gives it)
            if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel:
            return False
        control = guarded_control(obj)
        if control is None or control.hasFocus():
            return False
        focus = QApplication.focusWidget()
        if focus is not None and control.isAncestorOf(focus):
            return False
        # Ignored and filtered: the control never sees it, and Qt offers the wheel to the parents (the scroll
        # area), as it does for any wheel event a widget does not accept.
        event.ignore()
        self.refused += 1
        return True


def install(app: QApplication | None = None) -> WheelGuard:
    """The application's one guard (made on the first call); `watch()` a screen to switch it on."""
    app = app or QApplication.instance()
    guard = app.findChild(WheelGuard, "wheel_guard")
    if guard is None:
        guard = WheelGuard(app)
        guard.setObjectName("wheel_guard")
    return guard


def watch(screen: QWidget) -> WheelGuard:
    """No wheel changes an unfocused combo box, spin box or date field while SCREEN exists."""
    guard = install()
    guard.watch(screen)
    return guard

"""The app's own keyboard for staff and admin text fields on a touch-only kiosk.

One `TouchKeyboard` per application (`install()`), watching two things:
- focus: when a one-line or many-line text field inside a screen that asks for it (a widget up its parents has the
  dynamic property `touch_keyboard` = true: every staff screen and the admin console) gets focus, the full
  `OnScreenKeyboard` types into it. A field whose own keyboard is on screen (first-admin set-up, patient search)
  is left alone. Focus on anything else hides the keyboard;
- hardware keys: the first key pressed on a real keyboard since start (a spontaneous key press: ours type into
  the field directly and send none) hides the keyboard, and it is not offered again in this run.

The watching costs a Python call per event, so it runs only while a screen that asks for the keyboard exists
(patient screens pay nothing) and stops for good once a hardware key is seen. Keys pressed before any staff
screen was opened are not seen; the first one on a staff screen counts.

The keyboard is a panel laid over the window, never in its layout, so it moves nothing. It never covers the
field it types into: it sits at the bottom of the window; if that would cover the field, the field's scroll area
scrolls it up; if it cannot, the keyboard sits at the top instead.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kiosk.ui.widgets.keyboard import OnScreenKeyboard

MARGIN = 8  # from the window's edges
GAP = 12  # between the field and the keyboard
MAX_WIDTH = 1180
HEIGHT_SHARE = 0.42  # of the window's height
MIN_HEIGHT, MAX_HEIGHT = 290, 5 * 72 + 4 * 8 + 24  # five rows of keys at most 72 px high


def wants_keyboard(widget: QWidget | None) -> bool:
    """WIDGET is an editable text field on a screen that asks for the app's keyboard, with no keyboard of its own."""
    if not isinstance(widget, (QLineEdit, QPlainTextEdit)) or not widget.isEnabled():
        return False
    if widget.isReadOnly() or widget.property("own_keyboard"):
        return False
    parent = widget.parentWidget()
    if isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return False  # spin boxes and date fields have their arrows and calendar; a combo is chosen from
    while parent is not None:
        if parent.property("touch_keyboard"):
            return True
        parent = parent.parentWidget()
    return False


class KeyboardPanel(QFrame):
    """The keyboard over one window: a framed `OnScreenKeyboard(full=True)`."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("touch_keyboard")
        self.setProperty("role", "keyboard_panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keyboard = OnScreenKeyboard(full=True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 10)
        lay.addWidget(self.keyboard)
        self.hide()


class TouchKeyboard(QObject):
    def __init__(self, app: QApplication):
        super().__init__(app)
        self.hardware_seen = False
        self.panel: KeyboardPanel | None = None
        self.field: QWidget | None = None
        self.placed_at = ""  # bottom | top (for tests and screenshots)
        self._screens: set[int] = set()
        self._filtering = False
        app.focusChanged.connect(self._focus_changed)

    def watch(self, screen: QWidget) -> None:
        """Offer the keyboard in SCREEN (and watch for hardware keys) while it exists."""
        key = id(screen)
        if key in self._screens:
            return
        self._screens.add(key)
        screen.destroyed.connect(lambda *_: self._gone(key))
        self._filter(True)

    def _gone(self, key: int) -> None:
        self._screens.discard(key)
        if not self._screens:
            self._filter(False)

    def _filter(self, on: bool) -> None:
        on = on and bool(self._screens) and not self.hardware_seen
        if on != self._filtering:
            app = QApplication.instance()
            app.installEventFilter(self) if on else app.removeEventFilter(self)
            self._filtering = on

    # ---- what happens ----------------------------------------------------------------------------------
    def reset(self) -> None:
        """As at start: no hardware key seen (a new session of the kiosk; tests)."""
        self.hardware_seen = False
        self._filter(True)
        self._focus_changed(None, QApplication.focusWidget())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # (an exception here would be printed from inside Qt's event delivery, which PySide 6.12 cannot do
        # safely: every widget touched below is checked with isValid first)
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            if event.spontaneous() and not self.hardware_seen:
                self.hardware_seen = True  # a real keyboard is here: ours is not needed any more
                self.hide()
                self._filter(False)  # and costs nothing per event from now on
        elif kind == QEvent.Type.MouseButtonRelease and not self.hardware_seen and self.field is not None:
            # a tap on the field it types into brings back a keyboard that was hidden with Hide
            if isValid(self.field) and self.field.hasFocus() and (obj is self.field or (isinstance(obj, QWidget)
                                                              and self.field.isAncestorOf(obj))):
                self.show_for(self.field)
        elif kind == QEvent.Type.Resize and self.visible() and obj is self.panel.parentWidget():
            if self.field is not None and isValid(self.field):
                self.place()
        return False

    def _focus_changed(self, _old, new) -> None:
        if new is not None and self.panel is not None and isValid(self.panel) and self.panel.isAncestorOf(new):
            return
        if not self.hardware_seen and wants_keyboard(new):
            self.show_for(new)
        else:
            self.hide()

    def show_for(self, field: QWidget) -> None:
        window = field.window()
        if self.panel is None or not isValid(self.panel) or self.panel.parentWidget() is not window:
            if self.panel is not None and isValid(self.panel):
                self.panel.deleteLater()
            self.panel = KeyboardPanel(window)
            self.panel.keyboard.hide_requested.connect(self.hide)
        self.field = field
        self.panel.keyboard.set_target(field)
        self.panel.show()
        self.panel.raise_()
        self.place()

    def hide(self) -> None:
        if self.panel is not None and isValid(self.panel):
            self.panel.hide()
            self.panel.keyboard.set_target(None)

    def visible(self) -> bool:
        return self.panel is not None and isValid(self.panel) and self.panel.isVisible()

    # ---- where -----------------------------------------------------------------------------------------
    def _size(self, window: QWidget) -> tuple[int, int]:
        width = min(MAX_WIDTH, window.width() - 2 * MARGIN)
        height = int(max(MIN_HEIGHT, min(MAX_HEIGHT, window.height() * HEIGHT_SHARE)))
        return width, min(height, window.height() // 2)

    def field_rect(self) -> QRect:
        """The field's rectangle in the window's coordinates."""
        return QRect(self.field.mapTo(self.panel.parentWidget(), QPoint(0, 0)), self.field.size())

    def place(self) -> None:
        window = self.panel.parentWidget()
        width, height = self._size(window)
        field = self.field_rect()
        # under the field's column where the window is wide (the discharge form's print panel stays free)
        x = max(MARGIN, min(field.center().x() - width // 2, window.width() - MARGIN - width))
        bottom = QRect(x, window.height() - MARGIN - height, width, height)
        if field.bottom() + GAP >= bottom.top():
            self._scroll_up(field.bottom() + GAP - bottom.top() + 1)
            field = self.field_rect()
        if field.bottom() + GAP < bottom.top():
            self.panel.setGeometry(bottom)
            self.placed_at = "bottom"
            return
        top = QRect(x, MARGIN, width, height)
        self.panel.setGeometry(top)
        self.placed_at = "top"
        if field.top() - GAP <= top.bottom():  # a field in the middle of a short window: bring it under
            self._scroll_up(field.top() - GAP - top.bottom() - 1)

    def _scroll_up(self, pixels: int) -> None:
        """Scroll the field's nearest scroll area so the field moves up by PIXELS (down, if negative)."""
        parent = self.field.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None and parent is not self.field:
            bar = parent.verticalScrollBar()
            bar.setValue(bar.value() + pixels)


def install(app: QApplication | None = None) -> TouchKeyboard:
    """The application's one TouchKeyboard (made on the first call)."""
    app = app or QApplication.instance()
    host = app.findChild(TouchKeyboard, "touch_keyboard_host")
    if host is None:
        host = TouchKeyboard(app)
        host.setObjectName("touch_keyboard_host")
    return host


def offer_keyboard(screen: QWidget) -> None:
    """Text fields inside SCREEN get the app's keyboard on a touch-only kiosk."""
    screen.setProperty("touch_keyboard", True)
    install().watch(screen)

"""Small helpers shared by the staff screens: labels and buttons styled by role, messages, touch scrolling.

Every staff screen carries area="staff", so resources/qss/30_staff.qss can give staff mode its denser type
without touching the patient screens.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QScrollArea, QScroller, QWidget

from kiosk.ui.widgets.buttons import set_prop
from kiosk.ui.widgets.touch_keyboard import offer_keyboard


def staff_screen(widget: QWidget, name: str) -> QWidget:
    widget.setObjectName(name)
    widget.setProperty("role", "screen")
    widget.setProperty("area", "staff")
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    offer_keyboard(widget)  # the app's own keyboard for its text fields on a touch-only kiosk
    return widget


def label(text: str = "", role: str = "", parent: QWidget | None = None) -> QLabel:
    w = QLabel(text, parent)
    w.setTextFormat(Qt.TextFormat.PlainText)  # nothing typed by a person is ever read as markup
    if role:
        w.setProperty("role", role)
    return w


def action_button(text: str, role: str = "", parent: QWidget | None = None) -> QPushButton:
    """A button that keyboard users can reach with Tab (unlike the patient screens' touch buttons)."""
    w = QPushButton(text, parent)
    w.setProperty("role", role or "staff_action")
    w.setMinimumHeight(52)
    w.setAutoDefault(False)
    return w


def set_message(widget: QLabel, text: str, state: str = "info") -> None:
    """Show a one-line message (state: info | ok | error | busy); an empty text hides it."""
    widget.setText(text)
    set_prop(widget, "state", state)
    widget.setVisible(bool(text))


def touch_scroll(area: QAbstractScrollArea) -> None:
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


class ColumnScroll(QScrollArea):
    """A scroll area that scrolls only up and down, and asks its layout for the width its content needs
    (content minimum + scroll bar + frame), so a splitter or layout beside it can never squeeze the content
    narrower than its view and cut it at the side."""

    def __init__(self, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        base = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return base
        width = (content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                 + 2 * self.frameWidth())
        return QSize(max(base.width(), width), base.height())


def screen_scroll(screen: QWidget) -> QScrollArea:
    """`screen` in a frameless scroll area filling the window: it is laid out at the window's size, never
    below its own minimum; on a window smaller than that (800 x 480) the screen scrolls instead of being cut."""
    area = QScrollArea()
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(screen)
    area.setObjectName(f"{screen.objectName()}-scroll")
    area.setProperty("role", "screen_scroll")  # its scroll bars are wide enough for a finger (30_staff.qss)
    return area

"""Touch buttons. All take no keyboard focus (the search field keeps it) and are styled by `role`.

- `TouchButton`: a QPushButton with an optional tinted SVG icon that follows the theme.
- `WrapButton`: a button whose words are child labels, so long text wraps instead of clipping
  (tiles, the section index).
- `HoldLogo`: the clinic logo. A tap emits `tapped`; pressing and holding for `hold_ms` emits `held`
  (the hidden staff gesture), drawing a slowly filling ring so staff can learn it.
"""
from __future__ import annotations

import math
import os

from PySide6.QtCore import QElapsedTimer, QEvent, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.widgets import icons


def repolish(*widgets: QWidget) -> None:
    for w in widgets:
        w.style().unpolish(w)
        w.style().polish(w)
        w.update()


def set_prop(widget: QWidget, name: str, value) -> None:
    """Set a dynamic property the style sheet selects on, and restyle when it changed."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        repolish(widget)


def forget_layout(layout) -> None:
    """Drop what `layout` and the layouts inside it remember of their sizes. Qt re-measures nested
    layouts only when it lays out a visible widget; a hidden one asked for its height for a width
    would answer from words it no longer shows."""
    layout.invalidate()
    for i in range(layout.count()):
        inner = layout.itemAt(i).layout()
        if inner is not None:
            forget_layout(inner)


class TouchButton(QPushButton):
    ICON_COLORS = {"primary": "on_primary", "start": "on_primary"}

    def __init__(self, text: str = "", role: str = "", icon: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if role:
            self.setProperty("role", role)
        self._icon_name = icon
        self._icon_px = 32
        self._icon_key: tuple = ()
        self._refresh_icon()
        self.toggled.connect(self._on_toggled)

    def _on_toggled(self, _checked: bool) -> None:
        if self._icon_name:
            self._refresh_icon()

    def set_icon_name(self, name: str) -> None:
        self._icon_name = name
        self._refresh_icon()

    def _refresh_icon(self) -> None:
        if not self._icon_name:
            if self._icon_key:
                self.setIcon(QPixmap())
                self._icon_key = ()
            return
        key = self.ICON_COLORS.get(str(self.property("role") or ""), "primary")
        if self.isCheckable() and self.isChecked() and self.property("role") in ("chip", "choice", "size"):
            key = "on_primary"
        if not self.isEnabled():
            key = "text_muted"  # as the disabled words: white on the muted grey was invisible
        ratio = self.devicePixelRatioF() if self.isVisible() else self._ratio()
        wanted = (self._icon_name, theme.color(key), self._icon_px, ratio)
        if wanted == self._icon_key:  # restyling happens often; re-setting the same icon is not free
            return
        self._icon_key = wanted
        self.setIcon(icons.icon(*wanted))
        self.setIconSize(QSize(self._icon_px, self._icon_px))

    def _ratio(self) -> float:
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.primaryScreen()
        return screen.devicePixelRatio() if screen else 1.0

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.EnabledChange) and self._icon_name:
            self._refresh_icon()



class WrapButton(QPushButton):
    """A button made of labels that wrap. `labels` are (text, role) pairs; `label(i)` returns one."""

    def __init__(self, role: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(20, 14, 20, 14)
        self.box.setSpacing(6)

    def add_label(self, text: str, role: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", role)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box.addWidget(label)
        return label

    def set_current(self, current: bool) -> None:
        value = "true" if current else "false"
        for w in (self, *self.findChildren(QLabel)):
            set_prop(w, "current", value)

    def sizeHint(self) -> QSize:
        # As wide as the words on one line. (QLabel's own hint wraps long words early; a layout that
        # aligns this button gives it that width but the height the words need at the full width.)
        m = self.box.contentsMargins()
        words = [l for l in self.findChildren(QLabel) if not l.isHidden() and l.wordWrap()]
        if not words:
            return self.box.sizeHint().expandedTo(QSize(64, 64))
        width = max(math.ceil(QFontMetricsF(l.font()).horizontalAdvance(l.text())) + 2  # rounding slack
                    + l.contentsMargins().left() + l.contentsMargins().right() + 2 * l.margin() for l in words)
        width = max(width + m.left() + m.right(), self.box.minimumSize().width())
        return QSize(width, self.heightForWidth(width)).expandedTo(QSize(64, 64))

    def minimumSizeHint(self) -> QSize:
        return self.box.minimumSize().expandedTo(QSize(64, 64))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self.isVisible():
            forget_layout(self.box)
        return max(64, self.box.totalHeightForWidth(width))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # A layout on a button created inside a hidden parent is not always activated when it is
        # first shown; place the words for the size we actually got, every time.
        self.box.setGeometry(self.rect())


class HoldLogo(QWidget):
    """The clinic logo; press and hold `hold_ms` (3 s) to ask for staff access."""

    tapped = Signal()
    held = Signal()

    def __init__(self, size: int = 72, parent: QWidget | None = None):
        super().__init__(parent)
        self.hold_ms = 3000
        self._side = size
        self._logo_path = ""
        self._logo_cache: tuple | None = None  # (key, scaled pixmap): the file is decoded once, not per paint
        self._timer = QTimer(self, singleShot=True, timeout=self._fire)
        self._tick = QTimer(self, interval=50, timeout=self.update)
        self._clock = QElapsedTimer()
        self._pressed = False
        self._fired = False
        self.setFixedSize(size, size)
        self.setAccessibleName("Clinic logo")

    def set_side(self, size: int) -> None:
        if size != self._side:
            self._side = size
            self.setFixedSize(size, size)
            self.update()

    def set_logo_path(self, path: str) -> None:
        self._logo_path = path or ""
        self.update()

    def mousePressEvent(self, event) -> None:
        event.accept()
        self._pressed, self._fired = True, False
        self._clock.start()
        self._timer.start(self.hold_ms)
        self._tick.start()

    def mouseReleaseEvent(self, event) -> None:
        event.accept()
        was_pressed = self._pressed
        self.cancel()
        if was_pressed and not self._fired and self.rect().contains(event.position().toPoint()):
            self.tapped.emit()

    def cancel(self) -> None:
        self._pressed = False
        self._timer.stop()
        self._tick.stop()
        self.update()

    def hideEvent(self, event) -> None:
        self.cancel()
        super().hideEvent(event)

    def _fire(self) -> None:
        self._fired = True
        self._pressed = False
        self._tick.stop()
        self.update()
        self.held.emit()

    def _scaled_logo(self, target: QRectF) -> QPixmap:
        """The clinic's logo scaled to TARGET, decoded once per file version and size (the press-and-hold ring
        repaints every 50 ms; a large logo decoded on each paint stalled the patient screen)."""
        if not self._logo_path:
            return QPixmap()
        dpr = self.devicePixelRatioF()
        try:
            st = os.stat(self._logo_path)
            key = (self._logo_path, st.st_mtime_ns, st.st_size, int(target.width()), int(target.height()), dpr)
        except OSError:
            return QPixmap()
        if self._logo_cache is None or self._logo_cache[0] != key:
            logo = QPixmap(self._logo_path)
            if not logo.isNull():
                logo = logo.scaled(int(target.width() * dpr), int(target.height() * dpr),
                                   Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
                logo.setDevicePixelRatio(dpr)
            self._logo_cache = (key, logo)
        return self._logo_cache[1]

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = self._side
        pad = side * 0.12
        target = QRectF(pad, pad, side - 2 * pad, side - 2 * pad)
        logo = self._scaled_logo(target)
        if logo.isNull():
            logo = icons.pixmap("clinic", theme.color("primary"), int(target.width()), self.devicePixelRatioF())
        w, h = logo.width() / logo.devicePixelRatio(), logo.height() / logo.devicePixelRatio()
        p.drawPixmap(QRectF(target.center().x() - w / 2, target.center().y() - h / 2, w, h), logo, QRectF(logo.rect()))
        if self._pressed and self._clock.elapsed() > 600:
            done = min(1.0, (self._clock.elapsed() - 600) / max(1, self.hold_ms - 600))
            pen = QPen(QColor(theme.color("primary")), 5)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawArc(QRectF(4, 4, side - 8, side - 8), 90 * 16, -int(360 * 16 * done))
        p.end()

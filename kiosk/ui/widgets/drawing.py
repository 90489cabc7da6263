"""A procedure drawing on screen: our SVG through QtSvg in the theme's colours, its labels drawn in the reader's
language, the alt text as the accessible description. Tapping it emits `tapped` (the reader enlarges it).

The SVGs use six fixed colours (the default theme's); `themed_svg` swaps them for the current theme's, so the
high-contrast theme gets white lines and yellow targets on black.
"""
from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.content.drawings import Picture
from kiosk.ui import theme

# the colour each drawing file uses -> the theme colour that replaces it
PALETTE = {
    "#56707B": "map_outline",
    "#E9F0F2": "map_body",
    "#FFFFFF": "surface",
    "#BFD8E1": "map_region",
    "#1C5A70": "map_region_lit",
    "#172A33": "text",
}


@lru_cache(maxsize=64)
def themed_svg(path: str, theme_name: str) -> bytes:
    text = open(path, encoding="utf-8").read()
    colors = theme.theme_colors(theme_name)
    # one pass, so that a colour swapped in is never swapped again
    swap = re.compile('"(' + "|".join(PALETTE) + ')"', re.IGNORECASE)
    return swap.sub(lambda m: f'"{colors[PALETTE[m.group(1).upper()]]}"', text).encode("utf-8")


@lru_cache(maxsize=32)
def _renderer(path: str, theme_name: str) -> QSvgRenderer:
    """The SVG at PATH in THEME_NAME's colours, parsed once (GUI thread only): parsing it at every paint was a
    visible part of opening a procedure."""
    return QSvgRenderer(QByteArray(themed_svg(path, theme_name)))


def paint(painter: QPainter, picture: Picture, language: str, rect: QRectF, theme_name: str | None = None) -> QRectF:
    """Draw `picture` fitted into `rect` (aspect kept, centred at the top); returns where it went."""
    theme_name = theme_name or theme.current()[0]
    renderer = _renderer(str(picture.path), theme_name)
    box = renderer.viewBoxF()
    if box.width() <= 0 or box.height() <= 0:
        return QRectF()
    scale = min(rect.width() / box.width(), rect.height() / box.height())
    target = QRectF(rect.x() + (rect.width() - box.width() * scale) / 2, rect.y(), box.width() * scale,
                    box.height() * scale)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, target)
    colors = theme.theme_colors(theme_name)
    painter.translate(target.topLeft())
    painter.scale(scale, scale)
    painter.setPen(QPen(QColor(colors["map_outline"]), 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for label in picture.labels:
        if label.line:
            x1, y1, x2, y2 = label.line
            painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
    font = QFont(painter.font())
    font.setPixelSize(max(1, round(picture.label_size)))
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    painter.setPen(QColor(colors["text"]))
    for label in picture.labels:
        lines = label.lines(language)
        x, mid = label.at
        lead = picture.label_size * 1.15
        first = mid - (len(lines) - 1) * lead / 2
        for n, text in enumerate(lines):
            w = metrics.horizontalAdvance(text)
            left = {"start": x, "middle": x - w / 2, "end": x - w}[label.anchor]
            painter.drawText(QPointF(left, first + n * lead + picture.label_size * 0.35), text)
    painter.restore()
    return target


def image(picture: Picture, language: str, width: int, theme_name: str = "default") -> QImage:
    """The drawing alone on the theme's card colour, `width` pixels wide (tests, screenshots, README)."""
    renderer = QSvgRenderer(QByteArray(themed_svg(str(picture.path), theme_name)))
    box = renderer.viewBoxF()
    out = QImage(width, max(1, round(width * box.height() / box.width())), QImage.Format.Format_ARGB32)
    out.fill(QColor(theme.theme_colors(theme_name)["surface"]))
    painter = QPainter(out)
    paint(painter, picture, language, QRectF(0, 0, out.width(), out.height()), theme_name)
    painter.end()
    return out


class DrawingView(QWidget):
    """The drawing as a widget that keeps its aspect; tap (click) emits `tapped`."""

    tapped = Signal()

    def __init__(self, picture: Picture, language: str, max_width: int | None = None, parent: QWidget | None = None,
                 centred: bool = False):
        """`max_width` None: as wide as makes its labels the size of the patient's chosen body text."""
        super().__init__(parent)
        self.centred = centred
        self.picture = picture
        self.language = language
        self._max_width = max_width
        self._drawn: tuple[tuple, QImage] | None = None  # (what it was drawn for, the drawing)
        self.setProperty("role", "drawing")
        self.setAccessibleName(picture.alt_text(language))
        self.setAccessibleDescription(picture.alt_text(language))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def alt_text(self) -> str:
        return self.picture.alt_text(self.language)

    @property
    def max_width(self) -> int:
        if self._max_width is not None:
            return self._max_width
        body_px = theme.text_size_points(theme.current()[1])["body_pt"] * 4 / 3
        return round(self.picture.width_units * body_px / self.picture.label_size)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == event.Type.StyleChange:  # a new text size: a new width, so a new height
            self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return round(min(width, self.max_width) * 0.75)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.max_width, self.heightForWidth(self.max_width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, 180)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        w = min(self.width(), self.max_width)
        left = (self.width() - w) / 2 if self.centred else 0
        key = (self.language, w, self.height(), theme.current()[0], self.font().key(), self.devicePixelRatioF())
        if self._drawn is None or self._drawn[0] != key:
            # drawn once into an image, then copied: a kinetic scroll repaints the drawing at every frame
            ratio = key[-1]
            drawn = QImage(max(1, round(w * ratio)), max(1, round(self.height() * ratio)),
                           QImage.Format.Format_ARGB32_Premultiplied)
            drawn.setDevicePixelRatio(ratio)
            drawn.fill(Qt.GlobalColor.transparent)
            painter = QPainter(drawn)
            painter.setFont(self.font())
            paint(painter, self.picture, self.language, QRectF(0, 0, w, self.height()))
            painter.end()
            self._drawn = (key, drawn)
        painter = QPainter(self)
        painter.drawImage(QPointF(left, 0), self._drawn[1])
        painter.end()

    TAP_SLOP = 16  # px a finger may move and still tap; further is a scroll of the page, not a tap

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._pressed_at = event.globalPosition()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        start = getattr(self, "_pressed_at", None)
        self._pressed_at = None
        if (event.button() == Qt.MouseButton.LeftButton and start is not None
                and (event.globalPosition() - start).manhattanLength() <= self.TAP_SLOP
                and self.rect().contains(event.position().toPoint())):
            self.tapped.emit()
        super().mouseReleaseEvent(event)

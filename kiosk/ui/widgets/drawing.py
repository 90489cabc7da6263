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


def _own_size(picture: Picture) -> tuple[QSvgRenderer | None, QImage | None, QRectF]:
    """An admin's own drawing (PNG or SVG bytes, drawn as they are: no theme colours, no labels)."""
    if picture.file.lower().endswith(".png"):
        img = QImage.fromData(picture.data, "PNG")
        return None, img, QRectF(0, 0, img.width(), img.height())
    renderer = QSvgRenderer(QByteArray(picture.data))
    box = renderer.viewBoxF()
    if box.isEmpty():
        box = QRectF(0, 0, renderer.defaultSize().width(), renderer.defaultSize().height())
    return renderer, None, box


def _fitted(box: QRectF, rect: QRectF) -> QRectF:
    """BOX scaled to fit RECT, aspect kept, centred across and at the top."""
    scale = min(rect.width() / box.width(), rect.height() / box.height())
    return QRectF(rect.x() + (rect.width() - box.width() * scale) / 2, rect.y(), box.width() * scale,
                  box.height() * scale)


def _paint_own(painter: QPainter, picture: Picture, rect: QRectF) -> QRectF:
    renderer, img, box = _own_size(picture)
    if box.width() <= 0 or box.height() <= 0 or (img is not None and img.isNull()):
        return QRectF()
    target = _fitted(box, rect)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if renderer is not None:
        renderer.render(painter, target)
    else:
        painter.drawImage(target, img)
    painter.restore()
    return target


@lru_cache(maxsize=32)
def _renderer(path: str, theme_name: str) -> QSvgRenderer:
    """The SVG at PATH in THEME_NAME's colours, parsed once (GUI thread only): parsing it at every paint was a
    visible part of opening a procedure."""
    return QSvgRenderer(QByteArray(themed_svg(path, theme_name)))


def paint(painter: QPainter, picture: Picture, language: str, rect: QRectF, theme_name: str | None = None) -> QRectF:
    """Draw `picture` fitted into `rect` (aspect kept, centred at the top); returns where it went."""
    if picture.own:
        return _paint_own(painter, picture, rect)
    theme_name = theme_name or theme.current()[0]
    renderer = _renderer(str(picture.path), theme_name)
    box = renderer.viewBoxF()
    if box.width() <= 0 or box.height() <= 0:
        return QRectF()
    target = _fitted(box, rect)
    scale = target.width() / box.width()  # drawing units to pixels, for the labels
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
    if picture.own:
        box = _own_size(picture)[2]
    else:
        box = QSvgRenderer(QByteArray(themed_svg(str(picture.path), theme_name))).viewBoxF()
    if box.width() <= 0 or box.height() <= 0:
        box = QRectF(0, 0, 4, 3)
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
        self._drawn: tuple[tuple, QImage, QRectF] | None = None  # (what it was drawn for, the drawing, where)
        self.setProperty("role", "drawing")
        self.setAccessibleName(picture.alt_text(language))
        self.setAccessibleDescription(picture.alt_text(language))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Enter or Space enlarges, like a tap
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
        key = (self.picture, self.language, w, self.height(), theme.current()[0], self.font().key(),
               self.devicePixelRatioF())
        if self._drawn is None or self._drawn[0] != key:
            # drawn once into an image, then copied: a kinetic scroll repaints the drawing at every frame
            ratio = key[-1]
            drawn = QImage(max(1, round(w * ratio)), max(1, round(self.height() * ratio)),
                           QImage.Format.Format_ARGB32_Premultiplied)
            drawn.setDevicePixelRatio(ratio)
            drawn.fill(Qt.GlobalColor.transparent)
            painter = QPainter(drawn)
            painter.setFont(self.font())
            placed = paint(painter, self.picture, self.language, QRectF(0, 0, w, self.height()))
            painter.end()
            self._drawn = (key, drawn, placed)
        painter = QPainter(self)
        painter.drawImage(QPointF(left, 0), self._drawn[1])
        placed = self._drawn[2].translated(left, 0)
        if self.hasFocus() and not placed.isEmpty():  # the keyboard's place, in the theme's focus colour
            painter.setPen(QPen(QColor(theme.theme_colors(theme.current()[0])["focus"]), 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(placed.adjusted(2, 2, -2, -2), 8, 8)
        painter.end()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and not event.isAutoRepeat():
            self.tapped.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.update()

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


class PictogramView(QWidget):
    """A pictogram (ice, no heat, shower...) beside an aftercare line: a square of two body-text lines, in the
    theme's colours, its alt text as its accessible name; not a button (the line beside it says the same)."""

    def __init__(self, picture: Picture, language: str, parent: QWidget | None = None, lines: float = 2.2):
        """`lines`: the side in lines of body text (a title's pictogram is smaller: the title is one long line)."""
        super().__init__(parent)
        self.lines = lines
        self.picture = picture
        self.language = language
        self.setProperty("role", "pictogram")
        self.setAccessibleName(picture.alt_text(language))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._fit()

    @staticmethod
    def side(lines: float = 2.2) -> int:
        """The pictogram's side in px: LINES lines of the patient's chosen body text."""
        return round(theme.text_size_points(theme.current()[1])["body_pt"] * 4 / 3 * lines)

    def _fit(self) -> None:
        self.setFixedSize(self.side(self.lines), self.side(self.lines))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == event.Type.StyleChange:  # a new text size: a new side
            self._fit()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        paint(painter, self.picture, self.language, QRectF(0, 0, self.width(), self.height()))
        painter.end()

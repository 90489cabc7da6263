"""SVG icons from resources/icons, tinted to a theme colour and rendered sharp at any device pixel ratio.

The SVGs are drawn in black; `pixmap()` paints them and fills the result with the colour (SourceIn), so
one file serves every theme. Cached per (name, colour, size, ratio).
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk import resources


@lru_cache(maxsize=256)
def _image(name: str, color: str, size: int, ratio: float) -> QImage:
    renderer = QSvgRenderer(str(resources.icon(name)))
    side = max(1, round(size * ratio))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(image.rect(), QColor(color))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def pixmap(name: str, color: str, size: int, ratio: float = 1.0) -> QPixmap:
    return QPixmap.fromImage(_image(name, color, size, float(ratio)))


def icon(name: str, color: str, size: int, ratio: float = 1.0) -> QIcon:
    return QIcon(pixmap(name, color, size, ratio))

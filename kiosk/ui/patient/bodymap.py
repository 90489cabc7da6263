"""The body map: front and back outlines (resources/bodymap/body.svg) whose regions light up on touch.

The SVG is a template: outline, body and each region's fill are filled from the current theme. A
touch is resolved against a picking image (each region drawn in its own flat colour), so regions are
hit by their real shape; a touch just outside a region (within `TOUCH_SLOP` px) still counts, which
keeps small regions (the neck) at least 48 px wide to a finger.
"""
from __future__ import annotations

import re
from string import Template

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk import resources
from kiosk.core.model import REGIONS
from kiosk.ui import theme

TOUCH_SLOP = 16
MIN_LABEL_PT = 18.0  # "Front" / "Back" shrink to fit their half, never below the screens' least text size
MIN_FIGURES_PX = 330  # the figures' least height: the neck (26 of 520 units) stays 16 px, 48 with the slop
_REGION_ID = re.compile(r'id="(region-([a-z_]+)-\d+)"')


HINT_MS = 1600  # how long the touchable parts stay outlined after a touch elsewhere on the map
_REGION_GROUP = re.compile(r'(<g id="(?:front|back)-regions" stroke=")[^"]*(" stroke-width=")2(")')


class BodyMap(QWidget):
    """Two figures whose regions light on touch. A touch anywhere else on the map (the chest, an arm, a
    foot, the space around) is answered too: every touchable part is outlined for `HINT_MS` and
    `missed` is emitted, so no part of the map is silent."""

    region_touched = Signal(str)
    missed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._template = Template(resources.text("bodymap", "body.svg"))
        self.element_ids: dict[str, list[str]] = {}
        for element, region in _REGION_ID.findall(self._template.template):
            self.element_ids.setdefault(region, []).append(element)
        unknown = set(self.element_ids) - set(REGIONS)
        if unknown:
            raise ValueError(f"body.svg names regions the domain does not know: {sorted(unknown)}")
        self.lit = ""
        self.hinting = False  # the touchable parts outlined after a touch that missed them
        self._hint_timer = QTimer(self, singleShot=True, interval=HINT_MS, timeout=lambda: self.set_hinting(False))
        self.side_labels = ("", "")
        self._renderer = QSvgRenderer(self)
        self._pick_image: QImage | None = None
        self._pick_colors = {region: QColor(10 * (i + 1), 0, 255 - 10 * i) for i, region in enumerate(REGIONS)}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # no fixed minimum size: minimumSizeHint makes room for the labels under figures big enough to touch
        self._load()

    # ---- rendering -----------------------------------------------------------------------------------
    def _svg(self, colors: dict[str, str]) -> bytes:
        return self._template.substitute(colors).encode("utf-8")

    def _load(self) -> None:
        c = theme.theme_colors(theme.current()[0])
        values = {"map_body": c["map_body"], "map_outline": c["map_outline"]}
        for region in REGIONS:
            values[f"region_{region}"] = c["map_region_lit"] if region == self.lit else c["map_region"]
        svg = self._svg(values)
        if self.hinting:
            svg = _REGION_GROUP.sub(lambda m: f"{m.group(1)}{c['map_region_lit']}{m.group(2)}7{m.group(3)}",
                                    svg.decode("utf-8")).encode("utf-8")
        self._renderer.load(svg)
        self._pick_image = None
        self.update()

    def set_hinting(self, on: bool) -> None:
        """Outline every touchable part (on), or draw them plainly again."""
        if on:
            self._hint_timer.start()
        if on != self.hinting:
            self.hinting = on
            self._load()

    def light(self, region: str) -> None:
        if region != self.lit:
            self.lit = region if region in REGIONS else ""
            self._load()

    def set_side_labels(self, front: str, back: str) -> None:
        self.side_labels = (front, back)
        self.updateGeometry()
        self.update()

    def _label_boxes(self) -> list[QRectF]:
        """Where "Front" and "Back" go: each under its figure, in its own half of the widget, so the two
        never meet ("De frente" / "De espaldas" at the largest size); long words wrap there."""
        half = self.width() / 2
        return [QRectF(0, 0, half - 8, 0), QRectF(half + 8, 0, half - 8, 0)]

    def label_font(self, width: float | None = None) -> QFont:
        """The screen's font, made smaller (never below MIN_LABEL_PT) where a word of "Front" / "Back"
        would not fit its half of the map (the largest size on a narrow panel)."""
        font = QFont(self.font())
        half = (self.width() if width is None else width) / 2 - 8
        widest = max((QFontMetricsF(font).horizontalAdvance(w) for label in self.side_labels for w in label.split()),
                     default=0)
        if widest > half > 0 and font.pointSizeF() > MIN_LABEL_PT:
            font.setPointSizeF(max(MIN_LABEL_PT, font.pointSizeF() * (half - 3) / widest))  # 3 px: rounding
        return font

    def _label_height(self) -> int:
        if not any(self.side_labels):
            return 0
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        fm = QFontMetrics(self.label_font())
        need = max(fm.boundingRect(0, 0, max(1, int(box.width())), 10_000, flags, text).height()
                   for box, text in zip(self._label_boxes(), self.side_labels))
        return need + 8

    def target_rect(self) -> QRectF:
        """Where the SVG is drawn: centred, aspect kept, room left below for "Front" and "Back"."""
        view = self._renderer.viewBoxF()
        avail_h = max(1, self.height() - self._label_height())
        scale = min(self.width() / view.width(), avail_h / view.height())
        w, h = view.width() * scale, view.height() * scale
        return QRectF((self.width() - w) / 2, (avail_h - h) / 2, w, h)

    def region_rects(self, region: str) -> list[QRectF]:
        """The on-screen bounds of each shape of a region (for tests and touch-size checks)."""
        view, target = self._renderer.viewBoxF(), self.target_rect()
        sx, sy = target.width() / view.width(), target.height() / view.height()
        out = []
        for element in self.element_ids.get(region, []):
            b = self._renderer.boundsOnElement(element)
            out.append(QRectF(target.x() + (b.x() - view.x()) * sx, target.y() + (b.y() - view.y()) * sy,
                              b.width() * sx, b.height() * sy))
        return out

    def region_center(self, region: str) -> QPointF:
        return self.region_rects(region)[0].center()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = self.target_rect()
        self._renderer.render(p, target)
        if any(self.side_labels):
            p.setPen(QColor(theme.color("text")))
            p.setFont(self.label_font())
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
            for text, rect in zip(self.side_labels, self.label_rects()):
                p.drawText(rect, flags, text)

    def label_rects(self) -> list[QRectF]:
        """Where "Front" and "Back" are drawn: as wide as their words (wrapped within their half),
        centred under their figure, moved in where that would leave their half. They never meet."""
        target = self.target_rect()
        scale = target.width() / self._renderer.viewBoxF().width()
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        fm, out = QFontMetrics(self.label_font()), []
        for text, cx, box in zip(self.side_labels, (110, 330), self._label_boxes()):  # figure centres
            width = min(box.width(), fm.boundingRect(0, 0, max(1, int(box.width())), 10_000, flags, text).width() + 2)
            x = min(max(target.x() + cx * scale, box.left() + width / 2), box.right() - width / 2)
            out.append(QRectF(x - width / 2, target.bottom() + 4, width, self._label_height() - 4))
        return out
        p.end()

    def sizeHint(self) -> QSize:
        # Small: in a scroll area the page is as tall as its hint; the figures grow into any room left
        # (Expanding) rather than pushing the words below them out of view.
        return QSize(300, 360)

    def minimumSizeHint(self) -> QSize:
        # wide enough for the longest word of "Front" / "Back" in its own half, whatever the language
        words = [w for label in self.side_labels for w in label.split()]
        small = QFont(self.font())
        small.setPointSizeF(min(small.pointSizeF(), MIN_LABEL_PT))
        widest = max((QFontMetrics(small).horizontalAdvance(w) for w in words), default=0)
        return QSize(max(200, 2 * (widest + 8) + 16), MIN_FIGURES_PX + self._label_height())

    def hasHeightForWidth(self) -> bool:
        return False

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.StyleChange:
            self._load()
        if event.type() in (event.Type.StyleChange, event.Type.FontChange):
            self.updateGeometry()  # the side labels need another width and height

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._pick_image = None

    # ---- touch ---------------------------------------------------------------------------------------
    def _picking(self) -> QImage:
        if self._pick_image is None or self._pick_image.size() != self.size():
            values = {"map_body": "none", "map_outline": "none"}
            for region in REGIONS:
                values[f"region_{region}"] = self._pick_colors[region].name()
            svg = self._svg(values).replace(b'stroke-width="2"', b'stroke-width="0"')
            renderer = QSvgRenderer(svg)
            image = QImage(self.size(), QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            p = QPainter(image)
            renderer.render(p, self.target_rect())
            p.end()
            self._pick_image = image
        return self._pick_image

    def region_at(self, pos: QPointF) -> str:
        image = self._picking()
        x0, y0 = int(pos.x()), int(pos.y())
        by_color = {c.rgb(): r for r, c in self._pick_colors.items()}
        for radius in range(0, TOUCH_SLOP + 1, 4):
            for dx in range(-radius, radius + 1, max(1, radius // 2) if radius else 1):
                for dy in range(-radius, radius + 1, max(1, radius // 2) if radius else 1):
                    if radius and max(abs(dx), abs(dy)) != radius:
                        continue
                    x, y = x0 + dx, y0 + dy
                    if 0 <= x < image.width() and 0 <= y < image.height():
                        region = by_color.get(image.pixel(x, y))
                        if region:
                            return region
        return ""

    def mouseReleaseEvent(self, event) -> None:
        region = self.region_at(event.position())
        if region:
            self.set_hinting(False)
            self.light(region)
            self.region_touched.emit(region)
        else:
            self.set_hinting(True)
            self.missed.emit()

"""Home: procedure tiles and the body map. Touching a region lights it and lists its procedures."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.app import as_app
from kiosk.core.model import REGION_NAMES, REGIONS, SearchHit
from kiosk.ui.models import HandoutListModel
from kiosk.ui.patient.bodymap import BodyMap
from kiosk.ui.patient.chrome import Header
from kiosk.ui.patient.session import PatientSession
from kiosk.ui.patient.strings import tr
from kiosk.ui.widgets.buttons import TouchButton
from kiosk.ui.widgets.flow import FlowBox
from kiosk.ui.widgets.scroll import TouchScrollArea
from kiosk.ui.widgets.tiles import TileGrid


def procedures(app, lang: str) -> list[SearchHit]:
    """Every published procedure as a tile, in `lang` where it exists, else in English."""
    def hit(v) -> SearchHit:
        h = v.handout
        return SearchHit(h.slug, h.language, h.title, h.summary, h.icon, h.regions)

    chosen = {v.handout.slug: hit(v) for v in app.handouts.published(lang)}
    if lang != "en":
        for v in app.handouts.published("en"):
            chosen.setdefault(v.handout.slug, hit(v))
    return sorted(chosen.values(), key=lambda h: h.title.casefold())


FIGURES_BESIDE_PX = 290


class HomeScreen(QWidget):
    open_procedure = Signal(str)
    search_requested = Signal()

    def __init__(self, app, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.app = as_app(app)
        self.session = session
        self.region = ""
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        self.header = Header(session, logo=True, search=True)
        self.header.search_button.clicked.connect(self.search_requested)
        col.addWidget(self.header)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setContentsMargins(24, 20, 24, 20)
        self.body.setSpacing(24)
        col.addLayout(self.body, 1)

        # procedures
        self.tiles_area = TouchScrollArea()
        tcol = QVBoxLayout(self.tiles_area.content)
        tcol.setContentsMargins(0, 0, 12, 0)
        tcol.setSpacing(16)
        self.title_row = title_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        title_row.setSpacing(16)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        title_row.addWidget(self.title, 1)
        self.show_all = TouchButton(role="chip", icon="close")
        self.show_all.clicked.connect(self.clear_region)
        self.show_all.hide()
        title_row.addWidget(self.show_all, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tiles_area.viewport().installEventFilter(self)
        tcol.addLayout(title_row)
        self.model = HandoutListModel(parent=self)
        self.tiles = TileGrid(self.model, min_tile_width=360, max_columns=3)
        self.tiles.activated.connect(self.open_procedure)
        tcol.addWidget(self.tiles)
        tcol.addStretch(1)

        # body map
        self.map_area = TouchScrollArea()
        self.map_panel = QFrame()
        self.map_panel.setProperty("role", "panel")
        mcol = QVBoxLayout(self.map_panel)
        mcol.setContentsMargins(24, 20, 24, 24)
        mcol.setSpacing(12)
        self.map_title = QLabel()
        self.map_title.setProperty("role", "title")
        self.map_title.setWordWrap(True)
        mcol.addWidget(self.map_title)
        self.map_hint = QLabel()
        self.map_hint.setProperty("role", "muted")
        self.map_hint.setWordWrap(True)
        mcol.addWidget(self.map_hint)
        self.bodymap = BodyMap()
        self.bodymap.region_touched.connect(self.show_region)
        self.map_row = QBoxLayout(QBoxLayout.Direction.TopToBottom)  # portrait: the words beside the figures
        self.map_row.setSpacing(16)
        self.map_row.addWidget(self.bodymap, 1)
        mcol.addLayout(self.map_row, 1)
        chips_box = FlowBox(spacing=12)
        self.chips: dict[str, TouchButton] = {}
        self._chip_group = QButtonGroup(self)
        self._chip_group.setExclusive(False)
        for region in REGIONS:
            chip = TouchButton(role="chip")
            chip.setCheckable(True)
            chip.clicked.connect(lambda _=False, r=region: self._chip_clicked(r))
            chips_box.add(chip)
            self._chip_group.addButton(chip)
            self.chips[region] = chip
        self.chips_box = chips_box
        self.map_row.addWidget(chips_box)
        outer = QVBoxLayout(self.map_area.content)
        outer.setContentsMargins(0, 0, 12, 0)
        outer.addWidget(self.map_panel)

        self.body.addWidget(self.tiles_area, 3)
        self.body.addWidget(self.map_area, 2)
        self._arrange_timer = QTimer(self, singleShot=True, interval=0, timeout=self._arrange)
        session.language_changed.connect(self.retranslate)
        self.retranslate(session.language)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.tiles_area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title_row()
        return False

    def _fit_title_row(self) -> None:
        """"Show all" goes under the title when both do not fit side by side."""
        m = self.tiles_area.content.layout().contentsMargins()
        room = self.tiles_area.viewport().width() - m.left() - m.right()
        need = (self.title.fontMetrics().horizontalAdvance(self.title.text()) + self.title_row.spacing()
                + self.show_all.sizeHint().width())
        direction = QBoxLayout.Direction.LeftToRight if need <= room else QBoxLayout.Direction.TopToBottom
        if self.title_row.direction() != direction:
            self.title_row.setDirection(direction)

    # ---- behaviour -----------------------------------------------------------------------------------
    def _chip_clicked(self, region: str) -> None:
        if region == self.region:
            self.clear_region()
        else:
            self.show_region(region)

    def show_region(self, region: str) -> None:
        self.region = region
        self.bodymap.light(region)
        for r, chip in self.chips.items():
            chip.setChecked(r == region)
        self._refresh()
        self.tiles_area.scroll_to_top()

    def clear_region(self) -> None:
        self.region = ""
        self.bodymap.light("")
        for chip in self.chips.values():
            chip.setChecked(False)
        self._refresh()

    def _refresh(self) -> None:
        lang = self.session.language
        if self.region:
            self.model.set_hits(self.app.handouts.by_region(self.region, lang))
            self.title.setText(tr("region_title", lang, region=REGION_NAMES[lang][self.region]))
        else:
            self.model.set_hits(procedures(self.app, lang))
            self.title.setText(tr("home_title", lang))
        self.show_all.setVisible(bool(self.region))
        self._fit_title_row()

    def retranslate(self, lang: str) -> None:
        self.map_title.setText(tr("bodymap_title", lang))
        self.tiles_area.setAccessibleName(tr("home_title", lang))
        self.map_area.setAccessibleName(tr("bodymap_title", lang))
        self.bodymap.setAccessibleName(tr("bodymap_title", lang))
        self.bodymap.setAccessibleDescription(tr("bodymap_hint", lang))
        self.map_hint.setText(tr("bodymap_hint", lang))
        self.bodymap.set_side_labels(tr("front", lang), tr("back_side", lang))
        self.show_all.setText(tr("show_all", lang))
        for region, chip in self.chips.items():
            chip.setText(REGION_NAMES[lang][region])
        self._refresh()
        self._arrange_timer.start()  # the words beside the figures are wider in Spanish

    def reset(self) -> None:
        self.clear_region()
        self.tiles_area.scroll_to_top()
        self.map_area.scroll_to_top()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._arrange_timer.start()  # new text size: the words beside the figures may no longer fit

    def _beside_width(self) -> int:
        """What the map side needs with the words in a column beside the figures."""
        chips = max((c.sizeHint().width() for c in self.chips.values()), default=0)
        m = self.map_panel.layout().contentsMargins()
        outer = self.map_area.content.layout().contentsMargins()
        bar = self.map_area.verticalScrollBar().sizeHint().width()
        return (chips + self.map_row.spacing() + self._figures_width() + m.left() + m.right()
                + 4 + outer.left() + outer.right() + bar)

    def _figures_width(self) -> int:
        """The figures beside the words: wide enough for their labels and for the neck to stay a
        48 px target (the figures are 440 x 520 units; the neck is 26 units tall)."""
        return max(self.bodymap.minimumSizeHint().width(), FIGURES_BESIDE_PX)

    def _arrange(self) -> None:
        w, h = self.width(), self.height()
        if w <= 0:
            return
        portrait = h > w * 1.05
        # A short landscape screen (1280 x 800) has no room for the figures and the words under them:
        # the words go beside the figures when the map side can be made wide enough for both, leaving
        # the tiles one column, so the words the hint points to are on screen without scrolling.
        need = 0
        if not portrait and h < 1000:
            m = self.body.contentsMargins()
            room = w - m.left() - m.right() - self.body.spacing() - (self.tiles.min_tile_width + 40)
            need = self._beside_width()
            if need > room:
                need = 0
        beside = portrait or need > 0
        self.map_area.setMinimumWidth(need)
        self.bodymap.setMinimumWidth(self._figures_width() if need else 0)
        layout = (portrait, beside)
        if getattr(self, "_layout", None) != layout:
            self._layout = layout
            self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
            # portrait: the map on top, procedures below
            self.body.removeWidget(self.tiles_area)
            self.body.removeWidget(self.map_area)
            first, second = (self.map_area, self.tiles_area) if portrait else (self.tiles_area, self.map_area)
            self.body.addWidget(first, 2 if portrait else 3)
            self.body.addWidget(second, 3 if portrait else 2)
            self.map_row.setDirection(QBoxLayout.Direction.LeftToRight if beside
                                      else QBoxLayout.Direction.TopToBottom)
            self.chips_box.set_keep_widest(beside)
            self.map_row.setStretch(0, 1)
            self.map_row.setStretch(1, 1 if beside else 0)  # room for the longest Spanish chip

"""Procedure tiles bound to a `HandoutListModel`: icon, title and a one-line summary per row.

The grid keeps its tile widgets and refills them when the model resets (search updates on every key,
so tiles are reused rather than rebuilt), and picks 1–3 columns from its width.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.hyphenate import breakable
from kiosk.ui import theme
from kiosk.ui.models import HandoutListModel, one_line
from kiosk.ui.widgets import icons
from kiosk.ui.widgets.buttons import WrapButton, forget_layout, set_prop

ICON_PX = 48
VERY_NARROW_PX = 260  # a column this narrow (800 x 480, beside the keyboard) breaks words of 6 letters up


class Tile(WrapButton):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("tile", parent)
        self.slug = ""
        self._words: tuple[str, str] = ("", "")  # title and summary as written (labels may add hyphens)
        self._lang = "en"
        self._icon_name = ""
        self._min_letters = 10  # words this long may break with a hyphen when compact
        self._hfw: dict[int, int] = {}  # height for width: asked many times per key press, so remembered
        self.box.setContentsMargins(18, 16, 18, 18)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.icon = QLabel()
        self.icon.setFixedSize(ICON_PX, ICON_PX)
        self.icon.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(6)
        top.addLayout(text, 1)
        self.box.addLayout(top)
        self.title = self.add_label("", "tile_title")
        self.summary = self.add_label("", "tile_summary")
        self.box.removeWidget(self.title)
        self.box.removeWidget(self.summary)
        text.addWidget(self.title)
        text.addWidget(self.summary)
        self.box.addStretch(1)  # in a row made taller by a neighbour, the words stay at the top
        for label in (self.title, self.summary):
            label.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        # A label restyled after its tile (a new text size) measures differently: measure again.
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange) and self._hfw:
            self._hfw.clear()
            grid = self.parentWidget()
            if isinstance(grid, TileGrid):
                grid.request_arrange()
        return False

    def set_compact(self, compact: bool, very_narrow: bool = False) -> None:
        """Narrow tiles drop the icon so the words keep their room, and may break long words with a
        hyphen (one Spanish word at the largest size can be wider than a narrow column); a very narrow
        one breaks shorter words too ("injection" at the largest size beside the keyboard at 800 x 480)."""
        letters = 6 if very_narrow else 10
        if letters != self._min_letters:
            self._min_letters = letters
            self._hfw.clear()
            if self.icon.isHidden():
                self._show_words()
        if self.icon.isHidden() != compact:
            self.icon.setHidden(compact)
            value = "true" if compact else "false"
            for label in (self.title, self.summary):
                set_prop(label, "compact", value)
            self.box.setContentsMargins(*((14, 12, 14, 14) if compact else (18, 16, 18, 18)))
            self._hfw.clear()
            self._show_words()
            # Place the words again now: a tile that keeps its size gets no resize event, and Qt
            # would leave the labels where the icon used to push them.
            forget_layout(self.box)
            self.box.setGeometry(self.rect())

    def _show_words(self) -> None:
        title, summary = self._words
        if self.icon.isHidden():  # compact
            title = breakable(title, self._lang, self._min_letters)
            summary = breakable(summary, self._lang, self._min_letters)
        if self.title.text() != title:
            self.title.setText(title)
            self._hfw.clear()
        if self.summary.text() != summary:
            self.summary.setText(summary)
            self._hfw.clear()

    def fill(self, slug: str, title: str, summary: str, icon: str, lang: str = "en") -> None:
        self.slug = slug
        self._words, self._lang = (title, summary), lang
        self._show_words()
        if self.summary.isHidden() == bool(summary):
            self.summary.setVisible(bool(summary))
            self._hfw.clear()
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)
        if icon != self._icon_name:
            self._icon_name = icon
            self.refresh_icon()

    def refresh_icon(self) -> None:
        if self._icon_name:
            wanted = (self._icon_name, theme.color("primary"), self.devicePixelRatioF())
            if wanted != getattr(self, "_icon_key", None):
                self._icon_key = wanted
                self.icon.setPixmap(icons.pixmap(wanted[0], wanted[1], ICON_PX, wanted[2]))

    def heightForWidth(self, width: int) -> int:
        if width not in self._hfw:
            if not self._hfw:
                forget_layout(self.box)  # new words since the last measure
            self._hfw[width] = super().heightForWidth(width)
        return self._hfw[width]

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.StyleChange:
            self._hfw.clear()
            self.refresh_icon()

    def forget_sizes(self) -> None:
        """The words changed size (a new text size or theme): measure again."""
        self._hfw.clear()


class TileGrid(QWidget):
    """Tiles in 1–`max_columns` equal columns; each row as tall as its tallest tile at that width.

    Laid out by hand rather than with QGridLayout, whose height-for-width distribution gave rows too
    short for tiles with long, wrapped titles.
    """

    activated = Signal(str)  # slug
    SPACING = 16

    def __init__(self, model: HandoutListModel, min_tile_width: int = 380, max_columns: int = 3,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.min_tile_width = min_tile_width
        self.max_columns = max_columns
        self.tiles: list[Tile] = []
        self._rows_cache: dict[int, tuple] = {}
        self._arrange_timer = QTimer(self, singleShot=True, interval=0, timeout=self._rearrange)
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        model.modelReset.connect(self.sync)
        model.rowsInserted.connect(self.sync)
        model.rowsRemoved.connect(self.sync)
        model.dataChanged.connect(self.sync)
        self.sync()

    def visible_tiles(self) -> list[Tile]:
        """The tiles a patient sees (none while the grid itself is hidden for an empty list)."""
        return [] if self.isHidden() else self._placed()

    def _placed(self) -> list[Tile]:
        return [t for t in self.tiles if not t.isHidden()]

    def sync(self, *_) -> None:
        # The hits themselves, not model.data() per role: six Python calls per tile were a visible part
        # of every key press.
        rows = self.model.hits()
        if not rows:
            # No results: hide the grid, not each tile. Showing and hiding twenty tiles one by one
            # was most of the cost of the next key press.
            if not self.isHidden():
                self.setVisible(False)
            return
        # A tile that already shows a procedure keeps showing it, wherever it moves: typing one more
        # letter mostly reorders the same results, and unchanged words need no measuring.
        by_slug = {t.slug: t for t in self.tiles if not t.isHidden() and t.slug}
        wanted = {hit.slug for hit in rows}
        spare = [t for t in self.tiles if t.isHidden() or t.slug not in wanted]
        ordered: list[Tile] = []
        for hit in rows:
            tile = by_slug.pop(hit.slug, None) or (spare.pop(0) if spare else None)
            if tile is None:
                tile = Tile(self)
                tile.clicked.connect(lambda _=False, t=tile: self.activated.emit(t.slug))
            ordered.append(tile)
        unused = [t for t in self.tiles if t not in ordered]
        self.tiles = ordered + unused
        for hit, tile in zip(rows, ordered):
            tile.fill(hit.slug, hit.title, one_line(hit.summary), hit.icon, hit.language)
            if tile.isHidden():
                tile.setVisible(True)
        for tile in unused:
            if not tile.isHidden():
                tile.setVisible(False)
        self._rows_cache.clear()
        self._arrange(self.width())
        if self.isHidden():
            self.setVisible(True)
        self.updateGeometry()

    def columns_for(self, width: int) -> int:
        return max(1, min(self.max_columns, (width + self.SPACING) // (self.min_tile_width + self.SPACING)))

    def _fit_tiles(self, col_w: int) -> bool:
        """Compact (or not) every shown tile for this column width; True when one changed."""
        changed = False
        for tile in self._placed():
            before = (tile.icon.isHidden(), tile._min_letters)
            tile.set_compact(col_w < 340, col_w < VERY_NARROW_PX)
            changed |= before != (tile.icon.isHidden(), tile._min_letters)
        return changed

    def _rows(self, width: int):
        """[(tiles, row height)] for this width, and the column width. Measuring another width sets the
        tiles compact for that width; the rows remembered for this one are good only if they still are."""
        cols = self.columns_for(width)
        col_w = max(1, (width - self.SPACING * (cols - 1)) // cols)
        if self._fit_tiles(col_w):
            self._rows_cache.clear()  # words changed (icon, hyphens): every remembered height is stale
        if width in self._rows_cache:
            return self._rows_cache[width]
        shown = self._placed()
        rows = []
        for i in range(0, len(shown), cols):
            chunk = shown[i:i + cols]
            rows.append((chunk, max(t.heightForWidth(col_w) for t in chunk)))
        self._rows_cache[width] = (rows, col_w)
        return rows, col_w

    def _arrange(self, width: int) -> None:
        if width <= 0:
            return
        rows, col_w = self._rows(width)
        y = 0
        for chunk, height in rows:
            for c, tile in enumerate(chunk):
                tile.setGeometry(c * (col_w + self.SPACING), y, col_w, height)
            y += height + self.SPACING

    def heightForWidth(self, width: int) -> int:
        rows, _ = self._rows(width)
        return max(0, sum(h for _, h in rows) + self.SPACING * (len(rows) - 1))

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        w = self.width() if self.width() > 0 else self.min_tile_width
        return QSize(self.min_tile_width, self.heightForWidth(w))

    def minimumSizeHint(self) -> QSize:
        # Narrow enough for the results beside the keyboard at 800 x 480: tiles below 340 px are
        # compact (no icon, long words hyphenated), so their words wrap inside the tile rather than
        # the tile being cut off at the edge of the view.
        return QSize(min(self.min_tile_width, 120), 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def request_arrange(self) -> None:
        self._rows_cache.clear()
        self._arrange_timer.start()

    def _rearrange(self) -> None:
        for tile in self.tiles:
            tile.forget_sizes()
        self._rows_cache.clear()
        self._arrange(self.width())
        self.updateGeometry()

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.request_arrange()
        return super().event(event)

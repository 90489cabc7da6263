"""Search: the app's own keyboard, results at every key, and an empty state that offers the body map.

The store's search does the forgiving part (typos, lay words, accents); this screen only asks it on
every change of the field and hands the hits to the model.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.app import as_app
from kiosk.core.hyphenate import breakable
from kiosk.ui.models import HandoutListModel
from kiosk.ui.patient.chrome import Header
from kiosk.ui.patient.home import procedures
from kiosk.ui.patient.session import PatientSession
from kiosk.ui.patient.strings import tr
from kiosk.ui.widgets.buttons import WrapButton
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.scroll import TouchScrollArea
from kiosk.ui.widgets.tiles import TileGrid


NARROW_RESULTS = 420  # px: below this, a long word at the largest text size may not fit a line
MAX_RESULTS = 12  # more than a patient reads through; every result shown costs time at every key


class SearchScreen(QWidget):
    open_procedure = Signal(str)
    back_requested = Signal()
    home_requested = Signal()
    bodymap_requested = Signal()
    results_updated = Signal(int)

    def __init__(self, app, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.app = as_app(app)
        self.session = session
        self._suggested: tuple = (None, [])
        self._narrow = False  # a results column too narrow for a long word at the largest size
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        self.header = Header(session, back=True, home=True)
        self.header.back_button.clicked.connect(self.back_requested)
        self.header.home_button.clicked.connect(self.home_requested)
        col.addWidget(self.header)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setContentsMargins(24, 20, 24, 20)
        self.body.setSpacing(24)
        col.addLayout(self.body, 1)

        self.entry = QWidget()
        ecol = QVBoxLayout(self.entry)
        ecol.setContentsMargins(0, 0, 0, 0)
        ecol.setSpacing(16)
        self.field = QLineEdit()
        self.field.setProperty("role", "search")
        self.field.setClearButtonEnabled(False)
        # No desktop right-click menu (Undo, Cut, Paste... in Qt's own language, which Escape cannot
        # close on a kiosk that swallows Escape): the keyboard below is the only way to edit.
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.setMinimumHeight(72)
        self.field.textChanged.connect(self.update_results)
        ecol.addWidget(self.field)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.set_target(self.field)
        ecol.addWidget(self.keyboard, 1)

        self.results_area = TouchScrollArea()
        rcol = QVBoxLayout(self.results_area.content)
        rcol.setContentsMargins(0, 0, 12, 0)
        rcol.setSpacing(16)
        self.count = QLabel()
        self.count.setProperty("role", "count")
        self.count.setWordWrap(True)
        rcol.addWidget(self.count)
        self.model = HandoutListModel(parent=self)
        self.results = TileGrid(self.model, min_tile_width=420, max_columns=2)
        self.results.activated.connect(self.open_procedure)
        rcol.addWidget(self.results)
        self.empty = QFrame()
        self.empty.setProperty("role", "empty")
        ecol2 = QVBoxLayout(self.empty)
        ecol2.setContentsMargins(28, 24, 28, 28)
        ecol2.setSpacing(16)
        self.empty_title = QLabel()
        self.empty_title.setProperty("role", "heading")
        self.empty_title.setWordWrap(True)
        self.empty_title.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.bodymap_button = WrapButton("action")
        self.bodymap_label = self.bodymap_button.add_label("", "action_label")
        self.bodymap_button.clicked.connect(self.bodymap_requested)
        ecol2.addWidget(self.empty_title)
        ecol2.addWidget(self.empty_hint)
        ecol2.addWidget(self.bodymap_button, 0, Qt.AlignmentFlag.AlignLeft)
        rcol.addWidget(self.empty)
        rcol.addStretch(1)
        self.body.addWidget(self.entry, 5)
        self.body.addWidget(self.results_area, 4)
        self.results_area.viewport().installEventFilter(self)
        session.language_changed.connect(self.retranslate)
        self.retranslate(session.language)

    def query(self) -> str:
        return self.field.text()

    def suggestions(self) -> list:
        """Before the first key: the clinic's procedures, A to Z, to tap without typing. Cached until
        the language or the library changes (reading every published handout is not free)."""
        key = (self.session.language, self.app.stamp())
        if self._suggested[0] != key:
            self._suggested = (key, procedures(self.app, self.session.language)[:MAX_RESULTS])
        return self._suggested[1]

    def update_results(self, *_) -> None:
        lang = self.session.language
        text = self.field.text().strip()
        hits = self.app.handouts.search(text, lang, limit=MAX_RESULTS) if text else self.suggestions()
        self.model.set_hits(hits)
        if not text:
            self.count.setText(self._words(tr("search_hint", lang)))
        elif hits:
            found = tr("found_one", lang) if len(hits) == 1 else tr("found_many", lang, n=len(hits))
            self.count.setText(self._words(found))
        else:
            self.count.setText("")
            self.empty_title.setText(self._words(tr("no_results", lang, query=text)))
        self.count.setVisible(bool(self.count.text()))
        self.empty.setVisible(bool(text) and not hits)
        self.results_updated.emit(len(hits) if text else 0)

    def retranslate(self, lang: str) -> None:
        self.field.setPlaceholderText(tr("search_placeholder", lang))
        self.field.setAccessibleName(tr("search", lang))
        self.field.setAccessibleDescription(tr("search_placeholder", lang))
        self.results_area.setAccessibleName(tr("search_results", lang))
        self.keyboard.set_labels(tr("key_space", lang), tr("key_delete", lang), tr("key_clear", lang))
        self.keyboard.set_extra_keys("ñ" if lang == "es" else "")
        self.empty_hint.setText(self._words(tr("no_results_hint", lang)))
        self.bodymap_label.setText(self._words(tr("use_bodymap", lang)))
        self.bodymap_button.setAccessibleName(tr("use_bodymap", lang))
        self.update_results()

    def _words(self, text: str) -> str:
        """In a narrow results column, long words may break with a hyphen (see kiosk.core.hyphenate)."""
        return breakable(text, self.session.language) if self._narrow else text

    def eventFilter(self, obj, event) -> bool:
        if obj is self.results_area.viewport() and event.type() == QEvent.Type.Resize:
            narrow = event.size().width() < NARROW_RESULTS
            if narrow != self._narrow:
                self._narrow = narrow
                self.retranslate(self.session.language)
        return False

    def reset(self) -> None:
        self.field.clear()
        self.results_area.scroll_to_top()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.field.setFocus()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        size = event.size()
        narrow = size.height() > size.width()  # portrait: results above the keyboard
        short = not narrow and size.height() < 520  # 800 x 480: every pixel of width to the results
        self.keyboard.set_short(short)
        self.body.setContentsMargins(*((12, 12, 12, 12) if short else (24, 20, 24, 20)))
        self.body.setSpacing(12 if short else 24)
        direction = QBoxLayout.Direction.BottomToTop if narrow else QBoxLayout.Direction.LeftToRight
        if self.body.direction() != direction:
            self.body.setDirection(direction)
        # a short landscape window gives the results what the keyboard's minimum width leaves over
        self.body.setStretch(0, 0 if narrow else (1 if size.width() < 1100 else 5))
        self.body.setStretch(1, 1 if narrow else (1 if size.width() < 1100 else 4))

"""The procedure reader: the handout's sections as large cards, a section index along the side,
one-finger kinetic scrolling, Back and Home always visible, and Listen (read the current section
aloud, highlighting the paragraph and, where the engine tells us, the word being read).

Patients never see a handout's review status here.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScroller, QSizePolicy, QVBoxLayout, QWidget

from kiosk.app import as_app
from kiosk.content import drawings
from kiosk.core.model import SECTION_KEYS, SECTION_TITLES
from kiosk.ui import theme
from kiosk.ui.patient.chrome import Header
from kiosk.ui.patient.content import blocks
from kiosk.ui.patient.session import PatientSession
from kiosk.ui.patient.speech import Speaker
from kiosk.ui.patient.strings import tr
from kiosk.ui.widgets.buttons import TouchButton, WrapButton, set_prop
from kiosk.ui.widgets.drawing import DrawingView, PictogramView
from kiosk.ui.widgets.scroll import TouchScrollArea


DRAWING_CARDS = ("what_it_is", "during")  # the cards that show the procedure's drawing
TITLE_PICTOGRAMS = {"call_clinic": "call_clinic", "emergency": "call_911"}  # card -> pictogram beside its title
CHECKLIST_CARD = "after"  # the card that ends with the do and don't lines and their pictograms


def dress(card: "SectionCard", h, picture) -> DrawingView | None:
    """What a card shows besides its text, the same in the reader and the admin's patient preview: the drawing
    (PICTURE, on the What it is and What happens cards), the call pictograms beside the call cards' titles, and
    the do and don't lines with their pictograms on the After card. Returns the drawing's view, if any."""
    view = None
    if picture is not None and card.key in DRAWING_CARDS and (picture.own or picture.path.is_file()):
        view = card.add_drawing(picture, h.language)
    if card.key in TITLE_PICTOGRAMS:
        card.add_title_pictogram(drawings.pictogram(TITLE_PICTOGRAMS[card.key]), h.language)
    if card.key == CHECKLIST_CARD:
        card.add_checklists((("do", h.do), ("dont", h.dont)), h.language)
    return view


class SectionCard(QFrame):
    def __init__(self, key: str, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setProperty("role", "card")
        if key == "emergency":
            self.setProperty("kind", "emergency")
        col = QVBoxLayout(self)
        col.setContentsMargins(28, 22, 28, 26)
        col.setSpacing(10)
        self.title = QLabel(title)
        self.title.setProperty("role", "card_title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.title)
        self.labels: list[QLabel] = []
        self.texts: list[str] = []
        for block in blocks(text):
            label = QLabel(block.text)
            label.setProperty("role", "body")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            # words at the top of their box, level with their bullet, however tall the layout made it
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if block.kind == "item":
                row = QHBoxLayout()
                row.setSpacing(4)
                bullet = QLabel("•")
                bullet.setProperty("role", "bullet")
                row.addWidget(bullet, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(label, 1)
                col.addLayout(row)
            else:
                col.addWidget(label)
            self.labels.append(label)
            self.texts.append(block.text)
        self.drawing: DrawingView | None = None
        self.pictograms: list[PictogramView] = []
        self._col = col

    def add_drawing(self, picture, language: str) -> DrawingView:
        """The procedure's drawing under the text, with a line saying a tap enlarges it."""
        self.drawing = DrawingView(picture, language, parent=self)
        hint = QLabel(tr("drawing_hint", language))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self._col.addWidget(self.drawing)
        self._col.addWidget(hint)
        return self.drawing

    def add_title_pictogram(self, picture, language: str) -> None:
        """A pictogram (call the clinic, call 911) at the left of the card's title, as on the sheet's boxes."""
        if picture is None or not picture.path.is_file():
            return
        icon = PictogramView(picture, language, self, lines=1.5)  # the title's width stays for its words
        self.pictograms.append(icon)
        self._col.removeWidget(self.title)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.title, 1)
        self._col.insertLayout(0, row)

    def add_checklists(self, lists: tuple[tuple[str, tuple[str, ...]], ...], language: str) -> None:
        """The handout's do and don't lines under the text, each with its pictogram at the left when one fits
        (kiosk.content.drawings.pictogram_for: the same choice the sheet makes). Listen reads each line."""
        for key, entries in lists:
            entries = tuple(e for e in entries if e.strip())
            if not entries:
                continue
            head = QLabel(tr(f"list_{key}", language))
            head.setProperty("role", "list_title")
            head.setWordWrap(True)
            self._col.addWidget(head)
            for entry in entries:
                label = QLabel(entry)
                label.setProperty("role", "body")
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # level with its mark
                row = QHBoxLayout()
                row.setSpacing(8)
                picture = drawings.pictogram_for(entry, key, language)
                if picture is not None and picture.path.is_file():
                    icon = PictogramView(picture, language, self)
                    self.pictograms.append(icon)
                    row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
                else:  # a bullet in a pictogram-wide column: every line's text starts at one edge
                    bullet = QLabel("•")
                    bullet.setProperty("role", "bullet")
                    bullet.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                    bullet.setFixedWidth(PictogramView.side())
                    row.addWidget(bullet, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(label, 1)
                self._col.addLayout(row)
                self.labels.append(label)
                self.texts.append(entry)

    def spoken(self) -> list[str]:
        """What Listen reads: the title, each block, then what the drawing shows."""
        alt = [] if self.drawing is None else [tr("drawing_spoken", self.drawing.language, alt=self.drawing.alt_text())]
        return [self.title.text() + "."] + self.texts + alt

    def highlight(self, index: int, word: tuple[int, int] | None = None) -> None:
        """Mark block `index` as being read (-1: none); `word` is (start, length) inside it."""
        for i, label in enumerate(self.labels):
            set_prop(label, "reading", "true" if i == index else "false")
            text = self.texts[i]
            if i == index and word is not None:
                start, length = word
                c = theme.theme_colors(theme.current()[0])
                marked = (html.escape(text[:start]) +
                          f'<span style="background-color:{c["word_bg"]}; color:{c["on_word"]}">'
                          f"{html.escape(text[start:start + length])}</span>" + html.escape(text[start + length:]))
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setText(marked)
            elif label.textFormat() != Qt.TextFormat.PlainText:
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setText(text)


class ReaderScreen(QWidget):
    back_requested = Signal()
    home_requested = Signal()
    section_changed = Signal(str)

    def __init__(self, app, session: PatientSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.app = as_app(app)
        self.session = session
        self.slug = ""
        self.handout = None
        self.current_key = ""
        self.cards: list[SectionCard] = []
        self.index_buttons: dict[str, WrapButton] = {}
        self._reading_card: SectionCard | None = None
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        self.header = Header(session, back=True, home=True)
        self.header.back_button.clicked.connect(self.back_requested)
        self.header.home_button.clicked.connect(self.home_requested)
        col.addWidget(self.header)
        body = QHBoxLayout()
        body.setContentsMargins(24, 20, 24, 20)
        body.setSpacing(24)
        col.addLayout(body, 1)

        self.index_area = TouchScrollArea()
        icol = QVBoxLayout(self.index_area.content)
        icol.setContentsMargins(0, 0, 12, 0)
        icol.setSpacing(12)
        self.index_title = QLabel()
        self.index_title.setProperty("role", "heading")
        self.index_title.setWordWrap(True)
        icol.addWidget(self.index_title)
        self.index_box = QVBoxLayout()
        self.index_box.setSpacing(12)
        icol.addLayout(self.index_box)
        icol.addStretch(1)
        body.addWidget(self.index_area, 0)

        right = QVBoxLayout()
        right.setSpacing(16)
        listen_row = QHBoxLayout()
        listen_row.setSpacing(16)
        self.listen_button = TouchButton(role="primary", icon="speaker")
        self.listen_button.clicked.connect(self.toggle_listen)
        listen_row.addWidget(self.listen_button)
        listen_row.addStretch(1)
        self.listen_row = QWidget()
        self.listen_row.setLayout(listen_row)
        listen_row.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.listen_row)
        self.cards_area = TouchScrollArea()
        self.cards_col = QVBoxLayout(self.cards_area.content)
        self.cards_col.setContentsMargins(0, 0, 16, 24)
        self.cards_col.setSpacing(24)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.cards_col.addWidget(self.title)
        self.duration = QLabel()
        self.duration.setProperty("role", "muted")
        self.duration.setWordWrap(True)
        self.cards_col.addWidget(self.duration)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.hide()
        self.cards_col.addWidget(self.note)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(24)
        self.cards_col.addLayout(self.cards_box)
        self.cards_col.addStretch(1)
        right.addWidget(self.cards_area, 1)
        body.addLayout(right, 1)
        self.cards_area.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        # The patient's place: the section at the top of the view and how far into it ("" = the page's
        # top, with the title). Kept through every change that moves the words (text size, colours,
        # language, a turn to portrait): see _content_moved.
        self._anchor: tuple[str, float] = ("", 0.0)
        self._holding = False
        self._hold_timer = QTimer(self, singleShot=True, interval=0, timeout=self._restore_place)
        self.cards_area.content.installEventFilter(self)

        self.enlarged = EnlargedDrawing(self)
        self.enlarged.back_button.clicked.connect(self.close_drawing)
        self.enlarged.closed.connect(self.close_drawing)
        self.enlarged.hide()

        self.speaker = Speaker(self)
        self._warm_timer = QTimer(self, singleShot=True, interval=1500)
        self._warm_timer.timeout.connect(self.speaker.warm)
        self.speaker.status_changed.connect(self._speech_status)
        self.speaker.block_started.connect(self._block_started)
        self.speaker.word_spoken.connect(self._word_spoken)
        self.speaker.finished.connect(self._speech_finished)
        self.listen_row.setVisible(self.speaker.available())
        session.language_changed.connect(self._language_changed)
        self.retranslate(session.language)

    # ---- content -------------------------------------------------------------------------------------
    def load(self, slug: str, section: str = "") -> bool:
        """Show a procedure in the patient's language (English when it has no translation yet)."""
        lang = self.session.language
        version = self.app.handouts.get_published(slug, lang)
        english_only = False
        if version is None and lang != "en":
            version = self.app.handouts.get_published(slug, "en")
            english_only = version is not None
        if version is None:
            return False
        self.speaker.stop()
        self.slug = slug
        self.handout = version.handout
        h = self.handout
        self.title.setText(h.title)
        self.cards_area.setAccessibleName(h.title)
        self.duration.setText(tr("duration", lang, duration=h.duration) if h.duration else "")
        self.duration.setVisible(bool(h.duration))
        self.note.setText(tr("english_only", lang))
        self.note.setVisible(english_only)
        self._clear_cards()
        titles = SECTION_TITLES.get(h.language, SECTION_TITLES["en"])
        picture = drawings.of_handout(h)  # the admin's own drawing when the handout has one
        self.close_drawing()
        for key in SECTION_KEYS:
            text = h.section(key)
            if not text.strip():
                continue
            card = SectionCard(key, titles[key], text)
            view = dress(card, h, picture)
            if view is not None:
                view.tapped.connect(lambda p=picture, lang=h.language: self.open_drawing(p, lang))
            self.cards_box.addWidget(card)
            self.cards.append(card)
            button = WrapButton("index")
            button.add_label(titles[key], "index_label")
            button.setAccessibleName(titles[key])
            button.clicked.connect(lambda _=False, k=key: self.go_to_section(k))
            self.index_box.addWidget(button)
            self.index_buttons[key] = button
        for widget in (*self.cards, *self.index_buttons.values()):
            widget.show()  # now, not on Qt's deferred show: the page is complete when load() returns
        self.current_key = ""
        self.index_area.scroll_to_top()
        self.cards_area.scroll_to_top()
        self._set_current(section if section in self.index_buttons else (self.cards[0].key if self.cards else ""))
        self._anchor = (section, 0.0) if section in self.index_buttons else ("", 0.0)
        if section in self.index_buttons:
            self.go_to_section(section, animate=False)
        if self.speaker.available():
            self._warm_timer.start()  # start the voice once the patient has been reading a moment
        QTimer.singleShot(0, self, self._fit_index)
        return True

    def _clear_cards(self) -> None:
        self.cards_area.stop()
        for card in self.cards:
            self.cards_box.removeWidget(card)
            card.deleteLater()
        for button in self.index_buttons.values():
            self.index_box.removeWidget(button)
            button.deleteLater()
        self.cards, self.index_buttons, self._reading_card = [], {}, None

    def card(self, key: str) -> SectionCard | None:
        return next((c for c in self.cards if c.key == key), None)

    def go_to_section(self, key: str, animate: bool = True) -> None:
        card = self.card(key)
        if card is None:
            return
        if self.speaker.status in ("speaking", "starting") and key != self.current_key:
            self.speaker.stop()
        self._set_current(key)
        self._anchor = (key, 0.0)
        self._jumping = True
        self.cards_area.scroll_to_widget(card, animate=animate)
        self._jumping = False

    def _set_current(self, key: str) -> None:
        if key == self.current_key:
            return
        self.current_key = key
        for k, button in self.index_buttons.items():
            button.set_current(k == key)
        if key in self.index_buttons:
            self.index_area.ensureWidgetVisible(self.index_buttons[key], 0, 24)
        self.section_changed.emit(key)

    def _follow_scroll(self, value: int) -> None:
        """The current section is the last card whose top has reached the top third of the view."""
        if self._holding:
            return  # the words are moving under a still scroll bar: not the patient scrolling
        if not getattr(self, "_jumping", False) and not self.cards_area.animating():
            self._anchor = self._place(value)
        if not self.cards or getattr(self, "_jumping", False) or self.speaker.status == "speaking":
            return
        if self.cards_area.animating():
            return  # gliding to a chosen section: it is already current
        line = value + self.cards_area.viewport().height() // 3
        current = self.cards[0].key
        for card in self.cards:
            if card.y() <= line:
                current = card.key
        self._set_current(current)

    # ---- keeping the patient's place ---------------------------------------------------------------------
    def _place(self, value: int) -> tuple[str, float]:
        """(section key, fraction of that card above the view's top) for a scroll position; ("", px)
        while the view's top is still above the first card (the title and duration)."""
        if not self.cards or value < self.cards[0].y():
            return ("", float(max(0, value)))
        card = [c for c in self.cards if c.y() <= value][-1]
        return (card.key, min(1.0, (value - card.y()) / max(1, card.height())))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.cards_area.content and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._content_moved()
        return False

    def _content_moved(self) -> None:
        """The page was measured again (new text size, theme, language, width): the same pixel offset
        is now another place. Hold the scroll bar's reports until the page is placed again."""
        if not self.cards or self.cards_area.scroller.state() == QScroller.State.Dragging:
            return
        self._holding = True
        self._hold_timer.start()

    def _restore_place(self) -> None:
        """Scroll back to the anchor: the same section at the top (the title, when it was in view),
        the same way into it; the index keeps showing the section the patient was in."""
        self._holding = False
        if not self.cards or self.cards_area.animating():
            return  # a glide aims at its section wherever that is now
        key, offset = self._anchor
        card = self.card(key)
        if card is None:
            target = min(int(offset), self.cards[0].y())
        else:
            target = card.y() + round(offset * card.height())
        bar = self.cards_area.verticalScrollBar()
        self._holding = True
        bar.setValue(max(0, min(target, bar.maximum())))
        self._holding = False
        self.index_area.ensureWidgetVisible(self.index_buttons[self.current_key], 0, 24) \
            if self.current_key in self.index_buttons else None

    def place(self) -> tuple[str, float]:
        """The patient's place (for tests): see _place."""
        return self._anchor

    # ---- reading aloud -------------------------------------------------------------------------------
    def toggle_listen(self) -> None:
        if self.speaker.status in ("speaking", "starting"):
            self.speaker.stop()
            return
        card = self.card(self.current_key)
        if card is None or not card.texts:
            return
        self._reading_card = card
        self.speaker.speak(card.spoken(), self.handout.language if self.handout else "en")

    def _block_started(self, index: int) -> None:
        card = self._reading_card
        if card is None:
            return
        card.highlight(index - 1)  # block 0 is the card's title; the last may be the drawing's alt text
        if 1 <= index <= len(card.labels):
            self.cards_area.ensureWidgetVisible(card.labels[index - 1], 0, 80)

    def _word_spoken(self, index: int, start: int, length: int) -> None:
        card = self._reading_card
        if card is not None and index >= 1:
            card.highlight(index - 1, (start, length))

    def _speech_finished(self) -> None:
        if self._reading_card is not None:
            self._reading_card.highlight(-1)
        self._reading_card = None
        self._speech_status(self.speaker.status)

    def reading_index(self) -> int:
        """Which block of the current card is highlighted (-1: none). For tests and screenshots."""
        card = self._reading_card
        if card is None:
            return -1
        return next((i for i, l in enumerate(card.labels) if l.property("reading") == "true"), -1)

    def _speech_status(self, status: str) -> None:
        lang = self.session.language
        self.listen_row.setVisible(status != "off")
        self.listen_button.setEnabled(status != "broken")
        if status == "broken":
            self.listen_button.setText(tr("speech_broken", lang))
            self.listen_button.set_icon_name("speaker")
        elif status in ("speaking", "starting"):
            self.listen_button.setText(tr("stop", lang) if status == "speaking" else tr("speech_starting", lang))
            self.listen_button.set_icon_name("stop")
        else:
            self.listen_button.setText(tr("listen", lang))
            self.listen_button.set_icon_name("speaker")

    # ---- language, reset -----------------------------------------------------------------------------
    def _language_changed(self, lang: str) -> None:
        self.retranslate(lang)
        if self.slug:
            anchor, current = self._anchor, self.current_key
            self.load(self.slug)
            if self.card(current) is not None:
                self._set_current(current)
            # the same sections exist in every language: the same place, the title still in view if it was
            self._anchor = anchor if anchor[0] == "" or self.card(anchor[0]) is not None else ("", 0.0)
            self._content_moved()

    def retranslate(self, lang: str) -> None:
        self.index_title.setText(tr("sections", lang))
        self.index_area.setAccessibleName(tr("sections", lang))
        self._speech_status(self.speaker.status)

    # ---- the drawing, enlarged ------------------------------------------------------------------------------
    def open_drawing(self, picture, language: str) -> None:
        """The drawing over the whole screen, with Back to return to the cards (keyboard focus on Back; Escape
        returns too, and focus goes back to the drawing that was opened)."""
        self._opened_from = self.focusWidget()
        self.enlarged.show_picture(picture, language, tr("back", self.session.language))
        self.enlarged.setGeometry(self.rect())
        self.enlarged.show()
        self.enlarged.raise_()
        self.enlarged.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_drawing(self) -> None:
        was_open = self.enlarged.isVisible()
        self.enlarged.hide()
        opened_from = getattr(self, "_opened_from", None)
        self._opened_from = None
        if was_open and opened_from is not None and self.isVisible():
            try:
                opened_from.setFocus(Qt.FocusReason.OtherFocusReason)
            except RuntimeError:  # the card was rebuilt meanwhile
                pass

    def reset(self) -> None:
        self.close_drawing()
        self.speaker.stop()
        self._clear_cards()
        self.slug, self.handout, self.current_key = "", None, ""
        self.title.clear()
        self.index_area.scroll_to_top()
        self.cards_area.scroll_to_top()

    def hideEvent(self, event) -> None:
        self._warm_timer.stop()
        self.speaker.stop()  # leaving the screen always stops reading aloud
        # Nobody can come back to a hidden reader without opening a procedure again (which rebuilds
        # the cards); dropping them keeps theme changes on the other screens quick.
        self._clear_cards()
        self.close_drawing()
        self.slug, self.handout, self.current_key = "", None, ""
        super().hideEvent(event)

    def _fit_index(self) -> None:
        """About a quarter of the width, never narrower than its longest word needs."""
        need = self.index_area.content.minimumSizeHint().width() + self.index_area.verticalScrollBar().sizeHint().width()
        self.index_area.setFixedWidth(max(need, min(400, int(self.width() * 0.27))))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.enlarged.setGeometry(self.rect())
        self._fit_index()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.StyleChange:
            QTimer.singleShot(0, self, self._fit_index)


class EnlargedDrawing(QFrame):
    """A procedure's drawing as large as the screen allows, above the reader, with a Back button. A tap on the
    drawing, Back, or Escape emits `closed`."""

    closed = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 16, 24, 24)
        col.setSpacing(16)
        top = QHBoxLayout()
        self.back_button = TouchButton(role="", icon="back")
        top.addWidget(self.back_button)
        top.addStretch(1)
        col.addLayout(top)
        self.box = QVBoxLayout()
        col.addLayout(self.box, 1)
        self.view: DrawingView | None = None

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Back):
            self.closed.emit()
            return
        super().keyPressEvent(event)

    def show_picture(self, picture, language: str, back_text: str) -> None:
        self.back_button.setText(back_text)
        if self.view is not None:
            self.box.removeWidget(self.view)
            self.view.deleteLater()
        self.view = DrawingView(picture, language, max_width=1600, parent=self, centred=True)
        self.view.tapped.connect(self.closed)
        self.box.addWidget(self.view, 1)

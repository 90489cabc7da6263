"""The bar along the top of every patient screen, and the "Text size" panel it opens.

The header shows, as each screen asks: the clinic logo (press and hold 3 s for staff) and name, Back,
Home, Search, and always the language switch and the Text size button.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.ui.patient.session import PatientSession
from kiosk.ui.patient.strings import tr
from kiosk.ui.widgets.buttons import HoldLogo, TouchButton
from kiosk.ui.widgets.overlay import Overlay


class Header(QFrame):
    display_requested = Signal()
    done_requested = Signal()  # "I'm done": start over for the next patient at once

    def __init__(self, session: PatientSession, *, logo: bool = False, back: bool = False,
                 home: bool = False, search: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setProperty("role", "header")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(20, 10, 20, 10)
        self.row.setSpacing(16)
        self.logo = self.clinic = self.back_button = self.home_button = self.search_button = None
        if logo:
            self.logo = HoldLogo(64)
            self.row.addWidget(self.logo)
            self.clinic = QLabel()
            self.clinic.setProperty("role", "clinic")
            self.clinic.setWordWrap(True)
            self.clinic.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.row.addWidget(self.clinic, 1)
        if back:
            self.back_button = TouchButton(role="", icon="back")
            self.row.addWidget(self.back_button)
        if home:
            self.home_button = TouchButton(role="", icon="home")
            self.row.addWidget(self.home_button)
        if not logo:
            self.row.addStretch(1)
        self.right = QHBoxLayout()
        self.right.setSpacing(16)
        self.row.addLayout(self.right)
        if search:
            self.search_button = TouchButton(role="", icon="search")
            self.right.addWidget(self.search_button)
        self.language_button = TouchButton(role="", icon="globe")
        self.language_button.clicked.connect(self._toggle_language)
        self.display_button = TouchButton(role="", icon="textsize")
        self.display_button.clicked.connect(self.display_requested)
        self.done_button = TouchButton(role="", icon="check")
        self.done_button.clicked.connect(self.done_requested)
        self.right.addWidget(self.language_button)
        self.right.addWidget(self.display_button)
        self.right.addWidget(self.done_button)
        self._texts: dict[TouchButton, str] = {}
        self._icon_only = False
        session.language_changed.connect(self.retranslate)
        self.retranslate(session.language)

    def _buttons(self) -> list[TouchButton]:
        return [b for b in (self.back_button, self.home_button, self.search_button,
                            self.language_button, self.display_button, self.done_button) if b is not None]

    def _full_width(self) -> int:
        """The width the header needs with words on its buttons."""
        m = self.row.contentsMargins()
        items = [w for w in (self.logo,) if w is not None]
        width = m.left() + m.right() + sum(w.sizeHint().width() for w in items)
        for b in self._buttons():
            text = self._texts.get(b, "")
            width += b.sizeHint().width()
            if b.text() != text:  # shown as an icon only just now: add the words back
                width += b.fontMetrics().horizontalAdvance(text) + 8
        if self.clinic is not None:  # room for the clinic name: its own width, wrapping beyond 240 px
            width += min(240, self.clinic.fontMetrics().horizontalAdvance(self.clinic.text()) + 4)
        count = len(items) + len(self._buttons()) + (1 if self.clinic is not None else 0)
        return width + self.row.spacing() * max(0, count - 1)

    def _apply_mode(self) -> None:
        icon_only = self.width() > 0 and self.width() < self._full_width()
        self._icon_only = icon_only
        for b in self._buttons():
            text = self._texts.get(b, "")
            b.setText("" if icon_only else text)
            b.setToolTip(text if icon_only else "")
            b.setAccessibleName(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_mode()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self._apply_mode)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self._icon_only:
            m = self.row.contentsMargins()
            hint.setWidth(m.left() + m.right() + 64)
        return hint

    def set_clinic(self, name: str, logo_path: str = "") -> None:
        if self.clinic is not None:
            self.clinic.setText(name)
        if self.logo is not None:
            self.logo.set_logo_path(logo_path)
            if name:
                self.logo.setAccessibleName(name)  # the clinic's name reads the same in every language

    def _toggle_language(self) -> None:
        self.session.switch_language()

    def retranslate(self, lang: str) -> None:
        for button, key in ((self.back_button, "back"), (self.home_button, "home"),
                            (self.search_button, "search"), (self.language_button, "switch_language"),
                            (self.display_button, "display_title"), (self.done_button, "finished")):
            if button is not None:
                self._texts[button] = tr(key, lang)
                button.setText(tr(key, lang))
        self.language_button.setAccessibleName(tr("switch_language", lang))
        self._apply_mode()


class DisplayPanel(Overlay):
    """Text size (three sizes) and colours (standard or high contrast) for this patient."""

    def __init__(self, parent: QWidget, session: PatientSession):
        super().__init__(parent, close_on_outside=True)
        self.max_card_width = 760
        self.card_layout.setContentsMargins(32, 24, 32, 28)
        self.card_layout.setSpacing(20)
        self.session = session
        top = QHBoxLayout()
        top.setSpacing(16)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.done_button = TouchButton(role="primary", icon="check")
        self.done_button.clicked.connect(self.close_overlay)
        top.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignTop)
        self.card_layout.addLayout(top)
        grid = QGridLayout()  # one column: each heading above its buttons
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        self.size_label = QLabel()
        self.size_label.setProperty("role", "heading")
        self.size_label.setWordWrap(True)
        grid.addWidget(self.size_label, 0, 0)
        self.size_buttons: list[TouchButton] = []
        self._sizes = QButtonGroup(self)
        sizes_row = QHBoxLayout()
        sizes_row.setSpacing(16)
        for level in range(3):
            b = TouchButton("A", role="size")
            b.setProperty("level", str(level))
            b.setCheckable(True)
            b.setMinimumSize(96, 80)
            self._sizes.addButton(b, level)
            sizes_row.addWidget(b)
            self.size_buttons.append(b)
        sizes_row.addStretch(1)
        grid.addLayout(sizes_row, 1, 0)
        grid.setRowMinimumHeight(2, 12)
        self._sizes.idClicked.connect(session.set_text_size)
        self.colour_label = QLabel()
        self.colour_label.setProperty("role", "heading")
        self.colour_label.setWordWrap(True)
        grid.addWidget(self.colour_label, 3, 0)
        colours_row = QHBoxLayout()
        colours_row.setSpacing(16)
        self.standard_button = TouchButton(role="choice")
        self.contrast_button = TouchButton(role="choice", icon="contrast")
        self._themes = QButtonGroup(self)
        for i, b in enumerate((self.standard_button, self.contrast_button)):
            b.setCheckable(True)
            self._themes.addButton(b, i)
            colours_row.addWidget(b)
        colours_row.addStretch(1)
        grid.addLayout(colours_row, 4, 0)
        self._themes.idClicked.connect(lambda i: session.set_theme("high_contrast" if i else "default"))
        self.card_layout.addLayout(grid)
        session.language_changed.connect(self.retranslate)
        session.display_changed.connect(self.sync)
        self.retranslate(session.language)
        self.sync()

    def sync(self, *_) -> None:
        self.size_buttons[self.session.text_size].setChecked(True)
        (self.contrast_button if self.session.theme == "high_contrast" else self.standard_button).setChecked(True)

    def retranslate(self, lang: str) -> None:
        self.title.setText(tr("display_title", lang))
        self.size_label.setText(tr("text_size", lang))
        self.colour_label.setText(tr("colours", lang))
        for level, b in enumerate(self.size_buttons):
            b.setAccessibleName(tr(f"size_{level}", lang))
        self.standard_button.setText(tr("standard_colours", lang))
        self.contrast_button.setText(tr("high_contrast", lang))
        self.done_button.setText(tr("done", lang))

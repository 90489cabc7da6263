"""The handout library page: the sortable, filterable list and the panel that starts a new handout."""
from __future__ import annotations

from PySide6.QtCore import Property, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import C_, LANGUAGE_NAMES, _  # LANGUAGE_NAMES: the one table of language names
from kiosk.core.model import LANGUAGES
from kiosk.app import StoreError
from kiosk.ui.admin import drafting
from kiosk.ui.admin.common import AdminContext, button, label, touch_scroll
from kiosk.ui.admin.library_model import FILTERS, AlertRole, LibraryEntry, LibraryFilter, LibraryModel, summarise



class AlertDelegate(QStyledItemDelegate):
    """Draws cells whose AlertRole is true in the view's alertColor (set from 40_admin.qss)."""

    def initStyleOption(self, option, index):
        super().initStyleOption(option, index)
        if index.data(AlertRole):
            color = self.parent().alertColor
            option.palette.setColor(QPalette.ColorRole.Text, color)
            option.palette.setColor(QPalette.ColorRole.HighlightedText, color)
            option.font.setBold(True)


class LibraryTable(QTableView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._alert = QColor("#b3261e")
        self.setItemDelegate(AlertDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.horizontalHeader().sectionResized.connect(
            lambda index, _old, _new: index and self.fit_title())
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        touch_scroll(self)

    def setModel(self, model) -> None:
        super().setModel(model)
        header = self.horizontalHeader()  # per-column modes only stick once the columns exist
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)

    def fit_title(self) -> None:
        """The title takes what the other columns leave (elided when short of room, never under 180 px)."""
        header = self.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(1, header.count()))
        header.resizeSection(0, max(180, self.viewport().width() - others))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_title()

    def _get_alert(self) -> QColor:
        return self._alert

    def _set_alert(self, color: QColor) -> None:
        self._alert = QColor(color)
        self.viewport().update()

    alertColor = Property(QColor, _get_alert, _set_alert)


class StartPanel(QFrame):
    """Inline form for a new handout, a duplicate or a language variant (no modal dialog: touch-friendly)."""

    create = Signal(str, str, str, str)  # mode, slug, language, title

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.mode = "new"
        self.heading = label("", "heading")
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("The procedure's name as a patient would say it"))
        self.slug = QLineEdit()
        self.language = QComboBox()
        self.problem = label("", "error")
        self.ok = button(_("Create"), "primary")
        self.cancel = button(_("Cancel"), "quiet")
        form = QFormLayout()
        form.addRow(_("Title"), self.title)
        form.addRow(_("Short name (slug)"), self.slug)
        form.addRow(_("Language"), self.language)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addLayout(buttons)
        self._slug_edited = False
        self.title.textEdited.connect(self._title_edited)
        self.slug.textEdited.connect(lambda _t: setattr(self, "_slug_edited", True))
        self.ok.clicked.connect(self._create)
        self.title.returnPressed.connect(self._create)
        self.cancel.clicked.connect(self.hide)
        self.hide()

    def start(self, mode: str, heading: str, title: str = "", slug: str = "", languages=("en",),
              slug_locked: bool = False) -> None:
        self.mode = mode
        self.heading.setText(heading)
        self.title.setText(title)
        self.slug.setText(slug or drafting.slugify(title))
        self.slug.setReadOnly(slug_locked)
        self.title.setVisible(mode != "translate")
        self.language.clear()
        for lang in languages:
            self.language.addItem(LANGUAGE_NAMES.get(lang, lang), lang)
        self.problem.clear()
        self._slug_edited = slug_locked
        self.show()
        (self.language if mode == "translate" else self.title).setFocus()

    def _title_edited(self, text: str) -> None:
        if not self._slug_edited:
            self.slug.setText(drafting.slugify(text))

    def _create(self) -> None:
        self.create.emit(self.mode, self.slug.text().strip(), self.language.currentData() or "en",
                         self.title.text().strip())


class LibraryPage(QWidget):
    open_requested = Signal(str, str)  # slug, language

    def __init__(self, ctx: AdminContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search titles and keywords"))
        self.search.setAccessibleName(_("Search titles and keywords"))  # (a placeholder is not a name)
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        for kind in FILTERS:
            self.kind.addItem(_(kind), kind)
        self.table = LibraryTable()
        self.table.setAccessibleName(C_("admin menu", "Handouts"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.empty = label("", "empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.open_btn = button(_("Open"), "primary", _("Open the selected handout in the editor (Enter)"))
        self.new_btn = button(_("New handout"))
        self.dup_btn = button(_("Duplicate"), tip=_("Start a new handout from a copy of the selected one"))
        self.translate_btn = button(_("Add translation"), tip=_("Start a missing language of the selected handout"))
        self.start = StartPanel()

        top = QHBoxLayout()
        top.addWidget(label(_("Handout library"), "heading"), 1)
        top.addWidget(self.search, 2)
        top.addWidget(self.kind)
        actions = QHBoxLayout()
        for b in (self.new_btn, self.dup_btn, self.translate_btn):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.open_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.start)
        lay.addLayout(actions)

        self.search.textChanged.connect(self._filter_changed)
        self.kind.currentTextChanged.connect(self._filter_changed)
        # a double click, a tap-and-hold per style, or Enter on the current row: Qt's "activated"
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.open_btn.clicked.connect(self.open_selected)
        self.new_btn.clicked.connect(self.start_new)
        self.dup_btn.clicked.connect(self.start_duplicate)
        self.translate_btn.clicked.connect(self.start_translation)
        self.start.create.connect(self._create)
        ctx.library_changed.connect(self.refresh)
        self.refresh()

    # ---- data ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected()
        settings = self.ctx.settings()
        self.model.set_entries(summarise(self.ctx.app.handouts.library(), settings), self.ctx.today())
        if selected is not None:
            self.select(selected.slug)
        self._filter_changed()
        self.table.fit_title()

    def _filter_changed(self, *_args):
        self.proxy.set_text(self.search.text())
        self.proxy.set_kind(self.kind.currentData())
        if self.model.rowCount() == 0:
            self.empty.setText(_("The library is empty.\nPress New handout, or import a content pack under "
                               "Packs & backup."))
            self.stack.setCurrentWidget(self.empty)
        elif self.proxy.rowCount() == 0:
            self.empty.setText(_("No handout matches this search and filter."))
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)
        self._update_buttons()

    def selected(self) -> LibraryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entry(self.proxy.mapToSource(rows[0]).row())

    def select(self, slug: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.model.entry(self.proxy.mapToSource(index).row()).slug == slug:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    def visible_entries(self) -> list[LibraryEntry]:
        return [self.model.entry(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.open_btn.setEnabled(entry is not None)
        self.dup_btn.setEnabled(entry is not None)
        self.translate_btn.setEnabled(entry is not None and bool(entry.missing) and "en" in entry.langs)

    # ---- actions -------------------------------------------------------------------------------------
    def open_selected(self, *_args) -> None:
        entry = self.selected()
        if entry is None:
            return
        language = "en" if "en" in entry.langs else next(iter(entry.langs))
        self.open_requested.emit(entry.slug, language)

    def start_new(self) -> None:
        self.start.start("new", _("New handout from scratch"), languages=("en",))

    def start_duplicate(self) -> None:
        entry = self.selected()
        if entry:
            self.start.start("duplicate", _("Duplicate “{title}”").format(title=entry.title), title=f"{entry.title} (copy)",
                             languages=tuple(entry.langs))

    def start_translation(self) -> None:
        entry = self.selected()
        if entry and entry.missing:
            self.start.start("translate", _("Add a translation of “{title}”").format(title=entry.title), slug=entry.slug,
                             languages=entry.missing, slug_locked=True)

    def _create(self, mode: str, slug: str, language: str, title: str) -> None:
        handouts, actor = self.ctx.app.handouts, self.ctx.actor
        taken = {row.slug for row in handouts.library()}
        if mode == "translate":
            problem = "" if language in LANGUAGES else _("'{language}' is not a language the kiosk knows.").format(language=language)
        else:
            problem = drafting.slug_problem(slug, taken) or ("" if title else _("Give the handout a title."))
        if problem:
            self.start.problem.setText(problem)
            return
        entry = self.selected()
        if mode == "new":
            handout = drafting.blank(slug, language, title, actor)
        else:
            source = handouts.latest(entry.slug, "en" if mode == "translate" else language)
            if source is None:
                self.start.problem.setText(_("The handout to start from is no longer there."))
                return
            if mode == "duplicate":
                handout = drafting.duplicate(source.handout, slug, title, actor)
            else:
                handout = drafting.variant(source.handout, language, actor)
        try:
            handouts.save_draft(self.ctx.member, handout, expected=None)
        except StoreError as exc:
            self.start.problem.setText(str(exc))
            return
        self.start.hide()
        self.ctx.notices.ok(_("Started a draft of '{slug}' ({language}).").format(slug=handout.slug, language=handout.language))
        self.ctx.library_changed.emit()
        self.open_requested.emit(handout.slug, handout.language)

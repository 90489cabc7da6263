"""The handout form: every field of a Handout, section by section, with meters and inline lint.

`load()` fills it from a Handout (and, for a translation, the original beside each field); `handout()` reads it
back. It knows nothing about the store: the editor page decides what to do with the text.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, _, current, format_date
from kiosk.core.lint import LintIssue
from kiosk.core.model import REGION_NAMES, REGIONS, SECTION_KEYS, SECTION_TITLES, Handout
from kiosk.ui.admin.common import label, touch_scroll
from kiosk.ui.admin.editor_drawing import DrawingField
from kiosk.ui.admin.fields import FieldCard, PlainEdit, split_lines

ICONS = ("injection", "spine", "neck", "muscle", "joint", "knee", "hip", "head", "nerve", "needle")
SECTION_HINTS = {
    "prepare": N_("Write each step as a '- ' line."),
    "call_clinic": N_("Write each warning sign as a '- ' line."),
    "emergency": N_("Write each warning sign as a '- ' line."),
}


class HandoutForm(QScrollArea):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        touch_scroll(self)
        body = QWidget()
        body.setProperty("role", "form")
        self.setWidget(body)
        lay = QVBoxLayout(body)
        self._handout: Handout | None = None
        self._loading = False
        self.cards: dict[str, FieldCard] = {}

        self.title = QLineEdit()
        self.duration = QLineEdit()
        self.duration.setPlaceholderText(_("for example: 15 to 20 minutes"))
        self.icon = QComboBox()
        self.icon.addItems(ICONS)
        self.diagnostic = QCheckBox(_("Diagnostic block (the printed sheet adds a pain diary)"))
        self.written_by = QLineEdit()
        self.summary = PlainEdit(3)
        self.sections = {key: PlainEdit(5) for key in SECTION_KEYS}
        self.keywords = PlainEdit(3)
        self.do = PlainEdit(4)
        self.dont = PlainEdit(4)
        self.references = PlainEdit(2)
        self.regions = {r: QCheckBox(REGION_NAMES["en"][r]) for r in REGIONS}
        self.drawing = DrawingField()

        region_box = QWidget()
        grid = QGridLayout(region_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(self.regions.values()):
            grid.addWidget(box, i // 3, i % 3)
        about = QWidget()
        about_lay = QVBoxLayout(about)
        about_lay.setContentsMargins(0, 0, 0, 0)
        for field, name in ((self.duration, _("How long it takes")), (self.icon, _("Icon")),
                            (self.written_by, _("Written by"))):
            field.setAccessibleName(name)  # (the hint above it is only a label)
        for w in (label(_("How long it takes"), "hint"), self.duration, label(_("Icon"), "hint"), self.icon,
                  self.diagnostic, label(_("Body regions"), "hint"), region_box, label(_("Written by"), "hint"),
                  self.written_by):
            about_lay.addWidget(w)

        self._add(lay, "title", _("Title"), self.title)
        self._add(lay, "summary", _("Summary"), self.summary, meter=True)
        self._add(lay, "about", _("About the procedure"), about)
        self._add(lay, "drawing", _("Drawing (on the What it is and What happens cards)"), self.drawing)
        for key in SECTION_KEYS:
            self._add(lay, key, SECTION_TITLES["en"][key], self.sections[key], meter=True,
                      hint=_(SECTION_HINTS[key]) if key in SECTION_HINTS else "")
        self._add(lay, "do", _("Aftercare: do (one per line)"), self.do)
        self._add(lay, "dont", _("Aftercare: don't (one per line)"), self.dont)
        self._add(lay, "keywords", _("Search words (one per line: what a patient might type)"), self.keywords)
        self._add(lay, "references", _("Where the facts come from (one per line)"), self.references)
        self.review_card = self._add(lay, "review_due", _("Clinical review"), label("", "hint"))
        lay.addStretch(1)
        self._body = body

        for w in (self.title, self.duration, self.written_by):
            w.textChanged.connect(self._edited)
        for w in (self.summary, self.keywords, self.do, self.dont, self.references, *self.sections.values()):
            w.textChanged.connect(self._edited)
        self.last_edited = ""  # the section typed in most recently: the patient preview follows it
        for key, w in self.sections.items():
            w.textChanged.connect(lambda k=key: self._section_edited(k))
        for box in (self.diagnostic, *self.regions.values()):
            box.toggled.connect(self._edited)
        self.icon.currentTextChanged.connect(self._edited)
        self.drawing.changed.connect(self._edited)

    def _add(self, lay, key, title, editor, meter=False, hint="") -> FieldCard:
        card = FieldCard(key, title, editor, meter=meter, hint=hint)
        self.cards[key] = card
        lay.addWidget(card)
        return card

    def minimumSizeHint(self) -> QSize:
        """Never narrower than its cards: a splitter must not clip the form sideways."""
        hint = super().minimumSizeHint()
        return QSize(self._body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 4,
                     hint.height())

    def _section_edited(self, key: str) -> None:
        if not self._loading:
            self.last_edited = key

    def _edited(self, *_args):
        if not self._loading:
            self.changed.emit()

    # ---- in and out ----------------------------------------------------------------------------------
    def load(self, h: Handout, original: Handout | None = None) -> None:
        self._loading = True
        self.last_edited = ""
        try:
            self._handout = h
            self.title.setText(h.title)
            self.duration.setText(h.duration)
            self.icon.setCurrentText(h.icon)
            self.diagnostic.setChecked(h.diagnostic)
            self.written_by.setText(h.review.written_by)
            self.summary.set_text(h.summary)
            for key, edit in self.sections.items():
                edit.set_text(h.sections.get(key, ""))
                self.cards[key].title.setText(SECTION_TITLES.get(h.language, SECTION_TITLES["en"])[key])
            self.keywords.set_text("\n".join(h.keywords))
            self.do.set_text("\n".join(h.do))
            self.dont.set_text("\n".join(h.dont))
            self.references.set_text("\n".join(h.references))
            for region, box in self.regions.items():
                box.setChecked(region in h.regions)
            self.drawing.load(h)
            self._show_review(h)
            self._show_original(original)
        finally:
            self._loading = False

    def _show_review(self, h: Handout) -> None:
        r = h.review
        if r.status == "reviewed":
            text = _("Reviewed by {reviewer} on {date}.").format(reviewer=r.reviewed_by,
                                                                 date=format_date(r.review_date, current(), "medium"))
        else:
            text = _("Needs clinical review: no clinician has signed this text off yet.")
        due = format_date(r.review_due, current(), "medium") if r.review_due else _("not set")
        text += _(" Next review due: {date}.").format(date=due)
        self.review_card.editor.setText(text + _(" Sign off in the Review tab."))

    def _show_original(self, original: Handout | None) -> None:
        texts: dict[str, str | None] = {k: None for k in self.cards}
        if original is not None:
            texts.update(title=original.title, summary=original.summary, keywords="\n".join(original.keywords),
                         do="\n".join(original.do), dont="\n".join(original.dont))
            texts["about"] = _("How long it takes: {duration}").format(duration=original.duration)
            for key in SECTION_KEYS:
                texts[key] = original.sections.get(key, "")
        for key, card in self.cards.items():
            if key not in ("review_due", "references", "drawing"):
                card.set_original(texts.get(key))

    def handout(self) -> Handout:
        """The form's current text as a Handout (the review metadata is kept from what was loaded)."""
        h = self._handout
        review = h.review.__class__(self.written_by.text().strip(), h.review.reviewed_by, h.review.review_date,
                                    h.review.review_due)
        return h.with_changes(
            title=self.title.text().strip(),
            summary=self.summary.text().strip(),
            duration=self.duration.text().strip(),
            icon=self.icon.currentText().strip() or "injection",
            diagnostic=self.diagnostic.isChecked(),
            regions=tuple(r for r, box in self.regions.items() if box.isChecked()),
            keywords=split_lines(self.keywords.text()),
            do=split_lines(self.do.text()),
            dont=split_lines(self.dont.text()),
            references=split_lines(self.references.text()),
            sections={k: e.text().strip() for k, e in self.sections.items()},
            review=review,
            drawing=self.drawing.drawing(),
        )

    @property
    def language(self) -> str:
        return self._handout.language if self._handout else "en"

    # ---- live checks ---------------------------------------------------------------------------------
    def update_meters(self, settings, keys=None) -> None:
        for key in keys or ("summary", *SECTION_KEYS):
            text = self.summary.text() if key == "summary" else self.sections[key].text()
            self.cards[key].update_meter(text, self.language, settings)

    def show_lint(self, issues: list[LintIssue]) -> None:
        by_field: dict[str, list[LintIssue]] = {}
        for issue in issues:
            key = issue.field if issue.field in self.cards else "about"
            by_field.setdefault(key, []).append(issue)
        for key, card in self.cards.items():
            card.lint.show_issues(by_field.get(key, []))

    def focus_field(self, key: str) -> None:
        card = self.cards.get(key)
        if card:
            self.verticalScrollBar().setValue(max(0, card.y() - 8))
            card.editor.setFocus()

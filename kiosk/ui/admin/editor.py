"""The handout editor page: the form, live checks and previews, and the actions that change the library.

Save draft keeps the published text live; Publish (after showing the lint) makes a new immutable version;
Retire takes a handout off the kiosk; the History tab compares versions and reverts; the Review tab signs off.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, _, _n, current, format_date
from kiosk.core.lint import lint
from kiosk.core.model import Handout, HandoutVersion
from kiosk.app import ContentRefused, EditConflict, StoreError, revision
from kiosk.ui.admin.common import AdminContext, button, label, leave_ok, set_state
from kiosk.ui.admin.drafting import blocks_publish, title_problem
from kiosk.ui.admin.editor_form import HandoutForm
from kiosk.ui.admin.history import HistoryPanel
from kiosk.ui.admin.library_page import LANGUAGE_NAMES
from kiosk.ui.admin.preview import PatientPreview, SheetPreview
from kiosk.ui.admin.review import ReviewPanel

CHECK_DELAY_MS = 200
PREVIEW_DELAY_MS = 500


class HandoutEditor(QWidget):
    back = Signal()

    def __init__(self, ctx: AdminContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.slug = ""
        self.language = "en"
        self.loaded: HandoutVersion | None = None
        self.issues = []

        self.back_btn = button("← Library", "quiet", _("Back to the handout list"))
        self.heading = label("", "heading")
        self.languages = QComboBox()
        self.state = label("", "status")
        self.checks = label("", "status")
        self.form = HandoutForm()
        self.patient = PatientPreview()
        self.sheet = SheetPreview()
        self.history = HistoryPanel()
        self.review = ReviewPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.patient, _("Patient view"))
        self.tabs.addTab(self.sheet, _("Printed sheet"))
        self.tabs.addTab(self.history, _("History"))
        self.tabs.addTab(self.review, _("Review"))
        self.save_btn = button(_("Save draft"), tip=_("Keep these edits without changing what patients see (Ctrl+S)"))
        self.publish_btn = button(_("Publish…"), "primary", _("Make this text the live version (shows the checks first)"))
        self.retire_btn = button(_("Retire…"), "danger", _("Take this handout off the kiosk (its history is kept)"))

        head = QHBoxLayout()
        head.addWidget(self.back_btn)
        head.addWidget(self.heading, 1)
        head.addWidget(label(_("Language"), "hint"))
        head.addWidget(self.languages)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.form)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        actions = QHBoxLayout()
        actions.addWidget(self.checks, 1)
        actions.addWidget(self.retire_btn)
        actions.addWidget(self.save_btn)
        actions.addWidget(self.publish_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.state)
        lay.addWidget(split, 1)
        lay.addLayout(actions)

        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_checks)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_previews)
        self.form.changed.connect(self._edited)
        self.form.drawing.replace_requested.connect(self.replace_drawing)
        self.back_btn.clicked.connect(self._back)
        self.save_btn.clicked.connect(self.save_draft)
        self.publish_btn.clicked.connect(self.publish)
        self.retire_btn.clicked.connect(self.retire)
        self.history.revert_requested.connect(self.revert)
        self.review.sign_off.connect(self.sign_off)
        self.tabs.currentChanged.connect(lambda _i: self._preview_timer.start(0))
        self.languages.activated.connect(self._language_chosen)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._back)

    # ---- loading -------------------------------------------------------------------------------------
    def open(self, slug: str, language: str) -> bool:
        """Load the latest version (an open draft, else the published text). False when nothing is there."""
        handouts = self.ctx.app.handouts
        latest = handouts.latest(slug, language)
        if latest is None:
            self.ctx.notices.error(_("There is no handout '{slug}' in {language}.").format(
                slug=slug, language=LANGUAGE_NAMES.get(language, language)))
            return False
        self.slug, self.language, self.loaded = slug, language, latest
        original = None
        if language != "en":
            en = handouts.get_published(slug, "en") or handouts.latest(slug, "en")
            original = en.handout if en else None
        self.form.load(latest.handout, original)
        self._fill_languages()
        self._show_state()
        self.history.show_versions(handouts.versions(slug, language))
        self.review.show_for(handouts.get_published(slug, language), self.ctx.today(),
                             self.ctx.settings().physicians)
        self.run_checks()
        self.update_previews()
        return True

    def _fill_languages(self) -> None:
        present = [r.language for r in self.ctx.app.handouts.library() if r.slug == self.slug]
        self.languages.clear()
        for lang in present:
            self.languages.addItem(LANGUAGE_NAMES.get(lang, lang), lang)
        self.languages.setCurrentIndex(max(0, self.languages.findData(self.language)))

    def _language_chosen(self, index: int) -> None:
        lang = self.languages.itemData(index)
        if lang and lang != self.language:
            if self.discard_ok():
                self.open(self.slug, lang)
            else:
                self.languages.setCurrentIndex(self.languages.findData(self.language))

    def _show_state(self) -> None:
        published = self.ctx.app.handouts.get_published(self.slug, self.language)
        status = self.loaded.status
        h = self.loaded.handout
        self.heading.setText(f"{h.title or self.slug} · {LANGUAGE_NAMES.get(self.language, self.language)}")
        if status == "retired":
            text = _("Retired: patients cannot find it. Publishing again brings it back (last v{version}).").format(version=self.loaded.version)
        elif self.loaded.state == "draft":
            live = _("patients see v{version}").format(version=published.version) if published else _("not published yet")
            text = _("Editing draft v{version} ({live}).").format(version=self.loaded.version, live=live)
        else:
            text = _("Editing published v{version}: patients see this text.").format(version=self.loaded.version)
        if self.dirty:
            text += _("  Unsaved changes.")
        self.state.setText(text)
        set_state(self.state, "level", "off" if self.dirty or status == "retired" else "ok")
        self.retire_btn.setEnabled(status != "retired" and published is not None)

    @property
    def dirty(self) -> bool:
        return self.loaded is not None and self.form.handout() != self.loaded.handout

    def current(self) -> Handout:
        return self.form.handout()

    @property
    def expected(self):
        """The revision this edit started from: a save or publish over anyone else's newer one is refused."""
        return revision(self.loaded)

    def _refused(self, exc: StoreError) -> bool:
        """Say why a change was refused; after someone else's change, offer to reload their version."""
        self.ctx.notices.error(str(exc))
        if isinstance(exc, EditConflict) and self.ctx.confirm(
                _("Changed meanwhile"), str(exc), _("Reload shows their version; your unsaved edits here are lost. "
                "Cancel keeps your edits on screen so you can copy them."), _("Reload")):
            self.open(self.slug, self.language)
        return False

    # ---- live checks and previews ---------------------------------------------------------------------
    def _edited(self) -> None:
        self._check_timer.start()
        self._preview_timer.start()
        self._show_state()

    def run_checks(self) -> None:
        settings = self.ctx.settings()
        h = self.current()
        self.form.update_meters(settings)
        self.issues = lint(h, self.ctx.today(), settings.reading_grade_target, settings.spanish_reading_target)
        self.form.show_lint(self.issues)
        drawing_problems = self.ctx.app.handouts.drawing_problems(h)  # the rule `kiosk check` and Publish run
        self.form.drawing.show_problems(drawing_problems)
        blocking = sum(1 for i in self.issues if blocks_publish(i)) + bool(title_problem(h)) + len(drawing_problems)
        count = len(self.issues) + len(drawing_problems)
        if not count:
            text, level = _("Checks: nothing to fix."), "ok"
        else:
            text = _n("Checks: {n} thing to look at", "Checks: {n} things to look at", count).format(n=count)
            text += _n(", {n} stops publishing.", ", {n} stop publishing.", blocking).format(n=blocking) \
                if blocking else "."
            level = "off" if blocking else "warn"
        self.checks.setText(text)
        set_state(self.checks, "level", level)

    def update_previews(self) -> None:
        if self.loaded is None:
            return
        h = self.current()
        self.patient.show_handout(h)
        self.patient.scroll_to(self.form.last_edited)  # follow the section being edited
        self.history.set_edits(h if h != self.loaded.handout else None)
        if self.tabs.currentWidget() is self.sheet:
            self.sheet.show_sheet(h, self.loaded.version, self.ctx.settings(), self.ctx.today())

    # ---- actions -------------------------------------------------------------------------------------
    def replace_drawing(self) -> bool:
        """Choose a PNG or SVG as this handout's own drawing. The core reads and checks it (the logo's rule); a
        refused file is one sentence and the drawing on screen stays as it was. Saved with the draft."""
        if self.loaded is None:
            return False
        chosen = self.ctx.open_file(_("Choose the procedure drawing"), _("Images (*.png *.svg)"))
        if not chosen:
            return False
        try:
            changed = self.ctx.app.handouts.own_drawing(self.ctx.member, chosen, self.current())
        except StoreError as exc:
            self.ctx.notices.error(str(exc))
            return False
        self.form.drawing.set_drawing(changed.drawing)
        self.ctx.notices.ok(_("Drawing replaced. Write what it shows (its alt text) before you publish."))
        self.form.drawing.alt.setFocus()
        return True

    def _after_change(self, message: str) -> None:
        self.ctx.notices.ok(message)
        self.ctx.library_changed.emit()
        self.open(self.slug, self.language)

    def save_draft(self) -> bool:
        if self.loaded is None:
            return False
        if not self.dirty:
            self.ctx.notices.info(_("Nothing new to save."))
            return False
        try:
            saved = self.ctx.app.handouts.save_draft(self.ctx.member, self.current(), self.expected)
        except StoreError as exc:
            return self._refused(exc)
        self._after_change(_("Saved draft v{version}. Patients still see the published text.").format(version=saved.version))
        return True

    def publish(self) -> bool:
        if self.loaded is None:
            return False
        h = self.current()
        self.run_checks()
        reasons = self.ctx.app.handouts.blockers(h, self.ctx.today())
        if reasons:  # the same rule publish() enforces, shown before anyone is asked to confirm
            self.ctx.notices.error(_("This text cannot be published yet: ") + "; ".join(reasons))
            return False
        detail = (_("The checks found:\n") + "\n".join(f"• {i.field}: {i.message}" for i in self.issues)
                  if self.issues else _("The checks found nothing to fix."))
        if not self.ctx.confirm(_("Publish"), _("Publish “{title}” ({language})? Patients will see this text "
                                "at once, and it becomes a new version that cannot be changed.").format(title=h.title, language=self.language), detail, _("Publish")):
            return False
        try:
            published = self.ctx.app.handouts.publish(self.ctx.member, h, self.expected)
        except ContentRefused as exc:
            self.ctx.notices.error(_("This text cannot be published yet: ") + "; ".join(exc.problems))
            return False
        except StoreError as exc:
            return self._refused(exc)
        self._after_change(_("Published v{version}.").format(version=published.version))
        return True

    def retire(self) -> bool:
        if self.loaded is None:
            return False
        if not self.ctx.confirm(_("Retire"), _("Retire “{title}” ({language})?").format(title=self.loaded.handout.title, language=self.language),
                                _("Patients will no longer find it on the kiosk and it cannot be printed. "
                                "Its history is kept; publishing it again brings it back."), _("Retire")):
            return False
        try:
            self.ctx.app.handouts.retire(self.ctx.member, self.slug, self.language)
        except StoreError as exc:
            self.ctx.notices.error(str(exc))
            return False
        self._after_change(_("Retired. Patients can no longer find this handout."))
        return True

    def revert(self, version: int) -> bool:
        lose = ""
        if self.dirty or (self.loaded and self.loaded.state == "draft"):
            lose = _(" Your open draft and unsaved edits will be replaced.")
        if not self.ctx.confirm(_("Revert"), _("Publish the text of v{version} again as a new version?").format(version=version),
                                _("Patients will see that text at once. History is kept: nothing is deleted.") + lose,
                                _("Revert")):
            return False
        try:
            published = self.ctx.app.handouts.revert(self.ctx.member, self.slug, self.language, version,
                                                     self.expected)
        except StoreError as exc:
            return self._refused(exc)
        self._after_change(_("Published v{version} with the text of v{version2}.").format(version=published.version, version2=version))
        return True

    def sign_off(self, reviewer: str, on, due) -> bool:
        try:
            number = self.ctx.app.handouts.sign_off(self.ctx.member, self.slug, self.language, reviewer, on, due)
        except StoreError as exc:
            self.ctx.notices.error(str(exc))
            return False
        self._after_change(_("Signed off by {reviewer}: v{number}. Next review due {date}.").format(
            reviewer=reviewer, number=number, date=format_date(due, current(), "medium")))
        return True

    # ---- leaving -------------------------------------------------------------------------------------
    def stop(self) -> None:
        """No more delayed checks or previews (the console is closing, perhaps with its store)."""
        self._check_timer.stop()
        self._preview_timer.stop()

    EDITS = N_("this handout")

    def unsaved(self) -> bool:
        return self.dirty

    def save_changes(self) -> bool:
        """Save as a draft (patients still see the published text)."""
        return self.save_draft()

    def discard_changes(self) -> None:
        """Back to the loaded text (nothing is kept as a draft at sign-out)."""
        if self.loaded is not None:
            self.open(self.slug, self.language)

    def discard_ok(self) -> bool:
        """Save / Discard / Keep editing when there are unsaved edits (kiosk.ui.admin.common.leave_ok)."""
        return leave_ok(self.ctx, self)

    def _back(self) -> None:
        if self.discard_ok():
            self.back.emit()

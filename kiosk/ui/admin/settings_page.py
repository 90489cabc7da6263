"""Clinic settings: the clinic's details and logo, kiosk behaviour, printing, reading targets and pick lists."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import aftercare
from kiosk.core.i18n import N_, _, _n
from kiosk.core.model import LANGUAGES, ClinicSettings
from kiosk.app import StoreError
from kiosk.app.settings import problems
from kiosk.ui.admin import logo
from kiosk.ui.admin.common import AdminContext, button, label, touch_scroll
from kiosk.ui.admin.fields import PlainEdit, split_lines
from kiosk.ui.admin.library_page import LANGUAGE_NAMES

LOGO_BOX = QSize(240, 90)


def _combo(items: dict[str, str]) -> QComboBox:
    c = QComboBox()
    for value, text in items.items():
        c.addItem(text, value)
    return c


def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
    s = QSpinBox()
    s.setRange(low, high)
    s.setSuffix(suffix)
    return s


class SettingsPage(QScrollArea):
    def __init__(self, ctx: AdminContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWidgetResizable(True)
        touch_scroll(self)
        body = QWidget()
        body.setProperty("role", "form")
        self.setWidget(body)
        self._logo_path = ""

        self.name, self.address = QLineEdit(), PlainEdit(2)
        self.phone, self.after_hours, self.web = QLineEdit(), QLineEdit(), QLineEdit()
        # Told at set-up, without blocking the save: with no number, sheets print a blank line to write it in.
        self.phone_note = label("", "error")
        self.phone_note.setWordWrap(True)
        self.phone.textChanged.connect(self._phone_changed)
        self.web.setPlaceholderText("https://…")
        # what the app's keyboard needs to know: no capital to start a phone number or a web address
        for field in (self.phone, self.after_hours):
            field.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.web.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly)
        self.logo_view = QLabel()
        self.logo_view.setProperty("role", "logo")
        self.logo_view.setFixedSize(LOGO_BOX + QSize(16, 16))
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_btn = button(_("Choose logo…"), tip=_("A PNG or SVG file"))
        self.logo_clear = button(_("Remove logo"), "quiet")
        self.lang_boxes = {lang: QCheckBox(LANGUAGE_NAMES.get(lang, lang)) for lang in LANGUAGES}
        self.default_language = _combo({lang: LANGUAGE_NAMES.get(lang, lang) for lang in LANGUAGES})
        self.text_size = _combo({"0": _("Normal"), "1": _("Large"), "2": _("Extra large")})
        self.theme = _combo({"default": _("Standard"), "high_contrast": _("High contrast")})
        self.idle, self.countdown = _spin(20, 3600, " s"), _spin(5, 600, " s")
        self.signout = _spin(30, 3600, " s")
        self.paper = _combo({"letter": _("US Letter"), "a4": "A4"})
        self.backend = _combo({"cups": _("CUPS print queue"), "qt": _("System print dialog"), "folder": _("Save PDFs to a folder")})
        self.printer, self.print_folder = QLineEdit(), QLineEdit()
        self.save_folders = PlainEdit(2)
        self.save_folders.setToolTip(_("Where a nurse's Save as PDF writes: a USB stick's mount point or a network "
                                     "share, one per line. Nurses never browse for a folder."))
        self.save_folder_btn = button(_("Add folder…"))
        self.keep_copies = QCheckBox(_("Keep copies of printed sheets"))
        self.keep_days = _spin(1, 365, _(" days"))
        self.grade = QDoubleSpinBox()
        self.grade.setRange(1, 16)
        self.grade.setSingleStep(0.5)
        self.spanish = QDoubleSpinBox()
        self.spanish.setRange(0, 100)
        self.sugar = _spin(aftercare.SUGAR_MIN, aftercare.SUGAR_MAX, " mg/dL")
        self.medications, self.physicians, self.phrases = PlainEdit(4), PlainEdit(4), PlainEdit(4)
        self.problem = label("", "error")
        self.save_btn = button(_("Save settings"), "primary")
        self.undo_btn = button(_("Undo changes"), "quiet")

        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_view)
        logo_row.addWidget(self.logo_btn)
        logo_row.addWidget(self.logo_clear)
        logo_row.addStretch(1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_folders, 1)
        save_row.addWidget(self.save_folder_btn)
        langs = QHBoxLayout()
        for box in self.lang_boxes.values():
            langs.addWidget(box)
        langs.addStretch(1)

        lay = QVBoxLayout(body)
        lay.addWidget(label(_("Clinic settings"), "heading"))
        self._group(lay, _("The clinic"), [(_("Name"), self.name), (_("Logo"), logo_row), (_("Address"), self.address),
                                        (_("Main phone"), self.phone), ("", self.phone_note),
                                        (_("After-hours phone"), self.after_hours),
                                        (_("Web address (QR code)"), self.web)])
        self._group(lay, _("The kiosk"), [(_("Languages offered"), langs), (_("Default language"), self.default_language),
                                       (_("Default text size"), self.text_size), (_("Default theme"), self.theme),
                                       (_("Back to start when idle after"), self.idle),
                                       (_("Idle countdown"), self.countdown), (_("Staff sign-out after"), self.signout)])
        self._group(lay, _("Printing"), [(_("Paper size"), self.paper), (_("Print with"), self.backend),
                                      (_("Default printer"), self.printer), (_("PDF folder"), self.print_folder),
                                      (_("Save as PDF into"), save_row),
                                      ("", self.keep_copies), (_("Keep copies for"), self.keep_days)])
        self._group(lay, _("Reading level targets"), [(_("English: Flesch-Kincaid grade at most"), self.grade),
                                                   (_("Spanish: Fernández-Huerta ease at least"), self.spanish)])
        self._group(lay, _("Aftercare sheet"), [(_("Diabetes: call if blood sugar is over"), self.sugar)])
        self._group(lay, _("Pick lists (one per line)"), [(_("Medications"), self.medications),
                                                        (_("Physicians"), self.physicians),
                                                        (_("Smart phrases for notes"), self.phrases)])
        actions = QHBoxLayout()
        actions.addWidget(self.problem, 1)
        actions.addWidget(self.undo_btn)
        actions.addWidget(self.save_btn)
        lay.addLayout(actions)
        lay.addStretch(1)

        self.logo_btn.clicked.connect(self.choose_logo)
        self.logo_clear.clicked.connect(lambda: self._set_logo(""))
        self.save_folder_btn.clicked.connect(self.add_save_folder)
        self.save_btn.clicked.connect(self.save)
        self.undo_btn.clicked.connect(self.load)
        self.load()

    @staticmethod
    def _group(lay, title, rows) -> None:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for text, field in rows:  # a widget or a layout
            form.addRow(text, field)
        lay.addWidget(box)

    # ---- in and out ----------------------------------------------------------------------------------
    def load(self) -> None:
        s = self.ctx.settings()
        self.name.setText(s.name)
        self.address.set_text(s.address)
        self.phone.setText(s.phone)
        self.after_hours.setText(s.after_hours_phone)
        self.web.setText(s.web_address)
        self._set_logo(s.logo_path)
        for lang, box in self.lang_boxes.items():
            box.setChecked(lang in s.languages)
        self._pick(self.default_language, s.default_language)
        self._pick(self.text_size, str(s.default_text_size))
        self._pick(self.theme, s.default_theme)
        self.idle.setValue(s.idle_seconds)
        self.countdown.setValue(s.idle_countdown_seconds)
        self.signout.setValue(s.staff_signout_seconds)
        self._pick(self.paper, s.paper_size)
        self._pick(self.backend, s.print_backend)
        self.printer.setText(s.default_printer)
        self.print_folder.setText(s.print_folder)
        self.save_folders.set_text("\n".join(s.save_folders))
        self.keep_copies.setChecked(s.keep_printed_copies)
        self.keep_days.setValue(s.keep_copies_days)
        self.grade.setValue(s.reading_grade_target)
        self.spanish.setValue(s.spanish_reading_target)
        self.sugar.setValue(s.sugar_call_above)
        self.medications.set_text("\n".join(s.medications))
        self.physicians.set_text("\n".join(s.physicians))
        self.phrases.set_text("\n".join(s.smart_phrases))
        self._phone_changed()
        self.problem.clear()

    def _phone_changed(self) -> None:
        self.phone_note.setText(aftercare.clinic_phone_problem(ClinicSettings(phone=self.phone.text())) or "")
        self.phone_note.setVisible(bool(self.phone_note.text()))

    @staticmethod
    def _pick(combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def settings(self) -> ClinicSettings:
        return replace(
            self.ctx.settings(),
            name=self.name.text().strip(), address=self.address.text().strip(), phone=self.phone.text().strip(),
            after_hours_phone=self.after_hours.text().strip(), web_address=self.web.text().strip(),
            logo_path=self._logo_path,
            languages=tuple(lang for lang, box in self.lang_boxes.items() if box.isChecked()),
            default_language=self.default_language.currentData(),
            default_text_size=int(self.text_size.currentData()), default_theme=self.theme.currentData(),
            idle_seconds=self.idle.value(), idle_countdown_seconds=self.countdown.value(),
            staff_signout_seconds=self.signout.value(), paper_size=self.paper.currentData(),
            print_backend=self.backend.currentData(), default_printer=self.printer.text().strip(),
            print_folder=self.print_folder.text().strip(), save_folders=split_lines(self.save_folders.text()),
            keep_printed_copies=self.keep_copies.isChecked(),
            keep_copies_days=self.keep_days.value(), reading_grade_target=self.grade.value(),
            spanish_reading_target=self.spanish.value(), sugar_call_above=self.sugar.value(), medications=split_lines(self.medications.text()),
            physicians=split_lines(self.physicians.text()), smart_phrases=split_lines(self.phrases.text()),
        )

    # ---- unsaved edits (kiosk.ui.admin.common.leave_ok asks before the console leaves this page) ----------
    EDITS = N_("the clinic settings")

    def unsaved(self) -> bool:
        """The fields differ from the stored settings (a value the core would refuse counts too)."""
        return self.settings() != self.ctx.settings()

    def save_changes(self) -> bool:
        """Save; False (the problem shown under the page) when the core refuses the values."""
        self.save()
        return not self.unsaved()

    def discard_changes(self) -> None:
        self.load()

    # ---- actions -------------------------------------------------------------------------------------
    def choose_logo(self) -> None:
        chosen = self.ctx.open_file(_("Choose the clinic logo"), _("Images (*.png *.svg)"))
        if not chosen:
            return
        try:
            data, suffix = logo.check(Path(chosen))
            kept = logo.keep_copy(data, suffix, self.ctx.app.data_folder)
        except (logo.LogoError, OSError) as exc:
            self.problem.setText(str(exc))
            return
        self.problem.clear()
        self._set_logo(str(kept))

    def add_save_folder(self) -> None:
        chosen = self.ctx.pick_folder(_("Choose a folder for saved PDFs"))
        if chosen and chosen not in split_lines(self.save_folders.text()):
            self.save_folders.set_text("\n".join([*split_lines(self.save_folders.text()), chosen]))

    def _set_logo(self, path: str) -> None:
        self._logo_path = path
        pix = logo.pixmap(path, LOGO_BOX)
        if pix is None:
            self.logo_view.clear()
            self.logo_view.setText(_("No logo") if not path else _("Logo file missing"))
        else:
            self.logo_view.setPixmap(pix)
        self.logo_clear.setEnabled(bool(path))

    def save(self) -> bool:
        new = self.settings()
        try:
            changed = self.ctx.app.settings.save(self.ctx.member, new)
        except StoreError as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.clear()
        if changed:
            self.ctx.notices.ok(_n("Saved the settings ({n} changed).", "Saved the settings ({n} changed).", len(changed)).format(
                n=len(changed)))
            self.ctx.library_changed.emit()  # reading targets colour the library
        else:
            self.ctx.notices.info(_("Nothing changed in the settings."))
        return bool(changed)

"""The discharge form's widgets: procedure picker, every field of the aftercare sheet, smart phrases.

The widgets only gather a `checks.FormValues` and show the problems `checks.check()` finds, each next to its
field. Tab follows the reading order (widgets are created in that order); Enter in a one-line field asks to print.
"""
from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import as_app
from kiosk.core import i18n
from kiosk.core.i18n import LANGUAGE_NAMES, N_, _
from kiosk.ui.staff import checks
from kiosk.ui.staff.common import label

SIDE_LABELS = (("left", N_("Left")), ("right", N_("Right")), ("both", N_("Both")), ("na", N_("N/A")))
FOLLOW_UP_LABELS = (("none", N_("No follow-up line")), ("date", N_("On a date")),
                    ("weeks", N_("Call to book in … weeks")))
DIARY_LABELS = ((None, N_("Pain diary: as the handout says")), (True, N_("Pain diary: include")),
                (False, N_("Pain diary: leave out")))


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class NotesBox(QPlainTextEdit):
    """The nurse's free text: always at least LINES lines tall in its current font. The staff style sheet
    gives every field a small min-height when it polishes a widget; this box measures again after each polish
    and font change, so no style rule can shrink it to one line."""

    LINES = 6

    def event(self, event) -> bool:
        result = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.fit_lines()
        return result

    def fit_lines(self) -> None:
        margins, viewport = self.contentsMargins(), self.viewportMargins()
        chrome = margins.top() + margins.bottom() + viewport.top() + viewport.bottom() + 2 * self.frameWidth()
        text = self.LINES * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
        self.setMinimumHeight(math.ceil(text + chrome) + 2)


TARGET_GAP = 8  # px between touch targets stacked in one field (tests/ui/staff/test_staff_audit.py)


class DischargeForm(QWidget):
    changed = Signal()
    submit_requested = Signal()

    def __init__(self, app, settings, member, today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "discharge_form")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.app = as_app(app)
        self.settings = settings
        self.today = today or date.today()
        self.errors: dict[str, QLabel] = {}
        self._versions: dict[tuple[str, str], object] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 12, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self._row = 0
        self._add("clinic_phone", "", QVBoxLayout())  # only its message: the clinic's set-up stops printing

        self.language = QComboBox()
        for code in settings.languages or ("en",):
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.default_language)))
        self._add("language", _("Sheet language"), self.language)

        self.search = self._line(_("Search procedures"), 80)
        self.search.returnPressed.disconnect(self.submit_requested)
        self.search.returnPressed.connect(self._pick_first_match)  # Enter here picks, it does not print
        self.procedures = QListWidget()
        self.procedures.setProperty("role", "procedure_list")
        self.search.setAccessibleName(_("Search procedures"))  # (the caption names the pair, not one widget)
        self.procedures.setAccessibleName(_("Procedure"))
        self.procedures.setWordWrap(True)
        self.procedures.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        picker = QVBoxLayout()
        picker.setSpacing(6)
        picker.addWidget(self.search)
        picker.addWidget(self.procedures)
        self._add("procedure", _("Procedure"), picker)

        self.patient_name = self._line(_("First and last name"), checks.MAX_NAME + 20)
        self._add("patient_name", _("Patient name"), self.patient_name)
        self.procedure_date = self._date(self.today)
        self._add("procedure_date", _("Procedure date"), self.procedure_date)

        self.side = QButtonGroup(self)
        sides = QGridLayout()  # two by two: four words side by side would not fit a Spanish column
        sides.setSpacing(TARGET_GAP)
        self.side_buttons: dict[str, QPushButton] = {}
        for n, (value, text) in enumerate(SIDE_LABELS):
            btn = QPushButton(_(text))
            btn.setCheckable(True)
            btn.setProperty("role", "staff_choice")
            btn.setChecked(value == "na")
            btn.setAccessibleName(_("Not applicable") if value == "na" else _(text))
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.side.addButton(btn)
            self.side_buttons[value] = btn
            sides.addWidget(btn, n // 2, n % 2)
        self._add("side", _("Side"), sides)
        self.sites = self._line(_("For example: L4-L5, right knee"), checks.MAX_LINE)
        self._add("sites", _("Where"), self.sites)

        self.medications: dict[str, QCheckBox] = {}
        meds = QVBoxLayout()
        meds.setSpacing(TARGET_GAP)
        for med in settings.medications:
            box = QCheckBox(med)
            self.medications[med] = box
            meds.addWidget(box)
        self._add("medications", _("Medicines given"), meds)
        # "Is this a steroid?" for a chosen medicine the catalogue does not know (kiosk.core.medicines).
        self.steroid_question = label("", "field_label")
        self.steroid_question.setWordWrap(True)
        self.steroid_question.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.steroid_answer = QButtonGroup(self)
        self.steroid_buttons: dict[bool, QPushButton] = {}
        answers = QHBoxLayout()
        answers.setSpacing(TARGET_GAP)
        for value, text in ((True, _("Yes")), (False, _("No"))):
            btn = QPushButton(text)
            btn.setAccessibleName(_("Yes, it is a steroid") if value else _("No, it is not a steroid"))
            btn.setCheckable(True)
            btn.setProperty("role", "staff_choice")
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.steroid_answer.addButton(btn)
            self.steroid_buttons[value] = btn
            answers.addWidget(btn)
        question = QVBoxLayout()
        question.setContentsMargins(0, 0, 0, 0)
        question.addWidget(self.steroid_question)  # its own line: a long medicine name wraps, the buttons stay
        question.addLayout(answers)
        self.steroid_row = QWidget()
        self.steroid_row.setLayout(question)
        self.steroid_row.hide()
        self._asked: tuple[str, ...] = ()
        self._add("steroid", "", self.steroid_row)
        self.sedation = QCheckBox(_("Sedation given"))
        self.diabetic = QCheckBox(_("Patient has diabetes"))
        flags = QVBoxLayout()
        flags.setSpacing(TARGET_GAP)
        flags.addWidget(self.sedation)
        flags.addWidget(self.diabetic)
        self._add("flags", "", flags)
        self.takes_thinner = QCheckBox(_("Takes a blood thinner"))
        self.blood_thinner = self._line(_("When to restart it. Blank: the sheet says to ask the prescriber"),
                                        checks.MAX_LINE)
        self.blood_thinner.setEnabled(False)
        self.blood_thinner.setAccessibleName(_("Blood thinner"))  # (its caption names the pair)
        thinner = QVBoxLayout()
        thinner.setSpacing(TARGET_GAP)
        thinner.addWidget(self.takes_thinner)
        thinner.addWidget(self.blood_thinner)
        self._add("blood_thinner", _("Blood thinner"), thinner)
        self.injection_time = self._line(_("HH:MM, 24-hour: fills the pain diary's times"), 5)
        self.injection_time.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)  # no capital first
        self._add("injection_time", _("Injection time"), self.injection_time)

        self.follow_mode = QComboBox()
        for value, text in FOLLOW_UP_LABELS:
            self.follow_mode.addItem(_(text), value)
        self.follow_date = self._date(self.today)
        self.follow_weeks = QSpinBox()
        self.follow_weeks.setRange(1, checks.MAX_WEEKS)
        self.follow_weeks.setValue(2)
        self.follow_weeks.setSuffix(_(" weeks"))
        follow = QVBoxLayout()
        follow.setSpacing(TARGET_GAP)
        follow.addWidget(self.follow_mode)
        follow.addWidget(self.follow_date)
        follow.addWidget(self.follow_weeks)
        self._add("follow_up", _("Follow-up"), follow)

        self.physician = QComboBox()
        self.physician.addItem(_("(none)"), "")
        for name in settings.physicians:
            self.physician.addItem(name, name)
        self._add("physician", _("Doctor"), self.physician)
        self.nurse = self._line("", checks.MAX_LINE)
        self.nurse.setText(member.name)
        self._add("nurse", _("Nurse"), self.nurse)

        self.notes = NotesBox()
        self.notes.setProperty("role", "staff_field")
        self.notes.setPlaceholderText(_("Anything else the patient should know"))
        self.notes.setTabChangesFocus(True)
        notes = QVBoxLayout()
        notes.addWidget(self.notes)
        self.phrase_buttons: list[QPushButton] = []
        phrases = QVBoxLayout()
        for phrase in settings.smart_phrases:
            btn = QPushButton("+ " + (phrase if len(phrase) <= 36 else phrase[:34] + "…"))
            btn.setProperty("role", "phrase")
            btn.setToolTip(phrase)
            btn.setAccessibleName(_("Add to notes: {phrase}").format(phrase=phrase))
            btn.setMinimumWidth(120)
            btn.clicked.connect(lambda _=False, p=phrase: self.insert_phrase(p))
            phrases.addWidget(btn)
            self.phrase_buttons.append(btn)
        notes.addLayout(phrases)
        self._add("notes", _("Notes"), notes)

        self.large_print = QCheckBox(_("Large print"))
        self.pain_diary = QComboBox()
        for value, text in DIARY_LABELS:
            self.pain_diary.addItem(_(text), value)
        extras = QVBoxLayout()
        extras.setSpacing(TARGET_GAP)
        extras.addWidget(self.large_print)
        extras.addWidget(self.pain_diary)
        self._add("extras", "", extras)
        self.teach_back = label("\n".join(checks.teach_back()), "muted_small")
        self.teach_back.setWordWrap(True)
        self._add("teach_back", _("Teach-back"), self.teach_back)
        self.grid.setRowStretch(self._row, 1)
        for combo in self.findChildren(QComboBox):
            # Long entries (a clinic's phrase or doctor list) must not widen the form past its column.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)

        self._load_procedures()
        self._follow_mode_changed()
        self._connect()

    # ---- building ---------------------------------------------------------------------------------------
    def _line(self, placeholder: str, max_length: int) -> QLineEdit:
        w = QLineEdit()
        w.setProperty("role", "staff_field")
        w.setPlaceholderText(placeholder)
        w.setMaxLength(max_length)
        w.returnPressed.connect(self.submit_requested)
        return w

    def _date(self, value: date) -> QDateEdit:
        w = QDateEdit(_qdate(value))
        w.setCalendarPopup(True)
        w.setDisplayFormat("ddd d MMM yyyy")
        w.setLocale(QLocale(i18n.current()))  # day and month names in the nurse's language
        return w

    def _add(self, key: str, title: str, field) -> None:
        if title:
            caption = label(title, "field_label")
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(caption, self._row, 0)
        if isinstance(field, QWidget):
            self.grid.addWidget(field, self._row, 1)
            if title:
                caption.setBuddy(field)
        else:
            self.grid.addLayout(field, self._row, 1)
        error = label("", "field_error")
        error.setWordWrap(True)
        error.hide()
        self.errors[key] = error
        self.grid.addWidget(error, self._row + 1, 1)
        self._row += 2

    def _connect(self) -> None:
        for w in (self.patient_name, self.sites, self.blood_thinner, self.nurse, self.injection_time):
            w.textChanged.connect(self.changed)
        self.takes_thinner.toggled.connect(self.blood_thinner.setEnabled)
        self.takes_thinner.toggled.connect(self.changed)
        self.steroid_answer.buttonToggled.connect(lambda _b, on: on and self.changed.emit())
        for box in self.medications.values():
            box.toggled.connect(self._medicines_changed)
        self.notes.textChanged.connect(self.changed)
        for w in (self.procedure_date, self.follow_date):
            w.dateChanged.connect(self.changed)
        self.follow_weeks.valueChanged.connect(self.changed)
        for w in (self.physician, self.pain_diary):
            w.currentIndexChanged.connect(self.changed)
        self.follow_mode.currentIndexChanged.connect(self._follow_mode_changed)
        self.language.currentIndexChanged.connect(self._language_changed)
        for box in (*self.medications.values(), self.sedation, self.diabetic, self.large_print):
            box.toggled.connect(self.changed)
        self.side.buttonToggled.connect(lambda _b, on: on and self.changed.emit())
        self.search.textChanged.connect(self._load_procedures)
        self.procedures.currentItemChanged.connect(lambda *_: self.changed.emit())

    # ---- procedures -------------------------------------------------------------------------------------
    def lang(self) -> str:
        return self.language.currentData() or "en"

    def _load_procedures(self, *_args) -> None:
        current = self.slug()
        query = self.search.text().strip()
        if query:
            rows = [(hit.slug, hit.title) for hit in self.app.handouts.search(query, self.lang())]
        else:
            rows = [(v.handout.slug, v.handout.title) for v in self.app.handouts.published(self.lang())]
        self.procedures.blockSignals(True)
        self.procedures.clear()
        for slug, title in rows:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, slug)
            self.procedures.addItem(item)
            if slug == current:
                self.procedures.setCurrentItem(item)
        self.procedures.blockSignals(False)
        if current and self.slug() != current:
            self.changed.emit()

    def _language_changed(self) -> None:
        self._load_procedures()
        self.changed.emit()

    def _pick_first_match(self) -> None:
        if self.procedures.count():
            self.procedures.setCurrentRow(0)
            self.patient_name.setFocus()

    def select_procedure(self, slug: str) -> bool:
        for i in range(self.procedures.count()):
            item = self.procedures.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == slug:
                self.procedures.setCurrentItem(item)
                return True
        return False

    def slug(self) -> str:
        item = self.procedures.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def handout_version(self):
        """The published version of the chosen handout in the sheet's language (cached per form)."""
        key = (self.slug(), self.lang())
        if not key[0]:
            return None
        if key not in self._versions:
            self._versions[key] = self.app.handouts.get_published(*key)
        return self._versions[key]

    # ---- values and checks ------------------------------------------------------------------------------
    def _medicines_changed(self) -> None:
        """Ask "Is this a steroid?" while a chosen medicine is one the catalogue does not know; a new set of
        such medicines needs a new answer."""
        unknown = checks.unlisted(self.values())
        if unknown != self._asked:
            self.steroid_answer.setExclusive(False)
            for btn in self.steroid_buttons.values():
                btn.setChecked(False)
            self.steroid_answer.setExclusive(True)
            self._asked = unknown
        self.steroid_question.setText(_("Is {names} a steroid?").format(names=", ".join(unknown)) if unknown else "")
        self.steroid_row.setVisible(bool(unknown))

    def _steroid_answer(self) -> bool | None:
        return next((value for value, btn in self.steroid_buttons.items() if btn.isChecked()), None)

    def _follow_mode_changed(self) -> None:
        mode = self.follow_mode.currentData()
        self.follow_date.setVisible(mode == "date")
        self.follow_weeks.setVisible(mode == "weeks")
        self.changed.emit()

    def insert_phrase(self, phrase: str) -> None:
        cursor = self.notes.textCursor()
        text, pos = checks.insert_phrase(self.notes.toPlainText(), cursor.position(), phrase)
        self.notes.setPlainText(text)
        cursor = self.notes.textCursor()
        cursor.setPosition(pos)
        self.notes.setTextCursor(cursor)
        self.notes.setFocus()

    def values(self) -> checks.FormValues:
        side = next((v for v, b in self.side_buttons.items() if b.isChecked()), "na")
        return checks.FormValues(
            slug=self.slug(), language=self.lang(), patient_name=self.patient_name.text(),
            procedure_date=_pydate(self.procedure_date.date()), side=side, sites=self.sites.text(),
            medications=tuple(m for m, box in self.medications.items() if box.isChecked()),
            sedation=self.sedation.isChecked(), diabetic=self.diabetic.isChecked(),
            blood_thinner=self.blood_thinner.text(), takes_blood_thinner=self.takes_thinner.isChecked(),
            unlisted_is_steroid=self._steroid_answer(), injection_time=self.injection_time.text(),
            follow_up_mode=self.follow_mode.currentData(),
            follow_up_date=_pydate(self.follow_date.date()), follow_up_weeks=self.follow_weeks.value(),
            physician=self.physician.currentData() or "", nurse=self.nurse.text(), notes=self.notes.toPlainText(),
            large_print=self.large_print.isChecked(), pain_diary=self.pain_diary.currentData(),
        )

    def problems(self) -> dict[str, str]:
        return checks.check(self.values(), self.today, self.settings)

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, error in self.errors.items():
            error.setText(problems.get(key, ""))
            error.setVisible(key in problems)

    def first_problem_widget(self, problems: dict[str, str]) -> QWidget | None:
        order = {"procedure": self.search, "patient_name": self.patient_name, "procedure_date": self.procedure_date,
                 "side": self.side_buttons["na"], "sites": self.sites,
                 "steroid": self.steroid_buttons[True], "blood_thinner": self.blood_thinner,
                 "injection_time": self.injection_time,
                 "follow_up": self.follow_mode, "physician": self.physician, "nurse": self.nurse, "notes": self.notes}
        return next((w for key, w in order.items() if key in problems), None)

    def is_blank(self) -> bool:
        """Nothing about a patient has been entered yet (so leaving needs no confirmation)."""
        v = self.values()
        return not (v.patient_name.strip() or v.notes.strip() or v.sites.strip() or v.blood_thinner.strip())

"""The discharge form's values, their checks and the sheet details they make. Plain Python, no Qt.

The widgets (form.py) only collect `FormValues`; every rule about what a nurse may print lives here, so it is
tested without a screen. Messages name the field's problem in one sentence and never repeat what was typed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.core import aftercare, i18n, medicines
from kiosk.core.i18n import N_, _
from kiosk.core.model import ClinicSettings, DischargeDetails, normalise

MAX_NAME = 120
MAX_LINE = 200
MAX_NOTES = 2000
MAX_WEEKS = 52
SIDES = ("left", "right", "both", "na")
FOLLOW_UP_MODES = ("none", "date", "weeks")

# Printed under the heading "Your follow-up" / "Su próxima cita": the date alone, not the heading again.
FOLLOW_UP_DATE = N_("On {date}.")

# Teach-back prompts shown to the nurse beside the form (in the nurse's language): the patient says these back in
# their own words.
TEACH_BACK_MESSAGES = (
    N_("Ask the patient to tell you, in their own words:"),
    N_("• two signs that mean they should call the clinic"),
    N_("• when to call 911"),
    N_("• what not to do today (no driving for 24 hours after sedation)"),
    N_("• when to restart their blood thinner, if they take one"),
)


def teach_back() -> tuple[str, ...]:
    """The teach-back prompts in the current staff language."""
    return tuple(_(line) for line in TEACH_BACK_MESSAGES)


TEACH_BACK = TEACH_BACK_MESSAGES  # the English prompts


@dataclass(frozen=True)
class FormValues:
    slug: str = ""
    language: str = "en"
    patient_name: str = ""
    procedure_date: date = field(default_factory=date.today)
    side: str = "na"
    sites: str = ""
    medications: tuple[str, ...] = ()
    sedation: bool = False
    diabetic: bool = False
    blood_thinner: str = ""  # the restart line; only used when takes_blood_thinner is ticked
    takes_blood_thinner: bool = False
    unlisted_is_steroid: bool | None = None  # the answer to "Is this a steroid?" (None: not answered)
    injection_time: str = ""  # "HH:MM": fills the pain diary's clock times
    follow_up_mode: str = "none"
    follow_up_date: date | None = None
    follow_up_weeks: int = 2
    physician: str = ""
    nurse: str = ""
    notes: str = ""
    large_print: bool = False
    pain_diary: bool | None = None


def unlisted(values: FormValues) -> tuple[str, ...]:
    """The chosen medicines the catalogue does not know: the form asks "Is this a steroid?" about them."""
    return medicines.unclassified(values.medications)


def check(values: FormValues, today: date | None = None, settings: ClinicSettings | None = None) -> dict[str, str]:
    """Field name -> what is wrong with it. Empty when the sheet may be printed. With `settings`, the clinic's
    own set-up is checked too (key "clinic_phone"). The clinical rules are kiosk.core.aftercare's."""
    today = today or date.today()
    problems: dict[str, str] = {}
    if not values.slug:
        problems["procedure"] = _("Choose the procedure.")
    name = values.patient_name.strip()
    if not name:
        problems["patient_name"] = _("Enter the patient's name.")
    elif len(name) > MAX_NAME:
        problems["patient_name"] = _("The name is too long (at most {n} characters).").format(n=MAX_NAME)
    if values.procedure_date > today:
        problems["procedure_date"] = _("The procedure date is in the future.")
    if values.side not in SIDES:
        problems["side"] = _("Choose left, right, both or not applicable.")
    for key, message in (("sites", N_("Where is too long (at most {n} characters).")),
                         ("blood_thinner", N_("The blood thinner instructions are too long (at most {n} characters).")),
                         ("physician", N_("The doctor's name is too long (at most {n} characters).")),
                         ("nurse", N_("The nurse's name is too long (at most {n} characters)."))):
        if len(getattr(values, key)) > MAX_LINE:
            problems[key] = _(message).format(n=MAX_LINE)
    if values.follow_up_mode == "date":
        if values.follow_up_date is None:
            problems["follow_up"] = _("Choose the follow-up date.")
        elif values.follow_up_date < values.procedure_date:
            problems["follow_up"] = _("The follow-up is before the procedure date.")
    elif values.follow_up_mode == "weeks" and not 1 <= values.follow_up_weeks <= MAX_WEEKS:
        problems["follow_up"] = _("Choose between 1 and {n} weeks.").format(n=MAX_WEEKS)
    elif values.follow_up_mode not in FOLLOW_UP_MODES:
        problems["follow_up"] = _("Choose how the follow-up is booked.")
    if len(values.notes) > MAX_NOTES:
        problems["notes"] = _("The notes are too long ({count} of {n} characters).").format(
            count=len(values.notes), n=MAX_NOTES)
    rules = aftercare.sheet_problems(details(values), settings)
    for key, problem in rules.items():
        problems.setdefault(key, problem)
    return problems


def follow_up_text(values: FormValues) -> str:
    """The follow-up line printed on the sheet, in the sheet's language ("" for none)."""
    lang = i18n.language(values.language)
    if values.follow_up_mode == "weeks":
        n = values.follow_up_weeks
        # ngettext: the catalogue holds each language's plural forms.
        line = i18n.ngettext("Call us to book your follow-up visit in {n} week.",
                             "Call us to book your follow-up visit in {n} weeks.", n, lang)
        return line.format(n=i18n.format_number(n, lang))
    if values.follow_up_mode == "date" and values.follow_up_date is not None:
        return i18n.gettext(FOLLOW_UP_DATE, lang).format(date=i18n.format_date(values.follow_up_date, lang))
    return ""


def details(values: FormValues) -> DischargeDetails:
    """The sheet's details. Free text is NFC-normalised and trimmed; the renderer escapes it."""
    def clean(text: str) -> str:
        return normalise(text).strip()

    return DischargeDetails(
        procedure_date=values.procedure_date,
        patient_name=" ".join(clean(values.patient_name).split()),
        side=values.side if values.side in SIDES else "na",
        sites=clean(values.sites),
        medications=tuple(clean(m) for m in values.medications if clean(m)),
        sedation=values.sedation,
        diabetic=values.diabetic,
        blood_thinner=clean(values.blood_thinner) if values.takes_blood_thinner else "",
        takes_blood_thinner=values.takes_blood_thinner,
        unlisted_is_steroid=values.unlisted_is_steroid if unlisted(values) else None,
        injection_time=clean(values.injection_time),
        follow_up=follow_up_text(values),
        physician=clean(values.physician),
        nurse=clean(values.nurse),
        notes=clean(values.notes),
        language=values.language,
        large_print=values.large_print,
        pain_diary=values.pain_diary,
    )


def insert_phrase(notes: str, cursor: int, phrase: str) -> tuple[str, int]:
    """Put a smart phrase at the cursor as its own line; returns the new text and cursor position."""
    phrase = normalise(phrase).strip()
    cursor = max(0, min(cursor, len(notes)))
    before, after = notes[:cursor], notes[cursor:]
    lead = "" if not before or before.endswith("\n") else "\n"
    tail = "" if not after or after.startswith("\n") else "\n"
    text = before + lead + phrase + tail + after
    return text, len(before) + len(lead) + len(phrase)

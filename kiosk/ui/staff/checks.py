"""The discharge form's values, their checks and the sheet details they make. Plain Python, no Qt.

The widgets (form.py) only collect `FormValues`; every rule about what a nurse may print lives here, so it is
tested without a screen. Messages name the field's problem in one sentence and never repeat what was typed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.core import aftercare, medicines
from kiosk.core.model import ClinicSettings, DischargeDetails, normalise

MAX_NAME = 120
MAX_LINE = 200
MAX_NOTES = 2000
MAX_WEEKS = 52
SIDES = ("left", "right", "both", "na")
FOLLOW_UP_MODES = ("none", "date", "weeks")

FOLLOW_UP_WEEKS = {
    "en": ("Call us to book your follow-up visit in 1 week.", "Call us to book your follow-up visit in {n} weeks."),
    "es": ("Llámenos para hacer su próxima cita en 1 semana.", "Llámenos para hacer su próxima cita en {n} semanas."),
}
# Printed under the heading "Your follow-up" / "Su próxima cita": the date alone, not the heading again.
FOLLOW_UP_DATE = {"en": "On {date}.", "es": "El {date}."}

# Teach-back prompts shown to the nurse beside the form: the patient says these back in their own words.
TEACH_BACK = (
    "Ask the patient to tell you, in their own words:",
    "• two signs that mean they should call the clinic",
    "• when to call 911",
    "• what not to do today (no driving for 24 hours after sedation)",
    "• when to restart their blood thinner, if they take one",
)


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
        problems["procedure"] = "Choose the procedure."
    name = values.patient_name.strip()
    if not name:
        problems["patient_name"] = "Enter the patient's name."
    elif len(name) > MAX_NAME:
        problems["patient_name"] = f"The name is too long (at most {MAX_NAME} characters)."
    if values.procedure_date > today:
        problems["procedure_date"] = "The procedure date is in the future."
    if values.side not in SIDES:
        problems["side"] = "Choose left, right, both or not applicable."
    for key, label in (("sites", "Where"), ("blood_thinner", "The blood thinner instructions"),
                       ("physician", "The doctor's name"), ("nurse", "The nurse's name")):
        if len(getattr(values, key)) > MAX_LINE:
            problems[key] = f"{label} is too long (at most {MAX_LINE} characters)."
    if values.follow_up_mode == "date":
        if values.follow_up_date is None:
            problems["follow_up"] = "Choose the follow-up date."
        elif values.follow_up_date < values.procedure_date:
            problems["follow_up"] = "The follow-up is before the procedure date."
    elif values.follow_up_mode == "weeks" and not 1 <= values.follow_up_weeks <= MAX_WEEKS:
        problems["follow_up"] = f"Choose between 1 and {MAX_WEEKS} weeks."
    elif values.follow_up_mode not in FOLLOW_UP_MODES:
        problems["follow_up"] = "Choose how the follow-up is booked."
    if len(values.notes) > MAX_NOTES:
        problems["notes"] = f"The notes are too long ({len(values.notes)} of {MAX_NOTES} characters)."
    rules = aftercare.sheet_problems(details(values), settings)
    for key, problem in rules.items():
        problems.setdefault(key, problem)
    return problems


def follow_up_text(values: FormValues) -> str:
    lang = values.language if values.language in FOLLOW_UP_WEEKS else "en"
    if values.follow_up_mode == "weeks":
        one, many = FOLLOW_UP_WEEKS[lang]
        return one if values.follow_up_weeks == 1 else many.format(n=values.follow_up_weeks)
    if values.follow_up_mode == "date" and values.follow_up_date is not None:
        from kiosk.sheet.labels import format_date

        return FOLLOW_UP_DATE[lang].format(date=format_date(values.follow_up_date, lang))
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

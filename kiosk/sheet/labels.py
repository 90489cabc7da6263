"""Every word the sheet prints that is not from the handout or the nurse: English msgids in the gettext
catalogues (kiosk.core.i18n, resources/locale/, docs/translations.md), named here by key for the renderer.

Dates come from Babel's CLDR data (kiosk.core.i18n), so the sheet never depends on the machine's locale, which on a
kiosk is usually C or en_US.
"""
from __future__ import annotations

from datetime import date, datetime

from kiosk.core import i18n
from kiosk.core.i18n import N_, ByLanguage, translate

MESSAGES: dict[str, str] = {
    "title": N_("Your aftercare: {title}"),
    "running_title": N_("Aftercare: {title}"),
    "phone": N_("Phone: {phone}"),
    "after_hours": N_("After hours: {phone}"),
    "patient": N_("Patient"),
    "procedure_date": N_("Procedure date"),
    "side": N_("Side"),
    "sites": N_("Where"),
    "medications": N_("Medicines you were given"),
    "physician": N_("Doctor"),
    "nurse": N_("Nurse"),
    "expect": N_("What to expect"),
    "do": N_("Do"),
    "dont": N_("Don't"),
    # The facts of the sedation, diabetes and blood-thinner boxes and their sources: docs/content-quality.md.
    # One driving rule after sedation (24 hours), the same in the box and the key points.
    "sedation_title": N_("You had medicine to relax you"),
    "sedation_1": N_("For 24 hours, do not drive or use machines."),
    "sedation_2": N_(
        "For 24 hours, do not drink alcohol. Do not take sleeping pills or other medicines that make you "
        "sleepy unless your doctor says to."
    ),
    "sedation_3": N_("For 24 hours, do not make big decisions or sign legal papers."),
    "sedation_4": N_("For 24 hours, do not care for children or other people on your own."),
    "sedation_5": N_("An adult must stay with you for the next 24 hours."),
    "diabetic_title": N_("Diabetes and the steroid"),
    "diabetic_1": N_("The steroid can raise your blood sugar for up to 2 weeks."),
    "diabetic_2": N_(
        "Check your blood sugar at least 2 times a day for 2 weeks, or as often as your diabetes team tells "
        "you."
    ),
    "diabetic_3": N_(
        "Is your blood sugar over {limit} mg/dL? Call the doctor who treats your diabetes. If you cannot "
        "reach them, call us."
    ),
    "thinner_title": N_("Your blood thinner"),
    "thinner_1": N_("Restart your blood thinner as your nurse wrote here:"),
    "thinner_ask": N_(
        "Ask the doctor who prescribed your blood thinner when to restart it. Do this before your next dose "
        "is due."
    ),
    "thinner_watch": N_("Call us if the shot site keeps bleeding or a bruise there keeps growing."),
    "steroid_title": N_("About the steroid medicine"),
    "steroid_intro": N_("For a few days you may notice:"),
    "steroid_1": N_("Your face or chest feels warm or looks red (flushing)."),
    "steroid_2": N_("Trouble sleeping."),
    "steroid_3": N_("Feeling restless or moody."),
    "steroid_end": N_("These go away on their own."),
    "steroid_sugar": N_("If you have diabetes: the steroid can raise your blood sugar for up to 2 weeks. Check it more often."),
    "steroid_sugar_box": N_("Your blood sugar can stay high for up to 2 weeks: follow the box about diabetes."),
    "key_title": N_("Key points"),
    "key_call": N_("Questions or a problem? Call us: {phone}"),
    "key_call_short": N_("Call us: {phone}"),
    "key_after_hours": N_("After hours: {phone}"),
    "key_no_phone": N_("Clinic phone: ____________________ (ask us to write it here)"),
    "key_911": N_("Call 911 for: {signs}. See all the signs in the red box."),
    "key_sedation": N_("No driving, alcohol or sleeping pills for 24 hours."),
    "key_sugar": N_("Check your blood sugar at least 2 times a day for 2 weeks."),
    "key_thinner": N_("Blood thinner: see the box below for when to restart it."),
    "activity": N_("Activity"),
    "about": N_("What you had"),
    "questions": N_("Questions to ask"),
    # Large print only: said where the two sections it leaves out can be found.
    "large_moved": N_("What the procedure is and the questions to ask are on the standard-print sheet. Ask us for one."),
    "no_phone_call": N_("Clinic phone: ____________________"),
    "call_title": N_("Call us if"),
    "call_clinic": N_("Clinic: {phone}"),
    "call_after_hours": N_("After hours: {phone}"),
    "follow_up": N_("Your follow-up"),
    "notes": N_("Notes from your care team"),
    "diary_title": N_("Pain diary"),
    "diary_howto": N_(
        "At each time, write your pain from 0 (no pain) to 10 (worst pain), how much better you feel, and "
        "what you tried. Better: 0% is no change, 50% is half the pain, 100% is no pain. Bring this sheet to "
        "your follow-up visit."
    ),
    "diary_time": N_("Time after the injection"),
    "diary_clock": N_("Clock time"),
    "diary_pain": N_("Pain 0–10"),
    "diary_better": N_("% better"),
    "diary_activity": N_("Activity I tried"),
    "diary_injected": N_("Injection time: {time}"),
    "diary_injected_blank": N_("Injection time: ________"),
    "log_title": N_("Pain log: 14 days"),
    "log_howto": N_(
        "Each evening, write the date and your pain from 0 (no pain) to 10 (worst pain). Bring this sheet to "
        "your follow-up visit."
    ),
    "log_day": N_("Day"),
    "log_date": N_("Date"),
    "log_pain": N_("Pain 0–10"),
    "diary_before": N_("Before the injection"),
    # The pain diary's rows, separated by |: translate each, keep the | between them.
    "diary_rows": N_("30 minutes|1 hour|2 hours|4 hours|6 hours|8 hours|Next day"),
    "qr": N_("Scan for more"),
    "drawing_caption": N_("Where the needle goes"),
    "continued": N_("(continued)"),
    "teach_back_ask": N_(
        "Before you go, tell your nurse in your own words: when to call us, when to call 911, and what not to "
        "do today."
    ),
    "teach_back": N_("I have read this sheet and my questions were answered."),
    "patient_initials": N_("Patient's initials"),
    "nurse_initials": N_("Nurse's initials"),
    # {slug} is the handout's file name (not translated), {version} its version number.
    "footer_handout": N_("{slug} · version {version}"),
    "footer_printed": N_("Printed {when}"),
    "footer_page": N_("Page {page} of {pages}"),
    "side_left": N_("Left"),
    "side_right": N_("Right"),
    "side_both": N_("Both sides"),
}

# {lang: {key: text}} for every configured language.
LABELS = ByLanguage(MESSAGES)

# Built-in warning signs, used only when a handout's own lists are empty.
_DEFAULT_CALL = (
    N_("You have a fever of 100.4 °F (38 °C) or higher."),
    N_("Pain, redness, swelling or warmth at the site gets worse."),
    N_("You have new numbness or weakness."),
)
_DEFAULT_EMERGENCY = (
    N_("You have trouble breathing or chest pain."),
    N_("You cannot move your legs or arms, or you lose control of your bladder or bowels."),
)


def language(code: str) -> str:
    """CODE when the kiosk has that language, else "en"."""
    return i18n.language(code)


def labels(code: str) -> dict[str, str]:
    """Key -> the label in CODE's language (unknown codes: English)."""
    return LABELS[language(code)]


def default_call(code: str) -> tuple[str, ...]:
    return tuple(translate(m, language(code)) for m in _DEFAULT_CALL)


def default_emergency(code: str) -> tuple[str, ...]:
    return tuple(translate(m, language(code)) for m in _DEFAULT_EMERGENCY)


def format_date(value: date, code: str) -> str:
    """'Tuesday, March 4, 2025' / 'martes, 4 de marzo de 2025' (Babel, CLDR's full date)."""
    return i18n.format_date(value, language(code))


def number(value: float, code: str) -> str:
    """A number as CODE's language writes it (Babel): 1,500 / 1500."""
    return i18n.format_number(value, language(code))


def format_datetime(value: datetime, code: str) -> str:
    """'March 4, 2025, 2:05 PM' / '4 de marzo de 2025, 14:05' (no weekday: it is for the footer)."""
    return i18n.format_datetime(value, language(code))


def side(value: str, code: str) -> str:
    """The printed side; "na" (not applicable) or anything unknown prints nothing."""
    key = f"side_{(value or '').strip().lower()}"
    return labels(code).get(key, "")

"""The rules a discharge must pass before its aftercare sheet prints, shared by the discharge form and the CLI.

Plain functions, no Qt. Each returns None when all is well, or one sentence saying what to fix; no sentence
repeats what was typed (it may be about a patient). The sentence is in the current staff language
(kiosk.core.i18n.use: the signed-in member's on the discharge form; English for the kiosk command).
"""
from __future__ import annotations

import re
import unicodedata

from kiosk.core import medicines
from kiosk.core.i18n import _, _n
from kiosk.core.model import ClinicSettings, DischargeDetails

SUGAR_MIN, SUGAR_MAX = 150, 500  # mg/dL: the clinic-set "call us above" blood sugar must lie in this range

# Words that mean "no blood thinner" rather than when to restart one, compared without case, accents or
# punctuation. A restart line made only of punctuation ("-", "--", "...") counts too.
NONE_WORDS = frozenset({
    "none", "no", "nil", "na", "n a", "not applicable", "nothing", "no blood thinner", "no thinner", "nope",
    "0", "zero", "ninguno", "ninguna", "nada", "no aplica", "no toma", "sin anticoagulante", "no anticoagulante",
})


def _bare(text: str) -> str:
    folded, _where = medicines.fold(text)
    return " ".join(re.findall(r"[^\W_]+", folded))


def blood_thinner_problem(restart: str) -> str | None:
    """The restart line of the blood-thinner box: None when it may print (blank is fine: the sheet then says to
    ask the prescriber), else why not. "None", "n/a", "-", "ninguno", "nada" and the like are refused: they
    would print "Restart your blood thinner: None"."""
    text = unicodedata.normalize("NFC", restart or "").strip()
    if not text:
        return None
    if not _bare(text) or _bare(text) in NONE_WORDS:
        return _("The blood thinner line says there is none: leave it blank and untick “Takes a blood thinner”, "
                 "or write when to restart it.")
    return None


def steroid_question(details: DischargeDetails) -> tuple[str, ...]:
    """The medicines the nurse must answer "Is this a steroid?" about (empty when none, or when answered)."""
    if details.unlisted_is_steroid is not None:
        return ()
    return medicines.unclassified(details.medications)


def steroid_problem(details: DischargeDetails) -> str | None:
    unknown = steroid_question(details)
    if not unknown:
        return None
    names = ", ".join(unknown)
    return _n("Is {names} a steroid? The medicines list does not know it; answer yes or no so the right warnings "
              "print.",
              "Is {names} a steroid? The medicines list does not know them; answer yes or no so the right warnings "
              "print.", len(unknown)).format(names=names)


_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")


def parse_clock(text: str) -> tuple[int, int] | None:
    """(hour, minute) from "HH:MM" (24-hour; "14.30" and "14h30" too), or None when it is not a time."""
    m = _CLOCK.match(text or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def injection_time_problem(text: str) -> str | None:
    if not (text or "").strip() or parse_clock(text):
        return None
    return _("Write the injection time as hours and minutes on a 24-hour clock, for example 14:30.")


def clinic_phone_problem(settings: ClinicSettings) -> str | None:
    """Every sheet tells the patient whom to call: without the clinic's phone number it cannot."""
    if settings.phone.strip():
        return None
    return _("The clinic's phone number is not set, so the sheet cannot say whom to call. An admin must enter it "
             "in Clinic settings.")


def sugar_threshold_problem(value) -> str | None:
    """The clinic's "call us if your blood sugar is over N mg/dL" number: a whole number in [150, 500]."""
    if isinstance(value, bool) or not isinstance(value, int):
        return _("The blood sugar to call about must be a whole number of mg/dL from {low} to {high}.").format(
            low=SUGAR_MIN, high=SUGAR_MAX)
    if not SUGAR_MIN <= value <= SUGAR_MAX:
        return _("The blood sugar to call about must be from {low} to {high} mg/dL.").format(low=SUGAR_MIN,
                                                                                          high=SUGAR_MAX)
    return None


def sheet_problems(details: DischargeDetails, settings: ClinicSettings | None = None) -> dict[str, str]:
    """Field -> sentence, for everything about the medicines, the blood thinner and (given `settings`) the clinic
    that stops a sheet from printing safely. Empty when it may print."""
    problems = {}
    for key, problem in (("steroid", steroid_problem(details)),
                         ("injection_time", injection_time_problem(details.injection_time)),
                         ("blood_thinner", blood_thinner_problem(details.blood_thinner)),
                         ("clinic_phone", clinic_phone_problem(settings) if settings is not None else None)):
        if problem:
            problems[key] = problem
    return problems

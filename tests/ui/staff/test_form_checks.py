"""The discharge form's rules, without a screen: what may be printed, and the details the sheet gets."""
from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kiosk.ui.staff.checks import FormValues, check, details, follow_up_text, insert_phrase

TODAY = date(2026, 3, 10)


def ok(**changes) -> FormValues:
    base = dict(slug="facet-joint-injection", patient_name="Ana Diaz", procedure_date=TODAY)
    return FormValues(**{**base, **changes})


def test_a_complete_form_has_no_problems():
    assert check(ok(), TODAY) == {}


def test_each_problem_is_named_for_its_field():
    assert check(FormValues(procedure_date=TODAY), TODAY) == {
        "procedure": "Choose the procedure.", "patient_name": "Enter the patient's name."}
    assert check(ok(patient_name="   "), TODAY)["patient_name"] == "Enter the patient's name."
    assert check(ok(procedure_date=date(2026, 3, 11)), TODAY) == {
        "procedure_date": "The procedure date is in the future."}
    assert check(ok(follow_up_mode="date", follow_up_date=date(2026, 3, 9)), TODAY) == {
        "follow_up": "The follow-up is before the procedure date."}
    assert check(ok(follow_up_mode="weeks", follow_up_weeks=0), TODAY) == {"follow_up": "Choose between 1 and 52 weeks."}
    assert "2001 of 2000" in check(ok(notes="x" * 2001), TODAY)["notes"]


def test_problem_messages_never_repeat_what_was_typed():
    typed = "Zebracorn " * 30
    problems = check(ok(patient_name=typed, notes=typed * 10, sites=typed), TODAY)
    assert problems and not any("Zebracorn" in message for message in problems.values())


def test_follow_up_is_written_in_the_sheet_language():
    assert follow_up_text(ok(follow_up_mode="weeks", follow_up_weeks=3)) == \
        "Call us to book your follow-up visit in 3 weeks."
    assert follow_up_text(ok(follow_up_mode="weeks", follow_up_weeks=1, language="es")) == \
        "Llámenos para hacer su próxima cita en 1 semana."
    assert follow_up_text(ok(follow_up_mode="date", follow_up_date=date(2026, 3, 24))) == \
        "On Tuesday, March 24, 2026."
    assert follow_up_text(ok(follow_up_mode="date", follow_up_date=date(2026, 3, 24), language="es")) == \
        "El martes, 24 de marzo de 2026."
    assert follow_up_text(ok()) == ""


def test_details_are_trimmed_and_normalised():
    d = details(ok(patient_name="  Jose\u0301   Diaz ", notes=" Ice. \n", medications=("Steroid", "  ")))
    assert d.patient_name == "Jos\u00e9 Diaz" and d.notes == "Ice." and d.medications == ("Steroid",)


def test_smart_phrase_lands_on_its_own_line_at_the_cursor():
    assert insert_phrase("Ice today.", 10, "Rest.") == ("Ice today.\nRest.", 16)
    assert insert_phrase("", 0, "Rest.") == ("Rest.", 5)
    assert insert_phrase("A\nB", 1, " Rest. ") == ("A\nRest.\nB", 7)


@given(st.text(max_size=300), st.text(max_size=300))
def test_any_typed_text_gives_details_or_a_clear_refusal(name, notes):
    values = ok(patient_name=name, notes=notes)
    problems = check(values, TODAY)
    if not problems:
        d = details(values)
        assert d.patient_name and "\r" not in d.notes


def test_clinical_rules_come_from_core_and_name_their_field():
    from kiosk.core.model import ClinicSettings

    problems = check(ok(medications=("Zorbex 5 mg",), takes_blood_thinner=True, blood_thinner="None",
                        injection_time="99:99"), TODAY, ClinicSettings())
    assert set(problems) == {"steroid", "blood_thinner", "injection_time", "clinic_phone"}
    assert check(ok(medications=("Zorbex 5 mg",), unlisted_is_steroid=False), TODAY) == {}
    assert check(ok(medications=("Kenalog 40 mg",)), TODAY, ClinicSettings(phone="555-0100")) == {}


def test_details_carry_the_tick_the_answer_and_drop_a_restart_line_without_the_tick():
    d = details(ok(takes_blood_thinner=False, blood_thinner="Restart tomorrow"))
    assert d.blood_thinner == "" and not d.blood_thinner_box
    d = details(ok(takes_blood_thinner=True, blood_thinner=" Restart tomorrow "))
    assert d.blood_thinner == "Restart tomorrow" and d.blood_thinner_box
    assert details(ok(medications=("Zorbex",), unlisted_is_steroid=True)).steroid_given
    # an answer left over from a medicine no longer chosen does not count
    assert details(ok(medications=("Lidocaine",), unlisted_is_steroid=True)).unlisted_is_steroid is None

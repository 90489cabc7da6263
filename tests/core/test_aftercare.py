"""The rules a discharge must pass before its sheet prints (kiosk.core.aftercare): one place for the form and
the CLI."""
from __future__ import annotations

from datetime import date

import pytest

from kiosk.core import aftercare
from kiosk.core.model import ClinicSettings, DischargeDetails

DAY = date(2026, 3, 10)


@pytest.mark.parametrize("typed", ["None", "none.", "NONE", "n/a", "N/A", "na", "no", "No.", "-", "--", "—", "...",
                                   "ninguno", "Ninguna", "nada", "Nada.", "0", "not applicable", "no aplica", " - "])
def test_none_like_restart_lines_are_refused_in_one_sentence(typed):
    problem = aftercare.blood_thinner_problem(typed)
    assert problem and problem.count(".") == 1 and typed.strip() not in problem.replace("“", "").split()


@pytest.mark.parametrize("typed", ["", "   ", "Restart Eliquis tomorrow morning", "No aspirin until Friday",
                                   "Restart warfarin on 3/12", "Nada de aspirina hasta el viernes", "Tomorrow"])
def test_real_restart_lines_and_a_blank_line_are_accepted(typed):
    assert aftercare.blood_thinner_problem(typed) is None


def test_unlisted_medicines_need_the_nurses_answer():
    details = DischargeDetails(DAY, medications=("Lidocaine", "Zorbex 5 mg"))
    assert aftercare.steroid_question(details) == ("Zorbex 5 mg",)
    assert "Is Zorbex 5 mg a steroid?" in aftercare.steroid_problem(details)
    for answer in (True, False):
        answered = DischargeDetails(DAY, medications=("Lidocaine", "Zorbex 5 mg"), unlisted_is_steroid=answer)
        assert aftercare.steroid_question(answered) == () and aftercare.steroid_problem(answered) is None
    assert aftercare.steroid_problem(DischargeDetails(DAY, medications=("Kenalog 40 mg",))) is None


def test_missing_clinic_phone_says_what_to_fix():
    problem = aftercare.clinic_phone_problem(ClinicSettings(phone="  "))
    assert "phone number is not set" in problem and "Clinic settings" in problem
    assert aftercare.clinic_phone_problem(ClinicSettings(phone="(555) 010-0100")) is None


@pytest.mark.parametrize("value, ok", [(300, True), (150, True), (500, True), (149, False), (501, False),
                                       (0, False), (-5, False), ("300", False), (300.5, False), (True, False),
                                       (None, False)])
def test_the_clinic_blood_sugar_limit_is_a_whole_number_in_range(value, ok):
    assert (aftercare.sugar_threshold_problem(value) is None) is ok


@pytest.mark.parametrize("typed, parsed", [("10:30", (10, 30)), ("7:05", (7, 5)), ("14.30", (14, 30)),
                                           ("14h30", (14, 30)), ("24:00", None), ("10:60", None), ("ten", None),
                                           ("", None)])
def test_injection_time(typed, parsed):
    assert aftercare.parse_clock(typed) == parsed
    assert (aftercare.injection_time_problem(typed) is None) is (parsed is not None or not typed)


def test_sheet_problems_gathers_every_rule_by_field():
    details = DischargeDetails(DAY, medications=("Zorbex",), takes_blood_thinner=True, blood_thinner="n/a",
                               injection_time="25:00")
    assert set(aftercare.sheet_problems(details, ClinicSettings())) == {
        "steroid", "blood_thinner", "clinic_phone", "injection_time"}
    fine = DischargeDetails(DAY, medications=("Kenalog",), takes_blood_thinner=True)
    assert aftercare.sheet_problems(fine, ClinicSettings(phone="555-0100")) == {}

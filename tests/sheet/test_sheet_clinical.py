"""The clinical blocks of the sheet, read back from the PDF: the steroid and diabetes boxes follow the medicines
catalogue, the boxes say what a patient must do and for how long, and the new parts (key points, activity,
questions, teach-back, pain logs) print when they apply."""
from __future__ import annotations

import pytest
from sheet_helpers import make_handout, make_settings, page_texts, pdf_text, render, squash

from kiosk.sheet import labels as lb

EN, ES = lb.LABELS["en"], lb.LABELS["es"]
STEROIDS = ["Kenalog 40 mg (triamcinolone)", "Depo-Medrol", "Dexamethasone", "Celestone", "Dexametasona",
            "Corticoide"]


def text_of(result) -> str:
    return squash(pdf_text(result.pdf))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("medicine", STEROIDS)
def test_every_steroid_prints_the_steroid_and_diabetes_boxes(medicine, language):
    L = lb.LABELS[language]
    result = render(make_handout(language), medications=("Lidocaine 1%", medicine), diabetic=True,
                    language=language)
    text = text_of(result)
    for key in ("steroid_title", "steroid_1", "diabetic_title", "diabetic_1", "diabetic_2"):
        assert squash(L[key]) in text, key
    assert squash(L["diabetic_3"].format(limit=300)) in text


@pytest.mark.parametrize("medicine", ["Lidocaine 1%", "Toradol (non-steroidal anti-inflammatory)", "Omnipaque"])
def test_no_steroid_no_steroid_boxes(medicine):
    text = text_of(render(medications=(medicine,), diabetic=True))
    assert squash(EN["steroid_title"]) not in text and squash(EN["diabetic_title"]) not in text


def test_blood_sugar_is_never_among_the_things_that_go_away():
    for language, word in (("en", "sugar"), ("es", "azúcar")):
        L = lb.LABELS[language]
        for diabetic in (False, True):
            text = pdf_text(render(make_handout(language), medications=("Kenalog",), diabetic=diabetic,
                                   language=language).pdf)
            flat = " ".join(text.split())
            gone_list = flat[flat.index(L["steroid_intro"]):flat.index(L["steroid_end"])]
            assert word not in gone_list.lower()
            after = L["steroid_sugar_box" if diabetic else "steroid_sugar"]
            assert after in flat[flat.index(L["steroid_end"]):]  # "up to 2 weeks" follows, outside the list
            assert ("2 weeks" if language == "en" else "2 semanas") in after


def test_the_diabetes_box_gives_how_often_the_clinics_limit_and_whom_to_call():
    text = text_of(render(settings=make_settings(sugar_call_above=250), medications=("Dexamethasone",),
                          diabetic=True))
    assert squash("at least 2 times a day for 2 weeks") in text
    assert squash("over 250 mg/dL? Call the doctor who treats your diabetes") in text
    assert squash("for up to 2 weeks") in text


def test_an_invalid_clinic_limit_falls_back_to_300_and_says_so():
    result = render(settings=make_settings(sugar_call_above=5000), medications=("Kenalog",), diabetic=True)
    assert squash("over 300 mg/dL") in text_of(result)
    assert any("blood sugar limit" in w for w in result.warnings)


def test_spanish_sheets_print_spanish_medicine_names():
    text = text_of(render(make_handout("es"), language="es",
                          medications=("Local anesthetic (numbing medicine)", "Kenalog 40 mg (triamcinolone)")))
    assert squash("Anestésico local (medicina para adormecer), Kenalog 40 mg (triamcinolona)") in text
    assert squash("numbing medicine") not in text


@pytest.mark.parametrize("answer, boxes", [(True, True), (False, False)])
def test_an_unlisted_medicine_follows_the_nurses_answer(answer, boxes):
    text = text_of(render(medications=("Zorbex 5 mg",), diabetic=True, unlisted_is_steroid=answer))
    assert (squash(EN["steroid_title"]) in text) is boxes
    assert (squash(EN["diabetic_title"]) in text) is boxes


def test_the_sedation_box_is_complete_and_has_one_driving_rule():
    result = render(sedation=True)
    text = text_of(result)
    for i in range(1, 6):
        assert squash(EN[f"sedation_{i}"]) in text
    flat = " ".join(pdf_text(result.pdf).split()).lower()
    for needle in ("alcohol", "sleeping pills", "big decisions", "children", "drive"):
        assert needle in flat
    # every sentence of the sheet's own words about driving says the same 24 hours
    ours = [EN[k] for k in EN if k.startswith(("sedation_", "key_sedation"))]
    assert all("24 hours" in sentence for sentence in ours if "driv" in sentence.lower())


def test_spanish_sedation_box_is_complete_too():
    text = text_of(render(make_handout("es"), language="es", sedation=True))
    for i in range(1, 6):
        assert squash(ES[f"sedation_{i}"]) in text


def test_blood_thinner_tick_without_a_restart_line_says_to_ask_the_prescriber():
    text = text_of(render(takes_blood_thinner=True, blood_thinner=""))
    assert squash(EN["thinner_title"]) in text and squash(EN["thinner_ask"]) in text
    assert squash(EN["thinner_1"]) not in text
    written = text_of(render(takes_blood_thinner=True, blood_thinner="Restart Eliquis tomorrow morning"))
    assert squash("Restart Eliquis tomorrow morning") in written and squash(EN["thinner_ask"]) not in written
    assert squash(EN["thinner_title"]) not in text_of(render(takes_blood_thinner=False))


def test_page_one_carries_the_patient_the_key_points_the_phone_and_911():
    handout = make_handout()
    first = squash(page_texts(render(handout, sedation=True, diabetic=True, medications=("Kenalog",),
                                     takes_blood_thinner=True).pdf)[0])
    for needle in ("María José Núñez", EN["key_title"], "Call us: (555) 010-0100",
                   EN["key_911"].format(signs="Trouble breathing; Chest pain; Loss of control of your bladder or "
                                              "bowels"),
                   EN["key_sedation"], EN["key_sugar"], EN["key_thinner"]):
        assert squash(needle) in first, needle


def test_activity_and_questions_print_when_the_handout_has_them():
    sections = {**make_handout().sections, "questions": "- How many shots can I have in a year?\n- When will I "
                                                       "know if it worked?"}
    text = text_of(render(make_handout(sections=sections)))
    assert squash(EN["activity"]) in text and squash(make_handout().sections["activity"]) in text
    assert squash(EN["questions"]) in text
    assert squash("How many shots can I have in a year?") in text and squash("When will I know if it worked?") in text
    assert squash(EN["questions"]) not in text_of(render())
    es = text_of(render(make_handout("es", sections={**make_handout("es").sections, "questions": "- ¿Cuándo?"}),
                        language="es"))
    assert squash(ES["questions"] + "•¿Cuándo?") in es


def test_teach_back_asks_the_patient_to_say_it_back_before_the_initials():
    text = text_of(render())
    assert text.index(squash(EN["teach_back_ask"])) < text.index(squash(EN["patient_initials"]))


DAILY = {**make_handout().sections, "follow_up": "Write down your pain each day until your visit."}


def test_a_handout_that_asks_for_daily_pain_gets_the_14_day_log():
    text = text_of(render(make_handout(sections=DAILY)))
    assert squash(EN["log_title"]) in text and squash("Day1234567") in text and squash("Day891011121314") in text
    assert squash(EN["log_title"]) not in text_of(render())
    assert squash(EN["log_title"]) not in text_of(render(make_handout(sections=DAILY), pain_diary=False))
    es = {**make_handout("es").sections, "follow_up": "Anote su dolor cada día hasta su cita."}
    assert squash(ES["log_title"]) in text_of(render(make_handout("es", sections=es), language="es"))


def test_the_diagnostic_grid_prints_the_injection_time_clock_times_and_activity():
    text = pdf_text(render(make_handout(diagnostic=True), injection_time="10:30").pdf)
    flat = squash(text)
    assert squash("Injection time: 10:30 AM") in flat
    assert squash(EN["diary_activity"]) in flat
    for label, clock in (("30 minutes", "11:00 AM"), ("1 hour", "11:30 AM"), ("8 hours", "6:30 PM")):
        assert squash(label + clock) in flat, label
    blank = squash(pdf_text(render(make_handout(diagnostic=True)).pdf))
    assert squash(EN["diary_injected_blank"]) in blank
    es = squash(pdf_text(render(make_handout("es", diagnostic=True), language="es", injection_time="14:45").pdf))
    assert squash("Hora de la inyección: 14:45") in es and squash("30 minutos15:15") in es


def test_without_a_clinic_phone_the_sheet_leaves_a_line_to_write_it_and_warns():
    result = render(settings=make_settings(phone="", after_hours_phone=""))
    first = squash(page_texts(result.pdf)[0])
    assert squash(EN["key_no_phone"]) in first
    assert any("phone number is not set" in w for w in result.warnings)


def test_the_sheet_says_what_was_done_in_the_handouts_own_summary():
    text = text_of(render())
    assert squash(EN["about"] + make_handout().summary) in text

"""What the patient reads: every field the nurse entered, the handout's aftercare, the blocks that apply to them
and only those, in their language. Checked on the text extracted from the PDF."""
from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from sheet_helpers import (
    NOW,
    lines,
    make_details,
    make_handout,
    make_settings,
    page_texts,
    pdf_text,
    reader,
    render,
    spans,
    squash,
)

from kiosk.sheet import labels as lb
from kiosk.sheet.pictures import qr_modules

EN = lb.LABELS["en"]
ES = lb.LABELS["es"]


def contains(pdf: bytes, *needles: str) -> list[str]:
    """The needles missing from the PDF's text (whitespace-insensitive, so wrapping does not matter)."""
    text = squash(pdf_text(pdf))
    return [n for n in needles if squash(n) not in text]


def test_every_input_field_appears_on_the_sheet():
    details = make_details(
        patient_name="María José Núñez",
        procedure_date=date(2025, 3, 4),
        side="right",
        sites="L4-L5, L5-S1",
        medications=("Local anesthetic (numbing medicine)", "Steroid"),
        sedation=True,
        diabetic=True,
        blood_thinner="Apixaban (Eliquis): restart tomorrow morning",
        follow_up="Call to book in 2 weeks",
        physician="Dr. Ana Ruiz",
        nurse="Sam Lee",
        notes="Keep the bandage on until tomorrow.",
    )
    settings = make_settings()
    result = render(details=details, settings=settings)
    assert contains(
        result.pdf,
        "Riverside Pain Clinic", "200 River Road, Suite 4", "(555) 010-0100", "(555) 010-0199",
        "https://example.org/aftercare", "Your aftercare: Sacroiliac joint injection",
        "Patient: María José Núñez", "Procedure date: Tuesday, March 4, 2025", "Side: Right",
        "Where: L4-L5, L5-S1", "Local anesthetic (numbing medicine), Steroid", "Doctor: Dr. Ana Ruiz",
        "Nurse: Sam Lee", "Apixaban (Eliquis): restart tomorrow morning", "Call to book in 2 weeks",
        "Keep the bandage on until tomorrow.",
    ) == []


def test_the_handouts_aftercare_is_on_the_sheet(handout_en):
    result = render(handout_en)
    expected = [
        "What to expect", "We will watch you for a short time.", "The steroid starts to help in 2 to 7 days.",
        *handout_en.do, *handout_en.dont,
        "A fever of 100.4 °F (38 °C) or higher", "New numbness or weakness in a leg",
        "Call 911 or go to the emergency room if", "Trouble breathing", "Loss of control of your bladder or bowels",
    ]
    assert contains(result.pdf, *expected) == []
    # The key points on page 1 repeat the first two "do" items; then every item, once, in order.
    assert [line for line in lines(result.pdf) if line.startswith("☐")] == [f"☐ {i}" for i in
                                                                            (*handout_en.do[:2], *handout_en.do,
                                                                             *handout_en.dont)]


def test_call_us_box_carries_both_numbers():
    text = pdf_text(render().pdf)
    box = text[text.index(EN["call_title"]):text.index("Call 911 or go")]
    assert "Clinic: (555) 010-0100" in box and "After hours: (555) 010-0199" in box


def test_footer_on_every_page_names_the_handout_version_time_and_page():
    result = render(notes="\n".join(f"Line {i}" for i in range(120)))
    texts = page_texts(result.pdf)
    assert result.pages == len(texts) > 2
    for number, text in enumerate(texts, start=1):
        assert "sacroiliac-joint-injection · version 3" in text
        assert "Printed March 4, 2025, 2:05 PM" in text
        assert f"Page {number} of {len(texts)}" in text


def test_later_pages_repeat_the_title_and_the_patients_name():
    texts = page_texts(render(notes="\n".join(f"Line {i}" for i in range(120))).pdf)
    for text in texts[1:]:
        assert "Aftercare: Sacroiliac joint injection" in text
        assert "María José Núñez" in text


def test_the_patients_name_is_not_in_the_pdf_metadata():
    """Print queues and viewers show the document title: it must never be the patient's name."""
    meta = reader(render().pdf).metadata
    assert "Núñez" not in " ".join(str(v) for v in meta.values())
    assert meta.title == "Your aftercare: Sacroiliac joint injection"


CONDITIONS = list(itertools.product([False, True], repeat=4))


@pytest.mark.parametrize("sedation, diabetic, steroid, thinner", CONDITIONS)
def test_conditional_blocks_appear_exactly_when_they_apply(sedation, diabetic, steroid, thinner):
    medications = ("Local anesthetic (numbing medicine)",) + (("Steroid",) if steroid else ())
    result = render(sedation=sedation, diabetic=diabetic, medications=medications,
                    blood_thinner="Warfarin: restart on Friday" if thinner else "")
    text = squash(pdf_text(result.pdf))
    present = {
        "sedation": squash(EN["sedation_title"]) in text and squash(EN["sedation_1"]) in text,
        "diabetic": squash(EN["diabetic_title"]) in text and squash(EN["diabetic_1"]) in text,
        "steroid": squash(EN["steroid_title"]) in text and squash(EN["steroid_1"]) in text,
        "thinner": squash(EN["thinner_title"]) in text and squash("Warfarin: restart on Friday") in text,
    }
    assert present == {
        "sedation": sedation,
        "diabetic": diabetic and steroid,
        "steroid": steroid,
        "thinner": thinner,
    }


def test_spanish_steroid_name_counts_as_a_steroid(handout_es):
    result = render(handout_es, medications=("Esteroide",), diabetic=True)
    text = squash(pdf_text(result.pdf))
    assert squash(ES["steroid_title"]) in text and squash(ES["diabetic_title"]) in text


@pytest.mark.parametrize(
    "diagnostic, choice, expected",
    [(True, None, True), (False, None, False), (True, False, False), (False, True, True), (True, True, True)],
)
def test_pain_diary_by_default_only_for_diagnostic_blocks(diagnostic, choice, expected):
    result = render(make_handout(diagnostic=diagnostic), pain_diary=choice)
    text = pdf_text(result.pdf)
    assert (EN["diary_title"] in text) is expected
    if expected:
        assert contains(result.pdf, EN["diary_howto"], EN["diary_pain"], EN["diary_better"], "30 minutes",
                        "8 hours", "Next day") == []


def test_notes_come_out_verbatim_with_their_line_breaks():
    notes = "Take 1 tablet at 8 PM.\n  Then rest.\nCall Dr. Ruiz's line: 555-0142\n\nBP <140 & pain >7 -> OK"
    result = render(notes=notes)
    got = lines(result.pdf)
    start = got.index("Take 1 tablet at 8 PM.")
    assert got[start:start + 4] == ["Take 1 tablet at 8 PM.", "Then rest.", "Call Dr. Ruiz's line: 555-0142",
                                     "BP <140 & pain >7 -> OK"]


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("marker", ["* ", "- ", "\u2022 ", "  * ", "-\t"])
def test_notes_written_as_a_list_print_as_bullets_not_literal_markers(marker, large):
    notes = f"Before you leave:\n{marker}Ice 20 minutes\n{marker}No bath for 2 days\n\n-5 stays as typed\n*bold*"
    result = render(notes=notes, large_print=large)
    got = lines(result.pdf)
    i = got.index("Before you leave:")
    # the marker is gone and a bullet stands at the left of each item, which starts at the list's indent
    assert got[i + 1:i + 3] == ["\u2022 Ice 20 minutes", "\u2022 No bath for 2 days"], got[i:i + 4]
    assert "-5 stays as typed" in got and "*bold*" in got  # not a list: no space after the mark
    assert not any(line.startswith(("* ", "- ")) for line in got)
    items = [s for s in spans(result.pdf) if s.text.strip() in ("Ice 20 minutes", "No bath for 2 days")]
    plain = [s for s in spans(result.pdf) if s.text.strip() == "Before you leave:"]
    assert len(items) == 2 and items[0].x == items[1].x > plain[0].x


def test_blood_thinner_instructions_keep_their_line_breaks():
    result = render(blood_thinner="Clopidogrel\nRestart: Thursday morning")
    got = lines(result.pdf)
    i = got.index("Clopidogrel")
    assert got[i + 1] == "Restart: Thursday morning"


def test_empty_optional_fields_leave_no_empty_labels():
    details = make_details(patient_name="", side="na", sites="", medications=(), physician="", nurse="",
                           notes="", follow_up="")
    text = pdf_text(render(details=details).pdf)
    for label in ("Patient:", "Side:", "Where:", "Medicines you were given:", "Doctor:", "Nurse:",
                  EN["notes"]):
        assert label not in text
    # With no appointment typed, the handout's own follow-up advice is printed instead.
    assert "Plan a visit with us about 2 weeks after the shot." in text


def test_spanish_handout_gives_a_spanish_sheet(handout_es):
    result = render(handout_es, notes="Nota", language="es", medications=("Esteroide",))
    text = pdf_text(result.pdf)
    for spanish in ("Sus cuidados: Inyección en la articulación sacroilíaca", "Paciente:",
                    "Fecha del procedimiento: martes, 4 de marzo de 2025", "Lado: Izquierdo", "Qué esperar",
                    "Lo que debe hacer", "Lo que no debe hacer", "Llámenos si", "Llame al 911",
                    "Su próxima cita", "Notas de su equipo de salud", "Leí esta hoja",
                    "Impreso el 4 de marzo de 2025, 14:05", "Página 1 de"):
        assert squash(spanish) in squash(text), spanish
    for english in ("What to expect", "Call us if", "Your follow-up", "Page 1 of", "Printed", "Patient:", "Don't"):
        assert english not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_month_and_weekday_is_spelled_out_in_the_sheets_language(language):
    months = [lb.format_date(date(2025, m, 1), language) for m in range(1, 13)]
    names = {"en": "January February March April May June July August September October November December",
             "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"}
    assert [name in months[m] for m, name in enumerate(names[language].split())] == [True] * 12
    assert [lb.format_date(date(2025, 3, d), language).split(",")[0] for d in range(3, 10)] == {
        "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]}[language]
    assert lb.format_date(date(2025, 3, 4), language) == {
        "en": "Tuesday, March 4, 2025", "es": "martes, 4 de marzo de 2025"}[language]
    assert lb.format_datetime(NOW.replace(hour=0), language) == {
        "en": "March 4, 2025, 12:05 AM", "es": "4 de marzo de 2025, 0:05"}[language]  # CLDR: H:mm in Spanish


def test_qr_code_only_when_the_clinic_has_a_web_address():
    with_qr = render(settings=make_settings(web_address="https://example.org/si"))
    without = render(settings=make_settings(web_address=""))
    assert EN["qr"] in pdf_text(with_qr.pdf)
    assert EN["qr"] not in pdf_text(without.pdf)
    # The code is drawn as vector rectangles in the page: one per run of dark modules.
    runs = sum(1 for row in qr_modules("https://example.org/si") for i, dark in enumerate(row)
               if dark and (i == 0 or not row[i - 1]))
    pattern = re.compile(rb"q 0 g [\d.]+ 0 0 [\d.]+ 0 0 cm ((?:\d+ \d+ \d+ 1 re ?)+) f Q")
    drawn = pattern.findall(reader(with_qr.pdf).pages[0].get_contents().get_data())
    assert len(drawn) == 1 and drawn[0].count(b" re") == runs
    assert not pattern.search(reader(without.pdf).pages[0].get_contents().get_data())


def test_qr_code_uses_reportlabs_own_encoder():
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget("https://example.org/si", barLevel="M")
    widget.qr.make()
    assert qr_modules("https://example.org/si") == tuple(tuple(bool(m) for m in row) for row in widget.qr.modules)


def test_a_web_address_too_long_for_a_qr_code_is_reported_not_fatal():
    result = render(settings=make_settings(web_address="https://example.org/" + "x" * 4000))
    assert result.pages >= 1
    assert any("QR" in w for w in result.warnings)


@pytest.mark.parametrize("paper, size", [("letter", (612, 792)), ("a4", (595, 842)), ("", (612, 792))])
def test_paper_size_follows_the_clinic_setting(paper, size):
    box = reader(render(settings=make_settings(paper_size=paper)).pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_teach_back_line_with_initials_boxes():
    text = pdf_text(render().pdf)
    assert "I have read this sheet and my questions were answered." in text
    assert "Patient's initials" in text and "Nurse's initials" in text


def test_the_hundredth_sheet_is_the_same_as_the_first():
    """Shared text is parsed and line-broken once per process; a warm cache must not change a single byte,
    including sheets whose boxes and paragraphs split across pages."""
    from kiosk.sheet import flowables

    long_list = "\n".join(f"- Warning sign {i} " + "word " * 30 for i in range(40))
    cases = [
        (make_handout(diagnostic=True), make_details(sedation=True, medications=("Steroid",), notes="n\n" * 90)),
        (make_handout(sections={**make_handout().sections, "call_clinic": long_list}),
         make_details(large_print=True, blood_thinner="Restart " * 400)),
        (make_handout("es"), make_details(large_print=True, diabetic=True, medications=("Esteroide",))),
    ]
    flowables._parsed.cache_clear()
    flowables._lines.clear()
    cold = [render(h, details=d).pdf for h, d in cases]
    for _ in range(2):
        assert [render(h, details=d).pdf for h, d in cases] == cold

"""What the large-print sheet leaves out, and the rule that nothing a patient needs is lost by it: "What you had" and
"Questions to ask" are named in one line as being on the standard-print sheet; a sentence of the
handout that a printed box (sedation, steroid) or, in large print, a Do or Don't line already says in full is not
said twice; every warning still prints."""
from __future__ import annotations

import re

import pytest
from sheet_helpers import NOW, make_details, make_handout, make_settings, pdf_text, render, squash

from kiosk import resources
from kiosk.content.library import load_folder
from kiosk.core.sections import blocks
from kiosk.sheet import labels as lb
from kiosk.sheet import render_sheet
from kiosk.sheet.story import covered_by, said_by_list, without_covered

LIBRARY = sorted(load_folder(resources.handouts_dir()).handouts, key=lambda h: (h.slug, h.language)) \
    if resources.handouts_dir().is_dir() else []
QUESTIONS = {"en": "- How many shots can I have in a year?", "es": "- ¿Cuántas inyecciones puedo recibir al año?"}


def text_of(result) -> str:
    return squash(pdf_text(result.pdf))


FRAME = re.compile(r"(Page|Página) \d+ (of|de) \d+|· (version|versión) \d+|^(Printed|Impreso el) |^María José Núñez · ")


def body_of(result) -> str:
    """The sheet's text without its running headers and footers, so that a sentence split by a page break reads
    whole."""
    return squash("".join(line for line in pdf_text(result.pdf).split("\n") if not FRAME.search(line.strip())))


@pytest.mark.parametrize("language", ["en", "es"])
def test_large_print_names_where_the_summary_and_questions_are_instead_of_printing_them(language):
    L = lb.LABELS[language]
    handout = make_handout(language, sections={**make_handout(language).sections, "questions": QUESTIONS[language]})
    large = text_of(render(handout, large_print=True, language=language))
    standard = text_of(render(handout, language=language))
    for key in ("about", "questions"):
        assert squash(L[key]) in standard and squash(L[key]) not in large, key
    assert squash(handout.summary) in standard and squash(handout.summary) not in large
    assert squash(QUESTIONS[language][2:]) in standard and squash(QUESTIONS[language][2:]) not in large
    assert squash(L["large_moved"]) in large and squash(L["large_moved"]) not in standard


def test_the_moved_line_prints_only_when_something_was_left_out():
    bare = make_handout(summary="", sections={k: v for k, v in make_handout().sections.items() if k != "questions"})
    assert squash(lb.LABELS["en"]["large_moved"]) not in text_of(render(bare, large_print=True))


@pytest.mark.parametrize("sentence, boxes, language, covered", [
    ("No driving for the rest of the day, or for 24 hours if you had sedation.", {"sedation"}, "en", True),
    ("Do not drive for the rest of the day.", {"sedation"}, "en", True),
    ("If you had sedation (medicine to relax you), do not drive for 24 hours.", {"sedation"}, "en", True),
    ("No maneje el resto del día, o por 24 horas si le dieron sedación.", {"sedation"}, "es", True),
    ("No maneje por 24 horas si le dieron sedación", {"sedation"}, "es", True),
    ("Check your blood sugar more often for up to 2 weeks if you have diabetes.", {"steroid"}, "en", True),
    ("Si tiene diabetes, mida su azúcar más seguido hasta por 2 semanas.", {"steroid"}, "es", True),
    # without the box that says it, or saying anything more or else: kept
    ("Do not drive for the rest of the day.", {"steroid"}, "en", False),
    ("Check your blood sugar more often for up to 2 weeks if you have diabetes.", {"sedation"}, "en", False),
    ("Do not drive while you feel dizzy.", {"sedation"}, "en", False),
    ("Do not drive.", {"sedation"}, "en", False),
    ("No maneje.", {"sedation"}, "es", False),
    ("Do not drive for 24 hours.", {"sedation"}, "en", True),
    ("No maneje mientras tenga mareo.", {"sedation"}, "es", False),
    ("No driving or heavy lifting for 24 hours.", {"sedation"}, "en", False),
    ("Do not drive for 3 days.", {"sedation"}, "en", False),
    ("Then your driver can take you home.", {"sedation"}, "en", False),
    ("Luego la persona que maneja le puede llevar a casa.", {"sedation"}, "es", False),
    ("Check your blood sugar every hour for 2 days.", {"steroid"}, "en", False),
])
def test_a_sentence_goes_only_when_a_printed_box_says_all_of_it(sentence, boxes, language, covered):
    assert covered_by(sentence, boxes, language) is covered


def test_a_paragraph_keeps_its_other_sentences_and_text_with_nothing_covered_is_unchanged():
    text = "Take it easy today. Do not drive for the rest of the day. Walk a little.\n\n- No driving today"
    assert without_covered(text, {"sedation"}, "en") == "Take it easy today. Walk a little."
    assert without_covered(text, set(), "en") == text
    assert without_covered("Walk a little.", {"sedation", "steroid"}, "en") == "Walk a little."


@pytest.mark.parametrize("sentence, lines, said", [
    ("Take it easy for the rest of the day.", ("Take it easy for the rest of the day.",), True),
    ("You can go back to your normal activities the next day.", ("Go back to your normal activities the next day.",),
     True),
    ("Do not do heavy lifting or hard exercise for 1 to 2 days.", ("No heavy lifting or hard exercise for 1 to 2 days.",),
     True),
    # the opposite, a different number, or one word more: kept
    ("Do heavy lifting for 1 to 2 days.", ("No heavy lifting or hard exercise for 1 to 2 days.",), False),
    ("Do not do heavy lifting for 3 days.", ("No heavy lifting or hard exercise for 1 to 2 days.",), False),
    ("Do not soak in a bath, hot tub or pool for 1 to 2 days.", ("No bath, hot tub or pool for 1 to 2 days.",), False),
    ("Take it easy for the rest of the day.", ("Take it easy.", "Rest of the day: ice."), False),
])
def test_large_print_leaves_out_a_sentence_only_when_one_do_or_dont_line_says_all_of_it(sentence, lines, said):
    assert said_by_list(sentence, lines, "en") is said


def sentences(text: str) -> list[str]:
    return [s for b in blocks(text) for s in re.split(r"(?<=[.!?])\s+", b.text) if s.strip()]


@pytest.mark.skipif(not LIBRARY, reason="no handout files")
@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("handout", LIBRARY, ids=lambda h: f"{h.slug}.{h.language}")
def test_every_aftercare_sentence_prints_or_is_said_by_what_prints(handout, large):
    """Over the library with sedation, a steroid and diabetes: each sentence of What to expect and Activity and each
    Do and Don't line is on the sheet, or a printed box says it (its title and driving or sugar line are there), or
    in large print a printed Do or Don't line says it; and every warning box prints."""
    L = lb.labels(handout.language)
    details = make_details(language=handout.language, large_print=large, sedation=True, diabetic=True,
                           medications=("Kenalog 40 mg (triamcinolone)",), takes_blood_thinner=True,
                           blood_thinner="Restart tomorrow")
    text = body_of(render_sheet(handout, 1, make_settings(), details, now=NOW))
    for key in ("key_title", "sedation_title", "sedation_1", "steroid_title", "steroid_sugar_box", "diabetic_title",
                "diabetic_2", "thinner_title", "call_title", "key_sedation"):
        assert squash(L[key]) in text, key
    lines = [*handout.do, *handout.dont]
    printed_lines = tuple(e for e in lines if squash(e) in text)
    for sentence in [*sentences(handout.section("after")), *sentences(handout.section("activity")), *lines]:
        if squash(sentence) in text:
            continue
        said = covered_by(sentence, {"sedation", "steroid"}, handout.language) or all(
            covered_by(s, {"sedation", "steroid"}, handout.language) for s in sentences(sentence))
        if large and not said:
            said = said_by_list(sentence, printed_lines, handout.language)
        assert said, f"not printed and not said elsewhere: {sentence}"

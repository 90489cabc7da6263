"""Page rules over the whole library: every bundled handout, in its language, at both text sizes, on Letter and
A4, with every box on. Page 1 carries the patient and the key points; no page carries only a running header, a
heading, a footer or the sign-off; phone numbers and the web address are never broken inside.

One sheet per case is built and read back with pypdf (about 0.2 s each, 96 cases)."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import pytest
from sheet_helpers import NOW, make_details, make_settings, page_texts

from kiosk import resources
from kiosk.content.library import load_folder
from kiosk.core.model import SECTION_TITLES
from kiosk.sheet import labels as lb
from kiosk.sheet import render_sheet

LIBRARY = {(h.slug, h.language): h for h in load_folder(resources.handouts_dir()).handouts} \
    if resources.handouts_dir().is_dir() else {}
LONG_NAME = "María José Hernández-Villanueva de la Cruz"
PHONE, AFTER = "(555) 010-0100", "(555) 010-0199"
WEB = "https://www.riverside-pain-clinic.example.org/aftercare"


def every_box(language: str, large: bool):
    return make_details(
        patient_name=LONG_NAME, language=language, large_print=large, sedation=True, diabetic=True,
        medications=("Lidocaine 1%", "Kenalog 40 mg (triamcinolone)", "Midazolam 2 mg"),
        takes_blood_thinner=True, blood_thinner="Restart Eliquis tomorrow morning", pain_diary=True,
        injection_time="10:30", notes="Keep the bandage on until tomorrow morning.\nWalk a little today.",
    )


@lru_cache(maxsize=None)
def sheet(slug: str, language: str, large: bool, paper: str) -> tuple[str, ...]:
    settings = make_settings(paper_size=paper, web_address=WEB, phone=PHONE, after_hours_phone=AFTER)
    result = render_sheet(LIBRARY[(slug, language)], 1, settings, every_box(language, large), now=NOW)
    texts = tuple(page_texts(result.pdf))
    assert result.pages == len(texts)
    return texts


def body_lines(text: str, page: int, language: str, title: str) -> list[str]:
    """A page's lines without its footer and (after page 1) its running header."""
    L = lb.labels(language)
    out = [line.strip() for line in text.split("\n") if line.strip()]
    footer = re.compile(r"(version \d+|versión \d+|^Printed |^Impreso el |Page \d+ of \d+|Página \d+ de \d+)")
    out = [line for line in out if not footer.search(line)]
    if page > 1:
        running = L["running_title"].format(title=title)
        head = f"{LONG_NAME} · {running}"  # one line, shortened with an ellipsis when it does not fit
        out = [line for line in out if line not in (LONG_NAME, head)
               and not running.startswith(line.rstrip("…")) and not head.startswith(line.rstrip("…"))]
    return out


def alone_kinds(language: str) -> dict[str, set[str]]:
    L = lb.labels(language)
    headings = {L[k] for k in ("expect", "activity", "do", "dont", "follow_up", "notes", "questions",
                               "diary_title", "log_title", "key_title", "call_title", "sedation_title",
                               "thinner_title", "diabetic_title", "steroid_title")}
    headings |= {f"{h} {L['continued']}" for h in headings} | {SECTION_TITLES[language]["emergency"]}
    sign_off = {L["teach_back_ask"], L["teach_back"], L["patient_initials"], L["nurse_initials"]}
    return {"heading": headings, "sign-off": sign_off}


CASES = [(slug, lang, large, paper) for (slug, lang) in sorted(LIBRARY) for large in (False, True)
         for paper in ("letter", "a4")]


@pytest.mark.skipif(not LIBRARY, reason="no handout files in handouts/")
@pytest.mark.parametrize("slug, language, large, paper", CASES,
                         ids=[f"{s}.{lang}-{'large' if lg else 'std'}-{p}" for s, lang, lg, p in CASES])
def test_page_rules(slug, language, large, paper):
    L = lb.labels(language)
    handout = LIBRARY[(slug, language)]
    texts = sheet(slug, language, large, paper)
    flat_first = " ".join(texts[0].split())

    # page 1: the patient, the procedure date, and the key points with the clinic phone and the 911 line
    assert LONG_NAME in flat_first or LONG_NAME.replace(" ", "") in flat_first.replace(" ", "")
    assert L["procedure_date"] in flat_first
    assert L["key_title"] in flat_first
    assert PHONE in flat_first
    assert L["key_911"].split("{")[0].strip() in flat_first

    kinds = alone_kinds(language)
    for page, text in enumerate(texts, start=1):
        lines = body_lines(text, page, language, handout.title)
        assert lines, f"page {page} holds only its header and footer"
        joined = " ".join(lines)
        for kind, known in kinds.items():
            rest = joined
            for item in sorted(known, key=len, reverse=True):
                rest = rest.replace(item, "")
            assert rest.strip(" ·:"), f"page {page} holds only a {kind}: {lines}"

    # numbers and the web address never break inside a line
    every_line = [line for text in texts for line in text.split("\n")]
    assert any(WEB in line for line in texts[0].split("\n")), "the web address is broken"
    for number in (PHONE, AFTER):
        assert any(number in line for line in every_line)
        for line in every_line:
            # a line that ends with the start of a number holds all of it
            assert not (line.rstrip().endswith("(555)") or line.rstrip().endswith("(555) 010-")), line


TYPICAL_LARGE_PRINT_PAGES = {"en": 7, "es": 7}  # a guard, not the goal: issue 14 asks for 5 and that is NOT met.
# 10 before the large-print layout pass, 7 and 8 after it; Spanish 7 since large print leaves out "What you had" and
# "Questions to ask" (a line says where they are) and no sentence a box or a Do/Don't line says prints twice.
# The warnings, page 1 and the sign-off alone are about 3.3 of the 5 pages; docs/content-quality.md, "Page counts".
TYPICAL_STANDARD_PAGES = 5  # the same sheet in standard print must not grow (5 before and after)


@pytest.mark.skipif(not LIBRARY, reason="no handout files in handouts/")
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_typical_large_print_sheet_page_count(language):
    """The docs' typical sheet (sacroiliac joint, sedation and a steroid, large print, Letter)."""
    from sheet_helpers import make_details as details

    d = details(language=language, large_print=True, sedation=True,
                medications=("Local anesthetic (numbing medicine)", "Steroid"))
    result = render_sheet(LIBRARY[("sacroiliac-joint-injection", language)], 1, make_settings(), d, now=NOW)
    assert result.pages <= TYPICAL_LARGE_PRINT_PAGES[language]
    standard = render_sheet(LIBRARY[("sacroiliac-joint-injection", language)], 1, make_settings(),
                            replace(d, large_print=False), now=NOW)
    assert standard.pages <= TYPICAL_STANDARD_PAGES


def test_a_call_box_that_runs_over_a_page_repeats_the_number():
    from sheet_helpers import make_handout, pdf_text, render

    items = "\n".join(f"- Warning sign number {i} that you should call us about" for i in range(60))
    text = pdf_text(render(make_handout(sections={**make_handout().sections, "call_clinic": items})).pdf)
    assert "Call us if (continued): Clinic: (555) 010-0100" in " ".join(text.split())

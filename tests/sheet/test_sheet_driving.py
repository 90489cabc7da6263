"""One driving rule per situation: with sedation, every sentence the printed sheet says about driving after
sedation gives the sedation box's 24 hours (never "today" beside it)."""
from __future__ import annotations

import re

import pytest
from sheet_helpers import NOW, make_details, make_settings, pdf_text

from kiosk import resources
from kiosk.content.library import load_folder
from kiosk.sheet import labels as lb
from kiosk.sheet import render_sheet

LIBRARY = sorted(load_folder(resources.handouts_dir()).handouts, key=lambda h: (h.slug, h.language)) \
    if resources.handouts_dir().is_dir() else []
DRIVE = {"en": ("driv",), "es": ("manej",)}
SEDATION = {"en": ("sedat", "relax"), "es": ("seda", "relaj")}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n(?=[☐•])", " ".join(text.split())) if s.strip()]


def about_driving_after_sedation(sentence: str, lang: str) -> bool:
    low = sentence.lower()
    return (any(w in low for w in DRIVE[lang]) and any(w in low for w in SEDATION[lang])
            and not any(w in low for w in ("drive you home", "lleve a casa", "lo lleve", "la lleve", "le lleve")))


def says_another_rule(handout) -> bool:
    """The handout's own text (owned by the handouts' work, branch clinical-content) gives another rule, such as
    "today": its sheet cannot pass until that text changes."""
    texts = [*handout.do, *handout.dont, handout.section("activity"), handout.section("after")]
    return any(about_driving_after_sedation(s, handout.language) and "24" not in s
               for t in texts for s in sentences(t))


def test_the_sheets_own_words_give_one_driving_rule():
    for language in ("en", "es"):
        L = lb.LABELS[language]
        about_driving = [v for k, v in L.items() if k.startswith(("sedation_", "key_sedation"))
                         and any(w in v.lower() for w in DRIVE[language])]
        assert about_driving and all("24" in v for v in about_driving)


@pytest.mark.skipif(not LIBRARY, reason="no handout files")
@pytest.mark.parametrize("handout", [
    pytest.param(h, marks=pytest.mark.xfail(strict=True, reason="the handout's text gives another rule"))
    if says_another_rule(h) else h for h in LIBRARY], ids=lambda h: f"{h.slug}.{h.language}")
def test_driving_after_sedation_is_24_hours_everywhere_on_the_sheet(handout):
    lang = handout.language
    details = make_details(language=lang, sedation=True, medications=("Midazolam 2 mg",))
    text = pdf_text(render_sheet(handout, 1, make_settings(), details, now=NOW).pdf)
    for sentence in sentences(text):
        if about_driving_after_sedation(sentence, lang):
            assert "24" in sentence, sentence

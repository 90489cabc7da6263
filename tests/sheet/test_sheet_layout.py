"""How the sheet reads: large print really is large, fonts travel with the file, long input paginates, and a
heading never ends a page."""
from __future__ import annotations

import pytest
from sheet_helpers import (
    body_spans,
    body_text,
    lines,
    make_handout,
    page_texts,
    pdf_text,
    reader,
    render,
    spans,
    squash,
)

from kiosk.sheet.styles import LARGE, STANDARD


def test_large_print_sets_every_word_at_18_pt_or_more():
    result = render(large_print=True, sedation=True, diabetic=True, medications=("Steroid",),
                    blood_thinner="Warfarin", pain_diary=True)
    sizes = {s.size for s in spans(result.pdf)}
    assert min(sizes) >= 18
    headings = {s.size for s in spans(result.pdf) if "Bold" in s.font and s.text.strip() == "What to expect"}
    assert headings and min(headings) > 18  # headings larger than the body


def test_standard_print_is_still_comfortable():
    body = [s.size for s in body_spans(render().pdf, False) if s.text.strip() != "Scan for more"]  # the QR's caption
    assert min(body) >= STANDARD.body == 12


@pytest.mark.parametrize("large", [False, True])
def test_line_spacing_is_at_least_one_and_a_half(large):
    notes = "\n".join(f"Line number {i} of the notes." for i in range(6))
    result = render(large_print=large, notes=notes)
    note_lines = [s for s in spans(result.pdf) if s.text.startswith("Line number")]
    assert len(note_lines) == 6
    gaps = {round(a.y - b.y, 2) for a, b in zip(note_lines, note_lines[1:]) if a.page == b.page}
    size = note_lines[0].size
    assert size == (LARGE.body if large else STANDARD.body)
    assert gaps and min(gaps) >= 1.5 * size - 0.1  # spans() rounds each y to 0.1 pt: a 27 pt gap can read 26.9


def test_one_column_left_aligned():
    notes = "\n".join(f"Line {i}: " + "word " * (i * 3) for i in range(1, 10))
    note_lines = [s for s in spans(render(notes=notes, large_print=True).pdf) if s.text.startswith("Line ")]
    assert len({s.x for s in note_lines}) == 1  # every line starts at the same left edge: no centring, no columns


def test_fonts_are_embedded_truetype_subsets():
    pdf = reader(render(notes="Ñandú, acción, €, ½").pdf)
    seen = []
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            seen.append((str(font["/BaseFont"]), descriptor is not None and "/FontFile2" in descriptor.get_object()))
    text_fonts = [(name, embedded) for name, embedded in seen if name != "/ZapfDingbats"]
    assert text_fonts and all(embedded for _name, embedded in text_fonts), seen
    assert {name.split("+")[-1] for name, _ in text_fonts} >= {"DejaVuSans", "DejaVuSans-Bold"}
    assert not any(name.lstrip("/") in ("Helvetica", "Times-Roman", "Courier") for name, _ in seen)


WORD = "Pneumono" + "x" * 4992
LONG = {
    "20,000 characters": " ".join(f"note{i:05d}" for i in range(2000))[:20000],
    "one 5,000-character word": WORD,
    "300 short lines": "\n".join(f"L{i}" for i in range(300)),
}


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("name", list(LONG))
def test_long_notes_build_paginate_and_come_out_whole(name, large):
    notes = LONG[name]
    result = render(notes=notes, large_print=large)
    texts = page_texts(result.pdf)
    assert result.pages == len(texts) >= 2
    assert all(f"Page {i} of {len(texts)}" in t for i, t in enumerate(texts, start=1))
    assert squash(notes) in squash(body_text(result.pdf, large))
    if name == "300 short lines":
        got = [line for line in lines(result.pdf) if line.startswith("L") and line[1:].isdigit()]
        assert got == notes.split("\n")


def test_a_long_word_is_broken_inside_the_page_width():
    result = render(notes=WORD)
    width = float(reader(result.pdf).pages[0].mediabox.width)
    pieces = [s for s in spans(result.pdf) if s.text.startswith(("Pneumono", "xxxx"))]
    assert len(pieces) > 10
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert all(s.x + stringWidth(s.text.strip(), "KioskSans", s.size) <= width - 36 for s in pieces)


def test_long_typed_text_in_a_warning_box_and_long_handout_lists_split_across_pages():
    items = "\n".join(f"- Warning sign number {i} that you should call us about" for i in range(80))
    handout = make_handout(sections={**make_handout().sections, "call_clinic": items})
    result = render(handout, blood_thinner="Restart " * 3000)
    text = pdf_text(result.pdf)
    assert result.pages >= 5
    assert "Call us if (continued)" in text  # the box's title opens each page it runs onto
    assert "Your blood thinner (continued)" in text
    assert all(f"Warning sign number {i} " in text for i in range(80))


def heading_sizes(large: bool) -> float:
    return (LARGE if large else STANDARD).heading


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("extra", range(0, 40, 3))
def test_a_heading_never_ends_a_page(large, extra):
    """Push the content down line by line; no page may end with a heading."""
    notes = "\n".join(f"Filler line {i}" for i in range(extra))
    handout = make_handout(sections={**make_handout().sections, "after": "\n".join(
        f"- After-care point {i}." for i in range(extra % 7 + 1))})
    result = render(handout, notes=notes, large_print=large, pain_diary=True, follow_up="Call to book")
    size = heading_sizes(large)
    body = body_spans(result.pdf, large)
    for page in range(1, result.pages):
        on_page = [s for s in body if s.page == page]
        last = min(on_page, key=lambda s: s.y)
        assert not ("Bold" in last.font and last.size == size), (page, last.text)

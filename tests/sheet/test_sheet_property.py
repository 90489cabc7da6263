"""Property tests: whatever a nurse types as notes or a name, the sheet builds and prints it."""
from __future__ import annotations

import re
import unicodedata

from sheet_helpers import body_text, render, squash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.sheet import fonts
from kiosk.sheet.text import MARKER, Cleaner

MARKUP = st.sampled_from([
    "<", ">", "&", "&amp;", "&nbsp;", "&#65;", "<b>", "</b>", "<i>", "<br/>", "<para>", "</para>",
    '<font color="[[[x]]]">', '<img src="http://x/y.png"/>', "<a href='#x'>", "<![CDATA[", "]]>", "<!--",
    "<onDraw name=x/>", "<seq/>", '"', "'", "\n", "\n\n", "  ", "\t",
])

RTL_BLOCKS = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))


def right_to_left(c: str) -> bool:
    """Right-to-left text (and the marks that go with it) comes back from the PDF reader in display order."""
    return unicodedata.bidirectional(c) in ("R", "AL", "AN") or any(a <= ord(c) <= b for a, b in RTL_BLOCKS)


# Characters the fonts can draw and a PDF reader gives back in order: letters, marks, digits, punctuation,
# symbols and spaces, without right-to-left scripts.
PRINTABLE = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi",
                "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs"),
).filter(lambda c: ord(c) in fonts.covered() and not right_to_left(c))


def typed(alphabet) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.text(alphabet, max_size=40), MARKUP), max_size=12).map("".join)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def as_listed(notes: str) -> str:
    """What prints for typed notes: a line written as a list item ("* x", "- x") has a bullet for its mark (read
    after the sheet's cleaning, which turns pasted line and paragraph separators into line breaks)."""
    cleaned = Cleaner().clean(notes)
    return "\n".join(re.sub(r"^[ \t]*[*\-\u2022][ \t]+(?=\S)", "\u2022 ", line) for line in cleaned.split("\n"))


@FAST
@given(notes=typed(PRINTABLE), name=typed(PRINTABLE))
def test_printable_notes_and_names_come_out_exactly(notes, name):
    result = render(notes=notes, patient_name=name, large_print=False)
    assert result.missing_characters == ()
    printed = squash(body_text(result.pdf, False))
    assert squash(as_listed(notes)) in printed
    assert squash(name) in printed


def expected(text: str, missing: tuple[str, ...]) -> str:
    """What should print for `text`: NFC, invisible formatting dropped, undrawable characters as the marker."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if unicodedata.category(ch) == "Cf":
            continue
        out.append(MARKER if ch in missing else ch)
    return squash("".join(out))


@FAST
@given(notes=typed(st.characters(codec="utf-8")), name=typed(st.characters(codec="utf-8")))
def test_any_unicode_at_all_builds_and_prints_or_is_reported(notes, name):
    result = render(notes=notes, patient_name=name)
    assert result.pages >= 1 and result.pdf.startswith(b"%PDF")
    printed = squash(body_text(result.pdf, False))
    # Right-to-left text comes back reordered by the PDF reader, so compare as multisets of characters there.
    for value in (as_listed(notes), name):
        want = expected(value, result.missing_characters)
        if any(right_to_left(c) for c in want):
            assert all(printed.count(c) >= want.count(c) for c in set(want))
        else:
            assert want in printed
    # Every character that could not be drawn was reported, with a warning the nurse can read.
    assert len(result.warnings) >= min(len(result.missing_characters), 1)

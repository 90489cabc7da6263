"""A sheet must never fail to print because of what a nurse typed, never act on it, and never leak it into logs."""
from __future__ import annotations

import logging
import socket
import traceback
import unicodedata
import urllib.request
import warnings

import pytest
from sheet_helpers import make_settings, pdf_text, reader, render, squash

from kiosk.sheet import SheetError
from kiosk.sheet.text import MARKER

HOSTILE = [
    "BP <140 & pain >7",
    '<font color="[[[x]]]">',
    '<img src="http://x/y.png"/>',
    "<b>unbalanced <i>tags</b>",
    "</para><para>",
    "&amp; &nbsp; &#x41; &lt;",
    "<br/> <br> <a href='javascript:alert(1)'>x</a>",
    "<![CDATA[ ]]> <!-- comment --> <?xml version='1.0'?>",
    "<onDraw name=x label=y/> <seq id=x/> <unichar name='EURO SIGN'/>",
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test (reportlab would fetch <img src> over HTTP)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("the sheet tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


@pytest.mark.parametrize("typed", HOSTILE)
def test_markup_in_notes_prints_literally_and_fetches_nothing(typed, no_network):
    result = render(notes=typed)
    assert typed in pdf_text(result.pdf)
    assert no_network == []


@pytest.mark.parametrize("typed", HOSTILE)
def test_markup_in_names_sites_and_instructions_prints_literally(typed, no_network):
    result = render(patient_name=typed, sites=typed, physician=typed, nurse=typed, follow_up=typed,
                    blood_thinner=typed, medications=(typed,))
    text = squash(pdf_text(result.pdf))
    assert text.count(squash(typed)) >= 7
    assert no_network == []


def test_notes_are_nfc_normalised():
    decomposed = "Jose\u0301 Nu\u0303n\u0303ez"  # e + combining acute, n + combining tilde
    text = pdf_text(render(notes=decomposed, patient_name=decomposed).pdf)
    assert unicodedata.normalize("NFC", decomposed) in text
    assert decomposed not in text


def test_characters_without_a_glyph_show_a_visible_marker_and_are_reported():
    result = render(notes="Tea 中文 ok 🙂 end", patient_name="Li 李")
    text = pdf_text(result.pdf)
    assert f"Tea {MARKER}{MARKER} ok {MARKER} end" in text
    assert f"Li {MARKER}" in text
    assert result.missing_characters == ("中", "文", "李", "🙂")
    assert len(result.warnings) == 4
    assert any(w.startswith("U+1F642 SLIGHTLY SMILING FACE") for w in result.warnings)
    # The warnings name characters, never the surrounding text the nurse typed.
    assert not any("Tea" in w or "end" in w or "Li" in w for w in result.warnings)


def test_control_characters_never_break_the_build():
    result = render(notes="a\x00b\x1bc\x07d\ufeffe\u200bf\u202eg", patient_name="x\x00y")
    text = pdf_text(result.pdf)
    assert f"a{MARKER}b{MARKER}c{MARKER}d" in text  # visible where something was
    assert "efg" in text  # invisible formatting characters are simply dropped
    assert "\x00" not in text


def test_a_letter_the_font_lacks_prints_as_base_letter_and_accent(monkeypatch):
    """DejaVu has every precomposed Latin letter, so pretend it lacks "é": the sheet must fall back to "e" and a
    combining accent (which it has) rather than a marker."""
    from kiosk.sheet import text as sheet_text

    without = sheet_text._safe() - {"é"}
    monkeypatch.setattr(sheet_text, "_safe", lambda: without)
    result = render(notes="José", patient_name="Renée")
    assert result.warnings == []
    text = pdf_text(result.pdf)
    assert "Jose\u0301" in text and "Rene\u0301e" in text
    assert MARKER not in text


def test_line_separators_from_word_processors_become_line_breaks():
    result = render(notes="one\u2028two\r\nthree\rfour\x0bfive\u2029six\tseven")
    text = pdf_text(result.pdf)
    assert "one\ntwo\nthree\nfour\nfive\nsix" in text
    assert "six    seven" in text.replace("\xa0", " ")


SECRET = "Patient-Secret-Text-4711"


def test_build_errors_carry_no_patient_text(monkeypatch):
    """reportlab's own errors quote the paragraph they fail on; the sheet's error must not."""
    from reportlab.platypus import paragraph

    def failing_wrap(self, *args):
        raise ValueError(f"cannot lay out paragraph beginning {self.getPlainText()[:60]!r}")

    monkeypatch.setattr(paragraph.Paragraph, "wrap", failing_wrap)
    with pytest.raises(SheetError) as caught:
        render(notes=SECRET, patient_name=SECRET)
    exc = caught.value
    assert exc.__cause__ is None and exc.__context__ is None
    shown = "".join(traceback.format_exception(exc)) + repr(exc) + str(exc)
    assert SECRET not in shown
    assert "ValueError" in str(exc)  # the kind of failure is kept for whoever reads the log


def test_building_logs_and_warns_nothing_about_the_patient(caplog):
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = render(notes=SECRET + " 中", patient_name=SECRET, sites=SECRET)
    assert result.pages >= 1
    assert not any(SECRET in record.getMessage() for record in caplog.records)
    assert not any(SECRET in str(w.message) for w in caught)
    assert not any(SECRET in w for w in result.warnings)


def test_unreadable_or_missing_logo_is_skipped_silently(tmp_path):
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"\x89PNG not really")
    svg = tmp_path / "logo.svg"  # drawn only when svglib is installed; never an error
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    for path in (str(broken), str(svg), str(tmp_path / "missing.png"), str(tmp_path), "\x00bad"):
        result = render(settings=make_settings(logo_path=path))
        assert result.pages >= 1 and result.warnings == []
        assert "Riverside Pain Clinic" in pdf_text(result.pdf)


def test_a_png_logo_is_drawn_in_the_header(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 200), (20, 60, 120)).save(logo)
    page = reader(render(settings=make_settings(logo_path=str(logo))).pdf).pages[0]
    images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1
    assert "Riverside Pain Clinic" in page.extract_text()

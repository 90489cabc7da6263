"""The action pictograms on screen: beside the do and don't lines at the end of the "After: at home" card (the
same choice the sheet makes, kiosk.content.drawings.pictogram_for), and call the clinic / call 911 beside the
titles of those cards; each has its alt text as its accessible name, draws something, and Listen reads the lines."""
from __future__ import annotations

import pytest

from kiosk.content import drawings
from kiosk.content.library import load_folder
from kiosk import resources
from kiosk.ui.widgets.drawing import PictogramView

LIBRARY = {(h.slug, h.language): h for h in load_folder(resources.handouts_dir()).handouts}


@pytest.fixture
def reader(window):
    window.patient.ensure()
    return window.screen("procedure")


def icons_by_line(card) -> dict[str, str]:
    """Each checklist line of the card -> the key of the pictogram at its left ("" for a bullet)."""
    out = {}
    lay = card.layout()
    for i in range(lay.count()):
        row = lay.itemAt(i).layout()
        if row is None or row.count() != 2:
            continue
        first, text = row.itemAt(0).widget(), row.itemAt(1).widget()
        if text is card.title:
            continue
        out[text.text()] = first.picture.key if isinstance(first, PictogramView) else ""
    return out


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_knee_do_and_dont_lines_carry_their_pictograms(window, reader, language):
    window.session.set_language(language)
    window.patient.open_procedure("knee-joint-injection")
    h = LIBRARY[("knee-joint-injection", language)]
    card = reader.card("after")
    found = icons_by_line(card)
    assert list(found) == [*h.do, *h.dont]  # every line, in order
    for key, lines in (("do", h.do), ("dont", h.dont)):
        for line in lines:
            expected = drawings.pictogram_for(line, key, language)
            assert found[line] == (expected.key if expected else ""), line
    assert {"ice", "shower", "no_heat", "no_bath", "no_driving"} <= set(found.values())
    for icon in card.pictograms:
        assert icon.accessibleName() == icon.picture.alt_text(language) and icon.accessibleName()
        image = icon.grab().toImage()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
        assert len(colours) > 2, icon.picture.key  # drawn, not an empty square
    spoken = card.spoken()
    assert all(line in spoken for line in (*h.do, *h.dont))  # Listen reads the lines too


def test_a_do_line_never_gets_a_dont_pictogram(window, reader):
    """"No heat" is a don't; the words of a pictogram count only in its own list (the shower-ok picture never
    stands beside "do not shower")."""
    window.patient.open_procedure("knee-joint-injection")
    found = icons_by_line(reader.card("after"))
    h = LIBRARY[("knee-joint-injection", "en")]
    assert all(found[line] in ("", "ice", "shower", "call_clinic", "call_911") for line in h.do)
    assert all(found[line] in ("", "no_heat", "no_bath", "no_driving") for line in h.dont)


@pytest.mark.parametrize(("card_key", "name"), [("call_clinic", "call_clinic"), ("emergency", "call_911")])
def test_the_call_cards_show_their_pictogram_beside_the_title(window, reader, card_key, name):
    window.patient.open_procedure("facet-joint-injection")
    card = reader.card(card_key)
    assert [icon.picture.key for icon in card.pictograms] == [name]
    icon = card.pictograms[0]
    assert icon.isVisible() and icon.y() < card.title.y() + card.title.height()

"""The procedure drawing on screen: it renders (both themes, both languages), sits on the "What it is" and "What
happens" cards with its alt text as the accessible description, enlarges on a tap, and Listen reads it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kiosk.content import drawings
from kiosk.ui import theme
from kiosk.ui.widgets.drawing import image, themed_svg

PICTURES = [*drawings.drawings().values(), *drawings.pictograms().values()]


def inked(img, background: str) -> float:
    """The share of pixels that are not the background colour (sampled every 3rd pixel)."""
    bg = QColor(background).rgb() & 0xFFFFFF
    total = inked_n = 0
    for y in range(0, img.height(), 3):
        for x in range(0, img.width(), 3):
            total += 1
            inked_n += (img.pixel(x, y) & 0xFFFFFF) != bg
    return inked_n / total


@pytest.mark.parametrize("theme_name", ["default", "high_contrast"])
@pytest.mark.parametrize("picture", PICTURES, ids=lambda p: p.key)
def test_every_drawing_renders_non_blank_at_300_px(kiosk_qapp, picture, theme_name):
    img = image(picture, "es", 300, theme_name)
    assert img.width() == 300
    share = inked(img, theme.theme_colors(theme_name)["surface"])
    assert 0.04 < share < 0.95, share


def test_the_high_contrast_theme_swaps_every_colour_once(kiosk_qapp):
    """White outlines on black, not white turned back to black: one pass over the six colours."""
    picture = drawings.for_handout("knee-joint-injection")
    dark = themed_svg(str(picture.path), "high_contrast").decode()
    hc = theme.theme_colors("high_contrast")
    assert f'stroke="{hc["map_outline"]}"' in dark and "#56707B" not in dark and "#1C5A70" not in dark


@pytest.fixture
def reader(window):
    window.patient.ensure()
    reader = window.screen("procedure")
    reader.speaker.rate = 1.0
    return reader


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_drawing_is_on_the_what_it_is_and_what_happens_cards(window, reader, language):
    window.session.set_language(language)
    window.patient.open_procedure("knee-joint-injection")
    picture = drawings.for_handout("knee-joint-injection")
    with_drawing = [c.key for c in reader.cards if c.drawing is not None]
    assert with_drawing == ["what_it_is", "during"]
    view = reader.card("during").drawing
    assert view.isVisible() and view.height() > 150
    assert view.accessibleDescription() == picture.alt[language]
    assert view.accessibleName() == picture.alt[language]


def test_the_drawing_grows_with_the_chosen_text_size(make_window, qtbot):
    window = make_window(size=(1920, 1080))
    window.patient.open_procedure("knee-joint-injection")
    reader = window.screen("procedure")
    widths = []
    for size in (0, 1, 2):
        window.session.set_display("default", size)
        qtbot.waitUntil(lambda: reader.card("what_it_is") is not None)
        view = reader.card("what_it_is").drawing
        widths.append(view.max_width)
        qtbot.waitUntil(lambda: abs(view.height() - round(min(view.width(), view.max_width) * 0.75)) <= 1)
    assert widths[0] < widths[1] < widths[2]
    assert widths[0] >= 560  # labels as big as the body text at the default size


def test_tapping_the_drawing_enlarges_it_and_back_returns(window, reader, qtbot):
    window.patient.open_procedure("lumbar-epidural-steroid-injection")
    view = reader.card("what_it_is").drawing
    reader.cards_area.ensureWidgetVisible(view)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    assert reader.enlarged.isVisible()
    big = reader.enlarged.view
    assert big.picture.key == "lumbar-epidural-steroid-injection"
    assert big.height() > view.height() and big.width() > view.width()
    qtbot.mouseClick(reader.enlarged.back_button, Qt.MouseButton.LeftButton)
    assert not reader.enlarged.isVisible()
    assert window.current_screen() == "procedure" and reader.slug == "lumbar-epidural-steroid-injection"


# QTest's mouse events skip the window-level routing the gesture manager uses (see test_patient_flows.py)
@pytest.mark.qt_log_ignore(r"QGestureManager::deliverEvents: could not find the target for gesture")
def test_a_finger_that_scrolls_across_the_drawing_does_not_enlarge_it(window, reader, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScroller

    window.patient.open_procedure("knee-joint-injection")
    view = reader.card("what_it_is").drawing
    reader.cards_area.ensureWidgetVisible(view)
    centre = view.rect().center()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view, centre - QPoint(0, 80))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=centre - QPoint(0, 80))
    assert not reader.enlarged.isVisible()
    scroller = QScroller.scroller(reader.cards_area.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)  # any glide has ended
    reader.cards_area.ensureWidgetVisible(view)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.rect().center())  # a tap still does
    assert reader.enlarged.isVisible()


def test_leaving_the_procedure_closes_the_enlarged_drawing(window, reader, qtbot):
    window.patient.open_procedure("knee-joint-injection")
    reader.open_drawing(reader.card("during").drawing.picture, "en")
    assert reader.enlarged.isVisible()
    window.reset_to_welcome()
    assert not reader.enlarged.isVisible()


@pytest.mark.parametrize("language", ["en", "es"])
def test_listen_reads_the_drawings_alt_text_after_the_card(window, reader, qtbot, language):
    window.session.set_language(language)
    window.patient.open_procedure("trigger-point-injection")
    card = reader.card("what_it_is")
    alt = drawings.for_handout("trigger-point-injection").alt[language]
    assert card.spoken()[-1] == {"en": "The picture: ", "es": "El dibujo: "}[language] + alt
    started: list[int] = []
    words: list[int] = []
    reader.speaker.block_started.connect(started.append)
    reader.speaker.word_spoken.connect(lambda i, s, n: words.append(i))
    last = len(card.spoken()) - 1
    qtbot.mouseClick(reader.listen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: last in words, timeout=60000)  # the engine speaks the alt text's words
    assert last in started
    assert reader.reading_index() == -1  # no text block is highlighted while the picture is described

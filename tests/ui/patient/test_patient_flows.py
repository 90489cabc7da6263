"""The patient's journeys, driven through the real widgets over the real seeded store."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.core.model import SECTION_TITLES


def click(qtbot, widget, pos=None):
    if pos is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def tile_titles(grid) -> list[str]:
    return [t.title.text() for t in grid.visible_tiles()]


def visible_texts(widget) -> list[str]:
    return [l.text() for l in widget.findChildren(QLabel) if l.isVisible() and l.text()]


def test_welcome_body_map_region_procedure_section_back(window, qtbot, store):
    assert window.current_screen() == "welcome"
    click(qtbot, window.patient.welcome.start_button)
    assert window.current_screen() == "home"

    home = window.screen("home")
    bodymap = home.bodymap
    qtbot.waitUntil(lambda: bodymap.width() > 100)
    click(qtbot, bodymap, bodymap.region_center("low_back").toPoint())
    assert bodymap.lit == "low_back"
    assert home.chips["low_back"].isChecked()
    assert "Low back" in home.title.text()
    expected = [h.title for h in store.search.by_region("low_back", "en")]
    assert tile_titles(home.tiles) == expected
    assert "Lumbar epidural steroid injection" in expected and "Knee joint injection" not in expected

    facet = next(t for t in home.tiles.visible_tiles() if t.title.text() == "Facet joint injection")
    click(qtbot, facet)
    assert window.current_screen() == "procedure"
    reader = window.screen("procedure")
    assert reader.title.text() == "Facet joint injection"
    assert [c.title.text() for c in reader.cards][:2] == ["What it is", "Why it is done"]
    texts = " ".join(visible_texts(reader)).lower()
    assert "review" not in texts and "reviewed_by" not in texts  # never the review status

    click(qtbot, reader.index_buttons["after"])
    assert reader.current_key == "after"
    assert reader.index_buttons["after"].property("current") == "true"
    card = reader.card("after")
    qtbot.waitUntil(lambda: abs(reader.cards_area.verticalScrollBar().value()
                                - card.mapTo(reader.cards_area.content, card.rect().topLeft()).y()) < 20)

    click(qtbot, reader.header.back_button)
    assert window.current_screen() == "home"
    assert home.region == "low_back" and bodymap.lit == "low_back"  # back keeps where the patient was
    click(qtbot, home.show_all)
    assert home.region == "" and len(home.tiles.visible_tiles()) == len(store.handouts.published("en"))


def test_touching_outside_a_region_but_close_still_counts(window, qtbot):
    window.patient.go("home")
    bodymap = window.screen("home").bodymap
    qtbot.waitUntil(lambda: bodymap.width() > 100)
    neck = bodymap.region_rects("neck")[0]
    below = neck.center()
    below.setY(neck.bottom() + 6)  # a finger landing just under the neck, on the chest
    assert bodymap.region_at(below) == "neck"
    assert bodymap.region_at(bodymap.rect().topLeft().toPointF()) == ""  # far from any region


def test_search_with_the_on_screen_keyboard_updates_at_every_key(window, qtbot):
    window.patient.go("home")
    click(qtbot, window.screen("home").header.search_button)
    assert window.current_screen() == "search"
    search = window.screen("search")
    suggested = tile_titles(search.results)  # before any key: the procedures, A to Z, to tap directly
    assert suggested and suggested == sorted(suggested, key=str.casefold)
    assert "choose" in search.count.text()
    counts: list[int] = []
    search.results_updated.connect(counts.append)
    for ch in "facit":  # a typo
        click(qtbot, search.keyboard.keys[ch])
    assert search.field.text() == "facit"
    assert len(counts) == 5  # results were refreshed at every key
    assert tile_titles(search.results)[0] == "Facet joint injection"
    assert search.count.isVisible() and "found" in search.count.text()

    click(qtbot, search.keyboard.keys["\b"])
    assert search.field.text() == "faci"
    click(qtbot, search.keyboard.clear)
    assert search.field.text() == "" and tile_titles(search.results) == suggested


def test_search_understands_lay_words_and_opens_the_result(window, qtbot):
    window.patient.go("search")
    search = window.screen("search")
    qtbot.keyClicks(search.field, "knot")
    assert "Trigger point injection" in tile_titles(search.results) or "Dry needling" in tile_titles(search.results)
    search.field.clear()
    for ch in "si":
        click(qtbot, search.keyboard.keys[ch])
    click(qtbot, search.keyboard.space)
    for ch in "joint":
        click(qtbot, search.keyboard.keys[ch])
    assert search.field.text() == "si joint"
    assert tile_titles(search.results)[0] == "Sacroiliac joint injection"
    click(qtbot, search.results.visible_tiles()[0])
    assert window.current_screen() == "procedure"
    assert window.screen("procedure").title.text() == "Sacroiliac joint injection"
    click(qtbot, window.screen("procedure").header.back_button)
    assert window.current_screen() == "search" and search.field.text() == "si joint"


def test_nothing_found_offers_the_body_map(window, qtbot):
    window.patient.go("search")
    search = window.screen("search")
    qtbot.keyClicks(search.field, "zzqx")
    assert tile_titles(search.results) == []
    assert search.empty.isVisible()
    assert "zzqx" in search.empty_title.text()
    click(qtbot, search.bodymap_button)
    assert window.current_screen() == "home"
    assert window.screen("home").bodymap.isVisible()


def test_spanish_search_with_accents_and_the_n_tilde_key(window, qtbot):
    window.patient.go("search")
    search = window.screen("search")
    click(qtbot, search.header.language_button)
    assert search.header.back_button.text() == "Atrás"
    assert "ñ" in search.keyboard.keys and search.keyboard.keys["ñ"].isVisible()
    qtbot.keyClicks(search.field, "inyeccion rodilla")
    assert tile_titles(search.results)[0] == "Inyección en la rodilla"
    assert search.keyboard.space.text() == "Espacio"


def test_language_switch_changes_the_interface_and_the_content(window, qtbot, store):
    welcome = window.patient.welcome
    click(qtbot, welcome.language_button)
    assert welcome.start_button.text() == "Toque para empezar"
    assert welcome.language_button.text() == "English"
    click(qtbot, welcome.start_button)
    home = window.screen("home")
    assert home.header.search_button.text() == "Buscar"
    assert home.map_title.text() == "¿Dónde le duele?"
    spanish_titles = {v.handout.title for v in store.handouts.published("es")}
    assert set(tile_titles(home.tiles)) == spanish_titles
    window.patient.open_procedure("knee-joint-injection")
    reader = window.screen("procedure")
    assert reader.title.text() == "Inyección en la rodilla"
    assert reader.cards[0].title.text() == SECTION_TITLES["es"]["what_it_is"]
    assert reader.listen_button.text() == "Escuchar"
    click(qtbot, reader.header.language_button)
    assert reader.title.text() == "Knee joint injection"
    assert reader.cards[0].title.text() == "What it is"
    assert reader.header.home_button.text() == "Home"


def test_reader_keeps_the_section_when_the_language_changes(window, qtbot):
    window.patient.open_procedure("hip-joint-injection")
    reader = window.screen("procedure")
    click(qtbot, reader.index_buttons["activity"])
    window.session.set_language("es")
    assert reader.current_key == "activity"
    assert reader.index_buttons["activity"].property("current") == "true"
    assert reader.card("activity").title.text() == SECTION_TITLES["es"]["activity"]


def test_text_size_and_high_contrast_from_the_panel(window, qtbot):
    from kiosk.ui import theme

    window.patient.open_procedure("facet-joint-injection")
    reader = window.screen("procedure")
    body = reader.cards[0].labels[0]
    assert 18 <= body.font().pointSizeF() < 28
    click(qtbot, reader.header.display_button)
    panel = window.patient.display_panel
    assert panel.isVisible()
    click(qtbot, panel.size_buttons[2])
    assert body.font().pointSizeF() >= 28
    assert theme.current() == ("default", 2)
    click(qtbot, panel.contrast_button)
    assert theme.current() == ("high_contrast", 2)
    click(qtbot, panel.done_button)
    assert not panel.isVisible()
    qtbot.wait(20)
    image = window.grab().toImage()
    corner = image.pixelColor(int(image.width() * 0.5), image.height() - 3)  # page background
    assert corner.name() == theme.theme_colors("high_contrast")["bg"].lower()
    window.reset_to_welcome()
    assert theme.current() == ("default", 0)
    assert body.font().pointSizeF() < 28 or not body.isVisible()


# QTest's mouse events go straight to the widget, past the window-level routing the gesture manager
# uses to find a gesture's target; it says so once the fling ends. Real input does not take that path.
@pytest.mark.qt_log_ignore(r"QGestureManager::deliverEvents: could not find the target for gesture")
def test_one_finger_drag_scrolls_the_procedure_kinetically(window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScroller

    window.patient.open_procedure("facet-joint-injection")
    reader = window.screen("procedure")
    viewport = reader.cards_area.viewport()
    bar = reader.cards_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)
    assert QScroller.hasScroller(viewport)
    qtbot.wait(100)
    start = QPoint(viewport.width() // 2, viewport.height() - 40)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 16):  # a finger moving up the screen, 40 px a frame
        qtbot.mouseMove(viewport, QPoint(start.x(), start.y() - step * 40))
        qtbot.wait(16)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), start.y() - 600))
    qtbot.waitUntil(lambda: bar.value() > 600)  # further than the finger went: the page glides on
    assert reader.header.back_button.isVisible() and reader.header.home_button.isVisible()
    # the section index follows the reading (the first card, with its drawing, is taller than the screen)
    qtbot.waitUntil(lambda: reader.current_key != "what_it_is")


def test_welcome_lines_rotate_in_the_patients_language(window, qtbot):
    welcome = window.patient.welcome
    first = welcome.rotating.text()
    welcome.next_line()
    assert welcome.rotating.text() != first
    window.session.set_language("es")
    assert welcome.rotating.text() in welcome.lines()
    assert all(line in __import__("kiosk.ui.patient.strings", fromlist=["STRINGS"]).STRINGS["es"].values()
               for line in welcome.lines())

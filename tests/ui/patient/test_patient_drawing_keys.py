"""The drawing on the "What it is" and "What happens" cards opens and closes by keyboard and by a real touch,
not only by a mouse click: Tab reaches it, Enter or Space enlarges it, focus lands on Back, Back (Space) or Escape
returns, and focus goes back to the drawing that was opened."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

SLUG = "knee-joint-injection"


@pytest.fixture
def reader(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.patient.open_procedure(SLUG)
    return window.screen("procedure")


def tab_to(window, qtbot, target, limit: int = 60) -> bool:
    for _ in range(limit):
        if target.hasFocus():
            return True
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Tab)
    return target.hasFocus()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Space])
def test_tab_to_the_drawing_enter_opens_it_back_and_escape_return(window, reader, qtbot, key):
    for card_key in ("what_it_is", "during"):
        view = reader.card(card_key).drawing
        assert tab_to(window, qtbot, view), f"Tab never reached the drawing on {card_key}"
        qtbot.keyClick(view, key)
        assert reader.enlarged.isVisible() and reader.enlarged.back_button.hasFocus()
        qtbot.keyClick(reader.enlarged.back_button, Qt.Key.Key_Space)  # Back, by keyboard
        assert not reader.enlarged.isVisible() and view.hasFocus()
        qtbot.keyClick(view, key)
        assert reader.enlarged.isVisible()
        qtbot.keyClick(reader.enlarged.back_button, Qt.Key.Key_Escape)
        assert not reader.enlarged.isVisible() and view.hasFocus()
        assert window.current_screen() == "procedure" and reader.slug == SLUG


def touch_tap(window, widget) -> None:
    """A finger down and up at WIDGET's centre, sent to the window as a touch screen sends it (Qt then makes the
    mouse events a widget without touch handling gets, through the window's own routing)."""
    handle, device = window.windowHandle(), TOUCH[0]
    at = widget.mapTo(window, widget.rect().center())
    QTest.touchEvent(handle, device).press(0, at, handle).commit()
    QTest.touchEvent(handle, device).release(0, at, handle).commit()


TOUCH = []


def test_a_real_touch_tap_opens_the_drawing_and_a_touch_on_back_returns(window, reader, qtbot):
    TOUCH[:] = TOUCH or [QTest.createTouchDevice()]  # one device for the session: Qt keeps every one registered
    for card_key in ("what_it_is", "during"):
        view = reader.card(card_key).drawing
        reader.cards_area.ensureWidgetVisible(view)
        touch_tap(window, view)
        qtbot.waitUntil(reader.enlarged.isVisible)
        assert reader.enlarged.view.picture.key == SLUG
        touch_tap(window, reader.enlarged.back_button)
        qtbot.waitUntil(lambda: not reader.enlarged.isVisible())
        assert reader.slug == SLUG and window.current_screen() == "procedure"


def test_the_focused_drawing_shows_a_focus_ring(window, reader, qtbot):
    view = reader.card("what_it_is").drawing
    reader.cards_area.ensureWidgetVisible(view)
    before = view.grab().toImage()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    after = view.grab().toImage()
    from kiosk.ui import theme

    ring = theme.theme_colors("default")["focus"].lower()
    assert ring not in {before.pixelColor(x, 4).name() for x in range(0, before.width(), 2)}
    assert ring in {after.pixelColor(x, y).name() for x in range(0, after.width(), 2) for y in range(0, 8)}

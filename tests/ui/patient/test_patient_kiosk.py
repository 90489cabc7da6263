"""Kiosk behaviour: fullscreen and locked, the idle reset after each patient, the hidden staff gesture."""
from __future__ import annotations

import importlib.util

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt

from kiosk.ui import main_window as main_window_module
from kiosk.ui import theme


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


class KeyRecorder(QObject):
    def __init__(self):
        super().__init__()
        self.keys: list[tuple[int, int]] = []

    def eventFilter(self, obj, event):
        modifiers_alone = (Qt.Key.Key_Alt, Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Meta)
        if event.type() == QEvent.Type.KeyPress and event.key() not in modifiers_alone:
            self.keys.append((event.key(), int(event.modifiers().value)))
        return False


ESCAPES = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
]


def test_kiosk_mode_is_frameless_fullscreen_and_ignores_the_escape_keys(make_window, qtbot):
    window = make_window(kiosk_mode=True)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    window.show_kiosk()
    qtbot.waitUntil(lambda: bool(window.windowState() & Qt.WindowState.WindowFullScreen))
    window.patient.go("search")
    field = window.screen("search").field
    recorder = KeyRecorder()
    field.installEventFilter(recorder)
    for key, mods in ESCAPES:
        qtbot.keyClick(field, key, mods)
    assert recorder.keys == []  # none of them reached the screen
    qtbot.keyClick(field, Qt.Key.Key_K)
    assert field.text() == "k"  # ordinary typing still works
    assert window.isVisible() and window.current_screen() == "search"

    assert window.close() is False  # a close request (Alt+F4 from a window manager) is refused
    assert window.isVisible()
    window.allow_exit()
    assert window.close() is True
    assert not window.isVisible()


def test_windowed_mode_is_a_normal_window_that_closes(make_window, qtbot):
    window = make_window(kiosk_mode=False)
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint
    window.patient.go("search")
    field = window.screen("search").field
    recorder = KeyRecorder()
    field.installEventFilter(recorder)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert recorder.keys  # without kiosk mode Escape is an ordinary key
    assert window.close() is True


IDLE_S = 0.3  # seconds without a touch before the warning (tests only: the clinic default is 90)
TICK_MS = 200  # one countdown "second"


@pytest.fixture
def short_idle(store, monkeypatch):
    from kiosk.ui.patient import idle_overlay

    monkeypatch.setattr(main_window_module, "MIN_COUNTDOWN_SECONDS", 0)
    monkeypatch.setattr(idle_overlay, "TICK_MS", TICK_MS)
    store.settings.update("test", idle_seconds=IDLE_S, idle_countdown_seconds=2)


def test_idle_countdown_then_full_reset_to_clinic_defaults(short_idle, make_window, qtbot):
    window = make_window()
    click(qtbot, window.patient.welcome.start_button)
    home = window.screen("home")
    home.show_region("knee")
    window.patient.go("search")
    search = window.screen("search")
    qtbot.keyClicks(search.field, "knee")
    window.patient.open_procedure("knee-joint-injection")
    reader = window.screen("procedure")
    reader.go_to_section("activity", animate=False)
    window.session.set_language("es")
    window.session.set_display("high_contrast", 2)
    window.patient.display_panel.open()
    from PySide6.QtWidgets import QDialog

    dialog = QDialog(window)  # e.g. a question some screen asked and nobody answered
    dialog.show()

    overlay = window.idle_overlay
    qtbot.waitUntil(overlay.isVisible, timeout=4000)
    assert overlay.title.text() == "¿Sigue ahí?"  # in the patient's language
    assert overlay.count.text() in ("2 segundos", "1 segundos")
    assert overlay.button.text() == "Sigo aquí"

    with qtbot.waitSignal(window.patient_reset, timeout=5000):
        pass
    assert window.current_screen() == "welcome"
    assert not overlay.isVisible() and not window.patient.display_panel.isVisible()
    assert not dialog.isVisible()
    assert (window.session.language, window.session.text_size, window.session.theme) == ("en", 0, "default")
    assert theme.current() == ("default", 0)
    assert window.patient.welcome.start_button.text() == "Touch to start"
    assert search.field.text() == "" and search.count.text() == "Type a word, or choose your procedure below."
    assert home.region == "" and home.bodymap.lit == ""
    assert home.tiles_area.verticalScrollBar().value() == 0
    assert reader.slug == "" and reader.cards == []
    assert window.patient.history == []


def test_im_still_here_keeps_the_patients_place(short_idle, make_window, qtbot):
    window = make_window()
    window.patient.open_procedure("facet-joint-injection")
    window.session.set_language("es")
    overlay = window.idle_overlay
    qtbot.waitUntil(overlay.isVisible, timeout=4000)
    click(qtbot, overlay.button)
    assert not overlay.isVisible()
    with qtbot.assertNotEmitted(window.patient_reset, wait=int(IDLE_S * 1000) + 150):
        pass  # the countdown (2 x 200 ms) was cancelled, not just hidden
    assert window.current_screen() == "procedure" and window.session.language == "es"


def test_touches_on_the_screen_keep_the_kiosk_awake(short_idle, make_window, qtbot):
    window = make_window()
    window.patient.go("home")
    screen = window.windowHandle()  # real input arrives at the window first
    with qtbot.assertNotEmitted(window.patient_reset, wait=10):
        for step in range(12):  # a finger moving for 1.2 s, four times longer than the idle time
            qtbot.mouseMove(screen, QPoint(400 + step * 10, 400))
            qtbot.wait(100)
            assert not window.idle_overlay.isVisible()
    qtbot.waitUntil(window.idle_overlay.isVisible, timeout=3000)  # and once it stops, the warning comes


def test_the_warning_always_gives_at_least_20_seconds(store, make_window):
    store.settings.update("test", idle_countdown_seconds=5)
    window = make_window()
    assert window.countdown_seconds() == 20
    store.settings.update("test", idle_countdown_seconds=45)
    window.reset_to_welcome()
    assert window.countdown_seconds() == 45


def test_staff_mode_suspends_the_patient_reset(short_idle, make_window, qtbot):
    window = make_window()
    window.patient.go("home")
    window.set_patient_idle_enabled(False)
    with qtbot.assertNotEmitted(window.patient_reset, wait=1000):
        pass
    assert not window.idle_overlay.isVisible()
    window.set_patient_idle_enabled(True)
    qtbot.waitUntil(window.idle_overlay.isVisible, timeout=4000)


def test_idle_on_an_untouched_welcome_screen_shows_no_warning(short_idle, make_window, qtbot):
    window = make_window()
    with qtbot.assertNotEmitted(window.patient_reset, wait=1000):
        pass
    assert not window.idle_overlay.isVisible()


def staff_installed() -> bool:
    return importlib.util.find_spec("kiosk.ui.staff") is not None


@pytest.mark.parametrize("where", ["welcome", "home"])
def test_holding_the_logo_asks_for_staff_and_opens_the_pin_pad(where, store, make_window, qtbot):
    if staff_installed():
        store.staff.add("Nora Nurse", "nurse", "735146")
    window = make_window()
    if where == "welcome":
        logo = window.patient.welcome.logo
    else:
        window.patient.go("home")
        logo = window.screen("home").header.logo
    logo.hold_ms = 300
    with qtbot.waitSignal(window.staff_requested, timeout=3000):
        qtbot.mousePress(logo, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(logo, Qt.MouseButton.LeftButton)
    if staff_installed():
        assert window.current_screen() == "staff.pin"
        assert not window.idle.enabled()  # staff mode suspends the patient reset


def test_a_short_tap_on_the_logo_is_not_the_gesture(make_window, qtbot):
    window = make_window()
    logo = window.patient.welcome.logo
    with qtbot.assertNotEmitted(window.staff_requested):
        click(qtbot, logo)
    assert window.current_screen() == "home"  # on the welcome screen a tap simply starts


def test_main_window_screen_contract(make_window, qtbot):
    from PySide6.QtWidgets import QLabel

    window = make_window()
    extra = QLabel("Other screen")
    changes = []
    window.screen_changed.connect(changes.append)
    window.add_screen("other", extra)
    with pytest.raises(ValueError):
        window.add_screen("other", QLabel())
    window.show_screen("other")
    assert window.current_screen() == "other" and changes[-1] == "other"
    window.remove_screen("other")
    assert window.current_screen() == "welcome" and "other" not in window.screens()
    with pytest.raises(ValueError):
        window.remove_screen("home")


def test_settle_heap_moves_the_start_up_heap_out_of_the_collectors_reach():
    import gc

    from kiosk.ui.app import settle_heap

    before = gc.get_freeze_count()
    try:
        settle_heap()
        assert gc.get_freeze_count() > before
        garbage = []
        garbage.append(garbage)  # a cycle made afterwards is still collected
        del garbage
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()  # the rest of the test session keeps the default collector

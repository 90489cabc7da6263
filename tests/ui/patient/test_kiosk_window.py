"""Kiosk mode keeps the screen (issue 13; patient-kiosk review defect 5): minimised, restored to a small window,
hidden or asked to close, the real window is back to fullscreen within a second, and a close request never
leaves a process without a window. Real MainWindow, real Qt window-state changes (offscreen platform); the
same on a real X server with a window manager's actions in test_kiosk_window_x11.py."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

# The promise is "back within a second": the guard checks 150 ms after any window event and once a second
# whatever happens (asserted below). The waits here allow more, so a busy test machine cannot make them flaky:
# speed is not what these tests measure.
BACK_WITHIN_MS = 5000


def test_the_guard_checks_at_least_once_a_second():
    from kiosk.ui import kiosk_guard

    assert kiosk_guard.SOON_MS < 1000 and kiosk_guard.CHECK_MS <= 1000


@pytest.fixture
def kiosk(make_window, qtbot):
    window = make_window(kiosk_mode=True)
    window.show_kiosk()
    qtbot.waitUntil(lambda: fullscreen_and_shown(window), timeout=BACK_WITHIN_MS)
    return window


def fullscreen_and_shown(window) -> bool:
    state = window.windowState()
    return (window.isVisible() and bool(state & Qt.WindowState.WindowFullScreen)
            and not state & Qt.WindowState.WindowMinimized)


def test_minimised_it_comes_back_to_fullscreen(kiosk, qtbot):
    before = kiosk.guard.reclaims
    kiosk.showMinimized()
    qtbot.waitUntil(lambda: fullscreen_and_shown(kiosk), timeout=BACK_WITHIN_MS)
    assert kiosk.guard.reclaims > before  # it was really taken away, and put back


@pytest.mark.parametrize("how", ["showNormal", "showMaximized", "no state", "hide"])
def test_restored_maximised_or_hidden_it_comes_back_to_fullscreen(kiosk, qtbot, how):
    if how == "no state":
        kiosk.setWindowState(Qt.WindowState.WindowNoState)
    else:
        getattr(kiosk, how)()
    qtbot.waitUntil(lambda: fullscreen_and_shown(kiosk), timeout=BACK_WITHIN_MS)


def test_a_close_request_is_ignored_and_the_window_stays(kiosk, qtbot):
    assert kiosk.close() is False
    assert fullscreen_and_shown(kiosk)
    qtbot.wait(200)  # and nothing takes it away a moment later
    assert fullscreen_and_shown(kiosk)


def test_an_admins_exit_lets_go_and_nothing_brings_the_window_back(kiosk, qtbot):
    kiosk.allow_exit()
    assert kiosk.close() is True
    qtbot.wait(300)
    assert not kiosk.isVisible()


def test_the_window_changes_the_patient_sees_still_work(kiosk, qtbot):
    kiosk.patient.go("search")  # screens change inside the window; the guard leaves them alone
    qtbot.wait(200)
    assert kiosk.current_screen() == "search" and fullscreen_and_shown(kiosk)


def test_windowed_mode_has_no_guard(make_window, qtbot):
    window = make_window(kiosk_mode=False)
    window.show_kiosk()
    assert window.guard is None
    window.showMinimized()
    qtbot.wait(300)
    assert window.windowState() & Qt.WindowState.WindowMinimized


def test_the_clinic_logo_on_the_patient_screens_is_decoded_once_not_on_every_paint(qtbot, tmp_path):
    """The press-and-hold ring repaints every 50 ms: the logo file is read once per version and size."""
    import os

    from PySide6.QtGui import QColor, QImage

    from kiosk.ui.widgets.buttons import HoldLogo

    path = tmp_path / "logo.png"
    image = QImage(2400, 800, QImage.Format.Format_RGB32)
    image.fill(QColor("darkred"))
    image.save(str(path))
    logo = HoldLogo(96)
    qtbot.addWidget(logo)
    logo.set_logo_path(str(path))
    logo.show()
    first = logo.grab()
    cached = logo._logo_cache[1]
    logo.grab()
    assert logo._logo_cache[1] is cached  # the second paint reused it
    assert max(cached.width(), cached.height()) <= 96 * cached.devicePixelRatio()
    os.utime(path, ns=(1, 1))  # a new version of the file: read again
    logo.grab()
    assert logo._logo_cache[1] is not cached
    assert not first.isNull()

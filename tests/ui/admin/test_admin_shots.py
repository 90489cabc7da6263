"""`kiosk screenshots` pictures of the console: taken inside the real main window, and they change nothing."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QImage


# the unsaved-changes box is a window of its own; the offscreen platform has no window manager to size it
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_screenshots_of_the_console_are_taken_without_changing_the_library(store, admin, qtbot, keep, tmp_path):
    pytest.importorskip("kiosk.ui.main_window")
    from kiosk.ui.admin import shots
    from kiosk.ui.main_window import MainWindow

    window = keep(MainWindow(store, kiosk_mode=False))
    window.demo_admin = admin  # `kiosk screenshots` signs in its demo admin the same way
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    before = [(r.slug, r.language, r.latest_version) for r in store.handouts.library()]
    audit_before = len(store.audit.entries())

    from kiosk.ui.widgets.touch_keyboard import install

    install().reset()  # a touch-only kiosk (no hardware key yet): the keyboard gets its picture
    paths = shots.take(window, tmp_path)

    assert [p.name for p in paths] == ["admin-library.png", "admin-editor.png", "admin-editor-sheet.png",
                                       "admin-editor-drawing.png", "admin-editor-own-drawing.png",
                                       "admin-editor-drawing-refused.png",
                                       "admin-history.png", "admin-settings.png", "admin-settings-keyboard.png",
                                       "admin-notice.png", "admin-unsaved-prompt.png"]
    for path in paths[:-1]:  # (the last is the question box on its own)
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800), path.name
    assert [(r.slug, r.language, r.latest_version) for r in store.handouts.library()] == before
    assert len(store.audit.entries()) == audit_before
    assert window.current_screen() != shots.SCREEN  # the console screen was taken away again
    window.allow_exit()
    window.shutdown()

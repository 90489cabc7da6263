"""Staff-mode fixtures: the real main window on a real seeded store, staff accounts, and helpers that drive the
app's own PIN pad and form with pytest-qt, the way a nurse would."""
from __future__ import annotations

from pathlib import Path

import pytest
from staff_support import ADMIN, ADMIN_PIN, NURSE, NURSE_PIN, flush_deletes

HERE = Path(__file__).parent

# Qt's offscreen platform warns once per shown top-level window that it cannot pass size hints on to a window
# manager; there is none. Every other Qt warning still fails these tests.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def staff(store):
    store.staff.add(NURSE, "nurse", NURSE_PIN)
    store.staff.add(ADMIN, "admin", ADMIN_PIN)
    store.settings.update("test", smart_phrases=("Keep the bandage dry for 24 hours.", "Walk a little today."),
                          physicians=("Dr. Ada Park", "Dr. Ben Ortiz"), phone="(555) 010-0100")
    return store


@pytest.fixture
def window(qtbot, store):
    from kiosk.ui import theme
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.staff.worker import join_all

    theme.load_fonts()
    win = MainWindow(store, kiosk_mode=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    join_all()
    win.allow_exit()
    win.close()
    flush_deletes()

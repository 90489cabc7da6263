"""Fixtures for every Qt test under tests/ui: the kiosk's fonts and theme, the mock speech engine, and
`make_window()` building a real MainWindow over the real seeded store."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("KIOSK_TTS_ENGINE", "mock")  # Qt's mock engine: speaks silently, reports words

from kiosk.ui.app import guard_singleton_refcounts  # noqa: E402

# PySide6 6.12.0 on CPython 3.11 drops a reference to None/True/False on every void/bool call; a
# long test session would abort with "none_dealloc". See kiosk.ui.app.guard_singleton_refcounts.
guard_singleton_refcounts()

sys.path.insert(0, str(Path(__file__).parent / "patient"))
sys.path.insert(0, str(Path(__file__).parent))  # a11y_audit, shared by the patient and staff audits

import pytest  # noqa: E402


@pytest.fixture
def kiosk_qapp(qapp):
    from kiosk.ui import gc_guard, theme

    gc_guard.install(qapp)  # as create_app does: no cyclic collection on the render and print workers

    theme.load_fonts()
    theme.apply_theme(qapp, "default", 0)
    yield qapp
    theme.apply_theme(qapp, "default", 0)


@pytest.fixture
def make_window(qtbot, store, kiosk_qapp):
    """make_window(kiosk_mode=False, size=(1280, 800)) -> a shown MainWindow."""
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.patient import speech

    windows = []

    def make(kiosk_mode: bool = False, size: tuple[int, int] = (1280, 800)):
        window = MainWindow(store, kiosk_mode=kiosk_mode)
        qtbot.addWidget(window, before_close_func=lambda w: w.allow_exit())
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    from PySide6.QtCore import QCoreApplication, QEvent

    for window in windows:
        window.allow_exit()
        window.shutdown()
        window.close()
        window.deleteLater()
    speech.shutdown_all()
    speech.forget_failures()  # an engine one test broke on purpose is not broken for the next
    # delete them now: left-over widgets would be restyled by every later test's theme change
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window):
    return make_window()

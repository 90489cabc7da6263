"""The render-module warm-up (0.35 s or more on the GUI thread) waits until nobody is touching the screen: a
patient's tap that landed in it waited for it (issue 17, touch feedback)."""
from __future__ import annotations

import threading

from kiosk.ui.idle import IdleWatcher
from kiosk.ui.staff import preview


def test_the_warm_up_waits_while_the_screen_is_in_use_then_runs_once(qtbot, monkeypatch):
    monkeypatch.setattr(preview, "_warmed", threading.Event())
    monkeypatch.setattr(preview, "WARM_UP_AFTER_MS", 0)
    monkeypatch.setattr(preview, "WARM_UP_QUIET_MS", 40)
    quiet = iter([0, 25, 10**9, 10**9])  # touched just now, then 25 ms ago, then long ago
    asked: list[str] = []
    imported: list[int] = []

    def quiet_ms() -> int:
        asked.append("asked")
        return next(quiet)

    def import_render_modules() -> None:
        imported.append(len(asked))
        raise RuntimeError("stop here: no font thread in this test")

    monkeypatch.setattr(preview, "import_render_modules", import_render_modules)
    preview.warm_up(quiet_ms=quiet_ms)
    qtbot.waitUntil(lambda: bool(imported), timeout=5000)
    assert imported == [3]  # not while touched, not 25 ms after; once the screen had been still
    preview.warm_up(quiet_ms=quiet_ms)  # once per process
    qtbot.wait(100)
    assert imported == [3]


def test_quiet_time_counts_from_the_last_touch_and_is_endless_when_the_reset_is_off(qapp):
    watcher = IdleWatcher(qapp, timeout_ms=90_000)
    try:
        watcher.poke()
        assert 0 <= watcher.quiet_ms() < 90_000
        watcher.set_enabled(False)  # staff mode: nobody is using the patient screens
        assert watcher.quiet_ms() >= 10**9
    finally:
        watcher.remove()


def test_a_closed_window_counts_as_still(qapp):
    watcher = IdleWatcher(qapp, timeout_ms=90_000)
    watcher.poke()
    watcher.remove()
    from shiboken6 import delete

    delete(watcher)  # the window and its watcher are gone, the warm-up timer still asks
    assert watcher.quiet_ms() >= 10**9

"""Cyclic garbage is collected on the GUI thread only (kiosk.ui.gc_guard): a worker thread never runs the collector,
so PySide objects in garbage are never destroyed off the GUI thread."""
from __future__ import annotations

import gc
import threading


def test_workers_never_collect_and_the_gui_thread_does(qapp, qtbot):
    from kiosk.ui import gc_guard
    from kiosk.ui.staff.worker import Worker

    worker = Worker()
    worker.start(0, lambda: None)  # starting any worker installs the guard
    assert not gc.isenabled() and qapp._kiosk_gc_timer.isActive()

    collected_on: list[str] = []

    def note(phase, info):
        if phase == "start":
            collected_on.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        def make_cycles():
            for _ in range(50_000):  # far past generation 0's threshold
                a = []
                a.append(a)

        worker.start(1, make_cycles)
        qtbot.waitUntil(lambda: not any(t.is_alive() for t in worker.threads), timeout=10000)
        assert all(name == threading.main_thread().name for name in collected_on)
        qtbot.waitUntil(lambda: threading.main_thread().name in collected_on, timeout=5000)  # the timer collects
        assert gc_guard.collect() >= 0
    finally:
        gc.callbacks.remove(note)

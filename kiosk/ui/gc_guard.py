"""Cyclic garbage collection only on the GUI thread.

Python runs its cyclic collector on whichever thread happens to allocate past the threshold. When that is a worker
(the preview's reportlab render, a print) and the garbage holds PySide wrappers, Qt objects are destroyed off the
GUI thread and the process can crash with SIGSEGV (seen in the staff tests: "Garbage-collecting" in a render
worker). So automatic collection is switched off and a GUI-thread timer collects instead, generation by generation,
when the counts pass the usual thresholds (the same approach as qutebrowser's GarbageCollector). Reference counting
still frees everything else at once, on any thread.
"""
from __future__ import annotations

import gc

INTERVAL_MS = 250


def install(app) -> None:
    """Switch automatic collection off and collect from a timer on APP's (the GUI) thread; once per app."""
    if getattr(app, "_kiosk_gc_timer", None) is not None:
        return
    from PySide6.QtCore import QTimer

    gc.disable()
    timer = QTimer(app)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(collect)
    timer.start()
    app._kiosk_gc_timer = timer


def collect() -> int:
    """Collect the generations whose counts passed their thresholds, youngest first; returns objects freed."""
    freed = 0
    (t0, t1, t2), (c0, c1, c2) = gc.get_threshold(), gc.get_count()
    if c0 > t0:
        freed += gc.collect(0)
        if c1 > t1:
            freed += gc.collect(1)
            if c2 > t2:
                freed += gc.collect(2)
    return freed

"""Run a slow call (render, print) on a plain Python thread and hear about it on the GUI thread.

Each job carries a token: a receiver ignores answers to jobs it no longer cares about (the preview keeps only the
newest render).

A screen can be deleted while its job still runs (the nurse is signed out mid-print). So that a thread never emits
through a QObject that the GUI thread is destroying at that moment:

- the Worker has no Qt parent, and a module registry holds it from the first job until the GUI thread has heard
  that its last thread ended: the QObject the threads emit through outlives every thread, and it is freed on the
  GUI thread;
- threads emit only one internal signal, delivered (queued) to the Worker itself on the GUI thread; only there
  does it emit `done`, `failed` and `note` to the screen, and only if the screen has not `retire()`d it. Screens
  retire their worker when they are destroyed, so no answer reaches a dead screen.
"""
from __future__ import annotations

import threading
import weakref

from PySide6.QtCore import QObject, Qt, Signal
from shiboken6 import isValid

_LIVE: set["Worker"] = set()  # workers with a thread the GUI thread has not yet heard the end of
_ALL: "weakref.WeakSet[Worker]" = weakref.WeakSet()


class Worker(QObject):
    done = Signal(object, object)  # token, result
    failed = Signal(object, object)  # token, exception
    note = Signal(object, str)  # token, progress text
    _arrived = Signal(str, object, object)  # kind (done | failed | note | ended), token, payload; from threads

    def __init__(self, owner: QObject | None = None):
        super().__init__()  # no parent on purpose: see the module's docstring
        self.threads: list[threading.Thread] = []
        self.retired = False
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._owner = weakref.ref(owner) if owner is not None else (lambda: None)
        if owner is not None:
            owner.destroyed.connect(self.retire)
        _ALL.add(self)

    def start(self, token, fn, *args, **kwargs) -> threading.Thread:
        from PySide6.QtCore import QCoreApplication

        from kiosk.ui import gc_guard

        app = QCoreApplication.instance()
        if app is not None:
            gc_guard.install(app)  # before any worker runs: no cyclic collection off the GUI thread (one-time)
        thread = threading.Thread(target=self._run, args=(token, fn, args, kwargs), daemon=True,
                                  name=f"kiosk-{getattr(fn, '__name__', 'job')}")
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        _LIVE.add(self)
        thread.start()
        return thread

    def notify(self, token, text: str) -> None:
        """Progress from inside a job (any thread)."""
        self._arrived.emit("note", token, text)

    def _run(self, token, fn, args, kwargs) -> None:
        try:
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which decides what to say
                self._arrived.emit("failed", token, exc)
            else:
                self._arrived.emit("done", token, result)
        finally:
            self._arrived.emit("ended", token, threading.current_thread())

    def _deliver(self, kind: str, token, payload) -> None:
        """On the GUI thread."""
        if kind == "ended":
            payload.join(1.0)  # it signalled just before returning: let it finish those last lines
            self.threads = [t for t in self.threads if t.is_alive()]
            if not self.threads:
                _LIVE.discard(self)
            return
        if self.retired:
            return
        if kind == "done":
            self.done.emit(token, payload)
        elif kind == "failed":
            self.failed.emit(token, payload)
        else:
            self.note.emit(token, payload)

    def retire(self, *_) -> None:
        """The screen is gone or no longer wants answers: deliver nothing more (jobs run to their end)."""
        self.retired = True

    def join(self, timeout: float = 10.0) -> None:
        """Wait for running jobs (tests, and before the app quits)."""
        for thread in list(self.threads):
            thread.join(timeout)


def retire_within(root: QObject) -> None:
    """Retire every worker whose screen is `root` or inside it (before `root` is deleted: a job that ends
    between now and the deletion must not reach a screen the nurse has already left)."""
    for worker in list(_ALL):
        owner = worker._owner()
        if owner is not None and isValid(owner) and isValid(root):
            if owner is root or (hasattr(root, "isAncestorOf") and root.isAncestorOf(owner)):
                worker.retire()


def live_workers() -> list[Worker]:
    """Workers with a job the GUI thread has not yet heard finish (their screens may be gone)."""
    return list(_LIVE)


def join_all(timeout: float = 10.0) -> None:
    for worker in live_workers():
        worker.join(timeout)

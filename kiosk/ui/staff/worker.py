"""Run a slow call (render, print) on a plain Python thread and hear about it on the GUI thread.

The signals belong to a QObject that lives on the GUI thread, so Qt queues their delivery there. Each job carries
a token: a receiver ignores answers to jobs it no longer cares about (the preview keeps only the newest render).
When the receiving widgets are gone (signed out mid-job), the answer is dropped.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal


class Worker(QObject):
    done = Signal(object, object)  # token, result
    failed = Signal(object, object)  # token, exception
    note = Signal(object, str)  # token, progress text

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.threads: list[threading.Thread] = []

    def start(self, token, fn, *args, **kwargs) -> threading.Thread:
        thread = threading.Thread(target=self._run, args=(token, fn, args, kwargs), daemon=True,
                                  name=f"kiosk-{getattr(fn, '__name__', 'job')}")
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def notify(self, token, text: str) -> None:
        self._emit(self.note, token, text)

    def _run(self, token, fn, args, kwargs) -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which decides what to say
            self._emit(self.failed, token, exc)
        else:
            self._emit(self.done, token, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the QObject was deleted (staff signed out): nobody is waiting any more
            pass

    def join(self, timeout: float = 10.0) -> None:
        """Wait for running jobs (tests, and before the app quits)."""
        for thread in list(self.threads):
            thread.join(timeout)

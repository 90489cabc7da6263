"""Notices for the person at the screen, raised from code that knows nothing about Qt.

Domain and service code calls the plain functions (`info`, `warning`, `error`); whoever shows them (the
kiosk's `kiosk.ui.bridge.MessageBridge`, or a test) subscribes. The shape follows qutebrowser's
`utils/message.py`: one small module of functions, one Qt object on the other side turning them into
signals that carry a `Message`. With no subscriber a notice goes to the log, so nothing is ever lost
and nothing here imports Qt.

Never put a patient's details in a notice: notices may be logged.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger("kiosk.messages")

LEVELS: tuple[str, ...] = ("info", "warning", "error")


@dataclass(frozen=True)
class Message:
    level: str  # info | warning | error
    text: str
    key: str = ""  # notices with the same key replace each other (e.g. "speech")

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"unknown message level {self.level!r}")


Handler = Callable[[Message], None]
_handlers: list[Handler] = []
_lock = threading.Lock()


def subscribe(handler: Handler) -> Callable[[], None]:
    """Call `handler(message)` for every notice from now on; returns a function that unsubscribes."""
    with _lock:
        _handlers.append(handler)

    def unsubscribe() -> None:
        with _lock:
            if handler in _handlers:
                _handlers.remove(handler)

    return unsubscribe


def send(message: Message) -> None:
    with _lock:
        handlers = list(_handlers)
    if not handlers:
        getattr(log, "info" if message.level == "info" else message.level)(message.text)
        return
    for handler in handlers:
        handler(message)


def info(text: str, key: str = "") -> None:
    send(Message("info", text, key))


def warning(text: str, key: str = "") -> None:
    send(Message("warning", text, key))


def error(text: str, key: str = "") -> None:
    send(Message("error", text, key))

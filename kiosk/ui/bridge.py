"""The one QObject that turns `kiosk.core.messages` notices into Qt signals.

    bridge = MessageBridge()      # subscribes on creation
    bridge.shown.connect(...)     # receives a kiosk.core.messages.Message

Notices may come from any thread: the signal is emitted from the caller's thread and Qt queues it to
the receivers' thread, so widgets always handle it on the GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.core import messages


class MessageBridge(QObject):
    shown = Signal(object)  # messages.Message

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._unsubscribe = messages.subscribe(self._relay)

    def _relay(self, message: messages.Message) -> None:
        self.shown.emit(message)

    def close(self) -> None:
        """Stop receiving notices (the main window calls this when it closes)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

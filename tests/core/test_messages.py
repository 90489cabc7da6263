"""kiosk.core.messages: plain functions for notices, no Qt; the Qt bridge turns them into signals."""
from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from kiosk.core import messages


def test_subscribers_get_each_notice_until_they_unsubscribe():
    got = []
    unsubscribe = messages.subscribe(got.append)
    try:
        messages.info("Printed.")
        messages.warning("Printer is slow.", key="printer")
        messages.error("Printer is out of paper.")
    finally:
        unsubscribe()
    messages.info("After.")
    assert got == [messages.Message("info", "Printed."), messages.Message("warning", "Printer is slow.", "printer"),
                   messages.Message("error", "Printer is out of paper.")]
    unsubscribe()  # twice is harmless


def test_without_a_subscriber_notices_go_to_the_log(caplog):
    with caplog.at_level(logging.INFO, logger="kiosk.messages"):
        messages.warning("Nobody is listening.")
    assert "Nobody is listening." in caplog.text


def test_unknown_levels_are_refused():
    with pytest.raises(ValueError):
        messages.Message("shout", "Hi")


def test_messages_module_does_not_import_qt():
    code = "import sys, kiosk.core.messages; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_qt_bridge_turns_notices_into_signals(qtbot):
    from kiosk.ui.bridge import MessageBridge

    bridge = MessageBridge()
    try:
        with qtbot.waitSignal(bridge.shown) as blocker:
            messages.info("Your sheet is printing.")
        assert blocker.args[0] == messages.Message("info", "Your sheet is printing.")
    finally:
        bridge.close()
    with qtbot.assertNotEmitted(bridge.shown):
        messages.info("Closed bridges hear nothing.")

"""A database that refuses a write at sign-in gives the nurse a sentence on the PIN pad, never a silent failure."""
from __future__ import annotations

from staff_support import NURSE, NURSE_PIN, enter_pin, open_pin_pad

from kiosk.store import DiskFullError


def test_a_full_disk_at_sign_in_is_said_on_the_pin_pad(qtbot, window, staff, monkeypatch):
    def full(*_args, **_kwargs):
        raise DiskFullError("The disk is full, so the change was not saved.")

    monkeypatch.setattr(staff.staff, "verify", full)
    pad = open_pin_pad(qtbot, window)
    enter_pin(qtbot, pad, NURSE, NURSE_PIN)
    assert "disk is full" in pad.message.text() and pad.message.isVisible()
    assert window.current_screen() == "staff.pin" and window.staff.member is None


def test_the_first_admin_cannot_be_created_on_the_read_only_fallback(qtbot, store):
    from kiosk.ui.staff.first_admin import FirstAdminScreen

    store.read_only_reason = "The database file is damaged or is not a kiosk database."
    screen = FirstAdminScreen(store)
    qtbot.addWidget(screen)
    screen.create("Ann Admin", "482913")
    assert "restored" in screen.message.text() and store.staff.list() == []

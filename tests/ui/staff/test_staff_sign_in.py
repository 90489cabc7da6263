"""Staff sign-in on the app's own PIN pad: the menu each role gets, lockout that survives a restart, first admin."""
from __future__ import annotations

import pytest
from staff_support import ADMIN, ADMIN_PIN, NURSE, NURSE_PIN, click, enter_pin, open_pin_pad, sign_in

from kiosk.store import Store
from kiosk.store.staff import LockedOut


def test_nurse_signs_in_with_the_keypad_and_gets_the_nurse_menu(qtbot, window, staff):
    menu = sign_in(qtbot, window)
    assert window.staff.member.name == NURSE
    assert menu.discharge_btn.isVisible()
    assert menu.admin_btn is None and menu.exit_btn is None  # no admin entries at all for a nurse
    assert staff.audit.entries(kind="sign_in")[0].actor == NURSE
    assert not window.idle.enabled()  # the patient idle reset is off while staff work


def test_pin_digits_are_never_shown_or_kept_in_a_text_field(qtbot, window, staff):
    pad = open_pin_pad(qtbot, window)
    click(qtbot, pad.name_buttons[NURSE])
    for digit in "735":
        click(qtbot, pad.keypad.keys[digit])
    assert pad.keypad.dots.text() == "●●●"
    assert not pad.sign_in.isEnabled()  # six digits at least
    from PySide6.QtWidgets import QLineEdit

    assert pad.findChildren(QLineEdit) == []


def test_keyboard_works_on_the_pin_pad(qtbot, window, staff):
    pad = open_pin_pad(qtbot, window)
    click(qtbot, pad.name_buttons[NURSE])
    qtbot.keyClicks(pad.keypad, NURSE_PIN)
    qtbot.keyClick(pad.keypad, "\r")
    assert window.current_screen() == "staff.menu"


def test_five_wrong_pins_lock_the_account_and_a_restart_does_not_unlock_it(qtbot, window, staff, db_path):
    pad = open_pin_pad(qtbot, window)
    for attempt in range(1, 5):
        enter_pin(qtbot, pad, NURSE, "918273")
        assert f"{5 - attempt} more tries" in pad.message.text()
    enter_pin(qtbot, pad, NURSE, "918273")
    assert "Too many wrong PINs. Please wait 30 seconds and try again." == pad.message.text()
    assert not pad.keypad.isEnabled() and not pad.sign_in.isEnabled()

    # The counters are in the database: a fresh Store on the same file (a restart) is still locked…
    with Store.open(db_path) as reopened:
        with pytest.raises(LockedOut):
            reopened.staff.verify(NURSE, NURSE_PIN)
    # …and so is a PIN pad built from nothing, even before a PIN is typed.
    click(qtbot, pad.cancel_btn)
    pad = open_pin_pad(qtbot, window)
    click(qtbot, pad.name_buttons[NURSE])
    assert "Please wait" in pad.message.text() and not pad.keypad.isEnabled()
    # Another member is not affected.
    enter_pin(qtbot, pad, ADMIN, ADMIN_PIN)
    assert window.staff.member.name == ADMIN


def test_first_start_asks_for_the_first_admin_and_signs_them_in(qtbot, window, store):
    assert store.staff.list() == []
    assert window.staff.offer_first_setup()  # what `kiosk run` does before the window is shown
    setup = window.staff.screens["staff.first_admin"]
    for ch in "kim":
        click(qtbot, setup.keyboard.keys[ch])
    qtbot.keyClicks(setup.name, " Lee")
    for ch in "123456":
        click(qtbot, setup.keypad.keys[ch])
    click(qtbot, setup.next_btn)
    assert "too easy to guess" in setup.message.text()  # no trivial PIN, ever
    for pin in ("740285", "740285"):
        for ch in pin:
            click(qtbot, setup.keypad.keys[ch])
        click(qtbot, setup.next_btn)
    (member,) = store.staff.list()
    assert (member.name, member.role) == ("kim Lee", "admin")
    menu = window.staff.screens["staff.menu"]
    assert menu.admin_btn.isVisible() and menu.exit_btn.isVisible()


def test_first_admin_screen_is_not_offered_once_staff_exist(qtbot, window, staff):
    window.staff_requested.emit()
    assert "staff.first_admin" not in window.staff.screens and "staff.pin" in window.staff.screens


def test_admin_opens_the_console_and_comes_back_to_the_menu(qtbot, window, staff):
    from kiosk.ui.admin import AdminConsole

    menu = sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    click(qtbot, menu.admin_btn)
    console = window.staff.screens["staff.admin"]
    assert isinstance(console, AdminConsole) and window.current_screen() == "staff.admin"
    console.closed.emit()
    assert window.current_screen() == "staff.menu"


def test_admin_entry_says_so_when_the_console_is_not_installed(qtbot, window, staff, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "kiosk.ui.admin", None)  # as if the package were missing
    menu = sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    click(qtbot, menu.admin_btn)
    assert menu.message.text() == "The admin console is not available in this version."
    assert window.current_screen() == "staff.menu"


def test_nurse_cannot_reach_admin_functions_by_calling_them(qtbot, window, staff):
    sign_in(qtbot, window)
    window.staff.open_admin()
    assert "staff.admin" not in window.staff.screens
    assert "Only an admin" in window.staff.screens["staff.menu"].message.text()
    window.staff.exit_kiosk()
    assert window.isVisible()


def test_admin_exits_kiosk_mode(qtbot, window, staff):
    menu = sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    click(qtbot, menu.exit_btn)
    assert not window.isVisible()
    assert staff.audit.entries(kind="sign_out")[0].detail == {"reason": "exit"}


def test_an_idle_sign_out_keeps_an_admins_unsaved_edits_as_a_draft(qtbot, window, staff):
    """The admin walks away mid-edit; the idle sign-out must not lose the work. Patients keep the published
    text; the edits wait as a draft, and the audit log says why it was saved."""
    menu = sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    click(qtbot, menu.admin_btn)
    console = window.staff.screens["staff.admin"]
    assert console.open_handout("knee-joint-injection", "en")
    published = staff.handouts.get_published("knee-joint-injection", "en")
    edit = console.editor.form.sections["after"]
    edit.setFocus()
    qtbot.keyClicks(edit, " Walk a little each hour today.")
    assert console.editor.dirty
    window.staff.sign_out("idle")
    assert window.current_screen() == "welcome" and window.staff.member is None
    draft = staff.handouts.latest("knee-joint-injection", "en")
    assert draft.state == "draft" and draft.version == published.version + 1
    assert "Walk a little each hour today." in draft.handout.section("after")
    assert staff.handouts.get_published("knee-joint-injection", "en").version == published.version
    (entry,) = staff.audit.entries(kind="draft")
    assert entry.actor == ADMIN and entry.detail["reason"] == "unsaved edits kept at sign-out (idle)"


def test_a_sign_out_with_nothing_unsaved_saves_no_draft(qtbot, window, staff):
    menu = sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    click(qtbot, menu.admin_btn)
    console = window.staff.screens["staff.admin"]
    assert console.open_handout("knee-joint-injection", "en")
    window.staff.sign_out("idle")
    assert staff.audit.entries(kind="draft") == []

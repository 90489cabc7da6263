"""Signing out (idle or Done) destroys the form: no widget anywhere still holds the last patient's name or notes."""
from __future__ import annotations

from staff_support import NOTES, NURSE, PATIENT, click, fill, flush_deletes, open_form, sign_in, wait_for_preview
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

TEXT_GETTERS = ("text", "toPlainText", "plainText", "currentText", "placeholderText", "windowTitle", "toolTip",
                "accessibleName", "accessibleDescription", "statusTip", "whatsThis")


def texts_of_every_widget() -> list[str]:
    found = []
    for widget in QApplication.allWidgets():
        for getter in TEXT_GETTERS:
            method = getattr(widget, getter, None)
            if callable(method):
                try:
                    value = method()
                except TypeError:
                    continue
                if isinstance(value, str) and value:
                    found.append(value)
        if hasattr(widget, "count") and hasattr(widget, "itemText"):  # combo boxes
            found += [widget.itemText(i) for i in range(widget.count())]
    return found


def leaks(markers) -> list[str]:
    everything = texts_of_every_widget() + [QGuiApplication.clipboard().text()]
    return [t for t in everything if any(m in t for m in markers)]


def shorten_idle(window, seconds: float = 0.4) -> None:
    """Tests do not wait two minutes: the running staff idle clock is shortened."""
    window.staff.idle.set_seconds(seconds)


def test_idle_sign_out_leaves_no_trace_of_the_patient(qtbot, window, staff):
    staff.settings.update("test", staff_signout_seconds=90)
    screen = open_form(qtbot, window)
    assert window.staff.idle.seconds == 90  # the admin's setting
    fill(qtbot, screen)
    screen.form.notes.selectAll()
    screen.form.notes.copy()  # even what the nurse copied
    wait_for_preview(qtbot, screen)
    assert leaks([PATIENT, NOTES])  # the markers are there to be found while the form is up
    warnings = []
    window.staff.idle.warning.connect(lambda _s: warnings.append(screen.warning.text()))
    shorten_idle(window)

    with qtbot.waitSignal(window.staff.signed_out, timeout=5000) as signal:
        pass  # no input: the staff idle clock runs out, saying so first
    assert signal.args == ["idle"]
    assert warnings and warnings[0].startswith("Signing out in 1 s")
    flush_deletes()
    assert leaks([PATIENT, NOTES, "Quentin", "Zebracorn"]) == []
    assert window.current_screen() == "welcome" and window.staff.member is None
    assert window.idle.enabled()  # the patient idle reset is back
    assert [e.detail for e in staff.audit.entries(kind="sign_out")] == [{"reason": "idle"}]


def test_printing_holds_the_idle_clock(qtbot, window, staff, tmp_path):
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    shorten_idle(window)
    screen.busy_changed.emit(True)  # a slow printer is being followed
    qtbot.wait(800)
    assert window.staff.member is not None
    screen.busy_changed.emit(False)
    qtbot.waitSignal(window.staff.signed_out, timeout=5000).wait()


def test_done_signs_out_and_the_next_nurse_starts_from_nothing(qtbot, window, staff, tmp_path):
    staff.settings.update("test", print_backend="folder", print_folder=str(tmp_path))
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=10000)
    click(qtbot, screen.panel.done_btn)
    flush_deletes()
    assert window.current_screen() == "welcome"
    assert leaks([PATIENT, NOTES]) == []

    menu = sign_in(qtbot, window)
    click(qtbot, menu.discharge_btn)
    fresh = window.staff.screens["staff.discharge"]
    assert fresh.form.patient_name.text() == "" and fresh.form.notes.toPlainText() == ""
    assert fresh.preview.sheet is None and fresh.form.nurse.text() == NURSE


def test_done_on_an_unprinted_sheet_asks_first(qtbot, window, staff):
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.leave_btn)
    assert window.staff.member is not None and "tap again" in screen.leave_btn.text()
    click(qtbot, screen.leave_btn)
    assert window.staff.member is None

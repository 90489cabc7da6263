"""Helpers for the staff-mode tests: drive the app's own PIN pad and form the way a nurse would.
(A module of its own: `from conftest import` is ambiguous when several test folders run together.)"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt

NURSE, NURSE_PIN = "Nora Nurse", "735146"
ADMIN, ADMIN_PIN = "Ana Admin", "482913"
# Marker patient details, searched for in every widget after sign-out.
PATIENT = "Quentin Marlowe-Zyx"
NOTES = "Zebracorn drill sergeant"


def flush_deletes() -> None:
    """Run pending deleteLater()s now (nested event loops in tests would otherwise keep them waiting)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.text() if hasattr(widget, "text") else widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_pin_pad(qtbot, window):
    window.staff_requested.emit()
    return window.staff.screens["staff.pin"]


def enter_pin(qtbot, pin_screen, name: str, pin: str) -> None:
    click(qtbot, pin_screen.name_buttons[name])
    for digit in pin:
        click(qtbot, pin_screen.keypad.keys[digit])
    click(qtbot, pin_screen.sign_in)


def sign_in(qtbot, window, name: str = NURSE, pin: str = NURSE_PIN):
    enter_pin(qtbot, open_pin_pad(qtbot, window), name, pin)
    assert window.current_screen() == "staff.menu"
    return window.staff.screens["staff.menu"]


def open_form(qtbot, window, name: str = NURSE, pin: str = NURSE_PIN):
    menu = sign_in(qtbot, window, name, pin)
    click(qtbot, menu.discharge_btn)
    return window.staff.screens["staff.discharge"]


def pick_procedure(qtbot, form, query: str, title: str) -> None:
    qtbot.keyClicks(form.search, query)
    items = [form.procedures.item(i) for i in range(form.procedures.count())]
    item = next(i for i in items if i.text() == title)
    form.procedures.scrollToItem(item)
    rect = form.procedures.visualItemRect(item)
    qtbot.mouseClick(form.procedures.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # Touch scrolling holds a press back briefly (to tell a tap from a flick) before the list sees it.
    qtbot.waitUntil(lambda: form.slug() != "", timeout=2000)


def fill(qtbot, screen, name: str = PATIENT, notes: str = NOTES) -> None:
    form = screen.form
    pick_procedure(qtbot, form, "facet", "Facet joint injection")
    qtbot.keyClicks(form.patient_name, name)
    click(qtbot, form.side_buttons["left"])
    qtbot.keyClicks(form.sites, "L4-L5")
    qtbot.keyClicks(form.notes, notes)


def sheet_text(pdf: bytes) -> str:
    import io

    import pypdf

    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def wait_for_preview(qtbot, screen, timeout: int = 10000):
    qtbot.waitUntil(lambda: screen.preview.current(), timeout=timeout)
    return screen.preview.sheet

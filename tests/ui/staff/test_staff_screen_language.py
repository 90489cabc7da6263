"""Staff screens in the member's own language: chosen on the menu, saved with the account, used at the next
sign-in, and never leaking to the next member or the patient screens."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel
from staff_support import ADMIN, ADMIN_PIN, NURSE, click, flush_deletes, sign_in

from kiosk.core import i18n
from kiosk.ui.staff.checks import TEACH_BACK_MESSAGES


def shown_texts(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
            if w.isVisibleTo(widget) and w.text().strip()]


def test_a_nurse_switches_to_spanish_and_keeps_it_at_the_next_sign_in(qtbot, window, staff):
    menu = sign_in(qtbot, window)
    assert menu.discharge_btn.text() == "Discharge sheet" and menu.language_btn.text() == "Español"
    click(qtbot, menu.language_btn)
    menu = window.staff.screens["staff.menu"]
    assert menu.discharge_btn.text() == "Hoja de alta" and menu.sign_out_btn.text() == "Cerrar sesión"
    assert menu.language_btn.text() == "English"
    assert staff.staff.get(NURSE).language == "es"  # saved with the account
    assert any(e.detail.get("action") == "language" for e in staff.audit.entries(kind="staff"))

    click(qtbot, menu.sign_out_btn)
    flush_deletes()
    assert i18n.current() == "en" and window.patient.welcome.start_button.text() == "Touch to start"
    # another member gets their own language, not the last one's
    admin_menu = sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    assert admin_menu.discharge_btn.text() == "Discharge sheet" and admin_menu.admin_btn.text() == "Admin console"
    click(qtbot, admin_menu.sign_out_btn)
    flush_deletes()
    menu = sign_in(qtbot, window)
    assert menu.discharge_btn.text() == "Hoja de alta"


def test_the_spanish_discharge_screen_has_no_english_left(qtbot, window, staff):
    staff.staff.set_language(NURSE, "es", "test")
    menu = sign_in(qtbot, window)
    click(qtbot, menu.discharge_btn)
    screen = window.staff.screens["staff.discharge"]
    texts = shown_texts(screen)
    assert "Imprimir" in texts and "Idioma de la hoja" in texts and "Nombre del paciente" in texts
    assert screen.form.teach_back.text().splitlines()[0] == "Pida al paciente que le diga, con sus propias palabras:"
    assert screen.form.problems()["patient_name"] == "Escriba el nombre del paciente."
    # every English msgid that has a different Spanish translation: none of them may be on screen
    catalogue = i18n._translations("es")
    english = {msgid for msgid, text in catalogue._catalog.items()
               if isinstance(msgid, str) and msgid and "\x04" not in msgid and text != msgid}
    english |= set(TEACH_BACK_MESSAGES)
    assert [t for t in texts if t in english] == []
    click(qtbot, screen.leave_btn)
    flush_deletes()

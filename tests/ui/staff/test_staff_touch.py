"""Staff screens on a touch kiosk: the Notes box's height, the print panel's other ways out, notices that do not
move the form, and the app's own keyboard."""
from __future__ import annotations

import pytest
from staff_support import click, open_form


@pytest.mark.parametrize("theme_name,size", [("default", 0), ("default", 2), ("high_contrast", 1)])
def test_notes_box_shows_at_least_six_lines(qtbot, window, staff, theme_name, size):
    from kiosk.ui import theme

    theme.apply_theme(window, theme_name, size)
    try:
        notes = open_form(qtbot, window).form.notes
        qtbot.waitUntil(notes.isVisible, timeout=2000)
        lines = (notes.viewport().height() - 2 * notes.document().documentMargin()) / notes.fontMetrics().lineSpacing()
        assert lines >= 6, lines
        # and the style sheet's one-line min-height no longer wins after a restyle
        theme.apply_theme(window, theme_name, size)
        assert notes.minimumHeight() >= 6 * notes.fontMetrics().lineSpacing()
    finally:
        theme.apply_theme(window, "default", 0)


# ---- the app's own keyboard ----------------------------------------------------------------------------------
def _text_fields(root):
    """(every editable text field shown in ROOT, those the app's keyboard serves). Spin boxes and date fields
    (arrows, calendar) are not text fields."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

    from kiosk.ui.widgets.touch_keyboard import wants_keyboard

    fields = [w for w in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit)
              if w.isVisibleTo(root) and w.isEnabled() and not w.isReadOnly()
              and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))]
    return fields, [w for w in fields if wants_keyboard(w)]


def _keyboard_on(qtbot, field):
    """Focus FIELD as a tap would; the keyboard shows and does not cover it. Returns the host."""
    from PySide6.QtCore import QPoint, QRect

    from kiosk.ui.widgets.touch_keyboard import install

    host = install()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    assert host.visible(), field.placeholderText()
    window = field.window()
    panel = host.panel.geometry()
    where = QRect(field.mapTo(window, QPoint(0, 0)), field.size())
    assert not panel.intersects(where), (field.placeholderText() or field.accessibleName(), panel, where)
    assert window.rect().contains(panel)
    assert host.panel.keyboard.target() is field
    return host


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_every_discharge_field_gets_the_keyboard_without_being_covered(qtbot, window, staff, size):
    from PySide6.QtCore import Qt

    from kiosk.ui.widgets.touch_keyboard import install

    install().reset()
    window.resize(*size)
    screen = open_form(qtbot, window)
    form = screen.form
    form.takes_thinner.setChecked(True)
    fields, keyed = _text_fields(form)
    assert fields == keyed and len(fields) >= 7  # search, name, where, blood thinner, time, nurse, notes
    for field in fields:
        host = _keyboard_on(qtbot, field)
    # tapping keys types at the cursor: Shift starts an empty field with a capital
    host = _keyboard_on(qtbot, form.patient_name)
    keys = host.panel.keyboard.keys
    for value in ("a", "n", "n", " ", "shift", "l", "e", "e"):
        click(qtbot, keys[value])
    assert form.patient_name.text() == "Ann Lee"
    host = _keyboard_on(qtbot, form.notes)
    for value in ("n", "o", "\n", "i", "c", "e", ".", "\b", " ", " ", "o", "k"):
        click(qtbot, keys[value])
    assert form.notes.toPlainText() == "No\nIce ok"  # one space however often it is tapped
    host = _keyboard_on(qtbot, form.sites)
    for value in ("l", "4", "-", "l", "5", "\b"):
        click(qtbot, keys[value])
    assert form.sites.text() == "L4-l"
    click(qtbot, keys["\n"])  # Next: the next field, not Print
    assert not form.sites.hasFocus() and screen.panel.state == "ready"
    assert not host.visible()  # the next field is a tick box: nothing to type
    host = _keyboard_on(qtbot, form.nurse)
    click(qtbot, host.panel.keyboard.hide_key)
    assert not host.visible() and form.nurse.hasFocus()
    qtbot.mouseClick(form.nurse, Qt.MouseButton.LeftButton)  # a tap on the field brings it back
    assert host.visible()


def test_a_hardware_key_hides_the_keyboard_for_good(qtbot, window, staff):
    from PySide6.QtCore import Qt

    from kiosk.ui.widgets.touch_keyboard import install

    install().reset()
    form = open_form(qtbot, window).form
    host = _keyboard_on(qtbot, form.patient_name)
    qtbot.keyClick(form.patient_name, Qt.Key.Key_B)
    assert not host.visible() and form.patient_name.text() == "b"
    form.notes.setFocus()
    qtbot.waitUntil(form.notes.hasFocus, timeout=2000)
    assert not host.visible()
    host.reset()
    assert host.visible()  # notes has focus: a new start offers it again


def test_sign_in_screens_have_a_keyboard_for_every_text_field(qtbot, window, staff):
    """The PIN pad has no text field (its keypad is the keyboard); first-admin set-up has its own keyboard."""
    from kiosk.ui.staff.first_admin import FirstAdminScreen
    from kiosk.ui.widgets.touch_keyboard import install

    install().reset()
    window.staff_requested.emit()
    fields, keyed = _text_fields(window.staff.screens["staff.pin"])
    assert fields == []
    first = FirstAdminScreen(window.app)
    qtbot.addWidget(first)
    fields, keyed = _text_fields(first)
    assert fields == [first.name] and keyed == [] and first.keyboard.target() is first.name


# ---- notices ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_discharge_notices_never_move_the_controls(qtbot, window, staff, size):
    from PySide6.QtCore import QPoint, QRect

    window.resize(*size)
    screen = open_form(qtbot, window)
    qtbot.wait(10)

    def where():
        return [QRect(w.mapTo(screen, QPoint(0, 0)), w.size())
                for w in (screen.panel.print_btn, screen.form_scroll, screen.leave_btn, screen.preview,
                          screen.panel.save_btn, screen.panel.other_btn)]

    before = where()
    screen.idle_warning(20)  # "Signing out in 20 s: touch the screen to stay."
    assert screen.warning.isVisible() and where() == before
    click(qtbot, screen.panel.print_btn)  # nothing chosen: "Fix the marked fields first."
    assert screen.panel.status.isVisible() and "Fix the marked fields" in screen.panel.status.text()
    assert where() == before
    screen.idle_cleared()
    assert where() == before


# ---- Save as PDF and Other printer, before any print -------------------------------------------------------------
def test_save_as_pdf_is_there_from_the_start_and_checks_the_form_first(qtbot, window, staff, tmp_path_factory):
    from staff_support import PATIENT, fill, wait_for_preview

    stick = tmp_path_factory.mktemp("usb-stick")
    staff.settings.update("test", save_folders=(str(stick),))
    screen = open_form(qtbot, window)
    panel = screen.panel
    assert panel.state == "ready"
    for btn in (panel.print_btn, panel.other_btn, panel.save_btn):
        assert btn.isVisible() and btn.isEnabled(), btn.text()
    assert not panel.retry_btn.isVisible() and not panel.discard_btn.isVisible()

    click(qtbot, panel.save_btn)  # an empty form: the same refusal as Print, nothing written
    assert "Fix the marked fields first." in panel.status.text() and list(stick.iterdir()) == []

    fill(qtbot, screen)
    click(qtbot, panel.save_btn)  # straight after typing: waits for the sheet to catch up, then saves it
    qtbot.waitUntil(lambda: panel.state == "printed", timeout=15000)
    (target,) = stick.glob("aftercare-facet-joint-injection-*.pdf")
    assert PATIENT not in target.name
    assert target.read_bytes() == wait_for_preview(qtbot, screen).pdf
    assert PATIENT.split()[0] in __import__("staff_support").sheet_text(target.read_bytes())
    assert [e.detail["outcome"] for e in staff.audit.entries(kind="print")] == ["saved_as_pdf"]


def test_no_save_folder_says_so_on_the_button(qtbot, window, staff):
    panel = open_form(qtbot, window).panel
    assert panel.save_btn.isVisible() and not panel.save_btn.isEnabled()
    assert "an admin must choose a folder" in panel.save_note.text() and panel.save_btn.text() == "Save as PDF"

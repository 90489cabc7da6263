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
    for value in ("n", "o", "\n", "i", "c", "e", "."):
        click(qtbot, keys[value])
    assert form.notes.toPlainText() == "No\nIce."
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

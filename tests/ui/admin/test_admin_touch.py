"""The admin console on a touch-only kiosk: the app's keyboard for every text field of every page (the handout
editor included), never covering the field."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit


def text_fields(root):
    return [w for w in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit)
            if w.isVisibleTo(root) and w.isEnabled() and not w.isReadOnly()
            and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))]


def keyboard_on(qtbot, field):
    from kiosk.ui.widgets.touch_keyboard import install

    host = install()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    assert host.visible(), field.accessibleName()
    window = field.window()
    where = QRect(field.mapTo(window, QPoint(0, 0)), field.size())
    assert not host.panel.geometry().intersects(where), (host.placed_at, host.panel.geometry(), where)
    assert window.rect().contains(host.panel.geometry())
    assert host.panel.keyboard.target() is field
    return host


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_every_admin_text_field_gets_the_keyboard_without_being_covered(qtbot, console, size):
    from kiosk.ui.widgets.touch_keyboard import install, wants_keyboard

    install().reset()
    console.resize(*size)
    count = 0
    for row in range(console.nav.count()):
        console.nav.setCurrentRow(row)
        for field in text_fields(console.pages.currentWidget()):
            assert wants_keyboard(field)
            keyboard_on(qtbot, field)
            count += 1
    console.nav.setCurrentRow(0)
    assert console.open_handout(console.app.handouts.published("en")[0].handout.slug, "en")
    for field in text_fields(console.editor):
        keyboard_on(qtbot, field)
        count += 1
    assert count >= 25, count
    # typing with it into a settings field: digits and punctuation for a phone number
    console.show_page("Clinic settings")
    host = keyboard_on(qtbot, console.settings_page.after_hours)
    console.settings_page.after_hours.clear()
    assert not host.panel.keyboard.shift.isChecked()  # a phone number: no capital to start
    keyboard_on(qtbot, console.settings_page.name)
    assert console.settings_page.name.text() or host.panel.keyboard.shift.isChecked()  # a name: a capital
    host = keyboard_on(qtbot, console.settings_page.after_hours)
    for value in "555-0199":
        qtbot.mouseClick(host.panel.keyboard.keys[value], Qt.MouseButton.LeftButton)
    assert console.settings_page.after_hours.text() == "555-0199"


def _where(widget, console) -> QRect:
    return QRect(widget.mapTo(console, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_notices_never_move_the_page(qtbot, console, size):
    from kiosk.ui.admin.common import Notice

    console.resize(*size)
    console.show_page("Clinic settings")
    qtbot.wait(10)
    watched = [console.nav, console.pages, console.settings_page.name, console.settings_page.save_btn,
               console.close_btn]
    before = [_where(w, console) for w in watched]
    for notice in (Notice("Saved the settings (1 changed)."), Notice("Nothing changed in the settings.", "info"),
                   Notice("The pack was refused; nothing changed. " * 6, "error")):
        console.show_notice(notice)
        qtbot.waitUntil(console.banner.isVisible, timeout=1000)
        assert [_where(w, console) for w in watched] == before, notice.text
        banner = _where(console.banner, console)
        assert not banner.intersects(_where(console.close_btn, console))  # Close is always reachable
        assert console.banner.height() >= console.banner.heightForWidth(console.banner.width())  # not cut
    console.banner.hide()  # (as the timer or a tap does)
    assert [_where(w, console) for w in watched] == before

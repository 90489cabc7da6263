"""The mouse wheel never changes a combo box, spin box or date field that the person is not editing, on any staff
or admin page: every such control of the discharge form and of each admin console page (the handout editor
included) gets wheel notches up and down, unfocused, and must keep its value. A focused control still takes the
wheel (so the events sent here do change a value when the guard lets them through)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDateTimeEdit
from staff_support import ADMIN, ADMIN_PIN, click, sign_in


def _value(w):
    if isinstance(w, QComboBox):
        return w.currentIndex()
    if isinstance(w, QDateTimeEdit):
        return w.dateTime()
    return w.text()  # spin boxes: the shown value, whole or decimal


def _wheel(w, notches: int) -> None:
    centre = QPointF(w.rect().center())
    event = QWheelEvent(centre, QPointF(w.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(w, event)


def _controls(root):
    return [w for w in root.findChildren(QAbstractSpinBox) + root.findChildren(QComboBox)
            if w.isEnabled() and w.window() is root.window()]


def _check_unfocused(qtbot, controls, away) -> list[str]:
    changed = []
    for w in controls:
        away.setFocus()
        qtbot.waitUntil(lambda w=w: not w.hasFocus(), timeout=1000)
        before = _value(w)
        for notches in (1, -1, -1, 1, 3, -3):
            _wheel(w, notches)
            if _value(w) != before:
                changed.append(f"{type(w).__name__} {w.accessibleName() or w.objectName() or _value(w)}")
                break
    return changed


def test_wheel_never_changes_an_unfocused_control_on_any_staff_or_admin_page(qtbot, window, staff):
    # the discharge form
    click(qtbot, sign_in(qtbot, window, ADMIN, ADMIN_PIN).discharge_btn)
    screen = window.staff.screens["staff.discharge"]
    screen.form.follow_mode.setCurrentIndex(1)  # the date field shows; then the weeks box
    form_controls = _controls(screen)  # the form and the print panel (its printer list)
    assert screen.panel.printer_choice in form_controls
    assert len(form_controls) >= 7, form_controls  # language, dates, follow-up, weeks, doctor, pain diary...
    assert _check_unfocused(qtbot, form_controls, screen.form.patient_name) == []
    assert screen.form.lang() == "en"

    # every admin console page, and the handout editor
    window.staff.show_menu()
    click(qtbot, window.staff.screens["staff.menu"].admin_btn)
    console = window.staff.screens["staff.admin"]
    seen = 0
    for row in range(console.nav.count()):
        console.nav.setCurrentRow(row)
        page = console.pages.currentWidget()
        controls = _controls(page)
        seen += len(controls)
        assert _check_unfocused(qtbot, controls, console.nav) == [], console.nav.item(row).text()
    console.nav.setCurrentRow(0)
    assert console.open_handout(console.app.handouts.published("en")[0].handout.slug, "en")
    editor_controls = _controls(console.editor)
    assert _check_unfocused(qtbot, editor_controls, console.nav) == []
    seen += len(editor_controls)
    assert seen >= 15, seen  # settings alone has combos and spin boxes by the dozen

    # the events above are real: a control being edited (it has focus) does take the wheel
    combo = console.settings_page.paper
    console.show_page("Clinic settings")
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=1000)
    before = combo.currentIndex()
    _wheel(combo, -1 if before == 0 else 1)
    assert combo.currentIndex() != before


def test_a_combo_takes_no_focus_from_the_wheel(qtbot, window, staff):
    from kiosk.ui.widgets import wheel_guard

    click(qtbot, sign_in(qtbot, window).discharge_btn)
    form = window.staff.screens["staff.discharge"].form
    for w in _controls(form):
        assert w.focusPolicy() != Qt.FocusPolicy.WheelFocus, type(w).__name__
    guard = wheel_guard.install()
    assert guard is wheel_guard.install()  # one guard, however many screens ask for it
    refused = guard.refused
    form.patient_name.setFocus()
    _wheel(form.language, -1)
    assert guard.refused == refused + 1 and form.lang() == "en"

    # the patient screens pay nothing for it: the filter is out once no staff screen is left
    from kiosk.ui.widgets.touch_keyboard import install
    from staff_support import flush_deletes

    assert guard.active
    window.staff.sign_out()
    flush_deletes()
    assert not guard.active and not install()._filtering

"""The console works from a keyboard: Enter opens the chosen handout, Ctrl+S saves a draft, Tab leaves a text
box instead of typing a tab, Escape goes back to the list (asking first when there are unsaved edits)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def activate(console, qtbot):
    console.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)


def test_keyboard_open_edit_save_and_back(console, store, qtbot):
    activate(console, qtbot)
    library = console.library
    library.table.setFocus()
    library.select("hip-joint-injection")
    qtbot.keyClick(library.table, Qt.Key.Key_Return)
    assert console.handouts.currentWidget() is console.editor
    editor = console.editor
    assert (editor.slug, editor.language) == ("hip-joint-injection", "en")

    summary = editor.form.summary
    summary.setFocus()
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    qtbot.keyClicks(summary, " Bring a list of your medicines.")
    qtbot.keyClick(summary, Qt.Key.Key_Tab)
    assert "\t" not in summary.toPlainText()
    assert not summary.hasFocus()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    latest = store.handouts.latest("hip-joint-injection", "en")
    assert latest.state == "draft" and latest.handout.summary.endswith("Bring a list of your medicines.")

    # unsaved edits: Escape asks; "no" keeps the editor open
    editor.form.title.setFocus()
    qtbot.keyClicks(editor.form.title, " (hip)")
    console.ctx.confirm.answer = False
    qtbot.keyClick(editor.form.title, Qt.Key.Key_Escape)
    assert console.ctx.confirm.asked[-1][0] == "Unsaved changes"
    assert console.handouts.currentWidget() is editor
    console.ctx.confirm.answer = True
    qtbot.keyClick(editor.form.title, Qt.Key.Key_Escape)
    assert console.handouts.currentWidget() is library
    assert store.handouts.latest("hip-joint-injection", "en").handout.title == "Hip joint injection"


def test_the_buttons_are_big_enough_to_touch(console):
    for button in (console.library.open_btn, console.library.new_btn, console.close_btn):
        assert button.height() >= 40, button.text()
    console.open_handout("hip-joint-injection", "en")
    for button in (console.editor.save_btn, console.editor.publish_btn, console.editor.back_btn):
        assert button.height() >= 40, button.text()

"""Screenshots of the admin console for `kiosk screenshots`: the library list, the editor with its reading
meters and patient preview, the version difference, and the clinic settings.

    take(window, out_dir) -> [Path, ...]

`window` is the main window (its `store` is used, and the console is shown as one of its screens when it has
`add_screen`) or an AdminConsole. Nothing is written to the database: the edits shown are never saved.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.core.model import StaffMember
from kiosk.ui.admin.common import Notice

SLUG = "knee-joint-injection"
SCREEN = "admin-screenshots"
HARD_TEXT = ("Following the intervention, considerable postprocedural discomfort and temporary neurological "
             "sensations frequently manifest themselves, necessitating individualised symptomatic management.\n"
             "[insert ice advice here]")


def _settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def _admin(window) -> StaffMember | None:
    """The signed-in demo admin that `kiosk screenshots` made in its throw-away database."""
    return getattr(window, "demo_admin", None)


def _console(window):
    from kiosk.ui.admin import AdminConsole

    if isinstance(window, AdminConsole):
        return window, None
    admin = _admin(window)
    if admin is None:
        raise RuntimeError("The admin screenshots need the demo admin of a throw-away database (no --db).")
    console = AdminConsole(window.app, admin)
    console.ctx.confirm = lambda *a, **k: False  # a screenshot run never changes anything
    console.ctx.ask_unsaved = lambda what: "keep"
    if hasattr(window, "add_screen"):
        window.add_screen(SCREEN, console)
        window.show_screen(SCREEN)
        return console, window
    console.resize(window.size())
    console.show()
    return console, None


def take(window, out_dir) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    console, host = _console(window)
    target = host or console
    shots: list[Path] = []

    def shot(name: str) -> None:
        _settle()
        path = out / f"admin-{name}.png"
        target.grab().save(str(path))
        shots.append(path)

    try:
        console.show_page("Handouts")
        console.show_library()
        console.library.select(SLUG)
        shot("library")

        slug = SLUG if console.app.handouts.latest(SLUG, "en") else console.library.visible_entries()[0].slug
        console.open_handout(slug, "en")
        editor = console.editor
        after = editor.form.sections["after"]
        after.setPlainText(HARD_TEXT)  # an unsaved edit: the meter turns red and the checks speak up
        editor.run_checks()
        _settle()
        editor.form.focus_field("after")
        editor.update_previews()
        from kiosk.ui.widgets.touch_keyboard import install

        install().hide()  # shown for the focused field; the keyboard has its own screenshot
        shot("editor")

        editor.tabs.setCurrentWidget(editor.sheet)
        editor.update_previews()
        shot("editor-sheet")

        editor.tabs.setCurrentWidget(editor.history)
        history = editor.history
        versions = [v.version for v in history.versions]
        if len(versions) >= 2:
            history.choose(versions[-2], versions[-1])
        else:
            history.choose(versions[-1], 0)  # the published text against the unsaved edit above
        shot("history")

        editor.form.load(editor.loaded.handout)  # drop the edit before leaving: nothing is saved
        console.show_library()
        console.show_page("Clinic settings")
        from kiosk.ui.widgets.touch_keyboard import install

        keyboard = install()
        keyboard.hide()
        shot("settings")
        if not keyboard.hardware_seen:  # the touch-only kiosk: the app's keyboard under the field
            console.settings_page.after_hours.setFocus()
            _settle()
            shot("settings-keyboard")
            keyboard.hide()
        console.show_notice(Notice("Saved the settings (1 changed)."))  # over the title row: nothing moves
        shot("notice")
        console.banner.hide()

        from kiosk.ui.admin.common import unsaved_box

        box, _answers = unsaved_box(console, console.settings_page.EDITS)  # what Close asks after an edit
        box.show()
        _settle()
        path = out / "admin-unsaved-prompt.png"
        box.grab().save(str(path))
        shots.append(path)
        box.close()
        box.deleteLater()
    finally:
        if host is not None and hasattr(host, "remove_screen"):
            host.remove_screen(SCREEN)
        console.close()
    return shots

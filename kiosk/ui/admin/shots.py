"""Screenshots of the admin console for `kiosk screenshots`: the library list, the editor with its reading
meters and patient preview, the version difference, and the clinic settings.

    take(window, out_dir) -> [Path, ...]

The drawing field is shown three ways: the project's drawing, an own drawing chosen through Replace drawing…
(a sample SVG written to a temporary folder, never saved), and a hostile SVG refused in one sentence.

`window` is the main window (its `store` is used, and the console is shown as one of its screens when it has
`add_screen`) or an AdminConsole. Nothing is written to the database: the edits shown are never saved.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.core.model import StaffMember
from kiosk.ui.admin.common import Notice

SLUG = "knee-joint-injection"
SCREEN = "admin-screenshots"
HARD_TEXT = ("Following the intervention, considerable postprocedural discomfort and temporary neurological "
             "sensations frequently manifest themselves, necessitating individualised symptomatic management.\n"
             "[insert ice advice here]")


# An example of a clinic's own drawing (a knee from the front, the needle from the side), for the screenshot only.
OWN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
           '<rect x="4" y="4" width="392" height="292" rx="16" fill="#FFFFFF" stroke="#BFD8E1" stroke-width="4"/>'
           '<path d="M150 20 C140 100 140 120 160 150 C140 190 145 230 150 285 L250 285 C255 230 260 190 240 150 '
           'C260 120 260 100 250 20 Z" fill="#E9F0F2" stroke="#56707B" stroke-width="5"/>'
           '<ellipse cx="200" cy="150" rx="34" ry="26" fill="#BFD8E1" stroke="#1C5A70" stroke-width="4"/>'
           '<line x1="360" y1="110" x2="236" y2="146" stroke="#172A33" stroke-width="6" stroke-linecap="round"/>'
           '<rect x="350" y="96" width="34" height="22" rx="4" fill="#1C5A70" transform="rotate(-16 367 107)"/>'
           '</svg>')
HOSTILE_SVG = OWN_SVG.replace("</svg>", "<script>alert('hi')</script></svg>")


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

        editor.form.load(editor.loaded.handout)
        editor.tabs.setCurrentWidget(editor.patient)
        editor.run_checks()
        editor._show_state()
        _drawing_shots(console, editor, shot)

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


def _drawing_shots(console, editor, shot) -> None:
    """The drawing field: the project's drawing, an own one chosen through the core, a hostile one refused."""
    field = editor.form.drawing
    chosen_before = console.ctx.open_file
    with tempfile.TemporaryDirectory() as folder:
        own, evil = Path(folder) / "our-knee.svg", Path(folder) / "from-the-web.svg"
        own.write_text(OWN_SVG, encoding="utf-8")
        evil.write_text(HOSTILE_SVG, encoding="utf-8")
        try:
            editor.form.verticalScrollBar().setValue(max(0, editor.form.cards["drawing"].y() - 8))
            shot("editor-drawing")
            console.ctx.open_file = lambda title, filters: str(own)
            editor.replace_drawing()
            field.alt.setText("Our clinic's drawing: the knee from the front, the needle going in from the side.")
            editor.run_checks()
            editor.update_previews()
            editor.patient.scroll_to("what_it_is")
            shot("editor-own-drawing")
            console.ctx.open_file = lambda title, filters: str(evil)
            editor.replace_drawing()
            shot("editor-drawing-refused")
        finally:
            console.ctx.open_file = chosen_before
            editor.form.load(editor.loaded.handout)  # nothing is saved

"""Screenshots of staff mode for `kiosk screenshots`: the PIN pad, a lockout, the filled form with its preview,
and a print failure.

The screens are shown in the given main window (its size, theme and fonts) but work on a throw-away copy of the
store with demo staff and a demo patient, so taking screenshots never adds accounts to, locks or audits the
clinic's real database.
"""
from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

DEMO_NURSE = "Sam Rivera"
DEMO_LOCKED = "Jordan Lee"
DEMO_PATIENT = "Alex Sample"


def _pin() -> str:
    from kiosk.ui.screenshots import demo_pin

    return demo_pin()


def _wait(condition, timeout: float = 15.0) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QApplication.processEvents()  # (not the (flags, ms) overload: it leaks a reference to None in 6.12)
        if condition():
            return True
        time.sleep(0.01)
    return False


class _Shooter:
    def __init__(self, window, out_dir: Path):
        self.window = window
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.paths: list[Path] = []

    def show(self, name: str, widget) -> None:
        self.window.add_screen(name, widget)
        self.window.show_screen(name)
        _wait(lambda: True, 0.2)

    def save(self, filename: str) -> None:
        _wait(lambda: False, 0.15)  # let new widgets lay out and paint
        path = self.out / filename
        self.window.grab().save(str(path))
        self.paths.append(path)

    def drop(self, name: str) -> None:
        self.window.remove_screen(name)


def take(window, out_dir) -> list[Path]:
    """Save the staff screenshots into out_dir; returns their paths."""
    from kiosk.app import App

    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        app = App.open(Path(tmp) / "shots.sqlite3")
        try:
            admin = app.staff.create_first_admin("Shots Admin", _pin(), actor="screenshots")
            settings = window.app.settings.get()
            app.settings.save(admin, settings)
            app.settings.update(admin, smart_phrases=settings.smart_phrases or (
                "Keep the bandage dry for 24 hours.", "You may shower tomorrow."),
                physicians=settings.physicians or ("Dr. Ada Park",),
                phone=settings.phone or "(555) 010-0100")  # a made-up number: sheets need one
            return _take(window, app, admin, Path(out_dir))
        finally:
            app.close()


def _take(window, app, admin, out_dir: Path) -> list[Path]:
    from kiosk.printing.cups import CupsBackend
    from kiosk.ui.staff.discharge import DischargeScreen
    from kiosk.ui.staff.pin_screen import PinScreen

    pin = _pin()
    app.staff.add(admin, DEMO_NURSE, "nurse", pin)
    app.staff.add(admin, DEMO_LOCKED, "nurse", _pin())
    shots = _Shooter(window, out_dir)

    pad = PinScreen(app)
    shots.show("shots.pin", pad)
    pad.select(DEMO_NURSE)
    for digit in pin[:4]:
        pad.keypad.press(digit)
    shots.save("staff-pin-pad.png")
    pad.select(DEMO_LOCKED)
    for _ in range(5):
        for digit in "918273":
            pad.keypad.press(digit)
        pad.submit()
    shots.save("staff-lockout.png")
    shots.drop("shots.pin")

    member = app.staff.sign_in(DEMO_NURSE, pin)
    screen = DischargeScreen(app, member, backend_factory=lambda _s: CupsBackend("/nonexistent/cups.sock"))
    shots.show("shots.discharge", screen)
    form = screen.form
    slug = "facet-joint-injection"
    if not form.select_procedure(slug) and form.procedures.count():
        form.procedures.setCurrentRow(0)
    form.patient_name.setText(DEMO_PATIENT)
    form.side_buttons["left"].setChecked(True)
    form.sites.setText("L4-L5")
    for med, box in form.medications.items():
        box.setChecked("steroid" in med.lower() or "anesthetic" in med.lower())
    if app.settings.get().smart_phrases:
        form.insert_phrase(app.settings.get().smart_phrases[0])
    _wait(screen.preview.current)
    from kiosk.ui.widgets.touch_keyboard import install

    keyboard = install()
    keyboard.hide()  # (the phrase put the cursor in the notes) the form as a hardware keyboard user sees it
    shots.save("staff-discharge-form.png")
    if not keyboard.hardware_seen:  # the touch-only kiosk: the app's keyboard types into the notes
        form.notes.clearFocus()
        form.notes.setFocus()
        _wait(keyboard.visible, 2.0)
        shots.save("staff-discharge-keyboard.png")
        keyboard.hide()
    screen.print_sheet()
    _wait(lambda: screen.panel.state == "failed")
    shots.save("staff-print-failure.png")
    screen.worker.join()
    shots.drop("shots.discharge")
    _wait(lambda: True, 0.1)
    return shots.paths

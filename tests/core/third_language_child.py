"""Run by test_third_language.py in a child process whose KIOSK_LOCALE_DIR holds the pseudo-language "xx": builds
the real patient and staff screens and a real sheet in it and prints what a person would read, as JSON.

argv: DATABASE_PATH SHEET_PDF_PATH"""
from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_TTS_ENGINE", "mock")

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel  # noqa: E402

from kiosk.core import i18n  # noqa: E402
from kiosk.ui.app import guard_singleton_refcounts  # noqa: E402

guard_singleton_refcounts()


def texts(widget) -> list[str]:
    """Every visible label and button text under WIDGET; a button shown as its icon alone (a header too narrow for
    its words) counts by its accessible name, which carries the same words."""
    found = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget) and w.text().strip()]
    found += [w.text() or w.accessibleName() for w in widget.findChildren(QAbstractButton)
              if w.isVisibleTo(widget) and (w.text() or w.accessibleName()).strip()]
    return found


def main() -> None:
    db, pdf = Path(sys.argv[1]), Path(sys.argv[2])
    out: dict = {"languages": list(i18n.LANGUAGES), "names": i18n.LANGUAGE_NAMES}
    qapp = QApplication([])
    from kiosk.ui import theme

    theme.load_fonts()
    theme.apply_theme(qapp, "default", 0)
    from kiosk.app import as_app
    from kiosk.services import open_store
    from kiosk.ui.main_window import MainWindow

    store = open_store(db)
    app = as_app(store)
    admin = app.staff.create_first_admin("Ana Admin", "482913")
    app.staff.add(admin, "Nora Nurse", "nurse", "735146")
    window = MainWindow(store, kiosk_mode=False)
    window.resize(1280, 800)
    window.show()
    qapp.processEvents()

    # the patient screens: the language button cycles en -> es -> xx
    welcome = window.patient.welcome
    names = []
    for _ in range(3):
        names.append(welcome.language_button.text())
        welcome.language_button.click()
        qapp.processEvents()
    out["button_names"] = names
    window.session.set_language("xx")
    qapp.processEvents()
    out["welcome"] = texts(welcome)
    welcome.start_button.click()
    qapp.processEvents()
    out["home"] = texts(window.screen("home"))
    window.patient.open_procedure("knee-joint-injection")
    qapp.processEvents()
    out["procedure"] = texts(window.screen("procedure"))

    # the staff screens: the nurse saves "xx" as her language, and every screen after sign-in is built in it
    nurse = app.staff.sign_in("Nora Nurse", "735146")
    app.staff.set_language(nurse, "Nora Nurse", "xx")
    window.staff_requested.emit()
    pin = window.staff.screens["staff.pin"]
    pin.select("Nora Nurse")
    for digit in "735146":
        pin.keypad.press(digit)
    pin.submit()
    qapp.processEvents()
    out["menu"] = texts(window.staff.screens["staff.menu"])
    window.staff.open_discharge()
    qapp.processEvents()
    discharge = window.staff.screens["staff.discharge"]
    out["discharge"] = texts(discharge)
    out["form_problems"] = sorted(discharge.form.problems().values())
    window.staff.sign_out("done")
    qapp.processEvents()

    # a sheet in "xx": the knee handout's file copied as the xx handout (the "handout files" of the language)
    from kiosk.core.model import ClinicSettings, DischargeDetails
    from kiosk.sheet import render_sheet

    english = store.handouts.get_published("knee-joint-injection", "en").handout
    details = DischargeDetails(procedure_date=date(2026, 12, 4), patient_name="Pat Example", side="left",
                               language="xx", sedation=True, follow_up="")
    result = render_sheet(english.with_changes(language="xx"), 1,
                          ClinicSettings(name="Test Clinic", phone="555-0100"), details,
                          now=datetime(2026, 12, 4, 14, 5))
    pdf.write_bytes(result.pdf)
    window.allow_exit()
    window.shutdown()
    window.close()
    store.close()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()

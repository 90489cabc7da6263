"""Start the Qt application: fonts, theme, store, the main window.

`KIOSK_EXIT_WHEN_SHOWN=1` prints "welcome-shown" once the welcome screen has been painted and quits:
the start-up benchmark and smoke tests use it.
"""
from __future__ import annotations

import os
import sys


def create_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from kiosk.ui import theme

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("patient-handout-kiosk")
    theme.load_fonts()
    return app


def run_app(db=None, windowed: bool = False) -> int:
    app = create_app()

    from kiosk.services import open_store
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.patient import speech

    store = open_store(db)
    window = MainWindow(store, kiosk_mode=not windowed)
    if os.environ.get("KIOSK_EXIT_WHEN_SHOWN"):
        def shown() -> None:
            print("welcome-shown", flush=True)
            window.allow_exit()
            window.close()
            app.quit()

        window.patient.welcome.first_shown.connect(shown)
    app.aboutToQuit.connect(speech.shutdown_all)
    window.show_kiosk()
    try:
        return app.exec()
    finally:
        window.shutdown()
        store.close()

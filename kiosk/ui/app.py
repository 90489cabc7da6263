"""Start the Qt application. (A plain list of the published handouts until the kiosk screens land.)"""
from __future__ import annotations

import sys


def run_app(db=None, windowed: bool = False) -> int:
    from PySide6.QtWidgets import QApplication, QListWidget

    from kiosk.services import open_store

    app = QApplication.instance() or QApplication(sys.argv)
    store = open_store(db)
    window = QListWidget()
    window.setWindowTitle("Patient handouts")
    for version in store.handouts.published("en"):
        window.addItem(version.handout.title)
    window.resize(800, 600)
    window.show()
    return app.exec()

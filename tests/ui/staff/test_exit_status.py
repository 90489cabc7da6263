"""An admin's "Exit kiosk" ends the application with EXIT_BY_ADMIN, the status deploy/kiosk.service leaves down;
the window closing by itself would have ended it with 0, which the service restarts.

In a process of its own: the real event loop has to run and end (QCoreApplication.exit leaves the test process's
event loops refusing to run afterwards)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPT = r"""
import os
import sys
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from staff_support import ADMIN, ADMIN_PIN, click, sign_in
from kiosk.services import open_store
from kiosk.ui.app import create_app, guard_singleton_refcounts
from kiosk.ui.main_window import MainWindow

guard_singleton_refcounts()  # as kiosk run and the test session do (PySide6 6.12 on CPython 3.11)

app = create_app([])
store = open_store(sys.argv[1])
store.staff.add(ADMIN, "admin", ADMIN_PIN)
window = MainWindow(store, kiosk_mode=False)
window.show()
menu = sign_in(QTest, window, ADMIN, ADMIN_PIN)  # the drivers call bot.mouseClick(widget, button): QTest's own
QTimer.singleShot(0, lambda: click(QTest, menu.exit_btn))
status = app.exec()
print("visible" if window.isVisible() else "closed", flush=True)
# the status app.exec() returned is what is under test: leave without the interpreter's teardown of Qt objects,
# which can crash after the fact (seen once as SIGSEGV in CI) and would hide it
os._exit(status)
"""


def test_exit_kiosk_ends_the_event_loop_with_the_admin_exit_status(db_path):
    from kiosk.services import open_store
    from kiosk.ui.app import EXIT_BY_ADMIN

    out = subprocess.run([sys.executable, "-c", SCRIPT, str(db_path), str(HERE)], capture_output=True, text=True,
                         timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_TTS_ENGINE="mock"))
    assert out.returncode == EXIT_BY_ADMIN == 64, out.stderr[-2000:]  # what `kiosk run` exits with
    assert out.stdout.strip() == "closed"
    store = open_store(db_path)
    try:
        assert store.audit.entries(kind="sign_out")[0].detail == {"reason": "exit"}
    finally:
        store.close()

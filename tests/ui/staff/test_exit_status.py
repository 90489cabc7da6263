"""An admin's "Exit kiosk" ends the application with EXIT_BY_ADMIN, the status deploy/kiosk.service leaves down;
the window closing by itself would have ended it with 0, which the service restarts."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from staff_support import ADMIN, ADMIN_PIN, click, sign_in


def test_exit_kiosk_ends_the_event_loop_with_the_admin_exit_status(qtbot, window, staff):
    from kiosk.ui.app import EXIT_BY_ADMIN

    menu = sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    QTimer.singleShot(0, lambda: click(qtbot, menu.exit_btn))
    status = QApplication.instance().exec()  # what run_app returns and `kiosk run` exits with
    assert status == EXIT_BY_ADMIN == 64
    assert not window.isVisible()
    assert staff.audit.entries(kind="sign_out")[0].detail == {"reason": "exit"}

"""Start the Qt application: fonts, theme, store, the main window.

`KIOSK_EXIT_WHEN_SHOWN=1` prints "welcome-shown" once the welcome screen has been painted and quits:
the start-up benchmark and smoke tests use it. For the deployment tests (tests/deploy), `KIOSK_EXIT_WHEN_SHOWN=admin`
then leaves the way an admin's "Exit kiosk" does (exit status EXIT_BY_ADMIN), and `KIOSK_CRASH_AFTER_SHOWN=1`
aborts the process instead (SIGABRT, as a crash in Qt would): nothing else sets them.

Exit statuses of `kiosk run`: 0 closed normally, EXIT_BY_ADMIN (64) an admin chose "Exit kiosk" on purpose
(deploy/kiosk.service does not restart it), anything else a failure that the service restarts.
"""
from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger("kiosk.app")
_guarded = False

# deploy/patient-handout-kiosk.desktop: the Wayland app_id (and X11 WM_CLASS) that compositors and docks match
DESKTOP_FILE_NAME = "patient-handout-kiosk"

EXIT_BY_ADMIN = 64  # deploy/kiosk.service: RestartPreventExitStatus=64 SuccessExitStatus=64


def leave_kiosk(window, status: int = EXIT_BY_ADMIN) -> None:
    """Close the kiosk window and end the event loop with STATUS (the process's exit status under `kiosk run`).

    The staff controller's "Exit kiosk" calls this after signing out, so the service that started the kiosk
    knows the stop was deliberate and does not restart it."""
    from PySide6.QtCore import QCoreApplication, QThread

    window.allow_exit()
    window.close()
    # After close(): the last-window quit (status 0) must not win. Only with an event loop running (`kiosk run`):
    # QCoreApplication.exit() with none marks the thread as quitting for good, so no later loop would run.
    if QThread.currentThread().loopLevel() > 0:
        QCoreApplication.exit(status)


def guard_singleton_refcounts() -> None:
    """Work around PySide6 6.12.0 on CPython < 3.12 dropping a reference to None, True or False on
    every call that returns void or bool (label.setText(), processEvents(), isVisible()…).

    CPython 3.12 made those objects immortal, which hides the bug; on 3.11 the count reaches zero after
    a few thousand calls and the process aborts ("Fatal Python error: none_dealloc"), which a kiosk
    running all day is sure to do. Giving them a reference count no session can use up makes them
    immortal here too. Remove once the project runs on Python >= 3.12 or a fixed PySide.
    """
    global _guarded
    if _guarded or sys.version_info >= (3, 12):
        return
    import ctypes

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 60
    _guarded = True


def create_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from kiosk.ui import theme

    guard_singleton_refcounts()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    from kiosk.ui import gc_guard

    gc_guard.install(app)  # cyclic garbage collection on this thread only (PySide objects die here)
    app.setApplicationName("patient-handout-kiosk")
    app.setApplicationDisplayName("Patient handouts")
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    from PySide6.QtGui import QIcon

    from kiosk import resources

    app.setWindowIcon(QIcon(str(resources.icon(DESKTOP_FILE_NAME))))
    theme.load_fonts()
    return app


def settle_heap() -> None:
    """Once the kiosk is up: collect the start-up garbage, then move every object that exists now (widgets, the
    handout library, Qt wrappers) out of the cyclic garbage collector's reach (`gc.freeze`). Later collections
    then walk only what each screen creates, instead of pausing a key press to walk the whole heap: on the
    2-core machine key-to-results went from 17.0 to 14.4 ms at the 95th percentile. Objects are still freed
    by reference counting as before; only cycles made before this moment are never collected."""
    import gc

    gc.collect()
    gc.freeze()


def build_window(app_core, windowed: bool = False):
    """The main window over APP_CORE (an App, or an open Store), as `kiosk run` shows it: on a database that was never set up, "Create the
    first admin" comes first, before any patient screen (never later, and never from the patients' logo
    gesture). KIOSK_EXIT_WHEN_SHOWN (start-up measurements) goes straight to the welcome screen."""
    from kiosk.ui.main_window import MainWindow

    window = MainWindow(app_core, kiosk_mode=not windowed)
    staff = getattr(window, "staff", None)
    if staff is not None and not (os.environ.get("KIOSK_EXIT_WHEN_SHOWN") or os.environ.get("KIOSK_CRASH_AFTER_SHOWN")):
        staff.offer_first_setup()
    return window


def run_app(db=None, windowed: bool = False) -> int:
    app = create_app()

    from kiosk.app import App
    from kiosk.ui.patient import speech

    # A damaged, foreign or newer database must not leave patients with a blank screen: the kiosk then shows
    # the bundled handouts read-only, and says what is wrong in one sentence for the staff.
    app_core, problem = App.open_or_fallback(db)
    from kiosk import config

    log.info("Starting on %s with the database %s.", config.get("device_name"), app_core.data_folder)
    if problem:
        print(f"kiosk: {problem} Showing the bundled handouts, read-only, until it is fixed.", file=sys.stderr,
              flush=True)
        log.error("The database cannot be used; showing the bundled handouts read-only: %s", problem)
    for notice in app_core.settings.problems():  # a bad stored setting: its default is used (the console says so too)
        print(f"kiosk: {notice}", file=sys.stderr, flush=True)
    window = build_window(app_core, windowed)
    if os.environ.get("KIOSK_EXIT_WHEN_SHOWN") or os.environ.get("KIOSK_CRASH_AFTER_SHOWN"):
        def shown() -> None:
            print("welcome-shown", flush=True)
            if os.environ.get("KIOSK_CRASH_AFTER_SHOWN") == "1":
                os.abort()
            if os.environ.get("KIOSK_EXIT_WHEN_SHOWN") == "admin":
                leave_kiosk(window)
                return
            window.allow_exit()
            window.close()
            app.quit()

        window.patient.welcome.first_shown.connect(shown)
    app.aboutToQuit.connect(speech.shutdown_all)
    from PySide6.QtCore import QTimer

    window.patient.welcome.first_shown.connect(lambda: QTimer.singleShot(0, settle_heap))
    window.show_kiosk()
    from kiosk.ui.kiosk_guard import EXIT_WINDOW_LOST

    if window.guard is not None:
        window.guard.window_lost.connect(lambda: (
            print("kiosk: the kiosk window was destroyed from outside; exiting so the watchdog restarts it.",
                  file=sys.stderr, flush=True), app.exit(EXIT_WINDOW_LOST)))
    status = 1
    try:
        status = app.exec()
        if window.kiosk_mode and not window.exit_allowed() and status == 0:
            status = EXIT_WINDOW_LOST  # the event loop ended with no admin's Exit kiosk: never a quiet exit
        return status
    finally:
        window.shutdown()
        app_core.close()
        log.info("Stopped (exit status %s%s).", status, ", an admin's Exit kiosk" if status == EXIT_BY_ADMIN else "")

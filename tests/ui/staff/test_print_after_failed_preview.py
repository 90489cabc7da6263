"""A preview that failed to build must not leave Print waiting forever with the patient's sheet on screen."""
from __future__ import annotations

from staff_support import click, fill, open_form, wait_for_preview

from kiosk.ui.staff import preview as preview_module


def test_print_after_a_failed_preview_renders_again_and_prints(qtbot, window, staff, tmp_path, monkeypatch):
    staff.settings.update("test", print_backend="folder", print_folder=str(tmp_path))
    real = preview_module._render
    failures = []

    def flaky(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise MemoryError("simulated: the first render fails")
        return real(*args, **kwargs)

    monkeypatch.setattr(preview_module, "_render", flaky)
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    qtbot.waitUntil(lambda: bool(failures) and "No preview" in screen.preview.status.text(), timeout=15000)
    assert not screen.preview.current()
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=15000)
    assert list(tmp_path.glob("*.pdf"))
    assert screen.leave_btn.isEnabled()  # Done works again: the nurse can sign out
    assert wait_for_preview(qtbot, screen) is not None


class SlowPrinter:
    """A printer that takes its time: the nurse is signed out before it answers. `entered` is set when the job
    reaches it; it fails once `release` is set."""
    name = "slow"

    def __init__(self, entered, release):
        self.entered, self.release = entered, release

    def printers(self):
        return ["slow"]

    def default_printer(self):
        return "slow"

    def submit(self, pdf, title, printer, copies=1):
        from kiosk.printing.base import PrintError

        self.entered.set()
        self.release.wait(10)
        raise PrintError("The printer did not answer.", printer=printer)

    def wait(self, job, timeout=None, on_status=None):
        raise AssertionError("never reached")


def test_signing_out_while_a_print_is_followed_still_leaves_an_audit_entry(qtbot, window, staff, tmp_path):
    import threading

    from staff_support import click as tap

    release = threading.Event()
    screen = open_form(qtbot, window)
    screen.backend = SlowPrinter(threading.Event(), release)
    fill(qtbot, screen)
    wait_for_preview(qtbot, screen)
    tap(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.printing, timeout=5000)
    window.staff.sign_out("menu")
    release.set()
    outcomes = [e.detail.get("outcome") for e in staff.audit.entries(kind="print")]
    assert outcomes == ["unknown"]
    assert window.current_screen() == "welcome"


def test_a_print_that_ends_after_sign_out_answers_nobody_and_its_worker_outlives_its_thread(
        qtbot, window, staff):
    """The nurse is signed out (the screen is deleted) while the print job still runs. The QObject the
    job's thread emits through must stay alive until that thread has ended; the late answer must not reach
    the deleted screen nor add a second audit entry; then the worker is let go."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid
    from staff_support import click as tap

    from kiosk.ui.staff.worker import live_workers

    release = threading.Event()
    entered = threading.Event()
    screen = open_form(qtbot, window)
    screen.backend = SlowPrinter(entered, release)
    fill(qtbot, screen)
    wait_for_preview(qtbot, screen)
    worker = screen.worker
    answers = []
    worker.done.connect(lambda *a: answers.append(a))
    tap(qtbot, screen.panel.print_btn)
    assert entered.wait(5)
    window.staff.sign_out("menu")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(screen)  # the screen is gone...
    assert isValid(worker) and worker in live_workers()  # ...the object its job emits through is not
    release.set()
    qtbot.waitUntil(lambda: worker not in live_workers(), timeout=5000)
    assert answers == []  # retired: the late answer reached nobody
    outcomes = [e.detail.get("outcome") for e in staff.audit.entries(kind="print")]
    assert outcomes == ["unknown"]

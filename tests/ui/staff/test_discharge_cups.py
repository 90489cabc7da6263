"""The nurse's Print button against a real CUPS server: a stopped queue, Retry once it is back, the paper read back."""
from __future__ import annotations

import sys
from pathlib import Path

import pypdf
import pytest
from staff_support import NURSE, PATIENT, click, fill, open_form

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "printing"))
from cups_server import start_or_skip  # noqa: E402

pytestmark = pytest.mark.cups


@pytest.fixture
def cups(monkeypatch, staff):
    server = start_or_skip()
    server.queue = server.add_pdf_queue("front-desk")
    monkeypatch.setenv("CUPS_SERVER", server.socket)
    staff.settings.update("test", print_backend="cups", default_printer=server.queue)
    yield server
    server.stop()


def test_stopped_queue_then_retry_prints_two_copies_and_records_both(qtbot, window, staff, cups):
    cups.admin("cupsdisable", "-r", "Toner door open", cups.queue)
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.copy_buttons[2])
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "failed", timeout=15000)
    assert "The printer 'front-desk' is stopped (Toner door open)" in screen.panel.status.text()
    assert screen.preview.current()  # the sheet is still on screen

    cups.admin("cupsenable", cups.queue)
    click(qtbot, screen.panel.retry_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=20000)
    assert screen.panel.status.text().startswith("Printed 2 copies on front-desk (job ")
    (paper,) = cups.wait_for_outputs(1)
    assert PATIENT in "".join(p.extract_text() for p in pypdf.PdfReader(paper).pages)

    printed, failed = staff.audit.entries(kind="print")
    assert (failed.detail["outcome"], failed.detail["reason"]) == ("failed", "queue_stopped")
    assert printed.actor == NURSE and printed.detail["outcome"] == "printed"
    assert printed.detail["printer"] == "front-desk" and printed.detail["copies"] == 2
    assert printed.detail["job_id"].isdigit()


def test_other_printer_after_a_rejecting_queue(qtbot, window, staff, cups):
    cups.add_pdf_queue("back-office")
    cups.admin("cupsreject", cups.queue)
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "failed", timeout=15000)
    assert "not accepting jobs" in screen.panel.status.text()
    click(qtbot, screen.panel.other_btn)
    assert screen.panel.printer_choice.currentText() == "back-office"
    click(qtbot, screen.panel.print_there_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=20000)
    assert "on back-office" in screen.panel.status.text()
    assert staff.audit.entries(kind="print")[0].detail["printer"] == "back-office"


def test_paper_out_is_shown_to_the_nurse_then_the_sheet_prints_once_paper_is_loaded(qtbot, window, staff, cups):
    """The queue's printer reports media-empty-error (a real cupsd, a backend that is out of paper)."""
    name, paper = cups.add_paper_out_queue("ward-printer")
    staff.settings.update("test", default_printer=name)
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: "out of paper" in screen.panel.status.text(), timeout=15000)
    assert screen.panel.state == "busy" and screen.preview.current()  # still waiting; the sheet is on screen
    paper.touch()
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=20000)
    assert screen.panel.status.text().startswith("Printed 1 copy on ward-printer (job ")
    (entry,) = staff.audit.entries(kind="print")
    assert entry.detail["outcome"] == "printed" and entry.detail["printer"] == name


def test_paper_never_loaded_ends_in_a_clear_failure_the_nurse_can_act_on(qtbot, window, staff, cups):
    from kiosk.printing.cups import CupsBackend

    name, _paper = cups.add_paper_out_queue("ward-printer")
    staff.settings.update("test", default_printer=name)
    screen = open_form(qtbot, window)
    screen.backend = CupsBackend(cups.socket, timeout=2)  # the clinic's timeout, shortened for the test
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "failed", timeout=20000)
    text = screen.panel.status.text()
    assert "did not finish" in text and "out of paper" in text and "cancelled" in text
    assert screen.panel.retry_btn.isVisible() and screen.panel.other_btn.isVisible()
    (entry,) = staff.audit.entries(kind="print")
    assert entry.detail["outcome"] == "failed" and entry.detail["reason"] == "timeout"


def test_other_printer_from_the_start_prints_there(qtbot, window, staff, cups):
    """No failure needed: "Other printer…" lists the real queues and prints on the one chosen."""
    cups.add_pdf_queue("back-office")
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    assert screen.panel.state == "ready" and screen.panel.other_btn.isVisible()
    click(qtbot, screen.panel.other_btn)
    assert screen.panel.printer_choice.isVisible()
    assert screen.panel.printer_choice.currentText() == "back-office"
    click(qtbot, screen.panel.print_there_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=20000)
    assert "back-office" in screen.panel.status.text()
    (paper,) = cups.wait_for_outputs(1)
    assert PATIENT in "".join(p.extract_text() for p in pypdf.PdfReader(paper).pages)
    (entry,) = staff.audit.entries(kind="print")
    assert entry.detail["outcome"] == "printed" and entry.detail["printer"] == "back-office"

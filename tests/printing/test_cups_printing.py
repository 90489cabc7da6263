"""Printing through a real CUPS server (our own throw-away cupsd with a cups-pdf queue), faults included."""
from __future__ import annotations

import getpass
import io
import concurrent.futures
import re
import time

import pypdf
import pytest
from print_support import NOTES, PATIENT

from kiosk.printing import (
    JobHeld,
    NoSuchPrinter,
    PrintJob,
    PrintServerDown,
    PrintTimeout,
    QueueRejecting,
    QueueStopped,
    ipp,
)
from kiosk.printing.cups import CupsBackend
from kiosk.printing.record import run

pytestmark = pytest.mark.cups


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


def job_names(server) -> list[str]:
    client = ipp.Client(server.socket)
    resp = client.request(0x000A, "/", [(ipp.URI, "printer-uri", "ipp://localhost/"),  # Get-Jobs, all queues
                                        (ipp.NAME, "requesting-user-name", getpass.getuser()),
                                        (ipp.KEYWORD, "which-jobs", "all"),
                                        (ipp.KEYWORD, "requested-attributes", ["job-name", "job-id"])])
    assert resp.ok, hex(resp.status)
    return [attrs["job-name"][0] for attrs in resp.all(ipp.JOB_GROUP) if "job-name" in attrs]


def test_sheet_printed_through_cups_comes_out_as_the_same_sheet(cups, sheet):
    result, info = sheet
    attempt = run(CupsBackend(cups.socket), result.pdf, info, cups.queue, copies=1)

    assert attempt.ok, attempt.error
    assert attempt.result.outcome == "printed"
    assert attempt.result.job.job_id.isdigit()
    (written,) = cups.wait_for_outputs(1)
    printed = pypdf.PdfReader(written)
    assert len(printed.pages) == result.pages
    text = pdf_text(written.read_bytes())
    for expected in (PATIENT, NOTES, "Facet joint injection", "facet-joint-injection"):
        assert expected in text
    # Every word of the sheet, in order. (cups-pdf's PostScript round trip keeps the glyphs of •, ☐ and ° but
    # drops their Unicode mapping, so symbols are left out of the comparison.)
    assert words(text) == words(pdf_text(result.pdf))


def test_job_title_and_cups_records_hold_no_patient_data_and_no_job_file_is_kept(cups, sheet):
    result, info = sheet
    attempt = run(CupsBackend(cups.socket), result.pdf, info, cups.queue)
    assert attempt.ok, attempt.error
    cups.wait_for_outputs(1)

    titles = job_names(cups)
    assert any(t.startswith("Aftercare sheet: Facet joint injection #") for t in titles), titles
    assert not any(PATIENT.split()[0] in t for t in titles)
    logs = "".join(p.read_text(errors="replace") for p in (cups.root / "log").iterdir() if p.is_file())
    assert PATIENT.split()[0] not in logs
    # PreserveJobFiles No: the document itself is gone from the spool once the job is done.
    assert [p.name for p in (cups.root / "spool").iterdir() if p.name.startswith("d")] == []


def test_copies_are_sent_to_cups(cups, sheet):
    result, info = sheet
    backend = CupsBackend(cups.socket)
    job = backend.submit(result.pdf, "Aftercare sheet #1", cups.queue, copies=3)
    resp = backend.client.request(ipp.GET_JOB_ATTRIBUTES, "/jobs/", [
        (ipp.URI, "printer-uri", backend.client.printer_uri(cups.queue)), (ipp.INTEGER, "job-id", int(job.job_id)),
        (ipp.KEYWORD, "requested-attributes", ["copies"])])
    assert resp.value("copies") == 3
    assert backend.wait(job).outcome == "printed"


def test_disabled_queue_is_reported_and_no_job_is_left_behind(cups, sheet):
    result, info = sheet
    cups.admin("cupsdisable", "-r", "Paper tray 2 jammed", cups.queue)
    attempt = run(CupsBackend(cups.socket), result.pdf, info, cups.queue)

    assert isinstance(attempt.error, QueueStopped)
    assert cups.queue in str(attempt.error) and "stopped" in str(attempt.error)
    assert "Paper tray 2 jammed" in str(attempt.error)
    assert job_names(cups) == []  # checked before sending: nothing prints later when someone re-enables it


def test_rejecting_queue_gives_the_reason(cups, sheet):
    result, info = sheet
    cups.admin("cupsreject", "-r", "Moved to room 4", cups.queue)
    attempt = run(CupsBackend(cups.socket), result.pdf, info, cups.queue)

    assert isinstance(attempt.error, QueueRejecting)
    assert "not accepting jobs" in str(attempt.error) and "Moved to room 4" in str(attempt.error)


def test_unknown_printer_name(cups, sheet):
    result, info = sheet
    attempt = run(CupsBackend(cups.socket), result.pdf, info, "no-such-queue")
    assert isinstance(attempt.error, NoSuchPrinter)
    assert "no-such-queue" in str(attempt.error)
    assert not attempt.error.retry_may_help


def test_printer_list_offers_the_queue(cups):
    assert cups.queue in CupsBackend(cups.socket).printers()


def test_held_job_is_reported_and_cancelled(cups, sheet):
    result, info = sheet
    cups.admin("lpadmin", "-p", cups.queue, "-o", "job-hold-until-default=indefinite")
    backend = CupsBackend(cups.socket)
    job = backend.submit(result.pdf, "Aftercare sheet #2", cups.queue)
    with pytest.raises(JobHeld, match="holding job") as raised:
        backend.wait(job, timeout=10)
    assert "cancelled" in str(raised.value)
    assert backend.job_state(job)["job-state"] == ipp.CANCELED  # releasing the queue later prints nothing


def test_printer_that_never_finishes_times_out_and_the_job_is_cancelled(cups_session, sheet):
    result, info = sheet
    name, listener = cups_session.add_stuck_queue("kiosk-stuck")
    try:
        backend = CupsBackend(cups_session.socket)
        started = time.monotonic()
        attempt = run(backend, result.pdf, info, name, timeout=1.5)
        assert isinstance(attempt.error, PrintTimeout)
        assert time.monotonic() - started < 8
        assert "did not finish" in str(attempt.error) and "cancelled" in str(attempt.error)
        job = attempt.error.job_id
        assert backend.job_state(PrintJob("cups", name, job, 1))["job-state"] == ipp.CANCELED
    finally:
        listener.close()
        cups_session.admin("lpadmin", "-x", name)


@pytest.fixture
def paper_out(cups_session):
    """A queue on the session's cupsd whose printer reports media-empty-error until paper is 'loaded'."""
    name, paper = cups_session.add_paper_out_queue("kiosk-paper-out")
    yield name, paper
    cups_session.admin("lpadmin", "-x", name)


def test_paper_out_reported_by_the_queue_is_told_while_waiting_and_the_sheet_prints_once_loaded(
        cups_session, paper_out, sheet):
    import threading

    result, info = sheet
    name, paper = paper_out
    notes = []

    def on_status(text):
        notes.append(text)
        if "out of paper" in text and not paper.exists():
            threading.Timer(0.5, paper.touch).start()  # someone fills the tray after reading the message

    attempt = run(CupsBackend(cups_session.socket), result.pdf, info, name, timeout=20, on_status=on_status)
    assert "The printer says: out of paper." in notes
    assert attempt.ok, attempt.error
    assert attempt.result.message.startswith("Printed 1 copy on kiosk-paper-out")


def test_paper_never_loaded_times_out_saying_why_and_the_job_is_cancelled(cups_session, paper_out, sheet):
    result, info = sheet
    name, _paper = paper_out
    backend = CupsBackend(cups_session.socket)
    attempt = run(backend, result.pdf, info, name, timeout=2)
    assert isinstance(attempt.error, PrintTimeout)
    assert "(the printer says: out of paper)" in str(attempt.error) and "cancelled" in str(attempt.error)
    job = PrintJob("cups", name, attempt.error.job_id, 1)
    assert backend.job_state(job)["job-state"] == ipp.CANCELED  # loading paper later prints nothing unexpected


def test_cups_not_running(own_cups, sheet):
    result, info = sheet
    own_cups.kill_daemon()
    attempt = run(CupsBackend(own_cups.socket), result.pdf, info, own_cups.queue)
    assert isinstance(attempt.error, PrintServerDown)
    assert "not running" in str(attempt.error)


def test_cupsd_stopped_mid_way_while_following_the_job(own_cups, sheet):
    result, info = sheet
    backend = CupsBackend(own_cups.socket, reconnect_grace=1.0)
    job = backend.submit(result.pdf, "Aftercare sheet #3", own_cups.queue)
    own_cups.kill_daemon()  # CUPS goes away after taking the job, before it has reported back
    with pytest.raises(PrintServerDown, match="Lost contact") as raised:
        backend.wait(job, timeout=5)
    assert "Check the printer tray" in str(raised.value)
    assert raised.value.job_id == job.job_id


def test_a_cups_restart_while_following_the_job_is_ridden_out(own_cups, sheet):
    result, info = sheet
    backend = CupsBackend(own_cups.socket)
    job = backend.submit(result.pdf, "Aftercare sheet #4", own_cups.queue)
    own_cups.kill_daemon()  # e.g. a package update restarts cupsd while the sheet prints…
    notes = []
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        following = pool.submit(backend.wait, job, 20, notes.append)
        time.sleep(1.0)
        own_cups.restart()  # …and it is back a second later (from this thread: cupsd dies with its starter)
        assert following.result(timeout=30).outcome == "printed"
    assert "Lost contact with the print service; trying again…" in notes
    assert len(own_cups.wait_for_outputs(1)) == 1  # printed once, not lost and not twice

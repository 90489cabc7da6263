"""A kiosk killed while its job waits at the printer: the next start cancels the job on CUPS and audits it once.

Real parts: the `kiosk print` command in a child process, a real SIGKILL, a real cupsd whose printer is out of
paper (the job waits "processing"), and the real start-up path (kiosk.services.open_store).
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
from cups_server import start_or_skip
from print_support import AS_NURSE, NURSE_PIN, PATIENT, add_nurse

from kiosk.printing import PrintJob, ipp
from kiosk.printing.cups import CupsBackend
from kiosk.printing.journal import Journal, journal_folder, owner_alive, this_process
from kiosk.services import open_store

pytestmark = pytest.mark.cups

CHILD = "import sys; from kiosk.cli import main; sys.exit(main(sys.argv[1:]))"


def _start_print(db_path, server, queue):
    """`kiosk print` in a child process; returns it once CUPS has taken the job, and the job id."""
    with open_store(db_path) as store:
        add_nurse(store)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, "--db", str(db_path), "print", "facet-joint-injection",
                             "--printer", queue, "--server", server, "--patient", PATIENT, *AS_NURSE],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(f"{NURSE_PIN}\n")
    proc.stdin.close()
    for line in proc.stderr:
        if " accepted by " in line:
            return proc, line.split("Job ")[1].split(" ")[0]
    proc.kill()
    raise AssertionError(f"the child never had its job accepted: {proc.wait()}")


def _kill(proc) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL


def _state(server, queue, job_id) -> int:
    return CupsBackend(server).job_state(PrintJob("cups", queue, job_id, 1))["job-state"]


def _prints(store):
    return store.audit.entries(kind="print")


@pytest.fixture
def paper_out(cups_session):
    name, paper = cups_session.add_paper_out_queue("kiosk-killed")
    yield name, paper
    cups_session.admin("lpadmin", "-x", name)


def test_killed_mid_print_the_next_start_cancels_the_job_and_audits_it_once(cups_session, paper_out, store,
                                                                           db_path):
    queue, paper = paper_out
    proc, job_id = _start_print(db_path, cups_session.socket, queue)
    try:
        folder = journal_folder(db_path)
        (journal_file,) = folder.glob("*.json")
        assert oct(journal_file.stat().st_mode & 0o777) == "0o600" and oct(folder.stat().st_mode & 0o777) == "0o700"
        written = journal_file.read_text()
        (job,) = json.loads(written)["jobs"]
        assert (job["job_id"], job["printer"], job["server"]) == (job_id, queue, cups_session.socket)
        assert job["printer_uri"].endswith(f"/printers/{queue}") and job["submitted_at"]
        assert "Quentin" not in written and "Marlowe" not in written

        # a start while that process still runs leaves its job alone (a second kiosk, or `kiosk print` beside it)
        open_store(db_path).close()
        assert _state(cups_session.socket, queue, job_id) in (ipp.PENDING, ipp.PROCESSING)
        assert _prints(store) == []
    finally:
        _kill(proc)

    restarted = open_store(db_path)  # the kiosk comes back
    try:
        assert _state(cups_session.socket, queue, job_id) == ipp.CANCELED
        (entry,) = _prints(restarted)
        assert entry.actor == "Nora Nurse" and entry.detail["outcome"] == "abandoned" and entry.detail["cancelled"] is True
        assert entry.detail["job_id"] == job_id and entry.detail["printer"] == queue
        assert entry.detail["job_state"] == "processing" and entry.detail["slug"] == "facet-joint-injection"
        assert "Quentin" not in json.dumps(entry.detail)
        assert list(folder.glob("*.json")) == []
    finally:
        restarted.close()

    # paper goes in: the abandoned sheet never comes out; a new job on the same queue does
    paper.touch()
    backend = CupsBackend(cups_session.socket)
    later = backend.submit(b"%PDF-1.4\n%%EOF\n", "Aftercare sheet #9", queue)
    assert backend.wait(later, timeout=20).outcome == "printed"
    assert _state(cups_session.socket, queue, job_id) == ipp.CANCELED

    again = open_store(db_path)  # a further start writes nothing more
    try:
        assert len(_prints(again)) == 1
    finally:
        again.close()


@pytest.mark.parametrize("then", ["next start", "next print"])
def test_cups_down_at_the_next_start_keeps_the_job_until_it_can_be_cancelled(store, db_path, sheet, then):
    from kiosk.printing import record as rec

    server = start_or_skip()
    try:
        queue, _paper = server.add_paper_out_queue("kiosk-killed")
        other = server.add_pdf_queue("kiosk-other")
        proc, job_id = _start_print(db_path, server.socket, queue)
        _kill(proc)
        server.kill_daemon()
        open_store(db_path).close()  # CUPS is away: nothing can be cancelled, so nothing is settled
        assert _prints(store) == []
        assert len(list(journal_folder(db_path).glob("*.json"))) == 1

        server.restart()  # CUPS keeps its queue across a restart: the job would print once paper is in
        assert _state(server.socket, queue, job_id) in (ipp.PENDING, ipp.PROCESSING)
        if then == "next start":
            open_store(db_path).close()
        else:  # the kiosk kept running: the next sheet that prints settles it
            journal = rec.journal_for(db_path)
            attempt = rec.run(CupsBackend(server.socket), sheet[0].pdf, sheet[1], other, journal=journal, actor="N")
            assert attempt.ok, attempt.error
            assert rec.record(store, "N", attempt, journal) == ""
        assert _state(server.socket, queue, job_id) == ipp.CANCELED
        abandoned = [e for e in _prints(store) if e.detail["outcome"] == "abandoned"]
        assert [e.detail["job_id"] for e in abandoned] == [job_id]
    finally:
        server.stop()


def test_a_job_that_printed_before_the_crash_is_recorded_as_printed(cups, store, db_path, sheet):
    backend = CupsBackend(cups.socket)
    job = backend.submit(sheet[0].pdf, "Aftercare sheet #10", cups.queue)
    assert backend.wait(job, timeout=20).outcome == "printed"
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = Journal(db_path)  # what a run that died between "completed" and its audit entry left behind
    left.owner = {**this_process(), "pid": dead.pid, "start": "1"}
    left.file = journal_folder(db_path) / f"{dead.pid}-1.json"
    left.add(job_id=job.job_id, printer=cups.queue, server=cups.socket, printer_uri="", copies=1, actor="Nora",
             slug="facet-joint-injection", version=1, language="en")
    assert not owner_alive(left.owner)

    open_store(db_path).close()
    (entry,) = _prints(store)
    assert entry.actor == "Nora" and entry.detail["outcome"] == "printed" and entry.detail["job_state"] == "completed"
    assert "cancelled" not in entry.detail


def test_this_process_is_alive_and_a_reused_pid_is_not(tmp_path):
    me = this_process()
    assert owner_alive(me)
    assert not owner_alive({**me, "start": str(int(me["start"] or 0) + 1)}) or not me["start"]
    assert not owner_alive({**me, "boot": "another-boot"}) or not me["boot"]
    assert not owner_alive({"pid": "x"})


def test_a_print_that_finishes_is_crossed_out(cups, store, db_path, sheet):
    from kiosk.printing import record as rec

    result, info = sheet
    journal = rec.journal_for(db_path)
    seen = []
    attempt = rec.run(CupsBackend(cups.socket), result.pdf, info, cups.queue, journal=journal, actor="Nora",
                      on_accepted=lambda job: seen.append(journal.jobs()))
    assert attempt.ok and [j["job_id"] for j in seen[0]] == [attempt.job_id]
    assert rec.record(store, "Nora", attempt, journal) == ""
    assert journal.jobs() == [] and not list(journal_folder(db_path).glob("*.json"))

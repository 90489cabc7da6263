"""What a real cupsd reports while a job waits (any printer-state-reason), and what the kiosk asks of it (media,
copies), read back from the server and from the paper cups-pdf wrote."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest
from print_support import AS_NURSE, NOTES, NURSE_PIN, PATIENT, add_nurse

from kiosk.printing import PrintTimeout, ipp
from kiosk.printing.cups import CupsBackend, describe_reasons, media_for_pdf, requesting_user
from kiosk.printing.record import SheetInfo, run


# ---- words for printer-state-reasons (no server needed) ----------------------------------------------------
@pytest.mark.parametrize("reasons, message, said", [
    (["media-empty-error"], "", "out of paper"),
    (["output-area-full-error"], "", "the output tray is full"),
    (["output-area-full-warning"], "", "the output tray is full"),
    (["media-tray-empty-error"], "", "a paper tray is empty"),
    (["media-jam-error", "door-open-warning"], "", "paper jam, a door is open"),
    (["toner-empty-error", "marker-supply-empty-error"], "", "out of toner, out of ink or toner"),
    (["offline-report"], "", "the printer is offline"),
    (["com.acme-fuser-dragon-error"], "Fuser dragon awake.", "com.acme fuser dragon (Fuser dragon awake)"),
    (["interpreter-resource-unavailable-warning"], "", "interpreter resource unavailable"),
    (["none"], "Ready", ""),
    (["cups-waiting-for-job-completed"], "", ""),
    (["com.acme-counter-report"], "Page count 5", ""),  # informational by RFC 8011: not for the nurse
    (["media-empty-error", "media-empty-warning"], "", "out of paper"),
])
def test_any_reason_is_put_in_words(reasons, message, said):
    assert describe_reasons(reasons, message) == said


def _sheet(store, paper: str):
    from kiosk.core.model import DischargeDetails
    from kiosk.sheet import render_sheet

    version = store.handouts.get_published("facet-joint-injection", "en")
    settings = replace(store.settings.get(), paper_size=paper)
    details = DischargeDetails(procedure_date=date(2026, 3, 4), patient_name=PATIENT, notes=NOTES, side="left",
                               sites="L4-L5", medications=())
    return render_sheet(version.handout, version.version, settings, details), SheetInfo.of(version.handout,
                                                                                          version.version)


def test_media_is_read_from_the_sheets_own_page_size(store):
    assert media_for_pdf(_sheet(store, "letter")[0].pdf) == "na_letter_8.5x11in"
    assert media_for_pdf(_sheet(store, "a4")[0].pdf) == "iso_a4_210x297mm"
    assert media_for_pdf(b"%PDF-1.4 no page here") == ""
    assert media_for_pdf(b"/MediaBox [0 0 300 300]") == ""  # not a paper the kiosk knows: CUPS decides
    assert media_for_pdf(b"/MediaBox [0 0 612.1.1 792]") == ""
    assert media_for_pdf(b"/MediaBox [ 0 0 842 595 ]") == "iso_a4_210x297mm"  # landscape: the same paper


# ---- against a real cupsd ---------------------------------------------------------------------------------
@pytest.fixture
def problem_queue(cups_session, request):
    reason, message = request.param
    name, paper = cups_session.add_paper_out_queue("kiosk-problem", reason=reason, message=message)
    yield name, paper
    cups_session.admin("lpadmin", "-x", name)


@pytest.mark.cups
@pytest.mark.parametrize("problem_queue, said", [
    (("output-area-full-error", "Output bin full"), "the output tray is full"),
    (("media-tray-empty-error", "Tray 2 empty"), "a paper tray is empty"),
    (("door-open-warning", ""), "a door is open"),
    (("com.acme-fuser-dragon-error", "Fuser dragon awake"), "com.acme fuser dragon (Fuser dragon awake)"),
], indirect=["problem_queue"])
def test_the_printers_reason_is_told_while_waiting_and_named_in_the_timeout(cups_session, problem_queue, sheet,
                                                                            said):
    result, info = sheet
    name, _paper = problem_queue
    notes = []
    backend = CupsBackend(cups_session.socket)
    attempt = run(backend, result.pdf, info, name, timeout=2.5, on_status=notes.append)
    assert f"The printer says: {said}." in notes
    assert isinstance(attempt.error, PrintTimeout)
    assert f"(the printer says: {said})" in str(attempt.error) and "The job was cancelled." in str(attempt.error)


def _job_attributes(backend, queue, job_id, names):
    resp = backend.client.request(ipp.GET_JOB_ATTRIBUTES, "/jobs/", [
        (ipp.URI, "printer-uri", backend.client.printer_uri(queue)), (ipp.INTEGER, "job-id", int(job_id)),
        (ipp.NAME, "requesting-user-name", backend.user), (ipp.KEYWORD, "requested-attributes", names)])
    assert resp.ok, hex(resp.status)
    return resp.first(ipp.JOB_GROUP)


@pytest.mark.cups
@pytest.mark.parametrize("paper, media, points", [("letter", "na_letter_8.5x11in", (612, 792)),
                                                  ("a4", "iso_a4_210x297mm", (595, 842))])
def test_the_paper_size_setting_and_copies_reach_cups_and_the_paper(cups, store, paper, media, points):
    sheet, _info = _sheet(store, paper)
    backend = CupsBackend(cups.socket)
    job = backend.submit(sheet.pdf, "Aftercare sheet #7", cups.queue, copies=2)
    attrs = _job_attributes(backend, cups.queue, job.job_id, ["media", "copies"])
    assert attrs["media"] == [media] and attrs["copies"] == [2]
    assert backend.wait(job).outcome == "printed"
    (paper_out,) = cups.wait_for_outputs(1)
    box = pypdf.PdfReader(paper_out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points
    assert len(pypdf.PdfReader(paper_out).pages) == sheet.pages  # cups-pdf leaves copies to the printer


# ---- a uid with no passwd entry -----------------------------------------------------------------------------
def test_requesting_user_falls_back_to_the_uid(monkeypatch):
    import pwd

    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(var, raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert requesting_user() == str(os.getuid())
    CupsBackend("/nowhere.sock")  # builds without a lookup error


def _user_namespaces_work() -> bool:
    try:
        return subprocess.run(["unshare", "--user", "--map-user=4242", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.cups
def test_the_print_command_as_a_uid_with_no_passwd_entry_prints_as_that_uid(cups, store, db_path):
    """A real process whose uid (4242, in a user namespace) has no passwd entry, with no USER, LOGNAME or HOME."""
    if not _user_namespaces_work():
        pytest.skip("user namespaces (unshare --user) are not allowed here")
    env = {k: v for k, v in os.environ.items() if k not in ("USER", "LOGNAME", "LNAME", "USERNAME", "HOME")}
    env["CUPS_SERVER"] = cups.socket
    add_nurse(store)
    store.close()
    proc = subprocess.run(["unshare", "--user", "--map-user=4242", "--map-group=4242", sys.executable, "-c",
                           "import os, sys; from kiosk.cli import main; print('uid', os.getuid(), file=sys.stderr);"
                           " sys.exit(main(sys.argv[1:]))",
                           "--db", str(db_path), "print", "facet-joint-injection", "--printer", cups.queue,
                           *AS_NURSE], input=f"{NURSE_PIN}\n", capture_output=True, text=True, env=env, timeout=120, cwd=Path(db_path).parent)
    assert "uid 4242" in proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "KeyError" not in proc.stderr
    job_id = proc.stdout.split("(job ")[1].split(")")[0]
    owner = _job_attributes(CupsBackend(cups.socket), cups.queue, job_id, ["job-originating-user-name"])
    assert owner["job-originating-user-name"] == ["4242"]
    # (CUPS says "completed"; cups-pdf itself files the PDFs of users it cannot look up elsewhere, so the paper is
    # not read back here: the other print tests do that.)

"""The printing interface without a CUPS server: IPP encoding, the folder and Qt backends, the audit record."""
from __future__ import annotations

import io
import os

import pypdf
import pytest
from print_support import NOTES, PATIENT

from kiosk.printing import (
    NoPrinterConfigured,
    OutputFailed,
    PrintServerDown,
    check_copies,
    ipp,
    job_title,
    make_backend,
)
from kiosk.printing.cups import CupsBackend, describe_reasons
from kiosk.printing.folder import FolderBackend
from kiosk.printing.record import copies_folder, keep_copy, prune_copies, record, run


def test_ipp_request_round_trips_through_the_decoder():
    data = ipp.encode(ipp.PRINT_JOB, 7, [(ipp.URI, "printer-uri", "ipp://localhost/printers/q"),
                                         (ipp.KEYWORD, "requested-attributes", ["job-state", "job-id"])],
                      [(ipp.INTEGER, "copies", 3), (ipp.BOOLEAN, "flag", True)])
    decoded = ipp.decode(data)
    assert decoded.status == ipp.PRINT_JOB  # a request's operation sits where a reply's status does
    ops = decoded.first(ipp.OPERATION_GROUP)
    assert ops["attributes-charset"] == ["utf-8"]
    assert ops["requested-attributes"] == ["job-state", "job-id"]
    assert decoded.first(ipp.JOB_GROUP) == {"copies": [3], "flag": [True]}


def test_truncated_ipp_reply_is_a_connection_problem_not_a_crash():
    with pytest.raises(ipp.IppConnectionError):
        ipp.decode(b"\x01\x01")


def test_printer_problems_are_said_in_plain_words():
    assert describe_reasons(["media-empty-error", "door-open-warning"]) == "out of paper, a door is open"
    assert describe_reasons(["none"]) == ""


def test_job_title_names_the_procedure_and_a_number_only():
    title = job_title("Facet  joint injection", 42)
    assert title == "Aftercare sheet: Facet joint injection #42"
    assert job_title("", 7) == "Aftercare sheet #7"
    assert job_title("Hip") != job_title("Hip")  # numbered, so a nurse can tell two jobs apart


def test_copies_are_one_to_three():
    assert check_copies(3) == 3
    for bad in (0, 4):
        with pytest.raises(ValueError):
            check_copies(bad)


def test_unreachable_cups_server_is_reported_as_not_running(tmp_path, sheet):
    result, info = sheet
    attempt = run(CupsBackend(str(tmp_path / "no.sock")), result.pdf, info, "anything")
    assert isinstance(attempt.error, PrintServerDown)
    assert "not running" in str(attempt.error)


def test_settings_choose_the_backend(tmp_path):
    from kiosk.core.model import ClinicSettings

    assert make_backend(ClinicSettings()).name == "cups"
    folder = make_backend(ClinicSettings(print_backend="folder", print_folder=str(tmp_path)))
    assert folder.name == "folder" and folder.default_printer() == str(tmp_path)
    with pytest.raises(ValueError, match="Unknown print backend"):
        make_backend(ClinicSettings(print_backend="fax"))


def test_folder_backend_writes_the_exact_bytes_under_a_name_without_patient_data(tmp_path, sheet):
    result, info = sheet
    attempt = run(FolderBackend(tmp_path / "out"), result.pdf, info, "")
    assert attempt.ok and attempt.result.outcome == "saved"
    (written,) = (tmp_path / "out").iterdir()
    assert written.read_bytes() == result.pdf
    assert written.name.startswith("aftercare-sheet-facet-joint-injection-")
    assert "quentin" not in written.name.lower()


def test_folder_backend_failure_says_where_and_why(tmp_path, sheet):
    result, info = sheet
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    attempt = run(FolderBackend(), result.pdf, info, str(blocker / "sub"))
    assert isinstance(attempt.error, OutputFailed)
    assert "Could not save the sheet" in str(attempt.error)
    with pytest.raises(NoPrinterConfigured):
        FolderBackend().submit(result.pdf, "t", "")


def test_qt_backend_paints_every_page_at_300_dpi(tmp_path, sheet, qapp):
    from kiosk.printing.qt_backend import QtBackend

    result, info = sheet
    out = tmp_path / "qt.pdf"
    attempt = run(QtBackend(output_file=str(out)), result.pdf, info, "")
    assert attempt.ok and attempt.result.outcome == "sent"
    printed = pypdf.PdfReader(out)
    original = pypdf.PdfReader(io.BytesIO(result.pdf))
    assert len(printed.pages) == len(original.pages)
    for mine, theirs in zip(printed.pages, original.pages):
        assert abs(float(mine.mediabox.width) - float(theirs.mediabox.width)) < 1
        assert abs(float(mine.mediabox.height) - float(theirs.mediabox.height)) < 1
        (image,) = mine.images
        assert image.image.width == pytest.approx(float(theirs.mediabox.width) / 72 * 300, abs=2)


def test_every_print_outcome_is_audited_without_patient_data(store, tmp_path, sheet):
    result, info = sheet
    record(store, "Nurse Ann", run(FolderBackend(tmp_path), result.pdf, info, "", copies=2))
    record(store, "Nurse Ann", run(CupsBackend(str(tmp_path / "no.sock")), result.pdf, info, "q"))
    failed, saved = store.audit.entries(kind="print")
    assert saved.actor == "Nurse Ann"
    assert saved.detail == {"slug": "facet-joint-injection", "version": info.version, "language": "en",
                            "backend": "folder", "printer": str(tmp_path), "job_id": saved.detail["job_id"],
                            "copies": 2, "outcome": "saved"}
    assert failed.detail["outcome"] == "failed" and failed.detail["reason"] == "cups_not_running"
    everything = repr([e.detail for e in store.audit.entries()])
    assert PATIENT not in everything and NOTES not in everything


def test_copies_of_printed_sheets_are_kept_only_when_an_admin_turns_it_on(store, sheet):
    from dataclasses import replace

    result, info = sheet
    settings = store.settings.get()
    assert keep_copy(store, settings, result.pdf, info) is None
    assert not copies_folder(store).exists()
    kept = keep_copy(store, replace(settings, keep_printed_copies=True, keep_copies_days=30), result.pdf, info)
    assert kept.parent == copies_folder(store) and kept.read_bytes() == result.pdf
    os.utime(kept, (0, 0))
    assert prune_copies(copies_folder(store), 30) == 1 and not kept.exists()


def test_a_garbled_reply_from_the_print_server_is_a_clear_failure(sheet):
    with pytest.raises(ipp.IppConnectionError, match="not valid IPP"):
        ipp.decode(b"\x01\x01\x00\x00\x00\x00\x00\x01\x01\x47\x00\x40")

    class Broken:
        name = "cups"

        def submit(self, *args):
            raise KeyError("job-id")  # a bug, not a PrintError

    result, info = sheet
    attempt = run(Broken(), result.pdf, info, "front-desk")
    assert not attempt.ok and "could not be sent to the printer (KeyError)" in str(attempt.error)

"""Fixtures for the print tests: a throw-away cupsd with a cups-pdf queue, and sheets to print.

Without cupsd (or cups-pdf, or root) the CUPS tests skip with the reason; with KIOSK_REQUIRE_CUPS=1 (set by .ci/run)
that skip is a failure, so CI cannot pass without really printing.
"""
from __future__ import annotations

from datetime import date

import pytest
from cups_server import start_or_skip
from print_support import NOTES, PATIENT


@pytest.fixture(scope="session")
def cups_session():
    """One cupsd for the whole run (starting one takes about half a second)."""
    server = start_or_skip()
    yield server
    server.stop()


@pytest.fixture
def cups(cups_session, request):
    """The session's cupsd with a fresh cups-pdf queue for this test (named after it), output folder emptied."""
    for old in cups_session.outputs():
        old.unlink()
    name = "kiosk-" + "".join(c if c.isalnum() else "-" for c in request.node.name)[:40].strip("-")
    cups_session.add_pdf_queue(name)
    cups_session.queue = name
    yield cups_session
    try:
        cups_session.admin("lpadmin", "-x", name)
    except RuntimeError:
        pass


@pytest.fixture
def own_cups():
    """A cupsd of this test's own, for tests that stop it."""
    server = start_or_skip()
    server.queue = server.add_pdf_queue("kiosk-own")
    yield server
    server.stop()


@pytest.fixture
def sheet(store):
    """A real aftercare sheet (the renderer's bytes) for a real handout, with marker patient details."""
    from kiosk.core.model import DischargeDetails
    from kiosk.printing.record import SheetInfo
    from kiosk.sheet import render_sheet

    version = store.handouts.get_published("facet-joint-injection", "en")
    details = DischargeDetails(procedure_date=date(2026, 3, 4), patient_name=PATIENT, notes=NOTES, side="left",
                               sites="L4-L5", medications=("Steroid",))
    result = render_sheet(version.handout, version.version, store.settings.get(), details)
    return result, SheetInfo.of(version.handout, version.version)


@pytest.fixture
def nurse_cli(store, monkeypatch):
    """A nurse in the store and her PIN waiting on standard input, for in-process `kiosk print --as NURSE`."""
    import io

    from print_support import NURSE_PIN, add_nurse

    add_nurse(store)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{NURSE_PIN}\n" * 20))

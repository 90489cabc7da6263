"""Printing a sheet and recording what happened to it: printed, failed, saved as a PDF, discarded. No Qt.

Who may print is checked when a print starts (`journal`, signed-in staff only). Recording an outcome is never
refused afterwards: a sheet that came out of the printer must be audited even if the member was disabled
meanwhile or the database refuses the write (then the entry waits in the audit outbox and the screen says so in
one sentence). The audit entries never hold a patient's name or notes (kiosk.printing.record builds them from
SheetInfo)."""
from __future__ import annotations

from pathlib import Path

from kiosk.app.core import STAFF
from kiosk.core.model import ClinicSettings, StaffMember


class Prints:
    def __init__(self, app):
        self._app = app

    def journal(self, actor: StaffMember):
        """Before a print: check that ACTOR is signed-in staff (NotAllowed, audited) and give the journal of jobs
        in flight, where the print's CUPS job is written as soon as CUPS takes it (kiosk.printing.journal)."""
        from kiosk.printing import record

        self._app.require(actor, STAFF, "print sheets")
        return record.journal_for(self._app._store.path)

    def record(self, actor: StaffMember, attempt, journal=None) -> str:
        """The one audit entry for a print attempt (kiosk.printing.record.Attempt); the job is crossed out of the
        journal. Returns "" or one sentence saying the entry was kept for later (the database refused it)."""
        from kiosk.printing import record

        return record.record(self._app._store, actor.name, attempt, journal)

    def record_accepted(self, actor: StaffMember, info, backend: str, job) -> str:
        """A job handed to the printer without waiting for its end (`kiosk print --no-wait`); not journaled."""
        return self._app._store.audit.record_or_keep(
            actor.name, "print", slug=info.slug, version=info.version, language=info.language, backend=backend,
            printer=job.printer, job_id=job.job_id, copies=job.copies, outcome="accepted")

    def record_saved(self, actor_name: str, info, outcome: str = "saved_as_pdf", reason: str = "") -> str:
        """A sheet saved as a file, discarded, or whose print outcome was lost at sign-out. Takes the name only:
        it is also written after the member signed out. Returns "" or the kept-for-later sentence."""
        from kiosk.printing import record

        return record.record_saved(self._app._store, actor_name, info, outcome=outcome, reason=reason)

    def keep_copy(self, settings: ClinicSettings, pdf: bytes, info) -> Path | None:
        """A copy of a printed sheet, only when an admin turned that on (it holds a patient's name)."""
        from kiosk.printing import record

        return record.keep_copy(self._app._store, settings, pdf, info)

"""Recording what happened to a sheet: printed, failed, saved as a PDF, discarded. Nurses and admins. No Qt.

The audit entries never hold a patient's name or notes (kiosk.printing.record builds them from SheetInfo)."""
from __future__ import annotations

from pathlib import Path

from kiosk.app.core import STAFF
from kiosk.core.model import ClinicSettings, StaffMember


class Prints:
    def __init__(self, app):
        self._app = app

    def record(self, actor: StaffMember, attempt) -> None:
        """The one audit entry for a print attempt (kiosk.printing.record.Attempt)."""
        from kiosk.printing import record

        member = self._app.require(actor, STAFF, "print sheets")
        record.record(self._app._store, member.name, attempt)

    def record_accepted(self, actor: StaffMember, info, backend: str, job) -> None:
        """A job handed to the printer without waiting for its end (`kiosk print --no-wait`)."""
        member = self._app.require(actor, STAFF, "print sheets")
        self._app._store.audit.record(member.name, "print", slug=info.slug, version=info.version,
                                      language=info.language, backend=backend, printer=job.printer,
                                      job_id=job.job_id, copies=job.copies, outcome="accepted")

    def record_saved(self, actor_name: str, info, outcome: str = "saved_as_pdf", reason: str = "") -> None:
        """A sheet saved as a file, discarded, or whose print outcome was lost at sign-out. Takes the name only:
        it is also written after the member signed out (the outcome must still be audited)."""
        from kiosk.printing import record

        record.record_saved(self._app._store, actor_name, info, outcome=outcome, reason=reason)

    def keep_copy(self, settings: ClinicSettings, pdf: bytes, info) -> Path | None:
        """A copy of a printed sheet, only when an admin turned that on (it holds a patient's name)."""
        from kiosk.printing import record

        return record.keep_copy(self._app._store, settings, pdf, info)

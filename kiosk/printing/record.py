"""One print, start to finish: submit, follow, and one audit entry for every outcome. No Qt.

The audit entry holds who, when (the log's own time stamp), which handout (slug, version, language), where
(printer, job id), how many copies and the outcome, never the patient's name or notes. A copy of the printed PDF
is kept only when an admin has turned on "keep a copy of printed sheets", in `copies_folder()` for
`keep_copies_days` days.

A CUPS job is written in the journal of jobs in flight (kiosk.printing.journal) as soon as CUPS takes it, and
crossed out when its outcome is recorded; at the next start, jobs a killed run left are cancelled and audited.
When the database refuses the audit entry (busy, full, read-only, deleted), `record` never raises: the entry
goes into the audit outbox (kiosk.store.outbox) and the caller gets one sentence to show.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.model import ClinicSettings
from kiosk.core.private_files import private_folder
from kiosk.printing.base import Backend, PrintError, PrintJob, PrintResult, StatusCallback, check_copies, job_title
from kiosk.printing.folder import write_pdf
from kiosk.printing.journal import Journal, journal_for, recover

__all__ = ["Attempt", "SheetInfo", "copies_folder", "journal_for", "keep_copy", "prune_copies", "record",
           "record_saved", "recover", "run"]


@dataclass(frozen=True)
class SheetInfo:
    """What the printing and the record may know about a sheet: the handout, never the patient."""

    slug: str
    version: int
    language: str
    procedure: str  # the handout's title, for the job title

    @classmethod
    def of(cls, handout, version: int) -> "SheetInfo":
        return cls(handout.slug, int(version), handout.language, handout.title)


@dataclass(frozen=True)
class Attempt:
    """The outcome of one print, ready for the record (made on a worker thread, recorded on the main one)."""

    info: SheetInfo
    backend: str
    printer: str
    copies: int
    result: PrintResult | None = None
    error: PrintError | None = None
    seconds_to_accept: float = 0.0

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def job_id(self) -> str:
        return self.result.job.job_id if self.result else (self.error.job_id if self.error else "")


def run(backend: Backend, pdf: bytes, info: SheetInfo, printer: str, copies: int = 1, timeout: float | None = None,
        on_status: StatusCallback | None = None, on_accepted=None, journal: Journal | None = None,
        actor: str = "") -> Attempt:
    """Submit and follow one job. Never raises PrintError: the failure is in the Attempt. Thread-safe.
    With a `journal`, a CUPS job is written in it as soon as CUPS takes it (`record` crosses it out)."""
    copies = check_copies(copies)
    start = time.perf_counter()
    accepted = 0.0
    try:
        job: PrintJob = backend.submit(pdf, job_title(info.procedure), printer, copies)
        accepted = time.perf_counter() - start
        printer = job.printer
        if journal is not None and job.backend == "cups":
            _write_down(journal, backend, job, info, actor)
        if on_accepted:
            on_accepted(job)
        result = backend.wait(job, timeout=timeout, on_status=on_status)
    except PrintError as exc:
        return Attempt(info, backend.name, exc.printer or printer, copies, error=exc, seconds_to_accept=accepted)
    except Exception as exc:  # noqa: BLE001 - a bug or an odd reply must still end as an outcome the nurse sees
        error = PrintError(f"The sheet could not be sent to the printer ({type(exc).__name__}). Try again, choose "
                           "another printer or save it as a PDF.", printer=printer)
        return Attempt(info, backend.name, printer, copies, error=error, seconds_to_accept=accepted)
    return Attempt(info, backend.name, result.job.printer, copies, result=result, seconds_to_accept=accepted)


def _write_down(journal: Journal, backend, job: PrintJob, info: SheetInfo, actor: str) -> None:
    client = getattr(backend, "client", None)
    try:
        journal.add(job_id=job.job_id, printer=job.printer, server=getattr(client, "server", ""),
                    printer_uri=client.printer_uri(job.printer) if client else "", copies=job.copies, actor=actor,
                    slug=info.slug, version=info.version, language=info.language)
    except OSError:
        pass  # a full disk must not stop the sheet printing; only the clean-up after a crash is lost


def record(store, actor: str, attempt: Attempt, journal: Journal | None = None) -> str:
    """The one audit entry for this print; then the job is crossed out of `journal`.

    Never raises for a database problem (busy beyond its timeout, full, read-only, deleted): the entry is kept in
    the audit outbox and written with the next audit write that succeeds. Returns "" when the entry is in the
    log, else one sentence for the nurse."""
    detail = dict(slug=attempt.info.slug, version=attempt.info.version, language=attempt.info.language,
                  backend=attempt.backend, printer=attempt.printer, job_id=attempt.job_id, copies=attempt.copies,
                  outcome=attempt.result.outcome if attempt.ok else "failed")
    if attempt.error is not None:
        detail["reason"] = attempt.error.reason
    note = store.audit.record_or_keep(actor, "print", **detail)
    entry = journal.done(attempt.job_id, attempt.printer) if journal is not None and attempt.job_id else None
    if entry is not None and attempt.ok:
        # this CUPS answers now: settle jobs a killed run left on it that could not be cancelled at start
        recover(store, only_server=entry["server"])
    return note


def record_saved(store, actor: str, info: SheetInfo, outcome: str = "saved_as_pdf", reason: str = "") -> str:
    """A sheet the nurse saved as a PDF file or discarded instead of printing (no file name: it may be telling).
    Like `record`, never raises for a database problem; returns "" or the sentence saying the entry was kept."""
    detail = dict(slug=info.slug, version=info.version, language=info.language, backend="file", printer="",
                  job_id="", copies=0, outcome=outcome)
    if reason:
        detail["reason"] = reason
    return store.audit.record_or_keep(actor, "print", **detail)


# ---- kept copies (off unless an admin turns them on) -------------------------------------------------------
def copies_folder(store) -> Path:
    return Path(store.path).parent / "printed-sheets"


def keep_copy(store, settings: ClinicSettings, pdf: bytes, info: SheetInfo) -> Path | None:
    if not settings.keep_printed_copies:
        return None
    folder = private_folder(copies_folder(store))  # 0700: the kept sheets carry patients' names (files: 0600)
    prune_copies(folder, settings.keep_copies_days)
    return write_pdf(folder, pdf, f"{info.slug}-v{info.version}-{info.language}")


def prune_copies(folder: Path, days: int, now: float | None = None) -> int:
    """Delete kept sheets older than `days`; returns how many went."""
    now = time.time() if now is None else now
    removed = 0
    for path in Path(folder).glob("*.pdf") if Path(folder).is_dir() else ():
        try:
            if now - path.stat().st_mtime > days * 86400:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed

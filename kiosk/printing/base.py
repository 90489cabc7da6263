"""The printing interface every backend implements, its results, and its typed failures. No Qt.

A backend gets the finished PDF bytes and a title that holds no patient data. `submit()` returns as soon as
the printing system has accepted the job; `wait()` follows it until it is done. Failures are `PrintError`
subclasses whose `reason` is a stable keyword (for the audit log and tests) and whose message is one sentence a
nurse can act on.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Callable, Protocol


class PrintError(Exception):
    """A print that did not happen (or whose outcome is unknown). `str(error)` is for the nurse."""

    reason = "failed"
    # Whether the same queue might work if the nurse simply tries again (paper loaded, queue re-enabled…).
    retry_may_help = True

    def __init__(self, message: str, *, printer: str = "", job_id: str = ""):
        super().__init__(message)
        self.printer = printer
        self.job_id = job_id


class NoPrinterConfigured(PrintError):
    reason = "no_printer"
    retry_may_help = False


class NoSuchPrinter(PrintError):
    reason = "no_such_printer"
    retry_may_help = False


class QueueStopped(PrintError):
    reason = "queue_stopped"


class QueueRejecting(PrintError):
    reason = "queue_rejecting"


class PrintServerDown(PrintError):
    reason = "cups_not_running"


class JobAborted(PrintError):
    reason = "job_aborted"


class JobCancelled(PrintError):
    reason = "job_cancelled"


class JobHeld(PrintError):
    reason = "job_held"


class PrintTimeout(PrintError):
    reason = "timeout"


class NotAllowed(PrintError):
    reason = "not_allowed"
    retry_may_help = False


class OutputFailed(PrintError):
    """Writing a PDF file (folder backend, Save as PDF) or driving the Qt printer failed."""

    reason = "output_failed"


@dataclass(frozen=True)
class PrintJob:
    """What the printing system said when it took the job."""

    backend: str  # cups | qt | folder
    printer: str  # queue name, or the folder
    job_id: str  # CUPS job number, or the file written
    copies: int


@dataclass(frozen=True)
class PrintResult:
    job: PrintJob
    outcome: str  # "printed" (CUPS says completed) | "sent" (Qt: handed to the driver) | "saved" (folder)
    message: str


StatusCallback = Callable[[str], None]


class Backend(Protocol):
    name: str

    def printers(self) -> list[str]:
        """Queue names the nurse may choose from (may be empty)."""

    def default_printer(self) -> str:
        """The system's default queue, or ""."""

    def submit(self, pdf: bytes, title: str, printer: str, copies: int = 1) -> PrintJob:
        """Hand the PDF to the printing system; return once it has accepted the job."""

    def wait(self, job: PrintJob, timeout: float | None = None, on_status: StatusCallback | None = None
             ) -> PrintResult:
        """Follow the job until it has printed; raise PrintError when it failed."""


MIN_COPIES, MAX_COPIES = 1, 3
_numbers = itertools.count(int(time.time()) % 9000 + 1000)


def check_copies(copies: int) -> int:
    copies = int(copies)
    if not MIN_COPIES <= copies <= MAX_COPIES:
        raise ValueError(f"Copies must be between {MIN_COPIES} and {MAX_COPIES}.")
    return copies


def job_title(procedure: str, number: int | None = None) -> str:
    """'Aftercare sheet: Facet joint injection #1234'. Never the patient's name: CUPS keeps job history."""
    procedure = " ".join((procedure or "").split())[:60]
    number = next(_numbers) if number is None else number
    return f"Aftercare sheet: {procedure} #{number}" if procedure else f"Aftercare sheet #{number}"


def print_pdf(backend: Backend, pdf: bytes, title: str, printer: str, copies: int = 1, timeout: float | None = None,
              on_status: StatusCallback | None = None) -> PrintResult:
    """Submit and follow one job: the whole print in one call (for the command line and the benchmark)."""
    job = backend.submit(pdf, title, printer, check_copies(copies))
    if on_status:
        on_status(f"Sent to {job.printer} (job {job.job_id}).")
    return backend.wait(job, timeout=timeout, on_status=on_status)

"""Printing: one small interface, three backends. Qt is imported only by the Qt backend, and only when used.

    backend = make_backend(settings)                      # CUPS, Qt or folder, as the admin chose
    job = backend.submit(pdf, job_title("Facet joint injection"), printer, copies=2)
    result = backend.wait(job)                            # PrintResult, or a PrintError subclass with the reason
"""
from __future__ import annotations

from kiosk.core.model import ClinicSettings
from kiosk.printing.base import (
    MAX_COPIES,
    MIN_COPIES,
    Backend,
    JobAborted,
    JobCancelled,
    JobHeld,
    NoPrinterConfigured,
    NoSuchPrinter,
    NotAllowed,
    OutputFailed,
    PrintError,
    PrintJob,
    PrintResult,
    PrintServerDown,
    PrintTimeout,
    QueueRejecting,
    QueueStopped,
    check_copies,
    job_title,
    print_pdf,
)

BACKENDS = ("cups", "qt", "folder")

__all__ = [
    "BACKENDS", "MAX_COPIES", "MIN_COPIES", "Backend", "JobAborted", "JobCancelled", "JobHeld",
    "NoPrinterConfigured", "NoSuchPrinter", "NotAllowed", "OutputFailed", "PrintError", "PrintJob", "PrintResult",
    "PrintServerDown", "PrintTimeout", "QueueRejecting", "QueueStopped", "check_copies", "job_title",
    "make_backend", "print_pdf",
]


def make_backend(settings: ClinicSettings, name: str | None = None, server: str | None = None) -> Backend:
    """The backend the settings ask for (or `name`). `server` overrides where CUPS is (else CUPS_SERVER…)."""
    name = (name or settings.print_backend or "cups").strip().lower()
    if name == "cups":
        from kiosk.printing.cups import CupsBackend

        return CupsBackend(server)
    if name == "qt":
        from kiosk.printing.qt_backend import QtBackend

        return QtBackend()
    if name == "folder":
        from kiosk.printing.folder import FolderBackend

        return FolderBackend(settings.print_folder or None)
    raise ValueError(f"Unknown print backend '{name}'; choose one of {', '.join(BACKENDS)}.")

"""The folder backend: writes the PDF into a folder (demos, and clinics that print from another system). No Qt.

File names hold the procedure slug, the time and a number, never the patient's name. Files are written to a
temporary name and renamed, so a system that watches the folder never picks up half a sheet.
"""
from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from kiosk.core.private_files import write_atomically
from kiosk.printing.base import NoPrinterConfigured, OutputFailed, PrintJob, PrintResult, StatusCallback


def safe_stem(title: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()
    return stem[:80] or "aftercare-sheet"


def write_pdf(folder: Path, pdf: bytes, stem: str) -> Path:
    """Write atomically to FOLDER/STEM-YYYYmmdd-HHMMSS[-n].pdf; raises OutputFailed with a plain reason."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        base = f"{stem}-{datetime.now():%Y%m%d-%H%M%S}"
        target, n = folder / f"{base}.pdf", 1
        while target.exists():
            n += 1
            target = folder / f"{base}-{n}.pdf"
        write_atomically(target, pdf)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise OutputFailed(f"Could not save the sheet in {folder} ({why}).", printer=str(folder)) from None
    return target


class FolderBackend:
    name = "folder"

    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = Path(folder) if folder else None

    def printers(self) -> list[str]:
        return [str(self.folder)] if self.folder else []

    def default_printer(self) -> str:
        return str(self.folder) if self.folder else ""

    def submit(self, pdf: bytes, title: str, printer: str, copies: int = 1) -> PrintJob:
        folder = Path(printer) if printer else self.folder
        if folder is None:
            raise NoPrinterConfigured("No folder is set up for saved sheets. An admin can choose one in the settings.")
        path = write_pdf(folder, pdf, safe_stem(title))
        return PrintJob("folder", str(folder), path.name, copies)

    def wait(self, job: PrintJob, timeout: float | None = None, on_status: StatusCallback | None = None
             ) -> PrintResult:
        return PrintResult(job, "saved", f"Saved the sheet as {job.job_id} in {job.printer}.")

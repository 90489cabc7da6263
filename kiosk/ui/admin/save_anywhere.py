"""An admin's "Save as…" for a discharge sheet: Qt's file dialog, with the whole file system.

It lives in kiosk/ui/admin because only admins may browse: the staff controller hands this function to the
discharge screen when the signed-in member is an admin, and no module outside kiosk/ui/admin imports
QFileDialog (tests/ui/staff/test_no_file_browsing.py checks that).
"""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

from kiosk.core.i18n import _


def choose_pdf_path(parent: QWidget, suggested: str) -> str:
    """Where to save the sheet ("" when cancelled)."""
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save the sheet as a PDF"), suggested, _("PDF files (*.pdf)"))
    return path

"""The personalised aftercare sheet: reportlab, in memory, no Qt.

    result = render_sheet(handout, version, settings, details)   # -> SheetResult(pdf, pages, warnings, …)
"""
from kiosk.sheet.renderer import SheetError, SheetRenderer, SheetResult, render_sheet

__all__ = ["SheetError", "SheetRenderer", "SheetResult", "render_sheet"]

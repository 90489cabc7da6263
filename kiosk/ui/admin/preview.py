"""Live previews in the editor: the handout as the patient screen shows it and as the printed sheet shows it.

The patient view uses the patient screens' procedure reader when it is installed (kiosk.ui.patient); until
then a read-only view of our own lays the text out the same way (title, summary, sections, lists).
The printed view renders the real aftercare sheet (kiosk.sheet.render_sheet) with sample discharge details
and shows its pages through PDFium: what you see is the PDF that prints.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

from kiosk.core.model import SECTION_KEYS, SECTION_TITLES, ClinicSettings, DischargeDetails, Handout
from kiosk.ui.admin.common import label, touch_scroll


def handout_html(h: Handout) -> str:
    """The patient reading order as simple HTML: blank lines start paragraphs, '- ' lines are list items."""
    titles = SECTION_TITLES.get(h.language, SECTION_TITLES["en"])
    out = [f"<h1>{html.escape(h.title) or '(no title yet)'}</h1>"]
    if h.summary:
        out.append(_blocks(h.summary))
    for key in SECTION_KEYS:
        text = h.sections.get(key, "").strip()
        if text:
            out.append(f"<h2>{html.escape(titles[key])}</h2>")
            out.append(_blocks(text))
    return "\n".join(out)


def _blocks(text: str) -> str:
    """Paragraphs and lists the way the patient reader splits them (kiosk.ui.patient.content when present)."""
    out, items = [], []
    for block in _split(text):
        if block.kind == "item":
            items.append(f"<li>{html.escape(block.text)}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{html.escape(block.text)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(out)


def _split(text: str):
    try:
        from kiosk.ui.patient.content import blocks
    except ImportError:
        return _own_blocks(text)
    return blocks(text)


@dataclass(frozen=True)
class _Block:
    kind: str  # para | item
    text: str


def _own_blocks(text: str) -> list[_Block]:
    out: list[_Block] = []
    para: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line.startswith("- ") or not line:
            if para:
                out.append(_Block("para", " ".join(para)))
                para = []
            if line:
                out.append(_Block("item", line[2:].strip()))
        else:
            para.append(line)
    if para:
        out.append(_Block("para", " ".join(para)))
    return out


class PatientPreview(QTextBrowser):
    """Read-only: the text exactly as a patient reads it on the kiosk, without the kiosk's navigation."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("role", "patient")
        self.setOpenLinks(False)
        touch_scroll(self)
        self.shown: Handout | None = None

    def show_handout(self, h: Handout) -> None:
        self.shown = h
        bar = self.verticalScrollBar().value()
        self.setHtml(handout_html(h))
        self.verticalScrollBar().setValue(bar)

    def text(self) -> str:
        return self.toPlainText()


def sample_details(settings: ClinicSettings, h: Handout, today: date) -> DischargeDetails:
    """Discharge details that show every part of the sheet without being anyone's."""
    return DischargeDetails(
        procedure_date=today,
        patient_name="Sample Patient",
        side="right",
        sites="Sample site",
        medications=tuple(settings.medications[:2]),
        physician=settings.physicians[0] if settings.physicians else "",
        nurse="",
        follow_up="",
        notes="",
        language=h.language,
    )


def page_images(pdf: bytes, width_px: int = 640) -> list[QImage]:
    """Rasterise each page of a PDF at about `width_px` wide (PDFium; no Pillow needed)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            scale = width_px / page.get_width()
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            img = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                         QImage.Format.Format_RGBX8888)
            images.append(img.copy())
            bitmap.close()
            page.close()
    finally:
        doc.close()
    return images


class SheetPreview(QScrollArea):
    """The printed aftercare sheet, page by page, rendered from the exact PDF bytes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setProperty("role", "sheet")
        touch_scroll(self)
        self._body = QWidget()
        self._lay = QVBoxLayout(self._body)
        self._lay.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._body)
        self.status = label("", "hint")
        self._lay.addWidget(self.status)
        self.pdf: bytes | None = None
        self.pages: list[QLabel] = []

    def show_sheet(self, h: Handout, version: int, settings: ClinicSettings, today: date | None = None) -> None:
        for page in self.pages:
            page.deleteLater()
        self.pages = []
        self.pdf = None
        try:
            from kiosk.sheet import render_sheet
        except ImportError:
            self.status.setText("The printed-sheet preview appears here once the sheet renderer is installed.")
            return
        today = today or date.today()
        try:
            result = render_sheet(h, version, settings, sample_details(settings, h, today),
                                  now=datetime.combine(today, datetime.min.time()).replace(hour=9))
        except Exception as exc:  # noqa: BLE001 - the preview must never take the editor down
            reason = str(exc) if type(exc).__name__ == "SheetError" else type(exc).__name__  # never patient text
            self.status.setText(f"The sheet could not be drawn: {reason}.")
            return
        self.pdf = result.pdf
        warnings = "; ".join(getattr(result, "warnings", []) or [])
        self.status.setText(f"{result.pages} page(s), with sample details. " + (warnings and f"Note: {warnings}"))
        width = max(480, self.viewport().width() - 40)
        for img in page_images(result.pdf, width):
            page = QLabel()
            page.setProperty("role", "page")
            pix = QPixmap.fromImage(img)
            page.setPixmap(pix)
            page.setFixedSize(pix.size())
            self._lay.addWidget(page)
            self.pages.append(page)
        self._lay.activate()  # grow the scrolled body now, not on the next layout pass

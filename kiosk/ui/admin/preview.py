"""Live previews in the editor: the handout as the patient screen shows it and as the printed sheet shows it.

The patient view builds the patient reader's own section cards (kiosk.ui.patient.reader.SectionCard) from the
text being edited, so the preview shows unsaved text exactly as the reader will lay it out; without the patient
screens installed, plain cards of our own stand in.
The printed view renders the real aftercare sheet (kiosk.sheet.render_sheet) with sample discharge details
and shows its pages through PDFium: what you see is the PDF that prints.
"""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.core.i18n import _, _n
from kiosk.core.sections import blocks
from kiosk.core.model import SECTION_KEYS, SECTION_TITLES, ClinicSettings, DischargeDetails, Handout
from kiosk.ui.admin.common import label, touch_scroll


def _split(text: str):
    return blocks(text)  # the one section parser (kiosk.core.sections): the screen and the sheet agree


def _card(key: str, title: str, text: str) -> QWidget:
    """A section card: the patient reader's own card when it is installed, else a plain stand-in."""
    try:
        from kiosk.ui.patient.reader import SectionCard
    except ImportError:
        return _OwnCard(key, title, text)
    return SectionCard(key, title, text)


def _dress(cards: list[QWidget], h: Handout) -> None:
    """The drawing (the admin's own when the handout has one) and the pictograms, as the patient reader shows
    them; nothing with the plain stand-in cards."""
    try:
        from kiosk.content import drawings
        from kiosk.ui.patient.reader import dress
    except ImportError:
        return
    picture = drawings.of_handout(h)
    for card in cards:
        if hasattr(card, "add_drawing"):
            dress(card, h, picture)


class _OwnCard(QFrame):
    def __init__(self, key: str, title: str, text: str):
        super().__init__()
        self.key = key
        self.setProperty("role", "preview_card")
        col = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setProperty("role", "card_title")
        col.addWidget(heading)
        self.texts = [b.text for b in _split(text)]
        for block in _split(text):
            item = QLabel(("• " if block.kind == "item" else "") + block.text)
            item.setWordWrap(True)
            item.setTextFormat(Qt.TextFormat.PlainText)
            col.addWidget(item)


class PatientPreview(QScrollArea):
    """Read-only: the text as the patient reader lays it out (its section cards, emergency card and all),
    without the kiosk's navigation, at a size that fits beside the form."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        touch_scroll(self)
        body = QWidget()
        body.setProperty("role", "patient_preview")
        self.setWidget(body)
        self._col = QVBoxLayout(body)
        self._col.setSpacing(14)
        self._col.addStretch(1)
        self._widgets: list[QWidget] = []
        self.shown: Handout | None = None
        self.cards: list[QWidget] = []
        self._follow = ""

    def show_handout(self, h: Handout) -> None:
        self.shown = h
        at = self.verticalScrollBar().value()
        for w in self._widgets:
            self._col.removeWidget(w)
            w.hide()  # out of sight now; deleted when the event loop gets to it
            w.deleteLater()
        title = QLabel(h.title or _("(no title yet)"))
        title.setProperty("role", "preview_title")
        summary = QLabel(" ".join(b.text for b in _split(h.summary)))
        self._widgets = [title, summary]
        titles = SECTION_TITLES.get(h.language, SECTION_TITLES["en"])
        self.cards = [_card(key, titles[key], h.sections.get(key, ""))
                      for key in SECTION_KEYS if h.sections.get(key, "").strip()]
        _dress(self.cards, h)
        self._widgets += self.cards
        for w in (title, summary):
            w.setWordWrap(True)
            w.setTextFormat(Qt.TextFormat.PlainText)
        for w in self._widgets:
            self._col.insertWidget(self._col.count() - 1, w)  # above the closing stretch
        self._col.activate()
        self.verticalScrollBar().setValue(at)

    def scroll_to(self, key: str) -> None:
        """Bring a section's card to the top (the one being edited), once the new cards are laid out."""
        self._follow = key
        if key:
            QTimer.singleShot(0, self, self._scroll_to_followed)

    def _scroll_to_followed(self) -> None:
        card = next((c for c in self.cards if getattr(c, "key", "") == self._follow), None)
        if card is not None:
            self.verticalScrollBar().setValue(max(0, card.y() - 8))

    def text(self) -> str:
        """Every word the patient would read, in order."""
        if self.shown is None:
            return ""
        parts = [w.text() for w in self._widgets[:2]]
        for card in self.cards:
            parts += list(getattr(card, "texts", []))
        return "\n".join(parts)


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
            page.hide()
            page.deleteLater()
        self.pages = []
        self.pdf = None
        try:
            from kiosk.sheet import render_sheet
        except ImportError:
            self.status.setText(_("The printed-sheet preview appears here once the sheet renderer is installed."))
            return
        today = today or date.today()
        try:
            result = render_sheet(h, version, settings, sample_details(settings, h, today),
                                  now=datetime.combine(today, datetime.min.time()).replace(hour=9))
        except Exception as exc:  # noqa: BLE001 - the preview must never take the editor down
            reason = str(exc) if type(exc).__name__ == "SheetError" else type(exc).__name__  # never patient text
            self.status.setText(_("The sheet could not be drawn: {reason}.").format(reason=reason))
            return
        self.pdf = result.pdf
        warnings = "; ".join(getattr(result, "warnings", []) or [])
        self.status.setText(_n("{n} page, with sample details. ", "{n} pages, with sample details. ", result.pages).format(n=result.pages)
                            + (warnings and _("Note: {warnings}").format(warnings=warnings)))
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

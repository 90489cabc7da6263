"""The aftercare sheet renderer: one class, in the shape of pretix's invoice renderer.

Page geometry lives in class attributes, fonts are registered once per process (`_register_fonts`), the one
stylesheet comes from `_get_stylesheet`, two page templates draw the running header and the footer, and
`generate()` returns the PDF bytes built in memory. Printing is someone else's job.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from kiosk.core.model import ClinicSettings, DischargeDetails, Handout
from kiosk.sheet import fonts
from kiosk.sheet import labels as lb
from kiosk.sheet import text as tx
from kiosk.sheet.story import StoryBuilder
from kiosk.sheet.styles import RULE, sizes, stylesheet

PAPER = {"letter": LETTER, "a4": A4}


@dataclass(frozen=True)
class SheetResult:
    """A built sheet. `warnings` are for the nurse screen: they never quote what was typed."""

    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    missing_characters: tuple[str, ...] = ()  # every character printed as the marker, in code-point order


class SheetError(Exception):
    """The sheet could not be built. The message is generic on purpose: it must be safe to log, so it never
    carries the patient's text (reportlab's own errors quote the paragraph they failed on)."""


class _CountingCanvas(Canvas):
    """Holds every page back until the end so that each can say "page N of M" (single layout pass)."""

    def __init__(self, *args, paint_page_number=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []
        self._paint_page_number = paint_page_number

    def showPage(self):  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            if self._paint_page_number:
                self._paint_page_number(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten one line of text with an ellipsis so that it fits `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


class SheetRenderer:
    # Page geometry, in points.
    left_margin = 0.7 * inch
    right_margin = 0.7 * inch
    top_margin = 0.5 * inch
    bottom_margin = 0.45 * inch
    footer_gap = 8.0  # between the body and the footer's rule
    header_gap = 10.0  # between the running header's rule and the body
    page_label_sample = "99"  # widest page number the footer leaves room for

    large_side_margin = 0.4 * inch  # large print: a wider column means fewer lines and pages
    large_top_margin = 0.35 * inch  # large print: every line at 18 pt costs 2.25 times the paper; printers
    large_bottom_margin = 0.35 * inch  # print to within 0.25 in of the edge

    def __init__(
        self,
        handout: Handout,
        version: int,
        settings: ClinicSettings,
        details: DischargeDetails,
        now: datetime | None = None,
    ):
        self.handout = handout
        self.version = version
        self.settings = settings
        self.details = details
        self.now = now or datetime.now()
        self.lang = lb.language(handout.language)
        self.labels = lb.labels(self.lang)
        self.large = bool(details.large_print)
        self.sizes = sizes(self.large)
        self.pagesize = PAPER.get((settings.paper_size or "").strip().lower(), LETTER)
        if self.large:
            self.left_margin = self.right_margin = self.large_side_margin
            self.top_margin, self.bottom_margin = self.large_top_margin, self.large_bottom_margin
        self.cleaner = tx.Cleaner()
        self.pages = 0
        self.notices: list[str] = []
        self._register_fonts()
        self.stylesheet = self._get_stylesheet()

    # -- resources ---------------------------------------------------------------------------------------

    def _register_fonts(self) -> None:
        fonts.register()

    def _get_stylesheet(self):
        return stylesheet(self.large)

    # -- geometry ----------------------------------------------------------------------------------------

    @property
    def body_width(self) -> float:
        return self.pagesize[0] - self.left_margin - self.right_margin

    def _line_height(self) -> float:
        return self.stylesheet["Footer"].leading

    @cached_property
    def _footer(self) -> list[tuple[str, bool]]:
        return self._footer_lines()

    @cached_property
    def _later_footer(self) -> list[tuple[str, bool]]:
        return self._footer_lines(first=False)

    def _footer_lines(self, first: bool = True) -> list[tuple[str, bool]]:
        """(left text, page number on this line?) for each footer line, bottom line last. The handout, its
        version, the printing time and the page share one line when they fit (standard print). In large print
        the printing time is on page 1 only: a second 18 pt footer line on every page costs a page in ten."""
        style = self.stylesheet["Footer"]
        handout_line = self.labels["footer_handout"].format(slug=self.handout.slug, version=self.version)
        printed = self.labels["footer_printed"].format(when=lb.format_datetime(self.now, self.lang))
        sample = self.labels["footer_page"].format(page=self.page_label_sample, pages=self.page_label_sample)
        page_room = stringWidth(sample, fonts.BOLD, style.fontSize) + 24
        joined = f"{handout_line} · {printed}"
        if stringWidth(joined, style.fontName, style.fontSize) + page_room <= self.body_width:
            return [(joined, True)]
        need = stringWidth(handout_line, style.fontName, style.fontSize) + page_room
        later_short = self.large and not first
        if need <= self.body_width:
            return [(handout_line, True)] if later_short else [(handout_line, True), (printed, False)]
        if later_short:
            return [("", True), (handout_line, False)]
        return [("", True), (handout_line, False), (printed, False)]

    def _footer_height(self, first: bool = True) -> float:
        return len(self._footer if first else self._later_footer) * self._line_height() + self.footer_gap

    @cached_property
    def _running_head(self) -> list[tuple[str, str]]:
        return self._running_head_lines()

    def _running_head_lines(self) -> list[tuple[str, str]]:
        """(text, font) lines of the header on pages after the first."""
        style = self.stylesheet["RunningHead"]
        title = " ".join(self.cleaner.clean(self.labels["running_title"].format(title=self.handout.title)).split())
        name = " ".join(self.cleaner.clean(self.details.patient_name).split())
        joined = f"{name} · {title}"
        if name and (self.large or stringWidth(joined, style.fontName, style.fontSize) <= self.body_width):
            # One line when it fits, and always in large print (two at 18 pt cost a tenth of every page): the
            # name whole, then as much of the title as fits (the drawing shortens it with an ellipsis).
            return [(joined, style.fontName)]
        lines = [(title, style.fontName)]
        if name:
            lines.append((name, fonts.REGULAR))
        return lines

    def _running_head_height(self) -> float:
        return len(self._running_head) * self._line_height() + self.header_gap

    # -- page decoration ---------------------------------------------------------------------------------

    def _draw_footer(self, canvas: Canvas, doc, first: bool = True) -> None:
        style = self.stylesheet["Footer"]
        lines = self._footer if first else self._later_footer
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        top = self.bottom_margin + len(lines) * style.leading
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(self.left_margin, top + 2, self.left_margin + self.body_width, top + 2)
        canvas.setFont(style.fontName, style.fontSize)
        sample = self.labels["footer_page"].format(page=self.page_label_sample, pages=self.page_label_sample)
        beside_page = self.body_width - stringWidth(sample, fonts.BOLD, style.fontSize) - 24
        for i, (text, page_here) in enumerate(lines):
            baseline = top - (i + 1) * style.leading + (style.leading - style.fontSize) / 2
            if text:
                room = beside_page if page_here else self.body_width
                canvas.drawString(self.left_margin, baseline, fit(text, style.fontName, style.fontSize, room))
        canvas.restoreState()

    def _paint_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        style = self.stylesheet["Footer"]
        lines = self._footer if page == 1 else self._later_footer
        row = next(i for i, (_t, here) in enumerate(lines) if here)
        top = self.bottom_margin + len(lines) * style.leading
        baseline = top - (row + 1) * style.leading + (style.leading - style.fontSize) / 2
        canvas.saveState()
        canvas.setFillColor(self.stylesheet["RunningHead"].textColor)
        canvas.setFont(fonts.BOLD, style.fontSize)
        label = self.labels["footer_page"].format(page=page, pages=total)
        canvas.drawRightString(self.left_margin + self.body_width, baseline, label)
        canvas.restoreState()

    def _draw_running_head(self, canvas: Canvas, doc) -> None:
        style = self.stylesheet["RunningHead"]
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        y = self.pagesize[1] - self.top_margin
        for text, font in self._running_head:
            y -= style.leading
            canvas.setFont(font, style.fontSize)
            canvas.drawString(self.left_margin, y + (style.leading - style.fontSize) / 2,
                              fit(text, font, style.fontSize, self.body_width))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(self.left_margin, y - 3, self.left_margin + self.body_width, y - 3)
        canvas.restoreState()

    def _on_first_page(self, canvas: Canvas, doc) -> None:
        self._draw_footer(canvas, doc)

    def _on_later_page(self, canvas: Canvas, doc) -> None:
        self._draw_running_head(canvas, doc)
        self._draw_footer(canvas, doc, first=False)

    def _page_templates(self) -> list[PageTemplate]:
        width, height = self.pagesize
        bottom = self.bottom_margin + self._footer_height()
        first = Frame(self.left_margin, bottom, self.body_width, height - self.top_margin - bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
        later_top = height - self.top_margin - self._running_head_height()
        bottom = self.bottom_margin + self._footer_height(first=False)
        later = Frame(self.left_margin, bottom, self.body_width, later_top - bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later")
        return [
            PageTemplate("first", [first], onPage=self._on_first_page, autoNextPageTemplate="later"),
            PageTemplate("later", [later], onPage=self._on_later_page),
        ]

    # -- output ------------------------------------------------------------------------------------------

    def _story(self) -> list:
        height = self.pagesize[1] - self.top_margin - self._running_head_height() - self.bottom_margin
        height -= self._footer_height(first=False)
        builder = StoryBuilder(
            self.handout, self.settings, self.details, self.stylesheet, self.sizes, self.cleaner, self.body_width,
            height,
        )
        story = builder.build()
        self.notices = builder.notices
        return story

    def generate(self) -> bytes:
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            # Document metadata is visible in print queues and viewers: never the patient's name.
            title=" ".join(self.cleaner.clean(self.labels["title"].format(title=self.handout.title)).split()),
            author=" ".join(self.cleaner.clean(self.settings.name).split()),
            creator="Patient handout kiosk",
            subject="",
            invariant=1,
            # Uncompressed page streams: ~2 ms faster per sheet (the 20 ms budget) for ~95 KB instead
            # of ~47 KB, which nobody notices on the way to a local printer or the preview.
            pageCompression=0,
            # The canvas declares its initial font in every PDF: make it ours, so no unembedded Helvetica.
            initialFontName=fonts.REGULAR,
            initialFontSize=self.sizes.body,
            lang=self.lang,
        )
        doc.addPageTemplates(self._page_templates())
        doc.build(self._story(), canvasmaker=partial(_CountingCanvas, paint_page_number=self._paint_page_number))
        self.pages = doc.page
        return buffer.getvalue()

    @property
    def warnings(self) -> list[str]:
        return [*self.notices, *self.cleaner.warnings()]


def render_sheet(
    handout: Handout,
    version: int,
    settings: ClinicSettings,
    details: DischargeDetails,
    now: datetime | None = None,
) -> SheetResult:
    """Build one patient's aftercare sheet. Raises only SheetError, whose message never holds patient text."""
    failure = None
    try:
        renderer = SheetRenderer(handout, version, settings, details, now)
        pdf = renderer.generate()
    except Exception as exc:  # noqa: BLE001 - anything reportlab raises may quote the patient's text
        failure = type(exc).__name__
    if failure is not None:
        # Raised outside the except block so the original exception is neither __cause__ nor __context__.
        raise SheetError(f"the aftercare sheet could not be built ({failure})")
    missing = tuple(sorted(renderer.cleaner.missing))
    return SheetResult(pdf=pdf, pages=renderer.pages, warnings=renderer.warnings, missing_characters=missing)

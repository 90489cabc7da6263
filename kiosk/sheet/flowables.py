"""The sheet's own flowables: a paragraph for shared text, a box that splits across pages, the pain diary grid,
the teach-back initials, a row of side-by-side cells and a rule. Only layout here; the words come from story.py, pictures from pictures.py.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from kiosk.sheet import fonts
from kiosk.sheet.styles import GRID


@lru_cache(maxsize=4096)
def _parsed(markup: str, style: ParagraphStyle) -> list:
    """Parsing paragraph markup is a seventh of a sheet's build time; the fragments are only read afterwards,
    so those of shared text are parsed once and reused. Never called with a patient's text."""
    return Paragraph(markup, style).frags


_LINES_CACHE_SIZE = 4096
_lines: dict[tuple, object] = {}


class SharedParagraph(Paragraph):
    """A paragraph of text that is the same on every sheet (labels, handout text, clinic settings), never a
    patient's: its markup is parsed once per process, and its line breaking at a given width computed once.
    Together that is a fifth of a sheet's build time.

    Only plain single-font line breaks made of whole words are kept, because reportlab may alter the words of
    a line it hyphenated or cut when it later splits the paragraph. The pieces of a split paragraph are
    built by reportlab with ready fragments and take no part in the caching.
    """

    def __init__(self, text, style=None, bulletText=None, frags=None, **kwargs):  # noqa: N803 - reportlab's
        self._shared_key = None
        if frags is None:
            frags = _parsed(text, style)
            self._shared_key = (text, style)
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)

    def breakLines(self, width):  # noqa: N802 - reportlab's name
        if self._shared_key is None:
            return super().breakLines(width)
        key = (*self._shared_key, tuple(width) if isinstance(width, (list, tuple)) else width, self.bulletText)
        found = _lines.get(key)
        if found is None:
            found = super().breakLines(width)
            if found.kind == 0 and all(type(w) is str for _unused, words in found.lines for w in words):
                if len(_lines) >= _LINES_CACHE_SIZE:
                    _lines.clear()
                _lines[key] = found
        return found


class Box(Flowable):
    """A bordered, optionally tinted box around a list of flowables, which splits across pages.

    reportlab's Table cannot split inside a cell, so a long list in a one-cell table fails to lay out; this
    box splits between (or inside) its flowables instead, and never leaves a keep-with-next heading alone
    at the bottom of the first part. Each continuation part can open with a "(continued)" heading.
    """


    def __init__(self, content, *, stroke=GRID, stroke_width=1.0, fill=None, padding=8.0, rule_left=0.0,
                 page_height=0.0, continued=None, small=0.25):
        super().__init__()
        self.content = list(content)
        self.stroke = stroke
        self.stroke_width = stroke_width
        self.fill = fill
        self.padding = padding
        self.rule_left = rule_left  # a thick bar down the left edge, in points (0 = none)
        # The frame height: a box that fits on one page splits only politely (see split), never in pieces of
        # one line. 0 = split anywhere.
        self.page_height = page_height
        self.continued = continued  # a callable giving the heading that opens each continuation part
        self.small = small  # a box no taller than this share of a page never splits
        self._placed: list[tuple[Flowable, float, float]] = []
        self.width = 0.0

    def _inset(self) -> float:
        return self.padding + self.stroke_width + self.rule_left

    def _twin(self, content) -> "Box":
        return Box(
            content,
            stroke=self.stroke,
            stroke_width=self.stroke_width,
            fill=self.fill,
            padding=self.padding,
            rule_left=self.rule_left,
            page_height=self.page_height,
            continued=self.continued,
            small=self.small,
        )

    def wrap(self, avail_width, avail_height):
        if self._placed and self.width == avail_width:
            return self.width, self.height  # the children's layout depends on the width only
        inner = avail_width - self._inset() - self.padding - self.stroke_width
        y = 0.0
        self._placed = []
        for i, flowable in enumerate(self.content):
            if i:
                y += flowable.getSpaceBefore()
            _w, h = flowable.wrap(inner, max(avail_height, 1))
            self._placed.append((flowable, y, h))
            y += h
            if i < len(self.content) - 1:
                y += flowable.getSpaceAfter()
        self.width = avail_width
        self.height = y + 2 * (self.padding + self.stroke_width)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        try:
            return self._split(avail_width, avail_height)
        finally:
            # Trying to split a child can drop its layout (Paragraph.split deletes blPara), so the next wrap
            # must lay the children out again.
            self._placed = []

    def _split(self, avail_width, avail_height):
        height = self.wrap(avail_width, avail_height)[1]
        fits_a_page = self.page_height and height <= self.page_height
        if fits_a_page and height <= self.page_height * self.small:
            return []  # small boxes move to the next page whole
        inner_w = avail_width - self._inset() - self.padding - self.stroke_width
        room = avail_height - 2 * (self.padding + self.stroke_width)
        head: list[Flowable] = []
        tail: list[Flowable] = []
        used = 0.0
        for i, (flowable, _y, h) in enumerate(self._placed):
            space = flowable.getSpaceBefore() if head else 0.0
            if used + space + h <= room:
                head.append(flowable)
                used += space + h + flowable.getSpaceAfter()
                continue
            parts = flowable.split(inner_w, room - used - space) if room - used - space > 0 else []
            if len(parts) >= 2:
                head.append(parts[0])
                tail = list(parts[1:]) + self.content[i + 1 :]
            else:
                tail = self.content[i:]
            break
        while head and _keeps_with_next(head[-1]):
            tail.insert(0, head.pop())
        if not head or not tail:
            return []
        if fits_a_page:
            # No lone item on either side: give the tail one more from the head, or move the box whole.
            while _count_items(tail) < 2 and _count_items(head) > 2:
                tail.insert(0, head.pop())
                while head and _keeps_with_next(head[-1]):
                    tail.insert(0, head.pop())
            if _count_items(head) < 2 or _count_items(tail) < 2:
                return []
        if self.continued is not None:
            tail.insert(0, self.continued())
        return [self._twin(head), self._twin(tail)]

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        half = self.stroke_width / 2
        canvas.setLineWidth(self.stroke_width)
        canvas.setStrokeColor(self.stroke or colors.black)
        if self.fill is not None:
            canvas.setFillColor(self.fill)
        canvas.rect(
            half, half, self.width - self.stroke_width, self.height - self.stroke_width,
            stroke=1 if self.stroke else 0, fill=1 if self.fill is not None else 0,
        )
        if self.rule_left:
            canvas.setFillColor(self.stroke or colors.black)
            canvas.rect(0, 0, self.rule_left + self.stroke_width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        top = self.height - self.padding - self.stroke_width
        for flowable, y, h in self._placed:
            flowable.drawOn(canvas, self._inset(), top - y - h)


# Tables set a cell font even when every cell holds flowables; reportlab's default is an unembedded Helvetica.
_CELL_FONT = ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 10)


def _count_items(flowables) -> int:
    return sum(1 for f in flowables if not _keeps_with_next(f))


def _keeps_with_next(flowable) -> bool:
    getter = getattr(flowable, "getKeepWithNext", None)
    return bool(getter()) if getter else False


def checkbox_table(rows, widths, *, header=True, row_height=None, font_size=12, shaded_rows=(), tight=False):
    """A ruled grid (the pain diary): first row is the header, repeated if the grid splits; `shaded_rows` are
    tinted like a header without repeating. `tight`: less padding above and below each line (rows of one short
    word or number, such as the 14-day log's: 21.6 pt at 12 pt, 7.6 mm to write in)."""
    table = Table(rows, colWidths=widths, rowHeights=row_height, repeatRows=1 if header else 0)
    commands = [
        _CELL_FONT,
        ("GRID", (0, 0), (-1, -1), 0.8, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), font_size * 0.4),
        ("RIGHTPADDING", (0, 0), (-1, -1), font_size * 0.4),
        ("TOPPADDING", (0, 0), (-1, -1), font_size * (0.1 if tight else 0.25)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), font_size * (0.2 if tight else 0.35)),
    ]
    for r in ((0,) if header else ()) + tuple(shaded_rows):
        commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#E4E8EC")))
    table.setStyle(TableStyle(commands))
    return table


def initials_table(patient_label: Paragraph, nurse_label: Paragraph, width: float, box: float):
    """Two labelled empty boxes to write initials in."""
    label_w = (width - 2 * box) / 2
    table = Table(
        [[patient_label, "", nurse_label, ""]],
        colWidths=[label_w, box, label_w, box],
        rowHeights=[box * 0.7],
    )
    table.setStyle(
        TableStyle(
            [
                _CELL_FONT,
                ("BOX", (1, 0), (1, 0), 1.2, colors.black),
                ("BOX", (3, 0), (3, 0), 1.2, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 8),
                ("LEFTPADDING", (2, 0), (2, 0), 16),
                ("RIGHTPADDING", (2, 0), (2, 0), 8),
            ]
        )
    )
    return table


def row(cells, widths):
    """Flowables side by side (logo | clinic | QR code), top-aligned, with no padding of its own."""
    table = Table([cells], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                _CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def row_list(rows, widths):
    """Rows of flowables side by side (pictogram | checklist line), centred on each other; splits between rows."""
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                _CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class Rule(Flowable):
    """A horizontal line across the frame."""

    def __init__(self, width: float, thickness: float, color, space: float = 4.0):
        super().__init__()
        self.width = width
        self.thickness = thickness
        self.color = color
        self.space = space

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.thickness + 2 * self.space

    def draw(self):
        self.canv.saveState()
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        y = self.space + self.thickness / 2
        self.canv.line(0, y, self.width, y)
        self.canv.restoreState()

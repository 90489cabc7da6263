"""The sheet's one stylesheet, in a standard and a large-print size.

Every style derives from "Base" with `parent=`, so a size change is one number. The stylesheets are built once
per process and shared: never modify a style after `stylesheet()` returns it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1

from kiosk.sheet import fonts

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#444444")
RULE = colors.HexColor("#222222")
TINT = colors.HexColor("#EEF2F6")
WARN_TINT = colors.HexColor("#FFF6E0")
WARN_RULE = colors.HexColor("#7A5200")
ALARM_RULE = colors.HexColor("#A00000")
GRID = colors.HexColor("#555555")
ALARM_TEXT = colors.HexColor("#8A0000")  # dark red on white: contrast above 9:1


@dataclass(frozen=True)
class Sizes:
    body: float
    leading: float  # at least 1.5 × body in both sizes
    title: float
    heading: float
    clinic: float
    small: float  # header/footer lines; in large print no smaller than the body


STANDARD = Sizes(body=12, leading=18, title=21, heading=15, clinic=16, small=9)
LARGE = Sizes(body=18, leading=27, title=20, heading=20, clinic=20, small=18)


def sizes(large_print: bool) -> Sizes:
    return LARGE if large_print else STANDARD


@lru_cache(maxsize=2)
def stylesheet(large_print: bool) -> StyleSheet1:
    fonts.register()
    s = sizes(large_print)
    sheet = StyleSheet1()
    # One column, left aligned, ragged right: never justified (uneven gaps are hard for weak readers).
    sheet.add(
        ParagraphStyle(
            "Base",
            fontName=fonts.REGULAR,
            fontSize=s.body,
            leading=s.leading,
            textColor=INK,
            alignment=TA_LEFT,
            splitLongWords=1,
            allowWidows=0,
            allowOrphans=0,
            bulletFontName=fonts.REGULAR,
            bulletFontSize=s.body,
        )
    )
    base = sheet["Base"]
    # Large print: 1.5 line spacing already sets its lines apart; the gaps between paragraphs, items and headings
    # are a smaller share of a line there (each point of gap costs 2.25 times as much paper as at 12 pt).
    large = s.body >= 18
    sheet.add(ParagraphStyle("Body", parent=base, spaceAfter=s.leading * (0.25 if large else 0.35)))
    sheet.add(ParagraphStyle("Notes", parent=base))
    sheet.add(
        ParagraphStyle(
            "Title",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=s.title,
            leading=s.title * 1.3,
            spaceBefore=s.leading * 0.3,
            spaceAfter=s.leading * 0.3,
            # Not kept with the patient box: reportlab would move the title and the whole box to page 2 when
            # the box does not fit under the header, leaving page 1 with only the clinic's name.
            keepWithNext=0,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Heading",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=s.heading,
            leading=s.heading * 1.3,
            spaceBefore=s.leading * (0.4 if large else 0.65),
            spaceAfter=s.leading * (0.15 if large else 0.25),
            keepWithNext=1,
        )
    )
    # Headings inside a box: the box itself gives the space above.
    sheet.add(ParagraphStyle("BoxHeading", parent=sheet["Heading"], spaceBefore=0))
    bullet_indent = s.body * 1.6
    sheet.add(
        ParagraphStyle(
            "Bullet",
            parent=base,
            leftIndent=bullet_indent,
            bulletIndent=s.body * 0.3,
            spaceAfter=s.leading * (0.1 if large else 0.15),
        )
    )
    sheet.add(
        ParagraphStyle(
            "Check",
            parent=sheet["Bullet"],
            bulletFontSize=s.body * 1.25,
            leftIndent=bullet_indent + s.body * 0.2,
        )
    )
    # The last-but-one item of a checklist keeps with the last: no list leaves one item alone on a page.
    sheet.add(ParagraphStyle("CheckKeep", parent=sheet["Check"], keepWithNext=1))
    sheet.add(ParagraphStyle("Label", parent=base, fontName=fonts.BOLD))
    sheet.add(ParagraphStyle("Detail", parent=base, spaceAfter=s.leading * 0.1))
    sheet.add(
        ParagraphStyle("ClinicName", parent=base, fontName=fonts.BOLD, fontSize=s.clinic, leading=s.clinic * 1.3)
    )
    sheet.add(ParagraphStyle("ClinicLine", parent=base))
    sheet.add(ParagraphStyle("ClinicWeb", parent=base))
    sheet.add(ParagraphStyle("QrCaption", parent=base, fontSize=max(s.small, 9), leading=max(s.small, 9) * 1.3,
                             alignment=TA_CENTER))
    sheet.add(ParagraphStyle("TableHead", parent=base, fontName=fonts.BOLD))
    sheet.add(ParagraphStyle("TableCell", parent=base))
    sheet.add(ParagraphStyle("Strong", parent=sheet["Body"], fontName=fonts.BOLD))
    sheet.add(ParagraphStyle("Phone", parent=base, fontName=fonts.BOLD, spaceAfter=s.leading * 0.15))
    # The numbers atop the "Call us if" box: kept with the first warning sign, never alone at a page's foot.
    sheet.add(ParagraphStyle("PhoneKeep", parent=sheet["Phone"], keepWithNext=1))
    sheet.add(ParagraphStyle("Alarm", parent=base, fontName=fonts.BOLD, textColor=ALARM_TEXT,
                             spaceBefore=s.leading * 0.15))
    # Drawn on the canvas by the page templates, not as paragraphs.
    sheet.add(ParagraphStyle("Footer", parent=base, fontSize=s.small, leading=s.small * 1.3, textColor=MUTED))
    sheet.add(ParagraphStyle("RunningHead", parent=sheet["Footer"], fontName=fonts.BOLD, textColor=INK))
    return sheet

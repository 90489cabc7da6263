"""The sheet's TrueType family: registered once per process, embedded (subset) in every PDF.

reportlab's built-in Type 1 fonts cover Latin-1 only and are never embedded; DejaVu Sans covers Spanish and
most Latin, Greek and Cyrillic text, and reportlab subsets it into each PDF so the sheet prints the same on
any printer.
"""
from __future__ import annotations

import threading
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from kiosk import resources

FAMILY = "KioskSans"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

_FACES = {
    REGULAR: "regular",
    BOLD: "bold",
    ITALIC: "italic",
    BOLD_ITALIC: "bold_italic",
}

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the four faces and the family with reportlab. Cheap after the first call.

    Parsing the four TTF files takes ~80 ms, so it must happen once per process, not once per sheet.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, face in _FACES.items():
            pdfmetrics.registerFont(TTFont(name, str(resources.font(face))))
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        # registerFontFamily maps <b>/<i> for the family name; map the face names too, so that markup inside
        # a paragraph whose style names a bold face still finds its family.
        for name in _FACES:
            addMapping(name, 0, 0, REGULAR)
            addMapping(name, 1, 0, BOLD)
            addMapping(name, 0, 1, ITALIC)
            addMapping(name, 1, 1, BOLD_ITALIC)
        # Write compressed streams as binary rather than ASCII85 text: every PDF reader and printer takes
        # binary, the file is 20% smaller, and encoding ASCII85 in pure Python cost ~4 ms per sheet.
        rl_config.useA85 = 0
        _fix_to_unicode_cmap()
        _registered = True


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Code points every face that prints free text can draw: the regular and the bold face.

    Free text (names, notes, sites) is set in those two faces only, so a character counts as printable
    when both have a glyph for it.
    """
    register()
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode CMap for one font subset, with every entry in UTF-16BE as the PDF format asks."""
    entries = [
        "<%02X> <%04X>" % (code, cp) if cp < 0x10000
        else "<%02X> <%s>" % (code, chr(cp).encode("utf-16-be").hex().upper())
        for code, cp in enumerate(subset)
    ]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
        f"{len(subset)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _fix_to_unicode_cmap() -> None:
    """reportlab writes a ToUnicode entry for a character beyond U+FFFF as 5 hex digits ("<1F600>"), which
    readers reject, so copying, searching or reading aloud such a character (DejaVu has a few hundred) fails.
    Use the corrected helper only while reportlab still has the bug."""
    if "<1F600>" in ttfonts.makeToUnicodeCMap("probe", [0x1F600]):
        ttfonts.makeToUnicodeCMap = to_unicode_cmap

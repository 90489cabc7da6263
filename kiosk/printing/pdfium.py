"""PDF pages to pixels with PDFium, for the on-screen preview and the Qt print fallback. No Qt.

PDFium is not thread-safe, and the preview renders on a worker thread while a print may rasterise on another:
every call goes through one lock.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

LOCK = threading.Lock()


@dataclass(frozen=True)
class PageImage:
    """One page as 8-bit RGBX pixels (4 bytes a pixel, the fourth unused), rows `stride` bytes apart."""

    width: int
    height: int
    stride: int
    pixels: bytes
    width_pt: float
    height_pt: float


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    with LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            return [doc.get_page_size(i) for i in range(len(doc))]
        finally:
            doc.close()


def render(pdf: bytes, dpi: float, first: int = 0, last: int | None = None, grayscale: bool = False) -> list[PageImage]:
    """Pages first..last (inclusive, 0-based) rendered at `dpi`."""
    import pypdfium2 as pdfium

    out = []
    with LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            last = len(doc) - 1 if last is None else min(last, len(doc) - 1)
            for index in range(first, last + 1):
                page = doc[index]
                try:
                    w_pt, h_pt = page.get_size()
                    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, prefer_bgrx=True,
                                         grayscale=grayscale, optimize_mode="print" if dpi >= 200 else None)
                    try:
                        out.append(PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer),
                                             w_pt, h_pt))
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        finally:
            doc.close()
    return out

"""Pictures on the sheet: the clinic's logo (read once per file version, skipped when unreadable) and the QR code
to the clinic's web address (reportlab's own encoder, drawn as one vector path)."""
from __future__ import annotations

import itertools
import logging
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from kiosk.core.pictures import MAX_PICTURE_PIXELS, fit_image, fit_png

log = logging.getLogger(__name__)

# The logo's size rule lives in kiosk.core.pictures (every door that takes a picture checks it there); a logo
# stored before the rule is scaled down here once per file version.
MAX_LOGO_PIXELS = MAX_PICTURE_PIXELS
_fit = fit_image
fit_logo_png = fit_png


@lru_cache(maxsize=16)
def qr_modules(address: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's dark/light modules, from reportlab's own encoder; computed once per address (encoding is
    the slowest step of a whole sheet). Raises ValueError when the address cannot be encoded."""
    try:
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(address)
        code.make()
    except Exception as exc:  # noqa: BLE001 - the encoder raises bare Exceptions for overlong data
        raise ValueError("the web address cannot be encoded as a QR code") from exc
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class QrCode(Flowable):
    """A QR code drawn as one filled path, with its quiet zone.

    The path is written once per code in module units (small integers) and scaled with one `cm` operator:
    formatting thousands of float coordinates per sheet was a third of the build time.
    """

    QUIET = 4  # modules of white border that scanners need

    def __init__(self, modules: tuple[tuple[bool, ...], ...], size: float):
        super().__init__()
        self.modules = modules
        self.width = self.height = size

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        unit = self.width / (len(self.modules) + 2 * self.QUIET)
        self.canv.addLiteral(f"q 0 g {unit:.5f} 0 0 {unit:.5f} 0 0 cm {_qr_path(self.modules, self.QUIET)} f Q")


@lru_cache(maxsize=16)
def _qr_path(modules: tuple[tuple[bool, ...], ...], quiet: int) -> str:
    """PDF rectangles ("x y w h re") for each run of dark modules, y pointing up, in module units."""
    count = len(modules)
    parts = []
    for r, row in enumerate(modules):
        y = count + quiet - r - 1
        c = 0
        for dark, run in itertools.groupby(row):
            n = len(list(run))
            if dark:
                parts.append(f"{c + quiet} {y} {n} 1 re")
            c += n
    return " ".join(parts)


def logo(path: str, max_width: float = 1.8 * inch, max_height: float = 0.9 * inch):
    """The clinic's logo scaled to fit, or None when there is none or it cannot be read (never an error)."""
    if not path:
        return None
    try:
        p = Path(path)
        stat = p.stat()
    except (OSError, ValueError):
        log.debug("clinic logo not found; printing without it")
        return None
    return _load_logo(str(p), stat.st_mtime_ns, stat.st_size, max_width, max_height)


@lru_cache(maxsize=8)
def _load_logo(path: str, _mtime: int, _size: int, max_width: float, max_height: float):
    """Read once per file version: logo files change rarely, sheets are printed often."""
    try:
        if path.lower().endswith(".svg"):
            return _svg_logo(path, max_width, max_height)
        reader = ImageReader(_for_the_page(_within_limit(Path(path)), max_width, max_height))
        w, h = reader.getSize()
        if w <= 0 or h <= 0:
            return None
        scale = min(max_width / w, max_height / h)
        return _CachedImage(reader, w * scale, h * scale)
    except Exception:  # noqa: BLE001 - a bad logo file must never stop a sheet from printing
        log.debug("clinic logo could not be read; printing without it")
        return None


RENDER_DPI = 300  # the logo is drawn from a copy of at most this resolution at its printed size


def _within_limit(path: Path):
    """The logo at PATH as a PIL image within MAX_LOGO_PIXELS. A larger file (stored before the rule) is scaled
    once and the copy kept beside it (`.NAME-SIZE-MTIME.fit1200.png`), so later starts never decode the large
    file again; where the copy cannot be written, it is scaled in memory each start instead."""
    from PIL import Image

    image = Image.open(path)
    if max(image.size) <= MAX_LOGO_PIXELS:
        image.load()
        return image
    st = path.stat()
    kept = path.with_name(f".{path.stem}-{st.st_size}-{st.st_mtime_ns}.fit{MAX_LOGO_PIXELS}.png")
    if kept.is_file():
        image.close()
        small = Image.open(kept)
        small.load()
        if max(small.size) <= MAX_LOGO_PIXELS:
            return small
        image = Image.open(path)
    with image:
        image.load()
        small = _fit(image)
    try:
        tmp = kept.with_name(kept.name + ".partial")
        small.save(tmp, "PNG")
        tmp.replace(kept)
    except OSError:
        log.debug("the scaled copy of the clinic logo could not be kept; scaling it in memory")
    return small


def _for_the_page(image, max_width: float, max_height: float):
    """IMAGE no larger than it is printed at RENDER_DPI (max_width × max_height points): every sheet embeds it,
    so a smaller copy keeps each PDF small and quick to write. Never scaled up."""
    box = (max(1, int(max_width / 72 * RENDER_DPI)), max(1, int(max_height / 72 * RENDER_DPI)))
    if image.size[0] <= box[0] and image.size[1] <= box[1]:
        return image
    from PIL import Image

    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    image.thumbnail(box, Image.Resampling.LANCZOS)
    return image


def _svg_logo(path: str, max_width: float, max_height: float):
    try:
        from svglib.svglib import svg2rlg  # optional: reportlab cannot read SVG by itself
    except ImportError:
        log.debug("svglib is not installed; an SVG logo is skipped")
        return None
    drawing = svg2rlg(path)
    if drawing is None or not drawing.width or not drawing.height:
        return None
    scale = min(max_width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width *= scale
    drawing.height *= scale
    return _CachedImage(drawing, drawing.width, drawing.height)


class _CachedImage:
    """What the logo cache holds: a source plus its size; `flowable()` gives a fresh flowable per sheet."""

    def __init__(self, source, width: float, height: float):
        self.source = source
        self.width = width
        self.height = height

    def flowable(self):
        if isinstance(self.source, Drawing):
            return self.source
        return _Picture(self.source, self.width, self.height)


class _Picture(Flowable):
    """An already-decoded image drawn at a fixed size (platypus's Image would re-read the file)."""

    def __init__(self, reader: ImageReader, width: float, height: float):
        super().__init__()
        self.reader = reader
        self.width = width
        self.height = height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")

"""The one rule for a picture someone brings in: the clinic logo and an admin's own procedure drawing. No Qt.

    check_picture(data, "knee.svg", "The drawing") -> (data, ".svg")      or raises PictureRefused (one sentence)

Every door goes through it: the settings page's logo, the handout editor's Replace drawing, a content pack's
drawing file (`kiosk check`, `kiosk import`, Content packs → Check and Apply). A picture is a PNG or an SVG of
at most MAX_PICTURE_BYTES; a PNG larger than MAX_PICTURE_PIXELS on a side comes back scaled down (once, here),
and a PNG that would decode to a bomb is refused. An SVG is read as plain XML with no DOCTYPE or entities
(the billion-laughs attack), must have <svg> at its root, may nest at most MAX_SVG_DEPTH deep, and may not run
or fetch anything: no <script>, no <foreignObject>, no on… event attributes, no link or url() that leaves the
file (only "#id" references), no CSS @import.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

MAX_PICTURE_BYTES = 2_000_000
# A logo is at most 1.8 × 0.9 inches on paper and a drawing 6 cm wide: 1,200 pixels on the longer side is over
# 600 dpi there. A 7000 × 7000 logo (143 KB of PNG) made every sheet take 1 to 4 s and 500 MB.
MAX_PICTURE_PIXELS = 1200
MAX_SVG_DEPTH = 64
MAX_DECODED_PIXELS = 90_000_000  # a larger PNG (a 9,487-px square and up) is refused before it is decoded
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SUFFIXES = (".png", ".svg")

_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


class PictureRefused(ValueError):
    """The picture may not be used; str() is one plain sentence that names the file."""


def fit_png(data: bytes) -> bytes:
    """PNG bytes no larger than MAX_PICTURE_PIXELS (1,200 px) on either side, aspect kept: DATA itself when it
    fits. Raises ValueError when DATA is not a readable PNG (or is a decompression bomb)."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != "PNG":
                    raise ValueError("not a PNG image")
                if image.size[0] * image.size[1] > MAX_DECODED_PIXELS:
                    raise ValueError("too many pixels to decode")
                if max(image.size) <= MAX_PICTURE_PIXELS:
                    image.load()  # a truncated or corrupt file fails here, not on the sheet
                    return data
                image.load()
                small = fit_image(image)
    except (OSError, Image.DecompressionBombError, Image.DecompressionBombWarning, ValueError) as exc:
        raise ValueError(f"the picture cannot be read as a PNG image ({exc})") from None
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


def fit_image(image):
    """IMAGE (a PIL image, changed in place) no larger than MAX_PICTURE_PIXELS on either side."""
    if max(image.size) <= MAX_PICTURE_PIXELS:
        return image
    from PIL import Image

    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")  # palette images would be resized with nearest-neighbour only
    image.thumbnail((MAX_PICTURE_PIXELS, MAX_PICTURE_PIXELS), Image.Resampling.LANCZOS)  # in place
    return image


def _local(tag_or_name: str) -> str:
    return tag_or_name.rsplit("}", 1)[-1].lower()


def svg_problem(data: bytes) -> str:
    """Why DATA is not a safe SVG (a few words, no file name), or "" when it is one."""
    head = data[:4096].decode("utf-8", "replace").lower()
    if "<svg" not in data.decode("utf-8", "replace").lower():
        return "is not an SVG image"
    if "<!doctype" in head or "<!entity" in data.decode("utf-8", "replace").lower():
        return "declares a DOCTYPE or entities, which a picture does not need"
    try:
        parser = ET.XMLParser()
        parser.feed(data)
        root = parser.close()
    except (ET.ParseError, ValueError, RecursionError):
        return "is not a readable SVG image"
    if _local(root.tag) != "svg":
        return "is not an SVG image"
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_SVG_DEPTH:
            return f"nests deeper than {MAX_SVG_DEPTH} levels"
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag == "script":
            return "holds a script"
        if tag == "foreignobject":
            return "holds a foreignObject (a web page inside the picture)"
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on"):
                return f"holds a script (the {local} attribute)"
            if local in ("href", "src") and not value.strip().startswith("#"):
                return "links to something outside the file"
            if _EXTERNAL_URL.search(value):
                return "links to something outside the file"
        if tag == "style" and element.text:
            if "@import" in element.text.lower() or _EXTERNAL_URL.search(element.text):
                return "links to something outside the file"
        stack.extend((child, depth + 1) for child in element)
    return ""


def check_picture(data: bytes, name: str, what: str = "The picture") -> tuple[bytes, str]:
    """(bytes, suffix) of a picture that may be used, ".png" or ".svg" from NAME's suffix; a PNG over
    MAX_PICTURE_PIXELS on a side comes back scaled down. Raises PictureRefused with one sentence starting with
    WHAT ("The logo", "The drawing") or naming the file."""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    short = name.replace("\\", "/").rsplit("/", 1)[-1]
    if suffix not in SUFFIXES:
        raise PictureRefused(f"{what} must be a PNG or SVG file.")
    if len(data) > MAX_PICTURE_BYTES:
        raise PictureRefused(f"{what} file is {len(data):,} bytes; keep it under {MAX_PICTURE_BYTES:,}.")
    if suffix == ".png":
        if not data.startswith(PNG_SIGNATURE):
            raise PictureRefused(f"{short} is not a readable PNG image.")
        try:
            return fit_png(data), suffix
        except ValueError:
            raise PictureRefused(f"{short} is not a readable PNG image.") from None
    problem = svg_problem(data)
    if problem:
        raise PictureRefused(f"{short} {problem}.")
    return data, suffix

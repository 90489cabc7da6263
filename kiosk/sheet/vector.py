"""Our own SVG drawings as reportlab vector Drawings, with their labels in the sheet's language.

Why a tiny loader and not svglib: the drawings are the project's own files, written in a small SVG subset on
purpose (path with M/L/H/V/C/Q/Z in absolute coordinates, line, polyline, circle, ellipse, rect with rx, groups,
and translate/rotate/scale transforms; fill, stroke, stroke-width, linecap, linejoin, dasharray as attributes).
Reading that subset is ~150 lines with no new dependency, the screen keeps reading the very same files through
QtSvg, and the result is a reportlab Drawing: vector paths in the PDF, never an image. Anything outside the
subset raises VectorError (a test renders every bundled drawing, so a file that slips out of the subset fails
there, not on a nurse's printer).
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Group, Line, Path, PolyLine, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from kiosk.content.drawings import Picture
from kiosk.sheet import fonts

NS = "{http://www.w3.org/2000/svg}"
STYLE = ("fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray")
CAPS = {"butt": 0, "round": 1, "square": 2}
JOINS = {"miter": 0, "round": 1, "bevel": 2}
LABEL_INK = "#172A33"
LEADER_INK = "#56707B"


class VectorError(ValueError):
    """The SVG uses something outside the subset this loader reads (the message names it)."""


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise VectorError(f"not a number: {value!r}") from None


def _color(value: str | None):
    if value is None or value == "none":
        return None
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise VectorError(f"colour {value!r}: use #RRGGBB or none")
    return HexColor(value)


def _transform(text: str) -> tuple[float, ...]:
    """An SVG transform list as one affine matrix (a, b, c, d, e, f)."""
    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "translate":
            step = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "rotate":
            a = math.radians(v[0])
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0, 0)
            c, s = math.cos(a), math.sin(a)
            step = (c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy)
        else:
            raise VectorError(f"transform {name}() is not supported")
        m = _mul(m, step)
    return m


def _mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f)


def _path(d: str) -> Path:
    tokens = re.findall(r"[MLHVCQZmlhvcqz]|-?\d*\.?\d+(?:e-?\d+)?", d)
    path = Path()
    x = y = 0.0
    i, cmd = 0, ""
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                path.closePath()
                continue
        if cmd.islower():
            raise VectorError("relative path commands are not supported; use absolute ones")
        args = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "Q": 4}.get(cmd)
        if args is None:
            raise VectorError(f"path command {cmd!r} is not supported")
        v = [_num(t) for t in tokens[i:i + args]]
        if len(v) < args:
            raise VectorError("a path command is missing numbers")
        i += args
        if cmd == "M":
            x, y = v
            path.moveTo(x, y)
            cmd = "L"  # further pairs after M are lines
        elif cmd == "L":
            x, y = v
            path.lineTo(x, y)
        elif cmd == "H":
            x = v[0]
            path.lineTo(x, y)
        elif cmd == "V":
            y = v[0]
            path.lineTo(x, y)
        elif cmd == "C":
            path.curveTo(*v)
            x, y = v[4], v[5]
        elif cmd == "Q":  # the same curve as a cubic
            qx, qy, ex, ey = v
            path.curveTo(x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y), ex + 2 / 3 * (qx - ex), ey + 2 / 3 * (qy - ey),
                         ex, ey)
            x, y = ex, ey
    return path


def _shape(el: ET.Element):
    tag = el.tag.removeprefix(NS)
    a = el.attrib
    if tag == "path":
        return _path(a.get("d", ""))
    if tag == "line":
        return Line(_num(a.get("x1", 0)), _num(a.get("y1", 0)), _num(a.get("x2", 0)), _num(a.get("y2", 0)))
    if tag == "polyline":
        points = [_num(p) for p in re.split(r"[\s,]+", a.get("points", "").strip()) if p]
        return PolyLine(points)
    if tag == "circle":
        return Circle(_num(a.get("cx", 0)), _num(a.get("cy", 0)), _num(a.get("r")))
    if tag == "ellipse":
        return Ellipse(_num(a.get("cx", 0)), _num(a.get("cy", 0)), _num(a.get("rx")), _num(a.get("ry")))
    if tag == "rect":
        rx = _num(a.get("rx", 0))
        return Rect(_num(a.get("x", 0)), _num(a.get("y", 0)), _num(a.get("width")), _num(a.get("height")),
                    rx=rx, ry=_num(a.get("ry", rx)))
    raise VectorError(f"<{tag}> is not supported")


def _style(shape, style: dict) -> None:
    # SVG paints an unstyled shape black; our files always say what they mean
    fill = _color(style.get("fill", "#000000"))
    if not isinstance(shape, (Line, PolyLine)):
        shape.fillColor = fill
    elif isinstance(shape, PolyLine) and fill is not None:
        raise VectorError("a filled polyline is not supported; use a path")
    shape.strokeColor = _color(style.get("stroke"))
    shape.strokeWidth = _num(style.get("stroke-width", 1))
    shape.strokeLineCap = CAPS.get(style.get("stroke-linecap", "butt"), 0)
    shape.strokeLineJoin = JOINS.get(style.get("stroke-linejoin", "miter"), 0)
    dash = style.get("stroke-dasharray")
    if dash and dash != "none":
        shape.strokeDashArray = [_num(v) for v in re.split(r"[\s,]+", dash.strip())]


def _group(el: ET.Element, inherited: dict) -> Group:
    style = {**inherited, **{k: el.attrib[k] for k in STYLE if k in el.attrib}}
    group = Group()
    if "transform" in el.attrib:
        group.transform = _transform(el.attrib["transform"])
    for child in el:
        tag = child.tag.removeprefix(NS)
        if tag == "g":
            group.add(_group(child, style))
            continue
        if tag in ("title", "desc", "metadata"):
            continue
        child_style = {**style, **{k: child.attrib[k] for k in STYLE if k in child.attrib}}
        shape = _shape(child)
        _style(shape, child_style)
        if "transform" in child.attrib:
            wrapper = Group(shape)
            wrapper.transform = _transform(child.attrib["transform"])
            group.add(wrapper)
        else:
            group.add(shape)
    return group


@lru_cache(maxsize=64)
def _parse(path: str, _mtime: int) -> tuple[float, float, Group]:
    return _parse_root(ET.parse(path).getroot())


@lru_cache(maxsize=8)
def _parse_own(data: bytes) -> tuple[float, float, Group]:
    """An admin's own SVG (already through kiosk.core.pictures.check_picture at every door), read with the same
    subset; outside it, VectorError, and the sheet says it has no drawing."""
    return _parse_root(ET.fromstring(data))


def _parse_root(root: ET.Element) -> tuple[float, float, Group]:
    if root.tag.removeprefix(NS) != "svg":
        raise VectorError("not an SVG file")
    vb = [float(v) for v in re.split(r"[\s,]+", root.attrib.get("viewBox", "").strip()) if v]
    if len(vb) != 4 or vb[0] or vb[1]:
        raise VectorError("the SVG needs a viewBox of the form '0 0 WIDTH HEIGHT'")
    return vb[2], vb[3], _group(root, {})


def label_width(text: str, size: float) -> float:
    fonts.register()
    return stringWidth(text, fonts.REGULAR, size)


def width_for(picture: Picture, label_pt: float) -> float:
    """How wide (points) `picture` must print for its labels to be `label_pt` points tall: the sheet sets every
    word at its body size or more (12 pt, 18 pt in large print)."""
    return picture.width_units * label_pt / picture.label_size


def drawing(picture: Picture, language: str, width: float) -> Drawing:
    """`picture` as a reportlab Drawing `width` points wide, its labels in `language` (English when a label has
    none). Raises VectorError (the SVG leaves the subset), OSError (the file cannot be read), ET.ParseError."""
    fonts.register()
    if picture.own:
        return _own(picture, width)
    path = picture.path
    vw, vh, art = _parse(str(path), path.stat().st_mtime_ns)
    scale = width / vw
    top = Group(art)
    top.transform = (1, 0, 0, -1, 0, vh)  # SVG's y runs down, reportlab's up
    labels = Group()
    size = picture.label_size
    for label in picture.labels:
        if label.line:
            x1, y1, x2, y2 = label.line
            labels.add(Line(x1, vh - y1, x2, vh - y2, strokeColor=HexColor(LEADER_INK), strokeWidth=2,
                            strokeLineCap=1))
        lines = label.lines(language)
        x, mid = label.at
        lead = size * 1.15
        first = mid - (len(lines) - 1) * lead / 2
        for n, text in enumerate(lines):
            baseline = vh - (first + n * lead) - size * 0.35
            labels.add(String(x, baseline, text, fontName=fonts.REGULAR, fontSize=size,
                              fillColor=HexColor(LABEL_INK), textAnchor=label.anchor))
    whole = Group(top, labels)
    whole.transform = (scale, 0, 0, scale, 0, 0)
    out = Drawing(width, vh * scale, initialFontName=fonts.REGULAR, initialFontSize=size * scale)
    out.add(whole)
    return out


def _own(picture: Picture, width: float):
    """An admin's own drawing `width` points wide: an SVG in the subset as vector paths, a PNG as the image it is
    (checked and at most 1,200 px on a side: kiosk.core.pictures). No labels: an own drawing carries its own."""
    if picture.file.lower().endswith(".png"):
        import io

        from PIL import Image as PILImage
        from reportlab.lib.utils import ImageReader

        from kiosk.sheet.pictures import _Picture

        with PILImage.open(io.BytesIO(picture.data)) as image:
            image.load()
            reader = ImageReader(image.copy())
        w, h = reader.getSize()
        return _Picture(reader, width, width * h / w)  # a flowable like a Drawing: the sheet reads its width
    vw, vh, art = _parse_own(picture.data)
    scale = width / vw
    top = Group(art)
    top.transform = (scale, 0, 0, -scale, 0, vh * scale)
    out = Drawing(width, vh * scale)
    out.add(top)
    return out

"""The clinic logo: check a chosen PNG or SVG, keep a copy beside the database, and draw it for previews.

The copy matters: a logo picked from a USB stick must still be there when the stick is gone.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.core.i18n import _, current, format_number
from kiosk.sheet.pictures import MAX_LOGO_PIXELS, fit_logo_png  # noqa: F401 - MAX_LOGO_PIXELS for callers

MAX_LOGO_BYTES = 2_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class LogoError(ValueError):
    pass


def check(path: Path) -> tuple[bytes, str]:
    """Return (bytes, suffix) of a usable logo, or raise LogoError with one plain sentence. A PNG larger than
    MAX_LOGO_PIXELS (1,200 px) on a side comes back scaled down to fit."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise LogoError(_("The logo must be a PNG or SVG file."))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LogoError(_("The logo file cannot be read ({error}).").format(error=exc.strerror or exc)) from None
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(_("The logo file is {size} bytes; keep it under {limit}.").format(
            size=format_number(len(data), current()), limit=format_number(MAX_LOGO_BYTES, current())))
    if suffix == ".png":
        if not data.startswith(PNG_SIGNATURE) or QImage.fromData(data, "PNG").isNull():
            raise LogoError(_("{name} is not a readable PNG image.").format(name=path.name))
        try:
            data = fit_logo_png(data)  # over 1,200 px on a side: scaled down now, once (the rule: kiosk.sheet)
        except ValueError:
            raise LogoError(_("{name} is not a readable PNG image.").format(name=path.name)) from None
    else:
        head = data[:4096].decode("utf-8", "replace").lower()
        if "<svg" not in head or not QSvgRenderer(QByteArray(data)).isValid():
            raise LogoError(_("{name} is not a readable SVG image.").format(name=path.name))
    return data, suffix


def keep_copy(data: bytes, suffix: str, folder: Path) -> Path:
    """Store the logo in the database's folder under a name made from its content (re-choosing the same
    file gives the same path; a new logo never overwrites the one in use before the settings are saved)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"clinic-logo-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    if not target.exists():
        tmp = target.with_name(target.name + ".partial")
        tmp.write_bytes(data)
        tmp.replace(target)
    return target


def pixmap(path: str, box: QSize) -> QPixmap | None:
    """The logo scaled to fit `box`, or None when there is no usable logo at `path`."""
    if not path:
        return None
    p = Path(path)
    if not p.is_file():
        return None
    if p.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(p))
        if not renderer.isValid():
            return None
        size = renderer.defaultSize().scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        return QPixmap.fromImage(image)
    image = QImage(str(p))
    if image.isNull():
        return None
    return QPixmap.fromImage(image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))

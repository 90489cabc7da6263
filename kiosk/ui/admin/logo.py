"""The clinic logo: check a chosen PNG or SVG, keep a copy beside the database, and draw it for previews.

The copy matters: a logo picked from a USB stick must still be there when the stick is gone.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.core.pictures import MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS, PictureRefused, check_picture

MAX_LOGO_BYTES = MAX_PICTURE_BYTES
MAX_LOGO_PIXELS = MAX_PICTURE_PIXELS


class LogoError(ValueError):
    pass


def read_picture(path: Path, what: str) -> tuple[bytes, str]:
    """Return (bytes, suffix) of a picture file that passes the one rule (kiosk.core.pictures.check_picture:
    PNG or SVG, size, pixels, no script or outside link) and that Qt can draw, or raise LogoError with one plain
    sentence starting with WHAT ("The logo", "The drawing")."""
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise LogoError(f"{what} must be a PNG or SVG file.")
    try:
        if path.stat().st_size > MAX_PICTURE_BYTES:  # never read a huge file just to refuse it
            raise LogoError(f"{what} file is {path.stat().st_size:,} bytes; keep it under {MAX_PICTURE_BYTES:,}.")
        data = path.read_bytes()
    except OSError as exc:
        raise LogoError(f"{what} file cannot be read ({exc.strerror or exc}).") from None
    try:
        data, suffix = check_picture(data, path.name, what)
    except PictureRefused as exc:
        raise LogoError(str(exc)) from None
    if suffix == ".png" and QImage.fromData(data, "PNG").isNull():
        raise LogoError(f"{path.name} is not a readable PNG image.")
    if suffix == ".svg" and not QSvgRenderer(QByteArray(data)).isValid():
        raise LogoError(f"{path.name} is not a readable SVG image.")
    return data, suffix


def check(path: Path) -> tuple[bytes, str]:
    """Return (bytes, suffix) of a usable logo, or raise LogoError with one plain sentence. A PNG larger than
    MAX_LOGO_PIXELS (1,200 px) on a side comes back scaled down to fit."""
    return read_picture(path, "The logo")


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

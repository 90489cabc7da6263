"""The one place that knows where assets live: fonts, QSS themes, icons, body maps, bundled handouts.

Every other module asks here; nothing builds asset paths by hand. No Qt.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources as _ir
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent  # only used when kiosk is imported from a checkout that was never installed


class MissingHandouts(LookupError):
    """No handout source files where the packaged library should be (a broken install)."""


def root() -> Path:
    """The folder that holds the `kiosk` package (a checkout, or site-packages): what a helper process needs on
    its PYTHONPATH to import the same kiosk."""
    return _PACKAGE.parent


@lru_cache(maxsize=None)
def _data(name: str) -> Path:
    """The folder of package kiosk.data.NAME (top-level NAME/ in the checkout, mapped by setup.py's package_dir).

    Wheels install unpacked, so importlib.resources gives a real folder; a checkout that was never pip-installed
    falls back to NAME/ beside the package."""
    try:
        found = _ir.files(f"kiosk.data.{name}")
    except ModuleNotFoundError:
        return _CHECKOUT / name
    if not isinstance(found, Path):  # a zip import: not supported, the assets are handed to Qt and CUPS as paths
        raise RuntimeError(f"kiosk.data.{name} must be installed as files, not inside an archive ({found}).")
    return found


def resources_dir() -> Path:
    """Fonts, QSS, themes, icons, drawings (resources/ at the top of the project, kiosk.data.resources installed)."""
    return _data("resources")


def handouts_dir() -> Path:
    """The bundled handout library (handouts/ at the top of the project, kiosk.data.handouts when installed)."""
    return _data("handouts")


def bundled_handouts() -> Path:
    """The bundled handout library, which must hold at least one handout file.

    Raises MissingHandouts (one sentence) when the folder is missing or holds no *.toml: a start that would seed an
    empty library is a broken install, never a kiosk with nothing to show."""
    folder = handouts_dir()
    if not folder.is_dir() or not any(folder.glob("*.toml")):
        raise MissingHandouts(f"No bundled handouts were found in {folder}: the kiosk is not installed completely; "
                              "reinstall the package.")
    return folder


def path(*parts: str) -> Path:
    """A file under resources/, which must exist."""
    p = resources_dir().joinpath(*parts)
    if not p.exists():
        raise FileNotFoundError(f"missing resource: resources/{'/'.join(parts)}")
    return p


FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold_italic": "DejaVuSans-BoldOblique.ttf",
}


@lru_cache(maxsize=None)
def font(face: str = "regular") -> Path:
    return path("fonts", FONT_FILES[face])


def icon(name: str) -> Path:
    """An SVG icon by name; unknown names fall back to the generic injection icon."""
    p = resources_dir() / "icons" / f"{name}.svg"
    return p if p.exists() else path("icons", "injection.svg")


def drawings_data() -> Path:
    """The procedure drawings' data file: per handout slug, its SVG, alt text and label strings per language."""
    return path("drawings", "drawings.toml")


def pictograms_data() -> Path:
    """The pictograms' and the pain scale's data file, the same shape as drawings_data()."""
    return path("pictograms", "pictograms.toml")


def picture(folder: str, name: str) -> Path:
    """A drawing or pictogram file under resources/FOLDER/; may not exist (callers report that)."""
    return resources_dir() / folder / name


def text(*parts: str) -> str:
    return path(*parts).read_text(encoding="utf-8")

"""The one place that knows where assets live: fonts, QSS themes, icons, body maps, bundled handouts.

Every other module asks here; nothing builds asset paths by hand. No Qt.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def root() -> Path:
    return _ROOT


def resources_dir() -> Path:
    return _ROOT / "resources"


def handouts_dir() -> Path:
    """The bundled handout library (handouts/ at the top of the project)."""
    return _ROOT / "handouts"


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

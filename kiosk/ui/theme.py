"""Themes and text sizes: QSS files from resources/qss with ${variables} from resources/themes.

    apply_theme(app, "high_contrast", text_size=2)
    theme_colors("default")["text"]          # '#172A33': colours as data, for contrast tests
    contrast_ratio("#FFFFFF", "#1C5A70")     # WCAG 2.x ratio

All resources/qss/*.qss files are joined in file-name order (00–29 patient, 30_staff, 40_admin), so
other screens add their styles by adding a file. A ${name} the theme does not define is an error that
names the file, never a silently broken style sheet.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from kiosk import resources

THEMES: tuple[str, ...] = ("default", "high_contrast")
TEXT_SIZES: tuple[int, ...] = (0, 1, 2)
FONT_FAMILY = "DejaVu Sans"

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_current: dict[str, object] = {"theme": "default", "text_size": 0}


class ThemeError(Exception):
    pass


@lru_cache(maxsize=None)
def _toml(name: str) -> dict:
    return tomllib.loads(resources.text("themes", f"{name}.toml"))


def _check_theme(name: str) -> str:
    if name not in THEMES:
        raise ThemeError(f"unknown theme {name!r} (expected one of {', '.join(THEMES)})")
    return name


def theme_colors(name: str = "default") -> dict[str, str]:
    """The theme's named colours (hex strings, or rgba() for translucent scrims)."""
    return dict(_toml(_check_theme(name))["colors"])


def theme_pairs(name: str = "default") -> list[tuple[str, str]]:
    """(text colour, background colour) names that the screens draw text with."""
    return [tuple(p) for p in _toml(_check_theme(name))["pairs"]["pairs"]]


def min_contrast(name: str = "default") -> float:
    return float(_toml(_check_theme(name))["min_contrast"])


def text_size_points(size: int = 0) -> dict[str, int]:
    """Point sizes for one of the three text sizes: small_pt, body_pt, button_pt, heading_pt, title_pt…"""
    levels = _toml("sizes")["levels"]
    if size not in TEXT_SIZES:
        raise ThemeError(f"unknown text size {size!r} (expected 0, 1 or 2)")
    return dict(levels[size])


def metrics() -> dict[str, int]:
    return dict(_toml("sizes")["metrics"])


def variables(theme: str = "default", text_size: int = 0) -> dict[str, str]:
    values: dict[str, str] = {k: str(v) for k, v in theme_colors(theme).items()}
    values.update({k: str(v) for k, v in text_size_points(text_size).items()})
    values.update({k: str(v) for k, v in metrics().items()})
    return values


def qss_files() -> list[Path]:
    return sorted(resources.path("qss").glob("*.qss"))


def fill(text: str, values: dict[str, str], source: str = "") -> str:
    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            line = text.count("\n", 0, match.start()) + 1
            raise ThemeError(f"{source}:{line}: unknown style variable ${{{name}}}")
        return values[name]

    return _VAR.sub(sub, text)


@lru_cache(maxsize=16)
def _stylesheet(theme: str, text_size: int, stamp: tuple) -> str:
    values = variables(theme, text_size)
    parts = []
    for f in qss_files():
        parts.append(f"/* {f.name} */\n" + fill(f.read_text(encoding="utf-8"), values, f"resources/qss/{f.name}"))
    return "\n".join(parts)


def stylesheet(theme: str = "default", text_size: int = 0) -> str:
    """The joined, filled style sheet (cached until a QSS file changes)."""
    _check_theme(theme)
    text_size_points(text_size)
    stamp = tuple((f.name, f.stat().st_mtime_ns) for f in qss_files())
    return _stylesheet(theme, text_size, stamp)


def apply_theme(target, theme: str = "default", text_size: int = 0) -> str:
    """Style a QApplication or one widget; returns the style sheet applied."""
    qss = stylesheet(theme, text_size)
    # recorded first: widgets re-tint icons in their StyleChange handlers, during setStyleSheet
    _current["theme"], _current["text_size"] = theme, text_size
    if target.styleSheet() != qss:
        target.setStyleSheet(qss)
    return qss


def current() -> tuple[str, int]:
    """The theme and text size most recently applied."""
    return str(_current["theme"]), int(_current["text_size"])


def color(name: str, theme: str | None = None) -> str:
    """A colour of the current (or given) theme: for painting that QSS cannot reach (icons, body map)."""
    return theme_colors(theme or current()[0])[name]


# ---- contrast (WCAG 2.x) -------------------------------------------------------------------------------
def _channel(c: float) -> float:
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    h = hex_color.lstrip("#")
    if len(h) != 6:
        raise ThemeError(f"not an opaque #RRGGBB colour: {hex_color}")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# ---- fonts ---------------------------------------------------------------------------------------------
_fonts_loaded: list[str] = []


def load_fonts() -> str:
    """Register the bundled DejaVu Sans faces (so offscreen rendering has real glyphs); returns the family."""
    if not _fonts_loaded:
        from PySide6.QtGui import QFontDatabase

        for face in resources.FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resources.font(face)))
            if font_id < 0:
                raise ThemeError(f"could not load the font {resources.font(face).name}")
            _fonts_loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    return FONT_FAMILY

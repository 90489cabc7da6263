"""The procedure drawings, pictograms and pain scale as data: which SVG, its alt text and its labels per language.

The SVG files hold no text. Their labels live in resources/drawings/drawings.toml (and
resources/pictograms/pictograms.toml), keyed by handout slug (or pictogram name), so that the screen and the sheet
draw them in the reader's language at the anchor points given there. resources/drawings/README.md describes the
format. No Qt, no reportlab: the screen (kiosk.ui.widgets.drawing) and the sheet (kiosk.sheet.vector) draw.
"""
from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kiosk import resources
from kiosk.core.model import Handout
from kiosk.core.pictures import PictureRefused, check_picture

LANGUAGES = ("en", "es")
ANCHORS = ("start", "middle", "end")
SVG_NS = "{http://www.w3.org/2000/svg}"


class DrawingDataError(ValueError):
    """The data file cannot be read or is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class Label:
    """One label: its text per language (a "\\n" splits it into lines), where it goes in the drawing's own units
    (`at`: x and the vertical middle of the text block; `anchor`: which end of the text x is), and an optional
    leader line (x1, y1, x2, y2) from the text to what it names."""

    text: dict[str, str]
    at: tuple[float, float]
    anchor: str = "start"
    line: tuple[float, float, float, float] | None = None

    def lines(self, language: str) -> list[str]:
        return self.text.get(language, self.text.get("en", "")).split("\n")


@dataclass(frozen=True)
class Picture:
    """A drawing: `file` under resources/`folder`/, alt text per language, labels, and the label size (drawing
    units; the drawings are 400 units wide, so 18 units print at about 8 pt when the drawing is 6 cm wide)."""

    key: str
    folder: str
    file: str
    alt: dict[str, str]
    labels: tuple[Label, ...]
    label_size: float = 18.0
    list: str = ""  # pictograms only: "do" or "dont", the aftercare list it may stand beside
    words: dict[str, tuple[str, ...]] | None = None  # pictograms only: per language, the words that call it
    data: bytes = b""  # an admin's own drawing (a PNG or SVG, no labels): its bytes; "" for the bundled ones

    @property
    def own(self) -> bool:
        """True for an admin's own drawing (its bytes are in `data`), False for the project's drawings."""
        return bool(self.data)

    @property
    def width_units(self) -> float:
        """The SVG's own width (its viewBox), 400 for procedure drawings; read from the file once, 400 if
        unreadable. (The screen asks at every layout pass: parsing the file each time was a visible part of opening
        a procedure.) An admin's own drawing counts as 400 wide (it has no labels to size it by)."""
        if self.data:
            return 400.0
        return _view_box_width(str(self.path))

    @property
    def path(self) -> Path:
        return resources.picture(self.folder, self.file)

    def alt_text(self, language: str) -> str:
        """The alt text in `language`, English when it has none."""
        return self.alt.get(language) or self.alt.get("en", "")


@lru_cache(maxsize=256)
def _view_box_width(path: str) -> float:
    """The width of the viewBox of the SVG file at PATH; 400 when the file cannot be read or has none."""
    try:
        box = ET.parse(path).getroot().attrib.get("viewBox", "").split()
        return float(box[2])
    except (OSError, ET.ParseError, IndexError, ValueError):
        return 400.0


def _pair(value, n: int, where: str) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != n or not all(isinstance(v, (int, float)) for v in value):
        raise DrawingDataError(f"{where}: expected {n} numbers")
    return tuple(float(v) for v in value)


def _parse(data: dict, folder: str, source: str) -> dict[str, Picture]:
    size = float(data.get("label_size", 18))
    out = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            continue
        where = f"{source}: [{key}]"
        if not isinstance(entry.get("file"), str):
            raise DrawingDataError(f"{where}: file is missing")
        alt = entry.get("alt", {})
        labels = []
        for i, raw in enumerate(entry.get("labels", []), start=1):
            anchor = raw.get("anchor", "start")
            if anchor not in ANCHORS:
                raise DrawingDataError(f"{where} label {i}: anchor must be start, middle or end")
            line = _pair(raw["line"], 4, f"{where} label {i} line") if "line" in raw else None
            text = {lang: str(raw[lang]) for lang in LANGUAGES if lang in raw}
            labels.append(Label(text, _pair(raw.get("at"), 2, f"{where} label {i} at"), anchor, line))
        words = {lang: tuple(str(w).lower() for w in ws) for lang, ws in entry.get("words", {}).items()}
        out[key] = Picture(key, folder, entry["file"], {k: str(v) for k, v in alt.items()}, tuple(labels), size,
                           str(entry.get("list", "")), words)
    return out


@lru_cache(maxsize=4)
def _load(data_path: str, folder: str, _mtime: int) -> dict[str, Picture]:
    path = Path(data_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DrawingDataError(f"{path.name} cannot be read: {exc}") from None
    return _parse(data, folder, path.name)


def _catalogue(data_path: Path, folder: str) -> dict[str, Picture]:
    return _load(str(data_path), folder, data_path.stat().st_mtime_ns)


def drawings() -> dict[str, Picture]:
    """Every procedure drawing by handout slug. Raises DrawingDataError when the data file is malformed."""
    return _catalogue(resources.drawings_data(), "drawings")


def pictograms() -> dict[str, Picture]:
    """The action pictograms (ice, no_heat, no_bath, shower, no_driving, call_clinic, call_911) and the
    pain scale (pain_scale) by name."""
    return _catalogue(resources.pictograms_data(), "pictograms")


def pictogram(name: str) -> Picture | None:
    """A pictogram by name (or the pain scale), None when it is missing or the data file cannot be read."""
    try:
        return pictograms().get(name)
    except (OSError, DrawingDataError):
        return None


def pictogram_for(line: str, list_name: str, language: str) -> Picture | None:
    """The pictogram to stand beside one aftercare line: the first, in the data file's order, that belongs to
    `list_name` ("do" or "dont") and one of whose words for `language` is a whole word of the line (any case).
    None when no pictogram fits."""
    try:
        catalogue = pictograms()
    except (OSError, DrawingDataError):
        return None
    found = set(re.findall(r"\w+", line.lower()))
    for picture in catalogue.values():
        if picture.list == list_name and found & set((picture.words or {}).get(language, ())):
            return picture
    return None


def for_handout(slug: str) -> Picture | None:
    """The drawing of a procedure, or None when it has none (or the data file cannot be read)."""
    try:
        return drawings().get(slug)
    except (OSError, DrawingDataError):
        return None


def of_handout(handout: Handout) -> Picture | None:
    """The drawing a handout shows: the admin's own (handout.drawing) when it has one, else the bundled drawing for
    its slug; None when there is neither."""
    own = handout.drawing
    if own is not None and own.data:
        return Picture(handout.slug, "", own.file, {handout.language: own.alt}, (), data=own.data)
    return for_handout(handout.slug)


def handout_problems(handout: Handout) -> tuple[list[str], list[str]]:
    """What is wrong with the drawing HANDOUT shows, as (errors, warnings): one sentence each. The one drawing
    rule: `kiosk check`, every import door (kiosk.content.check.check_result) and the editor's Publish
    (kiosk.app.Handouts.blockers) call it.

    An admin's own drawing needs alt text and bytes that pass kiosk.core.pictures.check_picture; otherwise the
    bundled drawing is checked by problems()."""
    own = handout.drawing
    if own is None:
        return problems(handout.slug, handout.language)
    errors = []
    if not own.alt.strip():
        errors.append(f"the drawing has no alt text in '{handout.language}'")
    if not own.data:
        errors.append(f"the drawing file {own.file} is missing")
    else:
        try:
            check_picture(own.data, own.file or "drawing" + own.suffix, "The drawing")
        except PictureRefused as exc:
            errors.append(str(exc).rstrip("."))
    return errors, []


def problems(slug: str, language: str) -> tuple[list[str], list[str]]:
    """What is wrong with a handout's drawing, as (errors, warnings): one sentence each.

    No entry is a warning (a clinic's own procedure may come without a drawing; `kiosk check` still reports it);
    an entry without alt text in the handout's language, with a label not in that language, or whose SVG is
    missing or not an SVG file is an error."""
    try:
        picture = drawings().get(slug)
    except (OSError, DrawingDataError) as exc:
        return [f"the drawings data file cannot be read: {exc}"], []
    if picture is None:
        return [], [f"no drawing for '{slug}' in resources/drawings/drawings.toml"]
    errors = []
    if not picture.alt.get(language, "").strip():
        errors.append(f"the drawing has no alt text in '{language}'")
    if any(not label.text.get(language, "").strip() for label in picture.labels):
        errors.append(f"a label of the drawing has no text in '{language}'")
    try:
        root = ET.parse(picture.path).getroot()
        if root.tag not in ("svg", SVG_NS + "svg"):
            errors.append(f"the drawing file {picture.file} is not an SVG file")
    except FileNotFoundError:
        errors.append(f"the drawing file resources/drawings/{picture.file} is missing")
    except (OSError, ET.ParseError):
        errors.append(f"the drawing file {picture.file} cannot be read")
    return errors, []

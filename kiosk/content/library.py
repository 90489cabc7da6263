"""Loading a folder of handout source files (handouts/ or a content pack). No Qt, no SQL."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.source import MAX_FILE_BYTES, drawing_file, dump, file_name, key_lines, parse
from kiosk.core.model import Handout, OwnDrawing, Problem
from kiosk.core.pictures import MAX_PICTURE_BYTES, PictureRefused, check_picture


@dataclass
class LoadedFile:
    path: Path
    handout: Handout
    text: str


@dataclass
class LoadResult:
    files: list[LoadedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def handouts(self) -> list[Handout]:
        return [f.handout for f in self.files]


def read_file(path: Path, label: str | None = None) -> tuple[LoadedFile | None, list[Problem]]:
    """Read and validate one file; every refusal is a Problem with the file's name and a line."""
    name = label or str(path)
    if path.is_symlink():
        return None, [Problem(name, 1, "is a symbolic link; copy the real file into the folder instead")]
    if path.exists() and not path.is_file():  # a folder named x.toml, or a named pipe (reading one waits for ever)
        return None, [Problem(name, 1, "is not a regular file (a folder, pipe or device); only handout files belong here")]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(name, 1, f"cannot be read: {exc.strerror or exc}")]
    if size > MAX_FILE_BYTES:
        return None, [Problem(name, 1, f"is {size:,} bytes; a handout file may be at most {MAX_FILE_BYTES:,}")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 1, f"cannot be read: {exc.strerror or exc}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "is not UTF-8 text (save it as UTF-8)")]
    handout, problems = parse(text, name)
    if handout is None:
        return None, problems
    expected = file_name(handout)
    if path.name != expected:
        key = "language" if path.name.startswith(f"{handout.slug}.") else "slug"
        line = key_lines(text).get(("", key), 1)
        return None, [Problem(name, line, f"file name should be '{expected}' to match its slug and language")]
    if handout.drawing is not None:
        drawing, problem = read_drawing(path.parent, handout.drawing)
        if problem:
            return None, [Problem(name, key_lines(text).get(("drawing", "file"), 1), f"drawing: {problem}")]
        handout = handout.with_changes(drawing=drawing)
    return LoadedFile(path, handout, text), []


def read_drawing(folder: Path, drawing: OwnDrawing) -> tuple[OwnDrawing | None, str]:
    """A handout's own drawing read from FOLDER and checked by the one picture rule
    (kiosk.core.pictures.check_picture): (drawing with its bytes, "") or (None, one sentence why not)."""
    path = Path(folder) / drawing.file
    if path.is_symlink():
        return None, f"the drawing file {drawing.file} is a symbolic link; copy the real file into the folder instead"
    if not path.exists():
        return None, f"the drawing file {drawing.file} is missing"
    if not path.is_file():
        return None, f"the drawing file {drawing.file} is not a regular file"
    try:
        size = path.stat().st_size
        if size > MAX_PICTURE_BYTES:
            return None, f"the drawing file {drawing.file} is {size:,} bytes; keep it under {MAX_PICTURE_BYTES:,}"
        data, _suffix = check_picture(path.read_bytes(), drawing.file, "The drawing")
    except OSError as exc:
        return None, f"the drawing file {drawing.file} cannot be read ({exc.strerror or exc})"
    except PictureRefused as exc:
        return None, str(exc).rstrip(".")
    return OwnDrawing(drawing.file, drawing.alt, data), ""


def _line(loaded: LoadedFile, key: str) -> int:
    return key_lines(loaded.text).get(("", key), 1)


def load_folder(folder: Path) -> LoadResult:
    """Load every *.toml file in a folder (not recursive) and check the set as a whole."""
    result = LoadResult()
    folder = Path(folder)
    if not folder.is_dir():
        result.problems.append(Problem(str(folder), 0, "is not a folder"))
        return result
    paths = sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    if not paths:
        result.problems.append(Problem(str(folder), 0, "holds no handout files (*.toml)"))
        return result
    for path in paths:
        loaded, problems = read_file(path)
        result.problems.extend(problems)
        if loaded:
            result.files.append(loaded)
    seen: dict[tuple[str, str], LoadedFile] = {}
    for loaded in result.files:
        key = (loaded.handout.slug, loaded.handout.language)
        if key in seen:
            result.problems.append(Problem(str(loaded.path), _line(loaded, "slug"),
                                           f"duplicate slug '{key[0]}' ({key[1]}); also in {seen[key].path.name}"))
        else:
            seen[key] = loaded
    english = {slug for slug, lang in seen if lang == "en"}
    for (slug, lang), loaded in seen.items():
        if lang != "en" and slug not in english:
            result.problems.append(Problem(str(loaded.path), _line(loaded, "language"),
                                           f"'{slug}' in '{lang}' has no English original ({slug}.en.toml)"))
    return result


def write_folder(folder: Path, items: list[tuple[Handout, str | None]]) -> list[Path]:
    """Write handouts as source files. `items` pairs each handout with its original source text, if any:
    the original is written back unchanged when it still describes the handout exactly."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for handout, original in items:
        text = dump(handout)
        if original is not None:
            parsed, problems = parse(original, file_name(handout))
            if not problems and parsed == handout:
                text = original
        if handout.drawing is not None and handout.drawing.data:  # the admin's own drawing goes beside it
            _write_atomic(folder / drawing_file(handout), handout.drawing.data)
        path = folder / file_name(handout)
        tmp = path.with_suffix(".toml.tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        written.append(path)
    return written


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)

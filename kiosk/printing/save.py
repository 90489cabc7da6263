"""Saving a sheet as a PDF file without a file dialog (issue 13). No Qt.

A nurse never browses the file system: "Save as PDF" writes into one of the folders an admin chose in the
settings (`ClinicSettings.save_folders`: a USB stick's mount point, a network share), under a name the kiosk
makes, `aftercare-<slug>-<YYYYmmdd>-<HHMMSS>.pdf` (then -2, -3… : nothing is ever overwritten). The name holds
the procedure, never the patient. The file is made 0600 with O_EXCL, so it can never replace another file
(the database included), and no folder is ever created (a stick that is not plugged in is not recreated on
the kiosk's own disk). An admin signed in may also save anywhere, through `save_as()`, which still refuses the
kiosk's own data folder.
"""
from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from kiosk.core.private_files import FILE_MODE


class SaveError(Exception):
    """The sheet was not saved; the message is one plain sentence for the screen."""


NO_FOLDER = "No folder for PDFs is set: an admin must choose one in Settings."


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def folder_problems(folders, data_folder: str | os.PathLike | None, known=()) -> list[str]:
    """One plain sentence per folder in FOLDERS (strings) that cannot be a save folder: not absolute, not an
    existing folder, or the kiosk's data folder (or inside it, where the database lives). [] when all are fine.
    A folder in KNOWN (the ones saved before) may be missing now: a stick that is out must not stop an admin
    from saving the other settings."""
    out = []
    data = Path(data_folder) if data_folder else None
    for text in folders:
        folder = Path(text)
        if not folder.is_absolute():
            out.append(f"The PDF folder '{text}' must be a full path, starting with /.")
        elif not folder.is_dir() and (text not in known or folder.exists()):
            out.append(f"The PDF folder '{text}' does not exist (is the stick or share connected?).")
        elif data is not None and _inside(folder, data):
            out.append(f"The PDF folder '{text}' is the kiosk's own data folder; choose another one.")
    return out


def sheet_stem(slug: str, when: datetime | None = None) -> str:
    """aftercare-<slug>-<YYYYmmdd>-<HHMMSS>: the slug only (letters, digits and -), never the patient."""
    safe = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:60] or "sheet"
    return f"aftercare-{safe}-{(when or datetime.now()):%Y%m%d-%H%M%S}"


def _write_new(path: Path, pdf: bytes) -> None:
    """Write PDF to PATH, which must not exist yet (FileExistsError otherwise); 0600; synced to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def save_sheet(folders, pdf: bytes, slug: str, data_folder: str | os.PathLike | None = None,
               when: datetime | None = None) -> Path:
    """Write PDF into the first usable folder of FOLDERS under a generated name; returns the file's path.
    Raises SaveError: no folder set, none usable (each one's reason), or the disk refused."""
    folders = [f for f in folders if str(f).strip()]
    if not folders:
        raise SaveError(NO_FOLDER)
    problems = folder_problems(folders, data_folder)
    usable = [Path(f) for f in folders if not folder_problems([f], data_folder)]
    if not usable:
        raise SaveError(problems[0])
    stem = sheet_stem(slug, when)
    last = ""
    for folder in usable:
        for n in range(1, 1000):
            target = folder / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
            try:
                _write_new(target, pdf)
                return target
            except FileExistsError:
                continue
            except OSError as exc:
                last = f"Could not save the PDF in {folder} ({exc.strerror or type(exc).__name__})."
                break
    raise SaveError(last or "Could not find a free file name for the PDF.")


def save_as(path: str | os.PathLike, pdf: bytes, data_folder: str | os.PathLike | None = None) -> Path:
    """An admin's "Save as…": write PDF to PATH (replacing a file there that is not in the kiosk's data
    folder, as the admin's dialog confirmed). Raises SaveError."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    if data_folder is not None and _inside(path, Path(data_folder)):
        raise SaveError("A sheet cannot be saved in the kiosk's own data folder; choose another folder.")
    if path.is_dir():
        raise SaveError(f"{path} is a folder; give the PDF a file name.")
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.unlink(missing_ok=True)
        _write_new(tmp, pdf)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SaveError(f"Could not save the PDF ({exc.strerror or type(exc).__name__}).") from None
    return path

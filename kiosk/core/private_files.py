"""Files only the kiosk's own user may read: the database (PIN hashes, the audit log), its WAL and shared-memory
files, backups, before-restore copies and kept sheet copies (patients' names). No Qt, no SQL.

Files are made with `os.open(..., 0o600)` (never by relaxing and restoring the process-wide umask, which would
race with the print and preview threads) and folders with mode 0700. `write_atomically` replaces a whole file at
once (the print journal, sheets saved to a folder): a reader, or a crash, never sees half of one. SQLite gives a database's -wal, -shm and
-journal files the same mode as the database file itself, so a database made here keeps its side files private.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: str | os.PathLike, tighten: bool = True) -> Path:
    """Make FOLDER (and missing parents) with mode 0700. An existing FOLDER is set to 0700 when `tighten` and
    this user owns it; a folder owned by someone else (/tmp, a share) is left as it is. Raises OSError."""
    folder = Path(folder)
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for made in reversed(missing):  # Path.mkdir(parents=True) would give the parents the umask's mode
        made.mkdir(mode=FOLDER_MODE, exist_ok=True)
        _chmod_if_mine(made, FOLDER_MODE)
    if not missing and tighten:
        _chmod_if_mine(folder, FOLDER_MODE)
    return folder


def private_file(path: str | os.PathLike) -> Path:
    """Make sure PATH exists with mode 0600: created empty when missing (O_EXCL, so a file that appears
    meanwhile is kept), tightened when this user owns it. Raises OSError."""
    path = Path(path)
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            pass
        else:
            os.close(fd)
    _chmod_if_mine(path, FILE_MODE)
    return path


def write_atomically(path: str | os.PathLike, data: bytes | str, prefix: str = ".partial-") -> Path:
    """Replace the file at PATH with DATA (bytes, or str written as UTF-8) all at once, and return PATH.

    DATA goes to a new hidden file beside PATH (`PREFIX` + random + PATH's suffix, mode 0600 from mkstemp), is
    flushed to the disk, renamed over PATH, and then the folder is flushed so the rename survives a power cut (a
    folder that cannot be flushed, such as some network shares, is left as it is). Readers see the old file or the
    new one, never half of either; a process killed before the rename leaves the old file (or none) and at most
    one hidden `PREFIX*` file, which readers must skip (names starting with a dot). Raises OSError, with the
    hidden file removed; PATH is then as it was."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=path.suffix)  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return path


def tighten(path: str | os.PathLike) -> None:
    """Set an existing file of this user to 0600 (a file made by an older version with the umask's 0644).
    A missing file, or one owned by someone else, is left alone."""
    try:
        _chmod_if_mine(Path(path), FILE_MODE)
    except FileNotFoundError:
        pass


def _chmod_if_mine(path: Path, mode: int) -> None:
    """chmod when needed; a file system that refuses (read-only mount, FAT stick) leaves the mode as it is:
    the kiosk still runs, and whoever set up that mount chose its modes."""
    st = path.stat()
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return
    if stat.S_IMODE(st.st_mode) != mode:
        try:
            os.chmod(path, mode)
        except PermissionError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EPERM, errno.ENOTSUP):
                raise

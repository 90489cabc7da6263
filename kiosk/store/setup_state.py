"""How the kiosk knows it was set up before (issue 13). No Qt.

When the first admin is created (on the set-up screen at the first start, or with `kiosk staff add NAME --role
admin`), a small marker is written **outside the data folder**, in the user's state folder
(`~/.local/state/patient-handout-kiosk/setup/`, or `KIOSK_STATE_DIR`), one file per database path:
`setup-<hash of the path>.json`, mode 0600 in a 0700 folder, holding the database's full path and the time.
A database that already has staff when it is opened gets its marker too (kiosks set up before this rule).

Outside, because the attacks it answers delete or rename the data folder itself: a marker inside would vanish
with it. With a marker for a path:
- the database file missing or empty (0 bytes) is an error, and the file is not created afresh;
- a database with no staff account is an error;
so staff sign-in stays off (patients keep the read-only bundled handouts) and the first-admin screen is never
offered again, until a backup is restored (`kiosk restore FILE`). Someone with a shell on the kiosk who really
wants a fresh start deletes the marker file named in the message.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from kiosk.core.private_files import FILE_MODE, private_folder
from kiosk.store.db import CannotOpenError

APP_NAME = "patient-handout-kiosk"


class SetupLostError(CannotOpenError):
    """The kiosk was set up with this database before, and the database is missing, empty or has no staff."""


def state_dir() -> Path:
    """KIOSK_STATE_DIR when set, else the user's state folder for the kiosk."""
    env = os.environ.get("KIOSK_STATE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)


def _key(db_path: str | os.PathLike) -> str:
    return str(Path(db_path).expanduser().absolute().resolve())


def marker_path(db_path: str | os.PathLike) -> Path:
    """Where the set-up marker for DB_PATH lives (it may not exist)."""
    digest = hashlib.sha256(_key(db_path).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return state_dir() / "setup" / f"setup-{digest}.json"


def was_set_up(db_path: str | os.PathLike) -> bool:
    """True when a first admin was created for the database at DB_PATH (its marker exists)."""
    if str(db_path) == ":memory:":
        return False
    return marker_path(db_path).is_file()


def record_setup(db_path: str | os.PathLike) -> Path:
    """Write the marker for DB_PATH (idempotent). Raises OSError when the state folder cannot be written."""
    path = marker_path(db_path)
    if path.is_file():
        return path
    private_folder(path.parent)
    body = json.dumps({"database": _key(db_path), "set_up_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    tmp = path.with_name(path.name + ".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(body + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def _lost(db_path, what: str) -> SetupLostError:
    return SetupLostError(
        f"This kiosk was set up with the database {_key(db_path)}, but {what}, so staff sign-in is off until a "
        f"backup is restored (kiosk restore FILE); to start afresh instead, delete {marker_path(db_path)}.")


def check_before_open(db_path: str | os.PathLike) -> None:
    """Raise SetupLostError when DB_PATH was set up before and the file is now missing or empty: opening it
    would silently create a fresh database (and a fresh start is how a patient becomes admin)."""
    if not was_set_up(db_path):
        return
    path = Path(db_path)
    if not path.exists():
        raise _lost(db_path, "that file is missing")
    if path.is_file() and path.stat().st_size == 0:
        raise _lost(db_path, "that file is empty")


def check_staff(db_path: str | os.PathLike, staff_count: int) -> None:
    """Raise SetupLostError when DB_PATH was set up before and now holds no staff account (a replaced file)."""
    if staff_count == 0 and was_set_up(db_path):
        raise _lost(db_path, "it holds no staff account")

"""The SQLite store: one `Store` per database file, with a repository per table group. No Qt.

    store = Store.open(path)          # migrates; creates the file when new
    store.handouts.published("en")    # HandoutRepo
    store.search.search("facit")      # HandoutSearch
    store.settings.get()              # SettingsRepo
    store.staff.verify(name, pin)     # StaffRepo
    store.audit.entries()             # AuditLog
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kiosk.store import schema
from kiosk.store.audit import AuditLog
from kiosk.store.db import (
    BusyError,
    CannotOpenError,
    CorruptError,
    DiskFullError,
    NewerSchemaError,
    ReadOnlyError,
    ReplacedError,
    StoreError,
    connect,
    sqlite_uri,
    translate,
)
from kiosk.store.handouts import HandoutRepo
from kiosk.store.migrations import MIGRATIONS, migrate
from kiosk.store.search import HandoutSearch
from kiosk.store.settings import SettingsRepo
from kiosk.store.staff import StaffRepo

APP_NAME = "patient-handout-kiosk"

__all__ = [
    "Store", "StoreError", "DiskFullError", "ReadOnlyError", "CorruptError", "NewerSchemaError", "BusyError",
    "CannotOpenError", "ReplacedError", "default_db_path",
]


def default_db_path() -> Path:
    """The configured database (kiosk.config: --db, KIOSK_DB, the config file's `database`), else kiosk.sqlite3 in
    the user data folder. Raises kiosk.config.ConfigError on a bad configuration."""
    from kiosk import config

    return config.get("database")


KIOSK_TABLES = {"handouts", "handout_versions", "settings", "staff", "audit_log", "handout_fts"}


def on_read_only_media(path: Path) -> bool:
    """PATH's folder cannot be written: a read-only mount, or (for a user without root's override) its modes."""
    folder = Path(path).parent
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
    except OSError:
        return False


def _wal_mode(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return header.startswith(b"SQLite format 3\x00") and header[18:20] == b"\x02\x02"


def _read_only_wal(path: Path) -> ReadOnlyError:
    return ReadOnlyError(f"The database file is read-only, and in WAL mode SQLite cannot even read it there; "
                         f"copy it (with any -wal file beside it) to a folder you can write to ({path}).")


def _inspect_file(path: Path) -> None:
    """Look at an existing file read-only before anything writes to it (connect() switches it to WAL, migrate()
    creates tables): refuse what this kiosk cannot use, and leave it exactly as it was for whoever repairs it.
    A sound WAL-mode file on read-only media is called read-only, never damaged."""
    wal_on_ro_media = _wal_mode(path) and on_read_only_media(path)
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    except sqlite3.Error as exc:
        raise (_read_only_wal(path) if wal_on_ro_media else translate(exc, path)) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # Damage past the first page shows only when a query reaches it: find it now, at start, so the kiosk
        # falls back to the bundled handouts instead of failing on some later screen. O(size), milliseconds.
        check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.Error as exc:
        if wal_on_ro_media:
            raise _read_only_wal(path) from None
        translated = translate(exc, path)
        raise (translated if translated is not exc else CorruptError(
            f"The database file is damaged or is not a kiosk database ({path}).")) from None
    finally:
        conn.close()
    if check != "ok":
        raise CorruptError(f"The database file is damaged or is not a kiosk database ({path}).")
    if tables and not KIOSK_TABLES <= tables and version <= len(MIGRATIONS):
        # user_version 0 with tables, or a version this kiosk knows without its tables: another program's file
        raise CorruptError(f"The database file belongs to another program; it is not a kiosk database ({path}).")


class Store:
    def __init__(self, conn, path: Path):
        self.conn = conn
        self.path = Path(path)
        self._local_changes = 0
        # Set when this is the read-only fallback (the real database could not be used): the reason, in one sentence.
        self.read_only_reason: str | None = None
        self.handouts = HandoutRepo(self)
        self.settings = SettingsRepo(self)
        self.staff = StaffRepo(self)
        self.audit = AuditLog(self)
        self.search = HandoutSearch(self)

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Store":
        path = Path(path) if path is not None else default_db_path()
        if str(path) == ":memory:":
            conn = connect(":memory:", memory=True)
            migrate(conn)
            return cls(conn, path)
        if path.exists() and path.is_dir():
            raise CannotOpenError(f"The database path is a folder, not a file ({path}).")
        if path.exists():
            _inspect_file(path)
        conn = connect(path)
        try:
            migrate(conn, path=str(path))
            conn.execute("SELECT COUNT(*) FROM handouts").fetchone()
            # The append-only audit log and final published versions are triggers: a file that lost one (or
            # gained one that undoes them) is refused as damaged, with a restore as the way out.
            diffs = schema.differences(conn)
            if diffs:
                raise CorruptError(schema.describe(diffs, "The database's", f"restore a backup to repair it ({path})"))
        except Exception as exc:
            conn.close()
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, sqlite3.Error):
                translated = translate(exc, path)
                if translated is not exc:
                    raise translated from None
            raise
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def bump(self) -> None:
        """Note a change made through this connection (caches compare stamp())."""
        self._local_changes += 1

    def stamp(self) -> tuple[int, int]:
        """Changes when this or any other connection wrote to the database."""
        return (self.conn.execute("PRAGMA data_version").fetchone()[0], self._local_changes)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

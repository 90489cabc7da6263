"""Backup with SQLite's online backup API; restore only after the file proves sound. No Qt."""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from kiosk.store.db import CorruptError, StoreError, translate
from kiosk.store.migrations import MIGRATIONS, current_version, migrate

REQUIRED_TABLES = {"handouts", "handout_versions", "settings", "staff", "audit_log"}


def backup(store, out: str | os.PathLike, actor: str = "admin") -> Path:
    """Copy the live database to OUT (consistent even while others write). Written beside OUT, then renamed."""
    out = Path(out)
    if out.exists() and out.is_dir():
        raise StoreError(f"The backup target is a folder; give a file name ({out}).")
    tmp = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(tmp)
        try:
            store.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, out)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise translate(exc, out) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be written ({exc.strerror or exc}).") from None
    store.audit.record(actor, "backup", file=out.name)
    return out


def verify_file(path: str | os.PathLike) -> None:
    """Raise CorruptError (one sentence) unless PATH is a sound kiosk database this version can open."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"There is no backup file at {path}.")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise CorruptError(f"{path.name} is not a kiosk database (it is not an SQLite file).")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise CorruptError(f"{path.name} is damaged: {result[0][0]}.")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not REQUIRED_TABLES <= tables:
                raise CorruptError(f"{path.name} is an SQLite file but not a kiosk database.")
            version = current_version(conn)
            if version > len(MIGRATIONS):
                raise CorruptError(f"{path.name} was made by a newer version of the kiosk.")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptError(f"{path.name} is damaged or not a kiosk database ({exc}).") from None


def restore(store, source: str | os.PathLike, actor: str = "admin") -> Path:
    """Replace the live database's content with SOURCE. The current content is first kept aside in a file
    beside the database; if the restored copy does not open cleanly, the aside copy is put back.
    The audit log is append-only across restores too: entries newer than the backup are carried over."""
    source = Path(source)
    verify_file(source)
    audit_rows = store.conn.execute("SELECT ts, actor, kind, detail, device FROM audit_log ORDER BY id").fetchall()
    aside = store.path.with_name(f"{store.path.stem}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3")
    keep = sqlite3.connect(aside)
    try:
        store.conn.backup(keep)
    finally:
        keep.close()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        src.backup(store.conn)
        migrate(store.conn, path=str(store.path))
        last = store.conn.execute("SELECT COALESCE(MAX(ts), '') FROM audit_log").fetchone()[0]
        store.conn.executemany(
            "INSERT INTO audit_log (ts, actor, kind, detail, device) VALUES (?, ?, ?, ?, ?)",
            [tuple(r) for r in audit_rows if r["ts"] > last],
        )
        if store.conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise CorruptError("The restored database did not pass its integrity check.")
        store.conn.execute("PRAGMA foreign_keys = ON")
    except Exception:
        back = sqlite3.connect(aside)
        try:
            back.backup(store.conn)
        finally:
            back.close()
        raise
    finally:
        src.close()
    store.bump()
    store.audit.record(actor, "restore", file=source.name, kept_aside=aside.name)
    return aside



def restore_over_unusable(path: str | os.PathLike, source: str | os.PathLike) -> Path:
    """Restore when the live database cannot even be opened (damaged, foreign, newer): move it aside untouched,
    then copy the verified backup into its place. Returns where the unusable file was kept."""
    path, source = Path(path), Path(source)
    verify_file(source)
    aside = path.with_name(f"{path.stem}.unusable-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix or '.sqlite3'}")
    if path.exists():
        os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dest = sqlite3.connect(path)
    try:
        src.backup(dest)
    finally:
        dest.close()
        src.close()
    verify_file(path)
    return aside

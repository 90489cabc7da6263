"""Backup with SQLite's online backup API: a consistent, self-contained copy, never onto the live database. No Qt.

Checking and restoring a backup live in kiosk.store.restore; verify_file, restore and restore_over_unusable are
importable from here too.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kiosk.core.private_files import private_file, private_folder
from kiosk.store.db import StoreError, translate
from kiosk.store.restore import REQUIRED_TABLES, fsync_path, is_live_file, restore, restore_over_unusable, verify_file

__all__ = ["REQUIRED_TABLES", "backup", "restore", "restore_over_unusable", "verify_file"]


def backup(store, out: str | os.PathLike, actor: str = "admin") -> Path:
    """Copy the live database to OUT (consistent even while others write), in rollback-journal mode so it is one
    self-contained file. Written beside OUT, then renamed. Raises StoreError (one sentence) when OUT is a folder,
    the live database itself (or its -wal/-shm, or a link to it), or cannot be written."""
    if hasattr(store, "url"):  # the shared clinic server: a snapshot into the same kind of file
        from kiosk.store.pg_copy import backup_server

        return backup_server(store, out, actor=actor)
    out = Path(os.path.abspath(out))  # absolute: a relative name such as "file:x" is never read as a URI
    if out.exists() and out.is_dir():
        raise StoreError(f"The backup target is a folder; give a file name ({out}).")
    if is_live_file(out, store.path):
        raise StoreError(f"That is the live database itself ({out.name}); back up to another file.")
    tmp = out.with_name(out.name + ".partial")
    try:
        private_folder(out.parent, tighten=False)  # a folder made here is 0700; a chosen stick keeps its modes
        private_file(tmp)  # 0600: a backup holds the PIN hashes too
        dest = sqlite3.connect(tmp)
        try:
            store.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        fsync_path(tmp)
        os.replace(tmp, out)
        fsync_path(out.parent)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise translate(exc, out) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be written ({exc.strerror or exc}).") from None
    store.audit.record(actor, "backup", file=out.name)
    return out

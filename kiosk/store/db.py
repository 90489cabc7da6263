"""SQLite connection factory, transactions and typed errors. No Qt.

Every connection: foreign keys on, WAL journal, a busy timeout, synchronous=FULL. Writes run in
`BEGIN IMMEDIATE` transactions (see `transaction()`), so two writers queue instead of failing halfway.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem with the database that a user can act on; the message is one plain sentence."""


class DiskFullError(StoreError):
    pass


class ReadOnlyError(StoreError):
    pass


class CorruptError(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class BusyError(StoreError):
    pass


class CannotOpenError(StoreError):
    pass


# sqlite result codes (primary codes: the low byte of the extended code)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26


def translate(exc: sqlite3.Error, path: str | os.PathLike = "") -> Exception:
    """Map an sqlite3 error to a typed StoreError when it is about the disk or the file; otherwise return it
    unchanged (a programming error stays a programming error)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    where = f" ({path})" if path and str(path) != ":memory:" else ""
    if primary == _SQLITE_FULL:
        return DiskFullError(f"The disk is full, so the change was not saved{where}.")
    if primary == _SQLITE_READONLY:
        return ReadOnlyError(f"The database file is read-only, so nothing can be saved{where}.")
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return CorruptError(f"The database file is damaged or is not a kiosk database{where}.")
    if primary == _SQLITE_CANTOPEN:
        return CannotOpenError(f"The database file cannot be opened{where}.")
    if primary == _SQLITE_IOERR:
        return StoreError(f"The disk reported an error while reading or writing the database{where}.")
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return BusyError(f"The database is busy with another program; try again in a moment{where}.")
    return exc


def sqlite_uri(path: str | os.PathLike, **params: str) -> str:
    """A `file:` URI for PATH that SQLite reads back as exactly that path, whatever its name holds (spaces, `#`,
    `?`, `%`, non-ASCII, a leading `-`): Path.as_uri() percent-encodes it. PARAMS become the query (mode="ro")."""
    uri = Path(os.path.abspath(path)).as_uri()
    return uri + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def connect(path: str | os.PathLike, read_only: bool = False, memory: bool = False) -> sqlite3.Connection:
    """Open a connection with the project's settings. Autocommit mode: transactions are explicit."""
    path = Path(path)
    try:
        if memory:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        elif read_only:
            conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(os.path.abspath(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only and not memory:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.row_factory = sqlite3.Row
        return conn
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    except OSError as exc:
        raise CannotOpenError(f"The database folder cannot be created ({exc.strerror or exc}).") from None


@contextmanager
def transaction(conn: sqlite3.Connection, path: str | os.PathLike = ""):
    """A write transaction: BEGIN IMMEDIATE … COMMIT, rolled back on any error; disk errors become StoreErrors."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        if isinstance(exc, sqlite3.Error):
            translated = translate(exc, path)
            if translated is not exc:
                raise translated from None
        raise


def split_statements(script: str) -> list[str]:
    """Split an SQL script into statements (triggers included) without executescript's implicit COMMIT."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements

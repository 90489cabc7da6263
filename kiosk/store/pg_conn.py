"""A PostgreSQL connection that the SQLite repositories can use unchanged, and the server's typed errors. No Qt.

The repositories (handouts, staff, settings, audit) are written against sqlite3's small connection interface:
`execute(sql, args)` with `?` placeholders, rows readable by index and by column name, `lastrowid`, `rowcount`,
`in_transaction`, and explicit `BEGIN IMMEDIATE` / `COMMIT` / `ROLLBACK` (kiosk.store.db.transaction). This
class gives that interface over psycopg 3, rewriting the few SQLite spellings the repositories use:

    ?                                       -> %s  (and a literal % -> %%)
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')   -> the same text from clock_timestamp() in UTC
    X COLLATE NOCASE                        -> lower(X)
    json_extract(X, '$.key')                -> (X::json ->> 'key')
    instr(a, b)                             -> strpos(a, b)
    INSERT INTO <table with id> …           -> … RETURNING id  (for lastrowid)
    BEGIN IMMEDIATE                         -> BEGIN; pg_advisory_xact_lock(WRITE_LOCK)

One advisory lock serialises writers across every device, exactly as SQLite's BEGIN IMMEDIATE does on one file,
so the repositories' check-then-write rules (the edit-conflict token, the last-admin rule, the lockout counter)
hold unchanged. Reads never take it. Writes are a few per minute in a clinic; the benchmark measures the cost.

Errors: a server that cannot be reached is ServerDownError, a refused login ServerAuthError, a full disk
DiskFullError, a read-only server ReadOnlyError, a lock or serialisation timeout BusyError, each one sentence that
names the server (host and database, never the password). A trigger's refusal or a broken constraint is raised as
sqlite3.IntegrityError with the trigger's own message, as SQLite raises it, so callers behave the same. A lost
connection is opened again at the next statement outside a transaction.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from kiosk.store.db import BUSY_TIMEOUT_MS, BusyError, CannotOpenError, DiskFullError, ReadOnlyError, StoreError

WRITE_LOCK = 7_243_001  # pg_advisory_xact_lock key for "a kiosk write transaction"
CONNECT_TIMEOUT = 5  # seconds before an unreachable server is called down
IDLE_IN_TRANSACTION_MS = 60_000  # the server ends a transaction left idle this long (a hung device)
SERVER_SCHEMES = ("postgresql://", "postgres://")
NOW_SQL = "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
ID_TABLES = ("handouts", "handout_versions", "staff", "audit_log")
# Over TCP (ignored on a Unix socket): a server that vanished without closing (a pulled cable) is noticed within
# about 25 s by an idle connection and 10 s by a statement, instead of the system's two hours.
TCP_OPTIONS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
               "tcp_user_timeout": 10_000}


class ServerDownError(StoreError):
    """The clinic server cannot be reached (stopped, network down, restarting)."""


class ServerAuthError(CannotOpenError):
    """The clinic server refused this device's login (user, password, or access rules)."""


def is_server_url(value) -> bool:
    """True for a postgresql:// (or postgres://) address: the shared clinic server instead of a SQLite file."""
    return isinstance(value, str) and value.strip().lower().startswith(SERVER_SCHEMES)


def describe_server(url: str) -> str:
    """'database kiosk on clinic-db' for URL: what messages name (never the password)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - an address psycopg cannot read is still named, without its secrets
        return "the clinic server"
    host = str(parts.get("host") or "localhost")
    if host.startswith("/"):
        host = "this computer"
    return f"database {parts.get('dbname') or '?'} on {host}"


# ---- SQL rewriting ------------------------------------------------------------------------------------------
_STRFTIME = re.compile(r"strftime\('%Y-%m-%dT%H:%M:%fZ',\s*'now'\)")
_NOCASE = re.compile(r"([\w.]+)\s+COLLATE\s+NOCASE", re.IGNORECASE)
_JSON = re.compile(r"json_extract\(([\w.]+),\s*'\$\.(\w+)'\)")
_INSTR = re.compile(r"\binstr\(", re.IGNORECASE)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\b", re.IGNORECASE)


def rewrite(sql: str) -> str:
    """SQLite's spelling of SQL -> PostgreSQL's, for the statements the repositories use (see the module doc)."""
    sql = _STRFTIME.sub("\0NOW\0", sql)
    sql = _NOCASE.sub(r"lower(\1)", sql)
    sql = _JSON.sub(r"(\1::json ->> '\2')", sql)
    sql = _INSTR.sub("strpos(", sql)
    sql = sql.replace("%", "%%").replace("?", "%s").replace("\0NOW\0", NOW_SQL)
    m = _INSERT.match(sql)
    if m and m.group(1).lower() in ID_TABLES and "returning" not in sql.lower():
        sql = sql.rstrip().rstrip(";") + " RETURNING id"
    return sql


class Row(tuple):
    """A result row readable by position and by column name, like sqlite3.Row."""

    _names: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor):
    names = {d.name: i for i, d in enumerate(cursor.description or ())}
    cls = type("Row", (Row,), {"_names": names})

    def make(values):
        return cls(bytes(v) if isinstance(v, memoryview) else v for v in values)

    return make


class Cursor:
    """What execute() returns: fetchone / fetchall / iteration / rowcount / lastrowid."""

    def __init__(self, rows: list, rowcount: int, lastrowid=None):
        self._rows, self.rowcount, self.lastrowid = rows, rowcount, lastrowid
        self._at = 0

    def fetchone(self):
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list:
        rows, self._at = self._rows[self._at:], len(self._rows)
        return rows

    def __iter__(self):
        return iter(self.fetchall())


def translate(exc: Exception, where: str) -> Exception:
    """A psycopg error -> a typed StoreError (one sentence naming WHERE) or sqlite3.IntegrityError; anything else
    (a programming error) unchanged."""
    import psycopg
    from psycopg import errors as e

    if isinstance(exc, (e.RaiseException, psycopg.IntegrityError)):
        msg = getattr(getattr(exc, "diag", None), "message_primary", None) or str(exc)
        return sqlite3.IntegrityError(msg)
    if isinstance(exc, e.DiskFull):
        return DiskFullError(f"The clinic server's disk is full, so the change was not saved ({where}).")
    if isinstance(exc, e.ReadOnlySqlTransaction):
        return ReadOnlyError(f"The clinic server is read-only (a standby?), so nothing can be saved ({where}).")
    if isinstance(exc, e.InsufficientPrivilege):
        return ReadOnlyError(f"The clinic server does not let this device's user change that ({where}).")
    if isinstance(exc, (e.SerializationFailure, e.DeadlockDetected, e.LockNotAvailable, e.QueryCanceled)):
        return BusyError(f"The clinic server is busy; try again in a moment ({where}).")
    if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
        return ServerDownError(f"The clinic server cannot be reached ({where}); the handouts still show, and staff "
                               "changes wait until it is back.")
    return exc


def connect_error(exc: Exception, where: str) -> StoreError:
    """Why a connection could not be opened, in one sentence: refused login, no such database, or down."""
    text = str(exc).lower()
    if "password authentication failed" in text or "no pg_hba.conf entry" in text or \
            ("role" in text and "does not exist" in text) or "no password supplied" in text:
        return ServerAuthError(f"The clinic server refused this device's login ({where}); check the user name, "
                               "password and the server's access rules.")
    if "database" in text and "does not exist" in text:
        return CannotOpenError(f"The clinic server has no such database ({where}); check the database address.")
    if "invalid" in text and ("dsn" in text or "connection option" in text or "uri" in text):
        return CannotOpenError(f"The database address is not a valid postgresql:// address ({where}).")
    translated = translate(exc, where)
    return translated if isinstance(translated, StoreError) else ServerDownError(
        f"The clinic server cannot be reached ({where}); the handouts still show, and staff changes wait until it "
        "is back.")


class PgConnection:
    """One server connection with sqlite3's interface (see the module doc). `on_connect(self)` runs after each
    (re)connection, before the first statement on it (the store checks the schema there)."""

    def __init__(self, url: str, on_connect: Callable[["PgConnection"], None] | None = None):
        self.url = url
        self.where = describe_server(url)
        self._pg = None
        self._on_connect = on_connect
        self._connecting = False
        self.connections = 0  # how many times a connection was opened (tests read it)

    # ---- the connection ----------------------------------------------------------------------------------
    def _open(self):
        import psycopg

        try:
            pg = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                 application_name="kiosk", **TCP_OPTIONS)
        except psycopg.Error as exc:
            raise connect_error(exc, self.where) from None
        try:
            # as SQLite's busy timeout: a writer waits at most this long for another device's write, then gets
            # BusyError; and a device that hangs inside a transaction loses it (and the writers' lock) in a minute
            pg.execute(f"SET lock_timeout = {int(BUSY_TIMEOUT_MS)}")
            pg.execute(f"SET idle_in_transaction_session_timeout = {int(IDLE_IN_TRANSACTION_MS)}")
        except psycopg.Error as exc:
            pg.close()
            raise connect_error(exc, self.where) from None
        pg.row_factory = _row_factory
        return pg

    def ensure(self):
        """The live psycopg connection, opened (again) when needed. Raises ServerDownError, ServerAuthError."""
        if self._pg is not None and not self._pg.closed:
            return self._pg
        self._pg = self._open()
        self.connections += 1
        if self._on_connect is not None and not self._connecting:
            self._connecting = True
            try:
                self._on_connect(self)
            except BaseException:
                self.close()
                raise
            finally:
                self._connecting = False
        return self._pg

    def close(self) -> None:
        if self._pg is not None:
            try:
                self._pg.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                pass
        self._pg = None

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        pg = self._pg
        return pg is not None and not pg.closed and pg.info.transaction_status != TransactionStatus.IDLE

    # ---- statements ---------------------------------------------------------------------------------------
    def execute(self, sql: str, args=()) -> Cursor:
        import psycopg

        head = sql.strip().upper()
        if head.startswith("PRAGMA"):
            # query_only: a server connection is never the read-only fallback; others have no meaning here
            return Cursor([(0,)] if "QUERY_ONLY" in head and "=" not in head else [], 0)
        if head in ("COMMIT", "ROLLBACK"):
            if not self.in_transaction:
                return Cursor([], 0)
            try:
                self._pg.execute(head)
            except psycopg.Error as exc:
                if head == "ROLLBACK":
                    self.close()
                    return Cursor([], 0)
                self._lost(exc)
                raise translate(exc, self.where) from None
            return Cursor([], 0)
        pg = self.ensure()
        try:
            if head.startswith("BEGIN"):
                pg.execute("BEGIN")
                try:
                    pg.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                except psycopg.Error:
                    if not pg.closed:  # the caller never saw a transaction begin: none is left open
                        pg.execute("ROLLBACK")
                    raise
                return Cursor([], 0)
            cur = pg.execute(rewrite(sql), tuple(args) if args else None)
            rows = cur.fetchall() if cur.description is not None else []
        except psycopg.Error as exc:
            self._lost(exc)
            raise translate(exc, self.where) from None
        lastrowid = rows[0][0] if rows and _INSERT.match(sql) else None
        return Cursor(rows if lastrowid is None else [], cur.rowcount, lastrowid)

    def _lost(self, exc) -> None:
        """After an error that broke (or may have broken) the connection, drop it: the next statement outside a
        transaction opens a new one. An error the server reported about the statement itself keeps it."""
        if self._pg is None:
            return
        if self._pg.closed or isinstance(translate(exc, self.where), ServerDownError):
            self.close()

    def notify(self, channel: str, payload: str = "") -> None:
        self.execute("SELECT pg_notify(?, ?)", (channel, payload))

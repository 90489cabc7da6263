"""Moving a single kiosk onto the clinic server: copy its SQLite database (every handout with its whole history,
the staff with their PIN hashes and lockout counters, the settings, the audit log) into an empty server database,
and prove the copy. No Qt.

    report = copy_to_server(store, "postgresql://kiosk@clinic-db/kiosk")
    report.tables   # {"handouts": (24, "9f2c…"), "handout_versions": (31, "…"), …}  rows and SHA-256 per table

Everything goes in one server transaction under the writers' lock, row ids kept (so audit details that name a
version still point at it), identity counters moved past them. Before COMMIT every table is read back from the
server and compared with the file, row for row: the count and a SHA-256 over the rows in id order, each value in
one canonical form. Any difference rolls everything back (CopyMismatch, one sentence naming the table), so the
server holds the whole kiosk or nothing. A server that already holds handouts, staff or audit entries is refused:
this is for the first device of a site; the other devices join the server empty (docs/multi-kiosk.md).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from kiosk.store.db import StoreError, transaction
from kiosk.store.pg_conn import WRITE_LOCK, PgConnection, translate

# table -> (columns in order, order of rows); the FTS rows have no id of their own: by their key
TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "handouts": (("id", "slug", "language", "status", "created_at"), "id"),
    "handout_versions": (("id", "handout_id", "version", "state", "title", "content", "source_text", "created_by",
                          "created_at", "published_at", "published_by"), "id"),
    "settings": (("key", "value"), "key"),
    "staff": (("id", "name", "role", "pin_hash", "pin_salt", "pin_params", "failed_attempts", "locked_until",
               "disabled", "created_at", "language"), "id"),
    "audit_log": (("id", "ts", "actor", "kind", "detail", "device"), "id"),
    "handout_fts": (("slug", "language", "title", "keywords", "body"), "slug, language, title"),
}
IDENTITY = ("handouts", "handout_versions", "staff", "audit_log")


class CopyRefused(StoreError):
    """The server cannot take this copy (it is not empty); nothing was copied."""


class CopyMismatch(StoreError):
    """What the server would hold differs from the file; everything was rolled back."""


@dataclass
class CopyReport:
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)  # table -> (rows, sha256 hex)

    def lines(self) -> list[str]:
        return [f"{t}: {n} rows, sha256 {h[:16]}" for t, (n, h) in self.tables.items()]


def _canonical(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"hex": bytes(value).hex()}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, bool):
        return int(value)
    return value


def digest(rows) -> tuple[int, str]:
    """(row count, SHA-256 hex) of ROWS, each value in one canonical form (bytes as hex, floats by repr), so the
    same rows read from SQLite and from PostgreSQL give the same digest."""
    h = hashlib.sha256()
    n = 0
    for row in rows:
        h.update(json.dumps([_canonical(v) for v in row], ensure_ascii=False, separators=(",", ":")).encode())
        h.update(b"\n")
        n += 1
    return n, h.hexdigest()


def _select(table: str, quote: str = '"') -> str:
    columns, order = TABLES[table]
    return f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"


def copy_to_server(store, url: str, actor: str = "kiosk") -> CopyReport:
    """Copy the open SQLite STORE into the (empty) server at URL and verify it; returns what was copied.
    Raises CopyRefused (the server holds a kiosk already), CopyMismatch, or the server's one-sentence StoreError
    (ServerDownError, ServerAuthError, NewerSchemaError, CorruptError). ACTOR signs the server's audit entry
    that records the move (written after the check)."""
    import psycopg

    from kiosk.store import schema as sqlite_schema
    from kiosk.store.db import CorruptError
    from kiosk.store.pg_migrations import differences, migrate

    server = PgConnection(url)
    try:
        pg = server.ensure()
        migrate(pg, server.where)
        diffs = differences(pg)
        if diffs:
            raise CorruptError(sqlite_schema.describe(diffs, "The clinic server's", f"nothing was copied "
                                                      f"({server.where})"))
        source = {t: store.conn.execute(_select(t)).fetchall() for t in TABLES}
        want = {t: digest(map(tuple, rows)) for t, rows in source.items()}
        try:
            with pg.transaction():
                pg.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                held = {t: pg.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                        for t in ("handouts", "staff", "audit_log")}
                if any(held.values()):
                    raise CopyRefused(
                        f"The clinic server already holds a kiosk ({held['handouts']} handouts, {held['staff']} "
                        f"staff, {held['audit_log']} audit entries); only the first device is copied in, the others "
                        f"join it empty; nothing was copied ({server.where}).")
                pg.execute("DELETE FROM settings")  # an empty server's settings: none, or only defaults
                pg.execute("DELETE FROM handout_fts")
                for table, rows in source.items():
                    columns, _ = TABLES[table]
                    marks = ", ".join(["%s"] * len(columns))
                    overriding = " OVERRIDING SYSTEM VALUE" if table in IDENTITY else ""
                    with pg.cursor() as cur:
                        cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}){overriding} VALUES ({marks})",
                                        [tuple(r) for r in rows])
                for table in IDENTITY:
                    pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))")
                report = CopyReport()
                for table in TABLES:
                    got = digest(map(tuple, pg.execute(_select(table)).fetchall()))
                    if got != want[table]:
                        raise CopyMismatch(
                            f"The copy of {table} on the clinic server differs from the kiosk's file ({got[0]} rows "
                            f"there, {want[table][0]} here); everything was rolled back ({server.where}).")
                    report.tables[table] = got
                # the server's log says where its history came from (after the check: the copy itself is exact)
                from kiosk import config

                pg.execute("INSERT INTO audit_log (actor, kind, detail, device) VALUES (%s, 'migrate_to_server', %s, %s)",
                           (actor, json.dumps({k: n for k, (n, _h) in report.tables.items()}, sort_keys=True),
                            config.device_name()))
        except psycopg.Error as exc:
            server.close()
            translated = translate(exc, server.where)
            if isinstance(translated, StoreError):
                raise translated from None
            raise
        return report
    finally:
        server.close()


def backup_server(store, out, actor: str = "admin"):
    """Back up the clinic server (a PgStore) into OUT as a single-kiosk SQLite backup file: every table read in
    one REPEATABLE READ snapshot (consistent while devices write), written into a file built by this version's
    migrations, checked by rows and SHA-256 per table, then renamed into place. The file is what `kiosk backup`
    makes on a single kiosk: `kiosk restore` takes it there, and `kiosk migrate-to-server` takes it into a new
    empty server. Raises StoreError (one sentence) when OUT is a folder or cannot be written, or the server's
    errors; audited on the server."""
    import os
    import sqlite3
    from pathlib import Path

    import psycopg

    from kiosk.core.private_files import private_folder
    from kiosk.store import Store
    from kiosk.store.db import translate as sqlite_translate
    from kiosk.store.restore import fsync_path

    out = Path(os.path.abspath(out))
    if out.exists() and out.is_dir():
        raise StoreError(f"The backup target is a folder; give a file name ({out}).")
    if out == Path(os.path.abspath(store.path)):
        raise StoreError(f"That is this device's cache of the server ({out.name}); back up to another file.")
    tmp = out.with_name(out.name + ".partial")
    try:
        with psycopg.connect(store.url, connect_timeout=5) as pg:
            pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with pg.transaction():
                rows = {t: pg.execute(_select(t)).fetchall() for t in TABLES}
    except psycopg.Error as exc:
        translated = translate(exc, store.where)
        raise (translated if isinstance(translated, StoreError) else StoreError(
            f"The clinic server could not be read for the backup ({store.where}).")) from None
    want = {t: digest(map(tuple, r)) for t, r in rows.items()}
    try:
        private_folder(out.parent, tighten=False)
        tmp.unlink(missing_ok=True)
        made = Store.open(tmp)  # 0600 (kiosk.store.db.connect): the backup holds the PIN hashes
        try:
            c = made.conn
            with transaction(c, tmp):
                for table, table_rows in rows.items():
                    columns, _ = TABLES[table]
                    c.execute(f"DELETE FROM {table}") if table in ("settings", "handout_fts") else None
                    c.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                  f"({', '.join('?' * len(columns))})", [tuple(r) for r in table_rows])
            for table in TABLES:
                got = digest(map(tuple, c.execute(_select(table)).fetchall()))
                if got != want[table]:
                    raise StoreError(f"The backup's {table} differs from the clinic server's ({got[0]} rows, "
                                     f"{want[table][0]} there); no backup was written.")
            c.execute("PRAGMA journal_mode = DELETE")
        finally:
            made.close()
        fsync_path(tmp)
        os.replace(tmp, out)
        fsync_path(out.parent)
    except StoreError:
        tmp.unlink(missing_ok=True)
        raise
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        translated = sqlite_translate(exc, out)
        raise (translated if isinstance(translated, StoreError) else StoreError(
            f"The backup could not be written ({out}).")) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be written ({exc.strerror or exc}).") from None
    store.audit.record(actor, "backup", file=out.name)
    return out

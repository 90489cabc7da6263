"""Schema migrations, numbered in code and tracked with PRAGMA user_version. No Qt.

Each migration runs in one BEGIN IMMEDIATE transaction together with the user_version bump, statement by
statement (never executescript, which commits first), so a failure halfway leaves the version and the
tables exactly as they were.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kiosk.store.db import NewerSchemaError, split_statements, transaction

NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

V1 = f"""
CREATE TABLE handouts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
    created_at TEXT NOT NULL DEFAULT {NOW},
    UNIQUE (slug, language)
);

CREATE TABLE handout_versions (
    id INTEGER PRIMARY KEY,
    handout_id INTEGER NOT NULL REFERENCES handouts (id) ON DELETE RESTRICT,
    version INTEGER NOT NULL CHECK (version > 0),
    state TEXT NOT NULL CHECK (state IN ('draft', 'published')),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    source_text TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT {NOW},
    published_at TEXT,
    published_by TEXT,
    UNIQUE (handout_id, version)
);

CREATE TRIGGER handout_versions_published_are_final
BEFORE UPDATE ON handout_versions WHEN OLD.state = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published handout version cannot be changed');
END;

CREATE TRIGGER handout_versions_published_stay
BEFORE DELETE ON handout_versions WHEN OLD.state = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published handout version cannot be deleted');
END;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('nurse', 'admin')),
    pin_hash BLOB NOT NULL,
    pin_salt BLOB NOT NULL,
    pin_params TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT {NOW}
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL DEFAULT {NOW},
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{{}}'
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE INDEX audit_log_kind_ts ON audit_log (kind, ts);

CREATE VIRTUAL TABLE handout_fts USING fts5 (
    slug UNINDEXED,
    language UNINDEXED,
    title,
    keywords,
    body,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '1 2 3'
);
"""

# Which device wrote each audit entry (clinics with several kiosks on one database); kiosk.config's device_name.
# A column, not a field in the detail JSON, so existing details keep their shape; the append-only triggers stay.
V2 = """
ALTER TABLE audit_log ADD COLUMN device TEXT NOT NULL DEFAULT '';
"""

# Each staff member's screen language (kiosk.core.i18n's codes; checked by kiosk.app.Staff.set_language, as the
# list of languages is configuration, not schema). Existing accounts read English, as the screens were before.
V3 = """
ALTER TABLE staff ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
"""

Migration = Callable[[sqlite3.Connection], None] | str

MIGRATIONS: list[Migration] = [V1, V2, V3]


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    if callable(migration):
        migration(conn)
    else:
        for statement in split_statements(migration):
            conn.execute(statement)


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None, path: str = "") -> int:
    """Bring the database up to the newest schema; returns the version reached."""
    migrations = MIGRATIONS if migrations is None else migrations
    target = len(migrations)
    version = current_version(conn)
    if version > target:
        raise NewerSchemaError(
            f"This database was made by a newer version of the kiosk (schema {version}; this version knows {target})."
        )
    for number in range(version + 1, target + 1):
        with transaction(conn, path):
            # re-read inside the lock: another process may have migrated meanwhile
            if current_version(conn) >= number:
                continue
            _apply(conn, migrations[number - 1])
            conn.execute(f"PRAGMA user_version = {number}")
    return current_version(conn)

"""Migrations are atomic: a failure halfway leaves the version and the tables as they were."""
import sqlite3

import pytest

from kiosk.store import NewerSchemaError, Store
from kiosk.store.db import connect
from kiosk.store.migrations import MIGRATIONS, current_version, migrate


def tables(conn):
    return sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))


def test_a_new_database_reaches_the_newest_schema(db_path):
    conn = connect(db_path)
    assert migrate(conn) == len(MIGRATIONS)
    assert {"handouts", "handout_versions", "settings", "staff", "audit_log", "handout_fts"} <= set(tables(conn))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_migration_that_fails_halfway_changes_nothing(db_path):
    conn = connect(db_path)
    migrate(conn)
    before_tables, before_version = tables(conn), current_version(conn)
    broken = """
        CREATE TABLE half_done (id INTEGER PRIMARY KEY);
        ALTER TABLE staff ADD COLUMN email TEXT;
        INSERT INTO no_such_table VALUES (1);
    """
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, MIGRATIONS + [broken])
    assert current_version(conn) == before_version
    assert tables(conn) == before_tables
    assert "email" not in [r[1] for r in conn.execute("PRAGMA table_info(staff)")]
    # and the database still works
    assert migrate(conn) == before_version


def test_a_database_from_a_newer_version_is_refused_in_one_sentence(db_path):
    conn = connect(db_path)
    migrate(conn)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(NewerSchemaError, match="newer version of the kiosk"):
        Store.open(db_path)

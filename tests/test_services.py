"""Opening the database the way the app does, including when it cannot be used."""
import os

import pytest

from kiosk.services import open_store_or_fallback
from kiosk.store.migrations import MIGRATIONS


def newer_schema(path):
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 3}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("damage, words", [
    (lambda p: p.write_bytes(b"hello, not a database" * 50), "damaged"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(3000)), "damaged"),
    (newer_schema, "newer version"),
    (lambda p: p.mkdir(), "folder"),
])
def test_a_broken_database_falls_back_to_the_bundled_handouts(db_path, damage, words):
    damage(db_path)
    store, problem = open_store_or_fallback(db_path)
    assert problem and words in problem and "\n" not in problem
    assert store.read_only_reason == problem
    assert len(store.handouts.published("en")) == 12
    assert store.search.search("knee", "en")


def test_a_healthy_database_opens_normally(db_path):
    store, problem = open_store_or_fallback(db_path)
    assert problem is None and store.read_only_reason is None and db_path.exists()


def test_kept_sheets_past_their_days_go_at_start_even_with_keeping_turned_off(db_path):
    import time

    from kiosk.printing.record import copies_folder
    from kiosk.services import open_store

    store = open_store(db_path)
    store.settings.update("admin", keep_printed_copies=False, keep_copies_days=30)
    folder = copies_folder(store)
    folder.mkdir()
    old, recent = folder / "old.pdf", folder / "recent.pdf"
    old.write_bytes(b"%PDF old")
    recent.write_bytes(b"%PDF recent")
    past = time.time() - 31 * 86400
    os.utime(old, (past, past))
    store.close()
    open_store(db_path).close()
    assert not old.exists() and recent.exists()

"""Each staff member's screen language: saved in the staff table (migration 3), set through kiosk.app.Staff, kept by
a backup and restore, and read as English for accounts made before the column existed."""
from __future__ import annotations

import sqlite3

import pytest

from kiosk.app import NotAllowed, StaffError, as_app
from kiosk.services import open_store
from kiosk.store.backup import backup, restore
from kiosk.store.migrations import MIGRATIONS, migrate

ADMIN_PIN, NURSE_PIN = "482913", "735146"


@pytest.fixture
def app(store):
    core = as_app(store)
    core.staff.create_first_admin("Ana Admin", ADMIN_PIN)
    core.staff.add(core.staff.sign_in("Ana Admin", ADMIN_PIN), "Nora Nurse", "nurse", NURSE_PIN)
    return core


def test_a_new_account_reads_english_and_a_member_saves_their_own_language(app, db_path):
    nurse = app.staff.sign_in("Nora Nurse", NURSE_PIN)
    assert nurse.language == "en"
    changed = app.staff.set_language(nurse, "nora nurse", "es")
    assert changed.language == "es"
    assert app.staff.sign_in("Nora Nurse", NURSE_PIN).language == "es"
    again = open_store(db_path, seed=False)  # on disk (or on the server), not only in this process
    try:
        assert again.staff.get("Nora Nurse").language == "es"
    finally:
        again.close()
    entry = app._store.audit.entries(kind="staff")[0]
    assert entry.actor == "Nora Nurse" and "language" in str(entry.detail) and "es" in str(entry.detail)


def test_only_an_admin_sets_another_members_language(app):
    nurse = app.staff.sign_in("Nora Nurse", NURSE_PIN)
    admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
    with pytest.raises(NotAllowed):
        app.staff.set_language(nurse, "Ana Admin", "es")
    assert app.staff.sign_in("Ana Admin", ADMIN_PIN).language == "en"
    assert app.staff.set_language(admin, "Nora Nurse", "es").language == "es"


@pytest.mark.parametrize("code", ["fr", "", "ES", "es; DROP TABLE staff", "xx"])
def test_a_language_the_kiosk_does_not_have_is_refused_in_one_sentence(app, code):
    admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
    with pytest.raises(StaffError) as refused:
        app.staff.set_language(admin, "Nora Nurse", code)
    assert str(refused.value).count(".") == 1 and "en, es" in str(refused.value)
    assert app.staff.sign_in("Nora Nurse", NURSE_PIN).language == "en"


def test_an_unknown_name_is_refused(app):
    admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
    with pytest.raises(StaffError, match="no staff member called"):
        app.staff.set_language(admin, "Nobody Here", "es")


@pytest.mark.sqlite_only  # reads and writes SQLite backup files by hand
def test_a_backup_keeps_the_language_and_a_backup_from_before_the_column_restores_as_english(app, store, tmp_path):
    admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
    app.staff.set_language(admin, "Nora Nurse", "es")
    kept = backup(store, tmp_path / "with-language.sqlite3")
    app.staff.set_language(admin, "Nora Nurse", "en")
    restore(store, kept)
    assert store.staff.get("Nora Nurse").language == "es"

    # a database made by the version before migration 3: the same accounts, no language column
    old = tmp_path / "before-language.sqlite3"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.row_factory = sqlite3.Row
    migrate(conn, MIGRATIONS[:2])
    columns = [r[1] for r in conn.execute("PRAGMA table_info(staff)")]
    assert "language" not in columns
    live = sqlite3.connect(store.path)
    rows = live.execute("SELECT name, role, pin_hash, pin_salt, pin_params FROM staff").fetchall()
    live.close()
    conn.executemany("INSERT INTO staff (name, role, pin_hash, pin_salt, pin_params) VALUES (?, ?, ?, ?, ?)", rows)
    conn.close()
    restore(store, old)  # the schema check accepts it once migrated
    assert {m.name: m.language for m in store.staff.list()} == {"Ana Admin": "en", "Nora Nurse": "en"}
    assert app.staff.sign_in("Nora Nurse", NURSE_PIN).language == "en"


def test_the_kiosk_command_is_another_door_to_the_same_rule(app, db_path):
    import subprocess
    import sys

    def kiosk(*args, pin):
        return subprocess.run([sys.executable, "-m", "kiosk.cli", "--db", str(db_path), *args], input=pin + "\n",
                              capture_output=True, text=True, timeout=120)

    done = kiosk("staff", "language", "Nora Nurse", "es", "--as", "Nora Nurse", pin=NURSE_PIN)
    assert done.returncode == 0 and "Nora Nurse's screens are now in Español (es)." in done.stdout, done.stderr
    refused = kiosk("staff", "language", "Ana Admin", "es", "--as", "Nora Nurse", pin=NURSE_PIN)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    unknown = kiosk("staff", "language", "Nora Nurse", "fr", "--as", "Ana Admin", pin=ADMIN_PIN)
    assert unknown.returncode == 2 and "'fr' is not a language the kiosk has" in unknown.stderr
    assert app.staff.sign_in("Nora Nurse", NURSE_PIN).language == "es"
    assert app.staff.sign_in("Ana Admin", ADMIN_PIN).language == "en"

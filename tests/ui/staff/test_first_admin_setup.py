"""First-admin set-up only on a database the kiosk never set up, at start, before any patient screen, or from
the CLI; never from the patients' logo gesture. A database that was set up and is now missing, empty, renamed
or replaced is an error for staff, never a fresh start, while patients keep the bundled handouts (issue 13,
security review findings 1 and 6). Real database files, a real unlink and rename, the real window."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from staff_support import click, flush_deletes

from kiosk.services import open_store, open_store_or_fallback
from kiosk.store import Store, setup_state

ROOT = Path(__file__).resolve().parents[3]
NAME, PIN = "Kim Lee", "740285"


@pytest.fixture
def build(qtbot):
    """build(store) -> the window exactly as `kiosk run` builds it (kiosk.ui.app.build_window), shown."""
    from kiosk.ui import theme
    from kiosk.ui.app import build_window
    from kiosk.ui.staff.worker import join_all

    theme.load_fonts()
    made = []

    def make(store):
        window = build_window(store, windowed=True)
        qtbot.addWidget(window)
        made.append((window, window.current_screen()))  # the first screen, before it is ever shown
        window.resize(1280, 800)
        window.show()
        return window

    yield make
    join_all()
    for window, _ in made:
        window.allow_exit()
        window.close()
    flush_deletes()


def create_admin(qtbot, setup) -> None:
    qtbot.keyClicks(setup.name, NAME)
    for pin in (PIN, PIN):
        for ch in pin:
            click(qtbot, setup.keypad.keys[ch])
        click(qtbot, setup.next_btn)


def set_up(qtbot, build, db_path) -> None:
    store, problem = open_store_or_fallback(db_path)
    assert problem is None
    window = build(store)
    assert window.current_screen() == "staff.first_admin"
    create_admin(qtbot, window.staff.screens["staff.first_admin"])
    assert window.staff.member.name == NAME
    window.staff.sign_out("done")


def test_a_fresh_database_gets_the_set_up_first_and_the_marker_is_private(qtbot, build, db_path):
    store, _ = open_store_or_fallback(db_path)
    window = build(store)
    assert window.current_screen() == "staff.first_admin"  # before any patient screen was shown
    create_admin(qtbot, window.staff.screens["staff.first_admin"])
    assert [m.role for m in store.staff.list()] == ["admin"]
    marker = setup_state.marker_path(db_path)
    assert marker.is_file() and str(db_path.resolve()) in marker.read_text()
    assert stat.S_IMODE(os.stat(marker).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(marker.parent).st_mode) == 0o700
    assert db_path.parent not in marker.parents  # outside the data folder: renaming it does not remove it


def test_the_patients_logo_gesture_never_offers_set_up(qtbot, build, db_path):
    store, _ = open_store_or_fallback(db_path)
    window = build(store)
    click(qtbot, window.staff.screens["staff.first_admin"].cancel_btn)  # the installer walked away
    assert window.current_screen() == "welcome"
    window.staff_requested.emit()  # a patient holds the logo on a kiosk with no staff
    assert "staff.first_admin" not in window.staff.screens
    pad = window.staff.screens["staff.pin"]
    assert "no staff account yet" in pad.message.text() and "kiosk staff add" in pad.message.text()
    assert not pad.keypad.isEnabled() and not pad.sign_in.isEnabled()
    assert window.staff.offer_first_setup() is False  # offered once, at start; not again in this run


def _lose(db_path, how: str) -> None:
    for side in ("-wal", "-shm"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    if how == "deleted":
        db_path.unlink()
    elif how == "renamed":
        db_path.rename(db_path.with_name("old-stuff.sqlite3"))
    elif how == "folder renamed":
        db_path.parent.rename(db_path.parent.with_name(db_path.parent.name + "-old-stuff"))
    elif how == "emptied":
        db_path.write_bytes(b"")
    elif how == "replaced":
        db_path.unlink()
        Store.open(db_path).close()  # a kiosk database, but not this kiosk's: no staff


@pytest.mark.parametrize("how", ["deleted", "renamed", "folder renamed", "emptied", "replaced"])
def test_a_lost_database_refuses_staff_set_up_and_patients_keep_the_handouts(qtbot, build, tmp_path, how):
    db_path = tmp_path / "data" / "kiosk.sqlite3"
    set_up(qtbot, build, db_path)
    _lose(db_path, how)

    store, problem = open_store_or_fallback(db_path)
    assert problem.startswith(f"This kiosk was set up with the database {db_path.resolve()}, but ")
    assert "staff sign-in is off until a backup is restored (kiosk restore FILE)" in problem
    if how in ("deleted", "renamed", "folder renamed"):
        assert not db_path.exists()  # no fresh database was made
    if how == "emptied":
        assert db_path.stat().st_size == 0
    assert store.read_only_reason == problem and store.staff.list() == []
    window = build(store)
    assert window.current_screen() == "welcome"  # no set-up: patients straight away
    assert len(store.handouts.published("en")) >= 12  # the bundled handouts, read-only
    window.staff_requested.emit()
    assert "staff.first_admin" not in window.staff.screens
    pad = window.staff.screens["staff.pin"]
    assert "staff sign-in is off" in pad.message.text().lower() and not pad.keypad.isEnabled()


def kiosk(*args, db: Path, stdin: str = ""):
    env = {**os.environ, "KIOSK_DB": str(db), "KIOSK_PIN_ITERATIONS": "2000"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


def test_the_cli_sets_up_a_new_database_and_refuses_a_lost_one_in_one_sentence(tmp_path):
    db = tmp_path / "k.sqlite3"
    r = kiosk("staff", "add", NAME, "--role", "admin", db=db, stdin=PIN + "\n")
    assert r.returncode == 0, r.stderr
    assert setup_state.was_set_up(db)  # same KIOSK_STATE_DIR as this test session
    db.unlink()
    r = kiosk("staff", "add", "Mallory", "--role", "admin", db=db, stdin=PIN + "\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "set up with the database" in r.stderr and not db.exists()
    r = kiosk("staff", "list", db=db)
    assert r.returncode == 2 and "set up with the database" in r.stderr


def test_restoring_a_backup_is_the_way_back_after_a_lost_database(tmp_path):
    db = tmp_path / "k.sqlite3"
    assert kiosk("staff", "add", NAME, "--role", "admin", db=db, stdin=PIN + "\n").returncode == 0
    assert kiosk("backup", str(tmp_path / "b.sqlite3"), "--as", NAME, db=db, stdin=PIN + "\n").returncode == 0
    db.unlink()
    r = kiosk("restore", str(tmp_path / "b.sqlite3"), db=db)
    assert r.returncode == 0, r.stderr
    store, problem = open_store_or_fallback(db)
    try:
        assert problem is None and store.staff.verify(NAME, PIN).role == "admin"
    finally:
        store.close()


def test_a_database_set_up_before_the_marker_existed_gets_one_when_opened(db_path):
    with Store.open(db_path) as s:
        s.staff.add(NAME, "admin", PIN)
    assert not setup_state.was_set_up(db_path)
    open_store(db_path).close()
    assert setup_state.was_set_up(db_path)

"""The database refuses the print's audit entry (busy beyond its timeout, a full disk, read-only) after a real
CUPS print: the panel is not left busy, the idle clock runs again, the nurse reads one sentence, the patient's
details go at the idle limit, and the entry is kept in the outbox and written by the next audit write."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from staff_support import NURSE, PATIENT, click, fill, flush_deletes, open_form
from test_sign_out_privacy import leaks, shorten_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "printing"))
from cups_server import start_or_skip  # noqa: E402

pytestmark = pytest.mark.cups


@pytest.fixture
def cups(monkeypatch, staff):
    server = start_or_skip()
    server.queue = server.add_pdf_queue("front-desk")
    monkeypatch.setenv("CUPS_SERVER", server.socket)
    staff.settings.update("test", print_backend="cups", default_printer=server.queue)
    yield server
    server.stop()


def _assert_released(window, screen):
    assert screen.panel.state == "printed"
    assert not screen.printing and screen.leave_btn.isEnabled()
    assert not window.staff.idle._paused  # the staff idle clock runs again


def _print_entries(store):
    return [e for e in store.audit.entries(kind="print")]


def _idle_out(qtbot, window):
    shorten_idle(window)
    with qtbot.waitSignal(window.staff.signed_out, timeout=10000) as signal:
        pass
    assert signal.args == ["idle"]
    flush_deletes()
    assert window.current_screen() == "welcome"
    assert leaks([PATIENT, "Quentin"]) == []


def test_busy_database_after_a_print(qtbot, window, staff, cups, db_path):
    blocker = sqlite3.connect(db_path, isolation_level=None)
    staff.conn.execute("PRAGMA busy_timeout = 300")  # the clinic's 10 s, shortened for the test
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock beyond the timeout
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state in ("printed", "failed"), timeout=30000)

    _assert_released(window, screen)
    text = screen.panel.status.text()
    assert text.startswith("Printed 1 copy on front-desk (job ")
    assert text.endswith("The record could not be written to the audit log now (the database is busy); it is kept "
                         "and will be added later.")
    assert len(cups.wait_for_outputs(1)) == 1
    assert _print_entries(staff) == []
    outbox = Path(f"{db_path}.audit-outbox")
    assert oct(outbox.stat().st_mode & 0o777) == "0o600"
    (kept,) = [json.loads(line) for line in outbox.read_text().splitlines()]
    assert kept["detail"]["outcome"] == "printed" and "Quentin" not in outbox.read_text()
    assert not list(Path(f"{db_path}.print-jobs").glob("*.json"))  # the job is crossed out of the journal

    blocker.execute("ROLLBACK")  # the other program is done; the idle sign-out is the next audit write
    _idle_out(qtbot, window)
    (entry,) = _print_entries(staff)
    assert entry.actor == NURSE and entry.detail["outcome"] == "printed"
    assert entry.detail["outbox_id"] == kept["outbox_id"] and entry.detail["happened_at"]
    assert outbox.read_text() == ""
    blocker.close()


def test_read_only_database_after_a_print_then_idle_sign_out_with_it_still_read_only(qtbot, window, staff, cups,
                                                                                        db_path):
    """SQLite refuses every write (query_only: the same SQLITE_READONLY a read-only file gives; as root a file's
    mode cannot make it read-only, and a mount with the database open cannot be remounted read-only)."""
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    staff.conn.execute("PRAGMA query_only = ON")
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state in ("printed", "failed"), timeout=30000)
    _assert_released(window, screen)
    assert "(the database is read-only); it is kept and will be added later." in screen.panel.status.text()
    _idle_out(qtbot, window)  # the sign-out entry is refused too: still no traceback, the patient is gone
    staff.conn.execute("PRAGMA query_only = OFF")

    from kiosk.services import open_store

    again = open_store(db_path)  # the next start writes what was kept
    try:
        (entry,) = _print_entries(again)
        assert entry.detail["outcome"] == "printed" and entry.actor == NURSE
    finally:
        again.close()


# ---- a real full disk: a small tmpfs holding the database ------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True,
                              text=True, timeout=20)
    except OSError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=20)


@pytest.fixture
def db_path(request, tmp_path):
    """This module's database lives on the small disk for the full-disk test, in tmp_path otherwise."""
    if "small_disk" in request.fixturenames:
        return request.getfixturevalue("small_disk") / "kiosk.sqlite3"
    return tmp_path / "kiosk.sqlite3"


def _fill(folder: Path) -> Path:
    """Fill the file system to the last byte (big writes, then small ones)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(fd, b"\0" * size) == size:
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def test_full_disk_after_a_print(qtbot, window, staff, cups, small_disk, db_path):
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    staff.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every later write needs new blocks
    filler = _fill(small_disk)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state in ("printed", "failed"), timeout=30000)

    _assert_released(window, screen)
    text = screen.panel.status.text()
    assert text.startswith("Printed 1 copy on front-desk (job "), text
    # even the outbox file cannot be written on a full disk: the entry waits in memory, and the nurse is told
    assert "(the disk is full); it is held until the database can take it" in text
    _idle_out(qtbot, window)
    assert _print_entries(staff) == []

    filler.unlink()  # space again: the next audit write carries the kept entry
    staff.audit.record_or_keep("cli", "export", files=0, target="x")
    (entry,) = _print_entries(staff)
    assert entry.detail["outcome"] == "printed" and entry.detail["printer"] == "front-desk"
    assert os.path.getsize(f"{db_path}") > 0

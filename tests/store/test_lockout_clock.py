"""A lockout cannot be stretched by moving the clock (security review finding 12), and an admin can lift one:
in the store, with `kiosk staff unlock NAME --as ADMIN`, and from the admin console's staff page. Time is
injected (wall clock and monotonic clock as numbers), so nothing here waits or measures a real delay."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.pins import MAX_LOCKOUT_SECONDS
from kiosk.store import Store
from kiosk.store.staff import LockedOut, StaffError, StaffRepo, WrongPin

NURSE, PIN, WRONG = "Nina Nurse", "739152", "918273"
ADMIN, ADMIN_PIN = "Ana Admin", "482913"
YEAR = 365 * 24 * 3600
ROOT = Path(__file__).resolve().parents[2]


class Clocks:
    """A wall clock someone can set, and a monotonic clock that only moves forward."""

    def __init__(self):
        self.wall = 1_800_000_000.0
        self.mono = 1000.0

    def wait(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


@pytest.fixture
def clocks():
    return Clocks()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    with Store.open(path) as s:
        s.staff.add(ADMIN, "admin", ADMIN_PIN)
        s.staff.add(NURSE, "nurse", PIN, actor=ADMIN)
    return path


def staff_with(store, clocks) -> StaffRepo:
    return StaffRepo(store, clock=lambda: clocks.wall, monotonic=lambda: clocks.mono)


def lock(repo) -> None:
    for _ in range(4):
        with pytest.raises(WrongPin):
            repo.verify(NURSE, WRONG)
    with pytest.raises(LockedOut):
        repo.verify(NURSE, WRONG)


def test_the_reviewers_case_a_lock_set_a_year_fast_waits_at_most_the_cap_after_a_restart(db, clocks):
    with Store.open(db) as s:
        clocks.wall += YEAR  # the clock is a year fast while five wrong PINs are entered
        lock(staff_with(s, clocks))
    clocks.wall -= YEAR  # the clock is put right, and the kiosk restarted
    with Store.open(db) as s:
        repo = staff_with(s, clocks)
        assert repo.lock_remaining(NURSE) == MAX_LOCKOUT_SECONDS
        with pytest.raises(LockedOut) as caught:
            repo.verify(NURSE, PIN)
        assert caught.value.seconds == MAX_LOCKOUT_SECONDS  # "60 min", not "525600 min"
        assert "60 min 0 s" in str(caught.value)
    clocks.wait(MAX_LOCKOUT_SECONDS + 1)
    with Store.open(db) as s:  # another restart: the stored end was brought back to the cap, it is over now
        assert staff_with(s, clocks).verify(NURSE, PIN).name == NURSE


@pytest.mark.parametrize("stored_ahead", [MAX_LOCKOUT_SECONDS + 1, 86400, YEAR, 100 * YEAR])
def test_any_stored_lock_longer_than_the_cap_waits_the_cap(db, clocks, stored_ahead):
    with Store.open(db) as s:
        s.conn.execute("UPDATE staff SET locked_until = ? WHERE name = ?", (clocks.wall + stored_ahead, NURSE))
        repo = staff_with(s, clocks)
        assert repo.lock_remaining(NURSE) <= MAX_LOCKOUT_SECONDS
        with pytest.raises(LockedOut) as caught:
            repo.verify(NURSE, PIN)
        assert caught.value.seconds <= MAX_LOCKOUT_SECONDS
        clocks.wait(MAX_LOCKOUT_SECONDS + 1)
        assert repo.verify(NURSE, PIN).name == NURSE


def test_within_a_run_the_lock_follows_the_monotonic_clock_whatever_the_wall_clock_does(db, clocks):
    with Store.open(db) as s:
        repo = staff_with(s, clocks)
        lock(repo)  # 30 s
        clocks.wall -= YEAR  # someone sets the clock back a year
        assert 0 < repo.lock_remaining(NURSE) <= 30
        with pytest.raises(LockedOut) as caught:
            repo.verify(NURSE, PIN)
        assert caught.value.seconds <= 30
        clocks.mono += 31  # half a minute really passes
        assert repo.lock_remaining(NURSE) == 0
        assert repo.verify(NURSE, PIN).name == NURSE


def test_a_wrong_pin_is_still_refused_and_lengthens_the_lock_as_before(db, clocks):
    with Store.open(db) as s:
        repo = staff_with(s, clocks)
        lock(repo)
        clocks.wait(31)
        with pytest.raises(LockedOut) as caught:
            repo.verify(NURSE, WRONG)  # the sixth wrong PIN: 60 s
        assert caught.value.seconds == 60


def test_an_admin_unlocks_a_member_and_the_audit_log_says_who(db, clocks):
    with Store.open(db) as s:
        repo = staff_with(s, clocks)
        lock(repo)
        repo.unlock(NURSE, actor=ADMIN)
        assert repo.lock_remaining(NURSE) == 0
        member = s.staff.get(NURSE)
        assert (member.failed_attempts, member.locked_until) == (0, 0)
        entry = s.audit.entries(kind="staff", limit=1)[0]
        assert entry.actor == ADMIN and entry.detail["action"] == "unlock" and entry.detail["name"] == NURSE
        assert entry.detail["was_locked"] is True
        assert repo.verify(NURSE, PIN).name == NURSE
        with pytest.raises(StaffError, match="no staff member called"):
            repo.unlock("Nobody", actor=ADMIN)


def kiosk(*args, db: Path, stdin: str = ""):
    env = {**os.environ, "KIOSK_DB": str(db), "KIOSK_PIN_ITERATIONS": "2000"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


def test_kiosk_staff_unlock_needs_an_admins_pin_and_is_audited(db):
    with Store.open(db) as s:
        s.conn.execute("UPDATE staff SET failed_attempts = 5, locked_until = ? WHERE name = ?", (4e9, NURSE))
    r = kiosk("staff", "unlock", NURSE, db=db)
    assert r.returncode == 2 and "--as NAME" in r.stderr
    r = kiosk("staff", "unlock", NURSE, "--as", NURSE, db=db, stdin=PIN + "\n")  # locked: cannot even sign in
    assert r.returncode == 2 and "Too many wrong PINs" in r.stderr and "Unlocked" not in r.stdout
    r = kiosk("staff", "unlock", NURSE, "--as", ADMIN, db=db, stdin=ADMIN_PIN + "\n")
    assert r.returncode == 0, r.stderr
    assert f"Unlocked {NURSE}" in r.stdout
    with Store.open(db) as s:
        assert s.staff.verify(NURSE, PIN).name == NURSE
        unlock = [e for e in s.audit.entries(kind="staff") if e.detail.get("action") == "unlock"]
        assert len(unlock) == 1 and unlock[0].actor == ADMIN

"""Staff accounts: PIN hashes, lockout counters (kept in the database, so a restart does not reset them). No Qt."""
from __future__ import annotations

import time
import unicodedata

from kiosk.core.model import StaffMember
from kiosk.core.pins import MAX_LOCKOUT_SECONDS, check_policy, hash_pin, lockout_seconds, verify_pin
from kiosk.store import audit
from kiosk.store.db import StoreError, transaction

ROLES = ("nurse", "admin")


class StaffError(StoreError):
    pass


class WrongPin(StaffError):
    def __init__(self, attempts_left: int):
        self.attempts_left = attempts_left
        if attempts_left > 0:
            super().__init__(f"That PIN is not right. {attempts_left} more tries before the account locks.")
        else:
            super().__init__("That PIN is not right. The account is now locked for a while.")


class LockedOut(StaffError):
    def __init__(self, seconds: float):
        self.seconds = max(1, int(round(seconds)))
        minutes, secs = divmod(self.seconds, 60)
        wait = f"{minutes} min {secs} s" if minutes else f"{secs} seconds"
        super().__init__(f"Too many wrong PINs. Please wait {wait} and try again.")


# Zero-width joiners are part of how some names are written (Persian, Indic scripts); every other control or
# format character (NUL, escape, right-to-left override, zero-width space...) only hides or disguises a name.
_JOINERS = {"\u200c", "\u200d"}


def clean_name(name: str) -> str:
    """The one form a name is stored and looked up in: NFC, single spaces (two spellings of 'José' are one name)."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _hidden_characters(name: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in _JOINERS for c in name)


def _member(row) -> StaffMember:
    return StaffMember(row["name"], row["role"], bool(row["disabled"]), row["failed_attempts"], row["locked_until"],
                       row["id"], row["language"])


class StaffRepo:
    """Staff accounts. Lockouts: the end of a lock is stored as wall-clock time (so a restart keeps it), but a
    wall clock can be moved. So no lock ever waits longer than MAX_LOCKOUT_SECONDS from now (a longer stored end
    is brought back to that when seen), and within one run a lock this process set is timed by
    `monotonic`, which no clock change moves. `clock` and `monotonic` are injectable for tests (seconds)."""

    def __init__(self, store, clock=time.time, monotonic=time.monotonic):
        self._store = store
        self._clock = clock
        self._monotonic = monotonic
        self._locks: dict[int, tuple[float, float]] = {}  # staff id -> (stored locked_until, monotonic end)

    def _remember_lock(self, staff_id: int, locked_until: float, seconds: float) -> None:
        self._locks[staff_id] = (locked_until, self._monotonic() + seconds)

    def _remaining(self, row, now: float) -> float:
        """Seconds this account must still wait (0 when not locked): never more than MAX_LOCKOUT_SECONDS."""
        until = row["locked_until"] or 0
        if until <= 0:
            return 0.0
        mine = self._locks.get(row["id"])
        if mine is not None and mine[0] == until:
            return max(0.0, min(mine[1] - self._monotonic(), MAX_LOCKOUT_SECONDS))
        return max(0.0, min(until - now, MAX_LOCKOUT_SECONDS))

    def lock_remaining(self, name: str) -> float:
        """Seconds NAME must wait before a PIN is tried again (0 when not locked, or no such member)."""
        row = self._conn.execute("SELECT * FROM staff WHERE name = ?", (clean_name(name),)).fetchone()
        return self._remaining(row, self._clock()) if row is not None else 0.0

    def unlock(self, name: str, actor: str) -> None:
        """Lift a lockout and clear the wrong-PIN count (an admin's action; audited). Raises StaffError."""
        name = clean_name(name)
        with transaction(self._conn, self._store.path):
            row = self._conn.execute("SELECT * FROM staff WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise StaffError(f"There is no staff member called '{name}'.")
            self._conn.execute("UPDATE staff SET failed_attempts = 0, locked_until = 0 WHERE id = ?", (row["id"],))
            audit.append(self._conn, actor, "staff", action="unlock", name=row["name"],
                         was_locked=row["locked_until"] > 0, failed_attempts=row["failed_attempts"])
        self._locks.pop(row["id"], None)

    @property
    def _conn(self):
        return self._store.conn

    def list(self) -> list[StaffMember]:
        return [_member(r) for r in self._conn.execute("SELECT * FROM staff ORDER BY name COLLATE NOCASE")]

    def active(self) -> list[StaffMember]:
        return [m for m in self.list() if not m.disabled]

    def get(self, name: str) -> StaffMember | None:
        row = self._conn.execute("SELECT * FROM staff WHERE name = ?", (clean_name(name),)).fetchone()
        return _member(row) if row else None

    def add(self, name: str, role: str, pin: str, actor: str = "setup") -> StaffMember:
        name = clean_name(name)
        if not name:
            raise StaffError("A staff member needs a name.")
        if len(name) > 80:
            raise StaffError("A staff name may be at most 80 characters.")
        if _hidden_characters(name):
            raise StaffError("A staff name may not hold control or invisible characters.")
        if role not in ROLES:
            raise StaffError(f"The role must be nurse or admin, not '{role}'.")
        check_policy(pin)
        digest, salt, params = hash_pin(pin)
        with transaction(self._conn, self._store.path):
            # NOCASE folds ASCII only: compare with Unicode case folding too ('ÉLODIE' is 'élodie')
            taken = [r["name"] for r in self._conn.execute("SELECT name FROM staff")]
            if any(t.casefold() == name.casefold() for t in taken):
                raise StaffError(f"There is already a staff member called '{name}'.")
            self._conn.execute(
                "INSERT INTO staff (name, role, pin_hash, pin_salt, pin_params) VALUES (?, ?, ?, ?, ?)",
                (name, role, digest, salt, params),
            )
            audit.append(self._conn, actor, "staff", action="add", name=name, role=role)
        return self.get(name)

    def reset_pin(self, name: str, pin: str, actor: str) -> None:
        name = clean_name(name)
        check_policy(pin)
        digest, salt, params = hash_pin(pin)
        with transaction(self._conn, self._store.path):
            cur = self._conn.execute(
                "UPDATE staff SET pin_hash = ?, pin_salt = ?, pin_params = ?, failed_attempts = 0, locked_until = 0 "
                "WHERE name = ?",
                (digest, salt, params, name),
            )
            if cur.rowcount == 0:
                raise StaffError(f"There is no staff member called '{name}'.")
            audit.append(self._conn, actor, "staff", action="reset_pin", name=name)

    def set_language(self, name: str, language: str, actor: str) -> None:
        """Store NAME's screen language (a code the caller has checked); audited with the new code."""
        name = clean_name(name)
        with transaction(self._conn, self._store.path):
            cur = self._conn.execute("UPDATE staff SET language = ? WHERE name = ?", (language, name))
            if cur.rowcount == 0:
                raise StaffError(f"There is no staff member called '{name}'.")
            audit.append(self._conn, actor, "staff", action="language", name=name, language=language)

    def set_disabled(self, name: str, disabled: bool, actor: str) -> None:
        name = clean_name(name)
        with transaction(self._conn, self._store.path):
            row = self._conn.execute("SELECT * FROM staff WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise StaffError(f"There is no staff member called '{name}'.")
            if disabled and row["role"] == "admin" and not row["disabled"]:
                admins = self._conn.execute(
                    "SELECT COUNT(*) FROM staff WHERE role = 'admin' AND disabled = 0").fetchone()[0]
                if admins <= 1:
                    raise StaffError("The last active admin cannot be disabled; add another admin first.")
            self._conn.execute("UPDATE staff SET disabled = ? WHERE name = ?", (int(disabled), name))
            audit.append(self._conn, actor, "staff", action="disable" if disabled else "enable", name=name)

    def verify(self, name: str, pin: str) -> StaffMember:
        """Check a PIN. Raises LockedOut, WrongPin or StaffError; every outcome is audited (the audit entry is
        committed before the exception leaves, so refusals are never rolled back)."""
        error: StaffError | None = None
        name = clean_name(name)
        with transaction(self._conn, self._store.path):
            row = self._conn.execute("SELECT * FROM staff WHERE name = ?", (name,)).fetchone()
            now = self._clock()
            if row is None or row["disabled"]:
                audit.append(self._conn, name or "?", "pin_failed", reason="unknown or disabled account")
                error = StaffError("That staff account is not active.")
            elif (wait := self._remaining(row, now)) > 0:
                if row["locked_until"] - now > MAX_LOCKOUT_SECONDS:  # set under a clock that ran fast: bring back
                    self._conn.execute("UPDATE staff SET locked_until = ? WHERE id = ?", (now + wait, row["id"]))
                    self._remember_lock(row["id"], now + wait, wait)
                audit.append(self._conn, row["name"], "pin_failed", reason="locked")
                error = LockedOut(wait)
            elif verify_pin(pin, row["pin_hash"], row["pin_salt"], row["pin_params"]):
                self._conn.execute("UPDATE staff SET failed_attempts = 0, locked_until = 0 WHERE id = ?", (row["id"],))
                audit.append(self._conn, row["name"], "sign_in", role=row["role"])
                return _member(self._conn.execute("SELECT * FROM staff WHERE id = ?", (row["id"],)).fetchone())
            else:
                failed = row["failed_attempts"] + 1
                delay = lockout_seconds(failed)
                self._conn.execute("UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                                   (failed, now + delay if delay else 0, row["id"]))
                if delay:
                    self._remember_lock(row["id"], now + delay, delay)
                audit.append(self._conn, row["name"], "pin_failed", attempts=failed, locked_for=delay)
                error = LockedOut(delay) if delay else WrongPin(5 - failed)
        raise error

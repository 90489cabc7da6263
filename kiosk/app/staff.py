"""Staff: sign in and out, the first admin, and every change to accounts. No Qt.

The PIN rules (policy, salted PBKDF2, the lockout that survives a restart) live in kiosk.core.pins and the
store; who may change an account lives here: only an active admin, re-read from the database at every call.
"""
from __future__ import annotations

from pathlib import Path

from kiosk.app.core import ADMIN, STAFF, require_file_owner
from kiosk.app.errors import NotAllowed, StaffError
from kiosk.core.model import StaffMember


class Staff:
    def __init__(self, app):
        self._app = app

    @property
    def _repo(self):
        return self._app._store.staff

    # ---- open to the sign-in screen ------------------------------------------------------------------------
    def names_for_sign_in(self) -> list[str]:
        """The active accounts' names, for the PIN pad's name buttons (roles, hashes and counters stay hidden)."""
        return [m.name for m in self._repo.active()]

    def locked_until(self, name: str) -> float:
        """Wall-clock seconds until which NAME's account is locked (0 when it is not)."""
        member = self._repo.get(name)
        return member.locked_until if member else 0.0

    def any_exist(self) -> bool:
        return bool(self._repo.list())

    def sign_in(self, name: str, pin: str) -> StaffMember:
        """Check a PIN; raises WrongPin, LockedOut, StaffError (inactive) or StoreError. Every outcome is audited."""
        return self._repo.verify(name, pin)

    def sign_out(self, member: StaffMember, reason: str) -> None:
        self._app._store.audit.record(member.name, "sign_out", reason=reason)

    def current(self, member: StaffMember | None) -> StaffMember | None:
        """MEMBER as the database has it now (None when gone); disabled and role changes show at once."""
        return self._repo.get(member.name) if member is not None else None

    def is_active_admin(self, member: StaffMember | None) -> bool:
        now = self.current(member)
        return now is not None and now.role == ADMIN and not now.disabled

    def create_first_admin(self, name: str, pin: str, actor: str = "first start") -> StaffMember:
        """The very first account, which must be an admin; refused once any account exists or on the read-only
        fallback. Returns the new admin, signed in."""
        if self._app.read_only_reason:
            raise StaffError(f"{self._app.read_only_reason} Staff accounts cannot be created until the database "
                             "is repaired.")
        if self._repo.list():
            raise NotAllowed("Staff accounts already exist; an admin adds new ones from the staff page.")
        self._repo.add(name, ADMIN, pin, actor=actor)
        return self._repo.verify(" ".join(name.split()), pin)

    # ---- admin only ----------------------------------------------------------------------------------------
    def members(self, actor: StaffMember) -> list[StaffMember]:
        self._app.require(actor, (ADMIN,), "see the staff list")
        return self._repo.list()

    def add(self, actor: StaffMember, name: str, role: str, pin: str) -> StaffMember:
        member = self._app.require(actor, (ADMIN,), "add staff")
        return self._repo.add(name, role, pin, actor=member.name)

    def reset_pin(self, actor: StaffMember, name: str, pin: str) -> None:
        member = self._app.require(actor, (ADMIN,), "reset PINs")
        self._repo.reset_pin(name, pin, member.name)

    def set_disabled(self, actor: StaffMember, name: str, disabled: bool) -> None:
        member = self._app.require(actor, (ADMIN,), "disable or enable staff")
        self._repo.set_disabled(name, disabled, member.name)

    # ---- anyone signed in ----------------------------------------------------------------------------------
    def change_own_pin(self, actor: StaffMember, old_pin: str, new_pin: str) -> None:
        """A member changes their own PIN: the old one is checked (and counts towards the lockout)."""
        member = self._app.require(actor, STAFF, "change a PIN")
        self._repo.verify(member.name, old_pin)
        self._repo.reset_pin(member.name, new_pin, member.name)

    # ---- recovery (no PIN: for whoever may already write the database file) -------------------------------
    def recover(self, name: str, pin: str) -> StaffMember:
        """Set a new PIN for NAME, re-enable and unlock the account, without anyone's PIN.

        Allowed only for someone who can already change the database file by other means, so it opens no new
        door (kiosk.app.core.require_file_owner says exactly what is checked). Raises NotAllowed otherwise,
        StaffError for an unknown name, PinPolicyError for a weak PIN; audited under the operating-system user."""
        path = Path(self._app._store.path)
        if str(path) == ":memory:" or not path.exists():
            raise NotAllowed("There is no database file to recover an account in.")
        who = require_file_owner(path, "recover an account")
        member = self._repo.get(name)
        if member is None:
            raise StaffError(f"There is no staff member called '{name}'.")
        self._repo.reset_pin(member.name, pin, who)
        if member.disabled:
            self._repo.set_disabled(member.name, False, who)
        self._app._store.audit.record(who, "staff", action="recover", name=member.name)
        return self._repo.get(member.name)


"""Staff: sign in and out, the first admin, and every change to accounts. No Qt.

The PIN rules (policy, salted PBKDF2, the lockout that survives a restart) live in kiosk.core.pins and the
store; who may change an account lives here: only an active admin, re-read from the database at every call.
"""
from __future__ import annotations

from pathlib import Path

from kiosk.app.core import ADMIN, STAFF, require_file_owner
from kiosk.app.errors import NotAllowed, ServerDownError, StaffError
from kiosk.core import i18n
from kiosk.core.model import StaffMember
from kiosk.store import setup_state


class Staff:
    def __init__(self, app):
        self._app = app

    @property
    def _repo(self):
        return self._app._store.staff

    # ---- open to the sign-in screen ------------------------------------------------------------------------
    def names_for_sign_in(self) -> list[str]:
        """The active accounts' names, for the PIN pad's name buttons (roles, hashes and counters stay hidden);
        none while the clinic server cannot be reached (unavailable_reason() says so)."""
        try:
            return [m.name for m in self._repo.active()]
        except ServerDownError:
            return []

    def any_exist(self) -> bool:
        return bool(self._repo.list())

    def sign_in(self, name: str, pin: str) -> StaffMember:
        """Check a PIN; raises WrongPin, LockedOut, StaffError (inactive) or StoreError. Every outcome is audited."""
        return self._repo.verify(name, pin)

    def sign_out(self, member: StaffMember, reason: str) -> str:
        """Audit a sign-out (done, idle, exit, cancel). Never refused: when the database will not take the entry
        now (busy, full, read-only, replaced) it waits in the audit outbox; returns "" or that one sentence."""
        return self._app._store.audit.record_or_keep(member.name, "sign_out", reason=reason)

    def current(self, member: StaffMember | None) -> StaffMember | None:
        """MEMBER as the database has it now (None when gone); disabled and role changes show at once."""
        return self._repo.get(member.name) if member is not None else None

    def is_active_admin(self, member: StaffMember | None) -> bool:
        """False too while the clinic server cannot be reached (no admin work can be saved then)."""
        try:
            now = self.current(member)
        except ServerDownError:
            return False
        return now is not None and now.role == ADMIN and not now.disabled

    def first_setup_allowed(self) -> bool:
        """True when the first admin may be created here: a real, writable database with no staff that was never
        set up before (kiosk.store.setup_state keeps that record outside the data folder). The kiosk offers it
        only at start, before any patient screen; the CLI any time."""
        store = self._app._store
        if store.read_only_reason or str(store.path) == ":memory:":
            return False
        try:
            return not self._repo.list() and not setup_state.was_set_up(store.path)
        except ServerDownError:
            return False  # the clinic server is down: its staff list is unknown, so never a first set-up

    def unavailable_reason(self) -> str | None:
        """Why nobody can sign in here (one or two sentences), or None when someone can."""
        try:
            self._repo.list()
        except ServerDownError as exc:
            return str(exc)  # "The clinic server cannot be reached (…); … staff changes wait until it is back."
        if self._app.read_only_reason and not self._repo.list():
            return f"{self._app.read_only_reason} Staff sign-in is off until the database is restored."
        if not self._repo.list():
            return ("There is no staff account yet. The first admin is created when the kiosk starts on a new "
                    "database, or from a terminal: kiosk staff add NAME --role admin.")
        return None

    def create_first_admin(self, name: str, pin: str, actor: str = "first start", sign_in: bool = True):
        """The very first account, which must be an admin: refused once any account exists, on the read-only
        fallback, and on a database that was set up before (a lost or replaced database is restored, never
        started afresh). Records the set-up; returns the new admin, signed in unless not SIGN_IN.
        Raises StaffError, PinPolicyError or StoreError."""
        store = self._app._store
        if self._app.read_only_reason:
            raise StaffError(f"{self._app.read_only_reason} Staff accounts cannot be created until the database "
                             "is restored (kiosk restore).")
        if self._repo.list():
            raise StaffError("Staff accounts exist already: sign in with your PIN instead.")
        if str(store.path) != ":memory:" and setup_state.was_set_up(store.path):
            raise StaffError("This kiosk was set up before; restore its database instead of starting afresh.")
        self._repo.add(name, ADMIN, pin, actor=actor)
        if str(store.path) != ":memory:":
            try:
                setup_state.record_setup(store.path)
            except OSError as exc:
                from kiosk.core import messages

                messages.error(f"The set-up marker could not be written ({exc.strerror or exc}).")
        if not sign_in:
            return self._repo.get(name)
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
        if disabled and " ".join(name.split()).casefold() == member.name.casefold():
            raise StaffError("You cannot disable your own account while signed in; ask another admin.")
        self._repo.set_disabled(name, disabled, member.name)

    def unlock(self, actor: StaffMember, name: str) -> None:
        """Lift NAME's wrong-PIN lock and reset the count (audited with who and how many wrong PINs there were)."""
        member = self._app.require(actor, (ADMIN,), "unlock staff accounts")
        self._repo.unlock(name, member.name)

    def lock_remaining(self, name: str) -> float:
        """Seconds until NAME may try a PIN again (0 when not locked), never more than the policy's cap and
        immune to wall-clock steps within this run. 0 while the clinic server cannot be reached: the sign-in
        itself then says so in one sentence."""
        try:
            return self._repo.lock_remaining(name)
        except ServerDownError:
            return 0.0

    # ---- anyone signed in ----------------------------------------------------------------------------------
    def change_own_pin(self, actor: StaffMember, old_pin: str, new_pin: str) -> None:
        """A member changes their own PIN: the old one is checked (and counts towards the lockout)."""
        member = self._app.require(actor, STAFF, "change a PIN")
        self._repo.verify(member.name, old_pin)
        self._repo.reset_pin(member.name, new_pin, member.name)

    def set_language(self, actor: StaffMember, name: str, language: str) -> StaffMember:
        """Save NAME's staff-screen language. A member may set their own; an admin anyone's. Raises StaffError
        (one sentence) for a language the kiosk does not have or an unknown name, NotAllowed otherwise."""
        own = " ".join(name.split()).casefold() == actor.name.casefold()
        member = self._app.require(actor, STAFF if own else (ADMIN,), "change a staff member's language")
        if language not in i18n.LANGUAGES:
            raise StaffError(f"'{language}' is not a language the kiosk has; it has "
                             f"{', '.join(i18n.LANGUAGES)}.")
        self._repo.set_language(name, language, member.name)
        return self._repo.get(name)

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


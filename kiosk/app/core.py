"""The application core's root object: `App` wraps one open store and holds one service per area.

    app = App.open(db)                        # or App.open_or_fallback(db) for the kiosk itself
    app.handouts.publish(member, handout, expected=token)
    app.content.apply_import(member, folder)
    app.staff.sign_in(name, pin)

Who may do what is decided here (`require`), once, for every door: screens, the `kiosk` command, pack imports and
restores all call these services and never the store. No Qt.
"""
from __future__ import annotations

import os

from kiosk.app.errors import NotAllowed
from kiosk.core.model import StaffMember

ADMIN = "admin"
STAFF = ("nurse", "admin")


class App:
    """One open kiosk database and the services over it. Build with App.open(); wrap an open Store with as_app()."""

    def __init__(self, store):
        from kiosk.app.audit import AuditService
        from kiosk.app.backups import Backups
        from kiosk.app.content import Content
        from kiosk.app.handouts import Handouts
        from kiosk.app.prints import Prints
        from kiosk.app.settings import Settings
        from kiosk.app.staff import Staff

        self._store = store
        store._app = self
        self.handouts = Handouts(self)
        self.content = Content(self)
        self.staff = Staff(self)
        self.settings = Settings(self)
        self.backups = Backups(self)
        self.audit = AuditService(self)
        self.prints = Prints(self)

    # ---- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, db: str | os.PathLike | None = None, seed: bool = True) -> "App":
        """Open (creating, migrating and on first start seeding) the database. Raises StoreError subclasses."""
        from kiosk.services import open_store

        return cls(open_store(db, seed=seed))

    @classmethod
    def open_or_fallback(cls, db: str | os.PathLike | None = None) -> tuple["App", str | None]:
        """The kiosk's start: the real database, or the bundled handouts read-only with the reason in a sentence."""
        from kiosk.services import open_store_or_fallback

        store, problem = open_store_or_fallback(db)
        return cls(store), problem

    def close(self) -> None:
        self._store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- facts the screens show ----------------------------------------------------------------------------
    @property
    def read_only_reason(self) -> str | None:
        """Set when the kiosk runs on the bundled handouts because its database could not be used."""
        return self._store.read_only_reason

    @property
    def data_folder(self):
        """The folder that holds the database (kept sheet copies and the logo live beside it)."""
        from pathlib import Path

        return Path(self._store.path).parent

    def stamp(self):
        """Changes whenever this or any other connection wrote to the database (for caches)."""
        return self._store.stamp()

    # ---- who may ------------------------------------------------------------------------------------------
    def require(self, actor: StaffMember | None, roles=(ADMIN,), action: str = "do this") -> StaffMember:
        """The acting member, re-read from the database: active and in one of `roles`, else NotAllowed (audited).

        A disabled account, a changed role or a forged StaffMember is caught here, not by the screen that asked."""
        current = self._store.staff.get(actor.name) if actor is not None else None
        if current is None or current.disabled or current.role not in roles:
            who = actor.name if actor is not None else "?"
            try:
                self._store.audit.record(who, "access_denied", action=action)
            except Exception:  # noqa: BLE001 - a read-only or busy store must not hide the refusal itself
                pass
            need = "an admin" if tuple(roles) == (ADMIN,) else "signed-in staff"
            raise NotAllowed(f"Only {need} may {action}.")
        return current


def default_db_path():
    """The database the kiosk opens when none is named: KIOSK_DB, else kiosk.sqlite3 in the user data folder."""
    from kiosk.store import default_db_path as where

    return where()


def require_file_owner(path, action: str) -> str:
    """For doors that work without anyone's PIN (recovering a lost admin PIN, restoring over a database that
    cannot be opened): allowed only to someone who can already change the database file by other means, so no new
    door opens. Checked: this process can write the file (when it exists) and its folder (os.access W_OK), and
    runs as the file's owner or as root. Returns the operating-system user's name for the audit entry; raises
    NotAllowed otherwise."""
    from pathlib import Path

    path = Path(path)
    uid = os.geteuid()
    target = path if path.exists() else path.parent
    writable = os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    if not writable or uid not in (0, target.stat().st_uid):
        raise NotAllowed(f"Only the owner of {path} (or root), who can already change it, may {action}; "
                         "run this as that user.")
    try:
        import pwd

        return f"os-user {pwd.getpwuid(uid).pw_name}"
    except (KeyError, ImportError):
        return f"os-user {uid}"


def as_app(obj) -> App:
    """The App for an App or an open Store (one App per store, so every screen shares its notices)."""
    if isinstance(obj, App):
        return obj
    existing = getattr(obj, "_app", None)
    return existing if isinstance(existing, App) else App(obj)

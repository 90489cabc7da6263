"""Use cases that join the layers below the UI: open the store, seed it, import and export content. No Qt."""
from __future__ import annotations

import os
from pathlib import Path

from kiosk import resources
from kiosk.content.library import LoadResult, load_folder, write_folder
from kiosk.store import Store, setup_state
from kiosk.store.handouts import ImportPlan


class ContentError(Exception):
    """A content folder or pack was refused; `problems` holds one FILE:LINE: message per problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the handout files; nothing was imported.")


def open_store(db: str | os.PathLike | None = None, seed: bool = True) -> Store:
    """Open (creating and migrating) the database; on first start import the bundled handouts/.
    Raises SetupLostError (a StoreError) when this database was set up before and is now missing, empty or
    without staff: never a fresh start there (see kiosk.store.setup_state)."""
    from kiosk.store import default_db_path

    path = Path(db) if db is not None else default_db_path()
    real = str(path) != ":memory:"
    if real:
        setup_state.check_before_open(path)
    store = Store.open(path)
    if real:
        try:
            count = len(store.staff.list())
            setup_state.check_staff(path, count)
            if count:
                setup_state.record_setup(path)  # a kiosk set up before the marker existed
        except setup_state.SetupLostError:
            store.close()
            raise
        except OSError:
            pass  # the state folder cannot be written: the kiosk still runs; the marker comes at a later start
    if seed and store.handouts.count() == 0:
        folder = resources.handouts_dir()
        if folder.is_dir() and any(folder.glob("*.toml")):
            import_folder(store, folder, actor="first start")
    prune_kept_sheets(store)
    return store


def prune_kept_sheets(store: Store) -> int:
    """Kept copies of printed sheets (which hold patients' names) go when their days are up, at every start and
    whether or not the admin still keeps new ones: turning the setting off must not keep the old ones forever."""
    from kiosk.printing.record import copies_folder, prune_copies

    return prune_copies(copies_folder(store), store.settings.get().keep_copies_days)


def open_store_or_fallback(db: str | os.PathLike | None = None) -> tuple[Store, str | None]:
    """Open the database; when it cannot be used (damaged, not SQLite, newer schema, unreadable), say why in one
    sentence and give a read-only in-memory store holding the bundled handouts, so patients never see a blank
    screen. Returns (store, problem); problem is None when the real database opened."""
    from kiosk.store import StoreError

    try:
        return open_store(db), None
    except StoreError as exc:
        problem = str(exc)
    except OSError as exc:
        problem = f"The database cannot be opened ({exc.strerror or exc})."
    fallback = Store.open(":memory:")
    folder = resources.handouts_dir()
    result = load_folder(folder)
    fallback.handouts.import_handouts([(f.handout, f.text) for f in result.files], actor="fallback", source="bundled")
    # Read-only in fact, not just in name: an edit, a sign-in or a print record here would vanish at the next
    # start, so every write raises ReadOnlyError instead of pretending to succeed.
    fallback.conn.execute("PRAGMA query_only = ON")
    fallback.read_only_reason = problem
    return fallback, problem


# ---- the first admin (issue 13: never from the patient screens) --------------------------------------------
def first_setup_allowed(store: Store) -> bool:
    """True when the first admin may be created on this store: a real, writable database with no staff that
    was never set up before. The app offers it only at start, before any patient screen; the CLI any time."""
    if store.read_only_reason or str(store.path) == ":memory:":
        return False
    return not store.staff.list() and not setup_state.was_set_up(store.path)


def create_first_admin(store: Store, name: str, pin: str, actor: str = "first start", sign_in: bool = True):
    """Create the first admin, record that this database is set up, and (unless not SIGN_IN) sign them in;
    returns the StaffMember.
    Raises StaffError (staff exist already, or set-up is not allowed here), PinPolicyError, StoreError."""
    from kiosk.store.staff import StaffError

    if store.read_only_reason:
        raise StaffError(f"{store.read_only_reason} Staff accounts cannot be created until the database is "
                         "restored (kiosk restore).")
    if store.staff.list():
        raise StaffError("Staff accounts exist already: sign in with your PIN instead.")
    if setup_state.was_set_up(store.path):
        raise StaffError("This kiosk was set up before; restore its database instead of starting afresh.")
    store.staff.add(name, "admin", pin, actor=actor)
    try:
        setup_state.record_setup(store.path)
    except OSError as exc:
        from kiosk.core import messages

        messages.error(f"The set-up marker could not be written ({exc.strerror or exc}).")
    if not sign_in:
        return store.staff.get(name)
    return store.staff.verify(" ".join(name.split()), pin)


def staff_unavailable_reason(store: Store) -> str | None:
    """Why nobody can sign in on this store (one or two sentences), or None when someone can."""
    if store.read_only_reason and not store.staff.list():
        return f"{store.read_only_reason} Staff sign-in is off until the database is restored."
    if not store.staff.list():
        return ("There is no staff account yet. The first admin is created when the kiosk starts on a new "
                "database, or from a terminal: kiosk staff add NAME --role admin.")
    return None


def load_checked(folder: str | os.PathLike) -> LoadResult:
    result = load_folder(Path(folder))
    if not result.ok:
        raise ContentError(result.problems)
    return result


def import_folder(store: Store, folder: str | os.PathLike, actor: str) -> ImportPlan:
    """Validate every file first; then publish them all in one transaction, or nothing."""
    result = load_checked(folder)
    items = [(f.handout, f.text) for f in result.files]
    return store.handouts.import_handouts(items, actor=actor, source=Path(folder).name)


def plan_folder(store: Store, folder: str | os.PathLike) -> ImportPlan:
    result = load_checked(folder)
    return store.handouts.plan_import([(f.handout, f.text) for f in result.files])


def export_folder(store: Store, folder: str | os.PathLike, actor: str, slugs: set[str] | None = None) -> list[Path]:
    items = store.handouts.source_items(slugs)
    written = write_folder(Path(folder), items)
    store.audit.record(actor, "export", files=len(written), target=Path(folder).name)
    return written

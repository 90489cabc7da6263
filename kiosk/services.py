"""Opening the store: create, migrate and seed it, or fall back to the bundled handouts read-only. No Qt.

Everything a person does goes through kiosk.app; import_folder/export_folder here are that core's doors for
tests and tools that act under a plain name."""
from __future__ import annotations

import os
from pathlib import Path

from kiosk import resources
from kiosk.app.errors import ContentRefused as ContentError  # noqa: F401 - the one refusal type for content
from kiosk.content.library import load_folder
from kiosk.store import Store, StoreError, setup_state
from kiosk.store.handouts import ImportPlan


class NoBundledHandouts(StoreError):
    """The install holds no bundled handouts to seed an empty database with (one sentence; nothing is seeded)."""


def bundled_handouts() -> Path:
    """The packaged handout folder; raises NoBundledHandouts when it is missing or empty (a broken install)."""
    try:
        return resources.bundled_handouts()
    except resources.MissingHandouts as exc:
        raise NoBundledHandouts(str(exc)) from None


def open_store(db: str | os.PathLike | None = None, seed: bool = True) -> Store:
    """Open (creating and migrating) the database; on first start import the bundled handouts.
    Raises NoBundledHandouts when the database is empty and the install has no handouts to seed it with (an empty
    library is never shown to patients), and SetupLostError (a StoreError) when this database was set up before and is now missing, empty or
    without staff: never a fresh start there (see kiosk.store.setup_state)."""
    from kiosk.store import default_db_path
    from kiosk.store.pg_conn import is_server_url

    target = db if db is not None else default_db_path()
    if is_server_url(str(target)):
        return open_server_store(str(target), seed=seed)
    path = Path(target)
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
        _seed(store)
    prune_kept_sheets(store)
    settle_after_crash(store)
    return store


def _seed(store) -> None:
    """Import the bundled handouts into an empty store through the core (closing the store and re-raising
    NoBundledHandouts when the install has none)."""
    try:
        folder = bundled_handouts()
    except NoBundledHandouts:
        store.close()
        raise
    from kiosk.app import as_app

    as_app(store).content.seed(folder)


def open_server_store(url: str, seed: bool = True, cache: str | os.PathLike | None = None):
    """Open the shared clinic server (kiosk.store.pg_store): migrate and check it, refresh this device's cache,
    seed an empty server with the bundled handouts (once, whichever device starts first: the import runs under
    the writers' lock). Offline with a cached library it opens anyway (patients keep reading). Raises the
    server's one-sentence StoreError otherwise."""
    from kiosk.store.pg_store import PgStore

    store = PgStore.open(url, cache)
    if seed and store.offline_reason is None and store.handouts.count() == 0:
        _seed(store)
    try:
        prune_kept_sheets(store)
    except StoreError:
        pass
    settle_after_crash(store)
    return store


def settle_after_crash(store: Store) -> None:
    """What a run that was killed left behind: audit entries kept in the outbox are written, and print jobs it
    left in flight are cancelled on CUPS and audited as abandoned (kiosk.printing.journal). Never stops a start:
    a database or CUPS that refuses now is tried again at the next start (or the next audit write)."""
    import logging
    import sqlite3

    from kiosk.printing.journal import recover
    from kiosk.store import StoreError

    try:
        store.audit.flush_outbox()
    except (StoreError, sqlite3.Error, OSError):
        pass  # still refused: the entries stay kept for the next write
    try:
        recover(store)
    except Exception as exc:  # noqa: BLE001 - housekeeping must never stop the kiosk starting
        logging.getLogger("kiosk").warning("Settling print jobs left by an earlier run failed (%s).",
                                           type(exc).__name__)


def prune_kept_sheets(store: Store) -> int:
    """Kept copies of printed sheets (which hold patients' names) go when their days are up, at every start and
    whether or not the admin still keeps new ones: turning the setting off must not keep the old ones forever."""
    from kiosk.printing.record import copies_folder, prune_copies

    return prune_copies(copies_folder(store), store.settings.get().keep_copies_days)


def open_store_or_fallback(db: str | os.PathLike | None = None) -> tuple[Store, str | None]:
    """Open the database; when it cannot be used (damaged, not SQLite, newer schema, unreadable), say why in one
    sentence and give a read-only in-memory store holding the bundled handouts, so patients never see a blank
    screen. Returns (store, problem); problem is None when the real database opened."""
    try:
        return open_store(db), None
    except NoBundledHandouts:
        raise  # nothing to fall back on either
    except StoreError as exc:
        problem = str(exc)
    except OSError as exc:
        problem = f"The database cannot be opened ({exc.strerror or exc})."
    folder = bundled_handouts()
    fallback = Store.open(":memory:")
    result = load_folder(folder)
    fallback.handouts.import_handouts([(f.handout, f.text) for f in result.files], actor="fallback", source="bundled")
    # Read-only in fact, not just in name: an edit, a sign-in or a print record here would vanish at the next
    # start, so every write raises ReadOnlyError instead of pretending to succeed.
    fallback.conn.execute("PRAGMA query_only = ON")
    fallback.read_only_reason = problem
    return fallback, problem


# ---- for tests and tools that act under a plain name (no one signed in): the same checks as every door -------
def import_folder(store: Store, folder: str | os.PathLike, actor: str) -> ImportPlan:
    """Check every file (FILE:LINE errors refuse all of them), then publish them all in one transaction, or
    nothing. The app's Content.apply_import is the door for people; this one is for tests and tools."""
    from kiosk.app import as_app

    return as_app(store).content._import(actor, folder, None)


def export_folder(store: Store, folder: str | os.PathLike, actor: str, slugs: set[str] | None = None) -> list[Path]:
    from kiosk.app import as_app

    return as_app(store).content._export(actor, folder, slugs)

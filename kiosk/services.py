"""Use cases that join the layers below the UI: open the store, seed it, import and export content. No Qt."""
from __future__ import annotations

import os
from pathlib import Path

from kiosk import resources
from kiosk.content.library import LoadResult, load_folder, write_folder
from kiosk.store import Store
from kiosk.store.handouts import ImportPlan


class ContentError(Exception):
    """A content folder or pack was refused; `problems` holds one FILE:LINE: message per problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the handout files; nothing was imported.")


def open_store(db: str | os.PathLike | None = None, seed: bool = True) -> Store:
    """Open (creating and migrating) the database; on first start import the bundled handouts/."""
    store = Store.open(db)
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


def load_checked(folder: str | os.PathLike) -> LoadResult:
    """Load a folder and run `kiosk check`'s checks on it (kiosk/content/check.py): a file that does not parse,
    or one with an error that must never reach a patient (a missing warning sign of its procedure family, a term
    the glossary refuses, a fact that differs between English and Spanish, placeholder text...), refuses the
    whole import. Reading-level and review-date warnings do not. Raises ContentError."""
    from kiosk.content.check import check_loaded

    result = load_folder(Path(folder))
    if not result.ok:
        raise ContentError(result.problems)
    problems = check_loaded(result, errors_only=True)
    if problems:
        raise ContentError(problems)
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

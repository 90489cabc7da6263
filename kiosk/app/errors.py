"""Every refusal the application core gives, each a one-sentence exception. No Qt.

All are `StoreError`s, so a door catches one type and shows `str(exc)`: the store's own errors (busy, full,
read-only, damaged) and the core's refusals (not allowed, edited meanwhile, content refused) alike.
"""
from __future__ import annotations

from kiosk.store.db import (  # noqa: F401 - re-exported: doors import errors from the core, never the store
    BusyError,
    CannotOpenError,
    CorruptError,
    DiskFullError,
    NewerSchemaError,
    ReadOnlyError,
    StoreError,
)
from kiosk.store.pg_conn import ServerAuthError, ServerDownError  # noqa: F401 - the clinic server's refusals
from kiosk.store.handouts import EditConflict, HandoutNotFound  # noqa: F401
from kiosk.store.staff import LockedOut, StaffError, WrongPin  # noqa: F401


class NotAllowed(StoreError):
    """The acting staff member may not do this (wrong role, disabled, or nobody signed in)."""


class ContentRefused(StoreError):
    """Handout content failed the checks that stop a publish; `problems` holds one sentence (FILE:LINE: message
    for files) per problem, and nothing was written."""

    def __init__(self, problems, what: str = "the handout files", undone: str = "imported"):
        self.problems = list(problems)  # kiosk.core.model.Problem (FILE:LINE) for files, str for a handout
        super().__init__(f"{len(self.problems)} problem(s) in {what}; nothing was {undone}.")


class PictureRefused(StoreError):
    """A picture brought in (an admin's own drawing) fails the one picture rule (kiosk.core.pictures); str() is
    one sentence and nothing was kept."""

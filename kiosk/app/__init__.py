"""The application core: one entry point per thing a person does, and the one place each rule lives.

Screens (kiosk.ui) and the `kiosk` command (kiosk.cli) call only this package, never kiosk.store; import-linter
contracts in pyproject.toml hold them to it. See docs/architecture.md for which rule lives where.
"""
from kiosk.app.core import ADMIN, STAFF, App, as_app
from kiosk.app.errors import (
    BusyError,
    CannotOpenError,
    ContentRefused,
    CorruptError,
    DiskFullError,
    EditConflict,
    LockedOut,
    NewerSchemaError,
    NotAllowed,
    ReadOnlyError,
    StaffError,
    StoreError,
    WrongPin,
)
from kiosk.app.handouts import revision

__all__ = [
    "App", "as_app", "ADMIN", "STAFF", "revision",
    "StoreError", "BusyError", "CannotOpenError", "CorruptError", "DiskFullError", "NewerSchemaError",
    "ReadOnlyError", "NotAllowed", "ContentRefused", "EditConflict", "LockedOut", "WrongPin", "StaffError",
]

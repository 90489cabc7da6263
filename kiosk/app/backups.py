"""Backup and restore: admins only, and the file checks of kiosk.store.backup at every door. No Qt."""
from __future__ import annotations

import os
from pathlib import Path

from kiosk.app.core import ADMIN
from kiosk.core.model import StaffMember


class Backups:
    def __init__(self, app):
        self._app = app

    def backup(self, actor: StaffMember, out: str | os.PathLike) -> Path:
        """Copy the live database to OUT (consistent while others write); audited. Raises NotAllowed or
        StoreError (one sentence: a folder, the live database itself, a full disk...)."""
        from kiosk.store.backup import backup

        member = self._app.require(actor, (ADMIN,), "back up the database")
        return backup(self._app._store, out, actor=member.name)

    def verify(self, actor: StaffMember, source: str | os.PathLike) -> None:
        """Raise a one-sentence StoreError unless SOURCE is a backup this version can restore (a refusal is
        audited), or NotAllowed."""
        from kiosk.store.backup import verify_file

        member = self._app.require(actor, (ADMIN,), "restore a backup")
        try:
            verify_file(source)
        except Exception:
            try:
                self._app._store.audit.record(member.name, "restore", file=Path(source).name, result="refused")
            except Exception:  # noqa: BLE001 - the refusal stands even when the audit cannot be written
                pass
            raise

    def restore(self, actor: StaffMember, source: str | os.PathLike) -> Path:
        """Replace the database with SOURCE after it proves sound; the current one is kept aside (returned) and
        every live audit entry is kept. A refused file is audited. Raises NotAllowed or StoreError."""
        from kiosk.store.backup import restore

        self.verify(actor, source)
        member = self._app.require(actor, (ADMIN,), "restore a backup")
        if hasattr(self._app._store, "url"):
            from kiosk.app.errors import StoreError

            raise StoreError("A backup is not restored over the clinic server from a device: IT restores it into a "
                             "new empty database with kiosk migrate-to-server (docs/multi-kiosk.md); nothing was "
                             "changed.")
        return restore(self._app._store, source, actor=member.name)


def verify_file(source: str | os.PathLike) -> None:
    """The backup file checks alone (no one signed in, nothing audited): one-sentence StoreError or nothing."""
    from kiosk.store.backup import verify_file as check

    check(source)


def restore_before_set_up(app, source: str | os.PathLike, who: str) -> Path:
    """Restore into a database that has no staff account yet (a new device taking over a backup): nobody can
    sign in, so the caller has checked require_file_owner; the file checks are the same as ever."""
    from kiosk.app.errors import NotAllowed
    from kiosk.store.backup import restore

    if app.staff.any_exist():
        raise NotAllowed("Staff accounts exist: restore as an admin with --as NAME.")
    return restore(app._store, source, actor=who)


def restore_over_unusable(db: str | os.PathLike, source: str | os.PathLike, who: str, problem: str) -> Path:
    """When the live database cannot even be opened, nobody can sign in: restoring over it is allowed to whoever
    can write the file (the CLI checks that), and audited in the restored database. Returns the aside path."""
    from kiosk.store.backup import restore_over_unusable as replace_file

    return replace_file(db, source, actor=who, reason=problem)  # the restore entry is written inside the new file

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
        return restore(self._app._store, source, actor=member.name)


def restore_over_unusable(db: str | os.PathLike, source: str | os.PathLike, who: str, problem: str) -> Path:
    """When the live database cannot even be opened, nobody can sign in: restoring over it is allowed to whoever
    can write the file (the CLI checks that), and audited in the restored database. Returns the aside path."""
    from kiosk.store import Store
    from kiosk.store.backup import restore_over_unusable as replace_file

    aside = replace_file(db, source)
    with Store.open(db) as store:
        store.audit.record(who, "restore", file=Path(source).name, kept_aside=aside.name, replaced_unusable=problem)
    return aside

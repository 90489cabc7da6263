"""The audit log as admins read it: entries and CSV export, admins only (and the export is itself audited)."""
from __future__ import annotations

from pathlib import Path

from kiosk.app.core import ADMIN
from kiosk.core.model import StaffMember
from kiosk.store.audit import KINDS, AuditEntry  # noqa: F401 - re-exported for the screens

__all__ = ["AuditService", "KINDS", "AuditEntry"]


class AuditService:
    def __init__(self, app):
        self._app = app

    def entries(self, reader: StaffMember, /, **filters) -> list[AuditEntry]:
        """Newest first; filters: kind, actor, since, until (ISO UTC), limit."""
        self._app.require(reader, (ADMIN,), "read the audit log")
        return self._app._store.audit.entries(**filters)

    def export_csv(self, reader: StaffMember, out: str | Path, /, **filters) -> int:
        """Write the matching entries to OUT as CSV; returns how many. The export is audited."""
        member = self._app.require(reader, (ADMIN,), "export the audit log")
        if filters.get("kind") and filters["kind"] not in KINDS and filters["kind"] != "access_denied":
            from kiosk.app.errors import StoreError

            raise StoreError(f"There is no audit entry kind '{filters['kind']}'; use one of: {', '.join(KINDS)}.")
        count = self._app._store.audit.export_csv(Path(out), **filters)
        shown = {f"filter_{k}": v for k, v in filters.items() if v}
        self._app._store.audit.record(member.name, "export", what="audit log", rows=count, **shown)
        return count

    def access_denied(self, name: str, area: str, reason: str) -> None:
        """Note a refused attempt to open an area (the screens call this when they turn someone away)."""
        self._app._store.audit.record(name, "access_denied", area=area, reason=reason)

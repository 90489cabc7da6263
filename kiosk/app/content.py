"""Content packs and handout folders: check, plan and apply an import, export. No Qt.

Every door that brings handout files in (`kiosk import`, the admin's Content packs, the first start's seeding)
goes through plan_import/apply_import, which run the same checks as `kiosk check`: errors refuse the whole
import with FILE:LINE, warnings are listed in the plan, and an open draft of a changed handout is named in the
plan and kept, never dropped.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from kiosk.app.core import ADMIN
from kiosk.app.errors import ContentRefused
from kiosk.content.check import check_result
from kiosk.content.library import load_folder, write_folder
from kiosk.core.model import Problem, StaffMember
from kiosk.store.handouts import ImportPlan


class Content:
    def __init__(self, app):
        self._app = app

    def _checked(self, folder: str | os.PathLike, today: date | None = None):
        s = self._app.settings.get()
        result = load_folder(Path(folder))
        errors, warnings = check_result(result, today, s.reading_grade_target, s.spanish_reading_target)
        return result, errors, warnings

    def check(self, folder: str | os.PathLike, today: date | None = None) -> list[Problem]:
        """Every problem in a folder, errors first (open to anyone: it reads files, not the database)."""
        _, errors, warnings = self._checked(folder, today)
        return errors + warnings

    def plan_import(self, actor: StaffMember, folder: str | os.PathLike, today: date | None = None) -> ImportPlan:
        """What an import of FOLDER would do. Raises NotAllowed, or ContentRefused (audited) with FILE:LINE
        problems; the plan lists new, changed and unchanged handouts, the drafts kept and the warnings."""
        member = self._app.require(actor, (ADMIN,), "import handouts")
        result, errors, warnings = self._checked(folder, today)
        if errors:
            self._refused(member.name, folder, errors)
        plan = self._app._store.handouts.plan_import([(f.handout, f.text) for f in result.files])
        plan.warnings = [str(w) for w in warnings]
        return plan

    def apply_import(self, actor: StaffMember, folder: str | os.PathLike, today: date | None = None) -> ImportPlan:
        """Check FOLDER again (it may have changed since the plan), then publish every new or changed handout in
        one transaction, or nothing. Raises NotAllowed, ContentRefused or StoreError."""
        member = self._app.require(actor, (ADMIN,), "import handouts")
        return self._import(member.name, folder, today)

    def seed(self, folder: str | os.PathLike) -> ImportPlan:
        """The first start: the bundled handouts go in under the same checks, with no one signed in yet."""
        return self._import("first start", folder, None)

    def _import(self, actor_name: str, folder, today) -> ImportPlan:
        result, errors, warnings = self._checked(folder, today)
        if errors:
            self._refused(actor_name, folder, errors)
        items = [(f.handout, f.text) for f in result.files]
        plan = self._app._store.handouts.import_handouts(items, actor=actor_name, source=Path(folder).name)
        plan.warnings = [str(w) for w in warnings]
        return plan

    def _refused(self, actor_name: str, folder, errors) -> None:
        try:
            self._app._store.audit.record(actor_name, "import", source=Path(folder).name, result="refused",
                                          problems=len(errors))
        except Exception:  # noqa: BLE001 - the refusal stands even when the audit cannot be written
            pass
        raise ContentRefused(errors, "the handout files")

    def export(self, actor: StaffMember, folder: str | os.PathLike, slugs: set[str] | None = None) -> list[Path]:
        """Write the published handouts (all, or those slugs) as source files into FOLDER; audited."""
        member = self._app.require(actor, (ADMIN,), "export handouts")
        return self._export(member.name, folder, slugs)

    def _export(self, actor_name: str, folder, slugs) -> list[Path]:
        store = self._app._store
        written = write_folder(Path(folder), store.handouts.source_items(slugs))
        store.audit.record(actor_name, "export", files=len(written), target=Path(folder).name)
        return written

"""Content packs (export and import the library as handout source files) and database backup and restore.

An import is two steps: Check shows every FILE:LINE problem, or exactly what would be added and changed;
only then Apply publishes everything in one transaction. A restore checks the file's integrity first and keeps
the current database aside; a refused file changes nothing and the kiosk keeps working.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import ContentRefused, StoreError
from kiosk.core.i18n import _, _n
from kiosk.ui.admin.common import AdminContext, button, label, set_state, touch_scroll


def _list(min_height: int = 120) -> QListWidget:
    w = QListWidget()
    w.setMinimumHeight(min_height)
    w.setWordWrap(True)
    touch_scroll(w)
    return w


class PacksPage(QWidget):
    restored = Signal()  # the whole database was replaced

    def __init__(self, ctx: AdminContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.pending: Path | None = None  # a checked pack, ready to apply

        self.export_list = _list()
        self.export_all = button(_("Select all"), "quiet")
        self.export_none = button(_("Select none"), "quiet")
        self.export_btn = button(_("Export selected…"), "primary", _("Write the published text as handout source files"))
        export_box = QGroupBox(_("Export a content pack"))
        ex = QVBoxLayout(export_box)
        ex.addWidget(label(_("The published handouts, in the same file format as the handouts/ folder."), "hint"))
        ex.addWidget(self.export_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.export_all)
        row.addWidget(self.export_none)
        row.addStretch(1)
        row.addWidget(self.export_btn)
        ex.addLayout(row)

        self.check_btn = button(_("Check a pack…"), tip=_("Choose a folder of handout files; nothing changes yet"))
        self.apply_btn = button(_("Apply the whole pack"), "primary", _("Publish everything listed, all or nothing"))
        self.apply_btn.setEnabled(False)
        self.import_status = label(_("Choose a folder to see what it would change. Nothing changes until you "
                                   "apply it."), "hint")
        self.import_list = _list()
        import_box = QGroupBox(_("Import a content pack"))
        im = QVBoxLayout(import_box)
        im.addWidget(self.import_status)
        im.addWidget(self.import_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.check_btn)
        row.addStretch(1)
        row.addWidget(self.apply_btn)
        im.addLayout(row)

        self.backup_btn = button(_("Back up now…"))
        self.restore_btn = button(_("Restore from a backup…"), "danger")
        self.db_status = label("", "hint")
        db_box = QGroupBox(_("Backup and restore"))
        db = QVBoxLayout(db_box)
        db.addWidget(label(_("A backup is one file holding the handouts, their history, settings, staff and the "
                           "audit log. Restoring checks the file first and keeps the current database aside."),
                           "hint"))
        row = QHBoxLayout()
        row.addWidget(self.backup_btn)
        row.addWidget(self.restore_btn)
        row.addStretch(1)
        db.addLayout(row)
        db.addWidget(self.db_status)

        left = QVBoxLayout()
        left.addWidget(label(_("Content packs, backup and restore"), "heading"))
        left.addWidget(export_box, 1)
        right = QVBoxLayout()
        right.addWidget(import_box, 1)
        right.addWidget(db_box)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 1)
        lay.addLayout(right, 1)

        self.export_all.clicked.connect(lambda: self._check_all(True))
        self.export_none.clicked.connect(lambda: self._check_all(False))
        self.export_btn.clicked.connect(self.export)
        self.check_btn.clicked.connect(lambda: self.check_pack())
        self.apply_btn.clicked.connect(self.apply_pack)
        self.backup_btn.clicked.connect(lambda: self.make_backup())
        self.restore_btn.clicked.connect(lambda: self.restore_backup())
        ctx.library_changed.connect(self.refresh)
        self.refresh()

    # ---- export --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        checked = self.chosen_slugs() if self.export_list.count() else None
        self.export_list.clear()
        seen: dict[str, list[str]] = {}
        for v in self.ctx.app.handouts.published():
            seen.setdefault(v.handout.slug, []).append(v.handout.language)
        titles = {v.handout.slug: v.handout.title for v in self.ctx.app.handouts.published("en")}
        for slug in sorted(seen, key=lambda s: titles.get(s, s).casefold()):
            item = QListWidgetItem(f"{titles.get(slug, slug)}  ({', '.join(sorted(seen[slug]))})")
            item.setData(Qt.ItemDataRole.UserRole, slug)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked is None or slug in checked
                               else Qt.CheckState.Unchecked)
            self.export_list.addItem(item)
        if not seen:
            self.export_list.addItem(_("Nothing is published yet."))
        self.export_btn.setEnabled(bool(seen))

    def _check_all(self, on: bool) -> None:
        for i in range(self.export_list.count()):
            item = self.export_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole):
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen_slugs(self) -> set[str]:
        out = set()
        for i in range(self.export_list.count()):
            item = self.export_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) and item.checkState() == Qt.CheckState.Checked:
                out.add(item.data(Qt.ItemDataRole.UserRole))
        return out

    def export(self) -> list[Path]:
        slugs = self.chosen_slugs()
        if not slugs:
            self.ctx.notices.error(_("Tick at least one handout to export."))
            return []
        published = {(v.handout.slug, v.handout.language) for v in self.ctx.app.handouts.published()}
        orphans = sorted(slug for slug in slugs if (slug, "en") not in published)
        if orphans:  # a translation without its English original: the pack could never be imported again
            self.ctx.notices.error(_("These have no published English original, so a pack holding them would be "
                                     "refused on import: {slugs}. Untick them or publish the English text "
                                     "first.").format(slugs=", ".join(orphans)))
            return []
        folder = self.ctx.pick_folder(_("Export the content pack to a folder"))
        if not folder:
            return []
        existing = list(Path(folder).glob("*.toml"))
        if existing and not self.ctx.confirm(_("Export"), _n("The folder already holds {n} handout file.",
                                                                 "The folder already holds {n} handout files.",
                                                                 len(existing)).format(n=len(existing)),
                                             _("Files with the same names will be replaced."), _("Replace")):
            return []
        try:
            written = self.ctx.app.content.export(self.ctx.member, folder, slugs)
        except (StoreError, OSError) as exc:
            self.ctx.notices.error(_("The pack could not be written: {exc}").format(exc=exc))
            return []
        self.ctx.notices.ok(_n("Exported {n} handout file to {folder}.", "Exported {n} handout files to {folder}.",
                               len(written)).format(n=len(written), folder=folder))
        return written

    # ---- import --------------------------------------------------------------------------------------
    def check_pack(self, folder: str | None = None) -> bool:
        folder = folder or self.ctx.pick_folder(_("Choose the content pack folder"))
        if not folder:
            return False
        self.pending = None
        self.apply_btn.setEnabled(False)
        self.import_list.clear()
        try:
            plan = self.ctx.app.content.plan_import(self.ctx.member, folder)
        except ContentRefused as exc:
            self.import_status.setText(_n("Refused: {n} problem. Nothing was imported; fix it and check again.",
                                          "Refused: {n} problems. Nothing was imported; fix these and check again.",
                                          len(exc.problems)).format(n=len(exc.problems)))
            set_state(self.import_status, "role", "error")
            self.import_list.addItems([str(p) for p in exc.problems])
            self.ctx.notices.error(_("The pack was refused; nothing changed."))
            return False
        except StoreError as exc:
            self.import_status.setText(str(exc))
            set_state(self.import_status, "role", "error")
            self.ctx.notices.error(str(exc))
            return False
        for kind, keys in (("new", plan.added), ("changed", plan.changed), ("same", plan.unchanged)):
            for slug, lang in keys:
                self.import_list.addItem(f"{kind}: {slug} ({lang})")
        for draft in plan.drafts:  # never dropped: named here, kept on top after the import
            self.import_list.addItem(f"draft kept: {draft}")
        for warning in plan.warnings:
            self.import_list.addItem(f"warning: {warning}")
        todo = len(plan.added) + len(plan.changed)
        kept = _n(" {n} open draft is kept on top, unpublished.", " {n} open drafts are kept on top, unpublished.",
                  len(plan.drafts)).format(n=len(plan.drafts)) if plan.drafts else ""
        warned = _n(" {n} warning to look at.", " {n} warnings to look at.", len(plan.warnings)).format(
            n=len(plan.warnings)) if plan.warnings else ""
        self.import_status.setText(_("{new} new, {changed} changed, {same} unchanged.").format(
                                   new=len(plan.added), changed=len(plan.changed), same=len(plan.unchanged))
                                   + kept + warned + (_(" Apply to publish them all at once.") if todo
                                                                   else _(" Nothing to import.")))
        set_state(self.import_status, "role", "hint")
        if todo:
            self.pending = Path(folder)
            self.apply_btn.setEnabled(True)
        return True

    def apply_pack(self) -> bool:
        if self.pending is None:
            return False
        if not self.ctx.confirm(_("Import"), _("Publish everything in this pack?"),
                                self.import_status.text() + " " + _("Each changed handout gets a new version; "
                                                                    "its history is kept."), _("Import")):
            return False
        try:
            plan = self.ctx.app.content.apply_import(self.ctx.member, self.pending)
        except ContentRefused as exc:  # the files changed since the check
            self.ctx.notices.error(_("The pack was refused; nothing changed. {problem}").format(problem=exc.problems[0]))
            self.pending = None
            self.apply_btn.setEnabled(False)
            return False
        except StoreError as exc:
            self.ctx.notices.error(str(exc))
            return False
        self.pending = None
        self.apply_btn.setEnabled(False)
        self.import_status.setText(f"Imported: {len(plan.added)} new, {len(plan.changed)} changed.")
        self.ctx.notices.ok(self.import_status.text())
        self.ctx.library_changed.emit()
        return True

    # ---- backup and restore --------------------------------------------------------------------------
    def make_backup(self, out: str | None = None) -> Path | None:
        out = out or self.ctx.save_file(_("Back up the database"), f"kiosk-backup-{time.strftime('%Y%m%d-%H%M')}.sqlite3",
                                        _("Kiosk backups (*.sqlite3)"))
        if not out:
            return None
        try:
            written = self.ctx.app.backups.backup(self.ctx.member, out)
        except StoreError as exc:
            self.db_status.setText(str(exc))
            self.ctx.notices.error(str(exc))
            return None
        self.db_status.setText(_("Backed up to {written}.").format(written=written))
        self.ctx.notices.ok(_("Backed up to {name}.").format(name=written.name))
        return written

    def restore_backup(self, source: str | None = None) -> bool:
        source = source or self.ctx.open_file(_("Restore from a backup"), _("Kiosk backups (*.sqlite3 *.db);;All files (*)"))
        if not source:
            return False
        try:
            self.ctx.app.backups.verify(self.ctx.member, source)
        except StoreError as exc:
            self.db_status.setText(_("Refused: {exc} The current database is unchanged.").format(exc=exc))
            self.ctx.notices.error(_("That backup was refused; nothing changed."))
            return False
        if not self.ctx.confirm(_("Restore"), _("Replace the whole database with {name}?").format(name=Path(source).name),
                                _("Handouts, history, settings, staff and the audit log all come from the backup. "
                                "The current database is kept aside in a file next to it."), _("Restore")):
            return False
        try:
            aside = self.ctx.app.backups.restore(self.ctx.member, source)
        except StoreError as exc:
            self.db_status.setText(_("The restore failed and was undone: {exc}").format(exc=exc))
            self.ctx.notices.error(_("The restore failed; the current database was put back."))
            return False
        self.db_status.setText(_("Restored {name}. The previous database is kept as {aside}.").format(
            name=Path(source).name, aside=aside.name))
        self.ctx.notices.ok(_("Restored {name}.").format(name=Path(source).name))
        self.ctx.library_changed.emit()
        self.ctx.staff_changed.emit()
        self.restored.emit()
        return True

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
        self.export_all = button("Select all", "quiet")
        self.export_none = button("Select none", "quiet")
        self.export_btn = button("Export selected…", "primary", "Write the published text as handout source files")
        export_box = QGroupBox("Export a content pack")
        ex = QVBoxLayout(export_box)
        ex.addWidget(label("The published handouts, in the same file format as the handouts/ folder.", "hint"))
        ex.addWidget(self.export_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.export_all)
        row.addWidget(self.export_none)
        row.addStretch(1)
        row.addWidget(self.export_btn)
        ex.addLayout(row)

        self.check_btn = button("Check a pack…", tip="Choose a folder of handout files; nothing changes yet")
        self.apply_btn = button("Apply the whole pack", "primary", "Publish everything listed, all or nothing")
        self.apply_btn.setEnabled(False)
        self.import_status = label("Choose a folder to see what it would change. Nothing changes until you "
                                   "apply it.", "hint")
        self.import_list = _list()
        import_box = QGroupBox("Import a content pack")
        im = QVBoxLayout(import_box)
        im.addWidget(self.import_status)
        im.addWidget(self.import_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.check_btn)
        row.addStretch(1)
        row.addWidget(self.apply_btn)
        im.addLayout(row)

        self.backup_btn = button("Back up now…")
        self.restore_btn = button("Restore from a backup…", "danger")
        self.db_status = label("", "hint")
        db_box = QGroupBox("Backup and restore")
        db = QVBoxLayout(db_box)
        db.addWidget(label("A backup is one file holding the handouts, their history, settings, staff and the "
                           "audit log. Restoring checks the file first and keeps the current database aside.",
                           "hint"))
        row = QHBoxLayout()
        row.addWidget(self.backup_btn)
        row.addWidget(self.restore_btn)
        row.addStretch(1)
        db.addLayout(row)
        db.addWidget(self.db_status)

        left = QVBoxLayout()
        left.addWidget(label("Content packs, backup and restore", "heading"))
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
            self.export_list.addItem("Nothing is published yet.")
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
            self.ctx.notices.error("Tick at least one handout to export.")
            return []
        published = {(v.handout.slug, v.handout.language) for v in self.ctx.app.handouts.published()}
        orphans = sorted(slug for slug in slugs if (slug, "en") not in published)
        if orphans:  # a translation without its English original: the pack could never be imported again
            self.ctx.notices.error("These have no published English original, so a pack holding them would be "
                                   f"refused on import: {', '.join(orphans)}. Untick them or publish the English "
                                   "text first.")
            return []
        folder = self.ctx.pick_folder("Export the content pack to a folder")
        if not folder:
            return []
        existing = list(Path(folder).glob("*.toml"))
        if existing and not self.ctx.confirm("Export", f"The folder already holds {len(existing)} handout file(s).",
                                             "Files with the same names will be replaced.", "Replace"):
            return []
        try:
            written = self.ctx.app.content.export(self.ctx.member, folder, slugs)
        except (StoreError, OSError) as exc:
            self.ctx.notices.error(f"The pack could not be written: {exc}")
            return []
        self.ctx.notices.ok(f"Exported {len(written)} handout file(s) to {folder}.")
        return written

    # ---- import --------------------------------------------------------------------------------------
    def check_pack(self, folder: str | None = None) -> bool:
        folder = folder or self.ctx.pick_folder("Choose the content pack folder")
        if not folder:
            return False
        self.pending = None
        self.apply_btn.setEnabled(False)
        self.import_list.clear()
        try:
            plan = self.ctx.app.content.plan_import(self.ctx.member, folder)
        except ContentRefused as exc:
            self.import_status.setText(f"Refused: {len(exc.problems)} problem(s). Nothing was imported; fix "
                                       "these and check again.")
            set_state(self.import_status, "role", "error")
            self.import_list.addItems([str(p) for p in exc.problems])
            self.ctx.notices.error("The pack was refused; nothing changed.")
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
        kept = f" {len(plan.drafts)} open draft(s) are kept on top, unpublished." if plan.drafts else ""
        warned = f" {len(plan.warnings)} warning(s) to look at." if plan.warnings else ""
        self.import_status.setText(f"{len(plan.added)} new, {len(plan.changed)} changed, {len(plan.unchanged)} "
                                   "unchanged." + kept + warned + (" Apply to publish them all at once." if todo
                                                                   else " Nothing to import."))
        set_state(self.import_status, "role", "hint")
        if todo:
            self.pending = Path(folder)
            self.apply_btn.setEnabled(True)
        return True

    def apply_pack(self) -> bool:
        if self.pending is None:
            return False
        if not self.ctx.confirm("Import", "Publish everything in this pack?",
                                f"{self.import_status.text()} Each changed handout gets a new version; "
                                "its history is kept.", "Import"):
            return False
        try:
            plan = self.ctx.app.content.apply_import(self.ctx.member, self.pending)
        except ContentRefused as exc:  # the files changed since the check
            self.ctx.notices.error(f"The pack was refused; nothing changed. {exc.problems[0]}")
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
        out = out or self.ctx.save_file("Back up the database", f"kiosk-backup-{time.strftime('%Y%m%d-%H%M')}.sqlite3",
                                        "Kiosk backups (*.sqlite3)")
        if not out:
            return None
        try:
            written = self.ctx.app.backups.backup(self.ctx.member, out)
        except StoreError as exc:
            self.db_status.setText(str(exc))
            self.ctx.notices.error(str(exc))
            return None
        self.db_status.setText(f"Backed up to {written}.")
        self.ctx.notices.ok(f"Backed up to {written.name}.")
        return written

    def restore_backup(self, source: str | None = None) -> bool:
        source = source or self.ctx.open_file("Restore from a backup", "Kiosk backups (*.sqlite3 *.db);;All files (*)")
        if not source:
            return False
        try:
            self.ctx.app.backups.verify(self.ctx.member, source)
        except StoreError as exc:
            self.db_status.setText(f"Refused: {exc} The current database is unchanged.")
            self.ctx.notices.error("That backup was refused; nothing changed.")
            return False
        if not self.ctx.confirm("Restore", f"Replace the whole database with {Path(source).name}?",
                                "Handouts, history, settings, staff and the audit log all come from the backup. "
                                "The current database is kept aside in a file next to it.", "Restore"):
            return False
        try:
            aside = self.ctx.app.backups.restore(self.ctx.member, source)
        except StoreError as exc:
            self.db_status.setText(f"The restore failed and was undone: {exc}")
            self.ctx.notices.error("The restore failed; the current database was put back.")
            return False
        self.db_status.setText(f"Restored {Path(source).name}. The previous database is kept as {aside.name}.")
        self.ctx.notices.ok(f"Restored {Path(source).name}.")
        self.ctx.library_changed.emit()
        self.ctx.staff_changed.emit()
        self.restored.emit()
        return True

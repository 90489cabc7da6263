"""The audit log viewer: filter by date, person and kind; export what is shown as CSV (itself audited)."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import StoreError
from kiosk.app.audit import KINDS, AuditEntry
from kiosk.core.i18n import N_, _, _n
from kiosk.ui.admin.common import AdminContext, button, label, touch_scroll
from kiosk.ui.admin.library_model import short_time

SHOW_AT_MOST = 5000
KIND_NAMES = {
    "print": N_("Prints"), "publish": N_("Publishes"), "draft": N_("Drafts saved"), "retire": N_("Retired handouts"),
    "revert": N_("Reverts"), "review": N_("Review sign-offs"), "sign_in": N_("Sign-ins"), "sign_out": N_("Sign-outs"),
    "pin_failed": N_("Failed PINs"), "locked": N_("Locked accounts"), "settings": N_("Settings changes"), "import": N_("Imports"),
    "export": N_("Exports"), "backup": N_("Backups"), "restore": N_("Restores"), "staff": N_("Staff changes"),
    "render": N_("Sheets rendered"), "access_denied": N_("Refused access"),
}


def describe(detail: dict) -> str:
    """'slug=knee-joint-injection language=en version=3', lists joined with commas."""
    parts = []
    for key, value in detail.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key}={value}")
    return "  ".join(parts)


class AuditModel(QAbstractTableModel):
    HEADERS = (_("When (UTC)"), _("Person"), _("Kind"), _("Details"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.entries[index.row()]
        return (short_time(e.ts) if role == Qt.ItemDataRole.DisplayRole else e.ts, e.actor,
                e.kind, describe(e.detail))[index.column()]


def _date_edit(d: date) -> QDateEdit:
    e = QDateEdit(QDate(d.year, d.month, d.day))
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    return e


def _py(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class AuditPage(QWidget):
    def __init__(self, ctx: AdminContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.today()
        self.use_dates = QCheckBox(_("Only from"))
        self.since = _date_edit(today - timedelta(days=30))
        self.until = _date_edit(today)
        self.since.setAccessibleName(_("Only from"))
        self.person = QComboBox()
        self.kind = QComboBox()
        self.refresh_btn = button(_("Refresh"), "quiet")
        self.export_btn = button(_("Export CSV…"), tip=_("Save the entries that match the filters"))
        self.count = label("", "hint")
        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Audit log"))
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        touch_scroll(self.table)
        self.empty = label(_("No entries match these filters."), "empty")

        filters = QHBoxLayout()
        filters.addWidget(self.use_dates)
        filters.addWidget(self.since)
        filters.addWidget(label("to", "hint"))
        filters.addWidget(self.until)
        filters.addWidget(label(_("Person"), "hint"))
        filters.addWidget(self.person, 1)
        filters.addWidget(label(_("Kind"), "hint"))
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.refresh_btn)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.export_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(label(_("Audit log"), "heading"))
        lay.addLayout(filters)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

        for w in (self.since, self.until):
            w.dateChanged.connect(self.reload)
        self.use_dates.toggled.connect(self.reload)
        self.person.activated.connect(self.reload)
        self.kind.activated.connect(self.reload)
        self.refresh_btn.clicked.connect(self.refresh)
        self.export_btn.clicked.connect(lambda: self.export())
        self.refresh()

    def refresh(self) -> None:
        """Refill the pick lists (new people and kinds appear) and the table."""
        entries = self.ctx.app.audit.entries(self.ctx.member)
        people = sorted({e.actor for e in entries}, key=str.casefold)
        kinds = list(KINDS) + sorted({e.kind for e in entries} - set(KINDS))
        for combo, everyone, values, names in ((self.person, _("Everyone"), people, {}),
                                               (self.kind, _("Every kind"), kinds, KIND_NAMES)):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for v in values:
                combo.addItem(_(names[v]) if v in names else v, v)
            combo.setCurrentIndex(max(0, combo.findData(keep)) if keep else 0)
            combo.blockSignals(False)
        self.reload()

    def filters(self) -> dict:
        out = {"kind": self.kind.currentData(), "actor": self.person.currentData()}
        if self.use_dates.isChecked():
            out["since"] = _py(self.since.date()).isoformat()
            out["until"] = (_py(self.until.date()) + timedelta(days=1)).isoformat()
        return out

    def reload(self, *_args):
        self.since.setEnabled(self.use_dates.isChecked())
        self.until.setEnabled(self.use_dates.isChecked())
        entries = self.ctx.app.audit.entries(self.ctx.member, **self.filters(), limit=SHOW_AT_MOST + 1)
        more = len(entries) > SHOW_AT_MOST
        self.model.set_entries(entries[:SHOW_AT_MOST])
        self.empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        self.count.setText(_("Showing the newest {show_at_most} entries; narrow the filters or export to see all.").format(show_at_most=SHOW_AT_MOST)
                           if more else _n("{n} entry.", "{n} entries.", len(entries)).format(n=len(entries)))

    def export(self, out: str | None = None) -> int:
        out = out or self.ctx.save_file(_("Export the audit log"), f"audit-{self.ctx.today().isoformat()}.csv",
                                        "CSV files (*.csv)")
        if not out:
            return 0
        filters = self.filters()
        try:
            count = self.ctx.app.audit.export_csv(self.ctx.member, out, **filters)
        except (OSError, StoreError) as exc:
            self.ctx.notices.error(_("The CSV could not be written: {exc}").format(exc=exc))
            return 0
        self.ctx.notices.ok(_("Wrote {count} audit entries to {out}.").format(count=count, out=out))
        self.refresh()
        return count

"""Version history: every version of a handout, a side-by-side difference between any two, and Revert.

The difference compares the canonical source text (`kiosk.content.source.dump`), so every field shows, in the
same order as the handout files. Revert publishes the old text as a new version; history is never rewritten.
"""
from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

from PySide6.QtCore import Property, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.source import dump
from kiosk.core.i18n import _
from kiosk.core.model import Handout, HandoutVersion
from kiosk.ui.admin.common import button, label, touch_scroll
from kiosk.ui.admin.library_model import short_time


EDITS = 0  # the combo value that stands for the editor's unsaved text


@dataclass(frozen=True)
class DiffRow:
    kind: str  # same | changed | removed | added | gap
    left_no: int | None
    left: str
    right_no: int | None
    right: str


def side_by_side(a: str, b: str, context: int | None = 2) -> list[DiffRow]:
    """Align two texts line by line; `context=None` keeps every line, else only changes and that many lines
    around them (a 'gap' row marks what was skipped)."""
    al, bl = a.split("\n"), b.split("\n")
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, al, bl, autojunk=False)
    groups = [matcher.get_opcodes()] if context is None else list(matcher.get_grouped_opcodes(context))
    for n, group in enumerate(groups):
        if n and context is not None:
            rows.append(DiffRow("gap", None, "", None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [DiffRow("same", i + 1, al[i], j + 1, bl[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
                continue
            left, right = list(range(i1, i2)), list(range(j1, j2))
            for k in range(max(len(left), len(right))):
                i = left[k] if k < len(left) else None
                j = right[k] if k < len(right) else None
                kind = "changed" if i is not None and j is not None else ("removed" if j is None else "added")
                rows.append(DiffRow(kind, None if i is None else i + 1, "" if i is None else al[i],
                                    None if j is None else j + 1, "" if j is None else bl[j]))
    return rows


class DiffView(QTextBrowser):
    """Two columns, old left and new right. Colours come from 40_admin.qss (qproperty-removedColor …)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("role", "diff")
        self._removed, self._added, self._gap = QColor("#fcebea"), QColor("#d5e7ee"), QColor("#e6eef1")
        self._removed_text, self._added_text = QColor("#7a1712"), QColor("#0f3a4a")
        self.rows: list[DiffRow] = []
        touch_scroll(self)

    def _color(name):
        def get(self):
            return getattr(self, name)

        def set_(self, c):
            setattr(self, name, QColor(c))
        return get, set_

    removedColor = Property(QColor, *_color("_removed"))
    addedColor = Property(QColor, *_color("_added"))
    gapColor = Property(QColor, *_color("_gap"))
    removedText = Property(QColor, *_color("_removed_text"))
    addedText = Property(QColor, *_color("_added_text"))
    del _color

    def show_rows(self, rows: list[DiffRow], left_title: str, right_title: str) -> None:
        self.rows = rows
        colors = {"removed": (self._removed.name(), self._removed_text.name()),
                  "added": (self._added.name(), self._added_text.name())}
        gap = self._gap.name()

        def cell(no, text, kind, side):
            shade = None
            if kind in ("changed", "removed") and side == "l":
                shade = colors["removed"]
            elif kind in ("changed", "added") and side == "r":
                shade = colors["added"]
            attr = f' bgcolor="{shade[0]}"' if shade else ""
            body = html.escape(text) or "&nbsp;"
            if shade:
                body = f'<font color="{shade[1]}">{body}</font>'
            number = "" if no is None else str(no)
            return (f'<td width="32" align="right"><small>{number}</small></td>'
                    f'<td width="50%"{attr} style="white-space: pre-wrap">{body}</td>')

        out = ['<table width="100%" cellspacing="0" cellpadding="2">',
               f"<tr><th></th><th align='left'>{html.escape(left_title)}</th>"
               f"<th></th><th align='left'>{html.escape(right_title)}</th></tr>"]
        if not rows:
            out.append("<tr><td></td><td colspan='3'>" + html.escape(_("These two versions have the same text.")) + "</td></tr>")
        for r in rows:
            if r.kind == "gap":
                out.append(f'<tr><td colspan="4" bgcolor="{gap}" align="center">…</td></tr>')
                continue
            out.append("<tr>" + cell(r.left_no, r.left, r.kind, "l") + cell(r.right_no, r.right, r.kind, "r")
                       + "</tr>")
        out.append("</table>")
        self.setHtml("".join(out))


class HistoryPanel(QWidget):
    revert_requested = Signal(int)  # version number

    def __init__(self, parent=None):
        super().__init__(parent)
        self.versions: list[HandoutVersion] = []
        self.edits: Handout | None = None
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("History"))
        self.table.setHorizontalHeaderLabels([_("Version"), _("State"), _("By"), _("When (UTC)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(140)
        touch_scroll(self.table)
        self.left = QComboBox()
        self.right = QComboBox()
        for combo in (self.left, self.right):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.whole = QCheckBox(_("Show the whole text"))
        self.diff = DiffView()
        self.revert_btn = button(_("Revert to it…"), "danger",
                                 _("Publish the chosen version's text again as a new version (nothing is deleted)"))
        self.empty = label(_("No versions yet: save a draft first."), "empty")
        pick = QHBoxLayout()
        pick.addWidget(label(_("Compare"), "hint"))
        pick.addWidget(self.left, 1)
        pick.addWidget(label("with", "hint"))
        pick.addWidget(self.right, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.whole)
        row.addStretch(1)
        row.addWidget(self.revert_btn)
        lay.addLayout(row)
        lay.addLayout(pick)
        lay.addWidget(self.diff, 1)
        self.left.currentIndexChanged.connect(self.compare)
        self.right.currentIndexChanged.connect(self.compare)
        self.whole.toggled.connect(self.compare)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.revert_btn.clicked.connect(self._revert)

    def show_versions(self, versions: list[HandoutVersion]) -> None:
        self.versions = list(versions)
        self.edits = None
        self.empty.setVisible(not versions)
        self.table.setRowCount(len(versions))
        for row, v in enumerate(reversed(versions)):
            values = [f"v{v.version}", v.state, v.created_by, short_time(v.created_at)]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        for combo in (self.left, self.right):
            combo.blockSignals(True)
            combo.clear()
            for v in versions:
                combo.addItem(f"v{v.version} ({v.state})", v.version)
            combo.blockSignals(False)
        if versions:
            self.left.setCurrentIndex(max(0, len(versions) - 2))
            self.right.setCurrentIndex(len(versions) - 1)
        self.revert_btn.setEnabled(False)
        self.compare()

    def set_edits(self, edits: Handout | None) -> None:
        """Offer 'your edits' (the unsaved text) as something to compare; None when there are none."""
        self.edits = edits
        at = self.right.findData(EDITS)
        if edits is None and at >= 0:
            self.right.removeItem(at)
        elif edits is not None and at < 0:
            self.right.addItem(_("your edits (not saved)"), EDITS)
        elif edits is not None and self.right.currentData() == EDITS:
            self.compare()

    def choose(self, left: int, right: int) -> None:
        self.left.setCurrentIndex(self.left.findData(left))
        self.right.setCurrentIndex(self.right.findData(right))

    def _version(self, number) -> HandoutVersion | None:
        return next((v for v in self.versions if v.version == number), None)

    def _side(self, number) -> tuple[Handout, str] | None:
        if number == EDITS:
            return (self.edits, _("your edits (not saved)")) if self.edits is not None else None
        v = self._version(number)
        return (v.handout, f"v{v.version} · {v.state} · {v.created_by}") if v else None

    def compare(self, *_args):
        a, b = self._side(self.left.currentData()), self._side(self.right.currentData())
        if a is None or b is None:
            self.diff.clear()
            self.diff.rows = []
            return
        rows = side_by_side(dump(a[0]), dump(b[0]), None if self.whole.isChecked() else 2)
        self.diff.show_rows(rows, a[1], b[1])

    def selected_version(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.versions[len(self.versions) - 1 - rows[0].row()].version

    def select_version(self, number: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == f"v{number}":
                self.table.selectRow(row)

    def _selection_changed(self):
        number = self.selected_version()
        v = self._version(number)
        self.revert_btn.setEnabled(v is not None and v.state == "published")
        if number is not None and self.right.currentData() is not None:
            self.left.setCurrentIndex(self.left.findData(number))

    def _revert(self):
        number = self.selected_version()
        if number is not None:
            self.revert_requested.emit(number)

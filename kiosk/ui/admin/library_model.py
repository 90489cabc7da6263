"""The handout library as rows for the admin list: a plain-Python summary plus a thin Qt table model over it.

`summarise()` needs no Qt (one entry per procedure, every language folded in); `LibraryModel` only adapts the
entries to Qt roles and `LibraryFilter` sorts and filters them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from kiosk.core.i18n import N_, _
from kiosk.core.model import SECTION_KEYS, ClinicSettings, Handout
from kiosk.core.readability import measure, meets_target

SortRole = Qt.ItemDataRole.UserRole + 1
AlertRole = Qt.ItemDataRole.UserRole + 2  # True: show this cell as an alert (overdue review, off-target grade)
EntryRole = Qt.ItemDataRole.UserRole + 3


def whole_text(h: Handout) -> str:
    return "\n".join([h.summary, *(h.sections.get(k, "") for k in SECTION_KEYS)])


@lru_cache(maxsize=1024)
def _measure(text: str, language: str):
    """Scores change only when the text does; the list refreshes after every save, so remember them."""
    return measure(text, language)


@dataclass
class LangState:
    language: str
    status: str  # draft | published | retired
    draft_open: bool
    score: float
    on_target: bool
    review_due: date | None
    review_status: str
    changed_by: str
    changed_at: str
    version: int


@dataclass
class LibraryEntry:
    slug: str
    title: str
    langs: dict[str, LangState] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        states = {s.status for s in self.langs.values()}
        base = states.pop() if len(states) == 1 else "mixed"
        if base == "mixed":
            base = " · ".join(f"{s.language} {s.status}" for s in self.langs.values())
        if any(s.draft_open and s.status != "draft" for s in self.langs.values()):
            base += _(", draft open")
        return base

    @property
    def review_due(self) -> date | None:
        dues = [s.review_due for s in self.langs.values() if s.review_due is not None]
        return min(dues) if dues else None

    def overdue(self, today: date) -> bool:
        due = self.review_due
        return due is not None and due < today

    @property
    def needs_review(self) -> bool:
        return any(s.review_status != "reviewed" for s in self.langs.values())

    @property
    def last_change(self) -> LangState:
        return max(self.langs.values(), key=lambda s: s.changed_at)


def summarise(rows, settings: ClinicSettings) -> list[LibraryEntry]:
    """Fold `store.handouts.library()` rows (one per slug and language) into one entry per procedure."""
    entries: dict[str, LibraryEntry] = {}
    for row in rows:
        h = row.handout
        score = _measure(whole_text(h), row.language)
        state = LangState(
            language=row.language, status=row.status, draft_open=row.latest_state == "draft", score=score.score,
            on_target=meets_target(score, settings.reading_grade_target, settings.spanish_reading_target),
            review_due=h.review.review_due, review_status=h.review.status, changed_by=row.changed_by,
            changed_at=row.changed_at, version=row.latest_version,
        )
        entry = entries.setdefault(row.slug, LibraryEntry(row.slug, h.title))
        if row.language == "en" or not entry.title:
            entry.title = h.title
        entry.langs[row.language] = state
        entry.keywords = entry.keywords + h.keywords
    for entry in entries.values():
        entry.langs = dict(sorted(entry.langs.items()))
        entry.missing = tuple(lang for lang in settings.languages if lang not in entry.langs)
    return sorted(entries.values(), key=lambda e: e.title.casefold())


def short_time(iso: str) -> str:
    """'2025-11-23T06:19:04.123Z' → '2025-11-23 06:19' (UTC, as stored)."""
    return iso[:16].replace("T", " ") if iso else ""


COLUMNS = (N_("Title"), N_("Languages"), N_("Status"), N_("Reading level"), N_("Review due"), N_("Last change"))


class LibraryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[LibraryEntry] = []
        self._today = date.today()

    def set_entries(self, entries: list[LibraryEntry], today: date) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._today = today
        self.endResetModel()

    def entry(self, row: int) -> LibraryEntry:
        return self._entries[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        e = self._entries[index.row()]
        col = index.column()
        if role == EntryRole:
            return e
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == SortRole:
            return self._sort_key(e, col)
        if role == AlertRole:
            if col == 4:
                return e.overdue(self._today)
            if col == 3:
                return not all(s.on_target for s in e.langs.values())
            if col == 1:
                return bool(e.missing)
            return False
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(e, col)
        return None

    def _display(self, e: LibraryEntry, col: int) -> str:
        if col == 0:
            return e.title
        if col == 1:
            present = " ".join(e.langs)
            return present + (f"  (missing: {' '.join(e.missing)})" if e.missing else "")
        if col == 2:
            return e.status
        if col == 3:
            return " · ".join(
                f"{s.language} {s.score:g}{'' if s.on_target else ' ✗'}" for s in e.langs.values())
        if col == 4:
            due = e.review_due
            if due is None:
                return _("not set")
            text = due.isoformat()
            return _("overdue {date}").format(date=text) if e.overdue(self._today) else text
        last = e.last_change
        return f"{last.changed_at[:10]} · {last.changed_by}"

    def _sort_key(self, e: LibraryEntry, col: int):
        if col == 0:
            return e.title.casefold()
        if col == 1:
            return (len(e.missing), " ".join(e.langs))
        if col == 2:
            return e.status
        if col == 3:
            return max((s.score for s in e.langs.values() if s.language == "en"), default=0.0)
        if col == 4:
            return e.review_due.isoformat() if e.review_due else "9999"
        return e.last_change.changed_at

    def _tip(self, e: LibraryEntry, col: int) -> str:
        if col == 3:
            return "\n".join(
                f"{s.language}: {'Fernández-Huerta ease' if s.language == 'es' else 'Flesch-Kincaid grade'} "
                f"{s.score:g} ({'on' if s.on_target else 'off'} target)" for s in e.langs.values())
        if col == 4:
            return "\n".join(f"{s.language}: {s.review_status}" for s in e.langs.values())
        if col == 5:
            return "\n".join(f"{s.language} v{s.version}: {short_time(s.changed_at)} UTC by {s.changed_by}"
                             for s in e.langs.values())
        return ""


# The filters' English names are their keys; the combo shows them translated.
FILTERS = (N_("All handouts"), N_("Published"), N_("Drafts"), N_("Retired"), N_("Missing a translation"),
           N_("Review overdue"), N_("Needs clinical review"), N_("Off reading target"))


class LibraryFilter(QSortFilterProxyModel):
    """Text search over title, slug and keywords plus one of FILTERS."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._kind = FILTERS[0]
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange()

    def set_kind(self, kind: str) -> None:
        self.beginFilterChange()
        self._kind = kind
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        model = self.sourceModel()
        e: LibraryEntry = model.entry(source_row)
        if self._text:
            hay = " ".join([e.title, e.slug, *e.keywords]).casefold()
            if self._text not in hay:
                return False
        k = self._kind
        states = e.langs.values()
        if k == "Published":
            return any(s.status == "published" for s in states)
        if k == "Drafts":
            return any(s.status == "draft" or s.draft_open for s in states)
        if k == "Retired":
            return any(s.status == "retired" for s in states)
        if k == "Missing a translation":
            return bool(e.missing)
        if k == "Review overdue":
            return e.overdue(model._today)
        if k == "Needs clinical review":
            return e.needs_review
        if k == "Off reading target":
            return not all(s.on_target for s in states)
        return True

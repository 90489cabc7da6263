"""Thin Qt models over plain lists of domain objects (napari's qt_list_model shape).

`HandoutListModel` holds `SearchHit`s for procedure tiles, search results and body-map regions. It
knows nothing about the store: screens fetch hits through the store's repositories and hand the list
over with `set_hits()`.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from kiosk.core.model import SearchHit

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def one_line(summary: str) -> str:
    """The first sentence of a summary: what a tile shows under the title."""
    text = " ".join(summary.split())
    return _SENTENCE.split(text, maxsplit=1)[0] if text else ""


class HandoutListModel(QAbstractListModel):
    SlugRole = Qt.ItemDataRole.UserRole + 1
    SummaryRole = Qt.ItemDataRole.UserRole + 2
    IconRole = Qt.ItemDataRole.UserRole + 3
    RegionsRole = Qt.ItemDataRole.UserRole + 4
    LanguageRole = Qt.ItemDataRole.UserRole + 5

    def __init__(self, hits: list[SearchHit] | None = None, parent=None):
        super().__init__(parent)
        self._hits: list[SearchHit] = list(hits or [])

    # ---- the plain list ------------------------------------------------------------------------------
    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def set_hits(self, hits: list[SearchHit]) -> None:
        hits = list(hits)
        if hits == self._hits:
            return
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    # ---- QAbstractListModel --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits) or index.column() != 0:
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit.title
        if role in (self.SummaryRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return one_line(hit.summary)
        if role == self.SlugRole:
            return hit.slug
        if role == self.IconRole:
            return hit.icon
        if role == self.RegionsRole:
            return list(hit.regions)
        if role == self.LanguageRole:
            return hit.language
        return None

    def roleNames(self):
        names = super().roleNames()
        names.update({self.SlugRole: b"slug", self.SummaryRole: b"summary", self.IconRole: b"icon",
                      self.RegionsRole: b"regions", self.LanguageRole: b"language"})
        return names

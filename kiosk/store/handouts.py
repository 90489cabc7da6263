"""Handouts and their versions: import, drafts, publish, retire, revert, review sign-off. No Qt.

A published version is never changed (a trigger enforces it); editing makes a new version.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from kiosk.core.model import Handout, HandoutVersion, Review
from kiosk.store import audit
from kiosk.store.codec import from_json, to_json
from kiosk.store.db import StoreError, transaction


class HandoutNotFound(StoreError):
    pass


class EditConflict(StoreError):
    """Someone saved or published this handout after the edit started from `expected`: nothing was written.

    `by` and `at` name who made the newer version and when (UTC, as stored); `version` is its number."""

    def __init__(self, slug: str, language: str, version: int, state: str, by: str, at: str):
        self.slug, self.language, self.version, self.state, self.by, self.at = slug, language, version, state, by, at
        what = "saved a draft" if state == "draft" else "published a version"
        super().__init__(
            f"{by} {what} of '{slug}' ({language}), v{version}, at {at[:16].replace('T', ' ')} UTC, after you "
            "opened it; nothing was saved. Reload to see their change.")


# `expected` for save_draft/publish: the (version, changed_at) token of the version an edit started from, None for
# "the handout did not exist yet", or ANY to skip the check (imports, which plan their own conflicts).
ANY = object()


def revision(version: HandoutVersion | None) -> tuple[int, str] | None:
    """The token an editor keeps to detect a concurrent change: (version number, when it was last written)."""
    return (version.version, version.created_at) if version is not None else None


@dataclass(frozen=True)
class DraftKept:
    """An unpublished draft of a handout that an import publishes: the draft is kept, on top of the new text."""

    slug: str
    language: str
    version: int
    by: str
    at: str

    def __str__(self) -> str:
        return (f"{self.slug} ({self.language}) has an unpublished draft v{self.version} by {self.by}; the import "
                "publishes the pack's text and keeps the draft on top, unpublished")


@dataclass
class ImportPlan:
    added: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    drafts: list[DraftKept] = field(default_factory=list)  # open drafts the import keeps (never drops)
    warnings: list[str] = field(default_factory=list)  # content checks that do not refuse: FILE:LINE: message


@dataclass(frozen=True)
class LibraryRow:
    slug: str
    language: str
    status: str
    title: str
    latest_version: int
    latest_state: str
    published_version: int | None
    changed_by: str
    changed_at: str
    handout: Handout


def _row_to_version(row: sqlite3.Row) -> HandoutVersion:
    return HandoutVersion(
        handout=from_json(row["content"]),
        version=row["version"],
        state=row["state"],
        created_by=row["published_by"] or row["created_by"],
        created_at=row["published_at"] or row["created_at"],
        status=row["status"],
    )


_SELECT = """
SELECT v.*, h.status FROM handout_versions v JOIN handouts h ON h.id = v.handout_id
"""
# the live published version of every handout that is not retired
_LIVE = """
    WHERE h.status = 'published' AND v.state = 'published'
      AND v.version = (SELECT MAX(version) FROM handout_versions
                       WHERE handout_id = h.id AND state = 'published')
"""


class HandoutRepo:
    def __init__(self, store):
        self._store = store

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._store.conn

    # ---- reading -------------------------------------------------------------------------------------
    def published(self, language: str | None = None) -> list[HandoutVersion]:
        """The current published version of every handout that is not retired."""
        sql = _SELECT + _LIVE
        args: tuple = ()
        if language:
            sql += " AND h.language = ?"
            args = (language,)
        sql += " ORDER BY v.title COLLATE NOCASE"
        return [_row_to_version(r) for r in self._conn.execute(sql, args)]

    def published_cards(self) -> list[tuple[str, str, str, str, str, list[str], list[str]]]:
        """What search needs of every live published handout, without building whole handouts (10,000 of them
        took seconds): (slug, language, title, summary, icon, regions, keywords) each."""
        sql = ("SELECT h.slug, h.language, v.title, json_extract(v.content, '$.summary'), "
               "json_extract(v.content, '$.icon'), json_extract(v.content, '$.regions'), "
               "json_extract(v.content, '$.keywords') FROM handout_versions v JOIN handouts h ON h.id = v.handout_id"
               + _LIVE + " ORDER BY h.slug, h.language")
        return [(r[0], r[1], r[2], r[3] or "", r[4] or "injection", json.loads(r[5] or "[]"), json.loads(r[6] or "[]"))
                for r in self._conn.execute(sql)]

    def get_published(self, slug: str, language: str) -> HandoutVersion | None:
        row = self._conn.execute(
            _SELECT + """WHERE h.slug = ? AND h.language = ? AND h.status = 'published' AND v.state = 'published'
                ORDER BY v.version DESC LIMIT 1""",
            (slug, language),
        ).fetchone()
        return _row_to_version(row) if row else None

    def versions(self, slug: str, language: str) -> list[HandoutVersion]:
        rows = self._conn.execute(
            _SELECT + "WHERE h.slug = ? AND h.language = ? ORDER BY v.version", (slug, language)
        ).fetchall()
        return [_row_to_version(r) for r in rows]

    def latest(self, slug: str, language: str) -> HandoutVersion | None:
        versions = self.versions(slug, language)
        return versions[-1] if versions else None

    def library(self) -> list[LibraryRow]:
        rows = self._conn.execute(
            """SELECT h.slug, h.language, h.status, v.title, v.version, v.state, v.content,
                      COALESCE(v.published_by, v.created_by) AS changed_by,
                      COALESCE(v.published_at, v.created_at) AS changed_at,
                      (SELECT MAX(version) FROM handout_versions
                        WHERE handout_id = h.id AND state = 'published') AS published_version
               FROM handouts h JOIN handout_versions v ON v.handout_id = h.id
               WHERE v.version = (SELECT MAX(version) FROM handout_versions WHERE handout_id = h.id)
               ORDER BY h.slug, h.language"""
        ).fetchall()
        return [
            LibraryRow(r["slug"], r["language"], r["status"], r["title"], r["version"], r["state"],
                       r["published_version"], r["changed_by"], r["changed_at"], from_json(r["content"]))
            for r in rows
        ]

    def source_items(self, slugs: set[str] | None = None) -> list[tuple[Handout, str | None]]:
        """Published handouts with the source text they were imported from (for byte-identical export)."""
        rows = self._conn.execute(
            """SELECT v.content, v.source_text, h.slug FROM handouts h JOIN handout_versions v ON v.handout_id = h.id
               WHERE h.status = 'published' AND v.state = 'published'
                 AND v.version = (SELECT MAX(version) FROM handout_versions
                                  WHERE handout_id = h.id AND state = 'published')
               ORDER BY h.slug, h.language"""
        ).fetchall()
        return [(from_json(r["content"]), r["source_text"]) for r in rows if slugs is None or r["slug"] in slugs]

    # ---- writing -------------------------------------------------------------------------------------
    def _handout_id(self, slug: str, language: str, create: bool = False) -> int:
        row = self._conn.execute("SELECT id FROM handouts WHERE slug = ? AND language = ?", (slug, language)).fetchone()
        if row:
            return row["id"]
        if not create:
            raise HandoutNotFound(f"There is no handout '{slug}' in '{language}'.")
        return self._conn.execute("INSERT INTO handouts (slug, language) VALUES (?, ?)", (slug, language)).lastrowid

    def _latest_row(self, handout_id: int):
        return self._conn.execute(
            "SELECT * FROM handout_versions WHERE handout_id = ? ORDER BY version DESC LIMIT 1", (handout_id,)
        ).fetchone()

    def _published_content(self, handout_id: int) -> str | None:
        row = self._conn.execute(
            """SELECT content FROM handout_versions WHERE handout_id = ? AND state = 'published'
               ORDER BY version DESC LIMIT 1""",
            (handout_id,),
        ).fetchone()
        return row["content"] if row else None

    def _index(self, handout: Handout | None, slug: str, language: str, new: bool = False) -> None:
        if not new:  # a handout with no version before has no row; and this DELETE reads every row (slug is not
            # an indexed column), so importing 10,000 new handouts took minutes
            self._conn.execute("DELETE FROM handout_fts WHERE slug = ? AND language = ?", (slug, language))
        if handout is not None:
            self._conn.execute(
                "INSERT INTO handout_fts (slug, language, title, keywords, body) VALUES (?, ?, ?, ?, ?)",
                (slug, language, handout.title, " ; ".join(handout.keywords), handout.searchable_text()),
            )
        self._store.bump()

    def _check_expected(self, hid: int | None, slug: str, language: str, expected) -> None:
        if expected is ANY:
            return
        latest = self._latest_row(hid) if hid is not None else None
        token = (latest["version"], latest["published_at"] or latest["created_at"]) if latest else None
        if token != (tuple(expected) if expected is not None else None):
            raise EditConflict(slug, language, latest["version"], latest["state"],
                               latest["published_by"] or latest["created_by"], token[1])

    def _existing_id(self, slug: str, language: str) -> int | None:
        row = self._conn.execute("SELECT id FROM handouts WHERE slug = ? AND language = ?", (slug, language)).fetchone()
        return row["id"] if row else None

    def _publish_new(self, hid: int, handout: Handout, actor: str, source_text: str | None = None,
                     keep_draft: bool = False) -> int:
        latest = self._latest_row(hid)
        kept = latest if keep_draft and latest is not None and latest["state"] == "draft" else None
        if latest is not None and latest["state"] == "draft":
            # the open draft becomes this published version (or, when kept, moves on top of it below)
            self._conn.execute("DELETE FROM handout_versions WHERE id = ?", (latest["id"],))
            number = latest["version"]
        else:
            number = (latest["version"] + 1) if latest else 1
        self._conn.execute(
            """INSERT INTO handout_versions (handout_id, version, state, title, content, source_text,
                   created_by, published_at, published_by)
               VALUES (?, ?, 'published', ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?)""",
            (hid, number, handout.title, to_json(handout), source_text, actor, actor),
        )
        self._conn.execute("UPDATE handouts SET status = 'published' WHERE id = ?", (hid,))
        self._index(handout, handout.slug, handout.language, new=latest is None)
        if kept is not None:
            self._conn.execute(
                "INSERT INTO handout_versions (handout_id, version, state, title, content, created_by, created_at) "
                "VALUES (?, ?, 'draft', ?, ?, ?, ?)",
                (hid, number + 1, kept["title"], kept["content"], kept["created_by"], kept["created_at"]),
            )
        return number

    def plan_import(self, items: list[tuple[Handout, str | None]]) -> ImportPlan:
        plan = ImportPlan()
        for handout, _ in items:
            key = (handout.slug, handout.language)
            row = self._conn.execute("SELECT id FROM handouts WHERE slug = ? AND language = ?", key).fetchone()
            current = self._published_content(row["id"]) if row else None
            if current is None:
                plan.added.append(key)
            elif current == to_json(handout):
                plan.unchanged.append(key)
                continue
            else:
                plan.changed.append(key)
            latest = self._latest_row(row["id"]) if row else None
            if latest is not None and latest["state"] == "draft":
                plan.drafts.append(DraftKept(handout.slug, handout.language, latest["version"],
                                             latest["created_by"], latest["created_at"]))
        return plan

    def import_handouts(self, items: list[tuple[Handout, str | None]], actor: str, source: str = "") -> ImportPlan:
        """Publish every handout in one transaction: all or nothing. Unchanged handouts get no new version."""
        with transaction(self._conn, self._store.path):
            plan = self.plan_import(items)
            todo = set(plan.added) | set(plan.changed)
            for handout, text in items:
                if (handout.slug, handout.language) in todo:
                    hid = self._handout_id(handout.slug, handout.language, create=True)
                    self._publish_new(hid, handout, actor, text, keep_draft=True)
            detail = {"drafts_kept": ", ".join(f"{d.slug} ({d.language}) v{d.version}" for d in plan.drafts)}
            audit.append(self._conn, actor, "import", source=source, added=len(plan.added),
                         changed=len(plan.changed), unchanged=len(plan.unchanged),
                         **(detail if plan.drafts else {}))
        return plan

    def save_draft(self, handout: Handout, actor: str, expected=ANY, stack: bool = False, **detail) -> int:
        """Save an edit as the handout's open draft (a new version number); the published text stays live.

        `expected` is the revision() the edit started from: when someone saved or published since, EditConflict
        is raised and nothing is written, unless `stack` (an idle sign-out keeping unsaved edits), which saves
        this text as a new draft on top and leaves the other draft in the history."""
        with transaction(self._conn, self._store.path):
            hid = self._existing_id(handout.slug, handout.language)
            try:
                self._check_expected(hid, handout.slug, handout.language, expected)
            except EditConflict as conflict:
                if not stack:
                    raise
                detail["stacked_over"] = f"v{conflict.version} by {conflict.by}"
            hid = self._handout_id(handout.slug, handout.language, create=True)
            latest = self._latest_row(hid)
            if latest is not None and latest["state"] == "draft" and "stacked_over" not in detail:
                self._conn.execute(
                    "UPDATE handout_versions SET title = ?, content = ?, created_by = ?, "
                    "created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                    (handout.title, to_json(handout), actor, latest["id"]),
                )
                number = latest["version"]
            else:
                number = (latest["version"] + 1) if latest else 1
                self._conn.execute(
                    "INSERT INTO handout_versions (handout_id, version, state, title, content, created_by) "
                    "VALUES (?, ?, 'draft', ?, ?, ?)",
                    (hid, number, handout.title, to_json(handout), actor),
                )
            audit.append(self._conn, actor, "draft", slug=handout.slug, language=handout.language, version=number,
                         **detail)
        return number

    def publish(self, handout: Handout, actor: str, kind: str = "publish", expected=ANY, **detail) -> int:
        """Publish this text as a new immutable version (replacing any open draft). With `expected` (see
        save_draft), a version saved or published by someone else since raises EditConflict; nothing is written."""
        with transaction(self._conn, self._store.path):
            self._check_expected(self._existing_id(handout.slug, handout.language), handout.slug, handout.language,
                                 expected)
            hid = self._handout_id(handout.slug, handout.language, create=True)
            number = self._publish_new(hid, handout, actor)
            audit.append(self._conn, actor, kind, slug=handout.slug, language=handout.language, version=number,
                         **detail)
        return number

    def revert(self, slug: str, language: str, version: int, actor: str, expected=ANY) -> int:
        """Publish the text of an old version as a new version; history is never rewritten."""
        old = next((v for v in self.versions(slug, language) if v.version == version), None)
        if old is None:
            raise HandoutNotFound(f"'{slug}' ({language}) has no version {version}.")
        return self.publish(old.handout, actor, kind="revert", expected=expected, reverted_to=version)

    def sign_off(self, slug: str, language: str, reviewer: str, on: date, due: date, actor: str) -> int:
        current = self.get_published(slug, language)
        if current is None:
            raise HandoutNotFound(f"'{slug}' ({language}) has no published version to sign off.")
        review = Review(current.handout.review.written_by, reviewer.strip(), on, due)
        with transaction(self._conn, self._store.path):
            hid = self._handout_id(slug, language)
            latest = self._latest_row(hid)
            # publishing replaces an open draft; a sign-off must not throw someone's unpublished edits away
            draft = from_json(latest["content"]) if latest["state"] == "draft" else None
            number = self._publish_new(hid, current.handout.with_changes(review=review), actor)
            if draft is not None:
                kept = draft.with_changes(review=Review(draft.review.written_by, reviewer.strip(), on, due))
                self._conn.execute(
                    "INSERT INTO handout_versions (handout_id, version, state, title, content, created_by) "
                    "VALUES (?, ?, 'draft', ?, ?, ?)",
                    (hid, number + 1, kept.title, to_json(kept), latest["created_by"]),
                )
            audit.append(self._conn, actor, "review", slug=slug, language=language, version=number,
                         reviewer=reviewer)
        return number

    def retire(self, slug: str, language: str, actor: str) -> None:
        with transaction(self._conn, self._store.path):
            hid = self._handout_id(slug, language)
            self._conn.execute("UPDATE handouts SET status = 'retired' WHERE id = ?", (hid,))
            self._index(None, slug, language)
            audit.append(self._conn, actor, "retire", slug=slug, language=language)

    def count(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM handouts").fetchone()[0]


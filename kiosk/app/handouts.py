"""Handouts: what patients read, and every change an admin makes to the library. No Qt.

Reads of published text are open to every screen (patients read them). Every change takes the acting admin, is
checked against the publish rule (kiosk.core.lint.publish_blockers) and against the version the edit started
from (`expected`, a revision() token), and is audited by the store in the same transaction.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from kiosk.app.core import ADMIN
from kiosk.app.errors import ContentRefused, PictureRefused
from kiosk.content import drawings
from kiosk.core import parity
from kiosk.core.lint import publish_blockers
from kiosk.content.library import read_drawing
from kiosk.core.model import Handout, HandoutVersion, OwnDrawing, SearchHit, StaffMember
from kiosk.core.pictures import PictureRefused as PictureError
from kiosk.core.pictures import check_picture
from kiosk.store.handouts import ANY, LibraryRow, revision

__all__ = ["Handouts", "revision", "ANY"]


class Handouts:
    def __init__(self, app):
        self._app = app

    @property
    def _repo(self):
        return self._app._store.handouts

    # ---- reading (open: patients read the published library) ----------------------------------------------
    def published(self, language: str | None = None) -> list[HandoutVersion]:
        """The live version of every handout that is not retired, by title; one language or all."""
        return self._repo.published(language)

    def get_published(self, slug: str, language: str) -> HandoutVersion | None:
        return self._repo.get_published(slug, language)

    def search(self, query: str, language: str = "en", limit: int = 30) -> list[SearchHit]:
        """At most LIMIT ranked hits for a patient's or nurse's query (FTS5, accent-insensitive, typo-tolerant)."""
        return self._app._store.search.search(query, language, limit=limit)

    def ranked(self, query: str, language: str = "en", limit: int = 30) -> list[tuple[SearchHit, float]]:
        """As search(), with each hit's score (higher is better; only the order means anything), for admins
        checking their keywords (`kiosk search`). Open like search(): it reads published handouts only."""
        return self._app._store.search.ranked(query, language, limit=limit)

    def by_region(self, region: str, language: str) -> list[SearchHit]:
        return self._app._store.search.by_region(region, language)

    def count(self) -> int:
        return self._repo.count()

    # ---- reading for the editor (drafts included) ---------------------------------------------------------
    def latest(self, slug: str, language: str) -> HandoutVersion | None:
        """The newest version, an open draft or the published text; its revision() is the edit's `expected`."""
        return self._repo.latest(slug, language)

    def versions(self, slug: str, language: str) -> list[HandoutVersion]:
        return self._repo.versions(slug, language)

    def library(self) -> list[LibraryRow]:
        return self._repo.library()

    # ---- changing ------------------------------------------------------------------------------------------
    def _settings(self):
        return self._app.settings.get()

    def blockers(self, handout: Handout, today: date | None = None) -> list[str]:
        """Why this text may not be published ("field: message" each); [] when it may. The editor shows these;
        publish() enforces them."""
        s = self._settings()
        reasons = publish_blockers(handout, today, s.reading_grade_target, s.spanish_reading_target)
        reasons += [f"drawing: {m}" for m in drawings.handout_problems(handout)[0]]  # the rule `kiosk check` runs
        if handout.language != "en":  # a translation must carry the same facts as its published English original
            english = self._repo.get_published(handout.slug, "en")
            if english is not None:
                reasons += [f"{i.field}: {i.message}" for i in parity.check(english.handout, handout)]
        return reasons

    def own_drawing(self, actor: StaffMember, path: str | os.PathLike, handout: Handout) -> Handout:
        """HANDOUT with the picture at PATH (an admin's own PNG or SVG) as its drawing, with no alt text yet: the
        old drawing's words would describe the wrong picture, so Publish stays blocked until the admin writes
        what the new one shows. The file is read and checked here by the one picture rule
        (kiosk.core.pictures.check_picture, as for the logo and a pack's drawing file); nothing is stored until
        the draft is saved. Raises NotAllowed or PictureRefused (one sentence)."""
        self._app.require(actor, (ADMIN,), "replace handout drawings")
        path = Path(path)
        found, problem = read_drawing(path.parent, OwnDrawing(path.name, ""))
        if found is None:
            raise PictureRefused((problem[0].upper() + problem[1:] if problem.startswith("the ") else problem) + ".")
        name = OwnDrawing.name_for(handout.slug, found.data, found.suffix)
        return handout.with_changes(drawing=OwnDrawing(name, "", found.data))

    @staticmethod
    def drawing_problems(handout: Handout) -> list[str]:
        """What stops HANDOUT's drawing from being published (kiosk.content.drawings.handout_problems, the rule
        `kiosk check`, every import and publish() run), one sentence each; [] when nothing does."""
        return drawings.handout_problems(handout)[0]

    @staticmethod
    def _check_drawing(handout: Handout) -> None:
        """An own drawing whose bytes fail the picture rule is never stored, not even in a draft."""
        own = handout.drawing
        if own is not None and own.data:
            try:
                check_picture(own.data, own.file or "drawing" + own.suffix, "The drawing")
            except PictureError as exc:
                raise PictureRefused(str(exc)) from None

    def save_draft(self, actor: StaffMember, handout: Handout, expected=ANY, keep_on_conflict: bool = False,
                   **detail) -> HandoutVersion:
        """Save the edit as the open draft; returns the new latest version (its revision() is the next
        `expected`). Raises NotAllowed, EditConflict (someone saved since `expected`; unless keep_on_conflict, which
        stacks this text as a new draft on top: an idle sign-out never loses an admin's typing) or StoreError."""
        member = self._app.require(actor, (ADMIN,), "save handout drafts")
        self._check_drawing(handout)
        self._repo.save_draft(handout, member.name, expected=expected, stack=keep_on_conflict, **detail)
        return self._repo.latest(handout.slug, handout.language)

    def publish(self, actor: StaffMember, handout: Handout, expected=ANY) -> HandoutVersion:
        """Publish as a new immutable version. Raises NotAllowed, ContentRefused (the publish rule), EditConflict
        (a newer version than `expected` exists) or StoreError; nothing is written then."""
        member = self._app.require(actor, (ADMIN,), "publish handouts")
        problems = self.blockers(handout)
        if problems:
            raise ContentRefused(problems, f"'{handout.slug}' ({handout.language})", "published")
        self._repo.publish(handout, member.name, expected=expected)
        return self._repo.get_published(handout.slug, handout.language)

    def revert(self, actor: StaffMember, slug: str, language: str, version: int, expected=ANY) -> HandoutVersion:
        """Publish an old version's text again as a new version (history is never rewritten)."""
        member = self._app.require(actor, (ADMIN,), "revert handouts")
        old = next((v for v in self._repo.versions(slug, language) if v.version == version), None)
        if old is not None:
            problems = self.blockers(old.handout)
            if problems:
                raise ContentRefused(problems, f"v{version} of '{slug}' ({language})", "published")
        self._repo.revert(slug, language, version, member.name, expected=expected)
        return self._repo.get_published(slug, language)

    def retire(self, actor: StaffMember, slug: str, language: str) -> None:
        member = self._app.require(actor, (ADMIN,), "retire handouts")
        self._repo.retire(slug, language, member.name)

    def sign_off(self, actor: StaffMember, slug: str, language: str, reviewer: str, on: date, due: date) -> int:
        """Record a clinician's review of the published text (a new version; an open draft is kept)."""
        member = self._app.require(actor, (ADMIN,), "sign off reviews")
        if not reviewer.strip():
            from kiosk.app.errors import StoreError

            raise StoreError("Give the name of the clinician who reviewed the text.")
        return self._repo.sign_off(slug, language, reviewer, on, due, member.name)

"""Making new handouts for the editor: from scratch, as a duplicate, or as a language variant. No Qt.

Also the publish rule: which lint issues stop a publish (they would ship broken text) and which only warn.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from kiosk.content.source import SLUG_RE
from kiosk.core.i18n import _
from kiosk.core.lint import LintIssue
from kiosk.core.model import SECTION_KEYS, Handout, Review


def slugify(title: str) -> str:
    """'Knee joint injection (right)' → 'knee-joint-injection-right'; accents folded to plain letters."""
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-")


def slug_problem(slug: str, taken: set[str]) -> str:
    """One sentence saying why a slug cannot be used, or "" when it can."""
    if not slug:
        return _("Give the handout a short name (its slug).")
    if not SLUG_RE.match(slug):
        return _("The slug may hold only a-z, 0-9 and single hyphens.")
    if slug in taken:
        return _("There is already a handout called '{slug}'.").format(slug=slug)
    return ""


def blank(slug: str, language: str, title: str, author: str) -> Handout:
    return Handout(
        slug=slug, language=language, title=title.strip(), summary="", regions=(), keywords=(), duration="",
        sections={k: "" for k in SECTION_KEYS}, review=Review(written_by=author),
    )


def duplicate(source: Handout, slug: str, title: str, author: str) -> Handout:
    """A copy under a new name. The clinical review does not carry over: the copy is a new text."""
    return source.with_changes(slug=slug, title=title.strip(), review=Review(written_by=author),
                               sections=dict(source.sections))


def variant(original: Handout, language: str, author: str) -> Handout:
    """A language variant to translate: what does not depend on language is kept; every text starts empty
    (the editor shows the original beside each field)."""
    return Handout(
        slug=original.slug, language=language, title="", summary="", regions=original.regions, keywords=(),
        duration="", sections={k: "" for k in SECTION_KEYS}, review=Review(written_by=author),
        icon=original.icon, diagnostic=original.diagnostic, references=original.references,
        families=original.families,  # the same warning-sign sets: parity with the original is checked at publish
    )


def blocks_publish(issue: LintIssue) -> bool:
    """Placeholder text, an empty section, another clinic's name or a phone number must never reach a patient
    (the lint marks those as errors)."""
    return issue.blocks_publish


def title_problem(h: Handout) -> str:
    return "" if h.title.strip() else _("The handout needs a title.")


def next_review_due(on: date, years: int = 1) -> date:
    try:
        return on.replace(year=on.year + years)
    except ValueError:  # 29 February
        return on.replace(year=on.year + years, day=28)

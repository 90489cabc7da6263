"""Content checks for a handout (`kiosk check`, and the admin editor's inline lint). No Qt, no SQL."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.core.model import SECTION_KEYS, Handout
from kiosk.core.sections import items
from kiosk.core.readability import measure, meets_target, score_name, sentences, words

PLACEHOLDER = re.compile(
    r"lorem\s+ipsum|dolor\s+sit\s+amet|(?-i:\bTODO\b|\bTBD\b|\bFIXME\b)|\bx{3,}\b|\[(?:insert|add|write)[^\]]*\]"
    r"|\bplaceholder\b|\byour text here\b|\bkeypoint\s*#",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\d.])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)")
# Names of the clinics whose public pages were our fact sources: never in the product.
FOREIGN_CLINICS = re.compile(
    r"westcare|twin cities pain|relief plus|minimally invasive spine and pain", re.IGNORECASE
)
LONG_SENTENCE_WORDS = 25


@dataclass(frozen=True)
class LintIssue:
    field: str  # a section key, or a top-level field such as "summary" or "review_due"
    message: str
    table: str = "sections"  # where the field sits in the source file ("" = top level)
    # "error": must never reach a patient (placeholder, empty section, another clinic's name or phone);
    # "warning": to fix, but a publish may go ahead (reading level, long sentence, review date)
    severity: str = "warning"

    @property
    def blocks_publish(self) -> bool:
        return self.severity == "error"


def _text_fields(h: Handout):
    yield "", "title", h.title
    yield "", "summary", h.summary
    for key in SECTION_KEYS:
        yield "sections", key, h.sections.get(key, "")
    for item in h.do:
        yield "aftercare", "do", item
    for item in h.dont:
        yield "aftercare", "dont", item


def lint(
    h: Handout,
    today: date | None = None,
    grade_target: float = 6.0,
    spanish_target: float = 70.0,
    readability: bool = True,
) -> list[LintIssue]:
    today = today or date.today()
    issues: list[LintIssue] = []
    for table, key, text in _text_fields(h):
        m = PLACEHOLDER.search(text)
        if m:
            issues.append(LintIssue(key, f"placeholder text '{m.group(0)}' must be replaced", table, "error"))
        m = PHONE.search(text)
        if m:
            issues.append(LintIssue(key, "a phone number belongs in the clinic settings, not in handout text", table,
                                     "error"))
        m = FOREIGN_CLINICS.search(text)
        if m:
            issues.append(LintIssue(key, f"names another clinic ('{m.group(0)}')", table, "error"))
    for key in SECTION_KEYS:
        if not h.sections.get(key, "").strip():
            issues.append(LintIssue(key, "section is empty or missing", severity="error"))
    bullets = items(h.sections.get("call_clinic", ""))
    if len(bullets) < 2:
        issues.append(LintIssue("call_clinic", "lists no warning signs (write them as '- ' lines)"))
    if not h.sections.get("emergency", "").strip():
        issues.append(LintIssue("emergency", "no emergency section (when to call 911)", severity="error"))
    if h.review.review_due is None:
        issues.append(LintIssue("review_due", "no review-due date", "review"))
    elif h.review.review_due < today:
        issues.append(LintIssue("review_due", f"review was due on {h.review.review_due.isoformat()}", "review"))
    for key in ("summary", *SECTION_KEYS):
        text = h.summary if key == "summary" else h.sections.get(key, "")
        table = "" if key == "summary" else "sections"
        for sentence in sentences(text):
            if len(words(sentence)) > LONG_SENTENCE_WORDS:
                issues.append(LintIssue(key, f"a sentence of {len(words(sentence))} words; keep sentences short", table))
                break
        if readability and text.strip():
            r = measure(text, h.language)
            if not meets_target(r, grade_target, spanish_target):
                target = f"≥ {spanish_target:g}" if h.language == "es" else f"≤ {grade_target:g}"
                issues.append(LintIssue(key, f"{score_name(h.language)} is {r.score:g} (target {target})", table))
    return issues


def publish_blockers(
    h: Handout, today: date | None = None, grade_target: float = 6.0, spanish_target: float = 70.0
) -> list[str]:
    """Why this text may not be published, one "field: message" per reason; [] when it may.

    The publish rule, kept once: a missing title and every lint error (placeholder text, an empty section,
    another clinic's name or a phone number) stop a publish at every door: editor, import, pack, revert."""
    reasons = [] if h.title.strip() else ["title: the handout needs a title"]
    reasons += [f"{i.field}: {i.message}" for i in lint(h, today, grade_target, spanish_target, readability=False)
                if i.blocks_publish]
    return reasons

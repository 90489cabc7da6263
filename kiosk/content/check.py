"""`kiosk check`: lint a folder of handout files and report FILE:LINE: message; the reading-level report."""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from kiosk.content import drawings
from kiosk.content.library import LoadResult, load_folder
from kiosk.content.source import key_lines
from kiosk.core import parity
from kiosk.core.lint import LintIssue, lint
from kiosk.core.model import SECTION_KEYS, Handout, Problem
from kiosk.core.readability import measure

REPORT_START = "<!-- reading-levels:start -->"
REPORT_END = "<!-- reading-levels:end -->"


def check_result(
    result: LoadResult, today: date | None = None, grade_target: float = 6.0, spanish_target: float = 70.0
) -> tuple[list[Problem], list[Problem]]:
    """The content checks of loaded files, as (errors, warnings), each one FILE:LINE: message.

    Errors (the file could not be read, or lint errors such as placeholder text, another clinic's name, a phone
    number, a missing sign of the handout's warning-sign sets, a word the glossary refuses, or a translation whose
    warning signs, list items or numbers differ from its English original) refuse an import at every door;
    warnings (reading level, long sentences, review dates) are listed in the import plan and reported by
    `kiosk check`."""
    errors, warnings = list(result.problems), []
    english = {f.handout.slug: f.handout for f in result.files if f.handout.language == "en"}
    for loaded in result.files:
        lines = key_lines(loaded.text)
        issues = check_handout(loaded.handout, english.get(loaded.handout.slug), today, grade_target, spanish_target)
        for issue in issues:
            found = Problem(str(loaded.path), issue_line(loaded.text, issue), f"{issue.field}: {issue.message}")
            bucket = errors if issue.blocks_publish else warnings
            if found not in bucket:  # the same refused word twice on one line is one problem
                bucket.append(found)
        if not loaded.handout.title.strip():
            errors.append(Problem(str(loaded.path), lines.get(("", "title"), 1), "title: the handout needs a title"))
        drawing_errors, drawing_warnings = drawings.handout_problems(loaded.handout)
        errors += [Problem(str(loaded.path), 1, f"drawing: {m}") for m in drawing_errors]
        warnings += [Problem(str(loaded.path), 1, f"drawing: {m}") for m in drawing_warnings]
    return errors, warnings


def check_folder(
    folder: Path, today: date | None = None, grade_target: float = 6.0, spanish_target: float = 70.0
) -> list[Problem]:
    """Every problem `kiosk check` reports for a folder: errors first, then warnings. Every import door runs
    the same `check_result`."""
    errors, warnings = check_result(load_folder(Path(folder)), today, grade_target, spanish_target)
    return errors + warnings


def _line_of(text: str, excerpt: str, start: int) -> int:
    """The 1-based line, from START on, that holds EXCERPT (else START)."""
    for number, line in enumerate(text.split("\n")[start - 1:], start=start):
        if excerpt in line:
            return number
    return start


def check_handout(
    handout: Handout,
    english: Handout | None = None,
    today: date | None = None,
    grade_target: float = 6.0,
    spanish_target: float = 70.0,
) -> list[LintIssue]:
    """Every check of one handout, for a door that holds a single handout (the editor's publish, the application
    core): the lint (kiosk/core/lint.py, with the warning-sign sets and the glossary) and, for a translation, its
    parity with `english`, the English version of the same slug (kiosk/core/parity.py)."""
    issues = lint(handout, today, grade_target, spanish_target)
    if english is not None and handout.language != "en" and english.slug == handout.slug:
        issues += parity.check(english, handout)
    return issues


def issue_line(text: str, issue: LintIssue) -> int:
    """The line of a lint issue in a source file: the line holding the offending words when the issue names
    them (a refused glossary term inside a long section), else the line of its field."""
    lines = key_lines(text)
    base = lines.get((issue.table, issue.field), lines.get(("[", issue.table), 1))
    if issue.excerpt:  # part of an overlong word: found as it stands
        return _line_of(text, issue.excerpt, base)
    if not issue.text:
        return base
    later = sorted(n for n in lines.values() if n > base)
    end = later[0] if later else None
    rows = text.split("\n")
    needle = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in issue.text.split()) + r"(?!\w)", re.IGNORECASE)
    for number in range(base, (end or len(rows) + 1)):
        if needle.search(rows[number - 1]):
            return number
    return base


def reading_table(folder: Path) -> str:
    """A Markdown table of the score per handout and section (FK grade for en, Fernández-Huerta for es)."""
    result = load_folder(Path(folder))
    keys = ("summary", *SECTION_KEYS)
    head = "| handout | lang | score | " + " | ".join(keys) + " |"
    rows = [head, "|" + " --- |" * (len(keys) + 3)]
    for loaded in sorted(result.files, key=lambda f: (f.handout.slug, f.handout.language)):
        h = loaded.handout
        scores = [measure(h.summary if k == "summary" else h.sections.get(k, ""), h.language).score for k in keys]
        name = "FH ease ≥ 70" if h.language == "es" else "FK grade ≤ 6"
        rows.append(f"| {h.slug} | {h.language} | {name} | " + " | ".join(f"{s:g}" for s in scores) + " |")
    return "\n".join(rows)


def write_report(folder: Path, readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(REPORT_START), text.index(REPORT_END)
    table = reading_table(folder)
    readme.write_text(text[: start + len(REPORT_START)] + "\n" + table + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":  # python -m kiosk.content.check handouts/
    found = check_folder(Path(sys.argv[1] if len(sys.argv) > 1 else "handouts"))
    for p in found:
        print(p)
    sys.exit(1 if found else 0)

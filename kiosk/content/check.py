"""`kiosk check`: lint a folder of handout files and report FILE:LINE: message; the reading-level report."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from kiosk.content import drawings
from kiosk.content.library import LoadResult, load_folder
from kiosk.content.source import key_lines
from kiosk.core.lint import lint
from kiosk.core.model import SECTION_KEYS, Problem
from kiosk.core.readability import measure

REPORT_START = "<!-- reading-levels:start -->"
REPORT_END = "<!-- reading-levels:end -->"


def check_result(
    result: LoadResult, today: date | None = None, grade_target: float = 6.0, spanish_target: float = 70.0
) -> tuple[list[Problem], list[Problem]]:
    """The content checks of loaded files, as (errors, warnings), each one FILE:LINE: message.

    Errors (the file could not be read, or lint errors such as placeholder text, another clinic's name or a
    phone number) refuse an import at every door; warnings (reading level, long sentences, review dates) are
    listed in the import plan and reported by `kiosk check`."""
    errors, warnings = list(result.problems), []
    for loaded in result.files:
        lines = key_lines(loaded.text)
        for issue in lint(loaded.handout, today, grade_target, spanish_target):
            line = lines.get((issue.table, issue.field), lines.get(("[", issue.table), 1))
            found = Problem(str(loaded.path), line, f"{issue.field}: {issue.message}")
            (errors if issue.blocks_publish else warnings).append(found)
        if not loaded.handout.title.strip():
            errors.append(Problem(str(loaded.path), lines.get(("", "title"), 1), "title: the handout needs a title"))
        drawing_errors, drawing_warnings = drawings.problems(loaded.handout.slug, loaded.handout.language)
        errors += [Problem(str(loaded.path), 1, f"drawing: {m}") for m in drawing_errors]
        warnings += [Problem(str(loaded.path), 1, f"drawing: {m}") for m in drawing_warnings]
    return errors, warnings


def check_folder(
    folder: Path, today: date | None = None, grade_target: float = 6.0, spanish_target: float = 70.0
) -> list[Problem]:
    """Every problem `kiosk check` reports for a folder: errors first, then warnings."""
    errors, warnings = check_result(load_folder(Path(folder)), today, grade_target, spanish_target)
    return errors + warnings


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

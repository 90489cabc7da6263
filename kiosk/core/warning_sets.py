"""Warning-sign sets by procedure family, kept once in resources/content/warning_sets.toml. No Qt, no SQL.

A handout names its families (`Handout.families`); every sign of those sets, and of the sets marked
`every_handout`, must appear word for word as a "- " item of its section (call_clinic or emergency). The set file
is the single source of the words; this check proves each handout carries them, so a change to a sign makes every
handout that still has the old words fail `kiosk check`.

Sources of the signs are named in the data file's header.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kiosk import resources
from kiosk.core.model import LANGUAGES, SECTION_KEYS, Handout, normalise

DATA = ("content", "warning_sets.toml")


@dataclass(frozen=True)
class Sign:
    key: str  # stable id within its set, e.g. "hives"
    section: str  # "call_clinic" or "emergency"
    text: dict[str, str]  # language -> the exact list item


@dataclass(frozen=True)
class WarningSet:
    family: str  # e.g. "spine"
    name: str  # what the family covers, in words
    every_handout: bool
    signs: tuple[Sign, ...]


def parse_sets(text: str) -> dict[str, WarningSet]:
    """Read the set file's text. Raises ValueError with one sentence when it is malformed (a packaging fault)."""
    data = tomllib.loads(text)
    sets: dict[str, WarningSet] = {}
    for family, raw in data.get("sets", {}).items():
        signs = []
        for item in raw.get("signs", []):
            if item.get("section") not in SECTION_KEYS:
                raise ValueError(f"warning set '{family}': sign '{item.get('key')}' has no valid section")
            # English always; another language may still be missing (a language just added to the kiosk): its
            # handouts are then refused by `check`, never published without their warning signs.
            if not str(item.get("en", "")).strip():
                raise ValueError(f"warning set '{family}': sign '{item.get('key')}' has no text in ['en']")
            signs.append(Sign(item["key"], item["section"], {lang: _clean(item[lang]) for lang in LANGUAGES
                                                             if str(item.get(lang, "")).strip()}))
        if not signs:
            raise ValueError(f"warning set '{family}' has no signs")
        sets[family] = WarningSet(family, raw.get("name", family), bool(raw.get("every_handout", False)), tuple(signs))
    return sets


@lru_cache(maxsize=1)
def warning_sets() -> dict[str, WarningSet]:
    """The shipped sets, keyed by family name."""
    return parse_sets(resources.text(*DATA))


def source_name() -> str:
    return "/".join(("resources", *DATA))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(str(text))).strip()


def list_items(section_text: str) -> list[str]:
    """The "- " items of a section, whitespace collapsed."""
    return [_clean(line.strip()[2:]) for line in section_text.split("\n") if line.strip().startswith("- ")]


def sets_for(h: Handout, sets: dict[str, WarningSet] | None = None) -> list[WarningSet]:
    """The sets a handout must carry: the every-handout sets, then its families' sets (unknown names skipped)."""
    sets = warning_sets() if sets is None else sets
    chosen = [s for s in sets.values() if s.every_handout]
    chosen += [sets[f] for f in h.families if f in sets and not sets[f].every_handout]
    return chosen


def check(h: Handout, sets: dict[str, WarningSet] | None = None):
    """LintIssues (errors) for each sign the handout lacks and each family name the set file does not know."""
    from kiosk.core.lint import LintIssue

    sets = warning_sets() if sets is None else sets
    issues = []
    for family in h.families:
        if family not in sets:
            issues.append(LintIssue("families", f"unknown procedure family '{family}' (known: "
                                    f"{', '.join(sorted(f for f in sets if not sets[f].every_handout))})",
                                    "", "error"))
    if h.language not in LANGUAGES:
        return issues
    for ws in sets_for(h, sets):
        for sign in ws.signs:
            if h.language not in sign.text:
                issues.append(LintIssue(
                    sign.section, f"the '{ws.family}.{sign.key}' warning sign has no '{h.language}' text yet; "
                    f"translate it in {source_name()} first", "sections", "error"))
                continue
            wanted = sign.text[h.language]
            if wanted not in list_items(h.sections.get(sign.section, "")):
                issues.append(LintIssue(
                    sign.section,
                    f"lacks the '{ws.family}.{sign.key}' warning sign of the {ws.name} set; add the item "
                    f"'- {wanted}' word for word (kept in {source_name()})",
                    "sections", "error"))
    return issues


def load_file(path: Path) -> dict[str, WarningSet]:
    """Sets from another file (tests, a clinic's own set file)."""
    return parse_sets(Path(path).read_text(encoding="utf-8"))

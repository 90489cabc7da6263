"""The glossary: a preferred term per idea and the words refused in its place, per language. No Qt, no SQL.

Kept once in resources/content/glossary.toml. `check()` refuses a refused word anywhere a patient reads the
handout and names the preferred term. Matching is whole words or phrases, ignoring case, spaces flexible.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from kiosk import resources
from kiosk.core.model import LANGUAGES, SECTION_KEYS, Handout

DATA = ("content", "glossary.toml")


@dataclass(frozen=True)
class Entry:
    preferred: str
    refused: tuple[str, ...]
    why: str
    pattern: re.Pattern


def _pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = sorted(phrases, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def parse_glossary(text: str) -> dict[str, tuple[Entry, ...]]:
    """language -> entries. Raises ValueError with one sentence when an entry is malformed."""
    data = tomllib.loads(text)
    out: dict[str, tuple[Entry, ...]] = {}
    for lang in LANGUAGES:
        entries = []
        for raw in data.get(lang, []):
            refused = tuple(str(r).strip() for r in raw.get("refused", []) if str(r).strip())
            if not str(raw.get("preferred", "")).strip() or not refused:
                raise ValueError(f"glossary ({lang}): every entry needs 'preferred' and at least one 'refused'")
            entries.append(Entry(raw["preferred"].strip(), refused, str(raw.get("why", "")).strip(), _pattern(refused)))
        out[lang] = tuple(entries)
    return out


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[Entry, ...]]:
    return parse_glossary(resources.text(*DATA))


def source_name() -> str:
    return "/".join(("resources", *DATA))


def refused_in(text: str, language: str, entries: dict[str, tuple[Entry, ...]] | None = None) -> list[tuple[str, Entry]]:
    """(word as written, its entry) for every refused word in any text a patient reads in `language`: for texts
    that are not handouts, such as the sheet's labels."""
    entries = glossary() if entries is None else entries
    return [(m.group(0), entry) for entry in entries.get(language, ()) for m in entry.pattern.finditer(text)]


def patient_text(h: Handout):
    """(table, field, text) for everything a patient reads; table "" is the top level."""
    yield "", "title", h.title
    yield "", "summary", h.summary
    for word in h.keywords:
        yield "", "keywords", word
    for item in h.questions:
        yield "", "questions", item
    for item in h.do:
        yield "aftercare", "do", item
    for item in h.dont:
        yield "aftercare", "dont", item
    for key in SECTION_KEYS:
        yield "sections", key, h.sections.get(key, "")


def check(h: Handout, entries: dict[str, tuple[Entry, ...]] | None = None):
    """LintIssues (errors) naming each refused word found and its preferred term; `text` is the word as written,
    so the caller can point at its line."""
    from kiosk.core.lint import LintIssue

    entries = glossary() if entries is None else entries
    issues = []
    for table, field, text in patient_text(h):
        for word, entry in refused_in(text, h.language, entries):
            why = f" ({entry.why})" if entry.why else ""
            issues.append(LintIssue(field, f"'{word}' is refused by the glossary; write '{entry.preferred}'{why}",
                                    table, "error", text=word))
    return issues

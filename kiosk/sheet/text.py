"""Turning free text into safe reportlab paragraph markup.

Everything a person typed (notes, names, sites) and everything read from a handout passes through
`Cleaner.clean()` (NFC, line breaks unified, characters the fonts lack replaced by a visible marker and
recorded) and then `markup()` (XML-escaped, spacing kept). Nothing here logs or raises with the text in it.
"""
from __future__ import annotations

from kiosk.core.sections import ITEM, blocks

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from kiosk.core.model import normalise
from kiosk.sheet import fonts

# What a character the fonts cannot draw becomes: the Unicode replacement character, which DejaVu has.
MARKER = "\ufffd"
NBSP = "\u00a0"

# Line and paragraph separators other than "\n" that people paste from word processors and web pages.
# Python's str.splitlines() counts the same characters (plus the information separators) as line ends.
_LINE_BREAKS = {c: "\n" for c in "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"}
_LINE_BREAKS["\x1f"] = " "  # the unit separator: whitespace to Python, a space here
_TAB = "    "
_UNPRINTABLE_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}


@lru_cache(maxsize=1)
def _safe() -> frozenset[str]:
    """Characters that pass through unchanged: drawable, visible (or a plain space) and not a control."""
    out = set()
    for cp in fonts.covered():
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category in _UNPRINTABLE_CATEGORIES or category == "Cf" or ch in _LINE_BREAKS:
            continue
        out.add(ch)
    out.add("\n")
    return frozenset(out)


@dataclass
class Cleaner:
    """Cleans text for one sheet and remembers which characters it had to replace."""

    missing: dict[str, int] = field(default_factory=dict)

    def clean(self, text: str) -> str:
        text = normalise(text or "")
        if not (set(text) <= _safe()):
            text = "".join(self._char(ch) for ch in text)
        return text

    def _char(self, ch: str) -> str:
        if ch in _safe():
            return ch
        if ch in _LINE_BREAKS:
            return _LINE_BREAKS[ch]
        if ch == "\t":
            return _TAB
        category = unicodedata.category(ch)
        if category == "Cf":
            # Invisible formatting (zero-width space, soft hyphen, direction marks): nothing to print.
            return ""
        if category == "Zs":
            return " "
        if category not in _UNPRINTABLE_CATEGORIES:
            # A precomposed letter the font lacks may still print as base letter + combining marks.
            decomposed = unicodedata.normalize("NFD", ch)
            if len(decomposed) > 1 and all(c in _safe() for c in decomposed):
                return decomposed
        self.missing[ch] = self.missing.get(ch, 0) + 1
        return MARKER

    def warnings(self, limit: int = 20) -> list[str]:
        """One line per character that could not be printed; no surrounding text is ever quoted."""
        if not self.missing:
            return []
        items = sorted(self.missing)
        lines = [f"{describe(ch)} cannot be printed with the sheet's fonts; it shows as {MARKER}" for ch in items[:limit]]
        if len(items) > limit:
            lines.append(f"…and {len(items) - limit} more characters that cannot be printed")
        return lines


def describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name:
        category = unicodedata.category(ch)
        name = {"Cc": "control character", "Co": "private-use character", "Cs": "surrogate"}.get(
            category, "unassigned character"
        )
    return f"U+{ord(ch):04X} {name}"


_SPACE_RUN = re.compile(r"  +")


def _keep_spaces(line: str) -> str:
    """Paragraph markup collapses spaces; keep indentation and runs of spaces as typed."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    line = NBSP * indent + stripped
    return _SPACE_RUN.sub(lambda m: " " + NBSP * (len(m.group()) - 1), line)


def markup(text: str) -> str:
    """Escape cleaned text for a Paragraph, keeping line breaks and spacing as typed."""
    return "<br/>".join(escape(_keep_spaces(line)) for line in text.split("\n"))


def inline(text: str) -> str:
    """Escape cleaned one-line text (a name, a site): line breaks become spaces."""
    return escape(" ".join(text.split("\n")).strip())


def typed_blocks(text: str) -> list[tuple[int, str]]:
    """Split text typed by a person into (blank lines before, block markup) pairs.

    A block is a run of non-empty lines joined with <br/>; the count of blank lines before it lets the caller
    keep the vertical space the person typed. Leading and trailing blank lines are dropped.
    """
    return [(before, markup("\n".join(lines))) for before, lines in _raw_blocks(text)]


# A typed line that starts with "* ", "- " or "• " (after any indent) is a list item, as nurses write them.
_TYPED_ITEM = re.compile(r"^[ \t]*[*\-\u2022][ \t]+(?=\S)")


def typed_items(text: str) -> list[tuple[int, str, str]]:
    """Text typed by a person as (blank lines before, kind, markup): kind "li" for each line written as a list
    item ("* item", "- item", "• item"; the marker dropped, the sheet prints a bullet), "p" for each run of other
    non-empty lines (joined with <br/>, spacing kept as in `typed_blocks`)."""
    out: list[tuple[int, str, str]] = []
    for before, block in _raw_blocks(text):
        run: list[str] = []
        for line in block:
            found = _TYPED_ITEM.match(line)
            if found is None:
                run.append(line)
                continue
            if run:
                out.append((before, "p", markup("\n".join(run))))
                before, run = 0, []
            out.append((before, "li", markup(line[found.end():].rstrip())))
            before = 0
        if run:
            out.append((before, "p", markup("\n".join(run))))
    return out


def _raw_blocks(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-empty lines with the count of blank lines before each (none before the first)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    before = blank = 0
    for line in text.split("\n"):
        if line.strip():
            if not current:
                before = blank if blocks else 0
            current.append(line)
            blank = 0
        else:
            if current:
                blocks.append((before, current))
                current = []
            blank += 1
    if current:
        blocks.append((before, current))
    return blocks


def content_blocks(text: str) -> list[tuple[str, str]]:
    """Section text as ("p", markup) paragraphs and ("li", markup) list items, parsed by the one section parser
    (kiosk.core.sections) that the patient screen and the admin preview use too, then escaped for reportlab."""
    return [("li" if b.kind == ITEM else "p", inline(b.text)) for b in blocks(text)]


def items(text: str) -> list[str]:
    """The blocks of a section such as call_clinic as markup; plain paragraphs count as items too."""
    return [m for _kind, m in content_blocks(text)]

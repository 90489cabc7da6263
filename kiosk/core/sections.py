"""The one parser of handout section text, used by the patient screen, the sheet, the admin preview, the voice
and the lint, so that all of them see the same paragraphs and list items. No Qt.

The handout format (handouts/README.md):
- a blank line ends a block;
- a line starting with "- " starts a list item; lines after it (until a blank line or the next "- ") continue
  the item, joined with a space, so a long item may be wrapped in the source;
- any other line starts a paragraph, or continues the paragraph before it, joined with a space;
- a line that is only "-" is an empty list item: it ends the block before it and is dropped;
- spaces at the ends of lines, and runs of spaces inside a block's joins, do not matter.
"""
from __future__ import annotations

from dataclasses import dataclass

PARA = "para"
ITEM = "item"


@dataclass(frozen=True)
class Block:
    kind: str  # PARA | ITEM
    text: str  # plain text, one line, never empty


def blocks(text: str | None) -> list[Block]:
    """Split section text into paragraphs and list items, in order. `text` may be None or empty: []."""
    out: list[Block] = []
    kind: str | None = None
    lines: list[str] = []

    def flush() -> None:
        nonlocal kind, lines
        joined = " ".join(lines).strip()
        if kind is not None and joined:
            out.append(Block(kind, joined))
        kind, lines = None, []

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line == "-":
            flush()
        elif line.startswith("- "):
            flush()
            kind, lines = ITEM, [line[2:].strip()]
        else:
            if kind is None:
                kind = PARA
            lines.append(line)
    flush()
    return out


def items(text: str | None) -> list[str]:
    """The list items of a section (warning signs, do and don't lines), without the paragraphs."""
    return [b.text for b in blocks(text) if b.kind == ITEM]

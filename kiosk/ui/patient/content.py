"""Handout section text as blocks a screen (or a voice) can take one at a time. No Qt.

A blank line separates paragraphs; lines starting "- " are list items.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    kind: str  # "para" | "item"
    text: str


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(Block("para", " ".join(para)))
            para.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("- "):
            flush()
            out.append(Block("item", line[2:].strip()))
        elif out and out[-1].kind == "item" and not para and raw.startswith((" ", "\t")):
            out[-1] = Block("item", out[-1].text + " " + line)  # a list item continued on the next line
        else:
            para.append(line)
    flush()
    return out

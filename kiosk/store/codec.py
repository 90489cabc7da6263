"""Handout <-> JSON for the handout_versions.content column. No Qt."""
from __future__ import annotations

import base64
import json
from datetime import date

from kiosk.core.model import SECTION_KEYS, Handout, OwnDrawing, Review


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def to_json(h: Handout) -> str:
    data = {
        "slug": h.slug,
        "language": h.language,
        "title": h.title,
        "summary": h.summary,
        "regions": list(h.regions),
        "keywords": list(h.keywords),
        "duration": h.duration,
        "icon": h.icon,
        "diagnostic": h.diagnostic,
        "do": list(h.do),
        "dont": list(h.dont),
        "references": list(h.references),
        "families": list(h.families),
        "questions": list(h.questions),
        "sections": {k: h.sections.get(k, "") for k in SECTION_KEYS},
        "review": {
            "written_by": h.review.written_by,
            "reviewed_by": h.review.reviewed_by,
            "review_date": _d(h.review.review_date),
            "review_due": _d(h.review.review_due),
        },
    }
    if h.drawing is not None:  # an admin's own drawing travels with the version it belongs to
        data["drawing"] = {"file": h.drawing.file, "alt": h.drawing.alt,
                           "data": base64.b64encode(h.drawing.data).decode("ascii")}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _drawing(d) -> OwnDrawing | None:
    if not isinstance(d, dict):
        return None
    return OwnDrawing(str(d.get("file", "")), str(d.get("alt", "")), base64.b64decode(d.get("data", "")))


def from_json(text: str) -> Handout:
    d = json.loads(text)
    r = d["review"]
    return Handout(
        slug=d["slug"],
        language=d["language"],
        title=d["title"],
        summary=d["summary"],
        regions=tuple(d["regions"]),
        keywords=tuple(d["keywords"]),
        duration=d["duration"],
        sections={k: d["sections"].get(k, "") for k in SECTION_KEYS},
        review=Review(r["written_by"], r["reviewed_by"], _date(r["review_date"]), _date(r["review_due"])),
        icon=d.get("icon", "injection"),
        diagnostic=bool(d.get("diagnostic", False)),
        do=tuple(d.get("do", ())),
        dont=tuple(d.get("dont", ())),
        references=tuple(d.get("references", ())),
        families=tuple(d.get("families", ())),
        questions=tuple(d.get("questions", ())),
        drawing=_drawing(d.get("drawing")),
    )

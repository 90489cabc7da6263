"""Reading and writing one handout source file (TOML, see handouts/README.md). No Qt, no SQL.

`parse()` turns the text of one file into a Handout or a list of Problems with line numbers;
`dump()` writes a Handout back in the canonical layout, so that a canonical file survives
import → export byte for byte.
"""
from __future__ import annotations

import re
import tomllib
from datetime import date, datetime

from kiosk.core.model import (
    DRAWING_FILE_RE,
    LANGUAGES,
    REGIONS,
    SECTION_KEYS,
    Handout,
    OwnDrawing,
    Problem,
    Review,
    normalise,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILE_BYTES = 1_000_000
MAX_HEADING_CHARS = 120  # title and duration: one line on a card, a screen header and the sheet's title

TOP_KEYS = ("slug", "language", "title", "icon", "duration", "diagnostic", "regions", "families", "keywords", "summary",
            "questions")
TABLES = {
    "review": ("written_by", "reviewed_by", "review_date", "review_due", "references"),
    "aftercare": ("do", "dont"),
    "sections": SECTION_KEYS,
    "drawing": ("file", "alt"),
}
REQUIRED_TOP = ("slug", "language", "title", "duration", "regions", "families", "keywords", "summary")
FAMILY_RE = re.compile(r"^[a-z0-9_]+$")

_KEY_LINE = re.compile(r"""^\s*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_\-]+))\s*=""")
_TABLE_LINE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_\-]+)\s*\]\]?\s*(?:#.*)?$")  # [table] or [[array of tables]]


def key_lines(text: str) -> dict[tuple[str, str], int]:
    """Map (table, key) to the 1-based line where it is defined; table "" is the top level."""
    lines: dict[tuple[str, str], int] = {}
    table = ""
    in_multiline = False
    for number, line in enumerate(text.split("\n"), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1:
                in_multiline = False
            continue
        m = _TABLE_LINE.match(line)
        if m:
            table = m.group(1)
            lines.setdefault(("[", table), number)
            continue
        m = _KEY_LINE.match(line)
        if m:
            lines.setdefault((table, next(g for g in m.groups() if g is not None)), number)
            if line.count('"""') % 2 == 1:
                in_multiline = True
    return lines


def _nesting_line(text: str, limit: int = 32) -> int:
    """The line where [ and { first nest deeper than `limit` (strings and comments skipped), else 1."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if ch == '"' and text[j] == "\\" else 1
            line += text.count("\n", i, j)
            i = j + len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        elif ch in "]}":
            depth -= 1
        i += 1
    return 1


def _parse_date(value) -> date | None | str:
    """A date from the file: a TOML date, "YYYY-MM-DD" or "" (none). Returns "bad" when invalid."""
    if isinstance(value, datetime):  # a TOML date-time is a date too in Python; it would break later comparisons
        return "bad"
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return "bad"
    return "bad"


def parse(text: str, filename: str) -> tuple[Handout | None, list[Problem]]:
    """Validate and parse the text of one source file. Returns (handout, []) or (None, problems)."""
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(filename, line, message))

    if "\x00" in text:
        problem(text[: text.index("\x00")].count("\n") + 1, "the file holds NUL bytes; it is not a text file")
        return None, problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "syntax error"
        if m:
            line = int(m.group(1))
        else:  # "at end of document": the last line that holds anything
            line = len(text.rstrip("\n").split("\n")) if text.strip() else 1
        problem(line, f"not valid TOML: {reason}")
        return None, problems
    except RecursionError:  # tomllib recurses once per nested [ or {; a small file can exhaust the stack
        problem(_nesting_line(text), "values are nested too deeply (brackets inside brackets)")
        return None, problems
    lines = key_lines(text)

    def line_of(table: str, key: str | None = None) -> int:
        if key is None:
            return lines.get(("[", table), 1)
        if not table and (table, key) not in lines and ("[", key) in lines:
            return lines[("[", key)]  # a top-level key written as a table header: [summary]
        return lines.get((table, key), lines.get(("[", table), 1))

    for key, value in data.items():
        if key in TABLES:
            if not isinstance(value, dict):
                problem(line_of("", key), f"'{key}' must be a table ([{key}])")
                continue
            for sub in value:
                if sub not in TABLES[key]:
                    what = "section" if key == "sections" else "key"
                    problem(line_of(key, sub), f"unknown {what} '{sub}' in [{key}]")
        elif key not in TOP_KEYS:
            problem(line_of("", key), f"unknown key '{key}'")

    def text_field(table: str, key: str, required: bool = True) -> str:
        container = data if not table else data.get(table, {})
        if not isinstance(container, dict):
            return ""
        value = container.get(key)
        where = f"[{table}] {key}" if table else key
        if value is None:
            if required:
                problem(line_of(table) if table else 1, f"missing '{where}'")
            return ""
        if not isinstance(value, str):
            problem(line_of(table, key), f"'{where}' must be text")
            return ""
        value = normalise(value).strip()
        if required and not value:
            problem(line_of(table, key), f"'{where}' is empty")
        if "\x00" in value:
            problem(line_of(table, key), f"'{where}' holds a NUL character (\\u0000)")
        return value

    def list_field(table: str, key: str, required: bool = True) -> tuple[str, ...]:
        container = data if not table else data.get(table, {})
        if not isinstance(container, dict):
            return ()
        value = container.get(key)
        where = f"[{table}] {key}" if table else key
        if value is None:
            if required:
                problem(line_of(table) if table else 1, f"missing '{where}'")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problem(line_of(table, key), f"'{where}' must be a list of text")
            return ()
        items = tuple(normalise(v).strip() for v in value)
        if any(not v for v in items):
            problem(line_of(table, key), f"'{where}' has an empty item")
        if any("\x00" in v for v in items):
            problem(line_of(table, key), f"'{where}' holds a NUL character (\\u0000)")
        if required and not items:
            problem(line_of(table, key), f"'{where}' is empty")
        return items

    slug = text_field("", "slug")
    if slug and not SLUG_RE.match(slug):
        problem(line_of("", "slug"), f"slug '{slug}' may hold only a-z, 0-9 and single hyphens")
    language = text_field("", "language")
    if language and language not in LANGUAGES:
        problem(line_of("", "language"), f"language '{language}' is not one of {', '.join(LANGUAGES)}")
    title = text_field("", "title")
    summary = text_field("", "summary")
    duration = text_field("", "duration")
    for key, value in (("title", title), ("duration", duration)):
        if "\n" in value:
            problem(line_of("", key), f"'{key}' must be one line")
        elif len(value) > MAX_HEADING_CHARS:
            problem(line_of("", key), f"'{key}' is {len(value):,} characters long; at most {MAX_HEADING_CHARS}")
    icon = text_field("", "icon", required=False) or "injection"
    if not re.match(r"^[a-z0-9_\-]+$", icon):
        problem(line_of("", "icon"), f"icon '{icon}' must be a plain name such as 'spine'")
    diagnostic = data.get("diagnostic", False)
    if not isinstance(diagnostic, bool):
        problem(line_of("", "diagnostic"), "'diagnostic' must be true or false")
        diagnostic = False
    regions = list_field("", "regions")
    for region in regions:
        if region not in REGIONS:
            problem(line_of("", "regions"), f"unknown body region '{region}' (known: {', '.join(REGIONS)})")
    keywords = list_field("", "keywords")
    # required, even when empty: a handout says which warning-sign sets it carries, never by omission
    families = list_field("", "families", required=False)
    if "families" not in data:
        problem(1, "missing 'families' (the procedure families whose warning signs it carries; [] for none)")
    for family in families:
        if family and not FAMILY_RE.match(family):
            problem(line_of("", "families"), f"family '{family}' must be a plain name such as 'spine'")
    questions = list_field("", "questions", required=False)

    if "review" not in data:
        problem(1, "missing the [review] table")
    written_by = text_field("review", "written_by") if "review" in data else ""
    reviewed_by = text_field("review", "reviewed_by", required=False) if "review" in data else ""
    dates = {}
    for key in ("review_date", "review_due"):
        raw = data.get("review", {}).get(key, "") if isinstance(data.get("review"), dict) else ""
        parsed = _parse_date(raw)
        if parsed == "bad":
            problem(line_of("review", key), f"'{key}' is not a date in the form YYYY-MM-DD")
            parsed = None
        dates[key] = parsed
    if "review" in data and dates["review_due"] is None and isinstance(data.get("review"), dict):
        if "review_due" not in data["review"]:
            problem(line_of("review"), "missing '[review] review_due'")
    references = list_field("review", "references", required=False)

    do = list_field("aftercare", "do", required=False)
    dont = list_field("aftercare", "dont", required=False)

    drawing = None
    if isinstance(data.get("drawing"), dict):  # an admin's own drawing: a PNG or SVG file beside this one
        file = text_field("drawing", "file")
        alt = text_field("drawing", "alt")
        if file and not re.match(DRAWING_FILE_RE, file):
            problem(line_of("drawing", "file"),
                    f"drawing file '{file}' must be a plain .svg or .png file name in the same folder")
        drawing = OwnDrawing(file, alt)

    sections: dict[str, str] = {}
    if "sections" not in data:
        problem(1, "missing the [sections] table")
    elif isinstance(data["sections"], dict):
        for key in SECTION_KEYS:
            sections[key] = text_field("sections", key)

    if problems:
        return None, problems
    handout = Handout(
        slug=slug,
        language=language,
        title=title,
        summary=summary,
        regions=regions,
        keywords=keywords,
        duration=duration,
        sections=sections,
        review=Review(written_by, reviewed_by, dates["review_date"], dates["review_due"]),
        icon=icon,
        diagnostic=diagnostic,
        do=do,
        dont=dont,
        references=references,
        families=families,
        questions=questions,
        drawing=drawing,
    )
    return handout, []


def _basic(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _multiline(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch in "\n\t":
            out.append(ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    body = "".join(out).replace('"""', '""\\"')
    return '"""\n' + body + '\n"""'


def _text(value: str) -> str:
    return _multiline(value) if "\n" in value or len(value) > 80 else _basic(value)


def _list(values: tuple[str, ...], inline: bool = False) -> str:
    if inline:
        return "[" + ", ".join(_basic(v) for v in values) + "]"
    if not values:
        return "[]"
    return "[\n" + "".join(f"  {_basic(v)},\n" for v in values) + "]"


def dump(handout: Handout) -> str:
    """The canonical source text of a handout."""
    h = handout
    review = h.review
    out = [
        "# Patient handout source file. The format is described in handouts/README.md.",
        f"slug = {_basic(h.slug)}",
        f"language = {_basic(h.language)}",
        f"title = {_basic(h.title)}",
        f"icon = {_basic(h.icon)}",
        f"duration = {_basic(h.duration)}",
        f"diagnostic = {'true' if h.diagnostic else 'false'}",
        f"regions = {_list(h.regions, inline=True)}",
        f"families = {_list(h.families, inline=True)}",
        f"keywords = {_list(h.keywords)}",
        f"summary = {_text(h.summary)}",
    ]
    if h.questions:  # optional: written only when there are some
        out.append(f"questions = {_list(h.questions)}")
    out += [
        "",
        "[review]",
        f"written_by = {_basic(review.written_by)}",
        f"reviewed_by = {_basic(review.reviewed_by)}",
        f"review_date = {_basic(review.review_date.isoformat() if review.review_date else '')}",
        f"review_due = {_basic(review.review_due.isoformat() if review.review_due else '')}",
        f"references = {_list(h.references)}",
        "",
        "[aftercare]",
        f"do = {_list(h.do)}",
        f"dont = {_list(h.dont)}",
        "",
    ]
    if h.drawing is not None:  # optional: an admin's own drawing, its file written beside this one
        out += ["[drawing]", f"file = {_basic(drawing_file(h))}", f"alt = {_basic(h.drawing.alt)}", ""]
    out += [
        "[sections]",
    ]
    for key in SECTION_KEYS:
        out.append(f"{key} = {_text(h.sections.get(key, ''))}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def drawing_file(handout: Handout) -> str:
    """The file name of a handout's own drawing in a pack: made from its slug and bytes when it has them (two
    drawings never share a name), else the name it was read with."""
    d = handout.drawing
    if d is None:
        return ""
    if not d.data:
        return d.file
    return OwnDrawing.name_for(handout.slug, d.data, d.suffix or ".svg")


def file_name(handout: Handout) -> str:
    return f"{handout.slug}.{handout.language}.toml"

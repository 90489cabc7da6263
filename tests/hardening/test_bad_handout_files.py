"""Malformed handout files and content packs: each kind is refused with FILE:LINE and the database is unchanged.

Every pack below holds one valid handout beside the broken file, so "nothing changed" also proves that an
import is all or nothing. The database is compared row by row (handouts, versions, audit log, settings, staff,
search index) before and after `kiosk.services.import_folder`.

Decisions (also in README.md here): a UTF-8 byte-order mark and CRLF line endings are accepted (Windows editors
write them); CRLF files are exported back unchanged, a BOM is dropped. Everything else below is refused.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from hardening.support import snapshot
from helpers.handouts import sample_handout
from kiosk.content.source import dump
from kiosk.core.model import SECTION_KEYS
from kiosk.services import ContentError, export_folder, import_folder

BAD = "bad-case.en.toml"
BASE = dump(sample_handout(slug="bad-case"))


@dataclass
class Expect:
    file: str  # the file name (inside the pack) the problem must name
    line: int  # the line it must point at (1 when the whole file is at fault)
    words: str  # part of the reason


def line_of(text: str, prefix: str, nth: int = 1) -> int:
    """1-based number of the nth line that starts with prefix."""
    found = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(prefix):
            found += 1
            if found == nth:
                return number
    raise AssertionError(f"no line starts with {prefix!r}")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def write_text(folder: Path, text: str, name: str = BAD) -> None:
    (folder / name).write_text(text, encoding="utf-8", newline="")


def edited(old: str, new: str, line_prefix: str, words: str, nth: int = 1) -> Callable[[Path], Expect]:
    """A case made by one textual edit of a valid file; the problem must point at the edited line."""

    def build(folder: Path) -> Expect:
        text = replace_once(BASE, old, new)
        write_text(folder, text)
        return Expect(BAD, line_of(text, line_prefix, nth), words)

    return build


def raw(data: bytes, line: int, words: str, name: str = BAD) -> Callable[[Path], Expect]:
    def build(folder: Path) -> Expect:
        (folder / name).write_bytes(data)
        return Expect(name, line, words)

    return build


# ---- the kinds ------------------------------------------------------------------------------------------
def truncated_inside_string(folder):
    cut = BASE.index("summary = ") + len('summary = "You rest')
    write_text(folder, BASE[:cut])
    return Expect(BAD, line_of(BASE, "summary = "), "not valid TOML")


def truncated_after_equals(folder):
    cut = BASE.index("title = ") + len("title = ")
    write_text(folder, BASE[:cut])
    return Expect(BAD, line_of(BASE, "title = "), "not valid TOML")


def truncated_inside_a_character(folder):
    text = replace_once(BASE, 'title = "Test injection"', 'title = "Inyección"')
    data = text.encode("utf-8")
    cut = data.index("ó".encode()) + 1  # half of a two-byte character, as a copy cut short would leave
    (folder / BAD).write_bytes(data[:cut])
    return Expect(BAD, line_of(text, "title = "), "not UTF-8")


def latin1(folder):
    text = replace_once(BASE, 'title = "Test injection"', 'title = "Inyección de prueba"')
    (folder / BAD).write_bytes(text.encode("latin-1"))
    return Expect(BAD, line_of(text, "title = "), "not UTF-8")


def symlink(folder):
    real = folder.parent / "outside.en.toml"
    real.write_text(BASE, encoding="utf-8")
    (folder / BAD).symlink_to(real)
    return Expect(BAD, 1, "symbolic link")


def duplicate_slug_in_two_files(folder):
    write_text(folder, dump(sample_handout(slug="bad-case")))
    write_text(folder, dump(sample_handout(slug="bad-case")), name="bad-case-copy.en.toml")
    return Expect("bad-case-copy.en.toml", line_of(BASE, "slug = "), "file name should be 'bad-case.en.toml'")


def spanish_without_english(folder):
    name = "bad-case.es.toml"
    write_text(folder, dump(sample_handout(slug="bad-case", language="es")), name=name)
    return Expect(name, line_of(BASE, "language = "), "has no English original")


def file_name_not_matching_slug(folder):
    write_text(folder, BASE, name="something-else.en.toml")
    return Expect("something-else.en.toml", line_of(BASE, "slug = "), "file name should be 'bad-case.en.toml'")


def file_name_with_wrong_language(folder):
    write_text(folder, BASE, name="bad-case.es.toml")
    return Expect("bad-case.es.toml", line_of(BASE, "language = "), "file name should be 'bad-case.en.toml'")


def missing(table: str, key: str):
    """Remove one required field; the problem points at its table's header (line 1 for the top level)."""

    def build(folder):
        lines, keep, current, closing = BASE.split("\n"), [], "", None
        for line in lines:
            if closing is not None:  # inside the removed multi-line value
                if line == closing:
                    closing = None
                continue
            if line.startswith("["):
                current = line.strip("[]")
            if current == table and line.startswith(f"{key} = "):
                value = line.split("=", 1)[1].strip()
                closing = {"[": "]", '"""': '"""'}.get(value)
                continue
            keep.append(line)
        text = "\n".join(keep)
        write_text(folder, text)
        header = line_of(text, f"[{table}]") if table else 1
        where = f"[{table}] {key}" if table else key
        return Expect(BAD, header, f"missing '{where}'")

    return build


KINDS: dict[str, Callable[[Path], Expect]] = {
    # damaged or strange files
    "truncated-inside-a-string": truncated_inside_string,
    "truncated-after-equals": truncated_after_equals,
    "truncated-inside-a-character": truncated_inside_a_character,
    "latin-1-encoding": latin1,
    "utf-16-with-bom": raw(b"\xff\xfe" + BASE.encode("utf-16-le"), 1, "not UTF-8"),
    # UTF-16 without a BOM: ASCII decodes (with NULs between), the first other character does not
    "utf-16-without-bom": raw(BASE.encode("utf-16-le"), next(n for n, ln in enumerate(BASE.split("\n"), 1)
                                                               if not ln.isascii()), "not UTF-8"),
    "ten-megabyte-file": raw(BASE.encode() + b"# padding\n" * 1_000_000, 1, "at most 1,000,000"),
    "empty-file": raw(b"", 1, "missing 'slug'"),
    "only-comments": raw(b"# a handout\n# nothing else here\n", 1, "missing 'slug'"),
    "symlink": symlink,
    "directory-named-like-a-handout": lambda folder: ((folder / BAD).mkdir(), Expect(BAD, 1, "not a regular file"))[1],
    # the same character twice: raw it made the file "not text" at line 1; escaped it went into the library
    # and printed as a replacement mark on every sheet
    "nul-byte": edited('title = "Test injection"', 'title = "Test\x00injection"', "title = ", "NUL bytes"),
    "nul-escape-in-text": edited('duration = "10 minutes"', 'duration = "10\\u0000minutes"', "duration = ",
                                 "'duration' holds a NUL character"),
    "nul-escape-in-a-list": edited('  "shot",', '  "sh\\u0000ot",', "keywords = ", "'keywords' holds a NUL"),
    "cr-only-line-endings": raw(BASE.replace("\n", "\r").encode(), 1, "not valid TOML"),
    "raw-control-character": edited('title = "Test injection"', 'title = "Test\x07injection"', "title = ",
                                    "not valid TOML"),
    # TOML syntax
    "duplicate-key": edited('duration = "10 minutes"', 'duration = "10 minutes"\ntitle = "Again"', "title = ",
                            "not valid TOML", nth=2),
    "duplicate-table": edited("[aftercare]", "[review]\nextra = 1\n\n[aftercare]", "[review]", "not valid TOML",
                              nth=2),
    "bare-word-value": edited('title = "Test injection"', "title = Test injection", "title = ", "not valid TOML"),
    "key-without-value": edited('duration = "10 minutes"', 'duration = "10 minutes"\nicon =', "icon =",
                                "not valid TOML", nth=2),
    "surrogate-escape": edited('title = "Test injection"', 'title = "Test \\uD800"', "title = ", "not valid TOML"),
    "unknown-escape": edited('title = "Test injection"', 'title = "Test \\q"', "title = ", "not valid TOML"),
    # a few hundred kilobytes of brackets used to overflow tomllib's recursion (a traceback, not a problem)
    "deeply-nested-array": edited('icon = "injection"', 'icon = "injection"\nextra = ' + "[" * 100_000 + "]" * 100_000,
                                  "extra = ", "nested too deeply"),
    "deeply-nested-inline-tables": edited("[aftercare]", 'note = "[[[[ in a string ]"\nx = ' + "{a=" * 50_000 + "1"
                                          + "}" * 50_000 + "\n[aftercare]", "x = ", "nested too deeply"),
    # structure
    "unknown-section": edited("[sections]\n", '[sections]\nhistory = "Some text."\n', "history = ",
                              "unknown section 'history'"),
    "unknown-top-level-key": edited('icon = "injection"', 'icon = "injection"\ncolour = "red"', "colour = ",
                                    "unknown key 'colour'"),
    "unknown-review-key": edited('written_by = "Tests"', 'written_by = "Tests"\nsigned = true', "signed = ",
                                 "unknown key 'signed' in [review]"),
    "missing-sections-table": (lambda folder: (write_text(folder, BASE[: BASE.index("[sections]")]),
                                               Expect(BAD, 1, "missing the [sections] table"))[1]),
    # these used to be reported at line 1, wherever the offending header or key was
    "summary-as-a-table-header": edited('summary = "You rest', '[summary]\ntext = "x"\n\n[old]\nsummary = "You rest',
                                        "[summary]", "'summary' must be text"),
    "sections-as-an-array-of-tables": edited("[sections]", "[[sections]]", "[[sections]]", "'sections' must be a table"),
    "unknown-table": edited("[aftercare]", "[extras]\nnote = 1\n\n[aftercare]", "[extras]", "unknown key 'extras'"),
    "quoted-unknown-key": edited('icon = "injection"', 'icon = "injection"\n"odd key" = 1', '"odd key"',
                                 "unknown key 'odd key'"),
    "review-is-not-a-table": edited("[review]\n", 'review = "Dr Who"\n[review_old]\n', "review = ",
                                    "'review' must be a table"),
    # wrong types
    "title-is-a-number": edited('title = "Test injection"', "title = 42", "title = ", "'title' must be text"),
    "regions-is-a-string": edited('regions = ["low_back"]', 'regions = "low_back"', "regions = ",
                                  "'regions' must be a list of text"),
    "summary-is-an-inline-table": edited('summary = "You rest', 'summary = { text = "x" }\nold_summary = "You rest',
                                         "summary = ", "'summary' must be text"),
    "diagnostic-is-a-string": edited("diagnostic = false", 'diagnostic = "yes"', "diagnostic = ",
                                     "'diagnostic' must be true or false"),
    "references-is-a-string": edited("references = []", 'references = "a book"', "references = ",
                                     "'[review] references' must be a list of text"),
    # values
    "slug-path-like": edited('slug = "bad-case"', 'slug = "../../etc"', "slug = ", "slug '../../etc'"),
    "slug-uppercase": edited('slug = "bad-case"', 'slug = "Bad-Case"', "slug = ", "slug 'Bad-Case'"),
    "slug-with-spaces": edited('slug = "bad-case"', 'slug = "bad case"', "slug = ", "slug 'bad case'"),
    "icon-path-like": edited('icon = "injection"', 'icon = "../x"', "icon = ", "icon '../x'"),
    "unknown-region": edited('regions = ["low_back"]', 'regions = ["low_back", "elbow"]', "regions = ",
                             "unknown body region 'elbow'"),
    "unknown-language": edited('language = "en"', 'language = "fr"', "language = ", "language 'fr'"),
    # used to be accepted: a 100,000-character or two-line title on a card, a screen header and the sheet
    "extremely-long-title": edited('title = "Test injection"', 'title = "' + "Injection " * 10_000 + '"', "title = ",
                                   "'title' is 99,999 characters long; at most 120"),
    "title-on-two-lines": edited('title = "Test injection"', 'title = """Test\ninjection"""', "title = ",
                                 "'title' must be one line"),
    "extremely-long-duration": edited('duration = "10 minutes"', 'duration = "' + "ten " * 1000 + '"', "duration = ",
                                      "'duration' is 3,999 characters long"),
    "empty-title": edited('title = "Test injection"', 'title = "   "', "title = ", "'title' is empty"),
    "empty-written-by": edited('written_by = "Tests"', 'written_by = ""', "written_by = ",
                               "'[review] written_by' is empty"),
    "empty-section": edited('follow_up = "You rest', 'follow_up = ""\nold = "You rest', "follow_up = ",
                            "'[sections] follow_up' is empty"),
    "empty-regions": edited('regions = ["low_back"]', "regions = []", "regions = ", "'regions' is empty"),
    "empty-keyword": edited('  "shot",', '  " ",', "keywords = ", "'keywords' has an empty item"),
    "impossible-date": edited('review_due = "2030-01-01"', 'review_due = "2030-13-45"', "review_due = ",
                              "'review_due' is not a date"),
    "date-in-another-format": edited('review_due = "2030-01-01"', 'review_due = "01/02/2030"', "review_due = ",
                                     "'review_due' is not a date"),
    # a TOML date-time used to be stored, then broke lint (datetime < date) and every read of the version
    "review-due-as-a-datetime": edited('review_due = "2030-01-01"', "review_due = 2030-01-01T09:00:00",
                                       "review_due = ", "'review_due' is not a date"),
    "review-date-with-a-time-zone": edited('review_date = ""', "review_date = 2026-05-01T09:00:00Z", "review_date = ",
                                           "'review_date' is not a date"),
    "review-date-as-a-time": edited('review_date = ""', "review_date = 10:30:00", "review_date = ",
                                    "'review_date' is not a date"),
    # the pack as a whole
    "duplicate-slug-in-two-files": duplicate_slug_in_two_files,
    "spanish-without-english": spanish_without_english,
    "file-name-not-matching-slug": file_name_not_matching_slug,
    "file-name-with-wrong-language": file_name_with_wrong_language,
    # one case per required field (counted as one kind in README.md)
    **{f"missing-{key}": missing("", key) for key in ("slug", "language", "title", "duration", "regions",
                                                       "keywords", "summary")},
    "missing-review-written_by": missing("review", "written_by"),
    "missing-review-review_due": missing("review", "review_due"),
    **{f"missing-section-{key}": missing("sections", key) for key in SECTION_KEYS},
}


# ---- the harness ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """One seeded store for the module: every case must leave it exactly as it found it."""
    from kiosk.services import open_store

    store = open_store(tmp_path_factory.mktemp("db") / "kiosk.sqlite3")
    store.settings.update("setup", name="Hardening Clinic")
    store.staff.add("Ann", "admin", "482913")
    yield store
    store.close()


def make_pack(tmp_path: Path, kind: str) -> tuple[Path, Expect]:
    pack = tmp_path / "pack"
    pack.mkdir()
    write_text(pack, dump(sample_handout(slug="valid-companion")), name="valid-companion.en.toml")
    return pack, KINDS[kind](pack)


def assert_only_the_refusal_was_recorded(before: dict, after: dict) -> None:
    """Nothing changed but one audit entry saying the import was refused (attempts are audited at every door)."""
    new_audit = after["audit_log"][len(before["audit_log"]):]
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items()
                                                                    if k != "audit_log"}, \
        "a refused import changed the database"
    assert after["audit_log"][:len(before["audit_log"])] == before["audit_log"]
    assert [(row[2], row[3]) for row in new_audit] == [("hardening", "import")] and '"refused"' in new_audit[0][4]


def refused(store, pack: Path) -> list:
    before = snapshot(store.conn)
    with pytest.raises(ContentError) as info:
        import_folder(store, pack, actor="hardening")
    assert_only_the_refusal_was_recorded(before, snapshot(store.conn))
    return info.value.problems


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_malformed_file_is_refused_with_file_and_line_and_changes_nothing(library, tmp_path, kind):
    pack, expect = make_pack(tmp_path, kind)
    problems = refused(library, pack)
    for p in problems:
        assert p.line >= 1 and str(p) == f"{p.file}:{p.line}: {p.message}" and "\n" not in p.message, p
        assert Path(p.file).parent == pack, f"{p} does not name a file of the pack"
    assert not [p for p in problems if Path(p.file).name == "valid-companion.en.toml"], problems
    mine = [p for p in problems if Path(p.file).name == expect.file]
    assert any(expect.words in p.message for p in mine), f"expected '{expect.words}' in {[str(p) for p in problems]}"
    assert any(p.line == expect.line and expect.words in p.message for p in mine), (
        f"expected line {expect.line}: {[str(p) for p in mine]}"
    )


def test_an_empty_pack_or_a_missing_folder_is_refused_and_changes_nothing(library, tmp_path):
    """A folder has no lines: these two refusals name the folder (line 0 by design, see README.md)."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a handout")
    for folder, words in ((tmp_path / "empty", "holds no handout files"), (tmp_path / "missing", "is not a folder")):
        problems = refused(library, folder)
        assert [(p.file, p.message.split(" (")[0]) for p in problems] == [(str(folder), words)]


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(library, tmp_path):
    """Reading a FIFO blocks until something writes to it: an import (or the admin's pack check) used to hang."""
    import threading

    pack = tmp_path / "pack"
    pack.mkdir()
    write_text(pack, dump(sample_handout(slug="valid-companion")), name="valid-companion.en.toml")
    os.mkfifo(pack / BAD)
    before = snapshot(library.conn)
    outcome: dict = {}

    def run():
        try:
            import_folder(library, pack, actor="hardening")
        except Exception as exc:  # noqa: BLE001 - inspected below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # release the reader so the worker can end, then fail
        os.close(os.open(pack / BAD, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=30)
        pytest.fail("the import waited on a named pipe")
    assert isinstance(outcome.get("error"), ContentError)
    assert [str(p) for p in outcome["error"].problems] == [
        f"{pack / BAD}:1: is not a regular file (a folder, pipe or device); only handout files belong here"
    ]
    assert_only_the_refusal_was_recorded(before, snapshot(library.conn))


# ---- what is accepted, on purpose -----------------------------------------------------------------------
def test_a_utf8_bom_is_accepted_and_dropped_on_export(library, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    text = dump(sample_handout(slug="bom-case", title="With a BOM"))
    (pack / "bom-case.en.toml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    import_folder(library, pack, actor="hardening")
    assert library.handouts.get_published("bom-case", "en").handout.title == "With a BOM"
    export_folder(library, tmp_path / "out", actor="hardening", slugs={"bom-case"})
    assert (tmp_path / "out" / "bom-case.en.toml").read_bytes() == text.encode()


def test_crlf_line_endings_are_accepted_and_exported_unchanged(library, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    h = sample_handout(slug="crlf-case", summary="Line one.\nLine two.")
    data = dump(h).replace("\n", "\r\n").encode()
    (pack / "crlf-case.en.toml").write_bytes(data)
    import_folder(library, pack, actor="hardening")
    stored = library.handouts.get_published("crlf-case", "en").handout
    assert stored == h  # the text inside holds plain \n line breaks
    export_folder(library, tmp_path / "out", actor="hardening", slugs={"crlf-case"})
    assert (tmp_path / "out" / "crlf-case.en.toml").read_bytes() == data


def test_decomposed_accents_are_stored_composed(library, tmp_path):
    import unicodedata

    pack = tmp_path / "pack"
    pack.mkdir()
    title = unicodedata.normalize("NFD", "Prueba de açaí único")
    write_text(pack, dump(sample_handout(slug="nfd-case", title=title)), name="nfd-case.en.toml")
    import_folder(library, pack, actor="hardening")
    assert library.handouts.get_published("nfd-case", "en").handout.title == "Prueba de açaí único"
    assert [h.slug for h in library.search.search("açaí", "en")] == ["nfd-case"]


def test_the_cli_prints_file_line_reasons_not_a_traceback(tmp_path):
    import subprocess
    import sys

    from hardening.support import ROOT

    pack, expect = make_pack(tmp_path, "unknown-section")
    env = {**os.environ, "KIOSK_DB": str(tmp_path / "k.sqlite3"), "KIOSK_PIN_ITERATIONS": "2000"}
    assert subprocess.run([sys.executable, "main.py", "staff", "add", "Ann", "--role", "admin"], cwd=ROOT,
                          input="482913\n", capture_output=True, text=True, env=env, timeout=120).returncode == 0
    r = subprocess.run([sys.executable, "main.py", "import", str(pack), "--as", "Ann"], cwd=ROOT, input="482913\n",
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{pack / expect.file}:{expect.line}: unknown section 'history'" in r.stderr
    assert r.stderr.strip().splitlines()[-1] == "kiosk: 1 problem(s) in the handout files; nothing was imported."

"""`kiosk render SLUG -o OUT.pdf [options]`: build one aftercare sheet into a file, without printing it.

kiosk/cli/main.py finds `add_render_command` and registers it. The handout comes from the store (its current
published version and the clinic settings), or with `--handouts DIR` from a folder of source files (version 1,
default clinic settings: useful for previews and the docs pictures). Patient details typed here end up in the
shell's history: the kiosk's discharge form is the place for real patients.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from kiosk.core.i18n import LANGUAGES

EXIT_ERROR = 2
MAX_NOTES_BYTES = 100_000


def _err(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return EXIT_ERROR


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date in the form YYYY-MM-DD") from None


def add_sheet_options(p: argparse.ArgumentParser) -> None:
    """The discharge details of a sheet; `kiosk render` and `kiosk print` share them, so a file and a print match."""
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="sheet language (default en)")
    p.add_argument("--large-print", action="store_true", help="18 pt text and larger headings")
    p.add_argument("--paper", choices=["letter", "a4"], help="paper size (default: the clinic setting)")
    p.add_argument("--patient", default="", metavar="NAME", help="patient name as it should be printed")
    p.add_argument("--date", dest="procedure_date", type=_date, default=None,
                   help="procedure date, YYYY-MM-DD (default today)")
    p.add_argument("--side", choices=["left", "right", "both", "na"], default="na")
    p.add_argument("--site", default="", metavar="TEXT", help="sites or levels, for example 'L4-L5, L5-S1'")
    p.add_argument("--medication", action="append", default=[], metavar="NAME", help="a medicine given (repeat)")
    p.add_argument("--sedation", action="store_true", help="sedation was given")
    p.add_argument("--diabetic", action="store_true", help="the patient has diabetes")
    p.add_argument("--takes-blood-thinner", action="store_true",
                   help="the patient takes a blood thinner (without --blood-thinner the sheet says to ask the "
                        "prescriber when to restart it)")
    p.add_argument("--blood-thinner", default="", metavar="TEXT",
                   help="when to restart the blood thinner (implies --takes-blood-thinner)")
    p.add_argument("--steroid", choices=["yes", "no"], default=None,
                   help="whether a --medication the medicines list does not know is a steroid (required then)")
    p.add_argument("--injection-time", default="", metavar="HH:MM",
                   help="when the shot was given, 24-hour clock: fills the pain diary's clock times")
    p.add_argument("--follow-up", default="", metavar="TEXT", help="a date and time, or 'call to book in N weeks'")
    p.add_argument("--physician", default="", metavar="NAME")
    p.add_argument("--nurse", default="", metavar="NAME")
    p.add_argument("--notes-file", metavar="FILE", help="clinician notes, UTF-8 text ('-' for standard input)")
    diary = p.add_mutually_exclusive_group()
    diary.add_argument("--pain-diary", dest="pain_diary", action="store_true", default=None,
                       help="add a pain diary (default: only for diagnostic blocks)")
    diary.add_argument("--no-pain-diary", dest="pain_diary", action="store_false")


def details_from(args, notes: str = ""):
    """DischargeDetails from the options of add_sheet_options(); every text NFC-normalised."""
    from kiosk.core.model import DischargeDetails, normalise

    return DischargeDetails(
        procedure_date=args.procedure_date or date.today(),
        patient_name=normalise(args.patient),
        side=args.side,
        sites=normalise(args.site),
        medications=tuple(normalise(m) for m in args.medication if m.strip()),
        sedation=args.sedation,
        diabetic=args.diabetic,
        blood_thinner=normalise(args.blood_thinner).strip(),
        takes_blood_thinner=bool(args.takes_blood_thinner or args.blood_thinner.strip()),
        unlisted_is_steroid=None if args.steroid is None else args.steroid == "yes",
        injection_time=args.injection_time.strip(),
        follow_up=normalise(args.follow_up),
        physician=normalise(args.physician),
        nurse=normalise(args.nurse),
        notes=normalise(notes),
        language=args.lang,
        large_print=args.large_print,
        pain_diary=args.pain_diary,
    )


def refusal(details, settings=None) -> str | None:
    """One sentence saying why these options cannot make a safe sheet (kiosk.core.aftercare's rules, worded for
    the command line), or None."""
    from kiosk.core import aftercare

    problems = aftercare.sheet_problems(details, settings)
    if "steroid" in problems:
        names = ", ".join(f"'{m}'" for m in aftercare.steroid_question(details))
        return (f"the medicines list does not know {names}: say whether it is a steroid with --steroid yes or "
                "--steroid no.")
    if "blood_thinner" in problems:
        return ("--blood-thinner says there is none: leave it out (and --takes-blood-thinner), or say when to "
                "restart it.")
    if "injection_time" in problems:
        return "--injection-time must be hours and minutes on a 24-hour clock, for example 14:30."
    if "clinic_phone" in problems:
        return "the clinic's phone number is not set, so the sheet cannot say whom to call; set it first."
    return None


def add_render_command(subparsers) -> None:
    p = subparsers.add_parser("render", help="build one aftercare sheet as a PDF file (no printing)")
    p.add_argument("slug", help="the handout, for example sacroiliac-joint-injection")
    p.add_argument("-o", "--output", required=True, help="the PDF file to write ('-' for standard output)")
    p.add_argument("--db", dest="db", default=argparse.SUPPRESS, help="database file")
    p.add_argument("--handouts", metavar="DIR", help="read the handout from this folder instead of the store")
    add_sheet_options(p)
    p.set_defaults(func=run_render)


def read_notes(path: str | None) -> str:
    if not path:
        return ""
    raw = sys.stdin.buffer.read(MAX_NOTES_BYTES + 1) if path == "-" else Path(path).read_bytes()
    if len(raw) > MAX_NOTES_BYTES:
        raise ValueError(f"the notes file is larger than {MAX_NOTES_BYTES:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the notes file is not UTF-8 text") from None


def _from_folder(folder: str, slug: str, lang: str):
    from kiosk.content.library import load_folder
    from kiosk.core.model import ClinicSettings

    result = load_folder(Path(folder))
    for handout in result.handouts:
        if handout.slug == slug and handout.language == lang:
            return handout, 1, ClinicSettings()
    return None, 0, None


def _from_store(db, slug: str, lang: str):
    from kiosk.app import App

    with App.open(db) as app:
        version = app.handouts.get_published(slug, lang)
        settings = app.settings.get()
    if version is None:
        return None, 0, None
    return version.handout, version.version, settings


def run_render(args) -> int:
    from kiosk.sheet import SheetError, render_sheet

    try:
        notes = read_notes(args.notes_file)
    except (OSError, ValueError) as exc:
        return _err(f"cannot use the notes file: {getattr(exc, 'strerror', None) or exc}.")
    if args.handouts:
        handout, version, settings = _from_folder(args.handouts, args.slug, args.lang)
    else:
        handout, version, settings = _from_store(getattr(args, "db", None), args.slug, args.lang)
    if handout is None:
        where = f"in {args.handouts}" if args.handouts else "published in the store"
        return _err(f"there is no handout '{args.slug}' in '{args.lang}' {where}.")
    if args.paper:
        settings = replace(settings, paper_size=args.paper)
    details = details_from(args, notes)
    refused = refusal(details)  # a file may lack the clinic's phone (it prints a line to write it in)
    if refused:
        return _err(refused)
    try:
        result = render_sheet(handout, version, settings, details)
    except SheetError as exc:
        return _err(f"{exc}.")
    try:
        _write(args.output, result.pdf)
    except OSError as exc:
        return _err(f"cannot write {args.output}: {exc.strerror or exc}.")
    for warning in result.warnings:
        print(f"kiosk: note: {warning}", file=sys.stderr)
    if args.output != "-":
        print(f"Wrote {args.output} ({result.pages} page{'s' if result.pages != 1 else ''}).")
    return 0


def _write(output: str, pdf: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(pdf)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()

"""`kiosk print SLUG --printer QUEUE [render options] [--copies N]`: render one aftercare sheet and print it.

It does what the nurse's Print button does (same renderer, backend, job title and audit entry) and exits non-zero
with the reason when the job fails: 3 for a print failure (the reason keyword is on the last line of stderr),
2 for a usage problem. Patient details given here end up in the shell's history: prefer the kiosk's form.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

EXIT_PRINT_FAILED = 3


MAX_NOTES_BYTES = 100_000


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date in the form YYYY-MM-DD") from None


def add_render_options(p: argparse.ArgumentParser) -> None:
    """The same sheet options as `kiosk render` (kiosk/sheet/command.py), so a rendered file and a print match."""
    p.add_argument("--lang", choices=["en", "es"], default="en", help="sheet language (default en)")
    p.add_argument("--large-print", action="store_true", help="18 pt text and larger headings")
    p.add_argument("--paper", choices=["letter", "a4"], help="paper size (default: the clinic setting)")
    p.add_argument("--patient", default="", metavar="NAME", help="patient name (printed; never in the job title)")
    p.add_argument("--date", dest="procedure_date", type=_date, default=None,
                   help="procedure date, YYYY-MM-DD (default today)")
    p.add_argument("--side", choices=["left", "right", "both", "na"], default="na")
    p.add_argument("--site", default="", metavar="TEXT", help="sites or levels, for example 'L4-L5, L5-S1'")
    p.add_argument("--medication", action="append", default=[], metavar="NAME", help="a medicine given (repeat)")
    p.add_argument("--sedation", action="store_true", help="sedation was given")
    p.add_argument("--diabetic", action="store_true", help="the patient has diabetes")
    p.add_argument("--blood-thinner", default="", metavar="TEXT", help="which blood thinner and when to restart")
    p.add_argument("--follow-up", default="", metavar="TEXT", help="a date and time, or 'call to book in N weeks'")
    p.add_argument("--physician", default="", metavar="NAME")
    p.add_argument("--nurse", default="", metavar="NAME")
    p.add_argument("--notes-file", metavar="FILE", help="clinician notes, UTF-8 text ('-' for standard input)")
    diary = p.add_mutually_exclusive_group()
    diary.add_argument("--pain-diary", dest="pain_diary", action="store_true", default=None,
                       help="add a pain diary (default: only for diagnostic blocks)")
    diary.add_argument("--no-pain-diary", dest="pain_diary", action="store_false")


def _notes(path: str | None) -> str:
    if not path:
        return ""
    raw = sys.stdin.buffer.read(MAX_NOTES_BYTES + 1) if path == "-" else Path(path).read_bytes()
    if len(raw) > MAX_NOTES_BYTES:
        raise ValueError(f"the notes file is larger than {MAX_NOTES_BYTES:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the notes file is not UTF-8 text") from None


def details_from(args, notes: str = ""):
    from kiosk.core.model import DischargeDetails, normalise

    return DischargeDetails(
        procedure_date=args.procedure_date or date.today(),
        patient_name=normalise(args.patient), side=args.side, sites=normalise(args.site),
        medications=tuple(normalise(m) for m in args.medication if m.strip()), sedation=args.sedation,
        diabetic=args.diabetic, blood_thinner=normalise(args.blood_thinner), follow_up=normalise(args.follow_up),
        physician=normalise(args.physician), nurse=normalise(args.nurse), notes=normalise(notes),
        language=args.lang, large_print=args.large_print, pain_diary=args.pain_diary,
    )


def add_print_command(sub) -> None:
    p = sub.add_parser("print", help="print one aftercare sheet (exit 3 with the reason when it fails)")
    p.add_argument("slug", help="the handout, for example facet-joint-injection")
    p.add_argument("--printer", default=None, help="CUPS queue (default: the clinic setting, else CUPS's default)")
    p.add_argument("--copies", type=int, default=1, help="1 to 3 (default 1)")
    p.add_argument("--backend", choices=["cups", "qt", "folder"], default=None,
                   help="default: the clinic setting (cups)")
    p.add_argument("--server", default=None, help="CUPS server, host:port or socket path (default: CUPS_SERVER…)")
    p.add_argument("--timeout", type=float, default=None, help="seconds to wait for the printer (default 120)")
    p.add_argument("--no-wait", action="store_true", help="return once CUPS has accepted the job")
    p.add_argument("--db", dest="db", default=argparse.SUPPRESS)
    add_render_options(p)
    p.set_defaults(func=cmd_print)


def _fail(message: str, reason: str, code: int = EXIT_PRINT_FAILED) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    print(f"kiosk: reason: {reason}", file=sys.stderr)
    return code


def cmd_print(args) -> int:
    from kiosk.printing import MAX_COPIES, MIN_COPIES, make_backend
    from kiosk.printing import record as rec
    from kiosk.services import open_store
    from kiosk.sheet import SheetError, render_sheet

    if not MIN_COPIES <= args.copies <= MAX_COPIES:
        return _fail(f"--copies must be between {MIN_COPIES} and {MAX_COPIES}.", "bad_copies", 2)
    try:
        notes = _notes(args.notes_file)
    except (OSError, ValueError) as exc:
        return _fail(f"cannot use the notes file: {getattr(exc, 'strerror', None) or exc}.", "bad_notes", 2)
    store = open_store(args.db)
    settings = store.settings.get()
    if args.paper:
        settings = replace(settings, paper_size=args.paper)
    version = store.handouts.get_published(args.slug, args.lang)
    if version is None:
        return _fail(f"There is no published handout '{args.slug}' in '{args.lang}'.", "no_such_handout", 2)
    try:
        sheet = render_sheet(version.handout, version.version, settings, details_from(args, notes))
    except SheetError as exc:
        return _fail(f"The sheet could not be built: {exc}.", "render_failed")
    backend = make_backend(settings, args.backend, args.server)
    printer = args.printer if args.printer is not None else settings.default_printer
    info = rec.SheetInfo.of(version.handout, version.version)
    if args.no_wait:
        from kiosk.printing import PrintError, job_title

        try:
            job = backend.submit(sheet.pdf, job_title(info.procedure), printer, args.copies)
        except PrintError as exc:
            rec.record(store, "cli", rec.Attempt(info, backend.name, exc.printer or printer or "", args.copies,
                                                 error=exc))
            return _fail(str(exc), exc.reason)
        store.audit.record("cli", "print", slug=info.slug, version=info.version, language=info.language,
                           backend=backend.name, printer=job.printer, job_id=job.job_id, copies=job.copies,
                           outcome="accepted")
        print(f"Job {job.job_id} accepted by {job.printer}.")
        return 0
    attempt = rec.run(backend, sheet.pdf, info, printer or "", args.copies, timeout=args.timeout,
                      on_status=lambda note: print(note, file=sys.stderr),
                      on_accepted=lambda job: print(f"Job {job.job_id} accepted by {job.printer}.", file=sys.stderr))
    rec.record(store, "cli", attempt)
    if not attempt.ok:
        return _fail(str(attempt.error), attempt.error.reason)
    rec.keep_copy(store, settings, sheet.pdf, info)
    print(attempt.result.message)
    return 0

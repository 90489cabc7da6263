"""`kiosk print SLUG --printer QUEUE [render options] [--copies N]`: render one aftercare sheet and print it.

It does what the nurse's Print button does (same renderer, backend, job title and audit entry) and exits non-zero
with the reason when the job fails: 3 for a print failure (the reason keyword is on the last line of stderr),
2 for a usage problem. Patient details given here end up in the shell's history: prefer the kiosk's form.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from kiosk.cli.common import acting, add_as, open_app
from kiosk.cli.render import add_sheet_options, details_from, read_notes, refusal

EXIT_PRINT_FAILED = 3


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
    add_as(p, "the nurse or admin printing")
    add_sheet_options(p)
    p.set_defaults(func=cmd_print)


def _fail(message: str, reason: str, code: int = EXIT_PRINT_FAILED) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    print(f"kiosk: reason: {reason}", file=sys.stderr)
    return code


def _note(text: str) -> None:
    if text:
        print(f"kiosk: note: {text}", file=sys.stderr)


def cmd_print(args) -> int:
    from kiosk.printing import MAX_COPIES, MIN_COPIES

    if not MIN_COPIES <= args.copies <= MAX_COPIES:
        return _fail(f"--copies must be between {MIN_COPIES} and {MAX_COPIES}.", "bad_copies", 2)
    try:
        notes = read_notes(args.notes_file)
    except (OSError, ValueError) as exc:
        return _fail(f"cannot use the notes file: {getattr(exc, 'strerror', None) or exc}.", "bad_notes", 2)
    with open_app(args) as app:
        return _print(app, args, notes)


def _print(app, args, notes: str) -> int:
    from kiosk.printing import make_backend
    from kiosk.printing import record as rec
    from kiosk.sheet import SheetError, render_sheet

    member = acting(app, args, ("nurse", "admin"), "print sheets")
    settings = app.settings.get()
    if args.paper:
        settings = replace(settings, paper_size=args.paper)
    version = app.handouts.get_published(args.slug, args.lang)
    if version is None:
        return _fail(f"There is no published handout '{args.slug}' in '{args.lang}'.", "no_such_handout", 2)
    details = details_from(args, notes)
    # The discharge form's rules. Without a clinic phone the sheet prints a line to write it in, and says so.
    refused = refusal(details)
    if refused:
        return _fail(refused[:1].upper() + refused[1:], "unsafe_sheet", 2)
    try:
        sheet = render_sheet(version.handout, version.version, settings, details)
    except SheetError as exc:
        return _fail(f"The sheet could not be built: {exc}.", "render_failed")
    for warning in sheet.warnings:  # a missing clinic phone, characters the fonts lack: never silent
        print(f"kiosk: note: {warning}", file=sys.stderr)
    backend = make_backend(settings, args.backend, args.server)
    printer = args.printer if args.printer is not None else settings.default_printer
    info = rec.SheetInfo.of(version.handout, version.version)
    if args.no_wait:
        from kiosk.printing import PrintError, job_title

        try:
            job = backend.submit(sheet.pdf, job_title(info.procedure), printer, args.copies)
        except PrintError as exc:
            _note(app.prints.record(member, rec.Attempt(info, backend.name, exc.printer or printer or "",
                                                        args.copies, error=exc)))
            return _fail(str(exc), exc.reason)
        # --no-wait leaves the job to CUPS on purpose: it is not in the journal of jobs in flight
        _note(app.prints.record_accepted(member, info, backend.name, job))
        print(f"Job {job.job_id} accepted by {job.printer}.")
        return 0
    journal = app.prints.journal(member)
    attempt = rec.run(backend, sheet.pdf, info, printer or "", args.copies, timeout=args.timeout,
                      on_status=lambda note: print(note, file=sys.stderr),
                      on_accepted=lambda job: print(f"Job {job.job_id} accepted by {job.printer}.", file=sys.stderr,
                                                    flush=True),
                      journal=journal, actor=member.name)
    _note(app.prints.record(member, attempt, journal))
    if not attempt.ok:
        return _fail(str(attempt.error), attempt.error.reason)
    try:
        app.prints.keep_copy(settings, sheet.pdf, info)
    except Exception as exc:  # noqa: BLE001 - the sheet printed: say so, or the user prints a duplicate
        print(f"kiosk: note: the sheet printed, but the kept copy could not be saved ({type(exc).__name__}).",
              file=sys.stderr)
    print(attempt.result.message)
    return 0

"""The `kiosk` command (also `python main.py …`): thin doors over the application core (kiosk.app).

Every user mistake ends as one clear sentence on stderr and a non-zero exit, never a traceback. Every command that
changes the database or reads staff or the audit log takes `--as NAME` and reads that member's PIN from standard
input; `check` and `render --handouts`, which touch no database, stay open.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kiosk.app import NotAllowed, StoreError
from kiosk.cli.common import EXIT_ERROR, EXIT_PROBLEMS, CliError, acting, add_as, err, open_app, read_pin
from kiosk.core.i18n import LANGUAGE_NAMES
from kiosk.core.model import LANGUAGES
from kiosk.core.pins import PinPolicyError


# ---- commands ------------------------------------------------------------------------------------------
def cmd_run(args) -> int:
    from kiosk import config, logs
    from kiosk.ui.app import run_app

    db = args.db or config.get("database")
    logs.setup(Path(db).expanduser().parent if str(db) != ":memory:" else None, config.get("log_level"))
    try:
        return run_app(db=args.db, windowed=args.windowed)
    finally:
        logs.teardown()


def cmd_import(args) -> int:
    from kiosk.app import ContentRefused

    with open_app(args) as app:
        member = acting(app, args, action="import handouts")
        try:
            plan = app.content.apply_import(member, args.dir)
        except ContentRefused as exc:
            for p in exc.problems:
                print(p, file=sys.stderr)
            err(str(exc))
            return EXIT_PROBLEMS
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for draft in plan.drafts:
        print(f"draft kept: {draft}")
    print(f"Imported {args.dir}: {len(plan.added)} added, {len(plan.changed)} changed, "
          f"{len(plan.unchanged)} unchanged.")
    return 0


def cmd_export(args) -> int:
    with open_app(args) as app:
        written = app.content.export(acting(app, args, action="export handouts"), args.dir)
    print(f"Wrote {len(written)} handout files to {args.dir}.")
    return 0


def cmd_check(args) -> int:
    from kiosk.content.check import check_folder, write_report

    if args.dir is None:
        from kiosk.services import bundled_handouts

        folder = bundled_handouts()
    else:
        folder = Path(args.dir)
        if not folder.is_dir():
            raise CliError(f"{folder} is not a folder of handout files.")
    grade, spanish = args.grade, args.spanish
    problems = check_folder(folder, date.today(), grade, spanish)
    for p in problems:
        print(p)
    if args.report:
        readme = folder / "README.md"
        if readme.exists():
            write_report(folder, readme)
            print(f"Wrote the reading-level table to {readme}.")
        else:
            from kiosk.content.check import reading_table

            print(reading_table(folder))
    if problems:
        err(f"{len(problems)} problem(s) found.")
        return EXIT_PROBLEMS
    print(f"All handouts in {folder} pass.")
    return 0


def cmd_search(args) -> int:
    """Print what the patient search screen would list for QUERY, best first, with each score."""
    with open_app(args) as app:
        ranked = app.handouts.ranked(args.query, args.lang, limit=args.limit)
    if not ranked:
        err(f"no published handout matches {args.query!r} ({args.lang}).")
        return EXIT_PROBLEMS
    width = max(len(hit.slug) for hit, _ in ranked)
    for place, (hit, score) in enumerate(ranked, 1):
        print(f"{place:>3}  {score:9.4g}  {hit.slug:<{width}}  {hit.title}")
    return 0


def cmd_backup(args) -> int:
    with open_app(args) as app:
        out = app.backups.backup(acting(app, args, action="back up the database"), args.out)
    print(f"Backed up the database to {out}.")
    return 0


def cmd_migrate_to_server(args) -> int:
    from kiosk.app.server import migrate_to_server

    with open_app(args) as app:
        report = migrate_to_server(app, acting(app, args, action="move the kiosk to the clinic server"), args.url)
    print("Copied this kiosk's database into the clinic server and checked every table:")
    for line in report.lines():
        print(f"  {line}")
    print("Point this device at the server (KIOSK_DB or the configuration file's `database`) to use it.")
    return 0


def cmd_restore(args) -> int:
    from kiosk.app import CannotOpenError, CorruptError, NewerSchemaError
    from kiosk.app.backups import restore_before_set_up, restore_over_unusable
    from kiosk.app.core import default_db_path, require_file_owner

    db = Path(args.db or default_db_path())
    if not db.exists():  # nothing to sign in to: check the backup before anything is created, then take it over
        from kiosk.app.backups import verify_file

        verify_file(args.file)
        who = require_file_owner(db, "restore into a new database")
        db.parent.mkdir(parents=True, exist_ok=True)
    try:
        app = open_app(args)
    except (CorruptError, NewerSchemaError, CannotOpenError) as exc:
        # the live database is unusable, so nobody can sign in: restoring over it is for whoever can already
        # replace the file (the same check as `kiosk staff recover`)
        db = args.db or default_db_path()
        who = require_file_owner(db, "restore over a database that cannot be opened")
        aside = restore_over_unusable(db, args.file, who, str(exc))
        open_app(args).close()  # opens, checks and seeds the restored file as any start would; says what is odd
        print(f"Restored {args.file} over an unusable database, which was kept as {aside}.")
        return 0
    with app:
        if not app.staff.any_exist():  # a database with no account yet: the file owner's, like the first admin
            aside = restore_before_set_up(app, args.file, require_file_owner(db, "restore before any staff exist"))
        else:
            aside = app.backups.restore(acting(app, args, action="restore a backup"), args.file)
        for problem in app.settings.problems():  # the restored settings, checked as every read checks them
            err(problem)
    print(f"Restored {args.file}. The previous database was kept as {aside}.")
    return 0


def cmd_staff(args) -> int:
    with open_app(args) as app:
        if args.staff_cmd == "recover":
            member = app.staff.recover(args.name, read_pin(f"New PIN for {args.name}: ", confirm=True))
            print(f"Set a new PIN for {member.name} ({member.role}); the account is active and unlocked.")
            return 0
        if args.staff_cmd == "add" and not app.staff.any_exist():
            if args.role != "admin":
                raise CliError("The first staff account must be an admin (--role admin).")
            member = app.staff.create_first_admin(args.name, read_pin(f"New PIN for {args.name}: ", confirm=True),
                                                  actor="setup", sign_in=False)
            print(f"Added {member.name} ({member.role}).")
            return 0
        if args.staff_cmd == "language":  # a member sets their own; the core refuses anyone else's to a nurse
            actor = acting(app, args, roles=("nurse", "admin"), action="change a staff member's language")
        else:
            actor = acting(app, args, action="manage staff" if args.staff_cmd != "list" else "see the staff list")
        if args.staff_cmd == "list":
            for m in app.staff.members(actor):
                state = "disabled" if m.disabled else "active"
                print(f"{m.name}\t{m.role}\t{state}")
        elif args.staff_cmd == "add":
            pin = read_pin(f"New PIN for {args.name}: ", confirm=True)
            member = app.staff.add(actor, args.name, args.role, pin)
            print(f"Added {member.name} ({member.role}).")
        elif args.staff_cmd == "disable":
            app.staff.set_disabled(actor, args.name, True)
            print(f"Disabled {args.name}.")
        elif args.staff_cmd == "enable":
            app.staff.set_disabled(actor, args.name, False)
            print(f"Enabled {args.name}.")
        elif args.staff_cmd == "unlock":
            app.staff.unlock(actor, args.name)
            print(f"Unlocked {args.name}: the wrong-PIN count is back to zero.")
        elif args.staff_cmd == "language":
            member = app.staff.set_language(actor, args.name, args.language)
            print(f"{member.name}'s screens are now in {LANGUAGE_NAMES[member.language]} ({member.language}).")
    return 0


def cmd_config(args) -> int:
    from kiosk import config

    rows = config.show()
    width = max(len(key) for key, _, _ in rows)
    value_width = min(60, max(len(value) for _, value, _ in rows))
    for key, value, source in rows:
        print(f"{key:<{width}}  {value:<{value_width}}  {source}")
    print(f"\nFiles read (later ones win): {', '.join(str(p) for p in config.config_files())}")
    return 0


def cmd_doctor(args) -> int:
    from kiosk.app.doctor import run_checks, table

    checks = run_checks(args.db)
    print(table(checks))
    bad = [c.name for c in checks if not c.ok]
    if bad:
        err(f"{len(bad)} problem(s): {', '.join(bad)}.")
        return EXIT_PROBLEMS
    print("\nThis machine is ready.")
    return 0


def cmd_audit(args) -> int:
    with open_app(args) as app:
        member = acting(app, args, action="export the audit log")
        count = app.audit.export_csv(member, Path(args.out), kind=args.kind, actor=args.actor)
    print(f"Wrote {count} audit entries to {args.out}.")
    return 0


# ---- parser --------------------------------------------------------------------------------------------
def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Patient-handout kiosk")
    parser.add_argument("--db", help="database file (default: KIOSK_DB or the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("run", help="start the kiosk")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of fullscreen kiosk mode")
    p.add_argument("--db", dest="db", default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("import", help="import handout source files (all or nothing)")
    p.add_argument("dir")
    add_as(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write the published handouts as source files")
    p.add_argument("dir")
    add_as(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check", help="lint handout files (default: the handouts this install ships); exit 1 on "
                       "problems")
    p.add_argument("dir", nargs="?", default=None)
    p.add_argument("--report", action="store_true", help="write the reading-level table into DIR/README.md")
    p.add_argument("--grade", type=float, default=6.0, help="English Flesch-Kincaid grade target (default 6)")
    p.add_argument("--spanish", type=float, default=70.0, help="Spanish Fernández-Huerta target (default 70)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("search", help="list what the patient search finds for a query, ranked, with scores "
                       "(published handouts only; changes nothing)")
    p.add_argument("query")
    p.add_argument("--lang", default="en", choices=LANGUAGES, help="the screen's language (default en)")
    p.add_argument("--limit", type=_positive, default=30, help="at most this many results (default 30)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("backup", help="back up the database to a file")
    p.add_argument("out")
    add_as(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("migrate-to-server", help="copy this kiosk's database into an empty clinic server "
                       "(postgresql://…) and verify it")
    p.add_argument("url", help="the server's address, postgresql://USER:PASSWORD@HOST/DATABASE")
    add_as(p)
    p.set_defaults(func=cmd_migrate_to_server)

    p = sub.add_parser("restore", help="restore the database from a backup file")
    p.add_argument("file")
    add_as(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("staff", help="manage staff accounts (PINs are read from standard input)")
    staff = p.add_subparsers(dest="staff_cmd", metavar="ACTION")
    staff.required = True
    s = staff.add_parser("add", help="add a nurse or admin (the very first account needs no --as)")
    s.add_argument("name")
    s.add_argument("--role", choices=["nurse", "admin"], required=True)
    add_as(s)
    add_as(staff.add_parser("list", help="list the accounts"))
    for action in ("disable", "enable", "unlock"):
        s = staff.add_parser(action, help=f"{action} an account" if action != "unlock" else
                             "lift a wrong-PIN lock (audited)")
        s.add_argument("name")
        add_as(s)
    s = staff.add_parser("language", help="set the language of a member's staff screens (your own, or anyone's as "
                         "an admin)")
    s.add_argument("name")
    s.add_argument("language", help=f"one of {', '.join(LANGUAGES)}")
    add_as(s)
    s = staff.add_parser("recover", help="set a lost PIN without anyone's PIN: only for the database file's owner "
                         "or root")
    s.add_argument("name")
    p.set_defaults(func=cmd_staff, as_member=None)

    p = sub.add_parser("audit", help="the audit log")
    audit = p.add_subparsers(dest="audit_cmd", metavar="ACTION")
    audit.required = True
    a = audit.add_parser("export")
    a.add_argument("out")
    a.add_argument("--kind")
    a.add_argument("--actor")
    add_as(a)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("config", help="this device's configuration (database, device name, printer...)")
    cfg = p.add_subparsers(dest="config_cmd", metavar="ACTION")
    cfg.required = True
    cfg.add_parser("show", help="print every effective value and where it came from")
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("doctor", help="check this machine: database, handouts, fonts, printer, speech, display, "
                       "disk, clock; exit 1 on a problem")
    p.set_defaults(func=cmd_doctor)

    for register in _extensions(argv):
        register(sub)
    return parser


# Commands that live with their layer register themselves. Their modules pull in reportlab, PDFium or Qt, so
# only the one a command line asks for is imported (`kiosk run` starts faster); help lists them all.
EXTENSIONS = {
    "render": ("kiosk.cli.render", "add_render_command"),
    "print": ("kiosk.cli.printing", "add_print_command"),
    "screenshots": ("kiosk.ui.screenshots", "add_screenshots_command"),
}


def _extensions(argv: list[str] | None):
    words = set(sys.argv[1:] if argv is None else argv)
    wanted = [name for name in EXTENSIONS if name in words]
    if not wanted and not words & {"run", "import", "export", "check", "search", "backup", "restore", "staff", "migrate-to-server",
                                 "audit", "config", "doctor"}:
        wanted = list(EXTENSIONS)  # no command, -h, or a mistyped one: show every command
    registered = []
    for name in wanted:
        module, function = EXTENSIONS[name]
        try:
            mod = __import__(module, fromlist=[function])
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        registered.append(getattr(mod, function))
    return registered


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from kiosk import config

    config.set_command_line(database=getattr(args, "db", None))
    try:
        return _dispatch(args, config)
    finally:
        config.set_command_line()  # a --db is this command's only: never the next caller's in this process


def _dispatch(args, config) -> int:
    try:
        if args.func is not cmd_config:
            config.effective()  # a bad configuration file or variable: one sentence before anything runs
        return args.func(args) or 0
    except (CliError, StoreError, PinPolicyError, config.ConfigError) as exc:
        err(str(exc))
        return EXIT_ERROR
    except FileNotFoundError as exc:
        err(f"{exc.filename or exc} does not exist.")
        return EXIT_ERROR
    except PermissionError as exc:
        err(f"permission denied: {exc.filename or exc}.")
        return EXIT_ERROR
    except OSError as exc:  # a folder where a file was meant, a file where a folder was meant, a full disk…
        where = f"{exc.filename}: " if exc.filename else ""
        err(f"{where}{(exc.strerror or str(exc)).lower()}.")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err("interrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main())

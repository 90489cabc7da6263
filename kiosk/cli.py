"""The `kiosk` command (also `python main.py …`): thin wrappers over the layers below.

Every user mistake ends as one clear sentence on stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from kiosk.core.pins import PinPolicyError
from kiosk.store import CannotOpenError, CorruptError, NewerSchemaError, StoreError

EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class CliError(Exception):
    pass


def _err(message: str) -> None:
    print(f"kiosk: {message}", file=sys.stderr)


def _store(args):
    from kiosk.services import open_store

    return open_store(args.db)


def read_pin(prompt: str, confirm: bool = False) -> str:
    """Read a PIN from standard input (never from the command line): hidden on a terminal, one line otherwise."""
    if sys.stdin.isatty():
        pin = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat the PIN: ") != pin:
            raise CliError("The two PINs differ; nothing was changed.")
        return pin
    line = sys.stdin.readline()
    if not line:
        raise CliError("No PIN was given on standard input.")
    return line.strip()


# ---- commands ------------------------------------------------------------------------------------------
def cmd_run(args) -> int:
    from kiosk.ui.app import run_app

    return run_app(db=args.db, windowed=args.windowed)


def cmd_import(args) -> int:
    from kiosk.services import ContentError, import_folder

    store = _store(args)
    try:
        plan = import_folder(store, args.dir, actor="cli")
    except ContentError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        _err(str(exc))
        return EXIT_PROBLEMS
    print(f"Imported {args.dir}: {len(plan.added)} added, {len(plan.changed)} changed, "
          f"{len(plan.unchanged)} unchanged.")
    return 0


def cmd_export(args) -> int:
    from kiosk.services import export_folder

    written = export_folder(_store(args), args.dir, actor="cli")
    print(f"Wrote {len(written)} handout files to {args.dir}.")
    return 0


def cmd_check(args) -> int:
    from kiosk.content.check import check_folder, write_report

    folder = Path(args.dir)
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
        _err(f"{len(problems)} problem(s) found.")
        return EXIT_PROBLEMS
    print(f"All handouts in {folder} pass.")
    return 0


def cmd_backup(args) -> int:
    from kiosk.store.backup import backup

    out = backup(_store(args), args.out, actor="cli")
    print(f"Backed up the database to {out}.")
    return 0


def cmd_restore(args) -> int:
    from kiosk.store.backup import restore, verify_file

    verify_file(args.file)  # before opening (and maybe creating) anything
    try:
        store = _store(args)
    except (CorruptError, NewerSchemaError, CannotOpenError) as exc:
        # the live database is unusable: it is exactly what a restore is for
        from kiosk.store import default_db_path
        from kiosk.store.backup import restore_over_unusable

        aside = restore_over_unusable(args.db or default_db_path(), args.file)
        with _store(args) as store:
            store.audit.record("cli", "restore", file=Path(args.file).name, kept_aside=aside.name,
                               replaced_unusable=str(exc))
        print(f"Restored {args.file} over an unusable database, which was kept as {aside}.")
        return 0
    aside = restore(store, args.file, actor="cli")
    print(f"Restored {args.file}. The previous database was kept as {aside}.")
    return 0


def _require_admin(store, as_name: str | None) -> str:
    """Staff changes need an admin's PIN once any staff exist; the very first account needs none."""
    if not store.staff.list():
        return "setup"
    if not as_name:
        raise CliError("Staff already exist: give --as ADMIN_NAME and that admin's PIN on standard input.")
    member = store.staff.get(as_name)
    if member is None or member.role != "admin":
        raise CliError(f"'{as_name}' is not an admin.")
    store.staff.verify(member.name, read_pin(f"PIN for {member.name}: "))
    return member.name


def cmd_staff(args) -> int:
    store = _store(args)
    if args.staff_cmd == "list":
        members = store.staff.list()
        if not members:
            print("No staff yet. Add the first admin with: kiosk staff add NAME --role admin")
        for m in members:
            state = "disabled" if m.disabled else "active"
            print(f"{m.name}\t{m.role}\t{state}")
        return 0
    actor = _require_admin(store, args.as_admin)
    if args.staff_cmd == "add":
        if actor == "setup" and args.role != "admin":
            raise CliError("The first staff account must be an admin (--role admin).")
        pin = read_pin(f"New PIN for {args.name}: ", confirm=True)
        if actor == "setup":  # the first admin: the same door as the set-up screen (it records the set-up)
            from kiosk.services import create_first_admin

            member = create_first_admin(store, args.name, pin, actor=actor, sign_in=False)
        else:
            member = store.staff.add(args.name, args.role, pin, actor=actor)
        print(f"Added {member.name} ({member.role}).")
    elif args.staff_cmd == "disable":
        store.staff.set_disabled(args.name, True, actor)
        print(f"Disabled {args.name}.")
    elif args.staff_cmd == "enable":
        store.staff.set_disabled(args.name, False, actor)
        print(f"Enabled {args.name}.")
    elif args.staff_cmd == "unlock":
        store.staff.unlock(args.name, actor)
        print(f"Unlocked {args.name}: the wrong-PIN count is back to zero.")
    return 0


def cmd_audit(args) -> int:
    store = _store(args)
    count = store.audit.export_csv(Path(args.out), kind=args.kind, actor=args.actor)
    print(f"Wrote {count} audit entries to {args.out}.")
    return 0


# ---- parser --------------------------------------------------------------------------------------------
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
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write the published handouts as source files")
    p.add_argument("dir")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check", help="lint handout files; exit 1 on problems")
    p.add_argument("dir", nargs="?", default=str(Path("handouts")))
    p.add_argument("--report", action="store_true", help="write the reading-level table into DIR/README.md")
    p.add_argument("--grade", type=float, default=6.0, help="English Flesch-Kincaid grade target (default 6)")
    p.add_argument("--spanish", type=float, default=70.0, help="Spanish Fernández-Huerta target (default 70)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help="back up the database to a file")
    p.add_argument("out")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore the database from a backup file")
    p.add_argument("file")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("staff", help="manage staff accounts (PINs are read from standard input)")
    staff = p.add_subparsers(dest="staff_cmd", metavar="ACTION")
    staff.required = True
    s = staff.add_parser("add")
    s.add_argument("name")
    s.add_argument("--role", choices=["nurse", "admin"], required=True)
    s.add_argument("--as", dest="as_admin", help="the admin making the change")
    staff.add_parser("list")
    for action in ("disable", "enable", "unlock"):
        s = staff.add_parser(action)
        s.add_argument("name")
        s.add_argument("--as", dest="as_admin", help="the admin making the change")
    p.set_defaults(func=cmd_staff, as_admin=None)

    p = sub.add_parser("audit", help="the audit log")
    audit = p.add_subparsers(dest="audit_cmd", metavar="ACTION")
    audit.required = True
    a = audit.add_parser("export")
    a.add_argument("out")
    a.add_argument("--kind")
    a.add_argument("--actor")
    p.set_defaults(func=cmd_audit)

    for register in _extensions(argv):
        register(sub)
    return parser


# Commands that live with their layer register themselves. Their modules pull in reportlab, PDFium or Qt, so
# only the one a command line asks for is imported (`kiosk run` starts faster); help lists them all.
EXTENSIONS = {
    "render": ("kiosk.sheet.command", "add_render_command"),
    "print": ("kiosk.printing.command", "add_print_command"),
    "screenshots": ("kiosk.ui.screenshots", "add_screenshots_command"),
}


def _extensions(argv: list[str] | None):
    words = set(sys.argv[1:] if argv is None else argv)
    wanted = [name for name in EXTENSIONS if name in words]
    if not wanted and not words & {"run", "import", "export", "check", "backup", "restore", "staff", "audit"}:
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
    try:
        return args.func(args) or 0
    except (CliError, StoreError, PinPolicyError) as exc:
        _err(str(exc))
        return EXIT_ERROR
    except FileNotFoundError as exc:
        _err(f"{exc.filename or exc} does not exist.")
        return EXIT_ERROR
    except PermissionError as exc:
        _err(f"permission denied: {exc.filename or exc}.")
        return EXIT_ERROR
    except OSError as exc:  # a folder where a file was meant, a file where a folder was meant, a full disk…
        where = f"{exc.filename}: " if exc.filename else ""
        _err(f"{where}{(exc.strerror or str(exc)).lower()}.")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""What every `kiosk` command shares: opening the core, reading a PIN, and acting as a signed-in member.

Every command that changes the database or reads staff or the audit log names who acts (`--as NAME`) and reads
that member's PIN from standard input, under the same lockout as the kiosk's PIN pad (kiosk.app.Staff.sign_in),
and the core then checks the role and audits under that name.
"""
from __future__ import annotations

import getpass
import sys

EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class CliError(Exception):
    """A mistake on the command line: one sentence, exit 2."""


def err(message: str) -> None:
    print(f"kiosk: {message}", file=sys.stderr)


def open_app(args):
    """The core over the database named by --db / KIOSK_DB; a stored setting that breaks its rule is said once
    (its default is in use) on every command."""
    from kiosk.app import App

    app = App.open(getattr(args, "db", None))
    for problem in app.settings.problems():
        err(problem)
    return app


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


def acting(app, args, roles=("admin",), action: str = "do this"):
    """The member named by --as, signed in with the PIN on standard input, checked for ROLES by the core.

    Raises CliError when --as is missing (or no account exists yet), and the core's LockedOut, WrongPin,
    StaffError or NotAllowed (each one sentence, each audited)."""
    name = getattr(args, "as_member", None)
    if not name:
        if not app.staff.any_exist():
            raise CliError("There are no staff accounts yet: add the first admin with "
                           "`kiosk staff add NAME --role admin`.")
        who = "an admin" if tuple(roles) == ("admin",) else "a staff member"
        raise CliError(f"To {action}, give --as NAME ({who}) and that PIN on standard input.")
    member = app.staff.sign_in(name, read_pin(f"PIN for {name}: "))
    return app.require(member, roles, action)


def add_as(parser, who: str = "the admin") -> None:
    parser.add_argument("--as", dest="as_member", metavar="NAME",
                        help=f"{who} doing this; the PIN is read from standard input")

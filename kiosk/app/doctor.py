"""`kiosk doctor`: is this machine ready to be a kiosk? One check per thing that has stopped kiosks before. No Qt.

    results = run_checks(db=None)        # [Check(name, ok, detail, fix)], in a fixed order
    worst = any(not c.ok for c in results)

Each check reads, never repairs: the database is opened read-only (a missing one is fine if its folder is
writable: the first start creates it), the printer is asked for its state, nothing is printed or spoken.
"""
from __future__ import annotations

import ctypes.util
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

MIN_FREE_BYTES = 200 * 1024 * 1024  # a backup, the logs and the WAL need room; the database itself is small
BUILD_YEAR = 2026  # a clock before this year is certainly wrong (TLS, audit times, review-due dates)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # what was found, one sentence
    fix: str = ""  # how to fix it, when not ok


def _database(db: Path) -> Check:
    if str(db) == ":memory:":
        return Check("database", True, "an in-memory database (tests only).")
    if db.is_dir():
        return Check("database", False, f"{db} is a folder, not a database file.",
                     "Point `database` in kiosk.toml (or --db) at a file path.")
    if not db.exists():
        folder = db.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if os.access(folder, os.W_OK):
            return Check("database", True, f"{db} does not exist yet; the first start creates it and adds the "
                         "bundled handouts.")
        return Check("database", False, f"{db} does not exist and {folder} is not writable by this user.",
                     f"Create {db.parent} owned by the kiosk's user (see docs/deployment.md).")
    problems = []
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            handouts = (conn.execute("SELECT COUNT(*) FROM handouts WHERE status = 'published'").fetchone()[0]
                        if "handouts" in tables else 0)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Check("database", False, f"{db} is damaged or not a kiosk database ({exc}).",
                     "Restore the newest backup: `kiosk restore FILE` (see docs/backups.md).")
    if verdict != "ok":
        problems.append(f"the integrity check failed ({verdict})")
    if not {"handouts", "audit_log", "staff"} <= tables:
        problems.append("it is not a kiosk database")
    from kiosk.store.migrations import MIGRATIONS

    if version > len(MIGRATIONS):
        problems.append(f"it was made by a newer kiosk (schema {version}, this one knows {len(MIGRATIONS)})")
    if not os.access(db, os.W_OK) or not os.access(db.parent, os.W_OK):
        problems.append("this user cannot write it or its folder (SQLite writes a journal beside it)")
    if problems:
        return Check("database", False, f"{db}: {'; '.join(problems)}.",
                     "Run doctor as the kiosk's user (sudo -u kiosk kiosk doctor); restore a backup if damaged.")
    return Check("database", True, f"{db}: sound, writable, schema {version}, {handouts} published handouts.")


def _handouts() -> Check:
    from kiosk import resources
    from kiosk.content.library import load_folder

    try:
        folder = resources.bundled_handouts()
    except resources.MissingHandouts as exc:
        return Check("handouts", False, str(exc), "Reinstall the patient-handout-kiosk package.")
    result = load_folder(folder)
    if result.problems:
        return Check("handouts", False, f"{len(result.problems)} problem(s) loading the bundled handouts, for "
                     f"example {result.problems[0]}.", "Reinstall the package; run `kiosk check` for the full list.")
    return Check("handouts", True, f"{len(result.files)} bundled handout files in {folder}.")


def _fonts() -> Check:
    from kiosk import resources

    missing = []
    for face in resources.FONT_FILES:
        try:
            path = resources.font(face)
            with open(path, "rb") as fh:
                if fh.read(4) not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
                    missing.append(f"{path.name} (not a font file)")
        except OSError as exc:
            missing.append(f"{face} ({exc.strerror or exc})")
    if missing:
        return Check("fonts", False, f"missing or damaged: {', '.join(missing)}.", "Reinstall the package.")
    return Check("fonts", True, f"DejaVu Sans, {len(resources.FONT_FILES)} faces, bundled.")


def _printer(settings) -> Check:
    # CupsBackend itself, not kiosk.printing.make_backend: that can reach the Qt backend, and the core imports no Qt
    from kiosk.printing.base import PrintError, PrintServerDown
    from kiosk.printing.cups import CupsBackend

    backend_name = (settings.print_backend or "cups").lower()
    if backend_name == "folder":
        folder = Path(settings.print_folder or ".").expanduser()
        if folder.is_dir() and os.access(folder, os.W_OK):
            return Check("printer", True, f"sheets are saved as PDFs in {folder} (the folder backend).")
        return Check("printer", False, f"the PDF folder {folder} is missing or not writable.",
                     "Create it for the kiosk's user, or choose CUPS in Admin > Settings.")
    if backend_name != "cups":
        return Check("printer", True, f"the {backend_name} backend (checked when a sheet prints).")
    try:
        backend = CupsBackend()
        printer = settings.default_printer or backend.default_printer()
        if not printer:
            return Check("printer", False, "CUPS answers but has no default printer and none is configured.",
                         "Set `printer` in kiosk.toml, or `lpadmin -d QUEUE`, or choose one in Admin > Settings.")
        state = backend.check_printer(printer)
    except PrintServerDown as exc:
        return Check("printer", False, str(exc), "Start CUPS (systemctl start cups), or fix `cups_server` in "
                     "kiosk.toml (kiosk config show says which server is used).")
    except PrintError as exc:
        return Check("printer", False, str(exc), "See docs/printing.md: `lpstat -p`, `cupsenable QUEUE`, "
                     "`cupsaccept QUEUE`; check `cups_server` in kiosk.toml.")
    except OSError as exc:
        return Check("printer", False, f"CUPS cannot be reached ({exc.strerror or type(exc).__name__}).",
                     "Start CUPS (systemctl start cups) or fix `cups_server` in kiosk.toml.")
    states = {3: "idle", 4: "printing", 5: "stopped"}
    reasons = [r for r in state.get("printer-state-reasons") or () if r != "none"]
    extra = f", {', '.join(map(str, reasons))}" if reasons else ""
    return Check("printer", True, f"'{printer}' on {backend.client.server}: "
                 f"{states.get(state.get('printer-state'), 'unknown state')}{extra}.")


def _speech() -> Check:
    engine = os.environ.get("KIOSK_TTS_ENGINE", "").strip()
    if engine == "none":
        return Check("speech", True, "reading aloud is turned off (KIOSK_TTS_ENGINE=none).")
    if engine == "mock":
        return Check("speech", True, "Qt's silent mock engine (KIOSK_TTS_ENGINE=mock, for tests).")
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    qt = Path(spec.origin).parent if spec and spec.origin else None
    plugin = qt and next(iter(qt.glob("Qt/plugins/texttospeech/*speechd*")), None)
    espeak = shutil.which("espeak-ng")
    if plugin and shutil.which("speech-dispatcher") and espeak:
        return Check("speech", True, "Qt's speech-dispatcher engine, with espeak-ng.")
    if espeak:
        return Check("speech", True, "espeak-ng, run by the kiosk's speech helper.")
    return Check("speech", False, "no speech engine: espeak-ng is not installed, so Listen is hidden.",
                 "apt-get install espeak-ng (or set KIOSK_TTS_ENGINE=none to turn reading aloud off on purpose).")


def _display() -> Check:
    platform = os.environ.get("QT_QPA_PLATFORM", "").strip()
    wayland_cursor = ctypes.util.find_library("wayland-cursor")
    if os.environ.get("WAYLAND_DISPLAY"):
        if not wayland_cursor:
            return Check("display", False, "Wayland, but libwayland-cursor is missing: Qt's Wayland plugin will "
                         "not load.", "apt-get install libwayland-cursor0")
        return Check("display", True, f"Wayland ({os.environ['WAYLAND_DISPLAY']}).")
    if os.environ.get("DISPLAY"):
        return Check("display", True, f"X11 ({os.environ['DISPLAY']}).")
    if platform:
        return Check("display", True, f"Qt platform '{platform}' (QT_QPA_PLATFORM).")
    return Check("display", False, "no display in this session (no WAYLAND_DISPLAY or DISPLAY).",
                 "The kiosk gets one from cage: `systemctl status patient-handout-kiosk`; over SSH this is "
                 "expected, the other checks still count.")


def _disk(folder: Path) -> Check:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    usage = shutil.disk_usage(folder)
    free_mb = usage.free // (1024 * 1024)
    if usage.free < MIN_FREE_BYTES:
        return Check("disk", False, f"only {free_mb} MB free on {folder}.",
                     "Free space (old backups, journal: journalctl --vacuum-size=100M).")
    return Check("disk", True, f"{free_mb:,} MB free on {folder}.")


def _clock() -> Check:
    now = time.time()
    year = time.gmtime(now).tm_year
    newest = max((p.stat().st_mtime for p in Path(__file__).parent.glob("*.py")), default=0)
    if year < BUILD_YEAR or now + 86400 < newest:
        return Check("clock", False, f"the clock says {time.strftime('%Y-%m-%d %H:%M', time.gmtime(now))} UTC, "
                     "before this software was installed.", "Turn on time sync: timedatectl set-ntp true")
    return Check("clock", True, f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime(now))} UTC.")


def _server(url: str) -> Check:
    """The shared clinic server (docs/multi-kiosk.md): reachable with this device's login, a kiosk schema this
    version knows, its rules (triggers) in place. Read only: nothing is migrated from here."""
    from kiosk.store import StoreError
    from kiosk.store.pg_conn import PgConnection
    from kiosk.store.pg_migrations import MIGRATIONS, current_version, differences

    conn = PgConnection(url)
    fix = "See docs/multi-kiosk.md (access rules, the address in `database`, the password in ~/.pgpass)."
    try:
        pg = conn.ensure()
        version = current_version(pg)
        if version is None:
            return Check("database", True, f"the clinic server ({conn.where}) answers and is empty; the first "
                         "start builds the kiosk's tables.")
        if version > len(MIGRATIONS):
            return Check("database", False, f"the clinic server ({conn.where}) was set up by a newer kiosk (schema "
                         f"{version}, this one knows {len(MIGRATIONS)}).", "Update this device.")
        diffs = differences(pg) if version == len(MIGRATIONS) else []
        if diffs:
            return Check("database", False, f"the clinic server's schema differs: {diffs[0]} ({conn.where}).", fix)
        handouts = pg.execute("SELECT count(*) FROM handouts WHERE status = 'published'").fetchone()[0]
        return Check("database", True, f"the clinic server ({conn.where}), schema {version}, {handouts} "
                     "published handouts.")
    except StoreError as exc:
        return Check("database", False, str(exc), fix)
    except Exception as exc:  # noqa: BLE001 - a doctor reports, it never crashes
        return Check("database", False, f"the clinic server could not be checked ({type(exc).__name__}).", fix)
    finally:
        conn.close()


def run_checks(db: str | os.PathLike | None = None) -> list[Check]:
    """Every check, in order: database, handouts, fonts, printer, speech, display, disk, clock."""
    from kiosk import config
    from kiosk.core.model import ClinicSettings

    target = db if db is not None else config.get("database")
    from kiosk.store.pg_conn import is_server_url

    if is_server_url(str(target)):
        checks = [_server(str(target)), _handouts(), _fonts()]
        return checks + [_printer(config.clinic_defaults()), _speech(), _display(), _disk(Path.home()), _clock()]
    path = Path(target).expanduser()
    checks = [_database(path), _handouts(), _fonts()]
    settings = config.clinic_defaults()
    if checks[0].ok and path.exists():
        try:
            from kiosk.app import App

            with App.open(path, seed=False) as app:
                settings = app.settings.get()
        except Exception as exc:  # noqa: BLE001 - the database check already says what is wrong
            checks[0] = Check("database", False, f"{path} does not open ({type(exc).__name__}: {exc}).",
                              "Restore the newest backup: `kiosk restore FILE`.")
    checks += [_printer(settings if isinstance(settings, ClinicSettings) else ClinicSettings()), _speech(),
               _display(), _disk(path.parent), _clock()]
    return checks


def table(checks: list[Check]) -> str:
    """The checks as a plain-text table: CHECK, OK or PROBLEM, what was found, and how to fix it."""
    width = max(len(c.name) for c in checks)
    lines = []
    for c in checks:
        lines.append(f"{c.name:<{width}}  {'OK' if c.ok else 'PROBLEM':<7}  {c.detail}")
        if not c.ok and c.fix:
            lines.append(f"{'':<{width}}  {'':<7}  fix: {c.fix}")
    return "\n".join(lines)

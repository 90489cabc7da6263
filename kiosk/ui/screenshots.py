"""`kiosk screenshots DIR`: one PNG per patient screen and state at 1920 x 1080, then the staff and
admin screens (their packages add them through `kiosk.ui.staff.shots.take(window, dir)` and
`kiosk.ui.admin.shots.take(window, dir)`, each returning the paths it wrote).

Runs offscreen on a throw-away copy of the bundled handouts unless --db is given, so the pictures are
the same on every machine and the clinic's database is never touched.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SIZE = (1920, 1080)


def _settle(ms: int = 150) -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def take_patient(window, out: Path) -> list[Path]:
    flow, session = window.patient, window.session
    written: list[Path] = []

    def shot(name: str, widget=None) -> None:
        _settle()
        path = out / f"patient-{name}.png"
        (widget or window).grab().save(str(path))
        written.append(path)

    window.reset_to_welcome()
    shot("01-welcome")
    flow.go("home")
    shot("02-home")
    window.screen("home").show_region("low_back")
    shot("03-body-map-low-back")
    window.screen("home").clear_region()
    session.set_language("es")  # tapped on Home itself: the words beside the map measured again
    shot("03b-home-spanish")
    session.set_language("en")
    flow.go("search")
    window.screen("search").field.setText("facit")
    shot("04-search-results")
    window.screen("search").field.setText("zzqx")
    shot("04b-search-nothing-found")
    flow.open_procedure("facet-joint-injection")
    shot("05-procedure")
    reader = window.screen("procedure")
    reader.go_to_section("during", animate=False)
    shot("05b-procedure-drawing")
    card = reader.card("during")
    if card is not None and card.drawing is not None:
        reader.open_drawing(card.drawing.picture, card.drawing.language)
        shot("05c-drawing-enlarged")
        reader.close_drawing()
    written += take_drawing_cards(window, out)
    flow.open_procedure("facet-joint-injection")
    session.set_display("high_contrast", 2)
    shot("06-procedure-high-contrast-largest-text")
    session.set_display("default", 0)
    session.set_language("es")
    flow.open_procedure("sacroiliac-joint-injection")
    shot("07-procedure-spanish")
    flow.display_panel.open()
    shot("07b-text-size-panel")
    flow.display_panel.close_overlay()
    window.idle_overlay.start(window.countdown_seconds())
    shot("08-idle-overlay")
    window.idle_overlay.close_overlay()
    reader = window.screen("procedure")
    reader.speaker._abandon()  # what a kiosk with no working sound shows: Listen drawn as off
    shot("09-listen-not-working")
    window.reset_to_welcome()
    return written


def take_drawing_cards(window, out: Path) -> list[Path]:
    """The "What it is" card of every procedure that has a drawing, as the patient sees it."""
    from kiosk.content import drawings

    flow, written = window.patient, []
    for slug in sorted(drawings.drawings()):
        flow.open_procedure(slug)
        card = window.screen("procedure").card("what_it_is")
        if card is None or card.drawing is None:
            continue
        _settle(50)
        path = out / f"drawing-card-{slug}.png"
        card.grab().save(str(path))
        written.append(path)
    return written


def _others(window, out: Path) -> tuple[list[Path], list[str]]:
    """The staff and admin sets; a set that fails is reported, and the others still get taken."""
    written: list[Path] = []
    failed: list[str] = []
    for module in ("kiosk.ui.staff.shots", "kiosk.ui.admin.shots"):
        try:
            mod = __import__(module, fromlist=["take"])
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        try:
            written += [Path(p) for p in mod.take(window, out)]
        except Exception as exc:  # noqa: BLE001 (one room's failure must not hide the others' pictures)
            failed.append(f"{module}: {type(exc).__name__}: {exc}")
        window.reset_to_welcome()
    return written, failed


def demo_pin() -> str:
    """A random PIN that passes the PIN policy (demo accounts in throw-away databases)."""
    import secrets

    from kiosk.core.pins import PinPolicyError, check_policy

    while True:
        pin = "".join(secrets.choice("0123456789") for _ in range(6))
        try:
            check_policy(pin)
            break
        except PinPolicyError:
            continue
    return pin


def _demo_admin(app):
    """The throw-away database gets a demo admin, signed in, so the admin console can be shown."""
    return app.staff.create_first_admin("Demo Admin", demo_pin(), actor="screenshots")


def cmd_screenshots(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.app import App
    from kiosk.ui.app import create_app
    from kiosk.ui.main_window import MainWindow

    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    app = create_app([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="kiosk-screens-") as tmp:
        core = App.open(args.db or Path(tmp) / "kiosk.sqlite3")
        window = MainWindow(core, kiosk_mode=False)
        if not args.db:
            window.demo_admin = _demo_admin(core)
        window.resize(*SIZE)
        window.show()
        _settle(200)
        try:
            written = take_patient(window, out)
            failed: list[str] = []
            if not args.patient_only:
                more, failed = _others(window, out)
                written += more
        finally:
            window.allow_exit()
            window.close()
            window.shutdown()
            core.close()
    for path in written:
        print(path)
    print(f"Wrote {len(written)} screenshots to {out}.")
    for problem in failed:
        print(f"kiosk: screenshots not taken: {problem}", file=sys.stderr)
    app.quit()
    return 1 if failed else 0


def add_screenshots_command(subparsers) -> None:
    p = subparsers.add_parser("screenshots", help="write a PNG of every screen and state (1920 x 1080)")
    p.add_argument("dir")
    p.add_argument("--db", dest="db", default=argparse.SUPPRESS,
                   help="use this database (default: a fresh copy of the bundled handouts)")
    p.add_argument("--patient-only", action="store_true", help="only the patient screens")
    p.set_defaults(func=cmd_screenshots)

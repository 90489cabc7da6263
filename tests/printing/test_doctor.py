"""`kiosk doctor` (issue 16): a ready machine gets a table of OK and exit 0; a broken one names each problem with
how to fix it and exits 1. Real parts: a seeded SQLite file, a real cupsd with a cups-pdf queue, real fonts."""
from __future__ import annotations

import pytest

from kiosk.app.doctor import run_checks
from kiosk.cli import main

NAMES = ["database", "handouts", "fonts", "printer", "speech", "display", "disk", "clock"]


@pytest.fixture
def ready(monkeypatch, cups, store, db_path):
    monkeypatch.setenv("CUPS_SERVER", str(cups.socket))
    monkeypatch.setenv("KIOSK_PRINTER", cups.queue)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("KIOSK_TTS_ENGINE", "none")
    store.close()
    return db_path, cups.queue


def test_a_ready_machine_passes_every_check(ready, capsys):
    db, queue = ready
    checks = run_checks(db)
    assert [c.name for c in checks] == NAMES
    assert [c.name for c in checks if not c.ok] == [], [c for c in checks if not c.ok]
    by_name = {c.name: c for c in checks}
    assert "24 published handouts" in by_name["database"].detail
    assert by_name["printer"].detail.startswith(f"'{queue}' on ") and "idle" in by_name["printer"].detail
    assert main(["--db", str(db), "doctor"]) == 0
    out = capsys.readouterr().out
    assert out.count(" OK ") == len(NAMES) and "This machine is ready." in out


def test_the_real_speech_engine_is_found_when_installed(monkeypatch):
    import shutil

    if not shutil.which("speech-dispatcher"):
        pytest.skip("speech-dispatcher is not installed (.ci/run installs it)")
    monkeypatch.delenv("KIOSK_TTS_ENGINE", raising=False)
    (speech,) = [c for c in run_checks(":memory:") if c.name == "speech"]
    assert speech.ok, speech


def test_a_broken_machine_names_each_problem_and_how_to_fix_it(tmp_path, monkeypatch, cups, capsys):
    db = tmp_path / "kiosk.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("CUPS_SERVER", str(cups.socket))
    monkeypatch.setenv("KIOSK_PRINTER", "no-such-queue")
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    checks = {c.name: c for c in run_checks(db)}
    assert {n for n, c in checks.items() if not c.ok} == {"database", "printer", "display"}
    assert "damaged or not a kiosk database" in checks["database"].detail and "kiosk restore" in checks["database"].fix
    assert "no printer called 'no-such-queue'" in checks["printer"].detail and checks["printer"].fix
    assert "no display" in checks["display"].detail
    assert main(["--db", str(db), "doctor"]) == 1
    captured = capsys.readouterr()
    assert "PROBLEM" in captured.out and "fix: " in captured.out
    assert captured.err.strip() == "kiosk: 3 problem(s): database, printer, display."


def test_a_stopped_cups_and_a_missing_database_folder_are_problems(tmp_path, monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cups.sock"))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    checks = {c.name: c for c in run_checks(locked / "sub" / "kiosk.sqlite3")}
    assert not checks["printer"].ok and "systemctl start cups" in checks["printer"].fix
    import os

    if os.geteuid() != 0:  # root may write anywhere
        assert not checks["database"].ok and "not writable" in checks["database"].detail

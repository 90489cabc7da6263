"""deploy/kiosk.service is a unit systemd accepts as written: no unknown key, no bad value (a typo in
RestartPreventExitStatus= would silently restart the kiosk after an admin's Exit kiosk)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed (package systemd)")
def test_systemd_accepts_the_unit(tmp_path):
    text = (ROOT / "deploy" / "kiosk.service").read_text(encoding="utf-8")
    # the wrapper where the docs install it does not exist here: point at the checkout's copy
    unit = tmp_path / "patient-handout-kiosk.service"
    unit.write_text(text.replace("/opt/patient-handout-kiosk/bin/kiosk-session", str(ROOT / "deploy" / "kiosk-session")),
                    encoding="utf-8")
    out = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    complaints = [line for line in (out.stdout + out.stderr).splitlines() if str(unit) in line or "Unknown" in line]
    assert out.returncode == 0 and complaints == [], out.stdout + out.stderr


def test_the_desktop_file_matches_the_apps_wayland_app_id(qapp):
    """Compositors and docks match a window to its .desktop file by the app_id Qt sends (setDesktopFileName)."""
    import configparser

    from kiosk import resources
    from kiosk.ui.app import DESKTOP_FILE_NAME, create_app

    app = create_app([])
    assert app.desktopFileName() == DESKTOP_FILE_NAME == "patient-handout-kiosk"
    desktop = ROOT / "deploy" / f"{DESKTOP_FILE_NAME}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(desktop, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["StartupWMClass"] == DESKTOP_FILE_NAME and section["Icon"] == DESKTOP_FILE_NAME
    assert section["Exec"].split()[:2] == ["kiosk", "run"] and section["Type"] == "Application"
    icon = resources.icon(DESKTOP_FILE_NAME)
    assert icon.name == f"{DESKTOP_FILE_NAME}.svg" and b"<svg" in icon.read_bytes()  # not the fallback icon
    assert not app.windowIcon().isNull()

"""The commands a person types: `kiosk run --windowed`, `python main.py`, `kiosk screenshots DIR`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _env(**extra):
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_TTS_ENGINE="mock", **extra)


def test_kiosk_run_windowed_shows_the_welcome_screen(db_path):
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "--db", str(db_path), "run", "--windowed"],
                         env=_env(KIOSK_EXIT_WHEN_SHOWN="1"), cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "welcome-shown" in out.stdout


def test_python_main_py_starts_the_kiosk(db_path):
    out = subprocess.run([sys.executable, "main.py"], env=_env(KIOSK_EXIT_WHEN_SHOWN="1", KIOSK_DB=str(db_path)),
                         cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "welcome-shown" in out.stdout


def test_screenshots_writes_one_png_per_patient_state_at_1920x1080(tmp_path):
    from PySide6.QtGui import QImage

    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "screenshots", "--patient-only", str(tmp_path / "shots")],
                         env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    names = {p.name for p in (tmp_path / "shots").glob("*.png")}
    for expected in ("patient-01-welcome.png", "patient-02-home.png", "patient-03-body-map-low-back.png",
                     "patient-04-search-results.png", "patient-05-procedure.png",
                     "patient-06-procedure-high-contrast-largest-text.png", "patient-07-procedure-spanish.png",
                     "patient-08-idle-overlay.png"):
        assert expected in names
        image = QImage(str(tmp_path / "shots" / expected))
        assert (image.width(), image.height()) == (1920, 1080)
    dark = QImage(str(tmp_path / "shots" / "patient-06-procedure-high-contrast-largest-text.png"))
    assert dark.pixelColor(960, 1075).name() == "#000000"  # high contrast really is black

"""The installed kiosk, as a clinic's IT person gets it: a wheel built from this checkout, installed into a fresh
virtual environment outside the checkout.

Dependencies: the wheel is installed with --no-deps and the new environment finds PySide6, reportlab and the rest
through a .pth line naming the project venv's site-packages. Installing the ~480 MB of dependency wheels again
(from pip's cache) costs minutes of unzipping on CI's 2 cores for no extra proof: what this checks is the package
itself (its modules, its data, its entry point), and the .pth line adds the dependencies *after* the new
environment's own site-packages, so the `kiosk` that runs is the wheel's, never the checkout's (the editable
finder lives in a .pth file of the project venv, which a plain path line does not process; a test asserts it).
"""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Installed:
    venv: Path
    wheel: Path
    kiosk: Path    # the console script
    python: Path

    def env(self, home: Path, **extra) -> dict[str, str]:
        """A clean environment for the installed kiosk: its own HOME and XDG folders, no checkout on any path."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "PYTHON", "XDG_"))}
        env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
                   KIOSK_PIN_ITERATIONS="2000", KIOSK_TTS_ENGINE="mock", QT_QPA_PLATFORM="offscreen")
        env.update(extra)
        return env


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("patient_handout_kiosk-*.whl")
    target = base / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(target)
    python = target / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "zz-project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                           "--no-index", "--quiet", str(wheel)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return Installed(venv=target, wheel=wheel, kiosk=target / "bin" / "kiosk", python=python)

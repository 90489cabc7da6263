"""Kiosk mode on a real X server with a real window manager (issue 13; patient-kiosk review defect 5): the
window manager's and xdotool's ways of taking the window away (iconify, unmap, unmap then map, Alt+F4) all end
with the kiosk fullscreen and mapped again; a window destroyed under the app makes `kiosk run` exit with 75 so
the watchdog restarts it, never a process with no window. The test starts Xvfb and openbox itself and skips,
saying why, where they (or Qt's xcb platform) are missing."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
NEEDED = ("Xvfb", "openbox", "xdotool", "xwininfo", "xprop")
WAIT_S = 10.0  # an upper bound for a busy machine; the promise itself (one second) is checked offscreen


def _missing() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None]


pytestmark = pytest.mark.skipif(bool(_missing()), reason=f"needs {', '.join(_missing())} (apt-get install xvfb "
                                                          "openbox xdotool x11-utils) to test on a real X server")


def until(condition, timeout: float = WAIT_S) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


class Display:
    def __init__(self, tmp: Path):
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                                      "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as fh:
            self.name = f":{fh.readline().strip()}"
        self.env = {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb", "KIOSK_TTS_ENGINE": "none",
                    "KIOSK_DB": str(tmp / "k.sqlite3")}
        self.wm = subprocess.Popen(["openbox"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kiosk = None

    def x(self, *args) -> str:
        return subprocess.run(list(args), env=self.env, capture_output=True, text=True, timeout=30).stdout

    def start_kiosk(self, log: Path):
        self.kiosk = subprocess.Popen([sys.executable, "main.py", "run"], cwd=ROOT, env=self.env,
                                      stdout=log.open("w"), stderr=subprocess.STDOUT)

    def window(self) -> str:
        found = self.x("xdotool", "search", "--onlyvisible", "--name", "Pain Clinic").split()
        return found[0] if found else ""

    def fullscreen_and_mapped(self, wid: str) -> bool:
        info = self.x("xwininfo", "-id", wid)
        return ("IsViewable" in info and "Width: 1280" in info and "Height: 800" in info
                and "_NET_WM_STATE_FULLSCREEN" in self.x("xprop", "-id", wid, "_NET_WM_STATE"))

    def close(self):
        for proc in (self.kiosk, self.wm, self.xvfb):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


@pytest.fixture
def display(tmp_path):
    d = Display(tmp_path)
    try:
        d.start_kiosk(tmp_path / "kiosk.log")
        if not until(lambda: d.window() != "", timeout=60):
            log = (tmp_path / "kiosk.log").read_text(errors="replace")
            if "xcb" in log and ("could not" in log.lower() or "no qt platform plugin" in log.lower()):
                pytest.skip(f"Qt's xcb platform cannot start here: {log.strip().splitlines()[-1]}")
            pytest.fail(f"the kiosk window never appeared:\n{log}")
        wid = d.window()
        assert until(lambda: d.fullscreen_and_mapped(wid))
        yield d, wid
    finally:
        d.close()


def test_iconify_unmap_remap_and_alt_f4_all_end_fullscreen(display):
    d, wid = display
    for action in (["xdotool", "windowminimize", wid], ["xdotool", "windowunmap", wid],
                   ["xdotool", "key", "super+d"], ["xdotool", "key", "alt+F4"]):
        d.x(*action)
        assert until(lambda: d.fullscreen_and_mapped(wid)), action
    d.x("xdotool", "windowunmap", wid)
    d.x("xdotool", "windowmap", wid)  # mapped again from outside: as a small window, before the fix
    assert until(lambda: d.fullscreen_and_mapped(wid))
    assert d.kiosk.poll() is None  # the same process throughout


def test_a_window_destroyed_from_outside_ends_the_process_with_75_for_the_watchdog(display):
    d, wid = display
    d.x("xdotool", "windowclose", wid)  # XDestroyWindow: the window is gone, the process is not
    assert until(lambda: d.kiosk.poll() is not None, timeout=30)
    assert d.kiosk.returncode == 75

"""The kiosk under cage, as the service runs it: headless cage as an unprivileged user, through
deploy/kiosk-session, to the welcome screen; a crash ends the session with a failure (the service restarts it) and
an admin's "Exit kiosk" with the status the unit never restarts (issue 16).

Needs cage, Xwayland (Debian's cage 0.1.4 will not start without it) and libwayland-cursor0 (Qt's Wayland
plugin): skipped without cage, a failure when KIOSK_REQUIRE_CAGE=1 (.ci/run sets it)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "deploy" / "kiosk-session"
UNIT = ROOT / "deploy" / "kiosk.service"

if not shutil.which("cage"):
    if os.environ.get("KIOSK_REQUIRE_CAGE") == "1":
        pytest.fail("cage is not installed, and KIOSK_REQUIRE_CAGE=1 says the cage tests must run "
                    "(.ci/run installs cage, xwayland and libwayland-cursor0).", pytrace=False)
    pytest.skip("cage is not installed (apt-get install cage xwayland libwayland-cursor0)", allow_module_level=True)


def _as_user() -> list[str]:
    """cage refuses to run as root: as root, drop to `nobody` (no login, no home of its own)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups"]


@pytest.fixture
def home():
    """A HOME, data folder and XDG_RUNTIME_DIR (0700) that the unprivileged user owns (outside pytest's 0700
    root-only temporary folder)."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="kiosk-cage-"))
    (home / "run").mkdir(mode=0o700)
    if os.geteuid() == 0:
        for p in (home, home / "run"):
            os.chown(p, 65534, 65534)
    yield home
    shutil.rmtree(home, ignore_errors=True)


def _python() -> str:
    """A Python the unprivileged user may execute (pyenv's lives under 0700 /root on the CI machine) with the
    project's dependencies on PYTHONPATH."""
    for candidate in (os.path.realpath(sys.executable), f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}"):
        # through a shell, as the session runs it (a direct exec by setpriv is not a fair probe)
        ok = subprocess.run([*_as_user(), "/bin/sh", "-c", '"$@"', "probe", candidate, "-c", "import PySide6.QtGui"],
                            capture_output=True, cwd="/", env=dict(PATH="/usr/bin:/bin", PYTHONPATH=_pythonpath()))
        if ok.returncode == 0:
            return candidate
    pytest.fail("no Python the unprivileged user can run with the project's packages", pytrace=False)


def _pythonpath() -> str:
    return os.pathsep.join([str(ROOT), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])


def session(home: Path, **env) -> subprocess.CompletedProcess:
    """Run deploy/kiosk-session the way the unit does (a clean environment), headless."""
    clean = dict(PATH="/usr/bin:/bin", HOME=str(home), XDG_RUNTIME_DIR=str(home / "run"),
                 XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                 WLR_BACKENDS="headless", WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1",
                 QT_QPA_PLATFORM="wayland", KIOSK_TTS_ENGINE="mock", KIOSK_PIN_ITERATIONS="2000",
                 PYTHONPATH=_pythonpath(), KIOSK_COMMAND=f"{_python()} -m kiosk.cli")
    clean.update(env)
    return subprocess.run([*_as_user(), str(SESSION)], cwd=home, env=clean, capture_output=True, text=True,
                          timeout=180)


def unit() -> dict[str, dict[str, list[str]]]:
    """deploy/kiosk.service as {section: {key: [every value, in order]}} (systemd keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def restarted(status: int) -> bool:
    """What systemd does with the unit's settings when the service ends with STATUS (systemd.service(5): with
    Restart=always every end restarts except the statuses in RestartPreventExitStatus=)."""
    service = unit()["Service"]
    assert service["Restart"] == ["always"]
    return str(status) not in " ".join(service["RestartPreventExitStatus"]).split()


def test_the_kiosk_reaches_its_welcome_screen_under_cage_as_an_unprivileged_user(home):
    out = session(home, KIOSK_EXIT_WHEN_SHOWN="1")
    assert "welcome-shown" in out.stdout, out.stderr[-3000:]
    assert out.returncode == 0, out.stderr[-3000:]
    assert "qt.qpa" not in out.stderr  # the Wayland plugin loaded (it fails without libwayland-cursor0)
    assert any((home / "data").rglob("kiosk.sqlite3"))  # the user's own data folder, seeded


def test_a_crash_ends_the_session_with_a_failure_that_the_service_restarts(home):
    out = session(home, KIOSK_CRASH_AFTER_SHOWN="1")
    assert "welcome-shown" in out.stdout, out.stderr[-3000:]
    assert out.returncode == 128 + 6, out.stderr[-3000:]  # SIGABRT, not cage's 0
    assert restarted(out.returncode)


def test_an_admins_exit_ends_the_session_with_the_status_the_service_leaves_down(home):
    from kiosk.ui.app import EXIT_BY_ADMIN

    out = session(home, KIOSK_EXIT_WHEN_SHOWN="admin")
    assert "welcome-shown" in out.stdout, out.stderr[-3000:]
    assert out.returncode == EXIT_BY_ADMIN, out.stderr[-3000:]
    assert not restarted(out.returncode)
    assert str(EXIT_BY_ADMIN) in " ".join(unit()["Service"]["SuccessExitStatus"]).split()  # and not a failure


def test_the_service_runs_the_session_wrapper_as_the_kiosk_user_without_vt_switching():
    service = unit()["Service"]
    assert service["ExecStart"] == ["/opt/patient-handout-kiosk/bin/kiosk-session"]
    assert service["User"] == ["kiosk"] and service["PAMName"] == ["patient-handout-kiosk"]
    cage_args = [e.split("=", 1)[1] for e in service["Environment"] if e.startswith("KIOSK_CAGE_ARGS=")]
    assert cage_args == ["-d"]  # -s would allow VT switching
    default = SESSION.read_text(encoding="utf-8").split("cage ${KIOSK_CAGE_ARGS:-", 1)[1].split("}")[0]
    assert default == "-d"

"""The wheel works from any folder: installed outside the checkout, `kiosk check`, `kiosk render` and `kiosk run`
use the handouts, fonts and styles it ships (issue 16)."""
from __future__ import annotations

import subprocess
import zipfile

from pypdf import PdfReader

SLUG = "knee-joint-injection"


def run(installed, args, cwd, home, timeout=180, **env):
    return subprocess.run([str(installed.kiosk), *args], cwd=cwd, env=installed.env(home, **env),
                          capture_output=True, text=True, timeout=timeout)


def test_the_wheel_carries_the_handouts_fonts_styles_and_icons(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert f"kiosk/data/handouts/{SLUG}.en.toml" in names
    assert f"kiosk/data/handouts/{SLUG}.es.toml" in names
    for asset in ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-BoldOblique.ttf", "fonts/LICENSE-DejaVu.txt",
                  "qss/00_base.qss", "themes/high_contrast.toml", "icons/injection.svg", "bodymap/body.svg",
                  "admin/up.svg"):
        assert f"kiosk/data/resources/{asset}" in names, asset
    assert not any(n.startswith(("tests/", "handouts/", "resources/")) for n in names)


def test_the_installed_kiosk_is_the_wheel_not_the_checkout(installed, tmp_path):
    out = subprocess.run([str(installed.python), "-c", "import kiosk, kiosk.resources as r; "
                          "print(kiosk.__file__); print(r.handouts_dir()); print(r.font())"],
                         cwd=tmp_path, env=installed.env(tmp_path), capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        assert line.startswith(str(installed.venv)), line


def test_check_with_no_folder_checks_the_packaged_handouts(installed, tmp_path):
    out = run(installed, ["check"], cwd=tmp_path, home=tmp_path)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert f"All handouts in {installed.venv}" in out.stdout


def test_render_seeds_a_fresh_database_from_the_packaged_handouts(installed, tmp_path):
    out = run(installed, ["render", SLUG, "-o", "sheet.pdf"], cwd=tmp_path, home=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert (tmp_path / "data").is_dir()  # the database went to the user data folder, seeded on first use
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "sheet.pdf").pages)
    assert "knee" in text.lower()
    fonts = {str(f.get("/BaseFont")) for page in PdfReader(tmp_path / "sheet.pdf").pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in f for f in fonts), fonts


def test_run_reaches_the_welcome_screen(installed, tmp_path):
    out = run(installed, ["run", "--windowed"], cwd=tmp_path, home=tmp_path, KIOSK_EXIT_WHEN_SHOWN="1")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "welcome-shown" in out.stdout
    assert "font" not in out.stderr.lower()
    (log,) = (tmp_path / "data").rglob("logs/kiosk.log")  # beside the database, 0600
    assert "Starting on" in log.read_text(encoding="utf-8") and "Stopped (exit status 0)" in log.read_text("utf-8")
    assert log.stat().st_mode & 0o777 == 0o600
    assert "INFO kiosk.app: Starting on" in out.stderr  # and on standard error, for journald


def test_an_install_without_handouts_refuses_to_start_with_one_sentence(installed, tmp_path):
    """A broken install (the handouts removed) must not seed an empty library."""
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(installed.venv, broken, symlinks=True)
    site = next(broken.glob("lib/python3*/site-packages"))
    for toml in (site / "kiosk" / "data" / "handouts").glob("*.toml"):
        toml.unlink()
    out = subprocess.run([str(broken / "bin" / "python"), "-m", "kiosk.cli", "render", SLUG, "-o", "x.pdf"],
                         cwd=tmp_path, env=installed.env(tmp_path), capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().startswith("kiosk: No bundled handouts were found")
    assert len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()

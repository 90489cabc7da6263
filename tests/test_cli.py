"""The kiosk command as a user runs it: real subprocesses, real database files."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kiosk(*args, db: Path, stdin: str = ""):
    env = {**os.environ, "KIOSK_DB": str(db), "KIOSK_PIN_ITERATIONS": "2000"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


ADMIN, PIN = "Ann", "482913"
AS = ("--as", ADMIN)


def with_admin(db: Path) -> Path:
    """A database whose first admin is Ann (the first account needs no --as)."""
    r = kiosk("staff", "add", ADMIN, "--role", "admin", db=db, stdin=f"{PIN}\n")
    assert r.returncode == 0, r.stderr
    return db


def test_import_export_round_trip_is_byte_identical(tmp_path):
    db = with_admin(tmp_path / "k.sqlite3")
    assert kiosk("import", "handouts", *AS, db=db, stdin=f"{PIN}\n").returncode == 0
    r = kiosk("export", str(tmp_path / "out"), *AS, db=db, stdin=f"{PIN}\n")
    assert r.returncode == 0, r.stderr
    for path in (ROOT / "handouts").glob("*.toml"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


def test_check_exits_1_with_file_line_messages(tmp_path):
    (tmp_path / "bad.en.toml").write_text('slug = "bad"\nlanguage = "en"\ntitle = 3\n', encoding="utf-8")
    r = kiosk("check", str(tmp_path), db=tmp_path / "k.sqlite3")
    assert r.returncode == 1
    assert f"{tmp_path / 'bad.en.toml'}:3: 'title' must be text" in r.stdout


def test_staff_pins_come_from_stdin_and_mistakes_are_one_sentence(tmp_path):
    db = tmp_path / "k.sqlite3"
    r = kiosk("staff", "add", "Nina", "--role", "nurse", db=db, stdin="482913\n")
    assert r.returncode == 2 and "first staff account must be an admin" in r.stderr
    assert kiosk("staff", "add", "Ann", "--role", "admin", db=db, stdin="482913\n").returncode == 0
    r = kiosk("staff", "add", "Nina", "--role", "nurse", db=db, stdin="482913\n")
    assert r.returncode == 2 and "--as NAME" in r.stderr
    r = kiosk("staff", "add", "Nina", "--role", "nurse", "--as", "Ann", db=db, stdin="482913\n583914\n")
    assert r.returncode == 0, r.stderr
    listing = kiosk("staff", "list", *AS, db=db, stdin=f"{PIN}\n").stdout
    assert "Ann\tadmin\tactive" in listing and "Nina\tnurse\tactive" in listing
    assert "482913" not in (db.read_bytes() + Path(str(db) + "-wal").read_bytes() if Path(str(db) + "-wal").exists() else db.read_bytes()).decode("latin-1")
    for r in (kiosk("restore", str(tmp_path / "missing.sqlite3"), *AS, db=db, stdin=f"{PIN}\n"),
              kiosk("import", "/nonexistent", *AS, db=db, stdin=f"{PIN}\n")):
        assert r.returncode != 0 and "Traceback" not in r.stderr and r.stderr.strip()


def test_backup_restore_and_audit_export(tmp_path):
    db = with_admin(tmp_path / "k.sqlite3")
    pin = f"{PIN}\n"
    assert kiosk("backup", str(tmp_path / "b.sqlite3"), *AS, db=db, stdin=pin).returncode == 0
    (tmp_path / "junk.sqlite3").write_text("junk")
    r = kiosk("restore", str(tmp_path / "junk.sqlite3"), *AS, db=db, stdin=pin)
    assert r.returncode == 2 and "not a kiosk database" in r.stderr
    assert kiosk("restore", str(tmp_path / "b.sqlite3"), *AS, db=db, stdin=pin).returncode == 0
    assert kiosk("audit", "export", str(tmp_path / "a.csv"), *AS, db=db, stdin=pin).returncode == 0
    text = (tmp_path / "a.csv").read_text()
    assert text.startswith("id,time_utc,actor,kind,detail") and ",restore," in text and ",backup," in text


def test_an_unreadable_database_is_one_sentence_not_a_traceback(tmp_path):
    db = tmp_path / "k.sqlite3"
    db.write_bytes(b"this is not sqlite" * 100)
    r = kiosk("staff", "list", *AS, db=db, stdin=f"{PIN}\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "damaged" in r.stderr


def test_restore_works_over_a_damaged_database_and_keeps_it_aside(tmp_path):
    db = with_admin(tmp_path / "k.sqlite3")
    assert kiosk("backup", str(tmp_path / "b.sqlite3"), *AS, db=db, stdin=f"{PIN}\n").returncode == 0
    db.write_bytes(b"scrambled by a power cut" * 200)
    for side in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        side.unlink(missing_ok=True)
    r = kiosk("restore", str(tmp_path / "b.sqlite3"), db=db)
    assert r.returncode == 0, r.stderr
    assert "unusable" in r.stdout
    kept = list(tmp_path.glob("k.unusable-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"scrambled")
    listing = kiosk("staff", "list", *AS, db=db, stdin=f"{PIN}\n")
    assert listing.returncode == 0 and "Ann\tadmin\tactive" in listing.stdout


def test_the_kiosk_starts_on_a_damaged_database_with_the_bundled_handouts(tmp_path):
    db = tmp_path / "k.sqlite3"
    db.write_bytes(b"not a database" * 300)
    env = {**os.environ, "KIOSK_DB": str(db), "KIOSK_EXIT_WHEN_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "main.py", "run", "--windowed"], cwd=ROOT, capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "welcome-shown" in r.stdout
    assert "damaged" in r.stderr and "bundled handouts" in r.stderr and "Traceback" not in r.stderr
    assert db.read_bytes().startswith(b"not a database")  # left as it was, for the admin to restore


def test_a_file_where_a_folder_belongs_is_one_sentence(tmp_path):
    db = with_admin(tmp_path / "k.sqlite3")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for args in (("export", str(a_file)), ("audit", "export", str(tmp_path))):
        r = kiosk(*args, *AS, db=db, stdin=f"{PIN}\n")
        assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr

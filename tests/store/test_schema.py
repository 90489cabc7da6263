"""The live database's schema is checked at every open; read-only media is called read-only, never damaged."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hardening.support import ROOT, one_sentence
from kiosk.cli import main as kiosk_main
from kiosk.services import open_store, open_store_or_fallback
from kiosk.store import CorruptError, Store
from kiosk.store.backup import backup
from kiosk.store.schema import differences, expected_schema, normalise_sql


def test_normalising_ignores_layout_quoting_and_case_but_not_literals():
    a = 'CREATE TABLE "Staff" (\n  id   INTEGER,\n  role TEXT CHECK (role IN (\'nurse\'))\n)'
    b = "create table staff(id integer, role text check(role in ('nurse')))"
    assert normalise_sql(a) == normalise_sql(b)
    assert normalise_sql("CREATE TABLE [x] (`y`)") == normalise_sql('create table "X" ("Y")')
    assert normalise_sql("SELECT 'Nurse'") != normalise_sql("SELECT 'nurse'")  # a literal keeps its case
    assert normalise_sql("SELECT 'a  b'") != normalise_sql("SELECT 'a b'")


def test_a_fresh_database_has_exactly_this_versions_schema(empty_store):
    assert differences(empty_store.conn) == []
    kinds = {kind for kind, _ in expected_schema()}
    assert kinds == {"table", "index", "trigger"}  # what the comparison covers today (views: none yet)


def _tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.close()


LIVE_DAMAGE = {
    "audit-trigger-dropped": (["DROP TRIGGER audit_log_no_delete"], "trigger audit_log_no_delete is missing"),
    "published-trigger-dropped": (["DROP TRIGGER handout_versions_published_stay"],
                                  "trigger handout_versions_published_stay is missing"),
    "pin-reset-trigger-added": (["CREATE TRIGGER reset_failed_pins AFTER UPDATE OF failed_attempts ON staff BEGIN "
                                 "UPDATE staff SET failed_attempts = 0 WHERE id = NEW.id; END"],
                                "it has an extra trigger reset_failed_pins"),
}


@pytest.mark.parametrize("case", list(LIVE_DAMAGE))
def test_a_live_database_whose_guards_were_changed_is_refused_and_restore_repairs_it(tmp_path, capsys, case):
    db = tmp_path / "kiosk.sqlite3"
    store = open_store(db)
    store.staff.add("Ann", "admin", "482913")
    backup(store, tmp_path / "good.sqlite3", actor="Ann")
    for i in range(5):
        store.audit.record("Ann", "print", n=i)
    store.close()
    statements, words = LIVE_DAMAGE[case]
    _tamper(db, *statements)
    with pytest.raises(CorruptError) as info:
        Store.open(db)
    message = str(info.value)
    assert words in message and "restore a backup" in message and one_sentence(message), message
    fallback, problem = open_store_or_fallback(db)
    assert problem == message and fallback.read_only_reason == message
    fallback.close()
    capsys.readouterr()
    assert kiosk_main(["--db", str(db), "staff", "list"]) == 2
    assert words in capsys.readouterr().err
    assert kiosk_main(["--db", str(db), "restore", str(tmp_path / "good.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "unusable" in out
    with Store.open(db) as repaired:
        assert differences(repaired.conn) == []
        with pytest.raises(sqlite3.IntegrityError):
            repaired.conn.execute("DELETE FROM audit_log")
        entry = repaired.audit.entries(kind="restore", limit=1)[0]
        assert words in entry.detail["replaced_unusable"]
    kept = list(tmp_path.glob("kiosk.unusable-*.sqlite3"))
    assert len(kept) == 1
    conn = sqlite3.connect(kept[0])
    assert conn.execute("SELECT COUNT(*) FROM audit_log WHERE kind = 'print'").fetchone()[0] == 5  # kept aside whole
    conn.close()


# ---- read-only media ---------------------------------------------------------------------------------------
def _ro_mount_works() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    r = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o ro tmpfs /mnt"], capture_output=True)
    return r.returncode == 0


def run_on_read_only_media(tmp_path: Path, put: dict[str, Path], argv: list[str]) -> subprocess.CompletedProcess:
    """Run `python main.py ARGV` in a private mount namespace where MEDIA (tmp_path/media) is a tmpfs holding
    PUT's files (name -> source), remounted read-only: a real read-only file system, which root cannot write."""
    media = tmp_path / "media"
    media.mkdir()
    copies = "\n".join(f"cp '{src}' '{media / name}'" for name, src in put.items())
    argv_text = " ".join(f"'{a}'" for a in argv)
    script = (f"set -e\nmount -t tmpfs tmpfs '{media}'\n{copies}\nmount -o remount,ro '{media}'\n"
              f"touch '{media}/probe' 2>/dev/null && exit 99\n"
              f"exec '{sys.executable}' main.py {argv_text}\n")
    env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000"}
    env.pop("KIOSK_DB", None)
    return subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


needs_ro_mount = pytest.mark.skipif(not _ro_mount_works(), reason="needs root and mount namespaces (unshare -m)")


def _wal_database(tmp_path: Path, with_pending_wal: bool) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    db = src / "kiosk.sqlite3"
    store = open_store(db)
    store.staff.add("Ann", "admin", "482913")
    if with_pending_wal:
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        store.staff.add("Wes", "nurse", "583914", actor="Ann")
        shutil.copyfile(db, tmp_path / "snap.sqlite3")
        shutil.copyfile(f"{db}-wal", tmp_path / "snap.sqlite3-wal")
        store.close()
        return tmp_path / "snap.sqlite3"
    store.close()
    assert db.read_bytes()[18:20] == b"\x02\x02"  # WAL mode, recorded in the file
    return db


@needs_ro_mount
def test_a_sound_wal_mode_live_database_on_read_only_media_is_called_read_only_not_damaged(tmp_path):
    db = _wal_database(tmp_path, with_pending_wal=False)
    r = run_on_read_only_media(tmp_path, {"kiosk.sqlite3": db}, ["--db", str(tmp_path / "media/kiosk.sqlite3"),
                                                                   "staff", "list"])
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "read-only" in r.stderr and "damaged" not in r.stderr and "copy it" in r.stderr
    assert one_sentence(r.stderr[len("kiosk: "):])


@needs_ro_mount
@pytest.mark.parametrize("pending", [False, True], ids=["checkpointed", "changes-still-in-its-wal"])
def test_a_wal_mode_backup_on_read_only_media_restores(tmp_path, pending):
    source = _wal_database(tmp_path, with_pending_wal=pending)
    put = {"backup.sqlite3": source}
    if pending:
        put["backup.sqlite3-wal"] = Path(f"{source}-wal")
    live = tmp_path / "live" / "kiosk.sqlite3"
    open_store(live).close()
    r = run_on_read_only_media(tmp_path, put, ["--db", str(live), "restore", str(tmp_path / "media/backup.sqlite3")])
    assert r.returncode == 0 and "Restored" in r.stdout and r.stderr == "", r.stderr
    with Store.open(live) as store:
        names = [m.name for m in store.staff.list()]
    assert names == (["Ann", "Wes"] if pending else ["Ann"])

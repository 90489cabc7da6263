"""Malformed databases: the kiosk says what is wrong in one sentence and falls back; nothing is half-written.

Kinds of unusable file: truncated, not SQLite, a zeroed header, a newer schema, a folder. For each,
`open_store_or_fallback` gives the bundled handouts with the reason, every `kiosk` command prints one
sentence (never a traceback), and the file is left byte for byte as it was, for whoever repairs it.
A read-only database and a full disk (simulated with PRAGMA query_only / mode=ro and PRAGMA max_page_count;
the tests run as root, so file modes alone stop nothing) raise ReadOnlyError / DiskFullError and leave
every table as it was.
"""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from hardening.support import ROOT, one_sentence, snapshot
from helpers.handouts import sample_handout
from kiosk.cli import main as kiosk_main
from kiosk.content.source import dump
from kiosk.services import import_folder, open_store, open_store_or_fallback
from kiosk.store import DiskFullError, ReadOnlyError, Store
from kiosk.store.db import connect
from kiosk.store.migrations import MIGRATIONS

PIN = "482913"


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> bytes:
    """The bytes of a healthy, seeded database with one admin (WAL checkpointed into the main file)."""
    path = tmp_path_factory.mktemp("good") / "kiosk.sqlite3"
    store = open_store(path)
    store.staff.add("Ann", "admin", PIN)
    store.close()
    assert not Path(f"{path}-wal").exists()
    return path.read_bytes()


def _truncated(path: Path, good: bytes) -> None:
    path.write_bytes(good[: len(good) // 2])


def _damaged_pages(path: Path, good: bytes) -> None:
    """Page 1 (the schema) intact, a run of pages in the middle overwritten: opens, then fails on some query."""
    page = int.from_bytes(good[16:18], "big")
    start = page * (len(good) // page // 3)
    noise = bytes((i * 131 + 7) % 251 for i in range(page * 4))
    path.write_bytes(good[:start] + noise + good[start + len(noise):])


def _not_sqlite(path: Path, good: bytes) -> None:
    path.write_bytes(b"These are somebody's holiday notes, not a database.\n" * 200)


def _zeroed_header(path: Path, good: bytes) -> None:
    path.write_bytes(b"\x00" * 100 + good[100:])


def _newer_schema(path: Path, good: bytes) -> None:
    path.write_bytes(good)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 3}")
    conn.commit()
    conn.close()


def _a_folder(path: Path, good: bytes) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("a folder where the database should be")


def _foreign(version: int, table: str) -> Callable[[Path, bytes], None]:
    """Another program's SQLite file (the path was mistyped, or the kiosk was pointed at the wrong file)."""

    def make(path: Path, good: bytes) -> None:
        conn = sqlite3.connect(path)
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute(f"INSERT INTO {table} (body) VALUES ('somebody else''s data')")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
        conn.close()

    return make


DAMAGE: dict[str, tuple[Callable[[Path, bytes], None], str]] = {
    "truncated": (_truncated, "damaged"),
    # used to open (the first page is fine) and fail later, on whichever screen first read a bad page
    "damaged-pages": (_damaged_pages, "damaged"),
    "not-sqlite": (_not_sqlite, "damaged"),
    "zeroed-header": (_zeroed_header, "damaged"),
    "newer-schema": (_newer_schema, "newer version of the kiosk"),
    "a-folder": (_a_folder, "folder"),
    # used to be a raw sqlite3.OperationalError (a traceback; the fallback crashed), or worse, the kiosk's
    # tables were silently added to the other program's file
    "another-programs-database": (_foreign(0, "notes"), "another program"),
    "another-program-with-a-handouts-table": (_foreign(0, "handouts"), "another program"),
    "another-program-with-a-schema-version": (_foreign(1, "notes"), "another program"),
}


def damaged(tmp_path: Path, good: bytes, kind: str) -> tuple[Path, str]:
    path = tmp_path / "kiosk.sqlite3"
    make, words = DAMAGE[kind]
    make(path, good)
    return path, words


def fingerprint(path: Path):
    """What is on disk at and beside the database path: the file's bytes (or a folder's names), and whatever
    the write-ahead log and rollback journal hold. SQLite may leave an empty -wal (and an -shm index) beside a
    WAL database it only read; empty, they hold nothing, so they count as absent."""
    def one(p: Path):
        if p.is_dir():
            return sorted(c.name for c in p.iterdir())
        return (p.read_bytes() or None) if p.exists() else None

    return [one(path), one(Path(f"{path}-wal")), one(Path(f"{path}-journal"))]


# ---- the app: open_store_or_fallback ------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_an_unusable_database_falls_back_to_the_bundled_handouts_with_one_sentence(tmp_path, good_db, kind):
    path, words = damaged(tmp_path, good_db, kind)
    before = fingerprint(path)
    store, problem = open_store_or_fallback(path)
    try:
        assert problem is not None and words in problem and one_sentence(problem), problem
        assert store.read_only_reason == problem
        assert len(store.handouts.published("en")) == 12 and len(store.handouts.published("es")) == 12
        assert store.search.search("knee", "en")[0].slug == "knee-joint-injection"
    finally:
        store.close()
    assert fingerprint(path) == before, "opening an unusable database changed it"


def test_the_fallback_is_read_only_in_fact(tmp_path, good_db):
    """Writes to the fallback used to succeed in memory and vanish at the next start: an admin's edit, a
    sign-in's lockout count, a print record. Each is refused in one sentence; reading goes on."""
    path, _ = damaged(tmp_path, good_db, "not-sqlite")
    store, problem = open_store_or_fallback(path)
    assert problem
    before = snapshot(store.conn)
    for name, operation in write_operations(tmp_path).items():
        if name == "sign-in":
            continue  # the fallback holds no staff: StaffRepo.verify audits the refusal, which is a write
        with pytest.raises(ReadOnlyError) as info:
            operation(store)
        message = str(info.value)
        assert one_sentence(message) and "read-only" in message and ":memory:" not in message, (name, message)
    with pytest.raises(ReadOnlyError):
        store.staff.verify("Ann", PIN)
    assert snapshot(store.conn) == before
    assert store.search.search("knee", "en") and len(store.handouts.published("es")) == 12
    store.close()


# ---- the command line -----------------------------------------------------------------------------------
def commands(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    backup = tmp_path / "a-good-backup.sqlite3"
    return {
        "staff list": (["staff", "list"], ""),
        "staff add": (["staff", "add", "Zoe", "--role", "admin", "--as", "Ann"], f"{PIN}\n{PIN}\n"),
        "import": (["import", str(ROOT / "handouts")], ""),
        "export": (["export", str(tmp_path / "exported")], ""),
        "backup": (["backup", str(tmp_path / "new-backup.sqlite3")], ""),
        "audit export": (["audit", "export", str(tmp_path / "audit.csv")], ""),
    }


def run_cli(monkeypatch, capsys, db: Path, argv: list[str], stdin: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = kiosk_main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_every_command_says_what_is_wrong_in_one_sentence(tmp_path, good_db, kind, monkeypatch, capsys):
    path, words = damaged(tmp_path, good_db, kind)
    (tmp_path / "a-good-backup.sqlite3").write_bytes(good_db)
    before = fingerprint(path)
    for name, (argv, stdin) in commands(tmp_path).items():
        code, out, err = run_cli(monkeypatch, capsys, path, argv, stdin)
        assert code == 2, (name, code, out, err)
        assert err.startswith("kiosk: ") and words in err and one_sentence(err[len("kiosk: "):]), (name, err)
        assert out == "", (name, out)
    assert fingerprint(path) == before
    assert not (tmp_path / "exported").exists() and not (tmp_path / "new-backup.sqlite3").exists()
    # …while a restore is exactly what an unusable database needs: it works, and keeps the damaged file aside
    code, out, err = run_cli(monkeypatch, capsys, path, ["restore", str(tmp_path / "a-good-backup.sqlite3")], "")
    assert code == 0 and "unusable" in out and err == "", (code, out, err)
    kept = [p for p in tmp_path.iterdir() if ".unusable-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and fingerprint(kept[0])[0] == before[0]
    code, out, err = run_cli(monkeypatch, capsys, path, ["staff", "list", "--as", "Ann"], f"{PIN}\n")
    assert code == 0 and "Ann" in out, (out, err)


def test_main_py_prints_one_sentence_never_a_traceback(tmp_path, good_db):
    """The real entry point, in real processes (started together to keep the suite fast)."""
    env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000"}
    env.pop("KIOSK_DB", None)
    runs = {}
    for kind in ("truncated", "not-sqlite", "newer-schema", "another-programs-database"):  # each start costs ~1 s (the CLI loads Qt)
        folder = tmp_path / kind
        folder.mkdir()
        path, words = damaged(folder, good_db, kind)
        runs[kind] = (words, subprocess.Popen([sys.executable, "main.py", "--db", str(path), "staff", "list"],
                                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                              text=True))
    for kind, (words, proc) in runs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 2 and out == "", (kind, out, err)
        assert "Traceback" not in err and err.count("\n") == 1 and words in err, (kind, err)


# ---- read-only ------------------------------------------------------------------------------------------
def write_operations(tmp_path: Path):
    """Every kind of write the kiosk makes, each with a payload that cannot fit in free space of a page."""
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    for i in range(30):
        h = sample_handout(slug=f"pack-{i:02d}", summary="You rest. " * 2000)
        (pack / f"pack-{i:02d}.en.toml").write_text(dump(h), encoding="utf-8")
    big = sample_handout(slug="big-one", summary="We clean the skin. " * 20_000)
    return {
        "import": lambda s: import_folder(s, pack, actor="hardening"),
        "publish": lambda s: s.handouts.publish(big, "Ann"),
        "draft": lambda s: s.handouts.save_draft(big, "Ann"),
        "retire": lambda s: s.handouts.retire("dry-needling", "en", "Ann"),
        "settings": lambda s: s.settings.update("Ann", name="Clinic " * 50_000),
        "staff": lambda s: s.staff.add("Zoe " + "Q" * 70, "nurse", "583914"),
        "audit": lambda s: s.audit.record("Ann", "print", note="x" * 400_000),
        "sign-in": lambda s: s.staff.verify("Ann", PIN),
    }


def restore(tmp_path: Path, good: bytes) -> Path:
    path = tmp_path / "kiosk.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(good)
    return path


@pytest.mark.parametrize("how", ["query_only", "mode=ro"])
def test_a_read_only_database_refuses_every_write_in_one_sentence(tmp_path, good_db, how):
    for name, operation in write_operations(tmp_path).items():
        path = restore(tmp_path, good_db)
        if how == "query_only":
            store = Store.open(path)
            store.conn.execute("PRAGMA query_only = ON")
        else:
            store = Store(connect(path, read_only=True), path)
        before = snapshot(store.conn)
        with pytest.raises(ReadOnlyError) as info:
            operation(store)
        assert one_sentence(str(info.value)) and "read-only" in str(info.value), (name, str(info.value))
        assert snapshot(store.conn) == before, name
        assert store.handouts.get_published("dry-needling", "en") is not None  # reading still works
        store.close()


def _capability_drop_works(probe: Path) -> bool:
    if shutil.which("setpriv") is None:
        return False
    r = subprocess.run(["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "sh", "-c",
                        f"echo x >> '{probe}'"], capture_output=True)
    return r.returncode != 0


def test_a_read_only_database_file_is_one_sentence_and_falls_back(tmp_path, good_db):
    """A real read-only file and folder. As root, file modes stop nothing, so the child runs without the
    capabilities that override them (setpriv --bounding-set); as another user, the modes alone do it."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "kiosk.sqlite3"
    path.write_bytes(good_db)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        prefix: list[str] = []
        if os.geteuid() == 0:
            if not _capability_drop_works(path):
                pytest.skip("cannot drop root's file-permission override here (no setpriv or no CAP_SETPCAP)")
            prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
        env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("KIOSK_DB", None)
        r = subprocess.run([*prefix, sys.executable, "main.py", "--db", str(path), "staff", "list"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
        assert "read-only" in r.stderr and one_sentence(r.stderr[len("kiosk: "):])
        script = ("import sys; from kiosk.services import open_store_or_fallback as f; s, p = f(sys.argv[1]); "
                  "print(len(s.handouts.published('en'))); print(p)")
        r = subprocess.run([*prefix, sys.executable, "-c", script, str(path)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
        count, reason = r.stdout.strip().split("\n")
        assert r.returncode == 0 and count == "12" and "read-only" in reason and one_sentence(reason), r
        assert path.read_bytes() == good_db
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


# ---- a full disk ----------------------------------------------------------------------------------------
def test_a_full_disk_refuses_every_write_leaves_nothing_half_written_and_recovers(tmp_path, good_db):
    # max_page_count stops a write only when it needs a new page: retire, staff and sign-in write a few bytes
    # that fit in free space of existing pages, so they are left out here (they run through the same
    # transaction() that translates SQLITE_FULL).
    for name, operation in write_operations(tmp_path).items():
        if name in ("retire", "staff", "sign-in"):
            continue
        path = restore(tmp_path, good_db)
        store = Store.open(path)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: not one more page
        before = snapshot(store.conn)
        with pytest.raises(DiskFullError) as info:
            operation(store)
        assert one_sentence(str(info.value)) and "disk is full" in str(info.value), (name, str(info.value))
        assert snapshot(store.conn) == before, f"{name}: a write on a full disk left part of itself behind"
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: the same write now succeeds
        operation(store)
        assert snapshot(store.conn) != before, name
        store.close()
        with Store.open(path) as reopened:
            assert reopened.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---- what is not damage ---------------------------------------------------------------------------------
def test_an_empty_file_becomes_a_new_database_and_a_stray_wal_is_ignored(tmp_path, good_db):
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    store, problem = open_store_or_fallback(empty)
    assert problem is None and len(store.handouts.published("en")) == 12
    store.close()
    path = restore(tmp_path, good_db)
    Path(f"{path}-wal").write_bytes(b"a leftover that is not a write-ahead log" * 100)
    store, problem = open_store_or_fallback(path)
    assert problem is None and [m.name for m in store.staff.list()] == ["Ann"]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()

"""Hostile and odd backups, each through `restore()` and through `kiosk restore`: real SQLite files throughout.

A backup is accepted only when, after its migrations, its schema is exactly this version's; anything else is
refused in one sentence naming the difference, the live database stays byte-for-byte the same in content, and
no file is left behind. What is accepted never loses a live audit entry.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hardening.support import ROOT, one_sentence, snapshot
from kiosk.cli import main as kiosk_main
from kiosk.services import open_store
from kiosk.store import CorruptError, NewerSchemaError, Store, StoreError
from kiosk.store.backup import backup, restore, verify_file
from kiosk.store.migrations import MIGRATIONS

PIN = "482913"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[bytes, bytes]:
    """(live database bytes, backup bytes): a seeded database with admins Ann and Service and nurse Nina, and a
    backup of it taken before three more audit entries were written to the live one."""
    folder = tmp_path_factory.mktemp("base")
    store = open_store(folder / "kiosk.sqlite3")
    store.staff.add("Ann", "admin", PIN)
    store.staff.add("Service", "admin", "739152", actor="Ann")
    store.staff.add("Nina", "nurse", "583914", actor="Ann")
    backup(store, folder / "backup.sqlite3", actor="Ann")
    for i in range(3):
        store.audit.record("Ann", "print", n=i)
    store.close()
    return (folder / "kiosk.sqlite3").read_bytes(), (folder / "backup.sqlite3").read_bytes()


@pytest.fixture
def live(tmp_path, base) -> Path:
    folder = tmp_path / "live"
    folder.mkdir()
    path = folder / "kiosk.sqlite3"
    path.write_bytes(base[0])
    return path


def make_backup(tmp_path: Path, base, statements=(), name: str = "hostile.sqlite3", data: bytes | None = None) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(base[1] if data is None else data)
    if statements:
        conn = sqlite3.connect(path)
        for statement in statements:
            if callable(statement):
                statement(conn)
            else:
                conn.execute(statement)
        conn.commit()
        conn.close()
    return path


def state(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        out = snapshot(conn)
        out["schema"] = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        return out
    finally:
        conn.close()


def files(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))


def cli(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    """`kiosk --db DB ARGV --as Ann` with Ann's PIN on standard input (every command here needs an admin)."""
    import io

    capsys.readouterr()
    stdin, sys.stdin = sys.stdin, io.StringIO(f"{PIN}\n")
    try:
        code = kiosk_main(["--db", str(db), *argv, "--as", "Ann"])
    finally:
        sys.stdin = stdin
    out, err = capsys.readouterr()
    return code, out, err


def _rewrite_audit_ts(ts: str):
    """Change every audit timestamp of a backup, as a forger would (drop the guard, update, put it back)."""
    def run(conn):
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'").fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET ts = ?", (ts,))
        conn.execute(sql)
    return run


# (backup edits, words the refusal must hold)
REFUSED = {
    "audit-triggers-dropped": (["DROP TRIGGER audit_log_no_delete", "DROP TRIGGER audit_log_no_update"],
                               "trigger audit_log_no_delete is missing"),
    "published-version-triggers-dropped": (["DROP TRIGGER handout_versions_published_are_final",
                                            "DROP TRIGGER handout_versions_published_stay"],
                                           "trigger handout_versions_published_are_final is missing"),
    "trigger-deleting-new-audit-rows": (
        ["DROP TRIGGER audit_log_no_delete",
         "CREATE TRIGGER eat_audit AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log WHERE id = NEW.id; END",
         "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN 0 BEGIN SELECT 1; END"],
        "it has an extra trigger eat_audit, and trigger audit_log_no_delete is defined differently"),
    "extra-after-insert-trigger-on-audit": (
        ["CREATE TRIGGER eat_audit AFTER INSERT ON audit_log BEGIN SELECT 1; END"],
        "it has an extra trigger eat_audit"),
    "trigger-resetting-failed-pins": (
        ["CREATE TRIGGER reset_failed_pins AFTER UPDATE OF failed_attempts ON staff BEGIN "
         "UPDATE staff SET failed_attempts = 0, locked_until = 0 WHERE id = NEW.id; END"],
        "it has an extra trigger reset_failed_pins"),
    "trigger-re-enabling-a-disabled-admin": (
        ["CREATE TRIGGER keep_service AFTER UPDATE OF disabled ON staff WHEN NEW.name = 'Service' BEGIN "
         "UPDATE staff SET disabled = 0 WHERE id = NEW.id; END"],
        "it has an extra trigger keep_service"),
    "a-view": (["CREATE VIEW pins AS SELECT name, pin_hash FROM staff"], "it has an extra view pins"),
    "an-extra-table": (["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"], "it has an extra table notes"),
    "an-extra-column": (["ALTER TABLE staff ADD COLUMN is_owner INTEGER DEFAULT 1"],
                        "table staff has an extra column is_owner"),
    "an-extra-index": (["CREATE INDEX staff_pins ON staff (pin_hash)"], "it has an extra index staff_pins"),
    "a-dropped-index": (["DROP INDEX audit_log_kind_ts"], "index audit_log_kind_ts is missing"),
    "a-column-with-another-default": (
        [lambda c: c.execute("PRAGMA writable_schema = ON"),
         lambda c: c.execute("UPDATE sqlite_master SET sql = replace(sql, 'failed_attempts INTEGER NOT NULL DEFAULT 0',"
                             " 'failed_attempts INTEGER NOT NULL DEFAULT -1000000') WHERE name = 'staff'")],
        "column staff.failed_attempts is defined differently"),
    "a-row-breaking-a-check-constraint": (  # role 'owner' slipped in while the CHECK was edited away, then put back
        [lambda c: c.execute("PRAGMA writable_schema = ON"),
         lambda c: c.execute("UPDATE sqlite_master SET sql = replace(sql, \"CHECK (role IN ('nurse', 'admin'))\", "
                             "'') WHERE name = 'staff'"),
         lambda c: c.commit(),
         lambda c: c.execute("PRAGMA writable_schema = RESET"),
         lambda c: c.execute("UPDATE staff SET role = 'owner' WHERE name = 'Service'"),
         lambda c: c.commit(),
         lambda c: c.execute("PRAGMA writable_schema = ON"),
         lambda c: c.execute("UPDATE sqlite_master SET sql = replace(sql, 'role TEXT NOT NULL ,', "
                             "\"role TEXT NOT NULL CHECK (role IN ('nurse', 'admin')),\") WHERE name = 'staff'")],
        "is damaged"),
    "versions-of-a-deleted-handout": (["DELETE FROM handouts WHERE id = (SELECT MIN(id) FROM handouts)"],
                                      "handout versions that belong to no handout"),
    "user-version-0": (["PRAGMA user_version = 0"], "no schema version (user_version 0)"),
    "a-newer-schema": ([f"PRAGMA user_version = {len(MIGRATIONS) + 1}"], "newer version of the kiosk"),
    "kiosk-tables-missing": (["DROP TABLE staff"], "not a kiosk database"),
    "unreadable-audit-detail": ([_rewrite_audit_ts("2020-01-01T00:00:00.000Z"),
                                 "DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET detail = '{oops'",
                                 "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\nBEGIN\n"
                                 "    SELECT RAISE(ABORT, 'the audit log is append-only');\nEND"],
                                "unreadable audit entry"),
}
NOT_A_DATABASE = {
    "not-sqlite": (b"Somebody's holiday notes.\n" * 100, "not an SQLite file"),
    "empty": (b"", "is empty"),
    "header-only": (b"SQLite format 3\x00" + b"\x00" * 84, "damaged"),
    "zero-pages": (b"SQLite format 3\x00" + b"\x00" * 400, "damaged"),
}


def unchanged_but_audited(before: dict, after: dict) -> bool:
    """Nothing changed but new audit entries: the CLI's sign-in (--as) and the refused attempt are audited."""
    rest = {k: v for k, v in after.items() if k != "audit_log"}
    new = after["audit_log"][len(before["audit_log"]):]
    return (rest == {k: v for k, v in before.items() if k != "audit_log"}
            and after["audit_log"][:len(before["audit_log"])] == before["audit_log"]
            and all(row[3] in ("sign_in", "restore", "backup") for row in new))


def assert_refused_everywhere(tmp_path, capsys, live: Path, path: Path, words: str) -> None:
    before, listing = state(live), files(live.parent, path.parent)
    store = Store.open(live)
    try:
        with pytest.raises(StoreError) as info:
            restore(store, path, actor="Ann")
    finally:
        store.close()
    message = str(info.value)
    assert words in message and one_sentence(message), message
    with pytest.raises(StoreError):
        verify_file(path)
    code, out, err = cli(capsys, live, "restore", str(path))
    assert code == 2 and out == "" and err.startswith("kiosk: ") and words in err, (code, out, err)
    assert one_sentence(err[len("kiosk: "):]) and "Traceback" not in err
    assert unchanged_but_audited(before, state(live))  # nothing restored, nothing half-written
    assert files(live.parent, path.parent) == listing  # no aside copy, no temporary folder, no stray empty file


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_hostile_backup_is_refused_in_one_sentence_naming_the_difference(tmp_path, capsys, base, live, case):
    edits, words = REFUSED[case]
    path = make_backup(tmp_path, base, edits)
    assert_refused_everywhere(tmp_path, capsys, live, path, words)


@pytest.mark.parametrize("case", list(NOT_A_DATABASE))
def test_a_file_that_is_not_a_kiosk_database_is_refused_in_one_sentence(tmp_path, capsys, base, live, case):
    data, words = NOT_A_DATABASE[case]
    path = make_backup(tmp_path, base, data=data)
    assert_refused_everywhere(tmp_path, capsys, live, path, words)


def test_the_schema_sentence_reads_as_the_issue_asks(tmp_path, base, live):
    path = make_backup(tmp_path, base, ["DROP TRIGGER audit_log_no_delete"])
    with pytest.raises(CorruptError) as info:
        verify_file(path)
    assert str(info.value) == "The backup's schema differs from this version's: trigger audit_log_no_delete is missing."
    path = make_backup(tmp_path, base, ["CREATE TRIGGER reset_failed_pins AFTER UPDATE ON staff BEGIN SELECT 1; END"])
    with pytest.raises(CorruptError) as info:
        verify_file(path)
    assert str(info.value) == ("The backup's schema differs from this version's: it has an extra trigger "
                               "reset_failed_pins.")


def test_a_refused_newer_backup_is_a_newer_schema_error(tmp_path, base):
    path = make_backup(tmp_path, base, [f"PRAGMA user_version = {len(MIGRATIONS) + 4}"])
    with pytest.raises(NewerSchemaError):
        verify_file(path)


def test_a_schema_written_in_other_spacing_quoting_and_case_is_the_same_schema(tmp_path, base, live):
    """Normalised comparison: a backup whose trigger text differs only in layout, quotes and case is accepted."""
    def respell(conn):
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute('create   trigger "AUDIT_LOG_NO_DELETE" before delete on [audit_log]\n  begin\n'
                     "\tselect raise(ABORT, 'the audit log is append-only');   end")
    path = make_backup(tmp_path, base, [respell])
    verify_file(path)
    with Store.open(live) as store:
        restore(store, path, actor="Ann")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.conn.execute("DELETE FROM audit_log")


# ---- accepted, with nothing lost -------------------------------------------------------------------------
def audit_rows(path_or_conn) -> list[tuple]:
    conn = sqlite3.connect(path_or_conn) if isinstance(path_or_conn, Path) else path_or_conn
    try:
        return conn.execute("SELECT id, ts, actor, kind, detail FROM audit_log ORDER BY id").fetchall()
    finally:
        if isinstance(path_or_conn, Path):
            conn.close()


def assert_no_live_entry_lost(before: list[tuple], after: list[tuple]) -> None:
    remaining = [tuple(r[1:]) for r in after]
    for entry in before:
        assert tuple(entry[1:]) in remaining, f"live audit entry {entry} lost"
        remaining.remove(tuple(entry[1:]))


@pytest.mark.parametrize("door", ["restore()", "kiosk restore"])
def test_audit_entries_dated_9999_in_a_backup_wipe_no_live_entry(tmp_path, capsys, base, live, door):
    path = make_backup(tmp_path, base, [_rewrite_audit_ts("9999-12-31T23:59:59.999Z")])
    before = audit_rows(live)
    if door == "restore()":
        with Store.open(live) as store:
            restore(store, path, actor="Ann")
    else:
        code, out, err = cli(capsys, live, "restore", str(path))
        assert code == 0 and "Restored" in out, (out, err)
    after = audit_rows(live)
    assert_no_live_entry_lost(before, after)
    assert sum(1 for r in after if r[1].startswith("9999")) == len(audit_rows(path))  # the backup's too
    last = json.loads(after[-1][4])
    assert after[-1][3] == "restore" and last["file"] == path.name


def test_every_live_entry_keeps_its_number_and_the_restore_entry_comes_last(tmp_path, base, live):
    path = make_backup(tmp_path, base)
    with Store.open(live) as store:
        for i in range(20):
            store.audit.record("Nina", "print", n=i)
        store.handouts.retire("dry-needling", "en", "Ann")
        before = audit_rows(live)
        aside = restore(store, path, actor="Ann")
        after = audit_rows(live)
        assert store.handouts.get_published("dry-needling", "en") is not None  # the backup's content is back
        assert [r for r in after if r in before] == before  # same ids, same content, same order
        assert after[-1][3] == "restore" and after[-1][2] == "Ann"
        detail = json.loads(after[-1][4])
        assert detail["kept_aside"] == aside.name and detail["carried"] == len(before) - len(audit_rows(path))
        # and the restored database is this version's, with its guards
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("DELETE FROM audit_log WHERE id = 1")
    assert audit_rows(aside) == before  # the aside copy is the database as it was


def test_a_backup_of_another_database_keeps_every_live_entry_too(tmp_path, base, live):
    other = open_store(tmp_path / "other.sqlite3")
    other.staff.add("Mallory", "admin", "583914")
    backup(other, tmp_path / "other-backup.sqlite3", actor="Mallory")
    other.close()
    before = audit_rows(live)
    with Store.open(live) as store:
        restore(store, tmp_path / "other-backup.sqlite3", actor="Ann")
        assert [m.name for m in store.staff.list()] == ["Mallory"]
    assert_no_live_entry_lost(before, audit_rows(live))


def test_restoring_twice_duplicates_nothing(tmp_path, base, live):
    path = make_backup(tmp_path, base)
    with Store.open(live) as store:
        restore(store, path, actor="Ann")
        once = audit_rows(live)
        restore(store, path, actor="Ann")
    twice = audit_rows(live)
    assert twice[:-1] == once and twice[-1][3] == "restore"


@pytest.mark.parametrize("door", ["restore()", "kiosk restore"])
def test_settings_of_the_wrong_type_or_not_json_restore_and_fall_back_with_a_notice(tmp_path, capsys, base, live,
                                                                                      door):
    path = make_backup(tmp_path, base, [
        "INSERT INTO settings (key, value) VALUES ('idle_seconds', '\"abc\"')",
        "INSERT INTO settings (key, value) VALUES ('name', '{not json')",
        "INSERT INTO settings (key, value) VALUES ('keep_copies_days', '99999')",
        "INSERT INTO settings (key, value) VALUES ('no_such_setting', '{also not json')",
    ])
    if door == "restore()":
        with Store.open(live) as store:
            restore(store, path, actor="Ann")
    else:
        code, out, err = cli(capsys, live, "restore", str(path))
        assert code == 0 and "Restored" in out and "Traceback" not in err, (out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 3 and all(line.startswith("kiosk: The stored setting ") for line in lines), err
    with Store.open(live) as store:
        settings = store.settings.get()
        assert (settings.idle_seconds, settings.name, settings.keep_copies_days) == (90, "Pain Clinic", 30)
        problems = store.settings.problems()
        assert [p.split()[3] for p in problems] == ["idle_seconds", "keep_copies_days", "name"] or \
            sorted(p.split()[3] for p in problems) == ["idle_seconds", "keep_copies_days", "name"]
        assert all(one_sentence(p) for p in problems)
    # every other command still works on it, with the same notice, never a traceback
    code, out, err = cli(capsys, live, "staff", "list")
    assert code == 0 and "Ann\tadmin" in out and err.count("kiosk: The stored setting") == 3


def test_an_8_kib_page_backup_restores(tmp_path, capsys, base, live):
    path = make_backup(tmp_path, base, [])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    conn.close()
    with Store.open(live) as store:
        live_page = store.conn.execute("PRAGMA page_size").fetchone()[0]
        restore(store, path, actor="Ann")
        assert [m.name for m in store.staff.list()] == ["Ann", "Nina", "Service"]
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == live_page
    code, out, err = cli(capsys, live, "restore", str(path))
    assert code == 0 and err == "", err


def _wal_backup(tmp_path: Path, base) -> Path:
    """A WAL-mode backup whose latest change (a staff member, Wes) is still only in its -wal file."""
    path = make_backup(tmp_path, base, name="wal.sqlite3")
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO staff (name, role, pin_hash, pin_salt, pin_params) "
                 "SELECT 'Wes', 'nurse', pin_hash, pin_salt, pin_params FROM staff WHERE name = 'Nina'")
    shutil.copyfile(path, tmp_path / "copy.sqlite3")  # what a file copy taken now holds: main file and -wal
    shutil.copyfile(f"{path}-wal", tmp_path / "copy.sqlite3-wal")
    conn.close()
    os.replace(tmp_path / "copy.sqlite3", path)
    os.replace(tmp_path / "copy.sqlite3-wal", f"{path}-wal")
    Path(f"{path}-shm").unlink(missing_ok=True)
    assert Path(f"{path}-wal").stat().st_size > 0
    return path


@pytest.mark.parametrize("door", ["restore()", "kiosk restore"])
def test_a_wal_mode_backup_restores_with_what_its_wal_holds_and_is_left_untouched(tmp_path, capsys, base, live, door):
    path = _wal_backup(tmp_path, base)
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    if door == "restore()":
        with Store.open(live) as store:
            restore(store, path, actor="Ann")
    else:
        code, out, err = cli(capsys, live, "restore", str(path))
        assert code == 0, err
    with Store.open(live) as store:
        assert "Wes" in [m.name for m in store.staff.list()]
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before  # no -shm made, nothing changed


# ---- file names and targets --------------------------------------------------------------------------------
NAMES = ["kiosk backup #2.sqlite3", "weekly?.sqlite3", "100% done.sqlite3", "sauvegarde été ñ 日本.sqlite3",
         "-leading-dash.sqlite3", "clinic#2025-01.sqlite3", "a?b=c&mode=rw.sqlite3"]


@pytest.mark.parametrize("name", NAMES)
def test_any_file_name_backs_up_and_restores(tmp_path, capsys, base, live, name):
    # a decoy that a URI cut at '#' or '?' would open instead (finding 13: "clinic" replaced the staff)
    decoy = tmp_path / "backups"
    decoy.mkdir()
    make_backup(tmp_path, base, ["DELETE FROM staff WHERE name != 'Service'"], name=name.split("#")[0].split("?")[0])
    listing = files(decoy)
    out = decoy / name
    with Store.open(live) as store:
        backup(store, out, actor="Ann")
        store.staff.set_disabled("Nina", True, "Ann")
        verify_file(out)
        restore(store, out, actor="Ann")
        assert [(m.name, m.disabled) for m in store.staff.list()] == [("Ann", False), ("Nina", False),
                                                                      ("Service", False)]
    assert files(decoy) == sorted({*listing, str(out)})  # nothing else created beside it
    code, o, err = cli(capsys, live, "backup", str(out))
    assert code == 0, err
    code, o, err = cli(capsys, live, "restore", str(out))
    assert code == 0 and "Restored" in o, err


def test_kiosk_restore_in_a_subprocess_takes_odd_names_and_refuses_hostile_files(tmp_path, base, live):
    good = tmp_path / "backups" / "weekly #3?.sqlite3"
    make_backup(tmp_path, base, name=good.name)
    bad = make_backup(tmp_path, base, ["CREATE TRIGGER reset_failed_pins AFTER UPDATE ON staff BEGIN SELECT 1; END"],
                      name="-evil 100%.sqlite3")
    env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000"}
    env.pop("KIOSK_DB", None)
    run = lambda *a: subprocess.run([sys.executable, "main.py", "--db", str(live), *a, "--as", "Ann"], cwd=ROOT,
                                    env=env, input=f"{PIN}\n", capture_output=True, text=True, timeout=120)
    r = run("restore", str(good))
    assert r.returncode == 0 and "Restored" in r.stdout, r.stderr
    r = run("restore", str(bad))
    assert r.returncode == 2 and r.stderr.startswith("kiosk: The backup's schema differs") and \
        "reset_failed_pins" in r.stderr and r.stderr.count("\n") == 1, r.stderr


def _target_kinds(live: Path, tmp_path: Path) -> dict[str, Path]:
    link = tmp_path / "link-to-live.sqlite3"
    link.symlink_to(live)
    hard = tmp_path / "hard-link.sqlite3"
    os.link(live, hard)
    return {"the file": live, "its -wal": Path(f"{live}-wal"), "its -shm": Path(f"{live}-shm"),
            "a symlink to it": link, "a hard link to it": hard,
            "a relative path to it": Path(os.path.relpath(live)),
            "a path through ..": live.parent / ".." / live.parent.name / live.name}


def test_the_live_database_is_refused_as_a_backup_target_in_one_sentence(tmp_path, capsys, live):
    with Store.open(live) as store:
        store.staff.add("Zed", "nurse", "583914", actor="Ann")  # something only in the WAL so far
        before = state(live)
        for kind, target in _target_kinds(live, tmp_path).items():
            with pytest.raises(StoreError) as info:
                backup(store, target, actor="Ann")
            assert "live database" in str(info.value) and one_sentence(str(info.value)), kind
            code, out, err = cli(capsys, live, "backup", str(target))
            assert code == 2 and "live database" in err and one_sentence(err[len("kiosk: "):]), (kind, err)
        assert unchanged_but_audited(before, state(live))
        assert "Zed" in [m.name for m in store.staff.list()]
    with Store.open(live) as store:
        assert "Zed" in [m.name for m in store.staff.list()]  # nothing lost after a checkpoint and reopen


def test_the_live_database_is_refused_as_a_restore_source(tmp_path, capsys, live):
    with Store.open(live) as store:
        with pytest.raises(StoreError, match="live database itself"):
            restore(store, live, actor="Ann")


def test_relative_names_that_look_like_uris_or_options_work_from_the_command_line(tmp_path, base, live):
    folder = tmp_path / "cwd"
    folder.mkdir()
    env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000", "PYTHONPATH": str(ROOT)}
    env.pop("KIOSK_DB", None)
    main_py = str(ROOT / "main.py")
    for name in ("file:weekly.sqlite3", "-weekly.sqlite3", "file:x?mode=memory.sqlite3"):
        argv = ["--", name] if name.startswith("-") else [name]
        r = subprocess.run([sys.executable, main_py, "--db", str(live), "backup", "--as", "Ann", *argv], cwd=folder,
                           env=env, input=f"{PIN}\n", capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert (folder / name).is_file() and (folder / name).read_bytes().startswith(b"SQLite format 3\x00")
        r = subprocess.run([sys.executable, main_py, "--db", str(live), "restore", "--as", "Ann", *argv],
                           cwd=folder, env=env, input=f"{PIN}\n", capture_output=True, text=True, timeout=120)
        assert r.returncode == 0 and "Restored" in r.stdout, r.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["file:weekly.sqlite3", "-weekly.sqlite3", "file:x?mode=memory.sqlite3"])


def test_the_read_only_fallback_refuses_a_restore_in_one_sentence(tmp_path, base):
    from kiosk.services import open_store_or_fallback
    from kiosk.store import ReadOnlyError

    bad = tmp_path / "kiosk.sqlite3"
    bad.write_bytes(b"noise" * 1000)
    store, problem = open_store_or_fallback(bad)
    with pytest.raises(ReadOnlyError) as info:
        restore(store, make_backup(tmp_path, base), actor="Ann")
    assert one_sentence(str(info.value)) and "kiosk restore" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "kiosk.sqlite3"]
    store.close()


def test_a_refused_restore_onto_a_database_that_does_not_exist_yet_creates_nothing(tmp_path, capsys, base):
    path = make_backup(tmp_path, base, ["DROP TRIGGER audit_log_no_delete"], name="weekly #1.sqlite3")
    db = tmp_path / "new" / "kiosk.sqlite3"
    code, out, err = cli(capsys, db, "restore", str(path))
    assert code == 2 and "audit_log_no_delete is missing" in err
    assert not db.parent.exists()
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_folder_a_pipe_or_a_missing_file_is_one_sentence(tmp_path, capsys, live):
    (tmp_path / "a folder.sqlite3").mkdir()
    os.mkfifo(tmp_path / "a pipe.sqlite3")
    for name, words in (("a folder.sqlite3", "is a folder"), ("a pipe.sqlite3", "not a regular file"),
                        ("missing.sqlite3", "There is no backup file")):
        code, out, err = cli(capsys, live, "restore", str(tmp_path / name))
        assert code == 2 and words in err and one_sentence(err[len("kiosk: "):]), err


def test_a_restore_that_cannot_get_the_write_lock_is_one_sentence_and_changes_nothing(tmp_path, base, live,
                                                                                       monkeypatch):
    import kiosk.store.db as db

    path = make_backup(tmp_path, base)
    before = state(live)
    other = sqlite3.connect(live, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another kiosk holds the write lock
    try:
        monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
        store = Store.open(live)
        try:
            with pytest.raises(StoreError) as info:
                restore(store, path, actor="Ann")
        finally:
            store.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "busy" in str(info.value) and one_sentence(str(info.value))
    assert state(live) == before
    assert sorted(p.name for p in live.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["kiosk.sqlite3"]

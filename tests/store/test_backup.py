"""Backup and restore: consistent copies; a damaged file is refused and the live database keeps working."""
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.store import CorruptError, Store
from kiosk.store.backup import backup, restore, verify_file

ROOT = Path(__file__).resolve().parents[2]


def test_backup_then_restore_brings_back_the_old_content(store, tmp_path):
    out = backup(store, tmp_path / "backup.sqlite3")
    verify_file(out)
    live = store.handouts.get_published("dry-needling", "en")
    store.handouts.publish(live.handout.with_changes(summary="Changed after the backup."), "admin")
    aside = restore(store, out)
    assert store.handouts.get_published("dry-needling", "en").handout.summary == live.handout.summary
    assert aside.exists()  # the database as it was before the restore is kept
    with Store.open(aside) as before:
        assert before.handouts.get_published("dry-needling", "en").handout.summary == "Changed after the backup."
    assert store.audit.entries(kind="restore")


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_corrupt_restore_is_refused_and_the_live_database_keeps_working(store, tmp_path, content):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    before = store.handouts.count()
    with pytest.raises(CorruptError):
        restore(store, bad)
    assert store.handouts.count() == before
    assert store.search.search("knee", "en")


def test_a_truncated_backup_is_refused(store, tmp_path):
    out = backup(store, tmp_path / "backup.sqlite3")
    data = out.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptError):
        verify_file(out)


def test_a_foreign_sqlite_file_is_not_a_kiosk_database(tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    with pytest.raises(CorruptError, match="not a kiosk database"):
        verify_file(other)


WRITER = textwrap.dedent("""
    import sys
    from kiosk.store import Store
    store = Store.open(sys.argv[1])
    print("ready", flush=True)
    for i in range(400):
        store.audit.record("writer", "settings", n=i)
""")


def test_a_backup_taken_while_another_process_writes_is_consistent(store, tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store.path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    copies = [backup(store, tmp_path / f"b{i}.sqlite3") for i in range(3)]
    proc.wait(timeout=120)
    for copy in copies:
        verify_file(copy)
        conn = sqlite3.connect(copy)
        numbers = [r[0] for r in conn.execute(
            "SELECT json_extract(detail, '$.n') FROM audit_log WHERE actor = 'writer' ORDER BY id")]
        conn.close()
        assert numbers == list(range(len(numbers)))  # a prefix: no gaps, nothing half-written

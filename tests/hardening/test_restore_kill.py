"""SIGKILL during a restore: the database is the old one or the restored one, and no audit entry is lost.

A child process opens the live database and restores a backup. `kiosk.store.restore._step` marks named points of
the restore; the child replaces it with one that prints the point's name and, at the chosen one, waits to be
killed. Other rounds kill after a delay measured from the start instead, wherever the restore then is. After
each kill: the file passes its integrity check, opens with Store.open (schema and triggers whole), every audit
entry the live database held is still there, and the content is wholly the old or wholly the restored one,
with the restore's audit entry exactly when the content is the restored one.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hardening.support import ROOT
from kiosk.services import open_store
from kiosk.store import Store
from kiosk.store.backup import backup

CHILD = textwrap.dedent("""
    import sys, time
    import kiosk.store.restore as b
    from kiosk.store import Store

    live, source, target, mode = sys.argv[1:5]

    def step(name):
        print("at", name, flush=True)
        if name == target:
            time.sleep(120)

    b._step = step
    if mode == "unusable":
        print("ready", flush=True)
        b.restore_over_unusable(live, source, actor="killer", reason="test")
    else:
        store = Store.open(live)
        print("ready", flush=True)
        b.restore(store, source, actor="killer")
    print("done", flush=True)
    time.sleep(120)
""")
STEPS = ["prepared", "aside", "rebuilt", "before-commit", "committed"]
# the restore takes some tens of milliseconds here: these land before, inside and after its transaction
DELAYS = [0.0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.4]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """(live bytes, backup bytes, live audit rows): the backup has Ann; the live database also has Zed and 40
    more audit entries, some dated before the backup's newest (a clock stepped back)."""
    folder = tmp_path_factory.mktemp("kill")
    store = open_store(folder / "kiosk.sqlite3")
    store.staff.add("Ann", "admin", "482913")
    backup(store, folder / "backup.sqlite3", actor="Ann")
    store.staff.add("Zed", "nurse", "583914", actor="Ann")
    for i in range(40):
        store.audit.record("Ann", "print", n=i)
    store.conn.execute("DROP TRIGGER audit_log_no_update")  # a clock stepped back, for the entries that follow
    store.conn.execute("UPDATE audit_log SET ts = '2000-01-01T00:00:00.000Z' WHERE kind = 'print' AND id % 2 = 0")
    store.close()
    conn = sqlite3.connect(folder / "kiosk.sqlite3")
    from kiosk.store.migrations import V1
    conn.execute(V1[V1.index("CREATE TRIGGER audit_log_no_update"):V1.index("CREATE TRIGGER audit_log_no_delete")])
    conn.commit()
    rows = conn.execute("SELECT ts, actor, kind, detail FROM audit_log ORDER BY id").fetchall()
    conn.close()
    return (folder / "kiosk.sqlite3").read_bytes(), (folder / "backup.sqlite3").read_bytes(), rows


def run_and_kill(live: Path, source: Path, target: str, delay: float | None, tmp_path: Path,
                 mode: str = "restore") -> list[str]:
    env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000"}
    log = tmp_path / "child-stderr.txt"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(live), str(source), target, mode],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
    seen = []
    try:
        assert proc.stdout.readline().strip() == "ready", log.read_text()
        if delay is None:
            while True:
                line = proc.stdout.readline()
                assert line, f"the child ended before {target}: {log.read_text()[-2000:]}"
                seen.append(line.split()[-1])
                if seen[-1] == target:
                    break
        else:
            import time
            time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    return seen


def check_after_kill(live: Path, live_rows: list[tuple], must: str | None) -> str:
    """Integrity, every live audit entry, and all-old or all-restored; returns which."""
    conn = sqlite3.connect(live)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = conn.execute("SELECT ts, actor, kind, detail FROM audit_log ORDER BY id").fetchall()
        staff = sorted(r[0] for r in conn.execute("SELECT name FROM staff"))
    finally:
        conn.close()
    remaining = list(rows)
    for entry in live_rows:
        assert entry in remaining, f"live audit entry lost: {entry}"
        remaining.remove(entry)
    restores = [r for r in rows if r[1] == "killer" and r[2] == "restore"]
    if staff == ["Ann", "Zed"]:
        which = "old"
        assert restores == [] and remaining == []
    else:
        which = "restored"
        assert staff == ["Ann"] and len(restores) == 1, (staff, restores)
        assert remaining == restores  # the backup's entries are all live ones too; only the restore entry is new
    with Store.open(live) as store:  # schema and triggers whole: it opens
        assert store.audit.entries(limit=1)
    assert must in (None, which), f"expected the {must} database, found the {which} one"
    return which


@pytest.mark.parametrize("target", STEPS)
def test_a_kill_at_each_step_of_a_restore_leaves_old_or_restored_and_every_audit_entry(tmp_path, files, target):
    live, source = tmp_path / "kiosk.sqlite3", tmp_path / "backup.sqlite3"
    live.write_bytes(files[0])
    source.write_bytes(files[1])
    seen = run_and_kill(live, source, target, None, tmp_path)
    assert seen[-1] == target
    must = {"prepared": "old", "aside": "old", "rebuilt": "old", "before-commit": "old", "committed": "restored"}
    check_after_kill(live, files[2], must[target])
    assert source.read_bytes() == files[1]  # the backup file is never changed


def test_kills_at_random_moments_leave_old_or_restored_and_every_audit_entry(tmp_path, files):
    rng = random.Random(20261130)
    outcomes = []
    for i, delay in enumerate(DELAYS + [rng.uniform(0, 0.3) for _ in range(5)]):
        folder = tmp_path / f"round-{i}"
        folder.mkdir()
        live, source = folder / "kiosk.sqlite3", folder / "backup.sqlite3"
        live.write_bytes(files[0])
        source.write_bytes(files[1])
        run_and_kill(live, source, "never", delay, folder)
        outcomes.append(check_after_kill(live, files[2], None))
    assert "old" in outcomes  # the early kills land before the commit; a round that never lands proves little


@pytest.mark.parametrize("target", ["prepared", "aside"])
def test_a_kill_while_restoring_over_an_unusable_database_leaves_it_or_the_restored_one(tmp_path, files, target):
    live, source = tmp_path / "kiosk.sqlite3", tmp_path / "backup.sqlite3"
    unusable = b"This was a database once; now it is noise.\n" * 500
    live.write_bytes(unusable)
    source.write_bytes(files[1])
    seen = run_and_kill(live, source, target, None, tmp_path, mode="unusable")
    assert seen[-1] == target
    assert live.read_bytes() == unusable  # both steps come before the one rename: the old file is still there
    kept = list(tmp_path.glob("kiosk.unusable-*"))
    assert all(p.read_bytes() == unusable for p in kept)
    # a second try, not killed, finishes and audits it
    env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000"}
    r = subprocess.run([sys.executable, "main.py", "--db", str(live), "restore", str(source)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "unusable" in r.stdout, r.stderr
    with Store.open(live) as store:
        entry = store.audit.entries(kind="restore", limit=1)[0]
        assert entry.actor.startswith("os-user ") and "damaged" in entry.detail["replaced_unusable"]
        assert [m.name for m in store.staff.list()] == ["Ann"]


WRITER = textwrap.dedent("""
    import sys
    from kiosk.store import Store
    store = Store.open(sys.argv[1])
    n = 0
    while True:
        store.audit.record("writer", "print", n=n)
        print(n, flush=True)
        n += 1
""")


def test_audit_entries_another_process_writes_during_a_restore_are_all_kept(tmp_path, files):
    """The kiosk writes while `kiosk restore` runs: every entry it saw committed is in the restored database."""
    live, source = tmp_path / "kiosk.sqlite3", tmp_path / "backup.sqlite3"
    live.write_bytes(files[0])
    source.write_bytes(files[1])
    env = {**os.environ, "KIOSK_PIN_ITERATIONS": "2000"}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(live)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env=env)
    committed = []
    try:
        while len(committed) < 30:
            committed.append(int(proc.stdout.readline()))
        with Store.open(live) as store:
            from kiosk.store.backup import restore
            restore(store, source, actor="Ann")
        for _ in range(30):  # the writer carries on into the restored database
            committed.append(int(proc.stdout.readline()))
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    conn = sqlite3.connect(live)
    found = [r[0] for r in conn.execute(
        "SELECT json_extract(detail, '$.n') FROM audit_log WHERE actor = 'writer' ORDER BY id")]
    staff = sorted(r[0] for r in conn.execute("SELECT name FROM staff"))
    conn.close()
    assert staff == ["Ann"]  # restored
    assert set(committed) <= set(found) and found == sorted(found), "an entry the writer committed was lost"


def test_a_killed_restores_work_folder_is_cleared_by_a_later_restore_once_stale(tmp_path, files):
    live, source = tmp_path / "kiosk.sqlite3", tmp_path / "backup.sqlite3"
    live.write_bytes(files[0])
    source.write_bytes(files[1])
    run_and_kill(live, source, "prepared", None, tmp_path)
    left = list(tmp_path.glob(".kiosk.sqlite3.restore-*"))
    assert len(left) == 1 and (left[0] / "backup.sqlite3").is_file()  # a copy of the backup, PIN hashes and all
    from kiosk.store.restore import STALE_WORK_SECONDS, restore
    with Store.open(live) as store:
        restore(store, source, actor="Ann")
        assert left[0].exists()  # young: maybe another restore's, so kept
        old = left[0].stat().st_mtime - STALE_WORK_SECONDS - 60
        os.utime(left[0], (old, old))
        restore(store, source, actor="Ann")
    assert list(tmp_path.glob(".kiosk.sqlite3.restore-*")) == []

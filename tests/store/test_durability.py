"""Crashes and concurrency: a SIGKILL mid-import, two writers at once, the append-only audit log."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers.handouts import sample_handout
from kiosk.content.source import dump
from kiosk.store import Store

ROOT = Path(__file__).resolve().parents[2]


def make_pack(folder: Path, count: int, generation: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        h = sample_handout(slug=f"gen-{i:04d}", title=f"Generated {i}", summary=f"Generation {generation}. It is short.")
        (folder / f"gen-{i:04d}.en.toml").write_text(dump(h), encoding="utf-8")


IMPORTER = textwrap.dedent("""
    import sys
    from kiosk.store import Store
    from kiosk.services import import_folder
    store = Store.open(sys.argv[1])
    print("ready", flush=True)
    generation = 0
    while True:
        generation += 1
        import_folder(store, sys.argv[2 + generation % 2], actor="soak")
""")


def test_sigkill_during_imports_leaves_old_or_new_content_never_a_mix(tmp_path):
    db = tmp_path / "k.sqlite3"
    make_pack(tmp_path / "a", 150, 1)
    make_pack(tmp_path / "b", 150, 2)
    Store.open(db).close()
    rounds = int(os.environ.get("KIOSK_SOAK_KILLS", "5"))
    rng = random.Random(1234)
    for _ in range(rounds):
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(db), str(tmp_path / "a"), str(tmp_path / "b")],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        summaries = {
            r[0] for r in conn.execute(
                """SELECT json_extract(v.content, '$.summary') FROM handouts h JOIN handout_versions v
                   ON v.handout_id = h.id WHERE v.version = (SELECT MAX(version) FROM handout_versions
                   WHERE handout_id = h.id)""")
        }
        count = conn.execute("SELECT COUNT(*) FROM handouts").fetchone()[0]
        conn.close()
        assert count in (0, 150)
        assert len(summaries) <= 1, "a killed import left some handouts at one generation and some at another"


WRITER = textwrap.dedent("""
    import sys
    from kiosk.store import Store
    store = Store.open(sys.argv[1])
    for i in range(60):
        store.audit.record(sys.argv[2], "settings", n=i)
    print("done")
""")


def test_two_writers_at_once_both_succeed(tmp_path):
    db = tmp_path / "k.sqlite3"
    Store.open(db).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), name], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("one", "two")]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
    with Store.open(db) as store:
        assert len(store.audit.entries(actor="one")) == 60
        assert len(store.audit.entries(actor="two")) == 60


def test_the_audit_log_rejects_update_and_delete(store):
    store.audit.record("nurse", "print", slug="x")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM audit_log")
    assert store.audit.entries(kind="print")[0].actor == "nurse"

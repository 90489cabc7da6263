"""`kiosk migrate-to-server URL`: a single kiosk's SQLite database (handouts with their history, staff with their
PINs, settings, audit log) goes into an empty clinic server whole, checked table by table, or not at all."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from kiosk.app import App, NotAllowed, as_app
from kiosk.app.server import migrate_to_server
from kiosk.services import open_server_store
from kiosk.store.pg_copy import TABLES, digest

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
ADMIN_PIN, NURSE_PIN = "482913", "735146"


@pytest.fixture
def kiosk_file(tmp_path):
    """A kiosk that has lived a little: a handout edited twice and a draft open, a nurse locked out once,
    settings saved, a print recorded."""
    path = tmp_path / "kiosk.sqlite3"
    with App.open(path) as app:
        app.staff.create_first_admin("Ana Admin", ADMIN_PIN)
        admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
        app.staff.add(admin, "Nora Nurse", "nurse", NURSE_PIN)
        store = app._store
        knee = store.handouts.get_published("knee-joint-injection", "en")
        app.handouts.publish(admin, knee.handout.with_changes(title="Knee shot"),
                             expected=(knee.version, knee.created_at))
        again = store.handouts.get_published("knee-joint-injection", "en")
        app.handouts.publish(admin, again.handout.with_changes(title="Knee joint shot"),
                             expected=(again.version, again.created_at))
        app.handouts.save_draft(admin, again.handout.with_changes(title="Knee draft"),
                                expected=store.handouts.latest("knee-joint-injection", "en") and
                                (store.handouts.latest("knee-joint-injection", "en").version,
                                 store.handouts.latest("knee-joint-injection", "en").created_at))
        with pytest.raises(Exception):
            app.staff.sign_in("Nora Nurse", "000000")
        app.settings.update(admin, idle_seconds=75, name="Test Pain Clinic")
        store.audit.record("Nora Nurse", "print", slug="knee-joint-injection", version=3, outcome="printed")
    return path


def kiosk(db, *args, stdin=""):
    env = {**os.environ, "KIOSK_DB": str(db), "KIOSK_PIN_ITERATIONS": "2000"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_the_command_copies_everything_and_the_server_then_works_as_that_kiosk(kiosk_file, pg_server, tmp_path):
    url = pg_server.new_database()
    with App.open(kiosk_file) as app:
        before = {t: digest(map(tuple, app._store.conn.execute(
            f"SELECT {', '.join(TABLES[t][0])} FROM {t} ORDER BY {TABLES[t][1]}"))) for t in TABLES}
        history = [(v.version, v.state, v.handout.title) for v in app._store.handouts.versions(
            "knee-joint-injection", "en")]
    r = kiosk(kiosk_file, "migrate-to-server", url, "--as", "Ana Admin", stdin=f"{ADMIN_PIN}\n")
    assert r.returncode == 0, r.stderr
    assert "checked every table" in r.stdout and "handout_versions:" in r.stdout
    assert "kiosk-test-password" not in r.stdout + r.stderr
    server = open_server_store(url, cache=tmp_path / "cache.sqlite3")
    try:
        app = as_app(server)
        assert [(v.version, v.state, v.handout.title) for v in server.handouts.versions(
            "knee-joint-injection", "en")] == history
        assert history[-1][1] == "draft" and history[-2][2] == "Knee joint shot"
        assert app.staff.sign_in("Nora Nurse", NURSE_PIN).role == "nurse"  # the same PIN hash works there
        assert server.settings.get().idle_seconds == 75 and server.settings.get().name == "Test Pain Clinic"
        # the server's log: the kiosk's whole log (same ids), then the move, then the sign-in just made
        kinds = [e.kind for e in reversed(server.audit.entries())]
        assert kinds[:before["audit_log"][0]] and "migrate_to_server" in kinds and kinds[-1] == "sign_in"
        assert server.handouts.get_published("knee-joint-injection", "en").handout.title == "Knee joint shot"
        # new rows continue after the copied ids
        app.staff.add(app.staff.sign_in("Ana Admin", ADMIN_PIN), "Ned Nurse", "nurse", "915372")
    finally:
        server.close()
    with psycopg.connect(url) as pg:
        ids = [r[0] for r in pg.execute("SELECT id FROM audit_log ORDER BY id")]
        assert len(ids) == len(set(ids))
        # the copied part is identical to the file, row for row
        got = digest(pg.execute("SELECT id, ts, actor, kind, detail, device FROM audit_log WHERE id <= %s "
                                "ORDER BY id", (before["audit_log"][0],)).fetchall())
        assert got == before["audit_log"]
    with App.open(kiosk_file) as app:  # the kiosk's own file: left as it was, plus one entry saying where it went
        assert app._store.audit.entries(kind="migrate_to_server")


def test_a_server_that_already_holds_a_kiosk_is_refused_and_left_alone(kiosk_file, pg_server):
    url = pg_server.new_database()
    assert kiosk(kiosk_file, "migrate-to-server", url, "--as", "Ana Admin", stdin=f"{ADMIN_PIN}\n").returncode == 0
    with psycopg.connect(url) as pg:
        count = pg.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    r = kiosk(kiosk_file, "migrate-to-server", url, "--as", "Ana Admin", stdin=f"{ADMIN_PIN}\n")
    assert r.returncode != 0 and "already holds a kiosk" in r.stderr and "nothing was copied" in r.stderr
    assert "Traceback" not in r.stderr
    with psycopg.connect(url) as pg:
        assert pg.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count


def test_only_an_admin_may_move_the_kiosk(kiosk_file, pg_server):
    url = pg_server.new_database()
    with App.open(kiosk_file) as app:
        nurse = app.staff.sign_in("Nora Nurse", NURSE_PIN)
        with pytest.raises(NotAllowed):
            migrate_to_server(app, nurse, url)
    with psycopg.connect(url) as pg:
        assert pg.execute("SELECT to_regclass('handouts')").fetchone()[0] is None


def test_a_server_that_is_down_is_one_sentence(kiosk_file, tmp_path):
    r = kiosk(kiosk_file, "migrate-to-server", f"postgresql://kiosk:pw@/kiosk?host={tmp_path}", "--as", "Ana Admin",
              stdin=f"{ADMIN_PIN}\n")
    assert r.returncode != 0 and "The clinic server cannot be reached" in r.stderr and "Traceback" not in r.stderr


def test_a_backup_of_the_server_is_a_kiosk_backup_file_that_moves_back_whole(kiosk_file, pg_server, tmp_path):
    """`kiosk backup` on a device of the server: one consistent file of the whole site, which the single-kiosk
    checks accept and which a new empty server takes back table for table. Restoring over the live server from
    a device is refused in one sentence."""
    from kiosk.app import StoreError
    from kiosk.app.backups import verify_file

    url = pg_server.new_database()
    assert kiosk(kiosk_file, "migrate-to-server", url, "--as", "Ana Admin", stdin=f"{ADMIN_PIN}\n").returncode == 0
    server = open_server_store(url, cache=tmp_path / "cache.sqlite3")
    try:
        app = as_app(server)
        admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
        out = app.backups.backup(admin, tmp_path / "site.sqlite3")
        assert oct(out.stat().st_mode & 0o777) == "0o600"
        verify_file(out)
        with pytest.raises(StoreError, match="not restored over the clinic server"):
            app.backups.restore(admin, out)
        with psycopg.connect(url) as pg:
            on_server = {t: digest(pg.execute(f"SELECT {', '.join(TABLES[t][0])} FROM {t} ORDER BY {TABLES[t][1]}"))
                         for t in TABLES}
    finally:
        server.close()
    with App.open(out) as restored:
        in_file = {t: digest(map(tuple, restored._store.conn.execute(
            f"SELECT {', '.join(TABLES[t][0])} FROM {t} ORDER BY {TABLES[t][1]}"))) for t in TABLES}
    # the file holds the server as it was when the snapshot was read (its own backup entry came after)
    assert {t: v for t, v in in_file.items() if t != "audit_log"} == \
        {t: v for t, v in on_server.items() if t != "audit_log"}
    assert in_file["audit_log"][0] == on_server["audit_log"][0] - 1
    second = pg_server.new_database()
    assert kiosk(out, "migrate-to-server", second, "--as", "Ana Admin", stdin=f"{ADMIN_PIN}\n").returncode == 0

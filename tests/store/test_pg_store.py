"""The shared clinic server (kiosk.store.pg_store) against a real PostgreSQL 15: the same rules as SQLite (final
published versions, an append-only audit log, numbered atomic migrations), one sentence for every failure, several
devices seeing each other's changes without a restart, and a server outage that blanks no patient screen and loses
no audit entry. Each device is a PgStore with its own cache file, as on separate machines."""
from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest
from helpers.pg_server import wait_until

from kiosk import config
from kiosk.app import as_app
from kiosk.services import open_server_store
from kiosk.store.db import CannotOpenError, CorruptError, NewerSchemaError
from kiosk.store.pg_conn import ServerAuthError, ServerDownError, rewrite
from kiosk.store.pg_migrations import MIGRATIONS, migrate
from kiosk.store.pg_store import PgStore

pytestmark = pytest.mark.postgres
ADMIN_PIN, NURSE_PIN = "482913", "735146"


@pytest.fixture
def url(pg_server):
    return pg_server.new_database()


def device(url, tmp_path, name: str, monkeypatch=None):
    """One device: its own cache file; polls for NOTIFY on every read (tests wait with a bound, never a timer)."""
    store = open_server_store(url, cache=tmp_path / f"{name}-cache.sqlite3")
    store.poll_seconds = 0
    store.retry_seconds = 0
    return store


@pytest.fixture
def first(url, tmp_path):
    store = device(url, tmp_path, "a")
    app = as_app(store)
    app.staff.create_first_admin("Ana Admin", ADMIN_PIN)
    yield store
    store.close()


def raw(url):
    return psycopg.connect(url, autocommit=True)


# ---- the same rules as SQLite ---------------------------------------------------------------------------------
@pytest.mark.parametrize("statement, message", [
    ("UPDATE handout_versions SET title = 'x' WHERE state = 'published'", "cannot be changed"),
    ("DELETE FROM handout_versions WHERE state = 'published'", "cannot be deleted"),
    ("TRUNCATE handout_versions CASCADE", "cannot be deleted"),
    ("UPDATE audit_log SET actor = 'x'", "append-only"),
    ("DELETE FROM audit_log", "append-only"),
    ("TRUNCATE audit_log", "append-only"),
])
def test_published_versions_and_the_audit_log_cannot_be_changed_on_the_server(first, url, statement, message):
    with raw(url) as conn, pytest.raises(psycopg.errors.RaiseException, match=message):
        conn.execute(statement)
    # and through the store's own connection it is sqlite3's IntegrityError, as on a single kiosk
    with pytest.raises(sqlite3.IntegrityError, match=message):
        first.conn.execute(statement)


def test_the_server_schema_has_the_same_columns_as_sqlite_and_staff_names_ignore_case(first):
    from kiosk.store.pg_migrations import differences

    assert differences(first.conn.ensure()) == []
    assert first.staff.get("ana admin").name == "Ana Admin"
    with pytest.raises(Exception, match="already a staff member"):
        first.staff.add("ANA ADMIN", "nurse", NURSE_PIN, actor="Ana Admin")


def test_a_failing_migration_leaves_the_version_and_tables_as_they_were(url):
    with raw(url) as pg:
        assert migrate(pg, "test", MIGRATIONS[:1]) == 1
        broken = ["ALTER TABLE audit_log ADD COLUMN device TEXT; SELECT no_such_function();"]
        with pytest.raises(psycopg.Error):
            migrate(pg, "test", MIGRATIONS[:1] + broken)
        assert pg.execute("SELECT version FROM kiosk_schema").fetchone()[0] == 1
        cols = [r[0] for r in pg.execute("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = 'audit_log'")]
        assert "device" not in cols
        assert migrate(pg, "test") == len(MIGRATIONS)


def test_two_devices_starting_on_an_empty_server_seed_it_once(url, tmp_path):
    a, b = device(url, tmp_path, "a"), device(url, tmp_path, "b")
    try:
        assert a.handouts.count() == b.handouts.count() > 0
        with raw(url) as pg:
            assert pg.execute("SELECT count(*) FROM handout_versions").fetchone()[0] == a.handouts.count()
    finally:
        a.close(), b.close()


# ---- one sentence for every failure ---------------------------------------------------------------------------
def test_a_server_that_is_not_there_is_one_sentence(tmp_path):
    bad = f"postgresql://kiosk:pw@/kiosk?host={tmp_path}"  # no server listens in this folder
    with pytest.raises(ServerDownError) as caught:
        PgStore.open(bad, tmp_path / "cache.sqlite3")
    text = str(caught.value)
    assert text.startswith("The clinic server cannot be reached (database kiosk on this computer)")
    assert text.count(". ") == 0 and "pw" not in text


def test_a_wrong_password_is_one_sentence_that_never_shows_it(pg_server, url, tmp_path):
    wrong = url.replace("kiosk-test-password", "Wrong-Secret-9")
    with pytest.raises(ServerAuthError) as caught:
        PgStore.open(wrong, tmp_path / "cache.sqlite3")
    assert "refused this device's login" in str(caught.value) and "Wrong-Secret-9" not in str(caught.value)
    assert isinstance(caught.value, CannotOpenError)


def test_a_missing_database_is_one_sentence(pg_server, tmp_path):
    with pytest.raises(CannotOpenError, match="has no such database"):
        PgStore.open(pg_server.url("no_such_db"), tmp_path / "cache.sqlite3")


def test_another_programs_database_is_refused_untouched(url, tmp_path):
    with raw(url) as pg:
        pg.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(CorruptError, match="another program's tables"):
        PgStore.open(url, tmp_path / "cache.sqlite3")
    with raw(url) as pg:
        assert pg.execute("SELECT to_regclass('kiosk_schema')").fetchone()[0] is None


def test_a_newer_schema_is_refused(first, url, tmp_path):
    with raw(url) as pg:
        pg.execute("UPDATE kiosk_schema SET version = 99")
    with pytest.raises(NewerSchemaError, match="newer version of the kiosk"):
        PgStore.open(url, tmp_path / "other-cache.sqlite3")


@pytest.mark.parametrize("sabotage, named", [
    ("DROP TRIGGER audit_log_no_delete ON audit_log", "trigger audit_log_no_delete is missing"),
    ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update", "audit_log_no_update is switched off"),
    ("ALTER TABLE staff ADD COLUMN backdoor int", "table staff has an extra column backdoor"),
])
def test_a_server_whose_rules_were_removed_is_refused_by_name(first, url, tmp_path, sabotage, named):
    with raw(url) as pg:
        pg.execute(sabotage)
    with pytest.raises(CorruptError, match=named):
        PgStore.open(url, tmp_path / "other-cache.sqlite3")


def test_kiosk_db_may_name_a_server_in_the_environment_or_the_file(monkeypatch, url, tmp_path):
    monkeypatch.setenv("KIOSK_DB", url)
    assert config.get("database") == url
    toml = tmp_path / "kiosk.toml"
    toml.write_text(f'database = "{url}"\n')
    monkeypatch.delenv("KIOSK_DB")
    monkeypatch.setenv("KIOSK_CONFIG", str(toml))
    assert config.get("database") == url


# ---- one library, staff list, settings and audit log for the site --------------------------------------------
def test_a_second_device_sees_a_publish_a_new_nurse_and_a_settings_change_without_a_restart(
        first, url, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DEVICE_NAME", "kiosk-b")
    b = device(url, tmp_path, "b")
    try:
        a_app, b_app = as_app(first), as_app(b)
        before = b.stamp()
        assert [h.handout.title for h in b.handouts.published("en")]
        monkeypatch.setenv("KIOSK_DEVICE_NAME", "station-a")
        admin = a_app.staff.sign_in("Ana Admin", ADMIN_PIN)
        knee = first.handouts.get_published("knee-joint-injection", "en")
        a_app.handouts.publish(admin, knee.handout.with_changes(title="Knee shot"), expected=(knee.version,
                                                                                             knee.created_at))
        a_app.staff.add(admin, "Nora Nurse", "nurse", NURSE_PIN)
        a_app.settings.update(admin, idle_seconds=45)
        # device B: nothing restarted; its next reads see all three (NOTIFY, then the cache refresh)
        assert wait_until(lambda: b.handouts.get_published("knee-joint-injection", "en").handout.title == "Knee shot")
        assert b.stamp() != before
        assert [h.slug for h in b.search.search("knee shot")][0] == "knee-joint-injection"
        assert b.settings.get().idle_seconds == 45
        monkeypatch.setenv("KIOSK_DEVICE_NAME", "kiosk-b")
        assert b_app.staff.sign_in("Nora Nurse", NURSE_PIN).role == "nurse"
        devices = {(e.kind, e.device) for e in first.audit.entries()}
        assert ("publish", "station-a") in devices and ("sign_in", "kiosk-b") in devices
    finally:
        b.close()


# ---- the server's plug pulled ---------------------------------------------------------------------------------
def test_an_outage_keeps_patient_screens_working_and_loses_no_audit_entry(first, url, pg_server, tmp_path):
    from kiosk.printing.record import SheetInfo, record_saved

    app = as_app(first)
    app.staff.add(app.staff.sign_in("Ana Admin", ADMIN_PIN), "Nora Nurse", "nurse", NURSE_PIN)
    titles = [h.handout.title for h in first.handouts.published("en")]
    hits = [h.slug for h in first.search.search("knee")]
    knee = first.handouts.get_published("knee-joint-injection", "en")
    info = SheetInfo("knee-joint-injection", knee.version, "en", knee.handout.title)
    pg_server.stop()
    try:
        # patients: the same library and search, from the cache
        assert [h.handout.title for h in first.handouts.published("en")] == titles
        assert [h.slug for h in first.search.search("knee")] == hits
        assert first.settings.get().idle_seconds > 0
        # staff: one sentence, nothing half-written
        with pytest.raises(ServerDownError, match=r"^The clinic server cannot be reached \(.*\); the handouts"):
            app.staff.sign_in("Nora Nurse", NURSE_PIN)
        # a print made meanwhile: kept in the outbox beside the cache, without patient data
        said = record_saved(first, "Nora Nurse", info, outcome="printed")
        assert "clinic server cannot be reached" in said and "kept" in said
        kept = first.audit.outbox.path.read_text()
        assert "knee-joint-injection" in kept and "patient" not in kept.lower()
        # a device starting while the server is down opens on its cache too
        cold = PgStore.open(url, first.path)
        assert cold.offline_reason and [h.handout.title for h in cold.handouts.published("en")] == titles
        cold.close()
    finally:
        pg_server.start_again()
    # the server is back: the next read reconnects and gives the entry back, exactly once
    assert wait_until(lambda: (first.stamp(), not first.audit.outbox.has_entries())[1])
    printed = [e for e in first.audit.entries(kind="print") if e.detail.get("outcome") == "printed"]
    assert len(printed) == 1 and printed[0].detail["outbox_id"] and printed[0].detail["happened_at"]
    first.flush_kept(), first.audit.record("Nora Nurse", "sign_out")  # a second give-back writes nothing more
    assert len([e for e in first.audit.entries(kind="print") if e.detail.get("outcome") == "printed"]) == 1
    assert app.staff.sign_in("Nora Nurse", NURSE_PIN).name == "Nora Nurse"


def test_an_entry_given_back_twice_after_a_crash_is_written_once(first, url):
    """The process died after the server committed the kept entries, before the outbox file was emptied: the
    next start gives the same entries back, and the server keeps one of each (outbox_id)."""
    first.audit.outbox.put("Nora Nurse", "print", {"slug": "knee-joint-injection", "outcome": "printed"})
    line = first.audit.outbox.path.read_text()
    assert first.flush_kept() == 1
    first.audit.outbox.path.write_text(line)  # as if the truncate never happened
    assert first.flush_kept() == 1
    entry_id = json.loads(line)["outbox_id"]
    assert len([e for e in first.audit.entries(kind="print") if e.detail.get("outbox_id") == entry_id]) == 1


def test_sql_rewriting_keeps_literal_percent_signs_and_adds_returning_id():
    assert rewrite("SELECT '5%' WHERE a = ?") == "SELECT '5%%' WHERE a = %s"
    assert rewrite("INSERT INTO staff (name) VALUES (?)").endswith("RETURNING id")
    assert "RETURNING" not in rewrite("INSERT INTO settings (key, value) VALUES (?, ?)")
    assert rewrite("ORDER BY v.title COLLATE NOCASE") == "ORDER BY lower(v.title)"


def test_doctor_and_config_show_speak_of_the_server_without_its_password(first, url, pg_server, monkeypatch, tmp_path):
    from kiosk.app.doctor import run_checks

    check = run_checks(url)[0]
    assert check.ok and "the clinic server" in check.detail and "published handouts" in check.detail
    monkeypatch.setenv("KIOSK_DB", url)
    shown = dict((k, v) for k, v, _src in config.show())["database"]
    assert "kiosk-test-password" not in shown and shown.startswith("postgresql://kiosk:***@")
    down = run_checks(f"postgresql://kiosk:pw@/kiosk?host={tmp_path}")[0]
    assert not down.ok and down.detail.startswith("The clinic server cannot be reached")


def test_a_first_start_with_the_server_down_and_no_cache_shows_the_bundled_handouts(tmp_path, monkeypatch):
    from kiosk.services import open_store_or_fallback

    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path / "cache"))
    store, problem = open_store_or_fallback(f"postgresql://kiosk:pw@/kiosk?host={tmp_path}")
    try:
        assert problem.startswith("The clinic server cannot be reached") and store.read_only_reason == problem
        assert store.handouts.published("en")
    finally:
        store.close()


def test_while_the_server_is_down_patient_reads_never_try_to_connect_on_their_own_thread(first, pg_server,
                                                                                       monkeypatch):
    """A pulled cable makes a connection attempt wait its whole timeout: the patient screen's thread must never
    be the one waiting. Connection attempts are recorded by thread (the real connect still runs)."""
    import threading

    calls = []
    real = psycopg.connect

    def spy(*args, **kwargs):
        calls.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    first.handouts.published("en")
    pg_server.stop()
    try:
        # the next reads find the listener's socket closed: one synchronous attempt, then offline
        assert wait_until(lambda: (first.handouts.published("en"), first.offline_reason)[1])
        monkeypatch.setattr(psycopg, "connect", spy)
        for _ in range(20):
            first.handouts.published("en"), first.search.search("knee"), first.settings.get(), first.stamp()
        if first._prober is not None:
            first._prober.join(10)
        assert True not in calls  # no attempt from the reading thread (the probe thread may have tried)
    finally:
        pg_server.start_again()
    assert wait_until(lambda: (first.stamp(), first.offline_reason is None)[1])


def test_a_write_waiting_on_another_devices_write_gives_up_in_one_sentence(first, url):
    """As SQLite's busy timeout: a device holding the writers' lock (here a raw connection) makes the others wait
    a bounded time, then refuse with BusyError; nothing is written."""
    from kiosk.store.db import BusyError
    from kiosk.store.pg_conn import WRITE_LOCK

    first.conn.ensure().execute("SET lock_timeout = 300")  # the test's bound, instead of ten seconds
    before = len(first.audit.entries())
    with raw(url) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        with pytest.raises(BusyError, match=r"^The clinic server is busy; try again in a moment"):
            first.audit.record("Ana Admin", "sign_out")
        holder.execute("ROLLBACK")
    assert len(first.audit.entries()) == before
    first.audit.record("Ana Admin", "sign_out")
    assert len(first.audit.entries()) == before + 1


def test_a_login_that_may_not_build_the_tables_is_one_sentence(pg_server, tmp_path):
    """IT made the database but gave it to another owner: the kiosk's login cannot create the tables."""
    name = f"owned_elsewhere_{id(tmp_path)}"
    pg_server.sql(f"CREATE DATABASE {name} TEMPLATE template0")  # owned by postgres
    pg_server.sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC", database=name)
    with pytest.raises(CannotOpenError, match=r"^The clinic server's database could not be prepared for the kiosk"):
        PgStore.open(pg_server.url(name), tmp_path / "cache.sqlite3")

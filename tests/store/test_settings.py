"""Settings are checked by type and range on every read: a bad stored value gives its default, one sentence, and
one audit entry (once per process, none on a read-only store); never a traceback, at any door."""
from __future__ import annotations

import json
import io
import os
import sqlite3
import subprocess
import sys
from dataclasses import fields

import pytest

from hardening.support import ROOT, one_sentence
from kiosk.cli import main as kiosk_main
from kiosk.core.model import ClinicSettings
from kiosk.services import open_store, open_store_or_fallback
from kiosk.store import Store
from kiosk.store.db import connect
from kiosk.store.settings import DEFAULTS, RULES, SettingsError

BAD = {  # stored text -> words of the sentence
    ("idle_seconds", '"abc"'): "idle_seconds is not a number",
    ("idle_seconds", "abc"): "idle_seconds is not readable (it is not JSON)",
    ("name", "{not json"): "name is not readable (it is not JSON)",
    ("keep_copies_days", "99999"): "keep_copies_days is out of range (from 1 to 3650)",
    ("keep_copies_days", "2.5"): "keep_copies_days is not a whole number",
    ("idle_seconds", "-5"): "idle_seconds is out of range",
    ("idle_seconds", "1e999"): "idle_seconds is not a number",  # JSON infinity
    ("idle_countdown_seconds", "true"): "idle_countdown_seconds is not a number",
    ("keep_printed_copies", "1"): "keep_printed_copies is not true or false",
    ("paper_size", '"a3"'): "paper_size is not one of letter, a4",
    ("languages", '["en", "fr"]'): "languages is not a list drawn from en, es",
    ("languages", "[]"): "languages is not a list drawn from en, es",
    ("medications", '"Steroid"'): "medications is not a list of text lines",
    ("default_text_size", "7"): "default_text_size is out of range (from 0 to 2)",
    ("reading_grade_target", "null"): "reading_grade_target is not a number",
    ("phone", "5551234"): "phone is not text",
}


def put(path, key, value):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (key, value))
    conn.commit()
    conn.close()


def test_every_setting_has_one_rule_and_its_default_fits_it():
    assert RULES.keys() == {f.name for f in fields(ClinicSettings)}
    for key, rule in RULES.items():
        assert rule.problem(DEFAULTS[key]) is None, key


@pytest.mark.parametrize("key,value", list(BAD))
def test_a_bad_stored_value_gives_its_default_one_sentence_and_one_audit_entry(empty_store, key, value):
    put(empty_store.path, key, value)
    settings = empty_store.settings.get()
    assert getattr(settings, key) == getattr(ClinicSettings(), key)
    problems = empty_store.settings.problems()
    assert len(problems) == 1 and BAD[(key, value)] in problems[0] and one_sentence(problems[0]), problems
    for _ in range(3):
        empty_store.settings.get()  # read again and again: still one entry
    entries = [e for e in empty_store.audit.entries(kind="settings") if e.detail.get("invalid") == key]
    assert len(entries) == 1 and entries[0].detail == {"invalid": key, "used": "default"}


def test_good_values_and_unknown_keys_read_as_stored(empty_store):
    put(empty_store.path, "idle_seconds", "45")
    put(empty_store.path, "reading_grade_target", "7")  # a whole number where a float is expected: fine
    put(empty_store.path, "languages", '["es"]')
    put(empty_store.path, "from_a_newer_version", "{not json at all")
    s = empty_store.settings.get()
    assert (s.idle_seconds, s.reading_grade_target, s.languages) == (45, 7, ("es",))
    assert empty_store.settings.problems() == []
    assert empty_store.audit.entries(kind="settings") == []


def test_a_second_store_in_the_same_process_does_not_audit_the_same_value_again(db_path):
    with Store.open(db_path) as first:
        put(db_path, "idle_seconds", '"abc"')
        first.settings.get()
    with Store.open(db_path) as second:
        assert second.settings.problems()  # still said…
        assert len(second.audit.entries(kind="settings")) == 1  # …but audited once
        put(db_path, "idle_seconds", '"def"')  # another bad value is another event
        second.settings.get()
        assert len(second.audit.entries(kind="settings")) == 2


@pytest.mark.parametrize("how", ["query_only", "mode=ro"])
def test_a_read_only_store_says_so_but_writes_no_audit_entry(db_path, how):
    Store.open(db_path).close()
    put(db_path, "name", "{not json")
    if how == "query_only":
        store = Store.open(db_path)
        store.conn.execute("PRAGMA query_only = ON")
    else:
        store = Store(connect(db_path, read_only=True), db_path)
    try:
        assert store.settings.get().name == "Pain Clinic"
        assert len(store.settings.problems()) == 1
        assert store.conn.execute("SELECT COUNT(*) FROM audit_log WHERE kind = 'settings'").fetchone()[0] == 0
    finally:
        store.close()


def test_a_read_inside_a_transaction_writes_nothing_of_its_own(empty_store):
    put(empty_store.path, "idle_seconds", '"abc"')
    conn = empty_store.conn
    conn.execute("BEGIN IMMEDIATE")
    assert empty_store.settings.get().idle_seconds == 90
    conn.execute("ROLLBACK")
    assert len(empty_store.audit.entries(kind="settings")) == 0
    empty_store.settings.get()  # noticed again outside, and audited then
    assert len(empty_store.audit.entries(kind="settings")) == 1


@pytest.mark.parametrize("change,words", [
    ({"idle_seconds": "abc"}, "idle_seconds is not a number"),
    ({"idle_seconds": 0}, "idle_seconds is out of range"),
    ({"keep_copies_days": 10_000}, "keep_copies_days is out of range"),
    ({"paper_size": "a3"}, "paper_size is not one of letter, a4"),
    ({"languages": ()}, "languages is not a list drawn from"),
    ({"keep_printed_copies": "yes"}, "keep_printed_copies is not true or false"),
])
def test_saving_a_value_outside_its_rule_is_refused_and_nothing_is_saved(empty_store, change, words):
    before = empty_store.settings.get()
    with pytest.raises(SettingsError) as info:
        empty_store.settings.update("admin", name="Changed too", **change)
    assert words in str(info.value) and one_sentence(str(info.value))
    assert empty_store.settings.get() == before
    assert empty_store.audit.entries(kind="settings") == []


# ---- every door ------------------------------------------------------------------------------------------
def test_every_cli_command_works_on_bad_settings_and_says_so(tmp_path, capsys, monkeypatch):
    db = tmp_path / "kiosk.sqlite3"
    store = open_store(db)
    store.staff.add("Ann", "admin", "482913")
    good = tmp_path / "good.sqlite3"
    from kiosk.store.backup import backup
    backup(store, good, actor="Ann")
    store.close()
    put(db, "name", "{not json")
    put(db, "idle_seconds", '"abc"')
    put(db, "keep_copies_days", "-1")  # read at every open, to prune kept sheets
    for argv in (["staff", "list"], ["export", str(tmp_path / "out")], ["audit", "export", str(tmp_path / "a.csv")],
                 ["backup", str(tmp_path / "b.sqlite3")], ["restore", str(good)]):
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO("482913\n"))
        code = kiosk_main(["--db", str(db), *argv, "--as", "Ann"])
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in err, (argv, out, err)
        if argv[0] != "restore":
            assert err.count("kiosk: The stored setting") == 3, (argv, err)
    with Store.open(db) as restored:  # the restore repaired them
        assert restored.settings.problems() == []


def test_the_kiosk_app_starts_on_bad_settings(tmp_path):
    """`kiosk run` (offscreen, until the welcome screen is shown) starts with the defaults and says why."""
    db = tmp_path / "kiosk.sqlite3"
    open_store(db).close()
    put(db, "idle_seconds", '"abc"')
    put(db, "name", "{not json")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_PIN_ITERATIONS": "2000", "KIOSK_EXIT_WHEN_SHOWN": "1"}
    r = subprocess.run([sys.executable, "main.py", "--db", str(db), "run", "--windowed"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "welcome-shown" in r.stdout and "Traceback" not in r.stderr, r.stderr[-3000:]
    assert "kiosk: The stored setting idle_seconds is not a number" in r.stderr
    assert "kiosk: The stored setting name is not readable" in r.stderr
    with Store.open(db) as store:
        assert {e.detail["invalid"] for e in store.audit.entries(kind="settings")} == {"idle_seconds", "name"}


def test_the_read_only_fallback_reads_settings_without_writing(tmp_path):
    bad = tmp_path / "kiosk.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    store, problem = open_store_or_fallback(bad)
    assert problem and store.settings.get() == ClinicSettings() and store.settings.problems() == []


def test_saving_the_settings_repairs_a_bad_stored_value_even_when_nothing_else_changed(empty_store):
    put(empty_store.path, "idle_seconds", '"abc"')
    settings = empty_store.settings.get()
    assert empty_store.settings.save(settings, "admin") == ["idle_seconds"]
    assert empty_store.settings.problems() == []
    raw = empty_store.conn.execute("SELECT value FROM settings WHERE key = 'idle_seconds'").fetchone()[0]
    assert raw == "90"

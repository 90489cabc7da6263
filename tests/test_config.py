"""kiosk.config: one TOML file for IT, read the same way by every door; command line > environment > file >
built-in, each value with its source (issue 16)."""
from __future__ import annotations

import sqlite3

import pytest

from kiosk import config


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A system-wide and a per-user file in temporary places (KIOSK_CONFIG unset, as on a real kiosk)."""
    monkeypatch.delenv("KIOSK_CONFIG")
    system = tmp_path / "etc" / "kiosk.toml"
    system.parent.mkdir()
    monkeypatch.setattr(config, "SYSTEM_FILE", system)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    user = tmp_path / "user-config" / "patient-handout-kiosk" / "kiosk.toml"
    user.parent.mkdir(parents=True)
    yield system, user
    config.set_command_line()


def test_each_value_comes_from_the_first_of_command_line_environment_file_built_in(files, tmp_path, monkeypatch):
    system, user = files
    system.write_text('database = "/var/lib/patient-handout-kiosk/kiosk.sqlite3"\ndevice_name = "Recovery bay 2"\n'
                      'printer = "Office"\nidle_seconds = 120\n', encoding="utf-8")
    user.write_text('printer = "Front desk"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_DB", str(tmp_path / "env.sqlite3"))
    config.set_command_line(database=str(tmp_path / "cli.sqlite3"))
    found = config.effective()
    assert found["database"].value == tmp_path / "cli.sqlite3" and found["database"].source == "command line (--db)"
    config.set_command_line()
    found = config.effective()
    assert found["database"].value == tmp_path / "env.sqlite3" and found["database"].source == "environment (KIOSK_DB)"
    monkeypatch.delenv("KIOSK_DB")
    found = config.effective()
    assert str(found["database"].value) == "/var/lib/patient-handout-kiosk/kiosk.sqlite3"
    assert found["database"].source == f"file {system}"
    assert (found["device_name"].value, found["idle_seconds"].value) == ("Recovery bay 2", 120)
    assert (found["printer"].value, found["printer"].source) == ("Front desk", f"file {user}")  # the user's file wins
    assert (found["languages"].value, found["languages"].source) == (("en", "es"), "built-in")
    monkeypatch.setenv("KIOSK_PRINTER", "Bay printer")
    assert config.effective()["printer"].source == "environment (KIOSK_PRINTER)"


def test_kiosk_config_names_the_only_file_read(tmp_path, monkeypatch):
    named = tmp_path / "other.toml"
    named.write_text('languages = ["es"]\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(named))
    assert config.config_files() == [named]
    assert config.get("languages") == ("es",)
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(config.ConfigError, match="KIOSK_CONFIG names .*missing.toml, which does not exist"):
        config.effective()


@pytest.mark.parametrize("text, message", [
    ("printer = \n", "not valid TOML"),
    ("databse = 'x'\n", "unknown setting 'databse'"),
    ("languages = ['en', 'fr']\n", "unknown language 'fr'"),
    ("languages = []\n", "languages must be a list"),
    ("idle_seconds = 5\n", "from 15 to 3600"),
    ("idle_seconds = 'soon'\n", "from 15 to 3600"),
    ("idle_seconds = true\n", "from 15 to 3600"),
    ("device_name = 3\n", "expected text"),
    ("database = ''\n", "must be a file path"),
    ("log_level = 'LOUD'\n", "log_level must be one of"),
])
def test_a_bad_file_is_one_sentence_naming_the_file(tmp_path, monkeypatch, text, message):
    bad = tmp_path / "kiosk.toml"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(bad))
    with pytest.raises(config.ConfigError, match=message) as caught:
        config.effective()
    assert str(bad) in str(caught.value) and "\n" not in str(caught.value)


def test_the_command_says_a_bad_configuration_in_one_sentence(tmp_path, monkeypatch, capsys):
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "forever")
    assert main(["config", "show"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kiosk: the environment variable KIOSK_IDLE_SECONDS: ") and err.count("\n") == 1
    assert main(["--db", str(tmp_path / "x.sqlite3"), "render", "knee-joint-injection", "-o",
                 str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_config_show_prints_every_value_and_its_source(files, tmp_path, monkeypatch, capsys):
    from kiosk.cli import main

    system, _ = files
    system.write_text('device_name = "Bay 3"\ncups_server = "printhost:631"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_LANGUAGES", "es,en")
    assert main(["--db", str(tmp_path / "k.sqlite3"), "config", "show"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert set(config.KEYS) <= set(lines)
    assert lines["database"].endswith("command line (--db)") and str(tmp_path / "k.sqlite3") in lines["database"]
    assert "Bay 3" in lines["device_name"] and lines["device_name"].endswith(f"file {system}")
    assert "es, en" in lines["languages"] and lines["languages"].endswith("environment (KIOSK_LANGUAGES)")
    assert lines["idle_seconds"].endswith("built-in")


def test_the_default_database_is_the_configured_one_for_every_door(files, tmp_path):
    """A service install's system-wide file names /var/lib/...: the admin's `kiosk` command opens the same file."""
    from kiosk.app import App

    system, _ = files
    shared = tmp_path / "var" / "kiosk.sqlite3"
    shared.parent.mkdir()
    system.write_text(f'database = "{shared}"\n', encoding="utf-8")
    with App.open() as app:
        assert app.data_folder == shared.parent
    assert shared.exists()


def test_device_defaults_apply_until_an_admin_saves_a_setting(files, store):
    system, _ = files
    system.write_text('languages = ["en"]\nidle_seconds = 45\nprinter = "Bay printer"\n', encoding="utf-8")
    s = store.settings.get()
    assert (s.languages, s.idle_seconds, s.default_printer) == (("en",), 45, "Bay printer")
    store.settings.update("admin", idle_seconds=300)
    assert store.settings.get().idle_seconds == 300  # the admin's choice, saved in the database, wins
    assert store.settings.get().languages == ("en",)


def test_the_cups_server_comes_from_the_file_unless_cups_server_is_set(files, monkeypatch):
    from kiosk.printing.ipp import default_server

    system, _ = files
    system.write_text('cups_server = "printhost:631"\n', encoding="utf-8")
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    assert default_server() == "printhost:631"
    monkeypatch.setenv("CUPS_SERVER", "/run/cups/other.sock")
    assert default_server() == "/run/cups/other.sock"


def test_every_audit_entry_names_the_device_and_the_log_stays_append_only(files, store, db_path):
    system, _ = files
    system.write_text('device_name = "Recovery bay 2"\n', encoding="utf-8")
    store.audit.record("admin", "backup", file="x")
    store.settings.update("admin", idle_seconds=200)
    newest = store.audit.entries(limit=2)
    assert [e.device for e in newest] == ["Recovery bay 2", "Recovery bay 2"]
    assert newest[0].detail == {"changed": ["idle_seconds"]}  # the detail keeps its shape
    conn = sqlite3.connect(db_path)
    for sql in ("UPDATE audit_log SET device = 'forged'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_the_audit_export_has_a_device_column(files, store, tmp_path):
    import csv

    system, _ = files
    system.write_text('device_name = "Bay 7"\n', encoding="utf-8")
    store.audit.record("admin", "backup", file="x")
    out = tmp_path / "audit.csv"
    store.audit.export_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[-1]["device"] == "Bay 7"


def test_a_configuration_broken_while_running_never_stops_an_audit_entry(files, store):
    system, _ = files
    system.write_text('device_name = "Bay 4"\n', encoding="utf-8")
    store.audit.record("admin", "backup", file="x")
    system.write_text('device_name = \n', encoding="utf-8")  # IT is half-way through an edit
    store.audit.record("admin", "backup", file="y")
    assert [e.device for e in store.audit.entries(limit=2)] == ["Bay 4", "Bay 4"]

"""The clinic's medicine pick list draws from the medicines catalogue (kiosk/data/medicines.toml): the sheet's
steroid and diabetes warnings follow a medicine's class, so an entry the catalogue cannot classify is refused when
settings are saved (the settings page and every other caller of the app's settings service) and flagged when it
arrives another way (a database restored from an older kiosk): in the admin console's notice, at every CLI
command, and after `kiosk restore`."""
from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import replace

import pytest

from kiosk.app import as_app
from kiosk.app.errors import StoreError
from kiosk.cli import main as kiosk_main
from kiosk.services import open_store

ADMIN_PIN = "482913"

KNOWN = (  # generic and brand names, both languages, doses and brackets: every one a catalogue medicine
    "Local anesthetic (numbing medicine)", "Steroid", "Kenalog 40 mg (triamcinolone)", "Depo-Medrol 80 mg",
    "Lidocaína 1%", "Dexametasona 4 mg", "Midazolam 2 mg", "Bupivacaine 0.25% and triamcinolone 40 mg",
)
UNKNOWN = ("Zorbex 5 mg", "Lidocaine and Zorbex", "Steroid cream from home", "Vitamin B12")


@pytest.fixture
def app(store):
    core = as_app(store)
    core.staff.create_first_admin("Ana Admin", ADMIN_PIN)
    return core


def put(path, key, value) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                 "excluded.value", (key, json.dumps(value)))
    conn.commit()
    conn.close()


def test_catalogue_medicines_are_accepted_in_either_language_with_doses_and_brands(app):
    admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
    app.settings.update(admin, medications=KNOWN)
    assert app.settings.get().medications == KNOWN
    assert app.settings.problems() == []


@pytest.mark.parametrize("entry", UNKNOWN)
def test_an_entry_the_catalogue_does_not_know_is_refused_by_name_and_nothing_is_saved(app, entry):
    admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
    before = app.settings.get()
    with pytest.raises(StoreError) as refused:
        app.settings.save(admin, replace(before, medications=("Steroid", entry), name="Renamed clinic"))
    message = str(refused.value)
    assert entry in message and "medicines catalogue" in message and "Traceback" not in message
    assert app.settings.get() == before  # the other change was not saved either


@pytest.mark.sqlite_only  # plants the value by writing the SQLite file, as a restore of an older file would bring it
def test_a_restored_unknown_entry_is_flagged_to_admins_and_still_asked_about_on_the_form(app, store):
    put(store.path, "medications", ["Lidocaine 1%", "Zorbex 5 mg"])  # what a restore of an older database brings
    settings = app.settings.get()
    assert settings.medications == ("Lidocaine 1%", "Zorbex 5 mg")  # kept: the form asks "Is this a steroid?"
    problems = app.settings.problems()
    assert len(problems) == 1 and "(Zorbex 5 mg)" in problems[0] and "Lidocaine" not in problems[0]
    admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
    with pytest.raises(StoreError, match="Zorbex 5 mg"):  # saving anything else asks for the list to be fixed
        app.settings.update(admin, name="Riverside")
    app.settings.update(admin, name="Riverside", medications=("Lidocaine 1%", "Kenalog 40 mg"))
    assert app.settings.problems() == []


def test_every_cli_command_and_a_restore_say_which_entries_the_catalogue_does_not_know(tmp_path, capsys,
                                                                                       monkeypatch):
    db = tmp_path / "kiosk.sqlite3"
    store = open_store(db)
    store.staff.add("Ann", "admin", ADMIN_PIN)
    store.close()
    put(db, "medications", ["Steroid", "Zorbex 5 mg"])
    old = tmp_path / "old.sqlite3"
    from kiosk.store.backup import backup

    with open_store(db) as source:
        backup(source, old, actor="Ann")
    put(db, "medications", ["Steroid"])
    for argv, flagged in ((["staff", "list"], False), (["restore", str(old)], True), (["staff", "list"], True)):
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{ADMIN_PIN}\n"))
        code = kiosk_main(["--db", str(db), *argv, "--as", "Ann"])
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in err, (argv, out, err)
        assert ("(Zorbex 5 mg)" in err) is flagged, (argv, err)

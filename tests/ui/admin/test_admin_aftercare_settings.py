"""The aftercare settings an admin sets up: the clinic phone every sheet needs (said at once, without blocking the
save) and the blood sugar the diabetes box tells patients to call about (a whole number, 150 to 500 mg/dL)."""
from __future__ import annotations

import json

from kiosk.app.settings import problems
from kiosk.core.model import ClinicSettings


def test_a_missing_phone_is_said_at_set_up_and_goes_when_typed(console, store):
    console.show_page("Clinic settings")
    page = console.settings_page
    page.load()
    assert page.phone_note.isVisible() and "phone number is not set" in page.phone_note.text()
    page.phone.setText("(555) 010-0100")
    assert not page.phone_note.isVisible()
    page.phone.setText("  ")
    assert page.phone_note.isVisible()


def test_the_blood_sugar_to_call_about_is_saved_and_checked(console, store):
    console.show_page("Clinic settings")
    page = console.settings_page
    page.sugar.setValue(250)
    page.save()
    assert store.settings.get().sugar_call_above == 250
    assert page.sugar.minimum() == 150 and page.sugar.maximum() == 500
    assert any("blood sugar" in p for p in problems(ClinicSettings(sugar_call_above=900)))


def test_a_bad_stored_blood_sugar_reads_as_the_default(store):
    store.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                       "excluded.value", ("sugar_call_above", json.dumps(5)))
    store.conn.commit()
    assert store.settings.get().sugar_call_above == 300

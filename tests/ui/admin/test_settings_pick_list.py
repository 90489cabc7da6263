"""The settings page refuses a medicine pick-list entry that the medicines catalogue does not know, in the admin's
words on the page, and keeps what was stored; the app core makes the decision (tests/app/test_pick_list.py)."""
from __future__ import annotations


def test_an_unknown_medicine_in_the_pick_list_is_refused_on_the_page(console, store):
    page = console.settings_page
    stored = store.settings.get().medications
    page.medications.setPlainText("Lidocaine 1%\nZorbex 5 mg\nKenalog 40 mg")
    assert page.save() is False
    said = page.problem.text()
    assert "(Zorbex 5 mg)" in said and "medicines catalogue" in said and "Kenalog" not in said
    assert store.settings.get().medications == stored

    page.medications.setPlainText("Lidocaine 1%\nDexametasona 4 mg\nKenalog 40 mg")
    assert page.save() is True, page.problem.text()
    assert page.problem.text() == ""
    assert store.settings.get().medications == ("Lidocaine 1%", "Dexametasona 4 mg", "Kenalog 40 mg")

"""The medicines catalogue: a typed medicine's class by whole names (never a substring), its name in the sheet's
language, and which medicines the nurse must be asked about."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core import medicines
from kiosk.core.medicines import CLASSES, CatalogueError, catalogue, classes, parse, printed_name, unclassified
from kiosk.core.model import DischargeDetails


@pytest.mark.parametrize("typed", [
    "Kenalog 40 mg (triamcinolone)", "Depo-Medrol", "Dexamethasone", "Celestone", "Dexametasona", "Corticoide",
    "Triamcinolona (Kenalog) 40 mg", "Methylprednisolone (Depo-Medrol) 80 mg", "Dexamethasone 10 mg/mL",
    "DEXAMETHASONE", "dexametasona 4 mg", "Betamethasone (Celestone Soluspan) 6 mg", "Steroid", "Esteroide",
    "Kenalog-40", "Zilretta 32 mg", "triamcinolone acetonide 40 mg/mL", "Metilprednisolona",
])
def test_every_way_of_writing_a_corticosteroid_is_a_corticosteroid(typed):
    assert classes(typed) == {"corticosteroid"}
    assert unclassified([typed]) == ()


@pytest.mark.parametrize("typed, kind", [
    ("Lidocaine 1%", "local_anaesthetic"), ("Lidocaína 2 %", "local_anaesthetic"),
    ("Bupivacaine 0.25% (Marcaine)", "local_anaesthetic"), ("Ropivacaine 0.2%", "local_anaesthetic"),
    ("Local anesthetic (numbing medicine)", "local_anaesthetic"), ("Midazolam 2 mg", "sedative"),
    ("Fentanyl 50 mcg", "sedative"), ("Fentanilo", "sedative"), ("Propofol", "sedative"),
    ("Iohexol (Omnipaque 300)", "contrast"), ("Omnipaque", "contrast"), ("Synvisc-One", "hyaluronic_acid"),
    ("Ácido hialurónico", "hyaluronic_acid"), ("Hyaluronic acid", "hyaluronic_acid"),
    ("Botox 100 units", "botulinum_toxin"), ("onabotulinumtoxinA", "botulinum_toxin"),
    ("Normal saline 5 mL", "other"),
])
def test_other_classes(typed, kind):
    assert classes(typed) == {kind}


@pytest.mark.parametrize("typed", [
    "Toradol (non-steroidal anti-inflammatory)", "NSAID", "Antiinflamatorio no esteroideo",
    "Steroidal-free Zorbex", "Prosteroidex 4 mg",
])
def test_a_word_inside_another_never_makes_a_steroid(typed):
    assert "corticosteroid" not in classes(typed)


def test_unknown_medicines_are_unclassified_even_beside_a_known_one():
    assert unclassified(["Lidocaine 1%", "Zorbex 5 mg", "Lidocaine and Zorbex", "  ", "Kenalog 40 mg"]) == (
        "Zorbex 5 mg", "Lidocaine and Zorbex")


@pytest.mark.parametrize("answer, expected", [(None, False), (False, False), (True, True)])
def test_the_nurses_answer_decides_only_for_unlisted_medicines(answer, expected):
    assert DischargeDetails(date_today(), medications=("Zorbex 5 mg",), unlisted_is_steroid=answer).steroid_given \
        is expected
    # an answer never turns a listed non-steroid into a steroid, nor a listed steroid off
    assert not DischargeDetails(date_today(), medications=("Lidocaine",), unlisted_is_steroid=True).steroid_given
    assert DischargeDetails(date_today(), medications=("Kenalog",), unlisted_is_steroid=False).steroid_given


def date_today():
    from datetime import date

    return date(2026, 3, 10)


@pytest.mark.parametrize("typed, spanish", [
    ("Kenalog 40 mg (triamcinolone)", "Kenalog 40 mg (triamcinolona)"),
    ("Dexamethasone", "Dexametasona"),
    ("Local anesthetic (numbing medicine)", "Anestésico local (medicina para adormecer)"),
    ("Steroid", "Esteroide"),
    ("Lidocaine 1% (numbing medicine)", "Lidocaína 1% (medicina para adormecer)"),
    ("Methylprednisolone (Depo-Medrol) 80 mg", "Metilprednisolona (Depo-Medrol) 80 mg"),
    ("Fentanyl 50 mcg", "Fentanilo 50 mcg"),
    ("Zorbex 5 mg", "Zorbex 5 mg"),
])
def test_spanish_sheets_get_spanish_generic_names_and_english_sheets_get_english(typed, spanish):
    assert printed_name(typed, "es") == spanish
    assert printed_name(spanish, "en") == typed or classes(typed) == set()


def test_the_catalogue_has_every_class_and_the_names_the_issue_lists():
    cat = catalogue()
    assert {m.kind for m in cat.medicines} == set(CLASSES)
    for name in ("triamcinolone", "Kenalog", "methylprednisolone", "Depo-Medrol", "dexamethasone", "Decadron",
                 "dexametasona", "betamethasone", "Celestone", "lidocaine", "lidocaína", "bupivacaine",
                 "ropivacaine", "midazolam", "fentanyl", "propofol", "iohexol", "Omnipaque", "hyaluronic acid",
                 "onabotulinumtoxinA", "Botox"):
        assert classes(name), name


def test_a_malformed_catalogue_is_refused_with_the_entry_named():
    good = {"id": "a", "class": "other", "en": ["alpha"], "es": ["alfa"]}
    with pytest.raises(CatalogueError, match="class must be one of"):
        parse({"medicine": [{**good, "class": "steroidish"}]})
    with pytest.raises(CatalogueError, match="'es' must list"):
        parse({"medicine": [{**good, "es": []}]})
    with pytest.raises(CatalogueError, match="belongs to both a and b"):
        parse({"medicine": [good, {**good, "id": "b"}]})
    with pytest.raises(CatalogueError, match="unique id"):
        parse({"medicine": [good, good]})


@given(st.text(max_size=80))
def test_any_typed_text_is_classified_or_asked_about_never_an_error(typed):
    found = classes(typed)
    assert found <= set(CLASSES)
    assert isinstance(printed_name(typed, "es"), str)
    if typed.strip() and not medicines.catalogue().is_classified(typed):
        assert unclassified([typed]) == (typed,)

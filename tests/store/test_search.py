"""Search finds what a patient types: typos, lay words, accents, both languages."""
import pytest


@pytest.mark.parametrize(
    "query, language, expected",
    [
        ("facit", "en", "facet-joint-injection"),
        ("knot", "en", "trigger-point-injection"),
        ("SI joint", "en", "sacroiliac-joint-injection"),
        ("inyección rodilla", "en", "knee-joint-injection"),
        ("inyeccion rodilla", "es", "knee-joint-injection"),
        ("epidural", "en", "lumbar-epidural-steroid-injection"),
        ("shot in my back", "en", "lumbar-epidural-steroid-injection"),
        ("bursitsi", "en", "greater-trochanteric-bursa-injection"),
        ("kne", "en", "knee-joint-injection"),
        ("nudo", "es", "trigger-point-injection"),
    ],
)
def test_patient_words_find_the_procedure(store, query, language, expected):
    slugs = [h.slug for h in store.search.search(query, language)]
    assert expected in slugs[:4], slugs


def test_results_come_back_in_the_asked_language(store):
    hits = store.search.search("knee", "es")
    assert hits[0].slug == "knee-joint-injection" and hits[0].language == "es"
    assert "rodilla" in hits[0].title.lower()


def test_nonsense_and_empty_queries_find_nothing(store):
    assert store.search.search("", "en") == []
    assert store.search.search("zzqxv", "en") == []
    # FTS5 syntax in a query is read as words, never as a query expression
    assert isinstance(store.search.search('"*) OR NEAR( ^', "en"), list)


def test_body_regions_list_their_procedures(store):
    knee = {h.slug for h in store.search.by_region("knee", "en")}
    assert "knee-joint-injection" in knee and "facet-joint-injection" not in knee


def test_one_or_two_letters_list_procedures_whose_names_start_so_a_to_z(store):
    titles = [h.title for h in store.search.search("k", "en")]
    assert "Knee joint injection" in titles
    assert titles == sorted(titles, key=str.lower)
    assert all(h.language == "es" for h in store.search.search("ro", "es"))
    assert "knee-joint-injection" in [h.slug for h in store.search.search("ro", "es")]  # rodilla

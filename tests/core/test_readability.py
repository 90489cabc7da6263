from hypothesis import given, settings, strategies as st

from kiosk.core.readability import measure, sentences, syllables_en, syllables_es


def test_english_syllables_of_common_words():
    counts = {"ice": 1, "fever": 2, "needle": 2, "injection": 3, "procedure": 3, "you": 1, "medicine": 3}
    assert {w: syllables_en(w) for w in counts} == counts


def test_spanish_syllables_follow_diphthong_and_hiatus_rules():
    counts = {"día": 2, "cuidado": 3, "inyección": 3, "médico": 3, "país": 2, "hoy": 1, "leer": 2, "siempre": 2}
    assert {w: syllables_es(w) for w in counts} == counts


def test_plain_english_scores_low_and_dense_english_scores_high():
    plain = measure("You lie on your tummy. We clean your skin. A thin needle goes in. It takes ten minutes.", "en")
    dense = measure(
        "Fluoroscopically guided intra-articular corticosteroid administration necessitates meticulous "
        "identification of anatomical landmarks, consideration of contraindications, and comprehensive "
        "postprocedural documentation.", "en")
    assert plain.score <= 3 < 12 <= dense.score


def test_spanish_ease_ranks_simple_text_above_technical_text():
    simple = measure("Usted se acuesta boca abajo. Limpiamos su piel. Luego ponemos una aguja fina.", "es")
    technical = measure(
        "La administración intraarticular de corticosteroides guiada fluoroscópicamente requiere una "
        "identificación meticulosa de referencias anatómicas.", "es")
    assert simple.score >= 70 > technical.score


def test_list_items_count_as_sentences():
    assert len(sentences("Call us if:\n- you have a fever\n- the site is red")) == 3


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "es"]))
def test_any_text_gets_a_finite_score(text, language):
    r = measure(text, language)
    assert r.words >= 0 and r.score == r.score  # not NaN

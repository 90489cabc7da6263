"""Soft hyphens for narrow columns: long words get break chances, nothing else changes."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kiosk.core.hyphenate import SOFT_HYPHEN, ZERO_WIDTH_SPACE, breakable, plain


def test_long_spanish_words_get_soft_hyphens_between_syllables():
    out = breakable("Ablación por radiofrecuencia", "es")
    assert out.startswith("Ablación por ")  # words under ten letters stay whole
    word = out.split()[-1]
    assert SOFT_HYPHEN in word
    pieces = word.split(SOFT_HYPHEN)
    assert "".join(pieces) == "radiofrecuencia"
    assert all(len(p) >= 2 for p in pieces) and len(pieces[-1]) >= 3


def test_english_uses_english_patterns():
    assert SOFT_HYPHEN in breakable("radiofrequency", "en")
    assert breakable("Knee joint injection", "en") == "Knee joint injection"


def test_a_word_with_no_hyphenation_point_can_still_wrap():
    out = breakable("«zzzzzzzzzzzzzzzzzzzz»", "es")
    assert ZERO_WIDTH_SPACE in out and SOFT_HYPHEN not in out
    assert plain(out) == "«zzzzzzzzzzzzzzzzzzzz»"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["en", "es", "fr"]))
def test_only_break_chances_are_added(text, lang):
    assert plain(breakable(text, lang)) == plain(text)

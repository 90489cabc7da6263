"""The relevance set (tests/store/relevance.toml): what patients type, in both languages, and what must come first.

One real store seeded from the bundled handouts serves the whole module (searching changes nothing).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.core.model import REGIONS
from kiosk.store.search import Words, fold, words

CASES = tomllib.loads((Path(__file__).parent / "relevance.toml").read_text(encoding="utf-8"))["query"]


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    from kiosk.services import open_store

    store = open_store(tmp_path_factory.mktemp("relevance") / "kiosk.sqlite3")
    yield store.search
    store.close()


@pytest.fixture(scope="module")
def slugs(search):
    return {h.slug for h in search.search("", "en")} | {slug for slug, _ in search._cards}


def test_the_set_is_big_enough_in_both_languages():
    by_language = {}
    for case in CASES:
        by_language[case["language"]] = by_language.get(case["language"], 0) + 1
    assert by_language.get("en", 0) >= 20 and by_language.get("es", 0) >= 20, by_language
    assert len({(c["text"], c["language"]) for c in CASES}) == len(CASES), "a query is listed twice"


def test_every_case_names_real_handouts_and_says_what_comes_first(slugs):
    for case in CASES:
        assert ("top" in case) != ("top_any" in case), case["text"]
        named = [case.get("top")] if "top" in case else list(case["top_any"])
        named += case.get("not_top3", []) + case.get("absent", [])
        assert set(named) <= slugs, (case["text"], set(named) - slugs)
        assert case.get("why"), case["text"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['language']}:{c['text']}" for c in CASES])
def test_lay_query_ranks_the_right_handout_first(search, case):
    hits = search.search(case["text"], case["language"], limit=12)
    order = [h.slug for h in hits]
    assert order, f"{case['text']!r} found nothing"
    wanted = [case["top"]] if "top" in case else case["top_any"]
    assert order[0] in wanted, f"{case['text']!r}: {order[0]} came first, wanted {wanted}; all: {order}"
    for slug in case.get("not_top3", []):
        assert slug not in order[:3], f"{case['text']!r}: {slug} is in the first three: {order}"
    for slug in case.get("absent", []):
        assert slug not in order, f"{case['text']!r}: {slug} is listed: {order}"
    # the cards come back in the screen's language (every bundled handout has both)
    assert {h.language for h in hits} == {case["language"]}


def test_the_word_lists_cover_every_region_in_every_language():
    data = tomllib.loads(Path(__file__).resolve().parents[2].joinpath("resources", "search", "words.toml")
                         .read_text(encoding="utf-8"))
    assert set(data["regions"]) == set(REGIONS)
    for region, by_language in data["regions"].items():
        assert {"en", "es"} <= set(by_language), region
    assert words().regions["rodilla"] == {"knee"} and words().regions["back"] == {"upper_back", "low_back"}


def test_a_word_list_is_read_folded_so_accents_do_not_matter():
    lists = Words({"stop": {"es": ["Qué"]}, "weak": {"es": ["Inyección"]}, "regions": {"knee": {"es": ["Rótula"]}}})
    assert "que" in lists.stop and "inyeccion" in lists.weak and lists.regions["rotula"] == {"knee"}
    assert fold("INYECCIÓN Ñandú") == "inyeccion nandu"

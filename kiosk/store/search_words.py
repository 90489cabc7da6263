"""Patients' words for search: folding (lower case, no accents), the word lists of resources/search/words.toml,
and the typo pass (rapidfuzz). No Qt; nothing here reads the database.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kiosk import resources

_TOKEN = re.compile(r"\w+", re.UNICODE)


class _FoldTable(dict):
    """str.translate table: a character -> itself lower-cased without accents (NFKD, combining marks dropped);
    the same folding as the FTS5 tokenizer's remove_diacritics. Filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase without accents (the same folding as the FTS5 tokenizer's remove_diacritics)."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.translate(_FOLD)


def tokens(text: str) -> list[str]:
    """The words of TEXT, folded: runs of letters and digits."""
    return _TOKEN.findall(fold(text))


class Words:
    """The word lists of resources/search/words.toml, folded: stop and weak words (all languages together, so a
    Spanish speaker on the English screen is understood too) and region words -> body-map regions."""

    def __init__(self, data: dict):
        self.stop = frozenset(fold(w) for words in data.get("stop", {}).values() for w in words)
        self.weak = frozenset(fold(w) for words in data.get("weak", {}).values() for w in words)
        regions: dict[str, set[str]] = {}
        for region, by_language in data.get("regions", {}).items():
            for words in by_language.values():
                for w in words:
                    regions.setdefault(fold(w), set()).add(region)
        self.regions: dict[str, frozenset[str]] = {w: frozenset(r) for w, r in regions.items()}


@lru_cache(maxsize=1)
def words() -> Words:
    """The bundled word lists (resources/search/words.toml). Raises FileNotFoundError when the file is missing."""
    return Words(tomllib.loads(resources.text("search", "words.toml")))


def closest(word: str, vocab: list[str], prefixes: dict[str, list[str]] | None = None) -> list[str]:
    """The closest words to WORD in VOCAB by optimal string alignment (a swap of two letters is one slip):
    at most one slip in a word of up to five letters, two in a longer one. With PREFIXES (start of a word ->
    the words), the start of a longer word counts too: the patient may still be typing ("faci" -> "facet")."""
    if len(word) < 3:
        return []
    allowed = 1 if len(word) <= 5 else 2
    best: dict[str, int] = {}
    for choice, distance, _ in process.extract(word, vocab, scorer=OSA.distance, score_cutoff=allowed,
                                               limit=5):
        best[choice] = min(distance, best.get(choice, distance))
    if prefixes:
        for start, distance, _ in process.extract(word, list(prefixes), scorer=OSA.distance,
                                                  score_cutoff=min(allowed, 1), limit=5):
            for full in prefixes[start]:
                best[full] = min(distance, best.get(full, distance))
    if not best:
        return []
    nearest = min(best.values())
    return sorted(w for w, d in best.items() if d == nearest)[:5]

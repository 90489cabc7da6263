"""Handout search: FTS5 prefix matching (accent-insensitive), then typo-tolerant correction. No Qt.

"facit" finds facet joint injection, "inyeccion" finds "inyección", "SI joint" and "knot" find what their
keywords say. Results come back in the asked language when the handout has one, else in English.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

from kiosk.core.model import SearchHit

_TOKEN = re.compile(r"\w+", re.UNICODE)
# A query is read as its first words: each word costs an FTS term and, when nothing matches, a typo-correction
# pass over the vocabulary, so a pasted page of text (or a key held down between spaces) took seconds per
# keystroke. Ten words is more than any patient types into a search box.
MAX_QUERY_WORDS = 10
MAX_QUERY_CHARS = 500


def fold(text: str) -> str:
    """Lowercase without accents (the same folding as the FTS5 tokenizer's remove_diacritics)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


class HandoutSearch:
    """Search over the published handouts. Caches its typo vocabulary until the store changes."""

    def __init__(self, store):
        self._store = store
        self._vocab_stamp = None
        self._names: set[str] = set()
        self._vocab: set[str] = set()
        self._prefixes: dict[str, set[str]] = {}
        self._order: dict[str, list[str]] = {}
        self._cards: dict[tuple[str, str], SearchHit] = {}

    def _refresh(self) -> None:
        stamp = self._store.stamp()
        if stamp == self._vocab_stamp:
            return
        names: set[str] = set()  # words of titles and keywords: preferred corrections
        body: set[str] = set()
        cards: dict[tuple[str, str], SearchHit] = {}
        name_tokens: dict[tuple[str, str], set[str]] = {}
        for version in self._store.handouts.published():
            h = version.handout
            cards[(h.slug, h.language)] = SearchHit(h.slug, h.language, h.title, h.summary, h.icon, h.regions)
            name_tokens[(h.slug, h.language)] = {t for text in (h.title, *h.keywords) for t in tokens(text)}
            for text in (h.title, *h.keywords):
                names.update(t for t in tokens(text) if len(t) > 2 and not t.isdigit())
            body.update(t for t in tokens(h.searchable_text()) if len(t) > 2 and not t.isdigit())
        self._names, self._vocab, self._cards = names, names | body, cards
        # one- and two-letter prefixes of title and keyword words -> slugs; slugs A to Z per language
        prefixes: dict[str, set[str]] = {}
        for (slug, _lang), words in name_tokens.items():
            for w in words:
                prefixes.setdefault(w[:1], set()).add(slug)
                if len(w) > 1:
                    prefixes.setdefault(w[:2], set()).add(slug)
        slugs = {slug for slug, _ in cards}
        self._prefixes = prefixes
        self._order = {
            lang: sorted(slugs, key=lambda s, lang=lang: fold((cards.get((s, lang)) or cards.get((s, "en"))
                                                               or SearchHit(s, lang, s, "")).title))
            for lang in {lang for _, lang in cards}
        }
        self._vocab_stamp = stamp

    def _fts(self, groups: list[list[str]], phrase: bool = False, rows: int = 200) -> list[tuple[str, str]]:
        """Each group is a list of alternatives (OR); groups must all match (AND). With phrase=True the
        single group is matched as a phrase in titles and keywords."""
        if not groups or not all(groups):
            return []
        if phrase:
            match = "{title keywords} : " + '"' + " ".join(groups[0]) + '"'
        else:
            match = " AND ".join("(" + " OR ".join(f'"{w}"*' for w in g) + ")" for g in groups)
        rows = self._store.conn.execute(
            "SELECT slug, language FROM handout_fts WHERE handout_fts MATCH ? "
            "ORDER BY bm25(handout_fts, 0, 0, 10.0, 6.0, 1.0) LIMIT ?",
            (match, rows),
        ).fetchall()
        return [(r["slug"], r["language"]) for r in rows]

    def _correct(self, word: str) -> list[str]:
        """The word itself when some indexed word starts with it; else the closest indexed words."""
        if len(word) <= 2 or any(v.startswith(word) for v in self._vocab):
            return [word]
        for vocab in (self._names, self._vocab):
            pool = [w for w in vocab if abs(len(w) - len(word)) <= 2]
            close = difflib.get_close_matches(word, pool, n=3, cutoff=0.72)
            if close:
                return close
        return []

    def search(self, query: str, language: str = "en", limit: int = 30) -> list[SearchHit]:
        self._refresh()
        words = [w for w in tokens(query[:MAX_QUERY_CHARS]) if w][:MAX_QUERY_WORDS]
        if not words:
            return []
        if len(words) == 1 and len(words[0]) <= 2:
            return self._by_name_prefix(words[0], language, limit)
        rows = max(limit, 1) * 3  # every language of a handout may match; a few spare for the dedup below
        found = self._fts([words], phrase=True, rows=rows) if len(words) > 1 else []
        found += self._fts([[w] for w in words], rows=rows)
        if not found:
            found = self._fts([self._correct(w) for w in words], rows=rows)
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for slug, _lang in found:
            if slug in seen:
                continue
            card = self._cards.get((slug, language)) or self._cards.get((slug, "en")) or self._cards.get((slug, _lang))
            if card is None:
                continue
            seen.add(slug)
            hits.append(card)
            if len(hits) >= limit:
                break
        return hits

    def _by_name_prefix(self, prefix: str, language: str, limit: int) -> list[SearchHit]:
        """One or two letters say little: match them against the start of title and keyword words only,
        A to Z (a full-text ranking of every handout holding any word with that prefix helps nobody)."""
        matching = self._prefixes.get(prefix, set())
        hits = []
        for slug in self._order.get(language) or self._order.get("en", []):
            if slug in matching:
                hits.append(self._card(slug, language))
                if len(hits) >= limit:
                    break
        return hits

    def _card(self, slug: str, language: str) -> SearchHit:
        """A handout's card in the asked language when it exists, else English, else any."""
        card = self._cards.get((slug, language)) or self._cards.get((slug, "en"))
        return card or next(c for (s, _), c in self._cards.items() if s == slug)

    def by_region(self, region: str, language: str = "en") -> list[SearchHit]:
        self._refresh()
        result = {}
        for (slug, lang), card in self._cards.items():
            if region in card.regions:
                if lang == language or (slug not in result and lang == "en"):
                    result[slug] = card
        return sorted(result.values(), key=lambda c: fold(c.title))


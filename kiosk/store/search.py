"""Handout search: what a patient types, ranked by what each handout is about. No Qt.

A query is read word by word (lower case, without accents, so "inyeccion" is "inyección"):

- stop words ("in", "my", "de", "la") are dropped; weak words that nearly every handout shares ("shot", "pain",
  "inyección", "dolor") only help to rank; region words ("back", "rodilla", "cuello") narrow to handouts that
  list that body-map region or name the word. The three lists are data: resources/search/words.toml, read by
  kiosk.store.search_words (with the folding and the typo pass).
- Every other word must match. A handout matches a word when its title, keywords or card summary hold a word
  that starts with it (the patient may still be typing), and ranks by where: title (3) over keywords (2, a bit
  more for each further keyword) over summary (1), times how rare the word is across the library (BM25's idf).
  Two query words in a row that stand together in a title or keyword ("neck shot", "si joint") add a bonus.
- A word that no title, keyword or summary word starts with is a typo or a body word: it is corrected against
  those words with rapidfuzz (optimal string alignment: one slip in a short word, two in a longer one, so
  "facit" is "facet", "bursitsi" is "bursitis"). When nothing matches in those fields, the body text is searched
  (FTS5, BM25 with title and keywords weighted over body), then corrected against the body's own words.

The body is never used while a title, keyword or summary matches: "back" is in nearly every handout's body ("lie
on your back"), so a body match says nothing about what the handout is for.

A region word also scores 1.5 times the share of the handout's regions it names (the knee injection is all knee;
dry needling lists six regions), and counts half in the words of a handout that does not list its region ("the
back of your head" is not the back). One or two letters alone list the handouts whose title or keyword words start
so, A to Z; next to other words they only rank, as a whole word ("si joint"). A handout's languages are searched
together (a Spanish word on the English screen finds the English card); results come back in the asked language
when the handout has one, else in English. Ties: slug A to Z.

The relevance set that pins all this down is tests/store/relevance.toml; `kiosk search QUERY` shows the scores.
"""
from __future__ import annotations

import heapq
import math
import sqlite3
from bisect import bisect_left
from operator import itemgetter

from kiosk.core.model import SearchHit
from kiosk.store.search_words import Words, closest, fold, tokens, words

__all__ = ["HandoutSearch", "Words", "fold", "tokens", "words"]

# A query is read as its first words: each word costs an FTS term and, when nothing matches, a typo-correction
# pass over the vocabulary, so a pasted page of text (or a key held down between spaces) took seconds per
# keystroke. Ten words is more than any patient types into a search box.
MAX_QUERY_WORDS = 10
MAX_QUERY_CHARS = 500

# Field weights of a word in a handout (see the module docstring).
TITLE = 3.0
KEYWORD = 2.0
KEYWORD_MORE = 0.5  # for each further keyword holding the word, up to three
SUMMARY = 1.0
SUMMARY_MORE = 0.25  # for each further time the summary says it, up to two
WEAK = 0.25  # a weak word counts this much of a strong one
PHRASE = 1.5  # two query words in a row that stand together in a title or keyword
REGION = 1.5  # a region word, times the share of the handout's regions it names
OFF_REGION = 0.5  # a region word said by a handout that does not list the region
COMPLETION = 0.9  # a word the typed one is the start of ("kne" -> "knee")
CORRECTED = 0.7  # a word the typed one was corrected to ("facit" -> "facet")
MIN_IDF = 0.2
UNIT_CACHE = 64  # resolved words kept until the library changes


def _regional(names: dict[int, float], region: dict[int, float]) -> dict[int, float]:
    """NAMES with the handouts outside REGION counted at OFF_REGION."""
    return {doc: score if doc in region else score * OFF_REGION for doc, score in names.items()}


class _Unit:
    """One query word, resolved: its handouts' title/keyword/summary scores (handout index -> score, shared with
    the index: never changed), their region scores, one factor for the whole (exact 1, completed, corrected), and
    whether it may narrow (a weak word may not, when a stronger one is there)."""

    __slots__ = ("word", "names", "region", "factor", "weak", "alternatives")

    def __init__(self, word: str, names: dict[int, float], region: dict[int, float] | None, factor: float,
                 weak: bool, alternatives: list[str]):
        self.word, self.names, self.region, self.factor = word, names, region or {}, factor
        self.weak, self.alternatives = weak, alternatives

    def docs(self):
        return self.names.keys() | self.region.keys() if self.region else self.names.keys()


class HandoutSearch:
    """Search over the published handouts. Caches its index of titles, keywords and summaries until the store
    changes."""

    def __init__(self, store, word_lists: Words | None = None):
        self._store = store
        self._words = word_lists
        self._vocab_stamp = None
        self._cards: dict[tuple[str, str], SearchHit] = {}
        self._slugs: list[str] = []  # handout index -> slug (one entry per handout, all its languages together)
        self._postings: dict[str, dict[int, float]] = {}  # word -> handout index -> weight (idf included)
        self._bigrams: dict[tuple[str, str], dict[int, float]] = {}
        self._region_scores: dict[str, dict[int, float]] = {}  # region word -> handout index -> weight
        self._regional: dict[str, dict[int, float]] = {}  # a region word's postings, off-region halved
        self._vocab: list[str] = []  # sorted title, keyword and summary words
        self._truncated: dict[int, dict[str, list[str]]] = {}
        self._body_vocab: list[str] | None = None
        self._units: dict[str, _Unit | None] = {}
        self._typos: dict[str, list[str]] = {}
        self._prefixes: dict[str, set[str]] = {}
        self._order: dict[str, list[str]] = {}

    # ---- the index -----------------------------------------------------------------------------------------
    @property
    def words(self) -> Words:
        if self._words is None:
            self._words = words()
        return self._words

    def _refresh(self) -> None:
        stamp = self._store.stamp()
        if stamp == self._vocab_stamp:
            return
        wl = self.words
        cards: dict[tuple[str, str], SearchHit] = {}
        index: dict[str, int] = {}
        slugs: list[str] = []
        weights: dict[str, dict[int, float]] = {}
        bigrams: dict[tuple[str, str], dict[int, float]] = {}
        regions_of: dict[int, set[str]] = {}
        name_tokens: dict[tuple[str, str], set[str]] = {}
        for slug, language, title, summary, icon, regions, keywords in self._store.handouts.published_cards():
            cards[(slug, language)] = SearchHit(slug, language, title, summary, icon, tuple(regions))
            doc = index.get(slug)
            if doc is None:
                doc = index[slug] = len(slugs)
                slugs.append(slug)
            regions_of.setdefault(doc, set()).update(regions)
            title_tokens = tokens(title)
            keyword_tokens = [tokens(k) for k in keywords]
            name_tokens[(slug, language)] = set(title_tokens).union(*keyword_tokens)
            counts: dict[str, float] = {}
            for t in set(title_tokens):
                counts[t] = TITLE
            in_keywords: dict[str, int] = {}
            for k in keyword_tokens:
                for t in set(k):
                    in_keywords[t] = in_keywords.get(t, 0) + 1
            for t, n in in_keywords.items():
                counts[t] = counts.get(t, 0.0) + KEYWORD + KEYWORD_MORE * min(n - 1, 3)
            in_summary: dict[str, int] = {}
            for t in tokens(summary):
                in_summary[t] = in_summary.get(t, 0) + 1
            for t, n in in_summary.items():
                counts[t] = counts.get(t, 0.0) + SUMMARY + SUMMARY_MORE * min(n - 1, 2)
            for t, weight in counts.items():
                per_doc = weights.setdefault(t, {})
                if weight > per_doc.get(doc, 0.0):  # a handout's languages together: its best
                    per_doc[doc] = weight
            for seq in (title_tokens, *keyword_tokens):
                content = [t for t in seq if t not in wl.stop]
                for pair in zip(content, content[1:]):
                    bigrams.setdefault(pair, {})[doc] = PHRASE
        total = len(slugs)
        postings: dict[str, dict[int, float]] = {}
        for t, per_doc in weights.items():
            idf = max(MIN_IDF, math.log(1 + (total - len(per_doc) + 0.5) / (len(per_doc) + 0.5)))
            postings[t] = {doc: w * idf for doc, w in per_doc.items()}
        region_scores: dict[str, dict[int, float]] = {}
        for word, named in wl.regions.items():
            scores = {}
            for doc, listed in regions_of.items():
                if listed & named:
                    scores[doc] = REGION * len(listed & named) / len(listed)
            region_scores[word] = scores
        self._cards, self._slugs, self._postings, self._bigrams = cards, slugs, postings, bigrams
        self._region_scores = region_scores
        self._regional = {w: _regional(postings[w], region_scores[w]) for w in region_scores if w in postings}
        self._vocab = sorted(postings)
        self._truncated = {}
        self._body_vocab = None
        self._units = {}
        self._typos = {}
        # one- and two-letter prefixes of title and keyword words -> slugs; slugs A to Z per language
        prefixes: dict[str, set[str]] = {}
        for (slug, _lang), words_ in name_tokens.items():
            for w in words_:
                prefixes.setdefault(w[:1], set()).add(slug)
                if len(w) > 1:
                    prefixes.setdefault(w[:2], set()).add(slug)
        self._prefixes = prefixes
        self._order = {
            lang: sorted(index, key=lambda s, lang=lang: fold((cards.get((s, lang)) or cards.get((s, "en"))
                                                               or SearchHit(s, lang, s, "")).title))
            for lang in {lang for _, lang in cards}
        }
        self._vocab_stamp = stamp

    # ---- resolving a word ----------------------------------------------------------------------------------
    def _completions(self, word: str) -> list[str]:
        """Indexed words that start with WORD (the word itself first when indexed)."""
        vocab = self._vocab
        i = bisect_left(vocab, word)
        found = []
        while i < len(vocab) and vocab[i].startswith(word):
            found.append(vocab[i])
            i += 1
        return found

    def _truncations(self, length: int) -> dict[str, list[str]]:
        table = self._truncated.get(length)
        if table is None:
            table = {}
            for w in self._vocab:
                if len(w) > length:
                    table.setdefault(w[:length], []).append(w)
            self._truncated[length] = table
        return table

    def _corrected(self, word: str) -> list[str]:
        """_correct(word), kept until the library changes."""
        if word not in self._typos:
            if len(self._typos) >= UNIT_CACHE:
                self._typos.clear()
            self._typos[word] = self._correct(word)
        return self._typos[word]

    def _correct(self, word: str) -> list[str]:
        """The typo pass for one word: its closest title, keyword and summary words (the start of a longer one
        counts too), else its closest words of any handout text; [] when none is close enough."""
        return (closest(word, self._vocab, self._truncations(len(word)))
                or closest(word, self._body_words()))

    def _unit(self, word: str) -> _Unit | None:
        """WORD's scores over the handouts' titles, keywords, summaries and regions; None when no such word
        matches it even after correcting a typo. Kept until the library changes: as a patient types "knee shot",
        "knee" is resolved once, not at each of the next five keys."""
        if word in self._units:
            return self._units[word]
        if len(self._units) >= UNIT_CACHE:
            self._units.clear()
        unit = self._units[word] = self._resolve(word)
        return unit

    def _resolve(self, word: str) -> _Unit | None:
        postings = self._postings
        alternatives = [word] if word in postings else []
        factor = 1.0
        if len(word) >= 3 or not alternatives:
            alternatives += [w for w in self._completions(word) if w != word]
            if alternatives and alternatives[0] != word:
                factor = COMPLETION
        region = self._region_scores.get(word)
        if not alternatives and region is None:
            if len(word) < 3:
                return None
            alternatives = [w for w in self._corrected(word) if w in postings]
            if not alternatives:
                return None
            factor = CORRECTED
            region = next((self._region_scores[w] for w in alternatives if w in self._region_scores), None)
        if not alternatives:
            names: dict[int, float] = {}
        elif len(alternatives) == 1:
            names = postings[alternatives[0]]
        else:  # each handout's best among the words (a copy of the biggest, the others folded in)
            dicts = sorted((postings[w] for w in alternatives), key=len, reverse=True)
            names = dict(dicts[0])
            for other in dicts[1:]:
                for doc, score in other.items():
                    if score > names.get(doc, 0.0):
                        names[doc] = score
        if region:
            # a region word in the words of a handout that does not list that region is most often another
            # sense ("the back of your head", "come back"): the regions its author chose count more
            names = self._regional[word] if alternatives == [word] else _regional(names, region)
        weak = bool(alternatives) and region is None and all(w in self.words.weak for w in alternatives)
        return _Unit(word, names, region, factor, weak, alternatives)

    # ---- searching -----------------------------------------------------------------------------------------
    def search(self, query: str, language: str = "en", limit: int = 30) -> list[SearchHit]:
        """At most LIMIT handouts for QUERY, best first, each in LANGUAGE when it has that language, else
        English. [] for an empty query or when nothing matches."""
        return [hit for hit, _score in self.ranked(query, language, limit)]

    def ranked(self, query: str, language: str = "en", limit: int = 30) -> list[tuple[SearchHit, float]]:
        """As search(), with each hit's score (higher is better; only the order means anything)."""
        self._refresh()
        words_ = [w for w in tokens(query[:MAX_QUERY_CHARS]) if w][:MAX_QUERY_WORDS]
        if not words_:
            return []
        if len(words_) == 1 and len(words_[0]) <= 2:
            return [(hit, 0.0) for hit in self._by_name_prefix(words_[0], language, limit)]
        wl = self.words
        content = [w for w in words_ if w not in wl.stop] or words_
        found = self._by_names(content)
        if found is None:
            return self._by_body(content, language, limit)
        scored, scale = found
        best = heapq.nlargest(limit, scored.items(), key=itemgetter(1))
        best.sort(key=lambda item: (-item[1], item[0]))  # ties: slug A to Z
        return [(self._card(self._slugs[doc], language), round(score * scale, 3)) for doc, score in best]

    def _by_names(self, content: list[str]) -> tuple[dict[int, float], float] | None:
        """(handout index -> score, a factor for all scores) over titles, keywords, summaries and regions; None
        when some word that must match matches none of them (the body is searched then)."""
        units: list[_Unit] = []
        for word in content:
            if len(word) < 3 and len(content) > 1:
                # one or two letters next to other words only help to rank, and only as a whole word ("si
                # joint"); as the start of a word still being typed ("back p") they would drag in half the
                # vocabulary: the next key will tell
                if word in self._postings:
                    units.append(_Unit(word, self._postings[word], None, 1.0, True, [word]))
                continue
            unit = self._unit(word)
            if unit is None:
                return None
            units.append(unit)
        if not units:
            return None
        if len(units) == 1 and not units[0].region:
            return units[0].names, units[0].factor  # one word: its scores as they are
        # smallest first, for the intersection (a new list: units keeps the query's order for the phrases)
        required = sorted([u for u in units if not u.weak] or units, key=lambda u: len(u.names) + len(u.region))
        docs = set(required[0].docs())
        for unit in required[1:]:
            docs.intersection_update(unit.docs())
            if not docs:
                return None
        scored = dict.fromkeys(docs, 0.0)
        for unit in units:
            factor = unit.factor * (WEAK if unit not in required else 1.0)
            for part in (unit.names, unit.region):
                if len(part) < len(scored):
                    for doc, s in part.items():
                        if doc in scored:
                            scored[doc] += s * factor
                else:
                    for doc in scored:
                        s = part.get(doc)
                        if s:
                            scored[doc] += s * factor
        for first, second in zip(units, units[1:]):
            regions = [u.region for u in (first, second) if u.region]
            for a in first.alternatives[:3]:
                for b in second.alternatives[:3]:
                    bonus = self._bigrams.get((a, b))
                    if bonus:
                        for doc, s in bonus.items():
                            if doc in scored:
                                scored[doc] += s * OFF_REGION if any(doc not in r for r in regions) else s
        return scored, 1.0

    def _by_body(self, content: list[str], language: str, limit: int) -> list[tuple[SearchHit, float]]:
        """The words anywhere, the body included (FTS5 BM25: title 10, keywords 6, body 1); then corrected
        against the body's own words."""
        rows = max(limit, 1) * 3  # every language of a handout may match; a few spare for the dedup below
        words_ = [w for w in content if len(w) >= 3] or content
        found = self._fts([[w] for w in words_], rows=rows)
        if not found:
            vocab = self._body_words()
            groups = []
            for w in words_:
                i = bisect_left(vocab, w)
                groups.append([w] if i < len(vocab) and vocab[i].startswith(w) else self._corrected(w))
            found = self._fts(groups, rows=rows)
        hits: list[tuple[SearchHit, float]] = []
        seen: set[str] = set()
        for slug, lang, rank in found:
            if slug in seen or not any((slug, x) in self._cards for x in (language, "en", lang)):
                continue  # published by another process since the index was read: the next key shows it
            seen.add(slug)
            hits.append((self._card(slug, language, lang), -rank))
            if len(hits) >= limit:
                break
        return hits

    def _fts(self, groups: list[list[str]], rows: int = 200) -> list[tuple[str, str, float]]:
        """Each group is a list of alternatives (OR); groups must all match (AND)."""
        if not groups or not all(groups):
            return []
        match = " AND ".join("(" + " OR ".join(f'"{w}"*' for w in g) + ")" for g in groups)
        rank = "bm25(handout_fts, 0, 0, 10.0, 6.0, 1.0)"
        found = self._store.conn.execute(
            f"SELECT slug, language, {rank} AS rank FROM handout_fts WHERE handout_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            (match, rows),
        ).fetchall()
        return [(r["slug"], r["language"], r["rank"]) for r in found]

    def _body_words(self) -> list[str]:
        """Every word of the indexed text, sorted (FTS5's own vocabulary: no need to read the handouts)."""
        if self._body_vocab is None:
            conn = self._store.conn
            try:
                conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.handout_fts_words "
                             "USING fts5vocab(main, handout_fts, row)")
                terms = {r[0] for r in conn.execute("SELECT term FROM temp.handout_fts_words")}
            except sqlite3.OperationalError:  # a read-only connection (the fallback library) takes no table
                terms = {t for r in conn.execute("SELECT title, keywords, body FROM handout_fts")
                         for text in r for t in tokens(text)}
            self._body_vocab = sorted(t for t in terms if len(t) > 2 and not t.isdigit())
        return self._body_vocab

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

    def _card(self, slug: str, language: str, found_in: str | None = None) -> SearchHit:
        """A handout's card in the asked language when it exists, else English, else any."""
        card = self._cards.get((slug, language)) or self._cards.get((slug, "en"))
        if card is None and found_in:
            card = self._cards.get((slug, found_in))
        return card or next(c for (s, _), c in self._cards.items() if s == slug)

    def by_region(self, region: str, language: str = "en") -> list[SearchHit]:
        self._refresh()
        result = {}
        for (slug, lang), card in self._cards.items():
            if region in card.regions:
                if lang == language or (slug not in result and lang == "en"):
                    result[slug] = card
        return sorted(result.values(), key=lambda c: fold(c.title))

"""Reading-level scores that work offline: Flesch-Kincaid grade (English) and Fernández-Huerta (Spanish).

textstat 0.7.4 and later download NLTK's cmudict at run time and fail with no network, so the syllable
counts here are our own rules: a vowel-group count with the usual English corrections, and the Spanish
rules for diphthongs and hiatus (which are regular enough to count exactly in most words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n+")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    score: float  # FK grade (en, lower is easier) or Fernández-Huerta (es, higher is easier)
    language: str

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Sentences and list items: a line of a bullet list counts as one sentence."""
    parts = [p.strip(" \t-•*") for p in _SENTENCE_END.split(text)]
    return [p for p in parts if words(p)]


def syllables_en(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1  # a number or symbol read as one beat
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    count = len(re.findall(r"[aeiouy]{1,2}", w))
    return max(1, count)


_STRONG = set("aeoáéóàèò")
_ACCENTED_WEAK = set("íúì")


def syllables_es(word: str) -> int:
    w = word.lower()
    if not re.search(r"[^\W\d_]", w):
        return 1
    count = 0
    prev = ""
    for i, ch in enumerate(w):
        if ch == "y":
            # 'y' is a vowel alone ("y") or at the end of a word after a vowel (hoy, muy)
            is_vowel = len(w) == 1 or (i == len(w) - 1 and prev != "")
        else:
            is_vowel = ch in _STRONG or ch in _ACCENTED_WEAK or ch in "iuü"
        if not is_vowel:
            prev = ""
            continue
        if not prev:
            count += 1
        else:
            hiatus = (prev in _STRONG and ch in _STRONG) or prev in _ACCENTED_WEAK or ch in _ACCENTED_WEAK
            if hiatus:
                count += 1
        prev = ch
    return max(1, count)


def measure(text: str, language: str) -> Readability:
    ws = words(text)
    n_words = len(ws)
    n_sentences = max(1, len(sentences(text))) if n_words else 0
    count = syllables_es if language == "es" else syllables_en
    n_syll = sum(count(w) for w in ws)
    if not n_words:
        return Readability(0, 0, 0, 0.0 if language != "es" else 100.0, language)
    if language == "es":
        score = 206.84 - 60.0 * (n_syll / n_words) - 1.02 * (n_words / n_sentences)
    else:
        score = 0.39 * (n_words / n_sentences) + 11.8 * (n_syll / n_words) - 15.59
    return Readability(n_words, n_sentences, n_syll, round(score, 1), language)


def meets_target(result: Readability, grade_target: float, spanish_target: float) -> bool:
    if result.words == 0:
        return True
    if result.language == "es":
        return result.score >= spanish_target
    return result.score <= grade_target


def score_name(language: str) -> str:
    return "Fernández-Huerta ease" if language == "es" else "Flesch-Kincaid grade"

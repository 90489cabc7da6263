"""Soft hyphens in long words, for display in narrow columns.

At the largest text size on a small or scaled screen, one Spanish word ("radiofrecuencia",
"articulaciones") can be wider than a column. Qt breaks a line at a soft hyphen (U+00AD) and draws
the hyphen only there, so a long word can wrap as a printed page would: "radio-/frecuencia".

The break points come from pyphen's bundled hyphenation patterns (LibreOffice's, installed with the
package; nothing is downloaded). A long run with no break point at all (a typed query such as
"zzzzzzzzzzzzzzzz") gets zero-width spaces every few letters instead, so it can still wrap.

Display only: stored text, search, speech and accessible names never see these characters.
"""
from __future__ import annotations

import re
from functools import lru_cache

SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"
MIN_LETTERS = 10  # shorter words fit any column the screens use, at every text size
FALLBACK_RUN = 8  # letters between forced break chances in a word with no hyphenation point
_WORD = re.compile(r"\w{%d,}" % MIN_LETTERS)
_PATTERNS = {"es": "es", "en": "en_US"}


@lru_cache(maxsize=4)
def _dictionary(lang: str):
    import pyphen  # imported on first use: the patterns load in a few milliseconds

    return pyphen.Pyphen(lang=_PATTERNS.get(lang, "en_US"), left=2, right=3)


def _word(match: re.Match, lang: str) -> str:
    word = match.group(0)
    broken = _dictionary(lang).inserted(word, hyphen=SOFT_HYPHEN)
    if SOFT_HYPHEN in broken:
        return broken
    return ZERO_WIDTH_SPACE.join(word[i:i + FALLBACK_RUN] for i in range(0, len(word), FALLBACK_RUN))


@lru_cache(maxsize=4096)  # tiles show the same titles at every key press
def breakable(text: str, lang: str, min_letters: int = MIN_LETTERS) -> str:
    """`text` with break chances inside its words of `min_letters` or more (a very narrow column, such as
    the results beside the keyboard at 800 x 480, asks for 6); shorter words and everything else unchanged."""
    pattern = _WORD if min_letters == MIN_LETTERS else re.compile(r"\w{%d,}" % max(2, int(min_letters)))
    if not text or not pattern.search(text):
        return text
    return pattern.sub(lambda m: _word(m, lang), text)


def plain(text: str) -> str:
    """The text without the break chances `breakable` added."""
    return text.replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, "")

"""Translations: gettext catalogues, the one language table, and dates and numbers from CLDR data written by Babel. No Qt.

Every word the kiosk shows or prints that is not handout content is an English msgid in the code, marked so that
`pybabel extract` finds it (docs/translations.md):

    _("Sign in")                      translated now, into the current staff language (`use`)
    _n("{n} copy", "{n} copies", n)   the same, with the language's plural forms
    gettext("Sign in", "es")          translated now, into the language given
    N_("Touch to start")              only marked: a table entry, translated later by `translate(entry, lang)`
    C_("body side", "Back")           marked with a context (pgettext): "Back" on the body map is not "Back" the
                                      button; `translate` takes the pair's encoded form

The catalogues are resources/locale/LANG/LC_MESSAGES/kiosk.po (kiosk.data.resources when installed), one per
language in resources/locale/languages.toml, which is also the one table of language names. Babel compiles each
into kiosk.mo beside it (`make translations`; a test fails when a .mo is older than its .po), and Python's gettext
reads the .mo here. An entry missing, untranslated or fuzzy shows the English msgid; tests/core/test_translations.py
fails on it.

Dates and numbers follow CLDR as Babel has it: `make translations` writes each language's patterns, month and day
names and number symbols from Babel into resources/locale/LANG/formats.json, and the formatter below applies
them (tests check it against babel.dates and babel.numbers day by day). So the kiosk needs neither the machine's
locale nor Babel's 36 MB of locale data at run time (the runtime install must stay under 330 MB, issue 16).

KIOSK_LOCALE_DIR (a folder of the same shape) replaces the bundled catalogues: a translator tries a new catalogue
with it, and the test language of tests/core/test_third_language.py is built there.
"""
from __future__ import annotations

import gettext as _gettext
import json
import os
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from pathlib import Path

from kiosk import resources

DOMAIN = "kiosk"
SOURCE = "en"  # the language of the msgids: it needs no catalogue entries of its own
_CONTEXT = "\x04"  # gettext's separator between a context and its msgid (as stored in a .mo)


def locale_dir() -> Path:
    """The folder of languages.toml and LANG/LC_MESSAGES/kiosk.po: KIOSK_LOCALE_DIR, or the bundled one."""
    override = os.environ.get("KIOSK_LOCALE_DIR", "").strip()
    return Path(override) if override else resources.resources_dir() / "locale"


def _read_languages(folder: Path) -> dict[str, str]:
    path = folder / "languages.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuntimeError(f"The language list {path} cannot be read ({exc}).") from None
    names = {str(code): str(name) for code, name in raw.get("languages", {}).items()}
    if SOURCE not in names:
        raise RuntimeError(f"The language list {path} must name the source language '{SOURCE}'.")
    return names


# code -> the language's name in that language, in the order screens offer them. The one table of language names.
LANGUAGE_NAMES: dict[str, str] = _read_languages(locale_dir())
LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_NAMES)


def language(code: str | None) -> str:
    """CODE when the kiosk has that language, else the source language ("en")."""
    return code if code in LANGUAGE_NAMES else SOURCE


def next_language(code: str, offered: tuple[str, ...] | None = None) -> str:
    """The language after CODE among OFFERED (default: every configured language), in the table's order, wrapping
    round: what the patient's language button switches to."""
    offered = tuple(c for c in (offered or LANGUAGES) if c in LANGUAGE_NAMES) or LANGUAGES
    if code not in offered:
        return offered[0]
    return offered[(offered.index(code) + 1) % len(offered)]


def language_name(code: str) -> str:
    """A language's own name ("English", "Español"); an unknown code comes back as itself."""
    return LANGUAGE_NAMES.get(code, code)


# --- catalogues ------------------------------------------------------------------------------------------------

def catalogue_path(code: str, folder: Path | None = None) -> Path:
    return (folder or locale_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_path(code: str, folder: Path | None = None) -> Path:
    return (folder or locale_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


@lru_cache(maxsize=None)
def _translations(code: str) -> _gettext.NullTranslations:
    """The compiled catalogue of CODE (NullTranslations for the source language, or a missing file: msgids show)."""
    path = compiled_path(code)
    if code == SOURCE or not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as f:
        return _gettext.GNUTranslations(f)


def gettext(message: str, lang: str) -> str:
    """MESSAGE (an English msgid) in LANG; the msgid itself when the catalogue has no translation."""
    return _translations(language(lang)).gettext(message)


def pgettext(context: str, message: str, lang: str) -> str:
    return _translations(language(lang)).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    return _translations(language(lang)).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks MESSAGE for extraction without translating it (a table entry)."""
    return message


def C_(context: str, message: str) -> str:
    """Marks MESSAGE with a CONTEXT for extraction (a pgettext entry) without translating it; `translate` reads it."""
    return f"{context}{_CONTEXT}{message}"


def translate(entry: str, lang: str) -> str:
    """An entry marked with N_ or C_, in LANG."""
    if _CONTEXT in entry:
        context, message = entry.split(_CONTEXT, 1)
        return pgettext(context, message, lang)
    return gettext(entry, lang)


def msgid(entry: str) -> str:
    """The English text of an entry marked with N_ or C_ (its context dropped)."""
    return entry.split(_CONTEXT, 1)[-1]


class ByLanguage(Mapping):
    """{lang: {key: text}} over a table of KEY -> N_/C_ entries, for every configured language:
    `table["es"]["key"]`, `table.get(lang, default)`, `lang in table`. Each language is translated when first read."""

    def __init__(self, entries: dict[str, str], lookup=None):
        self.entries = entries
        self.lookup = lookup or (lambda key, lang: translate(self.entries[key], lang))
        self._done: dict[str, dict[str, str]] = {}

    def __getitem__(self, lang: str) -> dict[str, str]:
        if lang not in LANGUAGE_NAMES:
            raise KeyError(lang)
        if lang not in self._done:
            self._done[lang] = {key: self.lookup(key, lang) for key in self.entries}
        return self._done[lang]

    def __iter__(self):
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


# --- the staff screens' language -------------------------------------------------------------------------------

_current = SOURCE


def use(lang: str | None) -> str:
    """Make LANG the language of `_` (the staff and admin screens: the signed-in member's language). Returns it."""
    global _current
    _current = language(lang)
    return _current


def current() -> str:
    return _current


def _(message: str) -> str:
    """MESSAGE in the current staff language (`use`)."""
    return gettext(message, _current)


def _n(singular: str, plural: str, n: int) -> str:
    """The plural form for N in the current staff language (ngettext): _n("{n} copy", "{n} copies", n)."""
    return ngettext(singular, plural, n, _current)


def P_(context: str, message: str) -> str:
    """MESSAGE with CONTEXT (pgettext) in the current staff language."""
    return pgettext(context, message, _current)


# --- dates and numbers (CLDR data written by Babel; never the machine's locale) --------------------------------

FORMATS = "formats.json"


@lru_cache(maxsize=None)
def formats(lang: str) -> dict:
    """LANG's CLDR date and number data (resources/locale/LANG/formats.json, written from Babel by `make
    translations`); a language without the file (one CLDR does not know) uses English's."""
    for code in (language(lang), SOURCE):
        path = locale_dir() / code / FORMATS
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return json.loads((resources.resources_dir() / "locale" / SOURCE / FORMATS).read_text(encoding="utf-8"))


# A CLDR pattern: a quoted literal, a run of one pattern letter, or other literal text.
_PATTERN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")


def _field(token: str, value, data: dict) -> str:
    letter, width = token[0], len(token)
    if letter == "y":
        return f"{value.year % 100:02d}" if width == 2 else f"{value.year:0{width}d}"
    if letter in "ML":
        if width >= 3:
            return data["months_wide" if width == 4 else "months_abbr"][value.month - 1]
        return f"{value.month:0{width}d}"
    if letter == "d":
        return f"{value.day:0{width}d}"
    if letter in "Ec":
        return data["days_wide" if width == 4 else "days_abbr"][value.weekday()]
    if letter == "h":
        return f"{value.hour % 12 or 12:0{width}d}"
    if letter == "H":
        return f"{value.hour:0{width}d}"
    if letter == "m":
        return f"{value.minute:0{width}d}"
    if letter == "a":
        return data["periods"]["am" if value.hour < 12 else "pm"]
    raise ValueError(f"the CLDR pattern field {token!r} is not supported by kiosk.core.i18n")


def format_pattern(pattern: str, value, data: dict) -> str:
    """VALUE (a date or datetime) written with a CLDR PATTERN ("EEEE, d 'de' MMMM 'de' y") and DATA's names.
    Raises ValueError for a field this formatter does not know (a test runs every shipped pattern)."""
    out = []
    for match in _PATTERN.finditer(pattern):
        token = match.group(0)
        if token.startswith("'"):
            out.append("'" if token == "''" else token[1:-1].replace("''", "'"))
        elif token[0].isalpha():
            out.append(_field(token, value, data))
        else:
            out.append(token)
    return "".join(out)


def _plain(text: str) -> str:
    # CLDR puts narrow no-break spaces before "AM"/"PM" and in some dates: one kind of space on paper and screen.
    return text.replace("\u202f", " ")


def format_date(value: date, lang: str, form: str = "full") -> str:
    """VALUE in LANG: "full" 'Tuesday, March 4, 2025' / 'martes, 4 de marzo de 2025'; "long" without the weekday;
    "medium" 'Mar 4, 2025'; "short" '3/4/25'."""
    data = formats(lang)
    return _plain(format_pattern(data["date"][form], value, data))


def format_time(value: datetime, lang: str) -> str:
    """'2:05 PM' / '14:05'."""
    data = formats(lang)
    return _plain(format_pattern(data["time_short"], value, data))


def format_datetime(value: datetime, lang: str) -> str:
    """'March 4, 2025, 2:05 PM' / '4 de marzo de 2025, 14:05': the long date and the short time joined by the
    language's own pattern (no weekday)."""
    joint = formats(lang)["datetime_medium"]
    return joint.replace("{1}", format_date(value, lang, "long")).replace("{0}", format_time(value, lang))


def format_number(value: float, lang: str) -> str:
    """VALUE as Babel's format_decimal writes it: '1,234,567.5' / '1.234.567,5' (at most 3 decimals, rounded half
    to even; thousands grouped when the integer part has at least 3 + min_grouping digits)."""
    data = formats(lang)
    number = Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN).normalize()
    sign = "-" if number < 0 else ""
    digits, _dot, fraction = f"{abs(number):f}".partition(".")
    if len(digits) >= 3 + data["min_grouping"]:
        groups = []
        while len(digits) > 3:
            digits, tail = digits[:-3], digits[-3:]
            groups.insert(0, tail)
        digits = data["group"].join([digits, *groups])
    fraction = fraction.rstrip("0")
    return _plain(sign + digits + (data["decimal"] + fraction if fraction else ""))


def month_names(lang: str) -> tuple[str, ...]:
    """The twelve months' names, January first, as they stand in a date ('marzo')."""
    return tuple(formats(lang)["months_wide"])

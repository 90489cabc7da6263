"""The medicines catalogue: which class a typed medicine belongs to, and its name in the sheet's language.

The catalogue is data (kiosk/data/medicines.toml), read once per process. No Qt, no SQL.

    classes("Kenalog 40 mg (triamcinolone)")          -> frozenset({"corticosteroid"})
    unclassified(("Lidocaine 1%", "Zorbex 5 mg"))     -> ("Zorbex 5 mg",)
    translate("Kenalog 40 mg (triamcinolone)", "es")  -> "Kenalog 40 mg (triamcinolona)"

Matching is by whole names: words compared with case and accents ignored, doses ("40 mg", "1%", "10 mg/mL")
and brackets skipped, the longest name first (so "non-steroidal anti-inflammatory" is never read as a
steroid). A medicine string is *classified* only when every word in it belongs to a catalogue name, a dose, or
a joining word ("and", "with", "y", "con"...): "Lidocaine and Zorbex" is not classified, because Zorbex might
be a steroid. The sheet asks the nurse about anything unclassified (see `DischargeDetails.steroid_given`).
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources

CLASSES: tuple[str, ...] = (
    "corticosteroid",
    "local_anaesthetic",
    "sedative",
    "contrast",
    "hyaluronic_acid",
    "botulinum_toxin",
    "other",
)
LANGUAGES: tuple[str, ...] = ("en", "es")

# Words skipped when matching: units after a number, and the words that join two medicine names.
UNITS = frozenset({"mg", "mcg", "ug", "µg", "μg", "g", "ml", "cc", "l", "u", "iu", "units", "unit", "unidades",
                   "meq", "mmol", "mg/ml", "percent", "por", "ciento"})
JOINING = frozenset({"and", "with", "plus", "in", "of", "y", "con", "mas", "en", "de", "e", "or", "o",
                     "mpf", "pf", "preservative", "free", "sin", "conservantes", "conservante"})
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Medicine:
    """One medicine: `kind` is its class (one of CLASSES); `names` its generic names per language, the
    printed one first; `brands` its brand names (the same in every language)."""

    id: str
    kind: str
    names: dict[str, tuple[str, ...]]
    brands: tuple[str, ...]

    def name(self, language: str) -> str:
        """The generic name printed on a sheet in `language` ("en" when the language is unknown)."""
        return self.names.get(language, self.names["en"])[0]


@dataclass(frozen=True)
class Match:
    """Where a catalogue name was found in a string: original[start:end]. `positions` maps each language to
    the index of the matched name in that language's list (empty for a brand)."""

    medicine: Medicine
    start: int
    end: int
    positions: tuple[tuple[str, int], ...]


def fold(text: str) -> tuple[str, list[int]]:
    """Lower-case `text` and strip its accents; returns the folded text and, for each folded character, the
    index of the character of `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
        out.append(base)
        where.extend([i] * len(base))
    return "".join(out), where


def _words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end in `text`) for every word, in order."""
    folded, where = fold(text)
    return [(m.group(), where[m.start()], where[m.end() - 1] + 1) for m in _WORD.finditer(folded)]


def _is_dose(word: str, previous: str | None) -> bool:
    if _NUMBER.match(word):
        return True
    return word in UNITS and previous is not None and (bool(_NUMBER.match(previous)) or previous in UNITS)


def _key(name: str) -> tuple[str, ...]:
    """A name as the words the matcher compares (numbers in names such as "Kenalog-40" dropped)."""
    return tuple(w for w, _s, _e in _words(name) if not _NUMBER.match(w))


class Catalogue:
    def __init__(self, medicines: tuple[Medicine, ...]):
        self.medicines = medicines
        self._names: dict[tuple[str, ...], tuple[Medicine, tuple[tuple[str, int], ...]]] = {}
        for medicine in medicines:
            keys: dict[tuple[str, ...], dict[str, int]] = {}
            for lang, names in medicine.names.items():
                for index, name in enumerate(names):
                    keys.setdefault(_key(name), {}).setdefault(lang, index)
            for brand in medicine.brands:
                keys.setdefault(_key(brand), {})
            for key, positions in keys.items():
                if not key:
                    continue
                other = self._names.get(key)
                if other is not None and other[0].id != medicine.id:
                    raise CatalogueError(f"the name {' '.join(key)!r} belongs to both {other[0].id} and {medicine.id}")
                self._names[key] = (medicine, tuple(sorted(positions.items())))
        self._longest = max((len(k) for k in self._names), default=1)

    def by_id(self, medicine_id: str) -> Medicine:
        return next(m for m in self.medicines if m.id == medicine_id)

    def scan(self, text: str) -> tuple[list[Match], list[str]]:
        """The catalogue names in `text`, and the words that are neither a name, a dose nor a joining word."""
        words = _words(text or "")
        kept: list[tuple[str, int, int]] = []
        previous = None
        for word in words:
            if not _is_dose(word[0], previous):
                kept.append(word)
            previous = word[0]
        matches: list[Match] = []
        unknown: list[str] = []
        i = 0
        while i < len(kept):
            for n in range(min(self._longest, len(kept) - i), 0, -1):
                found = self._names.get(tuple(w for w, _s, _e in kept[i:i + n]))
                if found is not None:
                    matches.append(Match(found[0], kept[i][1], kept[i + n - 1][2], found[1]))
                    i += n
                    break
            else:
                if kept[i][0] not in JOINING:
                    unknown.append(kept[i][0])
                i += 1
        return matches, unknown

    def classes(self, text: str) -> frozenset[str]:
        """The classes of every catalogue medicine named in `text` (empty when none is)."""
        return frozenset(m.medicine.kind for m in self.scan(text)[0])

    def is_classified(self, text: str) -> bool:
        """True when every word of `text` is part of a catalogue name, a dose or a joining word."""
        matches, unknown = self.scan(text)
        return bool(matches) and not unknown

    def translate(self, text: str, language: str) -> str:
        """`text` with each generic name written in `language`; brands, doses and other words as typed.
        A name that starts with a capital keeps one."""
        matches, _unknown = self.scan(text)
        out, last = [], 0
        for m in matches:
            positions = dict(m.positions)
            names = m.medicine.names.get(language)
            if not positions or language in positions or not names:
                continue  # a brand, or already a name in this language
            index = next(iter(positions.values()))
            replacement = names[index] if index < len(names) else names[0]
            original = text[m.start:m.end]
            if original[:1].isupper() and replacement[:1].islower():
                replacement = replacement[:1].upper() + replacement[1:]
            out += [text[last:m.start], replacement]
            last = m.end
        out.append(text[last:])
        return "".join(out)


def parse(data: dict, where: str = "medicines.toml") -> Catalogue:
    """A Catalogue from the parsed TOML. Raises CatalogueError naming the entry at fault."""
    entries = data.get("medicine")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{where}: no [[medicine]] entries")
    medicines, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        mid = entry.get("id")
        label = f"{where}: medicine {number} ({mid or 'no id'})"
        if not isinstance(mid, str) or not mid or mid in seen:
            raise CatalogueError(f"{label}: needs a unique id")
        seen.add(mid)
        kind = entry.get("class")
        if kind not in CLASSES:
            raise CatalogueError(f"{label}: class must be one of {', '.join(CLASSES)}")
        names = {}
        for lang in LANGUAGES:
            value = entry.get(lang)
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                raise CatalogueError(f"{label}: '{lang}' must list at least one name")
            names[lang] = tuple(unicodedata.normalize("NFC", v.strip()) for v in value)
        brands = entry.get("brands", [])
        if not isinstance(brands, list) or not all(isinstance(b, str) and b.strip() for b in brands):
            raise CatalogueError(f"{label}: 'brands' must be a list of names")
        medicines.append(Medicine(mid, kind, names, tuple(b.strip() for b in brands)))
    return Catalogue(tuple(medicines))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The bundled catalogue (kiosk/data/medicines.toml), parsed once per process."""
    text = importlib_resources.files("kiosk").joinpath("data", "medicines.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))


# -- the rules the sheet and the discharge form share ------------------------------------------------------

def classes(text: str) -> frozenset[str]:
    return catalogue().classes(text)


def unclassified(medications) -> tuple[str, ...]:
    """The medicines (as typed) that the catalogue cannot fully classify: the nurse must say whether they are a
    steroid before a sheet prints. Blank entries are ignored."""
    cat = catalogue()
    return tuple(m for m in medications if m.strip() and not cat.is_classified(m))


def steroid_given(medications, unlisted_is_steroid: bool | None = None) -> bool:
    """True when a corticosteroid was given: a catalogue corticosteroid is named, or the nurse answered yes to
    "Is this a steroid?" for a medicine the catalogue does not know."""
    if any("corticosteroid" in classes(m) for m in medications):
        return True
    return bool(unlisted_is_steroid) and bool(unclassified(medications))


def printed_name(text: str, language: str) -> str:
    """A typed medicine as the sheet prints it in `language` (generic names translated)."""
    return catalogue().translate(text, language)


def pick_list_problem(entries) -> str | None:
    """One sentence when the clinic's medicine pick list (ClinicSettings.medications) holds entries that the
    catalogue cannot classify, naming them; None when every entry is a catalogue medicine. The entries are the
    clinic's own list, never a patient's text."""
    unknown = unclassified(entries)
    if not unknown:
        return None
    return (f"The medicine pick list has entries the medicines catalogue does not know ({'; '.join(unknown)}): "
            "write each as the catalogue names it (a generic or brand name, with its dose if you like), so that "
            "the sheet's steroid and diabetes warnings follow it and Spanish sheets print its Spanish name.")

"""The translators' tool (docs/translations.md): extract, update, check, and a pseudo-language for testing.

    python tools/translations.py extract         kiosk/ -> resources/locale/kiosk.pot, then every LANG's kiosk.po
                                                 updated from it (new msgids empty, changed ones fuzzy), compiled
                                                 to kiosk.mo, and each language's CLDR formats.json from Babel
    python tools/translations.py check           one line per problem, exit status 1 when there is any
    python tools/translations.py pseudo xx DIR   a copy of resources/locale in DIR with a pseudo-language XX whose
                                                 every text is the English one with accented letters: "[Ŝîĝñ îñ]"

`make translations` runs extract then check. The same functions back tests/core/test_translations.py.
Babel does the work: its Python extractor reads kiosk/ with babel.cfg and the keywords below, so a msgid is found
exactly as `pybabel extract -F babel.cfg -k N_ -k C_:1c,2 -k P_:1c,2 -k _n:1,2` finds it.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import io
import json

from babel import Locale, UnknownLocaleError, dates, numbers
from babel import __version__ as babel_version
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "kiosk.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "C_": ((1, "c"), 2), "P_": ((1, "c"), 2), "_n": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*(?::[^{}]*)?\}")
SOURCE = "en"


def languages(folder: Path = LOCALE) -> list[str]:
    import tomllib

    return list(tomllib.loads((folder / "languages.toml").read_text(encoding="utf-8"))["languages"])


def extract(root: Path = ROOT) -> Catalog:
    """Every msgid marked in kiosk/, with its locations and translator comments, as Babel extracts it."""
    with (root / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    catalog = Catalog(project="patient-handout-kiosk", copyright_holder="the kiosk's authors", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            root / "kiosk", method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True):
        catalog.add(message, None, [(f"kiosk/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, sort_by_file=True, ignore_obsolete=True)


def _keys(catalog: Catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def compiled(catalog: Catalog) -> bytes:
    """The .mo bytes of CATALOG as Babel compiles it (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def cldr_formats(code: str) -> dict | None:
    """CODE's CLDR data for kiosk.core.i18n's formatter, from Babel: date, time and date-time patterns, month and
    day names, AM/PM, number symbols. None for a code CLDR does not know (the kiosk then uses English's)."""
    try:
        loc = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return None
    months = {width: dates.get_month_names(width, "format", loc) for width in ("wide", "abbreviated")}
    days = {width: dates.get_day_names(width, "format", loc) for width in ("wide", "abbreviated")}
    periods = dates.get_period_names("abbreviated", "format", loc)
    plain = numbers.format_decimal(1234, locale=loc)
    return {
        "source": f"CLDR via Babel {babel_version}, written by tools/translations.py: do not edit",
        "date": {form: dates.get_date_format(form, loc).pattern for form in ("full", "long", "medium", "short")},
        "time_short": dates.get_time_format("short", loc).pattern,
        "datetime_medium": str(dates.get_datetime_format("medium", loc)),
        "months_wide": [months["wide"][m] for m in range(1, 13)],
        "months_abbr": [months["abbreviated"][m] for m in range(1, 13)],
        "days_wide": [days["wide"][d] for d in range(7)],
        "days_abbr": [days["abbreviated"][d] for d in range(7)],
        "periods": {"am": periods["am"], "pm": periods["pm"]},
        "decimal": numbers.get_decimal_symbol(loc),
        "group": numbers.get_group_symbol(loc),
        "min_grouping": 1 if numbers.get_group_symbol(loc) in plain else 2,
    }


def _formats_text(code: str) -> str | None:
    data = cldr_formats(code)
    return None if data is None else json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def update(root: Path = ROOT) -> list[str]:
    """Write the template and bring every catalogue to it (Babel's update: new msgids empty, a changed one fuzzy
    with its old translation, a removed one dropped). Returns what was written."""
    template = extract(root)
    locale = root / "resources" / "locale"
    _write(locale / "kiosk.pot", template)
    written = [str(locale / "kiosk.pot")]
    for code in languages(locale):
        if code == SOURCE:
            continue
        path = locale / code / "LC_MESSAGES" / "kiosk.po"
        catalog = _read(path) if path.exists() else Catalog(locale=code, fuzzy=False)
        catalog.update(template, no_fuzzy_matching=False)
        _write(path, catalog)
        path.with_suffix(".mo").write_bytes(compiled(_read(path)))
        written += [str(path), str(path.with_suffix(".mo"))]
    for code in languages(locale):
        text = _formats_text(code)
        if text is not None:
            (locale / code).mkdir(parents=True, exist_ok=True)
            (locale / code / "formats.json").write_text(text, encoding="utf-8")
            written.append(str(locale / code / "formats.json"))
    return written


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems(root: Path = ROOT) -> list[str]:
    """Everything a translator or a developer must still do, one sentence each: the template out of date with
    the code; for each language a msgid of the code missing from its catalogue, an empty or fuzzy translation, a
    translation whose {placeholders} differ from the msgid's, or an entry the code no longer has."""
    code_catalog = extract(root)
    wanted = _keys(code_catalog)
    locale = root / "resources" / "locale"
    out = []
    template = locale / "kiosk.pot"
    if not template.exists() or _keys(_read(template)) != wanted:
        out.append("resources/locale/kiosk.pot is out of date with the code: run `make translations`.")

    def name(key):
        context, msgid = key
        text = msgid if isinstance(msgid, str) else msgid[0]
        return f"{text!r}" + (f" (context {context!r})" if context else "")

    for code in languages(locale):
        text, path = _formats_text(code), locale / code / "formats.json"
        if text is not None and (not path.exists() or path.read_text(encoding="utf-8") != text):
            out.append(f"resources/locale/{code}/formats.json differs from Babel's CLDR data: run `make translations`.")
    for code in languages(locale):
        if code == SOURCE:
            continue
        path = locale / code / "LC_MESSAGES" / "kiosk.po"
        where = f"resources/locale/{code}/LC_MESSAGES/kiosk.po"
        if not path.exists():
            out.append(f"{where} is missing: the language '{code}' has no catalogue.")
            continue
        catalog = _read(path)
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            out.append(f"{where[:-3]}.mo is not compiled from the .po as it is now: run `make translations`.")
        have = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)): m for m in catalog if m.id}
        for key in sorted(wanted - set(have), key=str):
            out.append(f"{where}: {name(key)} is missing (a msgid in the code that the catalogue lacks).")
        for key in sorted(set(have) - wanted, key=str):
            out.append(f"{where}: {name(key)} is no longer in the code (stale: run `make translations`).")
        for key, message in sorted(have.items(), key=lambda kv: str(kv[0])):
            if key not in wanted:
                continue
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            if message.fuzzy:
                out.append(f"{where}: {name(key)} is fuzzy (its English changed; check the translation).")
            elif not strings or not all(s.strip() for s in strings):
                out.append(f"{where}: {name(key)} is not translated.")
            elif any(_placeholders(s) != _placeholders(ids[-1] if i else ids[0]) for i, s in enumerate(strings)):
                out.append(f"{where}: {name(key)}'s translation has other {{placeholders}} than the English.")
    return out


_PSEUDO = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        "åƀçđéƒĝĥîĵķľɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĽṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")


def pseudo_text(text: str) -> str:
    """TEXT with its letters accented and brackets round it; {placeholders} untouched: "[Ŝîĝñ îñ {name}]"."""
    parts = re.split(r"(\{[a-z_0-9]*(?::[^{}]*)?\})", text)
    return "[" + "".join(p if PLACEHOLDER.fullmatch(p) else p.translate(_PSEUDO) for p in parts) + "]"


def pseudo(code: str, folder: Path, root: Path = ROOT) -> Path:
    """A copy of the bundled locale folder in FOLDER with one more language, CODE, named "Pseudo" in
    languages.toml (the one configuration line) and a catalogue generated from the template. Returns FOLDER."""
    shutil.copytree(root / "resources" / "locale", folder, dirs_exist_ok=True)
    template = _read(folder / "kiosk.pot")
    catalog = Catalog(locale=None, fuzzy=False, header_comment=f"# Pseudo-language {code}, generated.")
    catalog._set_mime_headers([("Language", code), ("Plural-Forms", "nplurals=2; plural=(n != 1);")])
    for m in template:
        if not m.id:
            continue
        string = pseudo_text(m.id) if isinstance(m.id, str) else tuple(pseudo_text(i) for i in m.id)
        catalog.add(m.id, string, context=m.context)
    po = folder / code / "LC_MESSAGES" / "kiosk.po"
    _write(po, catalog)
    po.with_suffix(".mo").write_bytes(compiled(_read(po)))
    with (folder / "languages.toml").open("a", encoding="utf-8") as f:
        f.write(f'{code} = "Pseudo"\n')
    return folder


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"]:
        for path in update():
            print(f"wrote {Path(path).relative_to(ROOT)}")
        return 0
    if argv[:1] == ["check"]:
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s) in the translations." if found else "The translations are complete.")
        return 1 if found else 0
    if argv[:1] == ["pseudo"] and len(argv) == 3:
        print(pseudo(argv[1], Path(argv[2])))
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The translation catalogues are complete and current, and the check that says so can fail.

`tools/translations.py check` (and `make translations`) runs the same `problems()`; docs/translations.md explains
the workflow these tests hold the code to."""
from __future__ import annotations

import importlib.util
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from kiosk.core import i18n, warning_sets
from kiosk.core.model import REGION_NAMES, SECTION_TITLES
from kiosk.sheet import labels as lb
from kiosk.ui.patient import strings

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "tools" / "translations.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def test_every_msgid_in_the_code_is_translated_in_every_catalogue_and_the_template_is_current():
    assert tool.problems() == []


def test_the_tables_are_the_catalogues_msgids_so_none_is_left_out_of_extraction():
    extracted = {m.id for m in tool.extract() if m.id}
    tables = [strings.MESSAGES, lb.MESSAGES, SECTION_TITLES.entries, REGION_NAMES.entries]
    ids = {i18n.msgid(entry) for table in tables for entry in table.values() if entry}
    assert ids - extracted == set()


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_label_with_placeholders_formats_in_every_language(lang):
    values = dict(title="T", phone="555", limit="300", signs="S", time="9:00", slug="s", version=2, when="W",
                  page=1, pages=2, region="R", n=3, query="q", alt="A", duration="D", name="N")
    for key in strings.MESSAGES:
        assert strings.tr(key, lang, **values)
    for key, text in lb.labels(lang).items():
        assert text.format(**values), key


def test_spanish_screens_and_sheet_read_spanish():
    assert strings.tr("touch_to_start", "es") == "Toque para empezar"
    assert strings.tr("back", "es") == "Atrás" and strings.tr("back_side", "es") == "De espaldas"  # two contexts
    assert strings.tr("switch_language", "en") == "Español" and strings.tr("switch_language", "es") == "English"
    assert strings.tr("rotating_5", "en") == "Información en español: toque «Español»."
    assert strings.tr("rotating_5", "es") == "Information in English: touch “English”."
    assert lb.labels("es")["title"] == "Sus cuidados: {title}" and REGION_NAMES["es"]["knee"] == "Rodilla"
    assert strings.tr("found_many", "es", n=12) == "12 procedimientos encontrados"
    assert lb.format_date(date(2026, 12, 4), "es") == "viernes, 4 de diciembre de 2026"
    assert i18n.format_number(1234567.5, "en") == "1,234,567.5" and i18n.format_number(1234567.5, "es") == \
        "1.234.567,5"


def test_languages_toml_is_the_one_table_of_languages_and_their_names():
    table = tomllib.loads((ROOT / "resources" / "locale" / "languages.toml").read_text())["languages"]
    assert i18n.LANGUAGE_NAMES == table == {"en": "English", "es": "Español"}
    from kiosk import config
    from kiosk.core import model

    assert model.LANGUAGES == config.LANGUAGES == i18n.LANGUAGES == ("en", "es")
    assert i18n.next_language("en") == "es" and i18n.next_language("es") == "en"


@pytest.mark.parametrize("lang", [c for c in i18n.LANGUAGES])
def test_every_warning_sign_is_written_in_every_language_the_kiosk_has(lang):
    missing = [f"{ws.family}.{s.key}" for ws in warning_sets.warning_sets().values() for s in ws.signs
               if lang not in s.text]
    assert missing == []


# --- the check itself fails on each kind of problem --------------------------------------------------------------

def _project(tmp_path: Path, code: str, po_body: str) -> Path:
    """A tiny project: one module with three msgids, a template, and an es catalogue with PO_BODY's entries."""
    (tmp_path / "kiosk").mkdir()
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    (tmp_path / "kiosk" / "screen.py").write_text(code, encoding="utf-8")
    locale = tmp_path / "resources" / "locale"
    (locale / "es" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "languages.toml").write_text('[languages]\nen = "English"\nes = "Español"\n', encoding="utf-8")
    tool._write(locale / "kiosk.pot", tool.extract(tmp_path))
    header = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    po = locale / "es" / "LC_MESSAGES" / "kiosk.po"
    po.write_text(header + po_body, encoding="utf-8")
    po.with_suffix(".mo").write_bytes(tool.compiled(tool._read(po)))  # as `make translations` leaves it
    for code in ("en", "es"):
        (locale / code).mkdir(exist_ok=True)
        shutil.copy(ROOT / "resources" / "locale" / code / "formats.json", locale / code / "formats.json")
    return tmp_path


CODE = 'from kiosk.core.i18n import _, C_, N_\nA = _("Sign in")\nB = C_("body side", "Back")\nC = N_("{n} left")\n'
GOOD = ('msgid "Sign in"\nmsgstr "Entrar"\n\nmsgctxt "body side"\nmsgid "Back"\nmsgstr "De espaldas"\n\n'
        'msgid "{n} left"\nmsgstr "quedan {n}"\n')


def test_a_complete_small_project_passes(tmp_path):
    assert tool.problems(_project(tmp_path, CODE, GOOD)) == []


@pytest.mark.parametrize("change, words", [
    (lambda po: po.replace('msgid "Sign in"\nmsgstr "Entrar"\n', ""), "'Sign in' is missing"),
    (lambda po: po.replace('msgstr "Entrar"', 'msgstr ""'), "'Sign in' is not translated"),
    (lambda po: po.replace('msgid "Sign in"', '#, fuzzy\nmsgid "Sign in"'), "'Sign in' is fuzzy"),
    (lambda po: po.replace('msgstr "quedan {n}"', 'msgstr "quedan {número}"'), "other {placeholders}"),
    (lambda po: po + '\nmsgid "Gone from the code"\nmsgstr "Ya no está"\n', "no longer in the code"),
])
def test_the_check_names_each_missing_untranslated_fuzzy_or_stale_entry(tmp_path, change, words):
    found = tool.problems(_project(tmp_path, CODE, change(GOOD)))
    assert len(found) == 1 and words in found[0] and "es/LC_MESSAGES/kiosk.po" in found[0], found


def test_a_translation_without_its_context_is_not_the_one_the_code_asks_for(tmp_path):
    found = tool.problems(_project(tmp_path, CODE, GOOD.replace('msgctxt "body side"\n', "")))
    assert found == [
        "resources/locale/es/LC_MESSAGES/kiosk.po: 'Back' (context 'body side') is missing (a msgid in the code that "
        "the catalogue lacks).",
        "resources/locale/es/LC_MESSAGES/kiosk.po: 'Back' is no longer in the code (stale: run `make translations`)."]


def test_a_msgid_added_to_the_code_makes_the_template_and_the_catalogue_stale(tmp_path):
    root = _project(tmp_path, CODE, GOOD)
    (root / "kiosk" / "screen.py").write_text(CODE + 'D = _("Print")\n', encoding="utf-8")
    found = tool.problems(root)
    assert any("kiosk.pot is out of date" in line for line in found)
    assert any("'Print' is missing" in line for line in found)
    tool.update(root)  # the translator's step: the new msgid arrives empty, the rest stays translated
    assert [line for line in tool.problems(root)] == [
        "resources/locale/es/LC_MESSAGES/kiosk.po: 'Print' is not translated."]


def test_a_changed_english_text_arrives_fuzzy_with_its_old_translation(tmp_path):
    root = _project(tmp_path, CODE, GOOD)
    (root / "kiosk" / "screen.py").write_text(CODE.replace('"Sign in"', '"Sign in here"'), encoding="utf-8")
    tool.update(root)
    po = (root / "resources" / "locale" / "es" / "LC_MESSAGES" / "kiosk.po").read_text(encoding="utf-8")
    assert '#, fuzzy' in po and 'msgstr "Entrar"' in po
    assert tool.problems(root) == ["resources/locale/es/LC_MESSAGES/kiosk.po: 'Sign in here' is fuzzy (its English "
                                   "changed; check the translation)."]


def test_a_fuzzy_entry_is_never_shown(tmp_path, monkeypatch):
    """Babel leaves fuzzy entries out when it compiles: the English shows until a translator confirms."""
    root = _project(tmp_path, CODE, GOOD.replace('msgid "Sign in"', '#, fuzzy\nmsgid "Sign in"'))
    monkeypatch.setenv("KIOSK_LOCALE_DIR", str(root / "resources" / "locale"))
    i18n._translations.cache_clear()
    try:
        assert i18n.gettext("Sign in", "es") == "Sign in"
        assert i18n.pgettext("body side", "Back", "es") == "De espaldas"
    finally:
        monkeypatch.delenv("KIOSK_LOCALE_DIR")
        i18n._translations.cache_clear()


def test_a_language_missing_from_the_warning_sets_refuses_its_handouts_instead_of_stopping_the_kiosk():
    from helpers.handouts import sample_handout

    sets = warning_sets.parse_sets('[sets.x]\nevery_handout = true\n[[sets.x.signs]]\nkey = "a"\n'
                                   'section = "emergency"\nen = "You cannot breathe."\n')
    issues = warning_sets.check(sample_handout(language="es"), sets)
    assert [i.message for i in issues] == [
        "the 'x.a' warning sign has no 'es' text yet; translate it in resources/content/warning_sets.toml first"]


# --- dates and numbers: the kiosk's CLDR formatter writes exactly what Babel writes ----------------------------

@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_date_of_a_year_in_every_form_is_written_as_babel_writes_it(lang):
    from datetime import datetime, timedelta

    from babel import dates as babel_dates

    day = date(2028, 1, 1)  # a leap year
    for n in range(366):
        d = day + timedelta(days=n)
        for form in ("full", "long", "medium", "short"):
            assert i18n.format_date(d, lang, form) == babel_dates.format_date(d, form, locale=lang).replace(
                "\u202f", " "), (d, form)
    for hour in range(24):
        t = datetime(2028, 3, 4, hour, 7)
        assert i18n.format_time(t, lang) == babel_dates.format_time(t, "short", locale=lang).replace("\u202f", " ")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("value", [0, 7, -3, 999, 1000, 1234, 12345, 1234567, 0.5, 2.25, 3.14159, -1234.5, 300,
                                   1e9, 0.0005, 12.0])
def test_numbers_are_written_as_babel_writes_them(lang, value):
    from babel import numbers as babel_numbers

    assert i18n.format_number(value, lang) == babel_numbers.format_decimal(value, locale=lang)


def test_the_kiosk_runs_without_babel():
    """Babel is a translators' tool here: the runtime reads the compiled catalogues and the written CLDR data."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['babel'] = None\n"
            "from datetime import date\n"
            "from kiosk.core import i18n\n"
            "from kiosk.sheet import labels\n"
            "print(i18n.gettext('Sign in', 'es'), '|', labels.format_date(date(2026, 12, 4), 'es'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Entrar | viernes, 4 de diciembre de 2026"

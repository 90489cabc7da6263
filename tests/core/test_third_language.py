"""Adding a language is one catalogue, the handout files and one line of configuration: no code changes.

A pseudo-language "xx" is generated from the template (tools/translations.py pseudo: every English text with its
letters accented and bracketed, "[Ŝîĝñ îñ]") in a temporary locale folder, with its one line in languages.toml.
A child process pointed at that folder (KIOSK_LOCALE_DIR) builds the real patient screens, the staff menu and the
discharge screen, and renders a sheet in it; this test reads what they show and what the PDF says."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "tools" / "translations.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

ACCENTED = re.compile(r"\[[^\]]*[åƀçđéƒĝĥîĵķľɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĽṀÑÖÞǪŔŠŢÛṼŴẊÝŽ][^\]]*\]")


def pseudo(text: str) -> str:
    return tool.pseudo_text(text)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xx")
    locale = tool.pseudo("xx", tmp / "locale")
    env = {**os.environ, "KIOSK_LOCALE_DIR": str(locale), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(tmp / "data"), "XDG_STATE_HOME": str(tmp / "state"),
           "XDG_CONFIG_HOME": str(tmp / "config")}
    pdf = tmp / "sheet-xx.pdf"
    child = subprocess.run([sys.executable, str(Path(__file__).with_name("third_language_child.py")),
                            str(tmp / "kiosk.sqlite3"), str(pdf)],
                           env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert child.returncode == 0, child.stderr[-3000:]
    return json.loads(child.stdout.strip().splitlines()[-1]), pdf


def test_the_configuration_line_and_catalogue_are_all_the_code_needed(tmp_path):
    locale = tool.pseudo("xx", tmp_path / "locale")
    added = (locale / "languages.toml").read_text().splitlines()[-1]
    assert added == 'xx = "Pseudo"'
    assert (locale / "xx" / "LC_MESSAGES" / "kiosk.po").is_file()
    assert tool.problems.__doc__  # the same checker runs over it:
    assert pseudo("Hello {name}.") == "[Ĥéľľö {name}.]"


def test_the_language_is_offered_and_named_from_its_configuration_line(run):
    out, _pdf = run
    assert out["languages"] == ["en", "es", "xx"] and out["names"]["xx"] == "Pseudo"
    # the patient's language button names the language it switches to, round all three
    assert out["button_names"] == ["Español", "Pseudo", "English"]


def test_the_patient_screens_speak_the_new_language(run):
    out, _pdf = run
    assert pseudo("Touch to start") in out["welcome"]
    assert pseudo("Where does it hurt?") in out["home"] and pseudo("Search") in out["home"]
    assert pseudo("Knee") in out["home"]  # a body-region word
    # no handout is written in xx yet: the English one shows, with the notice in the patient's language
    assert pseudo("This page is not in your language yet, so it is shown in English.") in out["procedure"]
    assert pseudo("Sections") in out["procedure"] and pseudo("Listen") in out["procedure"]
    assert "What it is" in out["procedure"]  # the English handout keeps its own headings
    assert "Touch to start" not in out["welcome"] and "Where does it hurt?" not in out["home"]


def test_the_staff_screens_follow_the_members_saved_language(run):
    out, _pdf = run
    assert pseudo("Discharge sheet") in out["menu"] and pseudo("Sign out") in out["menu"]
    assert pseudo("Print") in out["discharge"] and pseudo("Patient name") in out["discharge"]
    assert pseudo("Enter the patient's name.") in out["form_problems"]
    english_left = [t for t in out["menu"] + out["discharge"] if re.fullmatch(r"[A-Z][a-z]+( [a-z]+)+\.?", t)]
    assert english_left == []


def test_a_sheet_prints_its_labels_and_dates_in_the_new_language(run):
    _out, pdf = run
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    for label in ("Key points", "Patient", "You had medicine to relax you", "Call us if"):
        assert " ".join(pseudo(label).split()) in flat, label
    assert "Key points" not in flat and "Procedure date" not in flat
    # CLDR has no "xx": dates are written as in English rather than failing
    assert "Friday, December 4, 2026" in flat

"""Section length and word length (issue 13): a pasted base64 image, a log or a 4,000+ character section is an
error with FILE:LINE in `kiosk check` (the content lint every door runs), and blocks a publish in the editor."""
from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from helpers.handouts import sample_handout
from kiosk.content.check import check_folder
from kiosk.core.lint import MAX_FIELD_CHARS, MAX_WORD_CHARS, lint

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "handouts" / "knee-joint-injection.en.toml"
# what a pasted PNG looks like: one unbroken run of base64, here 3 KB of it
BLOB = base64.b64encode(os.urandom(2400)).decode()


def errors(h):
    return [(i.field, i.message) for i in lint(h, readability=False) if i.blocks_publish]


def test_a_pasted_base64_image_in_a_section_is_an_error():
    h = sample_handout()
    h = replace(h, sections={**h.sections, "what_it_is": h.sections["what_it_is"] + "\n" + BLOB})
    found = errors(h)
    assert any(field == "what_it_is" and "'word' of 3,200 characters" in msg for field, msg in found), found


@pytest.mark.parametrize("field", ["summary", "title", "do", "dont", "call_clinic", "emergency"])
def test_every_text_field_gets_the_word_rule(field):
    h = sample_handout()
    word = "x" * (MAX_WORD_CHARS + 1)
    if field in ("summary", "title"):
        h = replace(h, **{field: getattr(h, field) + " " + word})
    elif field in ("do", "dont"):
        h = replace(h, **{field: (*getattr(h, field), "Rest " + word)})
    else:
        h = replace(h, sections={**h.sections, field: h.sections[field] + " " + word})
    assert any(f == field and "no word may be longer than 60" in m for f, m in errors(h))


def test_the_limits_sit_exactly_at_4000_characters_and_60_character_words():
    h = sample_handout()
    ok_word = "y" * MAX_WORD_CHARS
    base = h.sections["what_it_is"] + " " + ok_word + " "
    filler = ("You rest. " * 500)[: MAX_FIELD_CHARS - len(base)]
    at_limit = replace(h, sections={**h.sections, "what_it_is": base + filler})
    assert len(at_limit.sections["what_it_is"]) == MAX_FIELD_CHARS
    assert errors(at_limit) == []
    over = replace(h, sections={**h.sections, "what_it_is": base + filler + "!"})
    assert [m for f, m in errors(over) if f == "what_it_is"] == [
        "is 4,001 characters long; keep it under 4,000 (was something pasted in?)"]


def test_kiosk_check_names_the_file_and_the_line_of_the_blob(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    at = lines.index('what_it_is = """') + 3  # inside the section, two lines below its key
    lines.insert(at, BLOB)
    target = folder / SOURCE.name
    target.write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(SOURCE.with_name("knee-joint-injection.es.toml"), folder)
    problems = [str(p) for p in check_folder(folder)]
    expected = f"{target}:{at + 1}: what_it_is: holds a 'word' of 3,200 characters ('{BLOB[:20]}…')"
    assert any(p.startswith(expected) for p in problems), problems
    r = subprocess.run([sys.executable, "main.py", "check", str(folder)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, env={**os.environ, "KIOSK_DB": str(tmp_path / "k.sqlite3")})
    assert r.returncode == 1 and expected in r.stdout and "Traceback" not in r.stderr


def test_a_long_ordinary_section_is_reported_at_its_key_line(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    text = SOURCE.read_text(encoding="utf-8")
    key_line = text.split("\n").index('what_it_is = """') + 1
    text = text.replace('what_it_is = """\n', 'what_it_is = """\n' + "You can rest at home today.\n" * 160, 1)
    (folder / SOURCE.name).write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_folder(folder)]
    assert any(p.startswith(f"{folder / SOURCE.name}:{key_line}: what_it_is: is ") and "characters long" in p
               for p in problems), problems


def test_the_bundled_handouts_are_far_inside_both_limits():
    assert check_folder(ROOT / "handouts") == []

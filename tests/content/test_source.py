"""The handout source format: every refusal names FILE:LINE; canonical files survive a round trip."""
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from helpers.handouts import sample_handout
from kiosk.content.library import load_folder, read_file
from kiosk.content.source import dump, parse


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_dump_then_parse_gives_the_same_handout():
    h = sample_handout()
    parsed, problems = parse(dump(h), "x.toml")
    assert problems == [] and parsed == h


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200).filter(lambda s: s.strip() == s and s))
def test_any_text_survives_the_source_format(text):
    from kiosk.core.model import normalise

    text = normalise(text).strip()
    if not text or "\x00" in text:
        return
    h = sample_handout(summary=text, title="T")
    parsed, problems = parse(dump(h), "x.toml")
    assert problems == []
    assert parsed.summary == text


@pytest.mark.parametrize(
    "mutate, line, message",
    [
        (lambda t: t.replace('title = "Test injection"', 'title = "Test injection"\ncolour = "red"'), 5, "unknown key 'colour'"),
        (lambda t: t.replace('review_due = "2030-01-01"', 'review_due = "2030-13-45"'), None, "'review_due' is not a date"),
        (lambda t: t.replace('[sections]\n', '[sections]\nhistory = "x"\n'), None, "unknown section 'history'"),
        (lambda t: t.replace('language = "en"', 'language = "fr"'), 3, "language 'fr'"),
        (lambda t: t.replace('slug = "test-injection"', 'slug = "../../etc"'), 2, "slug '../../etc'"),
        (lambda t: t.replace('regions = ["low_back"]', 'regions = ["elbow"]'), None, "unknown body region 'elbow'"),
        (lambda t: t.replace('title = "Test injection"', 'title = ""'), 4, "'title' is empty"),
        (lambda t: t.replace('slug = "test-injection"\n', 'slug = "test-injection"\nslug = "again"\n'), None, "not valid TOML"),
        (lambda t: t[: len(t) // 2], None, "not valid TOML"),
    ],
)
def test_broken_files_are_refused_with_file_and_line(tmp_path, mutate, line, message):
    text = mutate(dump(sample_handout()))
    path = write(tmp_path, "test-injection.en.toml", text)
    loaded, problems = read_file(path)
    assert loaded is None
    assert any(message in p.message for p in problems), problems
    assert all(str(p).startswith(f"{path}:") for p in problems)
    if line is not None:
        assert any(p.line == line and message in p.message for p in problems)


def test_missing_section_points_at_the_sections_table(tmp_path):
    text = dump(sample_handout())
    start = text.index("follow_up = ")
    path = write(tmp_path, "test-injection.en.toml", text[:start])
    _, problems = read_file(path)
    sections_line = text.split("\n").index("[sections]") + 1
    assert [(p.line, p.message) for p in problems] == [(sections_line, "missing '[sections] follow_up'")]


def test_not_utf8_and_symlinks_and_huge_files_are_refused(tmp_path):
    bad = tmp_path / "test-injection.en.toml"
    bad.write_bytes(dump(sample_handout()).encode("utf-8").replace(b"Test", b"T\xe9st", 1))
    assert "not UTF-8" in read_file(bad)[1][0].message
    link = tmp_path / "link.en.toml"
    link.symlink_to(bad)
    assert "symbolic link" in read_file(link)[1][0].message
    big = tmp_path / "big.en.toml"
    big.write_bytes(b"#" * 2_000_000)
    assert "at most" in read_file(big)[1][0].message


def test_folder_checks_duplicates_and_orphan_translations(tmp_path):
    write(tmp_path, "test-injection.en.toml", dump(sample_handout()))
    write(tmp_path, "other.es.toml", dump(sample_handout(slug="other", language="es")))
    result = load_folder(tmp_path)
    assert [p.message for p in result.problems] == ["'other' in 'es' has no English original (other.en.toml)"]
    write(tmp_path, "wrong-name.en.toml", dump(sample_handout()))
    result = load_folder(tmp_path)
    assert any("file name should be 'test-injection.en.toml'" in p.message for p in result.problems)


def test_families_and_questions_survive_the_source_format_and_the_store():
    from kiosk.store.codec import from_json, to_json

    h = sample_handout(families=("spine", "lumbar"), questions=("Do I need a driver?", 'Is "gel" a steroid?'))
    text = dump(h)
    assert 'families = ["spine", "lumbar"]' in text and "questions = [\n" in text
    parsed, problems = parse(text, "x.toml")
    assert problems == [] and parsed == h and dump(parsed) == text
    assert from_json(to_json(h)) == h
    plain = sample_handout()
    assert "questions" not in dump(plain)  # optional: absent when there are none
    assert parse(dump(plain), "x.toml")[0].questions == ()


@pytest.mark.parametrize("old, new, message", [
    ('families = []\n', "", "missing 'families'"),
    ('families = []', 'families = "spine"', "'families' must be a list of text"),
    ('families = []', 'families = ["Spine!"]', "family 'Spine!' must be a plain name"),
    ('summary = "', 'questions = [1, 2]\nsummary = "', "'questions' must be a list of text"),
    ('summary = "', 'questions = ["  "]\nsummary = "', "'questions' has an empty item"),
])
def test_bad_families_and_questions_are_refused_with_a_line(tmp_path, old, new, message):
    text = dump(sample_handout())
    assert old in text
    path = write(tmp_path, "test-injection.en.toml", text.replace(old, new, 1))
    loaded, problems = read_file(path)
    assert loaded is None and any(message in p.message for p in problems), problems


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=4))
def test_any_questions_survive_the_source_format(questions):
    from kiosk.core.model import normalise

    items = tuple(normalise(q).strip() for q in questions)
    if any(not q or "\x00" in q for q in items):
        return
    h = sample_handout(questions=items)
    parsed, problems = parse(dump(h), "x.toml")
    assert problems == [] and parsed.questions == items


def test_questions_read_as_a_list_section_for_renderers():
    """The sheet prints `handout.section("questions")` like any "- " list section."""
    h = sample_handout(questions=("Do I need a driver?", "When do I\nrestart my blood thinner?"))
    assert h.section("questions") == "- Do I need a driver?\n- When do I restart my blood thinner?"
    assert sample_handout().section("questions") == ""

"""Property tests for free text entering the domain and the store (hypothesis).

Inputs mix arbitrary Unicode with reportlab-markup fragments (<, &, <font>, <img>, ]]]), TOML and FTS5 syntax,
combining accents, right-to-left marks, NUL and other control characters, and very long strings. Each
property says what a user gets: the NFC-normalised, stripped text, or a clear refusal - never a crash.

Sizes: the "hardening-ci" profile (50 examples each) in `make test`; the `[soak]` variants run the
"hardening-soak" profile (10,000 examples each) under `make soak` (KIOSK_SOAK=1).
"""
from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from hardening.support import SOAK_ONLY, fuzz_settings, one_sentence
from helpers.handouts import sample_handout
from kiosk.core.lint import MAX_FIELD_CHARS, MAX_WORD_CHARS
from kiosk.content.source import MAX_HEADING_CHARS, dump
from kiosk.core.model import ClinicSettings, SearchHit, normalise
from kiosk.services import ContentError, import_folder
from kiosk.store import Store
from kiosk.store.staff import StaffError

SIZES = ["ci", pytest.param("soak", marks=SOAK_ONLY)]

MARKUP = [
    "<", ">", "&", "&amp;", "&#0;", "&nbsp", "<font color='red' size='40'>", "</font>", "<font name=Courier>",
    '<img src="http://example.com/x.png"/>', "<img src='/etc/passwd' width=9999/>", "]]]", "<![CDATA[", "]]>",
    "<b>", "</para>", "<br/>", "<a href='javascript:x'>", '"', "'", "\\", '"""', "'''", "#", "[sections]",
    "title = ", "= ", "\n", "\r\n", "\r", "\t", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u202e", "\u202d",
    "\u200f", "\u200e", "\u2066", "\u2069", "\u0301", "\u0308\u0308\u0308", "e\u0301", "n\u0303", "\ufeff",
    "\u2028", "\u2029", "\u00a0", "\u3000", "\U0001F489", "ﬁ", "İ", "ß", "ǅ", "שלום", "مرحبا", "𝔘𝔫𝔦", "\u200b",
]
FTS_SYNTAX = ['"', "*", "NEAR(", "NEAR", "(", ")", "AND", "OR", "NOT", "-", ":", "^", "+", "{title keywords}",
              "title:", "body:", '""', "'", "\\", "*)", "NEAR(a b, 2)"]


def text_made_of(fragments: list[str], max_pieces: int = 12):
    piece = st.one_of(st.text(max_size=30), st.sampled_from(fragments))
    return st.lists(piece, max_size=max_pieces).map("".join)


LONG = st.builds(lambda word, n: (word + " ") * n, st.sampled_from(["knee", "día", "<b>", "e\u0301", "\u202e"]),
                 st.integers(200, 3000))
FREE_TEXT = st.one_of(text_made_of(MARKUP), text_made_of(MARKUP), text_made_of(MARKUP), LONG)


def run(size: str, strategy_kwargs: dict, check) -> None:
    """Run `check` as a hypothesis test with the profile for `size` (ci or soak)."""

    @fuzz_settings(size)
    @given(**strategy_kwargs)
    def prop(**kwargs):
        check(**kwargs)

    prop()


# ---- handout fields: dump -> parse -> import -> get_published ------------------------------------------
FIELDS = {
    # field: (key at the start of its line in the source file, required, one line of at most 120 characters)
    "title": ("title = ", True, True),
    "duration": ("duration = ", True, True),
    "summary": ("summary = ", True, False),
    "section": ("after = ", True, False),
    "keyword": ("keywords = ", True, False),
    "written_by": ("written_by = ", True, False),
    "do": ("do = ", True, False),
}


def with_field(field: str, value: str):
    h = sample_handout(slug="fuzz-case")
    if field == "section":
        return h.with_changes(sections={**h.sections, "after": value})
    if field == "keyword":
        return h.with_changes(keywords=("test", value))
    if field == "written_by":
        return h.with_changes(review=h.review.__class__(value, "", None, h.review.review_due))
    if field == "do":
        return h.with_changes(do=("Use ice", value))
    return h.with_changes(**{field: value})


def read_field(h, field: str) -> str:
    return {"section": lambda: h.sections["after"], "keyword": lambda: h.keywords[1],
            "written_by": lambda: h.review.written_by, "do": lambda: h.do[1]}.get(field, lambda: getattr(h, field))()


def expected_refusal(field: str, text: str) -> str | None:
    prefix, required, heading = FIELDS[field]
    if not text:
        return "empty"
    if "\x00" in text:
        return "NUL"
    if heading and ("\n" in text or len(text) > MAX_HEADING_CHARS):
        return "one line" if "\n" in text else "characters long"
    if field in LINTED and len(text) > MAX_FIELD_CHARS:
        return "characters long"
    if field in LINTED and long_word(text):
        return "no word may be longer"
    return None


LINTED = ("title", "summary", "section", "do")  # the fields the content lint's size rule reads


def long_word(text: str) -> str:
    """The first word longer than the lint allows (kiosk.core.lint.MAX_WORD_CHARS), or ""."""
    return next((w for w in text.split() if len(w) > MAX_WORD_CHARS), "")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from kiosk.services import open_store

    store = open_store(tmp_path_factory.mktemp("db") / "kiosk.sqlite3")
    yield store
    store.close()


@pytest.mark.parametrize("size", SIZES)
def test_handout_text_comes_back_normalised_or_is_refused_at_its_line(library, size):
    def check(field, value):
        handout = with_field(field, value)
        source = dump(handout)
        expected = normalise(value).strip()
        refusal = expected_refusal(field, expected)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fuzz-case.en.toml"
            path.write_text(source, encoding="utf-8")
            if refusal is None:
                import_folder(library, tmp, actor="fuzz")
                stored = library.handouts.get_published("fuzz-case", "en").handout
                assert read_field(stored, field) == expected
                assert all(isinstance(h, SearchHit) for h in library.search.search(expected[:200], "en"))
            else:
                with pytest.raises(ContentError) as info:
                    import_folder(library, tmp, actor="fuzz")
                problems = info.value.problems
                assert any(refusal in p.message for p in problems), (refusal, [str(p) for p in problems])
                field_line = next(n for n, ln in enumerate(source.split("\n"), 1) if ln.startswith(FIELDS[field][0]))
                if refusal == "no word may be longer":  # reported at the line holding the word, when it is found
                    excerpt = long_word(expected)[:20]
                    field_line = next((n for n, ln in enumerate(source.split("\n"), 1)
                                       if n >= field_line and excerpt in ln), field_line)
                assert any(p.line == field_line and refusal in p.message for p in problems), [str(p) for p in problems]

    run(size, {"field": st.sampled_from(list(FIELDS)), "value": FREE_TEXT}, check)


# ---- search ---------------------------------------------------------------------------------------------
QUERY = st.one_of(text_made_of(FTS_SYNTAX + MARKUP, max_pieces=16), LONG)
NOISE = st.lists(st.sampled_from(['"', "*", "(", ")", "-", ":", "^", "+", "{", "}", "\\", "'", "~", "\x00", " "]),
                 max_size=6).map("".join)
WORDS = ["knee", "epidural", "nudo", "facet", "bursitis", "inyeccion", "shot", "nerve"]


@pytest.mark.parametrize("size", SIZES)
def test_search_never_raises_and_reads_syntax_as_plain_words(library, size):
    published = {(v.handout.slug, v.handout.language) for v in library.handouts.published()}

    def check(query, word, before, after, operator, language):
        hits = library.search.search(query, language)
        assert isinstance(hits, list) and all(isinstance(h, SearchHit) for h in hits)
        assert all((h.slug, h.language) in published for h in hits)
        # punctuation around a word changes nothing: FTS5 never sees it as syntax
        slugs = lambda q: [h.slug for h in library.search.search(q, language)]  # noqa: E731
        assert slugs(before + word + after) == slugs(word)
        # an operator word is a plain word: "knee AND back" finds what "knee and back" finds
        assert slugs(f"{word} {operator} back") == slugs(f"{word} {operator.lower()} back")

    run(size, {"query": QUERY, "word": st.sampled_from(WORDS), "before": NOISE, "after": NOISE,
               "operator": st.sampled_from(["AND", "OR", "NOT", "NEAR"]), "language": st.sampled_from(["en", "es"])},
        check)


def test_a_pasted_page_is_read_as_its_first_ten_words(library, monkeypatch):
    """5,000 words that match nothing used to take the typo pass over every one of them: 15 s and more per
    keystroke on this machine. The query is read as its first ten words, whatever follows."""
    essay = " ".join(f"zq{i}x" for i in range(5000))
    calls = []
    real = library.search._correct
    monkeypatch.setattr(library.search, "_correct", lambda word: calls.append(word) or real(word))
    assert library.search.search(essay, "en") == library.search.search(" ".join(essay.split()[:10]))
    # ten words, corrected once; the second search reuses them (kept until the library changes): no more
    assert sorted(calls) == sorted(essay.split()[:10])
    knee_first = "knee " + essay
    assert library.search.search(knee_first, "en") == library.search.search("knee " + " ".join(essay.split()[:9]))


# ---- settings -------------------------------------------------------------------------------------------
TEXT_SETTINGS = ["name", "address", "phone", "after_hours_phone", "web_address", "logo_path", "default_printer",
                 "print_folder"]
LIST_SETTINGS = ["medications", "physicians", "smart_phrases"]


@pytest.mark.parametrize("size", SIZES)
def test_settings_text_saves_and_reads_back_exactly_and_is_not_logged(library, size):
    def check(field, value, items):
        if field in LIST_SETTINGS:
            value = tuple(items)
        before = getattr(library.settings.get(), field)
        entries = len(library.audit.entries(kind="settings"))
        library.settings.update("fuzz", **{field: value})
        assert getattr(library.settings.get(), field) == value
        if value == before:  # nothing changed, nothing logged
            assert len(library.audit.entries(kind="settings")) == entries
        else:
            entry = library.audit.entries(kind="settings", limit=1)[0]
            assert entry.detail == {"changed": [field]}  # the audit log names the field, never the value

    run(size, {"field": st.sampled_from(TEXT_SETTINGS + LIST_SETTINGS), "value": FREE_TEXT,
               "items": st.lists(FREE_TEXT, max_size=5)}, check)
    assert isinstance(library.settings.get(), ClinicSettings)


# ---- staff names ----------------------------------------------------------------------------------------
def hidden(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in "\u200c\u200d" for c in text)


@pytest.mark.parametrize("size", SIZES)
def test_a_staff_name_is_stored_in_one_form_or_refused_in_one_sentence(size):
    def check(name):
        with Store.open(":memory:") as store:
            expected = " ".join(unicodedata.normalize("NFC", name).split())
            try:
                member = store.staff.add(name, "nurse", "482913")
            except StaffError as exc:
                assert one_sentence(str(exc)), str(exc)
                assert not expected or len(expected) > 80 or hidden(expected), (name, str(exc))
                assert store.staff.list() == []
                return
            assert expected and len(expected) <= 80 and not hidden(expected)
            assert member.name == expected and [m.name for m in store.staff.list()] == [expected]
            # the name signs in however it is typed: decomposed accents, extra spaces
            typed = "  " + unicodedata.normalize("NFD", expected).replace(" ", "   ") + " "
            assert store.staff.verify(typed, "482913").name == expected
            # and another spelling of the same name is the same person, not a second account
            with pytest.raises(StaffError, match="already a staff member"):
                store.staff.add(typed, "admin", "583914")

    run(size, {"name": st.one_of(text_made_of(MARKUP, max_pieces=6), st.text(min_size=81, max_size=200))}, check)


@pytest.mark.parametrize("name, accepted", [
    ("Jos\u00e9 Ortega", True),
    ("\u0645\u0647\u200c\u0633\u0627", True),  # Persian with a zero-width non-joiner: part of the spelling
    ("Ann\u202eeerG", False),  # right-to-left override: displays as another name
    ("Ann\u200b", False),  # zero-width space: looks exactly like "Ann"
    ("A\x00B", False),
    ("Bob\x1b[2J", False),
])
def test_names_that_disguise_themselves_are_refused(name, accepted):
    with Store.open(":memory:") as store:
        store.staff.add("Ann", "admin", "482913")
        if accepted:
            assert store.staff.add(name, "nurse", "583914").name == unicodedata.normalize("NFC", name)
        else:
            with pytest.raises(StaffError, match="control or invisible characters"):
                store.staff.add(name, "nurse", "583914")


def test_two_spellings_of_one_name_are_one_account():
    """'José' typed with a composed é and with e + combining accent, or 'ÉLODIE' and 'élodie', used to make two
    accounts that look the same on the PIN pad's list."""
    with Store.open(":memory:") as store:
        store.staff.add("Jos\u00e9", "admin", "482913")
        store.staff.add("\u00e9lodie", "nurse", "482913")
        for twin in ("Jose\u0301", "\u00c9LODIE", "  Jos\u00e9  "):
            with pytest.raises(StaffError, match="already a staff member"):
                store.staff.add(twin, "nurse", "583914")
        assert sorted(m.name for m in store.staff.list()) == ["Jos\u00e9", "\u00e9lodie"]
        assert store.staff.get("Jose\u0301").name == "Jos\u00e9"
        store.staff.set_disabled("\u00e9lodie", True, "Jos\u00e9")
        assert store.staff.get("\u00e9lodie").disabled

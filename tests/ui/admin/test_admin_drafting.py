"""The plain-Python parts of the console: slugs for new handouts, the side-by-side difference, the publish rule,
and new handouts, duplicates and translations. No widgets needed."""
from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kiosk.content.source import SLUG_RE
from kiosk.core.lint import LintIssue, lint
from kiosk.core.model import SECTION_KEYS
from kiosk.ui.admin import drafting
from kiosk.ui.admin.history import side_by_side


@given(st.text(max_size=120))
def test_a_slug_made_from_any_title_is_valid_or_empty(title):
    slug = drafting.slugify(title)
    assert slug == "" or SLUG_RE.match(slug)
    assert len(slug) <= 60


def test_slugify_folds_accents_and_punctuation():
    assert drafting.slugify("Inyección en la rodilla (derecha)") == "inyeccion-en-la-rodilla-derecha"
    assert drafting.slug_problem("knee", {"knee"}) == "There is already a handout called 'knee'."
    assert drafting.slug_problem("Knee Shot", set()).startswith("The slug may hold only")
    assert drafting.slug_problem("knee-shot", {"knee"}) == ""


lines = st.lists(st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=12), max_size=12)


@given(lines, lines)
def test_the_whole_text_difference_keeps_every_line_of_both_versions_in_order(a, b):
    rows = side_by_side("\n".join(a), "\n".join(b), context=None)
    assert [r.left for r in rows if r.left_no is not None] == "\n".join(a).split("\n")
    assert [r.right for r in rows if r.right_no is not None] == "\n".join(b).split("\n")
    assert all(r.kind == "same" for r in rows) == (a == b or "\n".join(a) == "\n".join(b))


def test_the_short_difference_shows_changes_with_context_and_marks_gaps():
    old = "\n".join(f"line {i}" for i in range(30))
    new = old.replace("line 3", "line three").replace("line 25", "line twenty-five")
    rows = side_by_side(old, new, context=1)
    assert [r.kind for r in rows].count("gap") == 1
    changed = [(r.left, r.right) for r in rows if r.kind == "changed"]
    assert changed == [("line 3", "line three"), ("line 25", "line twenty-five")]
    assert len(rows) < 12  # not the whole text


def test_placeholder_and_empty_sections_stop_a_publish_but_a_high_grade_only_warns(store):
    h = store.handouts.get_published("facet-joint-injection", "en").handout
    bad = h.with_changes(sections={**h.sections, "during": "", "after": "Lorem ipsum dolor sit amet."})
    issues = lint(bad, date(2026, 1, 15))
    stops = [i for i in issues if drafting.blocks_publish(i)]
    assert {i.field for i in stops} == {"during", "after"}
    assert not drafting.blocks_publish(LintIssue("after", "Flesch-Kincaid grade is 9.1 (target ≤ 6)"))


def test_a_translation_keeps_what_does_not_depend_on_language(store):
    en = store.handouts.get_published("medial-branch-block", "en").handout
    es = drafting.variant(en, "es", "Ana Admin")
    assert (es.slug, es.language, es.regions, es.icon, es.diagnostic) == (
        en.slug, "es", en.regions, en.icon, en.diagnostic)
    assert es.title == "" and all(es.sections[k] == "" for k in SECTION_KEYS)
    assert es.review.written_by == "Ana Admin" and es.review.status == "needs clinical review"


def test_next_review_due_is_a_year_on_even_from_a_leap_day():
    assert drafting.next_review_due(date(2026, 1, 15)) == date(2027, 1, 15)
    assert drafting.next_review_due(date(2028, 2, 29)) == date(2029, 2, 28)

from datetime import date

from helpers.handouts import sample_handout
from kiosk.core.lint import lint


def messages(h, **kw):
    return [(i.field, i.message) for i in lint(h, today=date(2026, 11, 23), **kw)]


def test_a_clean_handout_has_no_issues():
    assert messages(sample_handout()) == []


def test_placeholder_text_is_caught_but_spanish_todo_is_not():
    h = sample_handout()
    bad = h.with_changes(sections={**h.sections, "why": "Lorem ipsum dolor sit amet."})
    assert any("placeholder" in m for f, m in messages(bad) if f == "why")
    es = sample_handout(language="es")
    fine = es.with_changes(sections={**es.sections, "why": "Todo va bien. Sobre todo, descanse."})
    assert not any("placeholder" in m for _, m in messages(fine))


def test_missing_warning_signs_and_emergency_section_are_reported():
    h = sample_handout()
    bad = h.with_changes(sections={**h.sections, "call_clinic": "Call us.", "emergency": ""})
    found = messages(bad)
    assert ("call_clinic", "lists no warning signs (write them as '- ' lines)") in found
    assert any(f == "emergency" for f, _ in found)


def test_overdue_review_and_phone_numbers_and_foreign_clinic_names():
    h = sample_handout()
    from kiosk.core.model import Review

    bad = h.with_changes(review=Review("us", "", None, date(2026, 1, 1)),
                         summary="Call Twin Cities Pain Clinic at 952-841-2345 today.")
    found = messages(bad)
    assert any("review was due on 2026-01-01" in m for _, m in found)
    assert any("phone number" in m for _, m in found)
    assert any("names another clinic" in m for _, m in found)


def test_reading_level_above_target_is_reported_per_section():
    h = sample_handout()
    hard = ("Fluoroscopically guided intra-articular corticosteroid administration necessitates meticulous "
            "identification of anatomical landmarks.")
    found = messages(h.with_changes(sections={**h.sections, "during": hard}))
    assert any(f == "during" and "Flesch-Kincaid grade" in m for f, m in found)
    # the same text passes when the clinic sets a very lenient target
    assert not any(f == "during" and "grade" in m for f, m in messages(
        h.with_changes(sections={**h.sections, "during": hard}), grade_target=40))


def test_only_what_must_never_reach_a_patient_blocks_a_publish():
    h = sample_handout()
    hard = "Fluoroscopically guided intra-articular corticosteroid administration necessitates meticulous care."
    issues = lint(h.with_changes(sections={**h.sections, "why": "Lorem ipsum dolor.", "during": hard,
                                           "after": ""}), today=date(2026, 11, 23))
    blocking = {(i.field, i.message.split(" ")[0]) for i in issues if i.blocks_publish}
    assert blocking == {("why", "placeholder"), ("after", "section")}
    assert any(i.field == "during" and not i.blocks_publish for i in issues)  # reading level: a warning

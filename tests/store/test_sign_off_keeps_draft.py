"""A clinical sign-off publishes the reviewed text; an admin's open draft must survive it."""
from datetime import date


def test_sign_off_keeps_the_open_draft_and_gives_it_the_review(store):
    slug = "knee-joint-injection"
    live = store.handouts.get_published(slug, "en")
    store.handouts.save_draft(live.handout.with_changes(summary="A new summary in the draft."), "Ana")

    number = store.handouts.sign_off(slug, "en", "Dr Rivera", date(2025, 3, 1), date(2026, 3, 1), "Ana")

    published = store.handouts.get_published(slug, "en")
    assert published.version == number
    assert published.handout.summary == live.handout.summary  # the reviewed text is the published one
    assert published.handout.review.reviewed_by == "Dr Rivera"
    latest = store.handouts.latest(slug, "en")
    assert latest.state == "draft" and latest.version == number + 1
    assert latest.handout.summary == "A new summary in the draft."
    assert latest.handout.review.review_due == date(2026, 3, 1)
    assert [e.kind for e in store.audit.entries(actor="Ana", limit=1)] == ["review"]


def test_sign_off_without_a_draft_adds_one_published_version(store):
    slug = "dry-needling"
    before = len(store.handouts.versions(slug, "es"))
    store.handouts.sign_off(slug, "es", "Dr Rivera", date(2025, 3, 1), date(2026, 3, 1), "Ana")
    versions = store.handouts.versions(slug, "es")
    assert len(versions) == before + 1 and versions[-1].state == "published"

"""Handout versions: import all or nothing, drafts, immutable published versions, revert, export."""
import filecmp
import sqlite3

import pytest

from helpers.handouts import sample_handout
from kiosk import resources
from kiosk.services import ContentError, export_folder, import_folder


def test_first_start_imports_the_bundled_library(store):
    assert len(store.handouts.published("en")) == 12
    assert len(store.handouts.published("es")) == 12


def test_import_then_export_reproduces_handouts_byte_for_byte(store, tmp_path):
    plan = import_folder(store, resources.handouts_dir(), actor="test")
    assert len(plan.unchanged) == 24 and not plan.added and not plan.changed
    written = export_folder(store, tmp_path / "out", actor="test")
    assert len(written) == 24
    for path in written:
        assert filecmp.cmp(path, resources.handouts_dir() / path.name, shallow=False), path.name


def test_an_import_with_one_broken_file_changes_nothing(store, tmp_path):
    from kiosk.content.source import dump

    (tmp_path / "test-injection.en.toml").write_text(dump(sample_handout()), encoding="utf-8")
    (tmp_path / "broken.en.toml").write_text('slug = "broken"\ntitle = ', encoding="utf-8")
    before = store.handouts.count()
    with pytest.raises(ContentError) as info:
        import_folder(store, tmp_path, actor="test")
    assert any(str(p).startswith(f"{tmp_path / 'broken.en.toml'}:2:") for p in info.value.problems)
    assert store.handouts.count() == before
    assert store.handouts.get_published("test-injection", "en") is None


def test_a_draft_leaves_the_published_text_live_until_publish(store):
    live = store.handouts.get_published("facet-joint-injection", "en")
    edited = live.handout.with_changes(summary="A new summary. It is short.")
    number = store.handouts.save_draft(edited, "admin")
    assert number == live.version + 1
    assert store.handouts.get_published("facet-joint-injection", "en").handout.summary == live.handout.summary
    assert store.handouts.publish(edited, "admin") == number
    assert store.handouts.get_published("facet-joint-injection", "en").handout.summary == "A new summary. It is short."
    third = store.handouts.revert("facet-joint-injection", "en", live.version, "admin")
    versions = store.handouts.versions("facet-joint-injection", "en")
    assert [v.version for v in versions] == [1, 2, 3] and third == 3
    assert versions[2].handout == versions[0].handout


def test_a_published_version_can_never_be_changed_or_deleted(store):
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        store.conn.execute("UPDATE handout_versions SET title = 'x' WHERE state = 'published'")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        store.conn.execute("DELETE FROM handout_versions WHERE state = 'published'")


def test_retired_handouts_leave_the_kiosk_and_search(store):
    assert store.search.search("knee", "en")
    store.handouts.retire("knee-joint-injection", "en", "admin")
    store.handouts.retire("knee-joint-injection", "es", "admin")
    assert store.handouts.get_published("knee-joint-injection", "en") is None
    assert "knee-joint-injection" not in [h.slug for h in store.search.search("knee", "en")]


def test_sign_off_records_the_reviewer_in_a_new_version(store):
    from datetime import date

    store.handouts.sign_off("dry-needling", "en", "Dr Rivera", date(2026, 11, 1), date(2027, 11, 1), "admin")
    current = store.handouts.get_published("dry-needling", "en").handout
    assert current.review.status == "reviewed" and current.review.reviewed_by == "Dr Rivera"

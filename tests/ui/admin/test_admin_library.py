"""The handout library list: what each column tells an admin, overdue reviews in the alert colour, sorting and
filtering, and starting new handouts (from scratch, as a duplicate, as a translation)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kiosk.core.model import Review
from kiosk.ui.admin.library_model import AlertRole, LibraryModel, summarise

OVERDUE_SLUG = "dry-needling"


def make_overdue(store):
    live = store.handouts.get_published(OVERDUE_SLUG, "en").handout
    store.handouts.publish(live.with_changes(review=Review(live.review.written_by, "Dr Rivera",
                                                           date(2024, 1, 10), date(2025, 1, 10))), "Ana Admin")


def row_of(library, slug):
    proxy = library.proxy
    for r in range(proxy.rowCount()):
        if library.model.entry(proxy.mapToSource(proxy.index(r, 0)).row()).slug == slug:
            return r
    raise AssertionError(f"{slug} is not listed")


def test_the_library_models_pass_qts_model_checks(qtmodeltester, store):
    model = LibraryModel()
    model.set_entries(summarise(store.handouts.library(), store.settings.get()), date(2026, 1, 15))
    qtmodeltester.check(model)
    from kiosk.ui.admin.library_model import LibraryFilter

    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    proxy.set_text("knee")
    qtmodeltester.check(proxy)


def test_each_row_shows_languages_status_reading_level_review_and_last_change(console, store):
    entry = next(e for e in console.library.visible_entries() if e.slug == "knee-joint-injection")
    library = console.library
    r = row_of(library, "knee-joint-injection")
    cells = [library.proxy.index(r, c).data() for c in range(6)]
    assert cells[0] == "Knee joint injection"
    assert cells[1] == "en es"
    assert cells[2] == "published"
    assert cells[3].startswith("en ") and " · es " in cells[3]  # a grade for English, an ease for Spanish
    assert cells[4] == entry.review_due.isoformat()
    assert cells[5].endswith(" · first start") and cells[5][:4].isdigit()  # when, and who
    assert entry.needs_review  # the bundled handouts are honest: nobody has signed them off yet


def test_an_overdue_review_is_drawn_in_the_alert_colour_and_can_be_filtered(console, store):
    from kiosk.ui import theme

    make_overdue(store)
    console.ctx.library_changed.emit()
    library = console.library
    r = row_of(library, OVERDUE_SLUG)
    due = library.proxy.index(r, 4)
    assert due.data() == "overdue 2025-01-10"
    assert due.data(AlertRole) is True
    assert library.proxy.index(row_of(library, "knee-joint-injection"), 4).data(AlertRole) is False
    # the colour comes from 40_admin.qss (the theme's warning text colour), through the view's alertColor
    assert library.table.alertColor.name().lower() == theme.theme_colors("default")["on_emergency"].lower()

    library.kind.setCurrentText("Review overdue")
    assert [e.slug for e in library.visible_entries()] == [OVERDUE_SLUG]
    library.kind.setCurrentText("All handouts")
    library.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert library.visible_entries()[0].slug == OVERDUE_SLUG


def test_search_and_an_empty_result_say_so(console, qtbot):
    library = console.library
    qtbot.keyClicks(library.search, "sacroiliac")
    assert [e.slug for e in library.visible_entries()] == ["sacroiliac-joint-injection"]
    library.search.clear()
    qtbot.keyClicks(library.search, "no such procedure")
    assert library.visible_entries() == []
    assert library.stack.currentWidget() is library.empty
    assert "No handout matches" in library.empty.text()


def test_an_empty_library_says_how_to_start(keep, empty_store):
    from kiosk.ui.admin import AdminConsole

    empty_store.staff.add("Ana Admin", "admin", "482913")
    console = keep(AdminConsole(empty_store, empty_store.staff.get("Ana Admin")))
    assert console.library.stack.currentWidget() is console.library.empty
    assert "New handout" in console.library.empty.text()


def test_new_handout_from_scratch_opens_a_draft_that_patients_do_not_see(console, store, qtbot):
    library = console.library
    qtbot.mouseClick(library.new_btn, Qt.MouseButton.LeftButton)
    assert library.start.isVisibleTo(library)
    qtbot.keyClicks(library.start.title, "Shoulder joint injection")
    assert library.start.slug.text() == "shoulder-joint-injection"
    qtbot.keyClick(library.start.title, Qt.Key.Key_Return)
    assert console.handouts.currentWidget() is console.editor
    assert console.editor.slug == "shoulder-joint-injection"
    assert store.handouts.latest("shoulder-joint-injection", "en").state == "draft"
    assert store.handouts.get_published("shoulder-joint-injection", "en") is None
    # the empty sections are listed by the checks, and they stop a publish
    assert any(i.field == "during" and "empty" in i.message for i in console.editor.issues)
    assert console.editor.publish() is False
    entry = next(e for e in library.visible_entries() if e.slug == "shoulder-joint-injection")
    assert entry.status == "draft" and entry.missing == ("es",)


def test_a_slug_that_is_taken_is_refused(console, qtbot):
    library = console.library
    library.start_new()
    qtbot.keyClicks(library.start.title, "Knee joint injection")
    qtbot.mouseClick(library.start.ok, Qt.MouseButton.LeftButton)
    assert "already" in library.start.problem.text()
    assert console.handouts.currentWidget() is library


def test_duplicate_copies_the_text_but_not_the_clinical_review(console, store, qtbot):
    store.handouts.sign_off("knee-joint-injection", "en", "Dr Rivera", date(2025, 6, 1), date(2026, 6, 1), "x")
    library = console.library
    library.refresh()
    library.select("knee-joint-injection")
    qtbot.mouseClick(library.dup_btn, Qt.MouseButton.LeftButton)
    assert library.start.title.text() == "Knee joint injection (copy)"
    library.start.title.setText("Knee gel injection")
    library.start.slug.setText("knee-gel-injection")
    qtbot.mouseClick(library.start.ok, Qt.MouseButton.LeftButton)
    copy = store.handouts.latest("knee-gel-injection", "en").handout
    source = store.handouts.get_published("knee-joint-injection", "en").handout
    assert copy.sections == source.sections and copy.title == "Knee gel injection"
    assert copy.review.status == "needs clinical review" and source.review.status == "reviewed"


def test_a_translation_shows_the_original_beside_each_field(console, store, qtbot):
    store.handouts.save_draft(store.handouts.get_published("knee-joint-injection", "en").handout.with_changes(
        slug="elbow-injection", title="Elbow injection"), "Ana Admin")
    library = console.library
    library.refresh()
    library.select("elbow-injection")
    assert library.translate_btn.isEnabled()
    qtbot.mouseClick(library.translate_btn, Qt.MouseButton.LeftButton)
    assert library.start.language.currentData() == "es"
    qtbot.mouseClick(library.start.ok, Qt.MouseButton.LeftButton)
    editor = console.editor
    assert (editor.slug, editor.language) == ("elbow-injection", "es")
    card = editor.form.cards["during"]
    english = store.handouts.latest("elbow-injection", "en").handout
    assert not card.original.isHidden()
    assert card.original.toPlainText() == english.section("during")
    assert card.original.isReadOnly()
    assert editor.form.sections["during"].toPlainText() == ""  # to be written in Spanish
    assert card.title.text() == "Qué pasa durante el procedimiento"
    # Spanish text gets the Fernández-Huerta meter
    editor.form.sections["during"].setPlainText("Usted se acuesta en una mesa. Limpiamos la piel.")
    editor.run_checks()
    assert card.meter.text.text().startswith("Ease") and card.meter.level == "ok"


def test_retire_asks_first_and_takes_the_handout_off_the_kiosk(console, store, qtbot):
    console.open_handout("trigger-point-injection", "en")
    console.ctx.confirm.answer = False
    qtbot.mouseClick(console.editor.retire_btn, Qt.MouseButton.LeftButton)
    assert store.handouts.get_published("trigger-point-injection", "en") is not None
    console.ctx.confirm.answer = True
    qtbot.mouseClick(console.editor.retire_btn, Qt.MouseButton.LeftButton)
    assert console.ctx.confirm.asked[-1][0] == "Retire"
    assert store.handouts.get_published("trigger-point-injection", "en") is None
    assert "Retired" in console.editor.state.text()
    assert not console.editor.retire_btn.isEnabled()


def test_review_sign_off_defaults_to_a_year_and_is_recorded(console, store, qtbot):
    console.open_handout("facet-joint-injection", "en")
    console.editor.tabs.setCurrentWidget(console.editor.review)
    review = console.editor.review
    assert review.on.date().toPython() == date(2026, 1, 15)
    assert review.due.date().toPython() == date(2027, 1, 15)
    qtbot.keyClicks(review.reviewer, "Dr Rivera")
    qtbot.mouseClick(review.sign_btn, Qt.MouseButton.LeftButton)
    published = store.handouts.get_published("facet-joint-injection", "en").handout.review
    assert (published.reviewed_by, published.review_date, published.review_due) == (
        "Dr Rivera", date(2026, 1, 15), date(2027, 1, 15))
    assert published.status == "reviewed"
    assert "reviewed by Dr Rivera" in review.status.text()


def test_sign_off_needs_a_name(console, store, qtbot):
    console.open_handout("facet-joint-injection", "en")
    console.editor.tabs.setCurrentWidget(console.editor.review)
    before = len(store.handouts.versions("facet-joint-injection", "en"))
    qtbot.mouseClick(console.editor.review.sign_btn, Qt.MouseButton.LeftButton)
    assert "reviewer" in console.editor.review.problem.text()
    assert len(store.handouts.versions("facet-joint-injection", "en")) == before

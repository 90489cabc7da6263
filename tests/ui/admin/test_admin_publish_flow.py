"""The issue's main path: edit a section → meter and lint update → save draft (patients still get the published
text) → publish → the patient view and a new sheet show the new text → history shows both → revert."""
from __future__ import annotations

from io import BytesIO

import pytest

from PySide6.QtCore import Qt

SLUG = "knee-joint-injection"
HARD = ("Immediately following the intervention, considerable postprocedural discomfort, inflammation and "
        "temporary neurological sensations frequently manifest themselves")
PLAIN = "Your knee may be sore for a day or two. Sit in a soft chair and rest today. Put ice on it."
NEW_SENTENCE = "Sit in a soft chair and rest today."


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return flat(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))


def patient_sees(store, keep) -> str:
    """What a patient reads on the kiosk: the patient reader screen opened on the handout (its read-aloud
    engine switched off: these tests are about text, and no speech thread should outlive them)."""
    reader_module = pytest.importorskip("kiosk.ui.patient.reader")
    from kiosk.ui.patient.session import PatientSession

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIOSK_TTS_ENGINE", "none")
        reader = keep(reader_module.ReaderScreen(store, PatientSession(store.settings.get())))
    assert reader.load(SLUG)
    return flat(" ".join([reader.title.text(), *(t for card in reader.cards for t in card.texts)]))


def open_from_library(console, qtbot):
    console.show()
    qtbot.waitExposed(console)
    console.library.search.setFocus()
    qtbot.keyClicks(console.library.search, "knee joint")
    assert [e.slug for e in console.library.visible_entries()] == [SLUG]
    console.library.table.selectRow(0)
    qtbot.mouseClick(console.library.open_btn, Qt.MouseButton.LeftButton)
    assert console.handouts.currentWidget() is console.editor
    return console.editor


def replace_text(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_edit_save_publish_revert(console, store, qtbot, keep):
    editor = open_from_library(console, qtbot)
    original = store.handouts.get_published(SLUG, "en")
    card = editor.form.cards["after"]
    assert card.meter.level == "ok" and not card.lint.isVisible()

    # a hard sentence: the section's meter turns red and the inline lint names the grade
    replace_text(qtbot, editor.form.sections["after"], HARD)
    qtbot.waitUntil(lambda: card.meter.level == "off")
    assert "Grade" in card.meter.text.text()
    assert card.meter.score > 6
    assert any("Flesch-Kincaid grade" in m for m in card.lint.messages)
    assert card.lint.isVisible()

    # plain words: the meter goes back to the target colour and the lint clears
    replace_text(qtbot, editor.form.sections["after"], PLAIN)
    qtbot.waitUntil(lambda: card.meter.level == "ok")
    assert card.lint.messages == []
    qtbot.waitUntil(lambda: NEW_SENTENCE in flat(editor.patient.text()))  # the live preview follows the typing

    # save a draft: the live text does not change for patients
    qtbot.mouseClick(editor.save_btn, Qt.MouseButton.LeftButton)
    latest = store.handouts.latest(SLUG, "en")
    assert latest.state == "draft" and latest.handout.section("after") == PLAIN
    assert store.handouts.get_published(SLUG, "en").version == original.version
    assert NEW_SENTENCE not in patient_sees(store, keep)
    assert "draft" in editor.state.text().lower()

    # publish: the confirmation shows the checks first, then patients and new sheets get the new text
    qtbot.mouseClick(editor.publish_btn, Qt.MouseButton.LeftButton)
    title, question, detail = console.ctx.confirm.asked[-1]
    assert title == "Publish" and "checks" in detail.lower()
    published = store.handouts.get_published(SLUG, "en")
    assert published.version == original.version + 1
    assert published.handout.section("after") == PLAIN
    assert NEW_SENTENCE in patient_sees(store, keep)

    from kiosk.core.model import DischargeDetails
    from kiosk.sheet import render_sheet

    sheet = render_sheet(published.handout, published.version, store.settings.get(),
                         DischargeDetails(procedure_date=published.handout.review.review_due))
    assert NEW_SENTENCE in pdf_text(sheet.pdf)
    assert "Do not use heat on the spot" not in pdf_text(sheet.pdf)  # a sentence of the old text

    # history: both versions, and the difference shows the old and new text side by side
    editor.tabs.setCurrentWidget(editor.history)
    history = editor.history
    assert history.table.rowCount() == 2
    history.choose(original.version, published.version)
    removed = [r.left for r in history.diff.rows if r.kind in ("changed", "removed")]
    added = [r.right for r in history.diff.rows if r.kind in ("changed", "added")]
    assert any("Do not use heat" in line for line in removed)
    assert any(NEW_SENTENCE in line for line in added)
    assert "Do not use heat" in history.diff.toPlainText() and NEW_SENTENCE in history.diff.toPlainText()

    # revert to the first version: a third version, equal to the first; nothing is rewritten
    history.select_version(original.version)
    qtbot.mouseClick(history.revert_btn, Qt.MouseButton.LeftButton)
    assert console.ctx.confirm.asked[-1][0] == "Revert"
    versions = store.handouts.versions(SLUG, "en")
    assert [v.version for v in versions] == [1, 2, 3]
    assert versions[2].handout == versions[0].handout
    assert versions[1].handout.section("after") == PLAIN
    assert NEW_SENTENCE not in patient_sees(store, keep)
    assert editor.history.table.rowCount() == 3

    kinds = [e.kind for e in store.audit.entries(actor="Ana Admin")]
    assert {"draft", "publish", "revert"} <= set(kinds)


def test_the_printed_preview_shows_the_text_being_edited(console, store, qtbot):
    console.open_handout(SLUG, "en")
    editor = console.editor
    editor.form.sections["after"].setPlainText(PLAIN)
    editor.tabs.setCurrentWidget(editor.sheet)
    qtbot.waitUntil(lambda: editor.sheet.pdf is not None and NEW_SENTENCE in pdf_text(editor.sheet.pdf))
    assert len(editor.sheet.pages) >= 1
    assert not editor.sheet.pages[0].pixmap().isNull()
    assert store.handouts.get_published(SLUG, "en").handout.section("after") != PLAIN  # only a preview


def test_publishing_placeholder_text_is_refused(console, store, qtbot):
    console.open_handout(SLUG, "en")
    editor = console.editor
    editor.form.sections["during"].setPlainText("TODO: write what happens during the shot.")
    before = store.handouts.get_published(SLUG, "en").version
    assert editor.publish() is False
    assert console.ctx.confirm.asked == []  # refused before asking
    assert "placeholder" in console.banner.text()
    assert store.handouts.get_published(SLUG, "en").version == before


def test_cancelling_a_publish_changes_nothing(console, store):
    console.open_handout(SLUG, "en")
    console.editor.form.sections["after"].setPlainText(PLAIN)
    console.ctx.confirm.answer = False
    before = len(store.handouts.versions(SLUG, "en"))
    assert console.editor.publish() is False
    assert len(store.handouts.versions(SLUG, "en")) == before
    assert console.editor.dirty  # the edits are still there to keep working on


def test_saving_without_edits_adds_no_version(console, store):
    console.open_handout(SLUG, "en")
    before = len(store.handouts.versions(SLUG, "en"))
    assert console.editor.save_draft() is False
    assert "Nothing new" in console.banner.text()
    assert len(store.handouts.versions(SLUG, "en")) == before


def test_switching_language_shows_the_spanish_text_beside_the_english(console, store):
    console.open_handout(SLUG, "en")
    editor = console.editor
    editor.languages.setCurrentIndex(editor.languages.findData("es"))
    editor.languages.activated.emit(editor.languages.currentIndex())
    assert editor.language == "es"
    spanish = store.handouts.get_published(SLUG, "es").handout
    assert editor.form.sections["after"].toPlainText() == spanish.section("after")
    card = editor.form.cards["after"]
    assert card.original.toPlainText() == store.handouts.get_published(SLUG, "en").handout.section("after")
    assert card.meter.text.text().startswith("Ease")


def test_a_publish_over_someone_elses_newer_version_is_refused_and_reload_is_offered(console, store, qtbot,
                                                                                         db_path):
    """Two admins on two kiosks: B publishes a fix while A has the editor open; A's publish is refused with a
    sentence naming B, nothing of A's is written, and Reload brings B's text into A's editor."""
    from kiosk.app import App, revision

    editor = open_from_library(console, qtbot)
    other = App.open(db_path)
    ana = other.staff.sign_in("Ana Admin", "482913")
    other.staff.add(ana, "Bo Admin", "admin", "591826")
    bo = other.staff.sign_in("Bo Admin", "591826")
    live = other.handouts.latest(SLUG, "en")
    other.handouts.publish(bo, live.handout.with_changes(summary=live.handout.summary + " Ice helps."),
                           revision(live))
    other.close()

    replace_text(qtbot, editor.form.sections["after"], PLAIN)
    console.ctx.confirm.answer = True  # "Publish?" and then "Reload?"
    assert editor.publish() is False
    asked = [title for title, _text, _detail in console.ctx.confirm.asked]
    assert asked == ["Publish", "Changed meanwhile"]
    assert "Bo Admin" in console.ctx.confirm.asked[-1][1]
    published = store.handouts.get_published(SLUG, "en")
    assert published.created_by == "Bo Admin" and NEW_SENTENCE not in published.handout.sections["after"]
    assert editor.loaded.version == published.version and not editor.dirty  # reloaded: B's text is in the editor
    assert editor.current().summary.endswith("Ice helps.")

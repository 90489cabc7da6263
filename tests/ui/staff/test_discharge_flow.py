"""The nurse's discharge sheet, end to end: PIN → form → live preview → Print → the outcome, and its record."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from staff_support import NOTES, NURSE, PATIENT, click, fill, open_form, sheet_text, wait_for_preview
from PySide6.QtCore import QDate, Qt

from kiosk.ui.staff.preview import DEBOUNCE_MS


@pytest.fixture
def folder(staff, tmp_path):
    staff.settings.update("test", print_backend="folder", print_folder=str(tmp_path / "sheets"))
    return tmp_path / "sheets"


def test_pin_to_paper_through_the_folder_backend(qtbot, window, staff, folder):
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    sheet = wait_for_preview(qtbot, screen)
    text = sheet_text(sheet.pdf)
    assert PATIENT in text and NOTES in text and "Side: Left" in text and "Nurse: Nora Nurse" in text

    # The preview follows the typing: a later edit shows up in the sheet on screen.
    qtbot.keyClicks(screen.form.sites, " and L5-S1")
    qtbot.waitUntil(lambda: screen.preview.current() and screen.preview.sheet is not sheet, timeout=10000)
    previewed = screen.preview.sheet.pdf
    assert "L4-L5 and L5-S1" in sheet_text(previewed)

    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=10000)
    assert screen.panel.status.text().startswith("Saved the sheet as aftercare-sheet-facet-joint-injection")
    (saved,) = folder.glob("*.pdf")
    assert saved.read_bytes() == previewed  # exactly the bytes on screen
    entry = staff.audit.entries(kind="print")[0]
    assert entry.actor == NURSE
    assert {k: entry.detail[k] for k in ("slug", "language", "copies", "outcome")} == {
        "slug": "facet-joint-injection", "language": "en", "copies": 1, "outcome": "saved"}
    assert PATIENT not in repr(entry.detail) and NOTES not in repr(entry.detail)


def test_enter_right_after_typing_prints_what_was_just_typed(qtbot, window, staff, folder):
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    wait_for_preview(qtbot, screen)
    screen.form.takes_thinner.setFocus()
    qtbot.keyClick(screen.form.takes_thinner, Qt.Key.Key_Space)
    qtbot.keyClicks(screen.form.blood_thinner, "Restart warfarin tomorrow")
    qtbot.keyClick(screen.form.blood_thinner, "\r")  # before the preview has caught up
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=10000)
    (saved,) = folder.glob("*.pdf")
    assert "Restart warfarin tomorrow" in sheet_text(saved.read_bytes())
    assert saved.read_bytes() == screen.preview.sheet.pdf


def test_enter_in_the_search_field_picks_the_first_match(qtbot, window, staff, folder):
    form = open_form(qtbot, window).form
    qtbot.keyClicks(form.search, "sacroiliac")
    qtbot.keyClick(form.search, "\r")
    assert form.slug() == "sacroiliac-joint-injection"
    assert form.patient_name.hasFocus()


def test_tab_walks_the_form_in_reading_order(qtbot, window, staff):
    form = open_form(qtbot, window).form
    order, widget = [], form.language
    for _ in range(200):
        order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is form.language:
            break
    fields = [form.language, form.search, form.procedures, form.patient_name, form.procedure_date,
              form.sites, form.takes_thinner, form.blood_thinner, form.injection_time, form.follow_mode, form.physician, form.nurse, form.notes,
              form.large_print]
    positions = [order.index(f) for f in fields]
    assert positions == sorted(positions)


def test_field_checks_speak_next_to_the_field_and_block_printing(qtbot, window, staff, folder):
    screen = open_form(qtbot, window)
    form = screen.form
    click(qtbot, screen.panel.print_btn)
    assert form.errors["procedure"].text() == "Choose the procedure."
    assert form.errors["patient_name"].text() == "Enter the patient's name."
    assert form.errors["patient_name"].isVisible()
    assert screen.panel.status.text() == "Fix the marked fields first."

    qtbot.keyClicks(form.patient_name, "Ana")
    assert not form.errors["patient_name"].isVisible()  # fixed: its message goes…
    assert form.errors["procedure"].isVisible()  # …the other one stays until that is fixed too
    form.patient_name.clear()
    fill(qtbot, screen)
    form.follow_mode.setCurrentIndex(form.follow_mode.findData("date"))
    form.follow_date.setDate(QDate.currentDate().addDays(-3))
    assert form.errors["follow_up"].text() == "The follow-up is before the procedure date."
    assert form.errors["follow_up"].isVisible()
    assert not screen.preview.current()  # nothing printable is on show
    click(qtbot, screen.panel.print_btn)
    assert screen.panel.state == "ready" and list(folder.glob("*.pdf")) == []

    form.follow_date.setDate(QDate.currentDate().addDays(14))
    assert not form.errors["follow_up"].isVisible()
    sheet = wait_for_preview(qtbot, screen)
    when = date.today() + timedelta(days=14)
    assert f"{when.day}, {when.year}" in sheet_text(sheet.pdf)


def test_smart_phrase_goes_into_the_notes_with_one_touch(qtbot, window, staff, folder):
    screen = open_form(qtbot, window)
    fill(qtbot, screen, notes="Ice today.")
    click(qtbot, screen.form.phrase_buttons[0])
    assert screen.form.notes.toPlainText() == "Ice today.\nKeep the bandage dry for 24 hours."
    sheet = wait_for_preview(qtbot, screen)
    assert "Keep the bandage dry for 24 hours." in sheet_text(sheet.pdf)


def test_preview_waits_for_typing_to_pause(qtbot, window, staff, folder):
    assert DEBOUNCE_MS <= 300
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    wait_for_preview(qtbot, screen)
    before = screen.preview.renders
    qtbot.keyClicks(screen.form.notes, " More words typed quickly, one key at a time.")
    wait_for_preview(qtbot, screen)
    assert screen.preview.renders == before + 1  # one render for the burst, not one per key


def test_print_failure_keeps_the_sheet_and_offers_save_as_pdf(qtbot, window, staff, tmp_path, tmp_path_factory,
                                                             monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "nothing-here.sock"))
    stick = tmp_path_factory.mktemp("usb-stick")  # a folder outside the kiosk's data folder (tmp_path)
    staff.settings.update("test", print_backend="cups", default_printer="front-desk", save_folders=(str(stick),))
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "failed", timeout=10000)
    assert "The print service (CUPS) is not running" in screen.panel.status.text()
    assert screen.panel.retry_btn.isVisible() and screen.panel.save_btn.isVisible()
    assert screen.form.isEnabled() and screen.preview.current()  # the sheet is still there

    click(qtbot, screen.panel.save_btn)
    (target,) = stick.glob("aftercare-facet-joint-injection-*.pdf")
    assert target.read_bytes() == screen.preview.sheet.pdf
    assert screen.panel.state == "printed"
    assert screen.panel.status.text() == f"Saved the sheet as {target.name} in {stick}."
    outcomes = [(e.detail["outcome"], e.detail.get("reason")) for e in staff.audit.entries(kind="print")]
    assert outcomes == [("saved_as_pdf", None), ("failed", "cups_not_running")]


def test_discard_takes_two_taps_and_gives_a_fresh_form(qtbot, window, staff, tmp_path, monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "nothing-here.sock"))
    staff.settings.update("test", print_backend="cups", default_printer="front-desk")
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "failed", timeout=10000)
    click(qtbot, screen.panel.discard_btn)
    assert window.staff.screens["staff.discharge"] is screen  # one stray touch loses nothing
    click(qtbot, screen.panel.discard_btn)
    fresh = window.staff.screens["staff.discharge"]
    assert fresh is not screen and fresh.form.patient_name.text() == ""
    assert staff.audit.entries(kind="print")[0].detail["outcome"] == "discarded"

"""The discharge form asks what the sheet's warnings need before Print works: "Is this a steroid?" for a
medicine the catalogue does not know, a real restart line for a blood thinner, the clinic's phone number; and
it shows the nurse the teach-back prompts. Driven like a nurse would, on the real form."""
from __future__ import annotations

from staff_support import click, fill, open_form, sheet_text, wait_for_preview
from PySide6.QtCore import QPoint, Qt

from kiosk.sheet import labels as lb
from kiosk.ui.staff.checks import TEACH_BACK

EN = lb.LABELS["en"]


def tick(qtbot, box) -> None:
    """Tap a check box on its tick mark (a tap on the empty stretch right of its text does nothing)."""
    assert box.isVisible() and box.isEnabled()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))


def test_an_unlisted_medicine_must_be_answered_before_printing(qtbot, window, staff, tmp_path):
    staff.settings.update("test", medications=("Lidocaine 1%", "Zorbex 5 mg"), print_backend="folder",
                          print_folder=str(tmp_path))
    screen = open_form(qtbot, window)
    form = screen.form
    fill(qtbot, screen)
    tick(qtbot, form.diabetic)
    tick(qtbot, form.medications["Lidocaine 1%"])
    assert not form.steroid_row.isVisible()  # a catalogue medicine needs no question
    tick(qtbot, form.medications["Zorbex 5 mg"])
    assert form.steroid_row.isVisible() and form.steroid_question.text() == "Is Zorbex 5 mg a steroid?"
    click(qtbot, screen.panel.print_btn)
    assert form.errors["steroid"].isVisible() and "answer yes or no" in form.errors["steroid"].text()
    assert screen.panel.state == "ready" and list(tmp_path.glob("*.pdf")) == []

    click(qtbot, form.steroid_buttons[True])
    assert not form.errors["steroid"].isVisible()
    text = sheet_text(wait_for_preview(qtbot, screen).pdf)
    assert EN["steroid_title"] in text and EN["diabetic_title"] in text

    click(qtbot, form.steroid_buttons[False])
    qtbot.waitUntil(lambda: screen.preview.current() and EN["steroid_title"] not in sheet_text(
        screen.preview.sheet.pdf), timeout=10000)

    # a new set of unknown medicines asks again
    tick(qtbot, form.medications["Zorbex 5 mg"])
    assert not form.steroid_row.isVisible()
    tick(qtbot, form.medications["Zorbex 5 mg"])
    assert form.steroid_row.isVisible() and not any(b.isChecked() for b in form.steroid_buttons.values())


def test_none_in_the_restart_line_is_refused_and_a_blank_line_asks_the_prescriber(qtbot, window, staff):
    screen = open_form(qtbot, window)
    form = screen.form
    fill(qtbot, screen)
    assert not form.blood_thinner.isEnabled()
    tick(qtbot, form.takes_thinner)
    assert form.blood_thinner.isEnabled()
    text = sheet_text(wait_for_preview(qtbot, screen).pdf)
    assert EN["thinner_ask"] in " ".join(text.split())
    for typed in ("None", "n/a", "-", "ninguno"):
        form.blood_thinner.clear()
        qtbot.keyClicks(form.blood_thinner, typed)
        assert form.errors["blood_thinner"].isVisible(), typed
        assert "says there is none" in form.errors["blood_thinner"].text()
    form.blood_thinner.clear()
    qtbot.keyClicks(form.blood_thinner, "Restart Eliquis tomorrow")
    assert not form.errors["blood_thinner"].isVisible()


def test_no_clinic_phone_tells_the_nurse_what_to_fix_and_blocks_print(qtbot, window, staff, tmp_path):
    staff.settings.update("test", phone="", print_backend="folder", print_folder=str(tmp_path))
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    assert screen.form.errors["clinic_phone"].isVisible()
    assert "An admin must enter it in Clinic settings" in screen.form.errors["clinic_phone"].text()
    click(qtbot, screen.panel.print_btn)
    assert screen.panel.state == "ready" and list(tmp_path.glob("*.pdf")) == []


def test_the_nurse_sees_the_teach_back_prompts_and_can_give_the_injection_time(qtbot, window, staff):
    screen = open_form(qtbot, window)
    form = screen.form
    assert form.teach_back.text().splitlines() == list(TEACH_BACK)
    fill(qtbot, screen)
    qtbot.keyClicks(form.injection_time, "25:00")
    assert form.errors["injection_time"].isVisible()
    form.injection_time.clear()
    qtbot.keyClicks(form.injection_time, "09:15")
    form.pain_diary.setCurrentIndex(form.pain_diary.findData(True))
    qtbot.waitUntil(lambda: screen.preview.current() and "9:15 AM" in sheet_text(screen.preview.sheet.pdf),
                    timeout=10000)

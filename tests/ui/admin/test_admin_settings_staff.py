"""Clinic settings (including the logo and pick lists) and staff accounts from the console."""
from __future__ import annotations

import pytest

from kiosk.app import NotAllowed

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage


def png(path, w=120, h=40):
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor("#1c5a70"))
    assert image.save(str(path), "PNG")
    return path


def test_settings_save_the_clinic_details_logo_and_pick_lists(console, store, qtbot, tmp_path):
    console.show_page("Clinic settings")
    page = console.settings_page
    page.name.setText("Riverside Pain Clinic")
    page.phone.setText("555-0100")
    page.web.setText("https://example.org/aftercare")
    page.medications.setPlainText("Lidocaine\nSteroid\n\nBupivacaine")
    page.physicians.setPlainText("Dr Rivera\nDr Chen")
    page.phrases.setPlainText("Tolerated well.")
    page.paper.setCurrentIndex(page.paper.findData("a4"))
    (tmp_path / "usb").mkdir()
    logo = png(tmp_path / "usb" / "logo.png")
    console.ctx.open_file = lambda title, filters: str(logo)
    page.ensureWidgetVisible(page.logo_btn)
    qtbot.mouseClick(page.logo_btn, Qt.MouseButton.LeftButton)
    assert page.problem.text() == ""
    assert page.logo_view.pixmap() is not None and not page.logo_view.pixmap().isNull()
    page.save_btn.setFocus()
    qtbot.keyClick(page.save_btn, Qt.Key.Key_Space)  # the keyboard path: Tab to the button, Space

    s = store.settings.get()
    assert s.name == "Riverside Pain Clinic" and s.phone == "555-0100" and s.paper_size == "a4"
    assert s.medications == ("Lidocaine", "Steroid", "Bupivacaine")
    assert s.physicians == ("Dr Rivera", "Dr Chen") and s.smart_phrases == ("Tolerated well.",)
    # the logo is kept beside the database, so it survives the USB stick being pulled out
    logo.unlink()
    kept = tmp_path / s.logo_path.split("/")[-1]
    assert s.logo_path.startswith(str(store.path.parent)) and kept.is_file()
    entry = store.audit.entries(kind="settings", actor="Ana Admin")[0]
    assert {"name", "phone", "logo_path", "medications"} <= set(entry.detail["changed"])
    # the reviewer field of the sign-off suggests the physicians from the pick list
    console.open_handout("knee-joint-injection", "en")
    completer = console.editor.review.reviewer.completer()
    assert completer.model().index(1, 0).data() == "Dr Chen"


def test_an_svg_logo_is_accepted_and_a_fake_image_is_refused(console, store, tmp_path):
    page = console.settings_page
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
                   '<rect width="100" height="40" fill="#1c5a70"/></svg>', encoding="utf-8")
    console.ctx.open_file = lambda title, filters: str(svg)
    page.choose_logo()
    assert page.problem.text() == "" and page._logo_path.endswith(".svg")
    assert not page.logo_view.pixmap().isNull()

    fake = tmp_path / "fake.png"
    fake.write_text("not a picture", encoding="utf-8")
    console.ctx.open_file = lambda title, filters: str(fake)
    page.choose_logo()
    assert "not a readable PNG" in page.problem.text()
    assert page._logo_path.endswith(".svg")  # the good logo stays chosen


def test_settings_that_cannot_work_together_are_refused(console, store):
    page = console.settings_page
    page.lang_boxes["en"].setChecked(False)
    page.web.setText("example.org")
    assert page.save() is False
    assert "default language" in page.problem.text() and "https://" in page.problem.text()
    assert store.settings.get().languages == ("en", "es")
    page.load()  # Undo changes
    assert page.lang_boxes["en"].isChecked() and page.problem.text() == ""


def test_staff_add_reset_disable_and_enable(console, store, qtbot):
    console.show_page("Staff")
    page = console.staff_page
    qtbot.keyClicks(page.new_name, "Nora Nurse")
    qtbot.keyClicks(page.new_pin, "735146")
    qtbot.keyClicks(page.new_pin2, "735147")
    qtbot.mouseClick(page.add_btn, Qt.MouseButton.LeftButton)
    assert "differ" in page.add_problem.text() and store.staff.get("Nora Nurse") is None
    page.new_pin2.clear()
    qtbot.keyClicks(page.new_pin2, "735146")
    qtbot.keyClick(page.new_pin2, Qt.Key.Key_Return)
    assert store.staff.verify("Nora Nurse", "735146").role == "nurse"
    assert page.table.rowCount() == 2

    page.select("Nora Nurse")
    qtbot.keyClicks(page.reset_pin, "111111")
    qtbot.keyClicks(page.reset_pin2, "111111")
    qtbot.mouseClick(page.reset_btn, Qt.MouseButton.LeftButton)
    assert "easy to guess" in page.member_problem.text()
    page.reset_pin.setText("284617")
    page.reset_pin2.setText("284617")
    qtbot.mouseClick(page.reset_btn, Qt.MouseButton.LeftButton)
    assert store.staff.verify("Nora Nurse", "284617")

    qtbot.mouseClick(page.toggle_btn, Qt.MouseButton.LeftButton)
    assert console.ctx.confirm.asked[-1][0] == "Disable account"
    assert store.staff.get("Nora Nurse").disabled
    assert page.toggle_btn.text() == "Enable"
    qtbot.mouseClick(page.toggle_btn, Qt.MouseButton.LeftButton)
    assert not store.staff.get("Nora Nurse").disabled


def test_the_pin_fields_take_only_digits(console, qtbot):
    console.show_page("Staff")
    page = console.staff_page
    qtbot.keyClicks(page.new_pin, "12ab34")
    assert page.new_pin.text() == "1234"
    assert page.new_pin.echoMode() == page.new_pin.EchoMode.Password


def test_the_signed_in_admin_and_the_last_admin_stay_active(console, store, qtbot):
    console.show_page("Staff")
    page = console.staff_page
    page.select("Ana Admin")
    qtbot.mouseClick(page.toggle_btn, Qt.MouseButton.LeftButton)
    assert "your own account" in page.member_problem.text()
    assert not store.staff.get("Ana Admin").disabled

    store.staff.add("Bo Admin", "admin", "591826", actor="Ana Admin")
    page.refresh()
    page.select("Bo Admin")
    assert page.toggle()
    assert store.staff.get("Bo Admin").disabled
    # Ana disabled from another device: the core re-reads her at every action and refuses her, whatever the
    # screen still shows (the store's last-admin rule is tested in tests/store/test_staff.py)
    store.staff.set_disabled("Bo Admin", False, "Ana Admin")
    store.staff.set_disabled("Ana Admin", True, "Bo Admin")
    page.refresh()
    assert "Only an admin may" in page.member_problem.text()
    assert page.table.rowCount() == 0
    with pytest.raises(NotAllowed):
        console.app.staff.set_disabled(console.member, "Bo Admin", True)
    assert not store.staff.get("Bo Admin").disabled

"""Unsaved edits on any admin page: Close and switching page ask Save / Discard / Keep editing, and each answer
does what it says. Settings edits (the finding: a changed after-hours number silently lost on Close) included."""
from __future__ import annotations

import pytest


class Unsaved:
    """Stands in for the Save / Discard / Keep editing box: records what was asked about, gives `answer`."""

    def __init__(self, answer: str = "keep"):
        self.asked: list[str] = []
        self.answer = answer

    def __call__(self, what: str) -> str:
        self.asked.append(what)
        return self.answer


@pytest.fixture
def unsaved(console):
    console.ctx.ask_unsaved = Unsaved()
    return console.ctx.ask_unsaved


def closes(qtbot, console) -> bool:
    with qtbot.waitSignals([console.closed], timeout=200, raising=False) as blocker:
        console.close_console()
    return blocker.signal_triggered


def test_an_untouched_console_never_asks(qtbot, console, unsaved):
    for row in range(console.nav.count()):
        console.nav.setCurrentRow(row)
        assert console.pages.currentIndex() == row
    console.open_handout("hip-joint-injection", "en")
    console.show_page("Clinic settings")
    assert closes(qtbot, console)
    assert unsaved.asked == []


def test_settings_edits_ask_on_close_and_each_answer_does_what_it_says(qtbot, console, unsaved, store):
    page = console.settings_page
    console.show_page("Clinic settings")
    old = store.settings.get().after_hours_phone
    page.after_hours.setText("(555) 010-0199")

    unsaved.answer = "keep"
    assert not closes(qtbot, console)
    assert unsaved.asked == ["the clinic settings"] and page.after_hours.text() == "(555) 010-0199"

    unsaved.answer = "discard"
    assert closes(qtbot, console)
    assert store.settings.get().after_hours_phone == old and page.after_hours.text() == old

    page.after_hours.setText("(555) 010-0199")
    unsaved.answer = "save"
    assert closes(qtbot, console)
    assert store.settings.get().after_hours_phone == "(555) 010-0199"


def test_switching_page_asks_and_keep_editing_stays_put(qtbot, console, unsaved, store):
    page = console.settings_page
    console.show_page("Clinic settings")
    page.web.setText("https://example.org/aftercare")
    unsaved.answer = "keep"
    console.show_page("Staff")
    assert console.pages.currentWidget() is page
    assert console.nav.currentRow() == 1 and [i.text() for i in console.nav.selectedItems()] == ["Clinic settings"]
    unsaved.answer = "save"
    console.show_page("Staff")
    assert console.pages.currentWidget() is console.staff_page
    assert store.settings.get().web_address == "https://example.org/aftercare"


def test_a_save_the_core_refuses_stays_on_the_page_with_the_reason(qtbot, console, unsaved, store):
    page = console.settings_page
    console.show_page("Clinic settings")
    for box in page.lang_boxes.values():
        box.setChecked(False)  # no language offered: refused by the core
    unsaved.answer = "save"
    assert not closes(qtbot, console)
    assert page.problem.text() and console.pages.currentWidget() is page


def test_staff_page_typing_asks_and_discard_clears_it(qtbot, console, unsaved):
    console.show_page("Staff")
    console.staff_page.new_name.setText("Half Typed")
    unsaved.answer = "discard"
    console.show_page("Audit log")
    assert unsaved.asked and console.pages.currentWidget() is console.audit_page
    assert console.staff_page.new_name.text() == ""
    assert not console.staff_page.unsaved()


def test_staff_page_save_adds_the_person(qtbot, console, unsaved, store):
    console.show_page("Staff")
    page = console.staff_page
    page.new_name.setText("Nell New")
    page.new_pin.setText("602417")
    page.new_pin2.setText("602417")
    unsaved.answer = "save"
    assert closes(qtbot, console)
    assert "Nell New" in [m.name for m in store.staff.list()]


def test_handout_edits_ask_on_switching_page_and_save_keeps_a_draft(qtbot, console, unsaved, store):
    console.open_handout("hip-joint-injection", "en")
    console.editor.form.title.setText("Hip joint injection (edited)")
    unsaved.answer = "keep"
    console.show_page("Clinic settings")
    assert console.handouts.currentWidget() is console.editor and console.nav.currentRow() == 0
    unsaved.answer = "save"
    console.show_page("Clinic settings")
    assert console.pages.currentWidget() is console.settings_page
    latest = store.handouts.latest("hip-joint-injection", "en")
    assert latest.state == "draft" and latest.handout.title == "Hip joint injection (edited)"
    assert console.unsaved_draft() is None  # nothing left to keep at sign-out

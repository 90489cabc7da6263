"""Read aloud with Qt's mock TextToSpeech engine: it speaks silently and reports each word."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.patient import speech
from kiosk.ui.patient.content import blocks


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def reader(window, qtbot):
    window.patient.ensure()
    reader = window.screen("procedure")
    reader.speaker.rate = 1.0  # the mock engine then "speaks" about ten words a second
    window.patient.open_procedure("facet-joint-injection")
    return reader


def test_listen_reads_the_current_section_and_the_highlight_follows(reader, qtbot, store):
    assert reader.listen_button.isVisible() and reader.listen_button.text() == "Listen"
    click(qtbot, reader.listen_button)
    card = reader.card("what_it_is")
    paragraphs = [b.text for b in blocks(store.handouts.get_published("facet-joint-injection", "en")
                                         .handout.section("what_it_is"))]
    qtbot.waitUntil(lambda: reader.reading_index() == 0, timeout=5000)
    assert reader.listen_button.text() == "Stop"
    assert card.labels[0].property("reading") == "true"
    # the word being read is marked inside the paragraph
    qtbot.waitUntil(lambda: card.labels[0].textFormat() == Qt.TextFormat.RichText, timeout=3000)
    assert "<span" in card.labels[0].text() and "background-color" in card.labels[0].text()
    qtbot.waitUntil(lambda: reader.reading_index() == 1, timeout=8000)
    assert card.labels[0].property("reading") == "false" and card.labels[0].text() == paragraphs[0]
    click(qtbot, reader.listen_button)  # Stop
    assert reader.reading_index() == -1 and reader.listen_button.text() == "Listen"
    assert all(l.property("reading") != "true" for l in card.labels)


def test_listen_reads_spanish_content(window, reader, qtbot, store):
    window.session.set_language("es")
    assert reader.listen_button.text() == "Escuchar"
    spoken: list[int] = []
    reader.speaker.word_spoken.connect(lambda i, s, n: spoken.append(i))
    click(qtbot, reader.listen_button)
    first = blocks(store.handouts.get_published("facet-joint-injection", "es").handout.section("what_it_is"))[0].text
    qtbot.waitUntil(lambda: reader.reading_index() == 0, timeout=5000)
    card = reader.card("what_it_is")
    assert card.texts[0] == first and "columna" in first.lower()
    qtbot.waitUntil(lambda: card.labels[0].textFormat() == Qt.TextFormat.RichText, timeout=3000)
    assert reader.listen_button.text() == "Parar"


def test_leaving_the_screen_stops_reading(window, reader, qtbot):
    click(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: reader.speaker.status == "speaking", timeout=5000)
    click(qtbot, reader.header.back_button)
    assert window.current_screen() != "procedure"
    assert reader.speaker.status == "idle"
    with qtbot.assertNotEmitted(reader.speaker.block_started, wait=400):
        pass


def test_the_patient_reset_stops_reading(window, reader, qtbot):
    click(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: reader.speaker.status == "speaking", timeout=5000)
    window.reset_to_welcome()
    assert reader.speaker.status == "idle"
    with qtbot.assertNotEmitted(reader.speaker.word_spoken, wait=400):
        pass


def test_a_stuck_engine_is_abandoned_and_the_button_says_so(window, reader, qtbot, monkeypatch):
    # an engine that accepts text and then never speaks (like speechd with no sound card)
    real_send = speech.Speaker._send
    monkeypatch.setattr(speech.Speaker, "_send",
                        lambda self, **cmd: None if cmd.get("cmd") == "say" else real_send(self, **cmd))
    reader.speaker.warm()
    qtbot.waitUntil(lambda: reader.speaker._ready, timeout=15000)
    reader.speaker.start_timeout_ms = 300
    click(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: reader.speaker.status == "broken", timeout=3000)
    assert reader.listen_button.text() == "Reading aloud is not working"
    assert not reader.listen_button.isEnabled() and reader.listen_button.isVisible()
    qtbot.waitUntil(window.toast.isVisible, timeout=1000)
    assert "not working" in window.toast.text()
    click(qtbot, reader.header.home_button)  # the kiosk carries on
    assert window.current_screen() == "home"


def test_without_a_speech_engine_listen_is_hidden(make_window, monkeypatch):
    monkeypatch.setenv(speech.ENGINE_ENV, "none")
    window = make_window()
    window.patient.open_procedure("knee-joint-injection")
    reader = window.screen("procedure")
    assert not speech.available()
    assert not reader.listen_row.isVisible() and not reader.listen_button.isVisible()
    assert reader.title.text() == "Knee joint injection"

"""Reading aloud without PySide6-Addons (issue 16): the speech helper's espeak-ng engine speaks the helper's
protocol with plain processes, so an install of PySide6-Essentials alone (about 330 MB instead of 480) keeps Listen.
Real espeak-ng, writing its sound to a WAV file (KIOSK_ESPEAK_WAV) since CI has no sound card."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import wave

import pytest

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed (.ci/run installs it)")


class Helper:
    def __init__(self, tmp_path, rate="-0.1"):
        self.wav = tmp_path / "spoken.wav"
        env = dict(os.environ, KIOSK_ESPEAK_WAV=str(self.wav))
        self.proc = subprocess.Popen([sys.executable, "-m", "kiosk.ui.patient.speech_helper", "espeak-ng", rate],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)

    def send(self, **command):
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def event(self) -> dict:
        line = self.proc.stdout.readline()
        assert line, "the helper closed its output"
        return json.loads(line)

    def close(self) -> int:
        self.proc.stdin.close()
        return self.proc.wait(timeout=30)


def test_the_helper_reads_a_paragraph_aloud_in_each_language(tmp_path):
    helper = Helper(tmp_path)
    try:
        assert helper.event() == {"ev": "ready", "ok": True, "words": False}
        for n, (lang, text) in enumerate([("en", "Rest today. Call us if the pain gets worse."),
                                          ("es", "Descanse hoy. Llámenos si el dolor empeora.")], 1):
            helper.send(cmd="say", id=n, text=text, lang=lang)
            assert helper.event() == {"ev": "state", "id": n, "state": "speaking"}
            assert helper.event() == {"ev": "state", "id": n, "state": "ready"}
            with wave.open(str(helper.wav)) as sound:
                seconds = sound.getnframes() / sound.getframerate()
            assert 1.5 < seconds < 10, seconds  # a sentence or two of real speech, not silence or an error
    finally:
        assert helper.close() == 0


def test_stop_cuts_the_paragraph_short_and_says_nothing_more(tmp_path):
    helper = Helper(tmp_path)
    try:
        helper.event()
        helper.send(cmd="say", id=7, text="A long paragraph. " * 200, lang="en")
        assert helper.event()["state"] == "speaking"
        helper.send(cmd="stop")
        helper.send(cmd="say", id=8, text="Short.", lang="en")  # the next paragraph still works
        assert helper.event() == {"ev": "state", "id": 8, "state": "speaking"}
        assert helper.event() == {"ev": "state", "id": 8, "state": "ready"}  # nothing for 7: it was stopped
    finally:
        assert helper.close() == 0


def test_the_rate_maps_to_words_per_minute_and_the_text_never_goes_on_the_command_line():
    from kiosk.ui.patient.speech_helper import espeak_command

    os.environ.pop("KIOSK_ESPEAK_WAV", None)
    assert espeak_command("es", 0.0) == ["espeak-ng", "-v", "es", "-s", "175", "--stdin"]
    assert espeak_command("en", -0.1)[1:5] == ["-v", "en-us", "-s", "166"]
    assert espeak_command("en", -5)[4] == "88" and espeak_command("en", 5)[4] == "262"  # clamped like Qt's


def test_without_qt_speech_the_kiosk_picks_espeak_ng(monkeypatch):
    """As on an install without PySide6-Addons: QtTextToSpeech cannot be imported."""
    from kiosk.ui.patient import speech

    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    speech._engine_for.cache_clear()
    try:
        assert speech._engine_for(None) == "espeak-ng"
        assert speech._engine_for("espeak-ng") == "espeak-ng"
        assert speech._engine_for("mock") == ""  # Qt's mock engine is an Addons module too
    finally:
        speech._engine_for.cache_clear()


def test_the_kiosks_speaker_reads_every_block_through_espeak_ng(qtbot, monkeypatch, tmp_path):
    """The screen's side (kiosk.ui.patient.speech.Speaker): block by block to the end, status back to idle."""
    from kiosk.ui.patient import speech

    monkeypatch.setenv(speech.ENGINE_ENV, "espeak-ng")
    monkeypatch.setenv("KIOSK_ESPEAK_WAV", str(tmp_path / "spoken.wav"))
    speaker = speech.Speaker()
    assert speaker.engine == "espeak-ng" and speaker.available()
    started = []
    speaker.block_started.connect(started.append)
    try:
        with qtbot.waitSignal(speaker.finished, timeout=30000):
            speaker.speak(["Rest today.", "Keep the bandage dry."], "en")
        assert started == [0, 1] and speaker.status == "idle"
        assert (tmp_path / "spoken.wav").stat().st_size > 10_000
    finally:
        speaker.shutdown()

"""Read aloud with Qt TextToSpeech, without ever blocking the screen.

The engine lives in its own thread: creating the `speechd` engine takes seconds, and on a machine with
no sound card it can stay "speaking" for ever. `Speaker` talks to it through queued signals and keeps
a watchdog; an engine that does not start, or does not finish a paragraph in a generous time, is
abandoned and `status` becomes "broken" (the Listen button says so; the kiosk carries on).

Which engine: $KIOSK_TTS_ENGINE when set ("none" turns reading aloud off; tests use "mock"), else the
first engine Qt offers that is not its "mock" engine. With none, `available()` is False and the Listen
button is hidden.

Text is read one block (paragraph or list item) at a time, so the screen can highlight the block being
read; engines that report word progress (`mock`) also drive a word highlight.
"""
from __future__ import annotations

import atexit
import os
import re
from functools import lru_cache

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from kiosk.core import messages
from kiosk.ui.patient.strings import tr

ENGINE_ENV = "KIOSK_TTS_ENGINE"
_threads: list[QThread] = []


@lru_cache(maxsize=None)
def _engine_for(env: str | None) -> str:
    if env == "none":
        return ""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:  # libpulse0 missing: no reading aloud, and no broken button either
        return ""
    engines = list(QTextToSpeech.availableEngines())
    if env:
        return env if env in engines else ""
    real = [e for e in engines if e != "mock"]
    return real[0] if real else ""


def engine_name() -> str:
    return _engine_for(os.environ.get(ENGINE_ENV))


def available() -> bool:
    return bool(engine_name())


def shutdown_all(wait_ms: int = 2000) -> None:
    """Stop every speech thread (at exit, and between tests)."""
    for thread in list(_threads):
        thread.quit()
        if not thread.wait(wait_ms):
            thread.terminate()
            thread.wait(500)
        if thread in _threads:
            _threads.remove(thread)


atexit.register(shutdown_all)  # a QThread still running when Python exits aborts the process


class _Worker(QObject):
    """Owns the QTextToSpeech object; lives in the speech thread."""

    ready = Signal(int, bool, bool)  # generation, engine usable, reports word progress
    state = Signal(int, int, str)  # generation, utterance id, "speaking" | "ready" | "error"
    word = Signal(int, int, int, int)  # generation, utterance id, start, length

    def __init__(self, engine: str, generation: int):
        super().__init__()
        self._engine = engine
        self._gen = generation
        self._tts = None
        self._lang = ""
        self._current = -1

    @Slot(float)
    def create(self, rate: float) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech

            self._tts = QTextToSpeech(self._engine, self)
            if self._tts.state() == QTextToSpeech.State.Error:
                self.ready.emit(self._gen, False, False)
                return
            self._tts.stateChanged.connect(self._state)
            self._tts.sayingWord.connect(self._word)
            self._tts.setRate(max(-1.0, min(1.0, rate)))
            words = bool(self._tts.engineCapabilities() & QTextToSpeech.Capability.WordByWordProgress)
            self.ready.emit(self._gen, True, words)
        except Exception:  # an engine plugin that fails to load must not take the kiosk down
            self.ready.emit(self._gen, False, False)

    def _pick_locale(self, lang: str) -> None:
        if lang == self._lang or self._tts is None:
            return
        self._lang = lang
        from PySide6.QtCore import QLocale

        wanted = QLocale(lang).language()
        matches = [loc for loc in self._tts.availableLocales() if loc.language() == wanted]
        if matches:
            preferred = [loc for loc in matches if loc.territory() == QLocale.Territory.UnitedStates]
            self._tts.setLocale((preferred or matches)[0])

    @Slot(int, str, str)
    def say(self, utterance: int, text: str, lang: str) -> None:
        if self._tts is None:
            return
        self._pick_locale(lang)
        self._current = utterance
        self._tts.say(text)

    @Slot()
    def stop(self) -> None:
        self._current = -1
        if self._tts is not None:
            from PySide6.QtTextToSpeech import QTextToSpeech

            self._tts.stop(QTextToSpeech.BoundaryHint.Immediate)

    def _state(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        name = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Synthesizing: "speaking",
                QTextToSpeech.State.Ready: "ready", QTextToSpeech.State.Error: "error"}.get(state)
        if name and self._current >= 0:
            self.state.emit(self._gen, self._current, name)

    def _word(self, word: str, _id: int, start: int, length: int) -> None:
        if self._current >= 0:
            self.word.emit(self._gen, self._current, start, length)


class Speaker(QObject):
    """Reads a list of text blocks aloud. Status: off | idle | starting | speaking | broken."""

    status_changed = Signal(str)
    block_started = Signal(int)  # index into the blocks given to speak()
    word_spoken = Signal(int, int, int)  # block, start, length
    finished = Signal()  # read to the end, or stopped

    _create = Signal(float)
    _say = Signal(int, str, str)
    _stop = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine_name()
        self.status = "idle" if self.engine else "off"
        self.start_timeout_ms = 8000  # engine creation, and each block until it starts speaking
        self.word_ms = 700  # allowance per word before a block counts as stuck
        self.word_progress = False
        self.rate = -0.1  # a little slower than the engine's default: calmer for patients
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._blocks: list[str] = []
        self._lang = "en"
        self._index = -1
        self._utterance = 0
        self._started = False
        self._pending = False
        self._ready = False
        self._gen = 0
        self._watchdog = QTimer(self, singleShot=True, timeout=self._stuck)

    def available(self) -> bool:
        return self.status != "off"

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    # ---- engine lifecycle ----------------------------------------------------------------------------
    def warm(self) -> None:
        """Start the engine in the background (the reader calls this when it first opens)."""
        if self._thread is not None or self.status in ("off", "broken"):
            return
        self._thread = QThread()
        self._thread.setObjectName("speech")
        self._gen += 1
        self._worker = _Worker(self.engine, self._gen)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._create.connect(self._worker.create)
        self._say.connect(self._worker.say)
        self._stop.connect(self._worker.stop)
        self._worker.ready.connect(self._on_ready)
        self._worker.state.connect(self._on_state)
        self._worker.word.connect(self._on_word)
        _threads.append(self._thread)
        self._thread.start()
        self._ready = False
        self._watchdog.start(self.start_timeout_ms)
        self._create.emit(self.rate)

    @Slot(int, bool, bool)
    def _on_ready(self, gen: int, ok: bool, words: bool) -> None:
        if gen != self._gen or self._worker is None:
            return
        self._watchdog.stop()
        if not ok:
            self._abandon()
            return
        self._ready = True
        self.word_progress = words
        if self._pending:
            self._pending = False
            self._next()

    def shutdown(self) -> None:
        self.stop()
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.quit()
            if thread.wait(1500) and thread in _threads:
                _threads.remove(thread)

    def _abandon(self) -> None:
        """Give up on a stuck engine: never wait for it again in this process."""
        self._watchdog.stop()
        worker, thread = self._worker, self._thread
        self._worker = self._thread = None
        if worker is not None:
            for signal in (self._create, self._say, self._stop):
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):
                    pass
            QTimer.singleShot(0, worker, worker.stop)  # runs in its own thread, if it ever gets to
        if thread is not None:
            thread.quit()
        someone_waiting = self.status in ("starting", "speaking")
        self._blocks, self._index, self._pending = [], -1, False
        self._set_status("broken")
        if someone_waiting:
            messages.warning(tr("speech_broken_notice", self._lang), key="speech")
            self.finished.emit()

    # ---- reading -------------------------------------------------------------------------------------
    def speak(self, blocks: list[str], language: str) -> None:
        if self.status in ("off", "broken"):
            return
        self.stop()
        self._blocks = [b for b in blocks]
        self._lang = language
        self._index = -1
        if self._thread is None:
            self.warm()
        self._set_status("starting")
        if self._ready:
            self._next()
        else:
            self._pending = True

    def stop(self) -> None:
        was_active = self.status in ("speaking", "starting") or self._index >= 0
        self._pending = False
        self._blocks, self._index, self._started = [], -1, False
        if self._worker is not None:
            self._utterance += 1
            self._stop.emit()
            if self._ready:
                self._watchdog.stop()
        if self.status in ("speaking", "starting"):
            self._set_status("idle")
        if was_active:
            self.finished.emit()

    def _next(self) -> None:
        self._index += 1
        if self._index >= len(self._blocks):
            self._blocks, self._index = [], -1
            self._watchdog.stop()
            self._set_status("idle")
            self.finished.emit()
            return
        text = self._blocks[self._index]
        self._utterance += 1
        self._started = False
        self._set_status("speaking")
        self.block_started.emit(self._index)
        self._watchdog.start(self.start_timeout_ms)
        self._say.emit(self._utterance, text, self._lang)

    @Slot(int, int, str)
    def _on_state(self, gen: int, utterance: int, state: str) -> None:
        if gen != self._gen or self._worker is None or utterance != self._utterance or self._index < 0:
            return
        if state == "speaking" and not self._started:
            self._started = True
            words = len(re.findall(r"\w+", self._blocks[self._index]))
            self._watchdog.start(self.start_timeout_ms + self.word_ms * words)
        elif state == "ready" and self._started:
            self._next()
        elif state == "error":
            self._abandon()

    @Slot(int, int, int, int)
    def _on_word(self, gen: int, utterance: int, start: int, length: int) -> None:
        if gen == self._gen and self._worker is not None and utterance == self._utterance and self._index >= 0:
            self.word_spoken.emit(self._index, start, length)

    def _stuck(self) -> None:
        if self.status in ("starting", "speaking") or (self._worker is not None and not self._ready):
            self._abandon()

"""Read aloud with Qt TextToSpeech, without ever blocking the screen.

The engine runs in a helper process (`speech_helper.py`), spoken to through QProcess: creating the
`speechd` engine takes seconds and, in a thread of this process, deadlocks against the screen (its
constructor holds the interpreter lock while waiting); on a machine with no sound card it can stay
"speaking" for ever. A watchdog gives each step a few seconds; an engine that does not start, or does
not finish a paragraph in a generous time, is killed and `status` becomes "broken" (the Listen button
says so; the kiosk carries on).

Which engine: $KIOSK_TTS_ENGINE when set ("none" turns reading aloud off; tests use "mock"), else the
first engine Qt offers that is not its "mock" engine, else `espeak-ng` when it is installed (no Qt module: an
install without PySide6-Addons still reads aloud). With none, `available()` is False and the Listen button is
hidden.

Text is read one block (paragraph or list item) at a time, so the screen can highlight the block being
read; engines that report word progress (`mock`) also drive a word highlight.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import sys
from functools import lru_cache

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from kiosk import resources
from kiosk.core import messages
from kiosk.ui.patient.strings import tr

ENGINE_ENV = "KIOSK_TTS_ENGINE"
_processes: list[QProcess] = []


@lru_cache(maxsize=None)
def _engine_for(env: str | None) -> str:
    if env == "none":
        return ""
    import shutil

    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:  # no PySide6-Addons, or libpulse0 missing: only espeak-ng, if installed
        engines = []
    else:
        engines = list(QTextToSpeech.availableEngines())
    if shutil.which("espeak-ng"):
        engines.append("espeak-ng")
    if env:
        return env if env in engines else ""
    real = [e for e in engines if e != "mock"]
    return real[0] if real else ""


def engine_name() -> str:
    return _engine_for(os.environ.get(ENGINE_ENV))


def available() -> bool:
    return bool(engine_name())


_failed: set[str] = set()  # engines abandoned in this session (see Speaker._abandon)


def working() -> bool:
    """An engine is installed and has not failed in this session: what the welcome screen may promise."""
    return available() and engine_name() not in _failed


def forget_failures() -> None:
    """Give every engine a fresh chance (between tests; a new session starts with none failed)."""
    _failed.clear()


def _end(process: QProcess, wait_ms: int = 500) -> None:
    if process.state() != QProcess.ProcessState.NotRunning:
        process.closeWriteChannel()
        if not process.waitForFinished(wait_ms):
            process.kill()
            process.waitForFinished(1000)
    if process in _processes:
        _processes.remove(process)


def shutdown_all() -> None:
    """End every helper process (at exit, and between tests)."""
    for process in list(_processes):
        _end(process, 200)


atexit.register(shutdown_all)


class Speaker(QObject):
    """Reads a list of text blocks aloud. Status: off | idle | starting | speaking | broken."""

    status_changed = Signal(str)
    block_started = Signal(int)  # index into the blocks given to speak()
    word_spoken = Signal(int, int, int)  # block, start, length
    finished = Signal()  # read to the end, or stopped

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine_name()
        self.status = "idle" if self.engine else "off"
        self.create_timeout_ms = 10000  # helper start + engine creation (speechd: 2.5-4 s)
        self.start_timeout_ms = 5000  # from "say" to the engine speaking
        self.word_ms = 600  # allowance per word (speech is ~400 ms a word) before a block counts as stuck
        self.rate = -0.1  # a little slower than the engine's default: calmer for patients
        self.word_progress = False
        self._process: QProcess | None = None
        self._ready = False
        self._buffer = b""
        self._blocks: list[str] = []
        self._lang = "en"
        self._index = -1
        self._utterance = 0
        self._started = False
        self._pending = False
        self._watchdog = QTimer(self, singleShot=True)
        self._watchdog.timeout.connect(self._stuck)

    def available(self) -> bool:
        return self.status != "off"

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    # ---- the helper process --------------------------------------------------------------------------
    def warm(self) -> None:
        """Start the engine in the background, so Listen answers at once."""
        if self._process is not None or self.status in ("off", "broken"):
            return
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        root = str(resources.root())
        env.insert("PYTHONPATH", root + os.pathsep + env.value("PYTHONPATH", "") if env.contains("PYTHONPATH") else root)
        process.setProcessEnvironment(env)
        process.setStandardErrorFile(QProcess.nullDevice())  # the engine's own chatter
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._exited)
        self._process, self._ready, self._buffer = process, False, b""
        _processes.append(process)
        process.start(sys.executable, ["-m", "kiosk.ui.patient.speech_helper", self.engine, str(self.rate)])
        self._watchdog.start(self.create_timeout_ms)

    def _send(self, **command) -> None:
        if self._process is not None:
            self._process.write((json.dumps(command) + "\n").encode("utf-8"))

    def _read(self) -> None:
        process = self.sender()
        if process is not self._process:
            return
        self._buffer += bytes(process.readAllStandardOutput())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            self._event(event)

    def _event(self, event: dict) -> None:
        kind = event.get("ev")
        if kind == "ready":
            self._watchdog.stop()
            if not event.get("ok"):
                self._abandon()
                return
            self._ready = True
            self.word_progress = bool(event.get("words"))
            if self._pending:
                self._pending = False
                self._next()
        elif kind == "state" and event.get("id") == self._utterance and self._index >= 0:
            state = event.get("state")
            if state == "speaking" and not self._started:
                self._started = True
                words = len(re.findall(r"\w+", self._blocks[self._index]))
                self._watchdog.start(self.start_timeout_ms + self.word_ms * words)
            elif state == "ready" and self._started:
                self._next()
            elif state == "error":
                self._abandon()
        elif kind == "word" and event.get("id") == self._utterance and self._index >= 0:
            self.word_spoken.emit(self._index, int(event.get("start", 0)), int(event.get("length", 0)))

    def _exited(self, *_) -> None:
        if self.sender() is self._process and self.status != "broken":
            self._abandon()  # the engine died under us

    def shutdown(self) -> None:
        self.stop()
        process, self._process = self._process, None
        if process is not None:
            _end(process)

    def _abandon(self) -> None:
        """Give up on a stuck or failed engine: never wait for it again in this session."""
        self._watchdog.stop()
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            _end(process, 0)
        someone_waiting = self.status in ("starting", "speaking")
        self._blocks, self._index, self._pending = [], -1, False
        _failed.add(self.engine)
        self._set_status("broken")
        if someone_waiting:
            messages.warning(tr("speech_broken_notice", self._lang), key="speech")
            self.finished.emit()

    # ---- reading -------------------------------------------------------------------------------------
    def speak(self, blocks: list[str], language: str) -> None:
        if self.status in ("off", "broken"):
            return
        self.stop()
        self._blocks = list(blocks)
        self._lang = language
        self._index = -1
        if self._process is None:
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
        self._utterance += 1
        if self._process is not None and self._ready:
            self._send(cmd="stop")
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
        self._utterance += 1
        self._started = False
        self._set_status("speaking")
        self.block_started.emit(self._index)
        self._watchdog.start(self.start_timeout_ms)
        self._send(cmd="say", id=self._utterance, text=self._blocks[self._index], lang=self._lang)

    def _stuck(self) -> None:
        if self.status in ("starting", "speaking") or (self._process is not None and not self._ready):
            self._abandon()

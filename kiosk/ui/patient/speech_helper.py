"""The read-aloud helper process: `python -m kiosk.ui.patient.speech_helper ENGINE RATE`.

It owns the QTextToSpeech engine so that nothing the engine does (seconds to start, hanging with no
sound card, holding the interpreter lock in its constructor) can reach the kiosk's screen. One JSON
object per line in each direction:

    in:  {"cmd": "say", "id": 3, "text": "...", "lang": "es"}   {"cmd": "stop"}
    out: {"ev": "ready", "ok": true, "words": true}
         {"ev": "state", "id": 3, "state": "speaking" | "ready" | "error"}
         {"ev": "word", "id": 3, "start": 12, "length": 5}

It exits when its input closes (the kiosk quit or gave up on it).

Engines: Qt's (`speechd`, `mock`: QtTextToSpeech, in PySide6-Addons), or `espeak-ng`, which needs no Qt module at
all: each paragraph is one `espeak-ng` process (its text on standard input, never on the command line), killed
on stop. That keeps Listen working on an install without PySide6-Addons (153 MB), at the price of word-by-word
progress, which Qt's speechd engine does not report either.
"""
from __future__ import annotations

import json
import os
import sys


ESPEAK_VOICES = {"en": "en-us", "es": "es"}
ESPEAK_WPM = 175  # espeak-ng's own default speed, at rate 0


def espeak_command(lang: str, rate: float, program: str = "espeak-ng") -> list[str]:
    """The espeak-ng command line for LANG ("en", "es") at RATE (-1.0 slowest .. 1.0 fastest, as in Qt): text
    comes on standard input. KIOSK_ESPEAK_WAV=PATH (tests) writes the sound to PATH instead of playing it."""
    wpm = int(round(ESPEAK_WPM * (1.0 + 0.5 * max(-1.0, min(1.0, rate)))))
    command = [program, "-v", ESPEAK_VOICES.get(lang, "en-us"), "-s", str(wpm), "--stdin"]
    wav = os.environ.get("KIOSK_ESPEAK_WAV")
    if wav:
        command += ["-w", wav]
    return command


def espeak_main(rate: float, program: str = "espeak-ng") -> int:
    """The helper's protocol over espeak-ng processes, without Qt: one process per "say", killed by "stop" or by
    the next "say"; "ready" when it ends by itself, "error" when it fails."""
    import shutil
    import subprocess
    import threading

    lock = threading.Lock()
    current: dict = {"id": -1, "proc": None}

    def send(**event) -> None:
        with lock:
            sys.stdout.write(json.dumps(event) + "\n")
            sys.stdout.flush()

    def kill() -> None:
        proc, current["proc"] = current["proc"], None
        if proc is not None and proc.poll() is None:
            proc.kill()

    def watch(proc, ident: int) -> None:
        status = proc.wait()
        if current["proc"] is proc and current["id"] == ident:
            current["proc"] = None
            send(ev="state", id=ident, state="ready" if status == 0 else "error")

    if not shutil.which(program):
        send(ev="ready", ok=False, words=False)
        return 1
    send(ev="ready", ok=True, words=False)
    for line in sys.stdin.buffer:
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("cmd") == "say":
            kill()
            ident = int(msg.get("id", 0))
            current["id"] = ident
            try:
                proc = subprocess.Popen(espeak_command(str(msg.get("lang", "en")), rate, program),
                                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                proc.stdin.write(str(msg.get("text", "")).encode("utf-8"))
                proc.stdin.close()
            except OSError:
                send(ev="state", id=ident, state="error")
                continue
            current["proc"] = proc
            send(ev="state", id=ident, state="speaking")
            threading.Thread(target=watch, args=(proc, ident), daemon=True).start()
        elif msg.get("cmd") == "stop":
            current["id"] = -1
            kill()
    kill()
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "espeak-ng":
        return espeak_main(float(argv[1]) if len(argv) > 1 else 0.0)
    from kiosk.ui.app import guard_singleton_refcounts

    guard_singleton_refcounts()
    from PySide6.QtCore import QCoreApplication, QLocale, QSocketNotifier, QTimer

    engine = argv[0] if argv else "mock"
    rate = float(argv[1]) if len(argv) > 1 else 0.0
    app = QCoreApplication([sys.argv[0]])
    state = {"current": -1, "lang": "", "buffer": b""}

    def send(**event) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    try:
        from PySide6.QtTextToSpeech import QTextToSpeech

        tts = QTextToSpeech(engine)
    except Exception:
        send(ev="ready", ok=False, words=False)
        return 1
    if tts.state() == QTextToSpeech.State.Error:
        send(ev="ready", ok=False, words=False)
        return 1
    tts.setRate(max(-1.0, min(1.0, rate)))
    names = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Synthesizing: "speaking",
             QTextToSpeech.State.Ready: "ready", QTextToSpeech.State.Error: "error"}

    def on_state(s) -> None:
        if state["current"] >= 0 and s in names:
            send(ev="state", id=state["current"], state=names[s])

    def on_word(_word, _id, start, length) -> None:
        if state["current"] >= 0:
            send(ev="word", id=state["current"], start=start, length=length)

    tts.stateChanged.connect(on_state)
    tts.sayingWord.connect(on_word)

    def pick_locale(lang: str) -> None:
        if lang == state["lang"]:
            return
        state["lang"] = lang
        wanted = QLocale(lang).language()
        matches = [loc for loc in tts.availableLocales() if loc.language() == wanted]
        if matches:
            us = [loc for loc in matches if loc.territory() == QLocale.Country.UnitedStates]
            tts.setLocale((us or matches)[0])

    def handle(line: bytes) -> None:
        try:
            msg = json.loads(line)
        except ValueError:
            return
        if msg.get("cmd") == "say":
            state["current"] = int(msg.get("id", 0))
            try:
                pick_locale(str(msg.get("lang", "en")))
                tts.say(str(msg.get("text", "")))
            except Exception:
                send(ev="state", id=state["current"], state="error")
        elif msg.get("cmd") == "stop":
            state["current"] = -1
            tts.stop(QTextToSpeech.BoundaryHint.Immediate)

    def readable() -> None:
        try:
            chunk = os.read(0, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            app.quit()
            return
        state["buffer"] += chunk
        *lines, state["buffer"] = state["buffer"].split(b"\n")
        for line in lines:
            if line.strip():
                handle(line)

    notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)
    notifier.activated.connect(readable)
    words = bool(tts.engineCapabilities() & QTextToSpeech.Capability.WordByWordProgress)
    QTimer.singleShot(0, lambda: send(ev="ready", ok=True, words=words))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

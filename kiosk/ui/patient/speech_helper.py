"""The read-aloud helper process: `python -m kiosk.ui.patient.speech_helper ENGINE RATE`.

It owns the QTextToSpeech engine so that nothing the engine does (seconds to start, hanging with no
sound card, holding the interpreter lock in its constructor) can reach the kiosk's screen. One JSON
object per line in each direction:

    in:  {"cmd": "say", "id": 3, "text": "...", "lang": "es"}   {"cmd": "stop"}
    out: {"ev": "ready", "ok": true, "words": true}
         {"ev": "state", "id": 3, "state": "speaking" | "ready" | "error"}
         {"ev": "word", "id": 3, "start": 12, "length": 5}

It exits when its input closes (the kiosk quit or gave up on it).
"""
from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
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

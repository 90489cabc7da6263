"""Run by test_patient_scale.py in a fresh process (QT_SCALE_FACTOR must be set before Qt starts):
lay out every patient screen on a 1920 x 1080 screen at that scale, at the default and at the largest
text size, and print the audit as JSON."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_TTS_ENGINE", "mock")
os.environ.setdefault("KIOSK_PIN_ITERATIONS", "2000")
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))  # a11y_audit


def main() -> int:
    from PySide6.QtTest import QTest

    from a11y_audit import audit
    from kiosk.services import open_store
    from kiosk.ui.app import create_app
    from kiosk.ui.main_window import MainWindow
    from test_patient_a11y import states

    app = create_app([sys.argv[0]])
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    size = (round(1920 / scale), round(1080 / scale))  # device-independent pixels of a 1080p screen
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "kiosk.sqlite3")
        window = MainWindow(store, kiosk_mode=False)
        window.resize(*size)
        window.show()
        QTest.qWaitForWindowExposed(window)
        report = {"ratio": window.devicePixelRatioF(), "size": list(size), "problems": []}
        for text_size in (0, 2):  # the clinic default and the largest patient text size
            window.reset_to_welcome()  # each pass starts as a new patient would: welcome, English
            window.session.set_text_size(text_size)
            QTest.qWait(300)
            for state in states(window):
                problems = audit(window)
                for _ in range(100):
                    if not problems:
                        break
                    QTest.qWait(25)
                    problems = audit(window)
                report["problems"] += [f"text size {text_size}, {state}: {p}" for p in problems]
        window.allow_exit()
        window.close()
        window.shutdown()
        store.close()
    print(json.dumps(report))
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

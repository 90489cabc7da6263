"""No log line ever holds patient text (issue 16): a whole discharge with marker name and notes, then a render that
fails with an exception quoting them (as reportlab's do) and an uncaught exception in the main thread and in a
worker thread; every log file, crash log and standard error is searched for the markers."""
from __future__ import annotations

import io
import logging
import sys
import threading

import pytest
from staff_support import NOTES, PATIENT, click, fill, flush_deletes, open_form

from kiosk import logs

MARKERS = [PATIENT, NOTES, "Quentin", "Marlowe", "Zebracorn"]


@pytest.fixture
def logged(tmp_path):
    stream = io.StringIO()
    folder = logs.setup(tmp_path / "data", level="DEBUG", stream=stream)
    yield folder, stream
    logs.teardown()


def test_a_discharge_and_its_failures_leave_no_patient_text_in_any_log(qtbot, window, staff, tmp_path, logged,
                                                                       monkeypatch, capfd):
    folder, stream = logged
    printed = tmp_path / "printed"
    printed.mkdir()
    staff.settings.update("test", print_backend="folder", print_folder=str(printed))

    # 1. a whole discharge, printed to the folder backend
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=15000)
    click(qtbot, screen.panel.done_btn)
    flush_deletes()
    assert len(list(printed.iterdir())) == 1

    # 2. the renderer fails with a message quoting the patient's text
    import kiosk.sheet

    def broken_render(handout, version, settings, details):
        raise ValueError(f"<para>{details.patient_name}: {details.notes}</para> cannot be laid out")

    monkeypatch.setattr(kiosk.sheet, "render_sheet", broken_render)
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    qtbot.waitUntil(lambda: "No preview" in screen.preview.status.text(), timeout=15000)

    # 3. uncaught exceptions quoting the text, in the main thread and in a worker thread
    try:
        raise RuntimeError(f"while printing for {PATIENT}") from KeyError(NOTES)
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    worker = threading.Thread(target=lambda: (_ for _ in ()).throw(OSError(f"notes: {NOTES}")), name="kiosk-test")
    worker.start()
    worker.join()
    logging.getLogger("kiosk.test").info("done with %s", "the privacy run")
    for handler in logging.getLogger("kiosk").handlers:
        handler.flush()

    files = sorted(p for p in folder.iterdir() if p.is_file())
    names = {p.name for p in files}
    assert {"kiosk.log", "faults.log"} <= names
    crash_logs = [p for p in files if p.name.startswith("crash-")]
    assert crash_logs  # the uncaught exceptions were written down…
    log_text = (folder / "kiosk.log").read_text(encoding="utf-8")
    assert "The sheet preview could not be built." in log_text and "ValueError" in log_text  # …and the failure
    assert "broken_render" in log_text  # with the frames that lead to it
    assert "RuntimeError" in log_text and "KeyError" in log_text and "thread kiosk-test" in log_text
    for path in files:
        assert oct(path.stat().st_mode & 0o777) == "0o600", path
    captured = capfd.readouterr()
    texts = {str(p): p.read_bytes().decode("utf-8", "replace") for p in files}
    texts.update(console=stream.getvalue(), stderr=captured.err, stdout=captured.out)
    assert "ValueError" in texts["console"]
    leaks = {where: m for where, text in texts.items() for m in MARKERS if m.lower() in text.lower()}
    assert leaks == {}

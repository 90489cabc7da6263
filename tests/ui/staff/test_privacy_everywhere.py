"""Issue 8, privacy and access, end to end through the real screens:

- after a discharge sheet is printed and the nurse signs out, the patient's name and notes are nowhere: not in the
  SQLite file (nor its WAL), the audit log, the temp folder, the log records, the print file's name;
- a nurse reaches no admin function by any key;
- browsing the kiosk and printing to the folder backend open no network connection.
"""
from __future__ import annotations

import logging
import os
import socket
import tempfile
import time
from pathlib import Path

import pytest
from staff_support import NOTES, PATIENT, click, fill, flush_deletes, open_form, sign_in
from PySide6.QtCore import Qt

MARKERS = [PATIENT, NOTES, "Quentin", "Zebracorn"]


def encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_holding_markers(paths) -> list[str]:
    found = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        if any(e in data for m in MARKERS for e in encodings(m)):
            found.append(str(path))
    return found


def recent_temp_files(since: float, exclude: Path) -> list[Path]:
    found = []
    for root, _dirs, names in os.walk(tempfile.gettempdir()):
        if Path(root).is_relative_to(exclude):
            continue
        for name in names:
            path = Path(root) / name
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since:
                    found.append(path)
            except OSError:
                continue
    return found


def test_after_print_and_sign_out_the_patient_is_nowhere(qtbot, window, staff, tmp_path, caplog, tmp_path_factory):
    caplog.set_level(logging.DEBUG)
    started = time.time() - 1
    printed = tmp_path / "printed"
    printed.mkdir()
    staff.settings.update("test", print_backend="folder", print_folder=str(printed))
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=15000)
    click(qtbot, screen.panel.done_btn)
    flush_deletes()
    assert window.current_screen() == "welcome"

    outputs = list(printed.iterdir())
    assert len(outputs) == 1 and outputs[0].suffix == ".pdf"
    assert not any(m.lower() in outputs[0].name.lower() for m in ("quentin", "marlowe", "zebracorn"))

    db = Path(staff.path)
    database_files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    assert files_holding_markers(database_files) == []
    # pytest's own temp folders hold other tests' printouts (sheets carry names by design) and this test's
    # database, checked above; everything else in the temp folder is the app's doing
    assert files_holding_markers(recent_temp_files(started, exclude=tmp_path_factory.getbasetemp())) == []
    details = [str(e.detail) for e in staff.audit.entries()]
    assert any("facet-joint-injection" in d for d in details)  # the print was recorded…
    assert not any(m in d for d in details for m in MARKERS)  # …without the patient
    assert not any(m in caplog.text for m in MARKERS)


ADMIN_SCREENS = ("admin",)
KEYS = [
    (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
    *[(getattr(Qt.Key, f"Key_F{i}"), Qt.KeyboardModifier.NoModifier) for i in range(1, 13)],
]


def test_a_nurse_reaches_no_admin_function_by_any_key(qtbot, window, staff):
    from kiosk.ui.admin import AdminConsole

    menu = sign_in(qtbot, window)
    visible_labels = " ".join(b.text().lower() for b in menu.findChildren(type(menu.discharge_btn)) if b.isVisible())
    assert "admin" not in visible_labels and "exit" not in visible_labels
    for key, modifiers in KEYS:
        qtbot.keyClick(window.focusWidget() or window, key, modifiers)
        assert not any(s in (window.current_screen() or "") for s in ADMIN_SCREENS), (key, modifiers)
        assert window.findChildren(AdminConsole) == []
        assert window.isVisible()


class _Recorder:
    def __init__(self):
        self.attempts: list[str] = []


@pytest.fixture
def network_recorder(monkeypatch):
    """Record (and refuse) every name lookup and every connection that is not a local UNIX socket."""
    rec = _Recorder()
    real_connect = socket.socket.connect

    def connect(self, address):
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)
        rec.attempts.append(f"connect {address!r}")
        raise OSError("network refused by the test")

    def getaddrinfo(host, *args, **kwargs):
        rec.attempts.append(f"lookup {host!r}")
        raise OSError("network refused by the test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", lambda addr, *a, **k: rec.attempts.append(f"connect {addr!r}"))
    return rec


def test_browsing_and_printing_to_a_folder_open_no_network_connection(qtbot, window, staff, tmp_path,
                                                                     network_recorder):
    staff.settings.update("test", print_backend="folder", print_folder=str(tmp_path),
                          web_address="https://example.org/aftercare")
    flow = window.patient
    flow.go("home")
    flow.go("search")
    qtbot.keyClicks(flow.search.field, "facit")
    flow.open_procedure("facet-joint-injection")
    assert window.current_screen() == "procedure"
    flow.go_home()
    window.reset_to_welcome()
    screen = open_form(qtbot, window)
    fill(qtbot, screen, notes='See <img src="http://example.com/x.png"/> later')
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=15000)
    assert list(tmp_path.glob("*.pdf"))
    assert network_recorder.attempts == []

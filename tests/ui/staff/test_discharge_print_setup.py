"""The Print button when the machine's set-up is odd: a uid with no passwd entry, a broken print setting."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from staff_support import click, fill, open_form

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "printing"))
from cups_server import start_or_skip  # noqa: E402


@pytest.fixture
def no_passwd_entry(monkeypatch):
    """This uid has no passwd entry and no login name in the environment (a container started with a bare uid):
    pwd fails the way it really does there."""
    import pwd

    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(var, raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)


@pytest.mark.cups
def test_a_uid_with_no_passwd_entry_prints_from_the_form(qtbot, window, staff, monkeypatch, no_passwd_entry):
    import os

    server = start_or_skip()
    try:
        server.queue = server.add_pdf_queue("front-desk")
        monkeypatch.setenv("CUPS_SERVER", server.socket)
        staff.settings.update("test", print_backend="cups", default_printer=server.queue)
        screen = open_form(qtbot, window)
        fill(qtbot, screen)
        click(qtbot, screen.panel.print_btn)
        qtbot.waitUntil(lambda: screen.panel.state in ("printed", "failed"), timeout=30000)
        assert screen.panel.status.text().startswith("Printed 1 copy on front-desk (job ")
        assert screen.backend.user == str(os.getuid())
        assert not screen.printing and screen.leave_btn.isEnabled()
    finally:
        server.stop()


def test_a_backend_that_cannot_be_built_leaves_the_form_usable(qtbot, window, staff):
    # a stored backend name outside the rules now reads as the default (kiosk.store.settings.RULES), so a backend
    # that fails to build is made the way a broken driver would fail: its factory raises
    def broken(_settings):
        raise ValueError("no such backend")

    window.staff.backend_factory = broken
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "failed", timeout=15000)
    assert "could not be sent to the printer (ValueError)" in screen.panel.status.text()
    assert screen.form.isEnabled() and screen.leave_btn.isEnabled() and not screen.printing
    assert not window.staff.idle._paused


@pytest.mark.cups
def test_the_discharge_screen_writes_its_job_down_while_it_waits_and_crosses_it_out(qtbot, window, staff, db_path,
                                                                                   monkeypatch):
    import json

    from staff_support import NURSE

    server = start_or_skip()
    try:
        name, paper = server.add_paper_out_queue("ward-printer")
        monkeypatch.setenv("CUPS_SERVER", server.socket)
        staff.settings.update("test", print_backend="cups", default_printer=name)
        screen = open_form(qtbot, window)
        fill(qtbot, screen)
        click(qtbot, screen.panel.print_btn)
        qtbot.waitUntil(lambda: "out of paper" in screen.panel.status.text(), timeout=15000)
        (journal,) = Path(f"{db_path}.print-jobs").glob("*.json")
        text = journal.read_text()
        (job,) = json.loads(text)["jobs"]
        assert job["actor"] == NURSE and job["printer"] == name and job["server"] == server.socket
        assert "Quentin" not in text
        paper.touch()
        qtbot.waitUntil(lambda: screen.panel.state == "printed", timeout=20000)
        assert not journal.exists()
        (entry,) = staff.audit.entries(kind="print")
        assert entry.detail["job_id"] == job["job_id"] and entry.detail["outcome"] == "printed"
    finally:
        server.stop()

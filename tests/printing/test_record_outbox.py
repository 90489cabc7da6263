"""The audit outbox on real SQLite files: an entry the database refuses is kept, given back once, never twice."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.printing import record as rec
from kiosk.printing.base import PrintJob, PrintResult


@pytest.fixture
def info(store):
    version = store.handouts.get_published("facet-joint-injection", "en")
    return rec.SheetInfo.of(version.handout, version.version)


@pytest.fixture
def busy(store, db_path):
    """Another program holds the write lock; the store's 10 s busy timeout is shortened for the test."""
    store.conn.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def _printed(info) -> rec.Attempt:
    job = PrintJob("cups", "front-desk", "12", 1)
    return rec.Attempt(info, "cups", "front-desk", 1, result=PrintResult(job, "printed", "Printed 1 copy."))


def test_every_kind_of_record_is_kept_when_the_database_is_busy_and_written_by_the_next_write(store, info, busy,
                                                                                            db_path):
    notes = [rec.record(store, "Nora", _printed(info)),
             rec.record_saved(store, "Nora", info),
             rec.record_saved(store, "Nora", info, outcome="discarded", reason="signed out")]
    assert all(n == "The record could not be written to the audit log now (the database is busy); it is kept "
                    "and will be added later." for n in notes)
    assert store.audit.entries(kind="print") == []
    busy.execute("ROLLBACK")

    store.audit.record("Nora", "sign_out", reason="done")  # the next audit write, whatever it is
    kept = [e.detail["outcome"] for e in reversed(store.audit.entries(kind="print"))]
    assert kept == ["printed", "saved_as_pdf", "discarded"]  # in the order they happened
    sign_out = store.audit.entries(kind="sign_out")[0]
    assert sign_out.id > max(e.id for e in store.audit.entries(kind="print"))
    assert Path(f"{db_path}.audit-outbox").read_text() == ""


def test_a_kept_entry_is_written_once_even_if_the_outbox_was_not_emptied(store, info, busy, db_path):
    rec.record(store, "Nora", _printed(info))
    busy.execute("ROLLBACK")
    outbox = Path(f"{db_path}.audit-outbox")
    line = outbox.read_text()
    assert store.audit.flush_outbox() == 1
    outbox.write_text(line)  # as if the process died after the commit, before emptying the file
    assert store.audit.flush_outbox() == 1
    (entry,) = store.audit.entries(kind="print")
    assert entry.detail["outbox_id"] == json.loads(line)["outbox_id"]


def test_a_torn_last_line_is_skipped(store, info, busy, db_path):
    rec.record(store, "Nora", _printed(info))
    busy.execute("ROLLBACK")
    outbox = Path(f"{db_path}.audit-outbox")
    with open(outbox, "a") as fh:
        fh.write('{"outbox_id": "abc", "actor": "Nor')  # a crash in the middle of a write
    store.audit.flush_outbox()
    assert len(store.audit.entries(kind="print")) == 1


def test_the_print_command_says_the_record_was_kept(store, db_path, tmp_path, capsys, monkeypatch, nurse_cli):
    import kiosk.store.db as db
    from kiosk.cli import main

    store.settings.update("test", print_backend="folder", print_folder=str(tmp_path / "sheets"))
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # the CLI's own connection: 10 s, shortened for the test
    import kiosk.sheet

    other = sqlite3.connect(db_path, isolation_level=None)
    real_render = kiosk.sheet.render_sheet

    def render_then_another_process_takes_the_write_lock(*args, **kwargs):
        # the nurse has signed in (--as writes a sign-in entry); now the database becomes busy until the end
        other.execute("BEGIN IMMEDIATE")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(kiosk.sheet, "render_sheet", render_then_another_process_takes_the_write_lock)
    try:
        code = main(["--db", str(db_path), "print", "dry-needling", "--as", "Nora Nurse"])
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    captured = capsys.readouterr()
    assert code == 0 and "Saved the sheet" in captured.out
    assert "kiosk: note: The record could not be written to the audit log now (the database is busy)" in captured.err
    assert "Traceback" not in captured.err
    store.audit.flush_outbox()
    assert store.audit.entries(kind="print")[0].detail["outcome"] == "saved"


def test_the_read_only_fallback_keeps_entries_to_itself(info):
    """The in-memory fallback (the real database could not be opened) refuses writes; what it keeps must not
    turn up in another in-memory database."""
    from kiosk.store import Store

    fallback, other = Store.open(":memory:"), Store.open(":memory:")
    fallback.conn.execute("PRAGMA query_only = ON")
    assert "read-only" in rec.record(fallback, "Nora", _printed(info))
    other.audit.record("Nora", "sign_out", reason="done")
    assert other.audit.entries(kind="print") == []

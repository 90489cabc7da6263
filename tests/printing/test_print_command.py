"""`kiosk print`: the same print from a terminal, exiting non-zero with the reason when it fails."""
from __future__ import annotations

import pypdf
import pytest

from kiosk.cli import main as kiosk_main

NURSE, NURSE_PIN = "Nora Nurse", "735146"


@pytest.fixture(autouse=True)
def nurse_at_the_terminal(store, monkeypatch):
    """`kiosk print` writes an audit entry, so it names who prints (--as) and reads that PIN from stdin."""
    import io

    store.staff.add("Ana Admin", "admin", "482913")
    store.staff.add(NURSE, "nurse", NURSE_PIN, actor="Ana Admin")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{NURSE_PIN}\n" * 20))


def main(argv):
    return kiosk_main([*argv, "--as", NURSE])


@pytest.mark.cups
def test_print_command_prints_through_cups_and_audits(cups, store, db_path, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("Quillwort reminder", encoding="utf-8")
    code = main(["--db", str(db_path), "print", "facet-joint-injection", "--printer", cups.queue,
                 "--server", cups.socket, "--patient", "Ida Quill", "--side", "right", "--site", "L4-L5",
                 "--notes-file", str(notes), "--copies", "2"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Printed 2 copies on" in out
    (written,) = cups.wait_for_outputs(1)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(written).pages)
    assert "Ida Quill" in text and "Side: Right" in text and "L4-L5" in text and "Quillwort reminder" in text
    entry = store.audit.entries(kind="print")[0]
    assert entry.actor == NURSE and entry.detail["outcome"] == "printed" and entry.detail["copies"] == 2
    assert "Quill" not in repr(entry.detail)


@pytest.mark.cups
def test_print_command_fails_with_the_reason(cups, store, db_path, capsys):
    cups.admin("cupsreject", "-r", "Out of order", cups.queue)
    code = main(["--db", str(db_path), "print", "facet-joint-injection", "--printer", cups.queue,
                 "--server", cups.socket])
    err = capsys.readouterr().err
    assert code == 3
    assert "not accepting jobs (Out of order)" in err
    assert err.strip().endswith("reason: queue_rejecting")
    assert store.audit.entries(kind="print")[0].detail["reason"] == "queue_rejecting"


def test_print_command_refuses_bad_input_in_one_sentence(store, db_path, capsys):
    assert main(["--db", str(db_path), "print", "no-such-handout", "--backend", "folder"]) == 2
    assert "There is no published handout 'no-such-handout'" in capsys.readouterr().err
    assert main(["--db", str(db_path), "print", "facet-joint-injection", "--copies", "4"]) == 2
    assert "between 1 and 3" in capsys.readouterr().err


def test_print_command_to_a_folder(store, db_path, tmp_path, capsys):
    store.settings.update("test", print_backend="folder", print_folder=str(tmp_path / "sheets"))
    assert main(["--db", str(db_path), "print", "dry-needling", "--lang", "es"]) == 0
    assert "Saved the sheet" in capsys.readouterr().out
    (saved,) = (tmp_path / "sheets").glob("*.pdf")
    assert "Sus cuidados: Punción seca" in pypdf.PdfReader(saved).pages[0].extract_text()

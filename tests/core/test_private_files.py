"""write_atomically: a file is replaced whole or not at all, even when the process is killed half-way.

Real parts: a child Python process that really dies by SIGKILL at each step of the write (half the bytes written,
before the flush to disk, before the rename, after the rename), and the two real callers (the print journal and
the folder backend's write_pdf) killed the same way.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from kiosk.core.private_files import write_atomically

# The child replaces one step of write_atomically with "write what the step would, then die by SIGKILL".
CHILD = textwrap.dedent("""
    import json, os, signal, sys
    from pathlib import Path

    stage, target, kind = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
    real_fdopen, real_replace, real_open = os.fdopen, os.replace, os.open

    class HalfThenDie:
        def __init__(self, fh):
            self.fh = fh
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return False
        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            die()
        def __getattr__(self, name):
            return getattr(self.fh, name)

    def arm():
        if stage == "half":
            os.fdopen = lambda *a, **k: HalfThenDie(real_fdopen(*a, **k))
        elif stage == "flush":
            os.fsync = die
        elif stage == "rename":
            os.replace = die
        elif stage == "after":
            def replace_then_die_at_folder_sync(src, dst):
                real_replace(src, dst)
                os.open = lambda p, flags, *a: die() if Path(p) == target.parent else real_open(p, flags, *a)
            os.replace = replace_then_die_at_folder_sync

    if kind == "helper":
        from kiosk.core.private_files import write_atomically
        arm()
        write_atomically(target, json.dumps({"version": "new", "pad": "x" * 200000}))
    elif kind == "journal":
        from kiosk.printing.journal import Journal
        journal = Journal(sys.argv[4])
        journal.file = target
        journal._jobs = [{"job_id": "1", "printer": "q"}]
        journal._save()  # the first job, written whole
        arm()
        journal.add(job_id="2", printer="q", server="", printer_uri="ipp://x/printers/q", copies=1,
                    actor="nurse", slug="knee", version=1, language="en")
    elif kind == "folder":
        from kiosk.printing.folder import write_pdf
        arm()
        write_pdf(target.parent, b"%PDF-1.7 " + b"x" * 200000 + b" %%EOF", "knee-injection")
    print("finished")
""")

STAGES = ["half", "flush", "rename", "after"]


def _run_child(stage: str, target, kind: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, stage, str(target), kind, *extra],
                          capture_output=True, text=True, timeout=60)


def _hidden(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("stage", STAGES)
def test_a_process_killed_while_writing_leaves_the_old_file_or_the_new_one_whole(tmp_path, stage):
    target = tmp_path / "state.json"
    target.write_text(json.dumps({"version": "old"}), encoding="utf-8")
    done = _run_child(stage, target, "helper")
    assert done.returncode == -signal.SIGKILL, done.stderr  # it really died in the middle
    data = json.loads(target.read_text(encoding="utf-8"))  # whole: it parses
    assert data["version"] == ("new" if stage == "after" else "old")
    if stage == "after":
        assert len(data["pad"]) == 200000
    # what the killed process left is hidden (a dot file), so folder watchers and the journal's reader skip it
    visible = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert visible == ["state.json"]
    assert len(_hidden(tmp_path)) == (0 if stage == "after" else 1)


@pytest.mark.parametrize("stage", STAGES)
def test_a_print_journal_killed_while_saving_still_holds_every_job_it_had_written(tmp_path, stage):
    folder = tmp_path / "kiosk.sqlite3.print-jobs"
    folder.mkdir(mode=0o700)
    target = folder / "123-456.json"
    done = _run_child(stage, target, "journal", str(tmp_path / "kiosk.sqlite3"))
    assert done.returncode == -signal.SIGKILL, done.stderr
    jobs = json.loads(target.read_text(encoding="utf-8"))["jobs"]  # the file parses: never half-written
    assert [j["job_id"] for j in jobs] == (["1", "2"] if stage == "after" else ["1"])
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    # the journal's reader takes only visible *.json files
    assert [p.name for p in folder.glob("*.json") if not p.name.startswith(".")] == ["123-456.json"]


@pytest.mark.parametrize("stage", STAGES)
def test_a_sheet_saved_to_a_folder_is_never_seen_half_written(tmp_path, stage):
    folder = tmp_path / "sheets"
    folder.mkdir()
    done = _run_child(stage, folder / "unused", "folder")
    assert done.returncode == -signal.SIGKILL, done.stderr
    pdfs = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if stage == "after":
        (pdf,) = pdfs
        assert pdf.name.startswith("knee-injection-") and pdf.suffix == ".pdf"
        body = pdf.read_bytes()
        assert body.startswith(b"%PDF-1.7 ") and body.endswith(b" %%EOF") and len(body) == 200015
    else:
        assert pdfs == []  # a watcher of the folder never sees a sheet until it is whole


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "state.json"
    target.write_bytes(b"old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


@pytest.mark.parametrize("data, expected", [(b"\x00bytes\xff", b"\x00bytes\xff"),
                                            ("año ñ", "año ñ".encode("utf-8")), (b"", b"")])
def test_the_new_file_holds_exactly_the_data_and_only_its_owner_may_read_it(tmp_path, data, expected):
    target = tmp_path / "out.bin"
    target.write_bytes(b"something longer than the new data")
    os.chmod(target, 0o644)
    assert write_atomically(target, data) == target
    assert target.read_bytes() == expected
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]

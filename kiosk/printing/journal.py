"""The journal of print jobs in flight: what CUPS has taken and the kiosk has not yet recorded. No Qt.

A kiosk killed while a job waits (out of paper, a slow queue) must not leave a patient's sheet to come out hours
later at an unattended printer, unaudited. So each CUPS job is written down the moment CUPS accepts it, and
crossed out when its outcome is in the audit log (or the audit outbox). At the next start, jobs that a process
which is no longer running left behind are settled: cancelled on CUPS (Cancel-Job) unless CUPS says they already
printed, and audited, once each, as `abandoned` (or `printed`, when they had).

Where: a folder beside the database, `<database>.print-jobs/` (0700), one file per running process,
`<pid>-<start>.json` (0600, replaced atomically: written to a temporary file, flushed, renamed), holding the
owner (pid, its start time and the boot id, so a reused pid is not taken for the owner) and the jobs: queue, job
id, printer URI, server, copies, time, staff member, and the handout (slug, version, language). No patient data.
A file, not a table: a busy or broken database must not stop a job being written down.
"""
from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

from kiosk.core.private_files import write_atomically

try:
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

SUFFIX = ".print-jobs"
RECOVERY_TIMEOUT = 3.0  # seconds per CUPS request while settling old jobs at start: start-up must not hang


def journal_folder(db_path) -> Path | None:
    if not db_path or str(db_path) == ":memory:":
        return None
    return Path(f"{db_path}{SUFFIX}")


def _proc_start(pid: int) -> str:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or "" off Linux."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def this_process() -> dict:
    pid = os.getpid()
    return {"pid": pid, "start": _proc_start(pid), "boot": _boot_id()}


def owner_alive(owner: dict) -> bool:
    """Whether the process that wrote a journal file still runs (same pid, same start time, same boot)."""
    try:
        pid = int(owner.get("pid", 0))
    except (TypeError, ValueError):
        return False
    if pid <= 0 or (owner.get("boot") and owner.get("boot") != _boot_id()):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process with that pid: compare start times below
    start = _proc_start(pid)
    return not (owner.get("start") and start and start != owner.get("start"))


def _write_atomically(path: Path, data: dict) -> None:
    write_atomically(path, json.dumps(data, ensure_ascii=False, sort_keys=True), prefix=".writing-")


class Journal:
    """This process's jobs in flight for one database. Thread-safe (jobs are written down on the print thread)."""

    def __init__(self, db_path):
        self.folder = journal_folder(db_path)
        self.owner = this_process()
        self.file = self.folder / f"{self.owner['pid']}-{self.owner['start'] or 'x'}.json" if self.folder else None
        self._jobs: list[dict] = []
        self._lock = threading.Lock()

    def add(self, *, job_id: str, printer: str, server: str, printer_uri: str, copies: int, actor: str,
            slug: str, version: int, language: str) -> None:
        """Write one job down (raises OSError when the file cannot be written; the print goes on regardless)."""
        entry = {"id": uuid.uuid4().hex, "job_id": str(job_id), "printer": printer, "server": server,
                 "printer_uri": printer_uri, "copies": int(copies), "actor": actor, "slug": slug,
                 "version": int(version), "language": language,
                 "submitted_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        with self._lock:
            self._jobs.append(entry)
            self._save()

    def done(self, job_id: str, printer: str) -> dict | None:
        """Cross a job out (its outcome is recorded); returns its entry, or None for a job not written down."""
        with self._lock:
            gone = [j for j in self._jobs if j["job_id"] == str(job_id) and j["printer"] == printer]
            if not gone:
                return None
            self._jobs = [j for j in self._jobs if j not in gone]
            try:
                self._save()
            except OSError:
                pass  # the next start finds the job completed at CUPS and records it as printed; no harm
            return gone[0]

    def jobs(self) -> list[dict]:
        with self._lock:
            return list(self._jobs)

    def _save(self) -> None:
        if self.file is None:
            return
        if not self._jobs:
            self.file.unlink(missing_ok=True)
            return
        self.folder.mkdir(mode=0o700, exist_ok=True)
        _write_atomically(self.file, {"owner": self.owner, "jobs": self._jobs})


_journals: dict[str, Journal] = {}
_journals_lock = threading.Lock()


def journal_for(db_path) -> Journal | None:
    """The one Journal of this process for a database (None for an in-memory database)."""
    if journal_folder(db_path) is None:
        return None
    key = str(Path(db_path).resolve())
    with _journals_lock:
        if key not in _journals:
            _journals[key] = Journal(db_path)
        return _journals[key]


# ---- settling what an earlier run left ----------------------------------------------------------------------
def _settle(entry: dict, make_backend) -> dict | None:
    """Cancel one left job on CUPS unless it printed. Returns the audit details, or None when CUPS cannot be
    reached (the job stays in the journal for the next start)."""
    from kiosk.printing import ipp
    from kiosk.printing.base import JobCancelled, PrintError, PrintJob, PrintServerDown

    backend = make_backend(entry.get("server") or None)
    job = PrintJob("cups", entry["printer"], entry["job_id"], int(entry.get("copies", 1)))
    try:
        state = backend.job_state(job).get("job-state")
    except JobCancelled:  # CUPS no longer knows the job (its history was purged)
        state = None
    except PrintServerDown:
        return None
    except PrintError:
        state = None
    names = {ipp.PENDING: "pending", ipp.HELD: "held", ipp.PROCESSING: "processing",
             ipp.PROCESSING_STOPPED: "stopped", ipp.CANCELED: "cancelled", ipp.ABORTED: "aborted",
             ipp.COMPLETED: "completed"}
    detail = dict(slug=entry.get("slug", ""), version=entry.get("version", 0), language=entry.get("language", ""),
                  backend="cups", printer=entry["printer"], job_id=entry["job_id"], copies=entry.get("copies", 1),
                  submitted_at=entry.get("submitted_at", ""), job_state=names.get(state, "unknown"))
    if state == ipp.COMPLETED:
        detail.update(outcome="printed", reason="recorded at the next start: the kiosk stopped while following it")
        return detail
    cancelled = False
    if state in (ipp.PENDING, ipp.HELD, ipp.PROCESSING, ipp.PROCESSING_STOPPED):
        cancelled = backend.cancel(job)
        if not cancelled:
            try:  # cancelled meanwhile by someone else, or CUPS went away between the two requests?
                if backend.job_state(job).get("job-state") not in (ipp.CANCELED, ipp.ABORTED, ipp.COMPLETED):
                    return None
            except PrintServerDown:
                return None
            except PrintError:
                pass
    detail.update(outcome="abandoned", reason="the kiosk stopped while the job was printing", cancelled=cancelled)
    return detail


def _default_backend(server):
    from kiosk.printing.cups import CupsBackend

    backend = CupsBackend(server)
    backend.client.timeout = RECOVERY_TIMEOUT
    return backend


def recover(store, make_backend=_default_backend, only_server: str | None = None) -> int:
    """Settle the jobs in flight that processes no longer running left for this database: cancel each on CUPS
    (unless it printed) and write one audit entry (kind `print`, outcome `abandoned`, or `printed`), kept in the
    outbox if the database refuses it. Jobs whose CUPS cannot be reached stay for the next start. Another process
    settling at the same moment is left to it. `only_server`: settle only jobs sent to that server (one that just
    answered), so a print never waits on another server's time-outs. Returns how many jobs were settled. Raises
    nothing for CUPS or journal-file problems."""
    folder = journal_folder(store.path)
    if folder is None or not folder.is_dir():
        return 0
    settled = 0
    try:
        lock_fd = os.open(folder / ".settling", os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError:
        return 0
    try:
        if fcntl is not None:
            try:
                fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return 0  # another kiosk process is settling them now
        for path in sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")):  # not .writing-*
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                owner, jobs = data["owner"], list(data["jobs"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if owner_alive(owner):
                continue  # a kiosk or `kiosk print` still running follows its own jobs
            if only_server is not None and not any(e.get("server") == only_server for e in jobs):
                continue
            left = []
            for entry in jobs:
                if only_server is not None and entry.get("server") != only_server:
                    left.append(entry)
                    continue
                try:
                    detail = _settle(entry, make_backend)
                except Exception:  # noqa: BLE001 - an odd entry or reply must not stop the kiosk starting
                    detail = None
                if detail is None:
                    left.append(entry)
                    continue
                store.audit.record_or_keep(entry.get("actor") or "kiosk", "print", **detail)
                settled += 1
                remaining = left + jobs[jobs.index(entry) + 1:]
                try:  # crossed out at once: a crash now must not settle (and audit) it twice
                    if remaining:
                        _write_atomically(path, {"owner": owner, "jobs": remaining})
                    else:
                        path.unlink(missing_ok=True)
                except OSError:
                    pass
    finally:
        os.close(lock_fd)
    return settled

